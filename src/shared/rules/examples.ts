import type { Method, ModifiedProperty } from '../model/event'
import type { ScanAudit, ScanEvent, ScanSignIn } from '../scan/scan-event'

/**
 * A tiny event builder for the rules' embedded examples and the unit tests: just enough fields
 * to tell a story, everything else null. Times are epoch ms; `at(day, "hh:mm")` counts days from
 * Monday 2026-03-02 00:00 UTC.
 */
export const T0 = Date.UTC(2026, 2, 2)
const MIN = 60_000

export function at(day: number, hhmm = '09:00'): number {
  const [h = '0', m = '0'] = hhmm.split(':')
  return T0 + day * 86_400_000 + (Number(h) * 60 + Number(m)) * MIN
}

export function plus(ts: number, minutes: number): number {
  return ts + minutes * MIN
}

let nextId = 1
export function resetIds(start = 1): void {
  nextId = start
}

function actKey(activity: string): string {
  return activity.trim().replace(/\.$/, '').replace(/\s+/g, ' ').toLowerCase()
}

export function signIn(p: Partial<ScanSignIn> & { user: string; ts: number }): ScanSignIn {
  const errorCode = p.errorCode ?? 0
  return {
    kind: 'signin',
    id: p.id ?? nextId++,
    ts: p.ts,
    user: p.user,
    userId: p.userId ?? null,
    upn: p.upn ?? p.user,
    ip: p.ip ?? null,
    asn: p.asn ?? null,
    country: p.country ?? null,
    errorCode,
    ok: p.ok ?? errorCode === 0,
    interactive: p.interactive ?? true,
    riskLevel: p.riskLevel ?? null,
    riskState: p.riskState ?? null,
    riskEventTypes: p.riskEventTypes ?? null,
    riskDetail: p.riskDetail ?? null,
    authRequirement: p.authRequirement ?? 'multiFactorAuthentication',
    methods: p.methods ?? null,
    methodDetail: p.methodDetail ?? null,
    reason: p.reason ?? null,
    device: p.device ?? null,
    correlationId: p.correlationId ?? null,
    sessionId: p.sessionId ?? null
  }
}

export interface AuditSpec extends Partial<Omit<ScanAudit, 'kind' | 'act'>> {
  activity: string
  ts: number
  /** The user changed (target); the actor defaults to the same user. */
  user?: string
  /** Acting user; `app:Name` for an app. */
  by?: string
}

export function audit(p: AuditSpec): ScanAudit {
  const by = p.by ?? p.user ?? null
  const isApp = by?.startsWith('app:') ?? false
  const target = p.user ?? null
  return {
    kind: 'audit',
    id: p.id ?? nextId++,
    ts: p.ts,
    act: actKey(p.activity),
    activity: p.activity,
    service: p.service ?? null,
    category: p.category ?? null,
    operationType: p.operationType ?? null,
    result: p.result ?? 'success',
    reason: p.reason ?? null,
    actorType: p.actorType ?? (by === null ? null : isApp ? 'app' : 'user'),
    actor: by,
    actorUpn: isApp ? null : by,
    actorId: p.actorId ?? null,
    actorName: p.actorName ?? (isApp ? (by?.slice(4) ?? null) : null),
    ip: p.ip ?? null,
    targetType: p.targetType ?? (target ? 'User' : null),
    target,
    targetUpn: p.targetUpn ?? target,
    targetId: p.targetId ?? null,
    targetName: p.targetName ?? null,
    resource: p.resource ?? null,
    user: target ?? (isApp ? null : by),
    method: p.method ?? null,
    methodDetail: p.methodDetail ?? null,
    correlationId: p.correlationId ?? null,
    modified: p.modified ?? null,
    userAgent: p.userAgent ?? null
  }
}

function jsonText(v: unknown): string | null {
  return v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v)
}

export function prop(name: string, oldValue: unknown, newValue: unknown): ModifiedProperty {
  return { name, oldValue: jsonText(oldValue), newValue: jsonText(newValue) }
}

/** Successful sign-ins at 09:00 and 14:00 UTC on each day from `fromDay` for `days` days. */
export function history(
  user: string,
  ip: string,
  fromDay: number,
  days: number,
  extra: Omit<Partial<ScanSignIn>, 'user' | 'ts'> = {}
): ScanSignIn[] {
  const out: ScanSignIn[] = []
  for (let d = fromDay; d < fromDay + days; d++) {
    out.push(signIn({ user, ip, asn: 64496, country: 'US', ts: at(d, '09:00'), ...extra }))
    out.push(signIn({ user, ip, asn: 64496, country: 'US', ts: at(d, '14:00'), ...extra }))
  }
  return out
}

export interface Device {
  name: string
  token: string
  version?: string
}

function deviceJson(list: readonly Device[]): unknown[] {
  return list.map((d) => ({
    DeviceName: d.name,
    DeviceToken: d.token,
    PhoneAppVersion: d.version ?? '6.8.13',
    LastAuthenticatedTimestamp: '2026-03-01T00:00:00Z'
  }))
}

const APP_TYPES = [
  { MethodType: 6, Default: true },
  { MethodType: 7, Default: false }
]

/** The Core Directory half of an Authenticator change: PhoneAppDetail (and method types) old → new. */
export function authenticatorDiff(
  user: string,
  ts: number,
  before: readonly Device[],
  after: readonly Device[]
): ScanAudit {
  const modified = [prop('StrongAuthenticationPhoneAppDetail', deviceJson(before), deviceJson(after))]
  if ((before.length === 0) !== (after.length === 0))
    modified.push(
      prop('StrongAuthenticationMethod', before.length ? APP_TYPES : [], after.length ? APP_TYPES : [])
    )
  return audit({
    activity: 'Update user',
    ts,
    user,
    by: 'app:Azure MFA StrongAuthenticationService',
    service: 'Core Directory',
    modified
  })
}

