import type { Database } from 'better-sqlite3'
import type { ActorType, Method, ModifiedProperty } from '../../shared/model/event'
import { isRelevantAudit } from '../../shared/scan/relevance'
import type { ScanAudit, ScanEvent, ScanSignIn } from '../../shared/scan/scan-event'

/**
 * Reads the scan projection of a case (src/shared/scan/scan-event.ts) in one sequential pass per
 * kind: only the columns rules need, JSON columns parsed once, repeated strings (users, addresses,
 * apps, countries) shared, unified-audit-log mirrors and irrelevant audit activities skipped.
 * Failed sign-ins get the step result details of the portal's AuthDetails files ("MFA denied;
 * user declined the authentication"), which the sign-in row itself does not carry.
 */
export interface ScanSource {
  events: ScanEvent[]
  /** Events read (before audit relevance filtering), for throughput figures. */
  read: number
}

class Interner {
  private readonly map = new Map<string, string>()
  get(s: string | null): string | null {
    if (s === null) return null
    const hit = this.map.get(s)
    if (hit !== undefined) return hit
    this.map.set(s, s)
    return s
  }
  lower(s: string | null): string | null {
    if (s === null) return null
    const hit = this.map.get(`\u0000${s}`)
    if (hit !== undefined) return hit
    const low = this.get(s.toLowerCase()) as string
    this.map.set(`\u0000${s}`, low)
    return low
  }
}

const SIGNIN_COLUMNS = `id, ts, user_upn, user_id, ip, asn, country, city, error_code, interactive, risk_level, risk_state,
  risk_event_types, auth_requirement, auth_methods, method_detail, result_reason, app_name, device_id, os, browser,
  correlation_id, session_id, request_id`

const AUDIT_COLUMNS = `id, ts, activity_key, activity, service, category, operation_type, result, result_reason, actor_type,
  actor_upn, actor_id, actor_name, ip, target_type, target_upn, target_id, target_name, user_upn, user_id, method,
  method_detail, correlation_id, modified_properties, user_agent`

type Row = unknown[]

export interface ScanSourceOptions {
  /** Only this user's events (sign-ins, and audit events about or by them): for one user's inventory. */
  user?: string
}

