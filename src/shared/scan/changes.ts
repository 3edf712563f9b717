import type { Method } from '../model/event'
import { methodFromStrongAuthType, methodFromText } from '../model/methods'
import { isPlaceholderToken, plainValue } from '../model/strong-auth'
import {
  isAppType,
  isNoChange,
  isPhoneType,
  strongAuthDiff,
  summarizeDiff,
  type AuthenticatorDevice,
  type DiffSummary,
  type PhoneField,
  type StrongAuthDiff
} from '../inventory/diff'
import {
  ADMIN_PASSWORD_RESET,
  ADMIN_PHONE_REASON,
  ADMIN_SECURITY_INFO,
  DEFAULT_CHANGE,
  DEVICE_CREDENTIAL_ADD,
  DEVICE_CREDENTIAL_DELETE,
  DISABLE_STRONG_AUTH,
  PASSWORD_CHANGE,
  PHONE_APP_ADD,
  PHONE_APP_REMOVE,
  REGISTER_ALL,
  REGISTRATION_ATTEMPT,
  REREGISTRATION_REASON,
  SELF_DELETE,
  SELF_PASSWORD_RESET,
  SELF_REGISTER,
  SELF_REVIEW,
  SELF_UNLOCK,
  SELF_UPDATE,
  SSPR_DONE_REASON,
  TAP_CREATE,
  TAP_REASON,
  UPDATE_USER
} from './activities'
import { modifiedProperty, succeeded, type ScanAudit } from './scan-event'

/**
 * Security-info changes: the Authentication Methods event (which names the method only in its
 * status reason) paired with the Core Directory `Update user` diff logged seconds apart (which
 * names the device or phone number), so that one change is one record with all its evidence
 * (DETECTIONS.md §2.2-1). Diffs nobody announced stay changes of their own; Authenticator version
 * rewrites are not changes at all.
 */
export type ChangeTag =
  /** SI-001: self-service registration (or a Device Registration Service credential add). */
  | 'registered'
  /** "User registered all required security info": the first complete registration. */
  | 'registered-all'
  /** Started, cancelled or failed registration. */
  | 'attempt'
  /** SI-002: done to the user by an admin or an app. */
  | 'by-other'
  /** SI-003: a Temporary Access Pass was issued. */
  | 'tap'
  /** SI-004: a method was deleted. */
  | 'deleted'
  /** The deleted method was a TAP (cleanup, not a weakening). */
  | 'tap-deleted'
  /** Every MFA method went: "Admin required re-registration", an emptied StrongAuthenticationMethod. */
  | 'wiped'
  /** SI-005: per-user MFA disabled. */
  | 'mfa-disabled'
  /** SI-006 (a): an SMS/voice method added. */
  | 'phone-added'
  /** SI-006 (b, c): the default moved to an SMS/voice method. */
  | 'phone-default'
  /** SI-007: a new Authenticator device (new DeviceToken) bound. */
  | 'authenticator-added'
  | 'default-changed'
  | 'updated'
  | 'reviewed'
  | 'password-reset'
  | 'password-change'
  | 'sspr-reset'
  | 'unlock'

export interface MethodRef {
  method: Method
  /** Device name, phone number or key name, exactly as logged. */
  detail: string | null
  /** Authenticator DeviceToken when real. */
  token?: string | null
}

export interface TapDetails {
  start: number | null
  end: number | null
  usage: string | null
  lifetimeMinutes: number | null
}

export interface Change {
  /** The primary event's id. */
  id: number
  user: string
  ts: number
  primary: ScanAudit
  /** Primary first, then the paired diffs. */
  events: readonly ScanAudit[]
  tags: Set<ChangeTag>
  actor: string | null
  actorType: ScanAudit['actorType']
  /** The address the primary event logged for the acting user. */
  ip: string | null
  method: Method | null
  detail: string | null
  added: readonly MethodRef[]
  removed: readonly MethodRef[]
  /** The phone number(s) this change put on the account (normalized comparison happens later). */
  phonesAdded: ReadonlyArray<{ field: PhoneField; value: string }>
  devicesAdded: readonly AuthenticatorDevice[]
  devicesRemoved: readonly AuthenticatorDevice[]
  diffs: ReadonlyArray<{ event: ScanAudit; diff: StrongAuthDiff; summary: DiffSummary }>
  tap: TapDetails | null
  reason: string | null
}