export interface Phones {
  phone?: string | null
  types?: Array<{ type: number; isDefault: boolean }>
}

/** The Core Directory half of a phone change: UserDetails and StrongAuthenticationMethod old → new. */
export function phoneDiff(user: string, ts: number, before: Phones, after: Phones, by?: string): ScanAudit {
  const details = (p: Phones): unknown[] =>
    p.phone
      ? [{ PhoneNumber: p.phone, AlternativePhoneNumber: null, Email: null, VoiceOnlyPhoneNumber: null }]
      : []
  const types = (p: Phones): unknown[] =>
    (p.types ?? []).map((t) => ({ MethodType: t.type, Default: t.isDefault }))
  const modified: ModifiedProperty[] = []
  if ((before.phone ?? null) !== (after.phone ?? null))
    modified.push(prop('StrongAuthenticationUserDetails', details(before), details(after)))
  if (JSON.stringify(types(before)) !== JSON.stringify(types(after)))
    modified.push(prop('StrongAuthenticationMethod', types(before), types(after)))
  return audit({
    activity: 'Update user',
    ts,
    user,
    by: by ?? 'app:Azure Credential Configuration Endpoint Service',
    service: 'Core Directory',
    modified
  })
}

/** "User registered security info" with a status reason, from an address. */
export function registered(
  user: string,
  ts: number,
  ip: string,
  reason = 'User registered Authenticator App with Notification and Code',
  method: Method | null = null
): ScanAudit {
  return audit({
    activity: 'User registered security info',
    ts,
    user,
    ip,
    reason,
    method,
    service: 'Authentication Methods',
    category: 'UserManagement'
  })
}

export function deleted(
  user: string,
  ts: number,
  ip: string,
  reason = 'User deleted Authenticator App with Notification and Code'
): ScanAudit {
  return audit({
    activity: 'User deleted security info',
    ts,
    user,
    ip,
    reason,
    service: 'Authentication Methods'
  })
}

/**
 * A user moving to a new phone the usual way: the new Authenticator device added first (with its
 * registration event), the old one removed four minutes later (with its deletion event).
 */
export function phoneReplacement(
  user: string,
  ts: number,
  ip: string,
  old: Device,
  replacement: Device
): ScanAudit[] {
  return [
    authenticatorDiff(user, ts, [old], [old, replacement]),
    registered(user, plus(ts, 0.05), ip),
    authenticatorDiff(user, plus(ts, 4), [old, replacement], [replacement]),
    deleted(user, plus(ts, 4.05), ip)
  ]
}

/**
 * A returning employee: a sign-in two days before `day`, then a registration at 09:00 and a
 * sign-in ten minutes later, all from the same (home) address.
 */
export function returningUser(user: string, ip: string, day: number): ScanEvent[] {
  return [
    signIn({ user, ts: at(day - 2, '08:00'), ip }),
    registered(user, at(day, '09:00'), ip),
    signIn({ user, ts: at(day, '09:10'), ip })
  ]
}

export function adminAction(
  by: string,
  user: string,
  ts: number,
  activity: string,
  reason: string | null,
  ip: string | null = '192.0.2.10',
  modified: ModifiedProperty[] | null = null
): ScanAudit {
  return audit({ activity, ts, user, by, ip, reason, modified, service: 'Authentication Methods' })
}

export function tap(
  by: string,
  user: string,
  ts: number,
  usage: 'OneTime' | 'Multiple',
  lifetimeMinutes = 60
): ScanAudit {
  return adminAction(
    by,
    user,
    ts,
    'Admin registered security info',
    'Admin registered temporary access pass method for user',
    by.startsWith('app:') ? null : '192.0.2.10',
    [
      prop('TemporaryAccessPass.TemporaryAccessPass.StartDateTime', null, new Date(ts).toISOString()),
      prop(
        'TemporaryAccessPass.TemporaryAccessPass.EndTime',
        null,
        new Date(ts + lifetimeMinutes * MIN).toISOString()
      ),
      prop('TemporaryAccessPass.TemporaryAccessPass.AccessPassUsage', null, usage)
    ]
  )
}

export function roleGrant(by: string, user: string, ts: number, role: string, wellKnown: string): ScanAudit {
  return audit({
    activity: 'Add member to role',
    ts,
    user,
    by,
    ip: '192.0.2.10',
    service: 'Core Directory',
    modified: [
      prop('Role.DisplayName', null, `"${role}"`),
      prop('Role.WellKnownObjectName', null, `"${wellKnown}"`)
    ]
  })
}

/**
 * An Exchange record of the unified audit log as the mapper keeps it: the user's own mailbox
 * action, with its Parameters / OperationProperties / AffectedItems as named new values
 * (e.g. `['Parameters.MoveToFolder', 'RSS Feeds']`, `['AffectedItems.Subject', '…']`).
 */
export function mailbox(
  activity: string,
  user: string,
  ts: number,
  properties: ReadonlyArray<readonly [string, string]>,
  ip: string | null = null
): ScanAudit {
  return audit({
    activity,
    ts,
    by: user,
    ip,
    service: 'Exchange',
    modified: properties.map(([name, value]) => ({ name, oldValue: null, newValue: value }))
  })
}