export function readScanSource(db: Database, options: ScanSourceOptions = {}): ScanSource {
  const only = options.user?.toLowerCase() ?? null
  const strings = new Interner()
  const arrays = new Map<string, readonly string[]>()
  const parseList = <T extends string>(json: unknown): readonly T[] | null => {
    if (typeof json !== 'string') return null
    let hit = arrays.get(json)
    if (!hit) {
      hit = JSON.parse(json) as string[]
      arrays.set(json, hit)
    }
    return hit as readonly T[]
  }
  const idToUser = new Map<string, string>()
  const remember = (id: string | null, user: string | null): void => {
    if (id !== null && user !== null && !idToUser.has(id)) idToUser.set(id, user)
  }

  const stepDetails = new Map<string, string>()
  for (const [requestId, detail] of db
    .prepare(
      `SELECT request_id, group_concat(DISTINCT result_detail) FROM auth_details
        WHERE succeeded = 0 AND result_detail IS NOT NULL GROUP BY request_id`
    )
    .raw()
    .iterate() as Iterable<[string, string]>)
    stepDetails.set(requestId, detail)

  const events: ScanEvent[] = []
  let read = 0
  const signins = db
    .prepare(
      `SELECT ${SIGNIN_COLUMNS} FROM events WHERE kind = 'signin' AND mirror_of IS NULL${only ? ' AND user_upn = ?' : ''}`
    )
    .raw()
  for (const r of signins.iterate(...(only ? [only] : [])) as Iterable<Row>) {
    read++
    const errorCode = r[8] as number | null
    const upn = strings.get(r[2] as string | null)
    const user = strings.lower(upn)
    const userId = strings.get(r[3] as string | null)
    remember(userId, user)
    let reason: string | null = null
    if (errorCode !== 0) {
      const steps = r[23] === null ? undefined : stepDetails.get(r[23] as string)
      const own = r[16] as string | null
      reason = strings.get(own && steps ? `${own} — ${steps}` : (own ?? steps ?? null))
    }
    const deviceId = r[18] as string | null
    const device =
      deviceId !== null && deviceId !== '' && deviceId !== '00000000-0000-0000-0000-000000000000'
        ? strings.get(deviceId)
        : r[19] !== null || r[20] !== null
          ? strings.get(`${(r[19] as string | null) ?? '?'} / ${(r[20] as string | null) ?? '?'}`)
          : null
    const s: ScanSignIn = {
      kind: 'signin',
      id: r[0] as number,
      ts: r[1] as number,
      user,
      userId,
      upn,
      ip: strings.get(r[4] as string | null),
      asn: r[5] as number | null,
      country: strings.get(r[6] as string | null),
      city: strings.get(r[7] as string | null),
      errorCode,
      ok: errorCode === 0,
      interactive: r[9] === null ? null : r[9] === 1,
      riskLevel: strings.get(r[10] as string | null),
      riskState: strings.get(r[11] as string | null),
      riskEventTypes: parseList(r[12]),
      authRequirement: strings.get(r[13] as string | null),
      methods: parseList<Method>(r[14]),
      methodDetail: strings.get(r[15] as string | null),
      reason,
      app: strings.get(r[17] as string | null),
      device,
      correlationId: errorCode !== 0 ? (r[21] as string | null) : null,
      sessionId: errorCode !== 0 ? (r[22] as string | null) : null
    }
    events.push(s)
  }

  const audits = db
    .prepare(
      `SELECT ${AUDIT_COLUMNS} FROM events WHERE kind = 'audit' AND mirror_of IS NULL${
        only ? ' AND (user_upn = ? OR target_upn = ? OR actor_upn = ?)' : ''
      }`
    )
    .raw()
  const pending: ScanAudit[] = []
  for (const r of audits.iterate(...(only ? [only, only, only] : [])) as Iterable<Row>) {
    read++
    const act = r[2] as string | null
    const modifiedJson = r[23] as string | null
    if (!isRelevantAudit(act, modifiedJson)) continue
    const actorType = r[9] as ActorType | null
    const actorUpn = strings.get(r[10] as string | null)
    const actorName = strings.get(r[12] as string | null)
    const actorId = strings.get(r[11] as string | null)
    const targetUpn = strings.get(r[15] as string | null)
    const targetType = strings.get(r[14] as string | null)
    const targetId = strings.get(r[16] as string | null)
    const isUserTarget = targetType !== null && targetType.toLowerCase() === 'user'
    const target = isUserTarget ? strings.lower(targetUpn) : null
    const userUpn = strings.get(r[18] as string | null)
    const actor =
      actorType === 'app' ? strings.get(`app:${actorName ?? actorId ?? 'unknown'}`) : strings.lower(actorUpn)
    if (actorType === 'user') remember(actorId, actor)
    if (isUserTarget) remember(targetId, target)
    const a: ScanAudit = {
      kind: 'audit',
      id: r[0] as number,
      ts: r[1] as number,
      act: act as string,
      activity: strings.get(r[3] as string | null),
      service: strings.get(r[4] as string | null),
      category: strings.get(r[5] as string | null),
      operationType: strings.get(r[6] as string | null),
      result: strings.get(r[7] as string | null),
      reason: strings.get(r[8] as string | null),
      actorType,
      actor,
      actorUpn,
      actorId,
      actorName,
      ip: strings.get(r[13] as string | null),
      targetType,
      target,
      targetUpn,
      targetId,
      targetName: strings.get(r[17] as string | null),
      user: strings.lower(userUpn),
      method: r[20] as Method | null,
      methodDetail: strings.get(r[21] as string | null),
      correlationId: r[22] as string | null,
      modified: modifiedJson === null ? null : (JSON.parse(modifiedJson) as ModifiedProperty[]),
      userAgent: strings.get(r[24] as string | null)
    }
    if ((a.target === null && isUserTarget) || (a.user === null && r[19] !== null)) pending.push(a)
    events.push(a)
  }
  // Events that name a user only by object id: resolve through any event that had both.
  for (const a of pending) {
    if (a.target === null && a.targetId !== null) a.target = idToUser.get(a.targetId) ?? `id:${a.targetId}`
    if (a.user === null) a.user = a.target
  }
  for (const e of events) {
    if (e.kind === 'signin' && e.user === null && e.userId !== null) e.user = idToUser.get(e.userId) ?? null
  }
  return { events, read }
}

/** The content fingerprints of some events: what a finding's stable id is derived from. */
export function eventFingerprints(db: Database, ids: readonly number[]): Map<number, string> {
  const out = new Map<number, string>()
  if (ids.length === 0) return out
  const rows = db
    .prepare(`SELECT id, kind, fp FROM events WHERE id IN (SELECT value FROM json_each(?))`)
    .raw()
    .all(JSON.stringify([...new Set(ids)])) as [number, string, string][]
  for (const [id, kind, fp] of rows) out.set(id, `${kind}:${fp}`)
  return out
}