/** Tags that make a change a security-info change in the catalog's sense (SI-001..SI-007). */
export const SECURITY_INFO_TAGS: ReadonlySet<ChangeTag> = new Set<ChangeTag>([
  'registered',
  'registered-all',
  'by-other',
  'tap',
  'deleted',
  'wiped',
  'mfa-disabled',
  'phone-added',
  'phone-default',
  'authenticator-added',
  'default-changed',
  'updated'
])

export const PASSWORD_TAGS: ReadonlySet<ChangeTag> = new Set<ChangeTag>([
  'password-reset',
  'password-change',
  'sspr-reset'
])

export function isSecurityInfoChange(c: Change): boolean {
  for (const t of c.tags) if (SECURITY_INFO_TAGS.has(t)) return true
  return false
}

export function hasTag(c: Change, ...tags: ChangeTag[]): boolean {
  return tags.some((t) => c.tags.has(t))
}

/** Who acted is someone else than the user changed (an admin, or an app). */
function actedByOther(e: ScanAudit): boolean {
  if (e.actorType === 'app') return true
  if (e.actorType !== 'user') return false
  if (e.target === null) return false
  return e.actor !== e.target
}

const PHONE_METHODS: ReadonlySet<Method> = new Set<Method>([
  'phone-sms',
  'phone-voice',
  'alternate-phone',
  'office-phone'
])

export function isPhoneMethod(m: Method | null): boolean {
  return m !== null && PHONE_METHODS.has(m)
}

type Direction = 'add' | 'remove' | 'default' | 'requirement' | 'other'

interface Candidate {
  event: ScanAudit
  tags: Set<ChangeTag>
  direction: Direction
  method: Method | null
  primary: boolean
}

function tapDetails(e: ScanAudit): TapDetails {
  const value = (suffix: string): string | null => {
    if (!e.modified) return null
    for (const p of e.modified) {
      if (/temporaryaccesspass/i.test(p.name) && p.name.toLowerCase().endsWith(suffix.toLowerCase())) {
        const v = (p.newValue ?? '').replace(/^"|"$/g, '').trim()
        return v === '' ? null : v
      }
    }
    return null
  }
  const time = (v: string | null): number | null => {
    if (!v) return null
    const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`)
    return Number.isNaN(ms) ? null : ms
  }
  const lifetime = value('LifetimeInMinutes')
  return {
    start: time(value('StartDateTime')),
    end: time(value('EndTime') ?? value('EndDateTime')),
    usage: value('AccessPassUsage') ?? value('IsUsableOnce'),
    lifetimeMinutes: lifetime === null || Number.isNaN(Number(lifetime)) ? null : Number(lifetime)
  }
}

/** What one audit event says, before pairing. Null when it is not about security info or passwords. */
function classify(e: ScanAudit): Candidate | null {
  const act = e.act
  const ok = succeeded(e)
  const tags = new Set<ChangeTag>()
  const reason = e.reason ?? ''
  const reasonMethod = methodFromText(e.reason)
  const method = (e.method === 'unknown' ? null : e.method) ?? reasonMethod
  const make = (direction: Direction, primary = true): Candidate => ({
    event: e,
    tags,
    direction,
    method,
    primary
  })

  if (SELF_REGISTER.has(act)) {
    if (!ok || /failed to register/i.test(reason)) {
      tags.add('attempt')
      return make('other')
    }
    if (act === REGISTER_ALL) tags.add('registered-all')
    else tags.add('registered')
    if (actedByOther(e)) tags.add('by-other')
    if (TAP_REASON.test(reason)) tags.add('tap')
    if (isPhoneMethod(reasonMethod)) tags.add('phone-added')
    return make('add')
  }
  if (REGISTRATION_ATTEMPT.has(act)) {
    tags.add('attempt')
    return make('other')
  }
  if (!ok) return null
  if (ADMIN_SECURITY_INFO.has(act) || act === TAP_CREATE) {
    if (actedByOther(e) || e.actorType === null) tags.add('by-other')
    if (act === TAP_CREATE || (TAP_REASON.test(reason) && !/delet/i.test(reason))) {
      tags.add('tap')
      return make('add')
    }
    if (act === 'admin deleted security info') {
      tags.add('deleted')
      if (REREGISTRATION_REASON.test(reason)) tags.add('wiped')
      if (TAP_REASON.test(reason)) tags.add('tap-deleted')
      return make('remove')
    }
    if (act === 'admin registered security info') {
      if (ADMIN_PHONE_REASON.test(reason) || isPhoneMethod(reasonMethod)) tags.add('phone-added')
      return make('add')
    }
    tags.add('updated')
    return make('other')
  }
  if (act === SELF_DELETE) {
    tags.add('deleted')
    if (actedByOther(e)) tags.add('by-other')
    return make('remove')
  }
  if (act === DEFAULT_CHANGE) {
    tags.add('default-changed')
    if (/text a code|call \+|\bsms\b|phone call/i.test(reason)) tags.add('phone-default')
    return make('default')
  }
  if (act === SELF_UPDATE) {
    tags.add('updated')
    return make('other')
  }
  if (act === SELF_REVIEW) {
    tags.add('reviewed')
    return make('other')
  }
  if (DEVICE_CREDENTIAL_ADD.has(act)) {
    tags.add('registered')
    if (actedByOther(e)) tags.add('by-other')
    return make('add', false)
  }
  if (DEVICE_CREDENTIAL_DELETE.has(act)) {
    tags.add('deleted')
    if (actedByOther(e)) tags.add('by-other')
    return make('remove', false)
  }
  if (act === PHONE_APP_ADD) {
    tags.add('authenticator-added')
    return make('add', false)
  }
  if (act === PHONE_APP_REMOVE) {
    tags.add('deleted')
    return make('remove', false)
  }
  if (act === DISABLE_STRONG_AUTH) {
    tags.add('mfa-disabled')
    if (actedByOther(e)) tags.add('by-other')
    return make('requirement')
  }
  if (ADMIN_PASSWORD_RESET.has(act)) {
    tags.add('password-reset')
    return make('other')
  }
  if (act === SELF_PASSWORD_RESET) {
    if (e.reason && !SSPR_DONE_REASON.test(e.reason) && !/success/i.test(e.reason)) return null
    tags.add('sspr-reset')
    return make('other')
  }
  if (PASSWORD_CHANGE.has(act)) {
    tags.add('password-change')
    return make('other')
  }
  if (act === SELF_UNLOCK) {
    tags.add('unlock')
    return make('other')
  }
  if (act === UPDATE_USER) {
    const parsed = diffOf(e)
    if (!parsed) return null
    const { diff, summary: s } = parsed
    if (isNoChange(s, diff)) return null
    let direction: Direction = 'other'
    if (s.addedDevices.length) tags.add('authenticator-added')
    if (s.removedDevices.length || s.removedTypes.length) tags.add('deleted')
    if (diff.methods && diff.methods.before.length > 0 && diff.methods.after.length === 0) tags.add('wiped')
    if (s.requirementDropped) tags.add('mfa-disabled')
    if (s.addedTypes.some(isPhoneType) || s.phoneChanges.some((p) => p.after !== null && p.field !== 'email'))
      tags.add('phone-added')
    if (s.defaultAfter !== s.defaultBefore && isPhoneType(s.defaultAfter) && isAppType(s.defaultBefore))
      tags.add('phone-default')
    if (s.defaultAfter !== s.defaultBefore && diff.methods) tags.add('default-changed')
    if (s.requirementDropped) direction = 'requirement'
    else if (s.addedDevices.length || s.addedTypes.length || s.phoneChanges.some((p) => p.after !== null))
      direction = 'add'
    else if (s.removedDevices.length || s.removedTypes.length || s.phoneChanges.some((p) => p.after === null))
      direction = 'remove'
    else if (s.defaultAfter !== s.defaultBefore) direction = 'default'
    if (actedByOther(e) && e.actorType === 'user') tags.add('by-other')
    return { event: e, tags, direction, method: null, primary: false }
  }
  return null
}

const PAIR_WINDOW_MS = 120_000

/** Each `Update user` diff is parsed once per scan (classification and pairing both need it). */
const diffCache = new WeakMap<ScanAudit, { diff: StrongAuthDiff; summary: DiffSummary } | null>()

function diffOf(e: ScanAudit): { diff: StrongAuthDiff; summary: DiffSummary } | null {
  let hit = diffCache.get(e)
  if (hit === undefined) {
    const diff = strongAuthDiff(e.modified)
    hit = diff ? { diff, summary: summarizeDiff(diff) } : null
    diffCache.set(e, hit)
  }
  return hit
}

function compatible(primary: Candidate, secondary: Candidate): boolean {
  if (primary.direction === 'other' || secondary.direction === 'other') return primary.direction === 'other'
  if (primary.direction === secondary.direction) return true
  // Registering a phone as the first method also makes it the default.
  return primary.direction === 'add' && secondary.direction === 'default'
}

/** The number an admin phone event carries in its modifiedProperties (RP3: [0] id, [1] type, [2] number). */
function phoneFromModified(e: ScanAudit): string | null {
  const p = modifiedProperty(e, 'PhoneNumber')
  const v = p?.newValue ?? p?.oldValue ?? null
  return v ? v.replace(/^"|"$/g, '') : null
}

function refsFromDiff(s: DiffSummary): { added: MethodRef[]; removed: MethodRef[] } {
  const added: MethodRef[] = []
  const removed: MethodRef[] = []
  for (const d of s.addedDevices)
    added.push({
      method: 'microsoft-authenticator',
      detail: d.name,
      token: isPlaceholderToken(d.token) ? null : d.token
    })
  for (const d of s.removedDevices)
    removed.push({
      method: 'microsoft-authenticator',
      detail: d.name,
      token: isPlaceholderToken(d.token) ? null : d.token
    })
  for (const p of s.phoneChanges) {
    const method: Method =
      p.field === 'email'
        ? 'email'
        : p.field === 'alternatePhone'
          ? 'alternate-phone'
          : p.field === 'voicePhone'
            ? 'phone-voice'
            : 'phone-sms'
    if (p.after !== null) added.push({ method, detail: p.after })
    if (p.before !== null) removed.push({ method, detail: p.before })
  }
  if (!s.addedDevices.length)
    for (const t of s.addedTypes)
      if (!isPhoneType(t) || !s.phoneChanges.length)
        added.push({ method: methodFromStrongAuthType(t), detail: null })
  if (!s.removedDevices.length)
    for (const t of s.removedTypes)
      if (!isPhoneType(t) || !s.phoneChanges.length)
        removed.push({ method: methodFromStrongAuthType(t), detail: null })
  return { added, removed }
}

const NONE: readonly never[] = []

/** Password events and other changes that name no method: most of a busy tenant's changes. */
function buildPlain(primary: Candidate): Change {
  const e = primary.event
  return {
    id: e.id,
    user: e.target ?? e.user ?? '',
    ts: e.ts,
    primary: e,
    events: [e],
    tags: primary.tags,
    actor: e.actor,
    actorType: e.actorType,
    ip: e.actorType === 'user' ? e.ip : null,
    method: primary.method,
    detail: e.methodDetail,
    added: NONE,
    removed: NONE,
    phonesAdded: NONE,
    devicesAdded: NONE,
    devicesRemoved: NONE,
    diffs: NONE,
    tap: null,
    reason: e.reason
  }
}

function build(primary: Candidate, paired: Candidate[]): Change {
  const e = primary.event
  if (
    paired.length === 0 &&
    e.act !== UPDATE_USER &&
    !primary.tags.has('tap') &&
    !DEVICE_CREDENTIAL_ADD.has(e.act) &&
    !DEVICE_CREDENTIAL_DELETE.has(e.act) &&
    !ADMIN_PHONE_REASON.test(e.reason ?? '')
  )
    return buildPlain(primary)
  const tags = new Set(primary.tags)
  for (const p of paired)
    for (const t of p.tags) if (t !== 'by-other' || primary.event === p.event) tags.add(t)
  const diffs: Array<Change['diffs'][number]> = []
  for (const c of [primary, ...paired]) {
    const parsed = c.event.act === UPDATE_USER ? diffOf(c.event) : null
    if (parsed) diffs.push({ event: c.event, ...parsed })
  }
  const added: MethodRef[] = []
  const removed: MethodRef[] = []
  const phonesAdded: Array<Change['phonesAdded'][number]> = []
  const devicesAdded: AuthenticatorDevice[] = []
  const devicesRemoved: AuthenticatorDevice[] = []
  for (const d of diffs) {
    const refs = refsFromDiff(d.summary)
    added.push(...refs.added)
    removed.push(...refs.removed)
    devicesAdded.push(...d.summary.addedDevices)
    devicesRemoved.push(...d.summary.removedDevices)
    for (const p of d.summary.phoneChanges)
      if (p.after !== null) phonesAdded.push({ field: p.field, value: p.after })
  }
  // Admin phone events carry the number in modifiedProperties (RP3: [0] id, [1] type, [2] number).
  const adminPhone = ADMIN_PHONE_REASON.test(e.reason ?? '') ? phoneFromModified(e) : null
  if (adminPhone && !phonesAdded.some((p) => p.value === adminPhone))
    phonesAdded.push({ field: 'phone', value: adminPhone })
  for (const c of [primary, ...paired]) {
    if (DEVICE_CREDENTIAL_ADD.has(c.event.act))
      added.push({
        method: c.event.method ?? methodFromText(c.event.act) ?? 'fido2',
        detail: credentialName(c.event)
      })
    if (DEVICE_CREDENTIAL_DELETE.has(c.event.act))
      removed.push({
        method: c.event.method ?? methodFromText(c.event.act) ?? 'fido2',
        detail: credentialName(c.event)
      })
  }
  if (tags.has('tap') && !added.some((a) => a.method === 'temporary-access-pass'))
    added.push({ method: 'temporary-access-pass', detail: null })
  if (adminPhone && !added.some((a) => isPhoneMethod(a.method)))
    added.push({ method: 'phone-sms', detail: adminPhone })

  const primaryMethod =
    (tags.has('tap') ? 'temporary-access-pass' : null) ??
    primary.method ??
    added[0]?.method ??
    removed[0]?.method ??
    null
  const detail =
    devicesAdded[0]?.name ??
    phonesAdded[0]?.value ??
    (primary.direction === 'remove' ? (devicesRemoved[0]?.name ?? removed[0]?.detail) : null) ??
    added.find((a) => a.detail)?.detail ??
    e.methodDetail ??
    null
  const tap = tags.has('tap') ? tapDetails(e) : null
  return {
    id: e.id,
    user: e.target ?? e.user ?? '',
    ts: e.ts,
    primary: e,
    events: [e, ...paired.map((p) => p.event)],
    tags,
    actor: e.actor,
    actorType: e.actorType,
    ip: e.actorType === 'user' ? e.ip : null,
    method: primaryMethod,
    detail: detail ?? null,
    added,
    removed,
    phonesAdded,
    devicesAdded,
    devicesRemoved,
    diffs,
    tap,
    reason: e.reason
  }
}

/**
 * All changes of one user, oldest first. `audits` are the user's audit events (as target or,
 * for events without a user target, as actor), oldest first.
 */
export function userChanges(audits: readonly ScanAudit[]): Change[] {
  const candidates: Candidate[] = []
  for (const e of audits) {
    const c = classify(e)
    if (c) candidates.push(c)
  }
  const primaries = candidates.filter((c) => c.primary)
  const secondaries = candidates.filter((c) => !c.primary)
  const pairedTo = new Map<Candidate, Candidate[]>()
  const standalone: Candidate[] = []
  for (const s of secondaries) {
    let best: Candidate | null = null
    let bestGap = Number.POSITIVE_INFINITY
    for (const p of primaries) {
      const gap = Math.abs(p.event.ts - s.event.ts)
      if (gap > PAIR_WINDOW_MS || !compatible(p, s)) continue
      // Password events never absorb security-info diffs.
      if (
        p.tags.has('password-reset') ||
        p.tags.has('sspr-reset') ||
        p.tags.has('password-change') ||
        p.tags.has('unlock')
      )
        continue
      if (p.tags.has('attempt')) continue
      if (gap < bestGap) {
        best = p
        bestGap = gap
      }
    }
    if (best) {
      const list = pairedTo.get(best) ?? []
      list.push(s)
      pairedTo.set(best, list)
    } else standalone.push(s)
  }
  const changes = [
    ...primaries.map((p) => build(p, pairedTo.get(p) ?? [])),
    ...standalone.map((s) => build(s, []))
  ]
  changes.sort((a, b) => a.ts - b.ts || a.id - b.id)
  return changes
}

/**
 * The name of a Device Registration Service credential (a FIDO2 key, a passwordless phone): the
 * target's name when the target is the credential's own object, otherwise a modified property
 * that names it. The name of a User target is the person's, not the key's.
 */
function credentialName(e: ScanAudit): string | null {
  if (e.targetName !== null && (e.targetType ?? '').toLowerCase() !== 'user') return e.targetName
  for (const p of e.modified ?? [])
    if (/fido2|security key|passwordless|windows hello|key ?name|credential/i.test(p.name)) {
      const v = plainValue(p.newValue) ?? plainValue(p.oldValue)
      if (v !== null) return v
    }
  return e.methodDetail
}
