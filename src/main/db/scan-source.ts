import type { Database } from 'better-sqlite3'
import type { ActorType, Method, ModifiedProperty } from '../../shared/model/event'
import { RELEVANT_AUDIT_SQL, isRelevantAudit } from '../../shared/scan/relevance'
import { riskDetailOf } from '../../shared/scan/risk-detail'
import { parseCsvRecords } from '../import/csv-fields'
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

/** Shares repeated strings (users, addresses, countries) so a million rows hold each value once. */
class Interner {
  private readonly map = new Map<string, string>()
  private readonly lowered = new Map<string, string>()
  get(s: string | null): string | null {
    if (s === null) return null
    const hit = this.map.get(s)
    if (hit !== undefined) return hit
    this.map.set(s, s)
    return s
  }
  lower(s: string | null): string | null {
    if (s === null) return null
    const hit = this.lowered.get(s)
    if (hit !== undefined) return hit
    const low = this.get(s.toLowerCase()) as string
    this.lowered.set(s, low)
    return low
  }
}

/**
 * Every value crossing into JavaScript costs, and a million sign-ins make that the scan's largest
 * cost: values only failures need are fetched only for failures, risk only when there is some, the
 * device as one value, the MFA requirement as a number, the object id only when the UPN is missing.
 */
const SIGNIN_COLUMNS = `id, ts, user_upn, CASE WHEN user_upn IS NULL THEN user_id END, ip, asn, country, error_code, interactive,
  CASE WHEN coalesce(risk_level, 'none') NOT IN ('none', 'hidden') OR coalesce(risk_state, 'none') <> 'none'
         OR risk_event_types IS NOT NULL THEN json_array(risk_level, risk_state, risk_event_types) END,
  auth_requirement LIKE '%multi%factor%', auth_methods, method_detail,
  CASE WHEN error_code <> 0 THEN result_reason END,
  CASE WHEN device_id IS NOT NULL AND device_id <> '' AND device_id <> '00000000-0000-0000-0000-000000000000' THEN device_id
       WHEN os IS NOT NULL OR browser IS NOT NULL THEN coalesce(os, '?') || ' / ' || coalesce(browser, '?') END,
  CASE WHEN error_code <> 0 THEN correlation_id END,
  CASE WHEN error_code <> 0 THEN session_id END,
  CASE WHEN error_code <> 0 THEN request_id END`

const AUDIT_COLUMNS = `id, ts, activity_key, activity, service, category, operation_type, result, result_reason, actor_type,
  actor_upn, actor_id, actor_name, ip, target_type, target_upn, target_id, target_name, user_upn, user_id, method,
  method_detail, correlation_id, modified_properties, user_agent, resource`

type Row = unknown[]

const MFA = 'multiFactorAuthentication'
const SINGLE = 'singleFactorAuthentication'

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
  const withRisk: ScanSignIn[] = []
  let read = 0
  const signins = db
    .prepare(
      `SELECT ${SIGNIN_COLUMNS} FROM events WHERE kind = 'signin' AND mirror_of IS NULL${only ? ' AND user_upn = ?' : ''}`
    )
    .raw()
  for (const r of signins.iterate(...(only ? [only] : [])) as Iterable<Row>) {
    read++
    const errorCode = r[7] as number | null
    const upn = strings.get(r[2] as string | null)
    const user = strings.lower(upn)
    const userId = r[3] as string | null
    let reason: string | null = null
    if (errorCode !== 0) {
      const steps = r[17] === null ? undefined : stepDetails.get(r[17] as string)
      const own = r[13] as string | null
      reason = strings.get(own && steps ? `${own} — ${steps}` : (own ?? steps ?? null))
    }
    const risk =
      r[9] === null ? null : (JSON.parse(r[9] as string) as [string | null, string | null, string | null])
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
      errorCode,
      ok: errorCode === 0,
      interactive: r[8] === null ? null : r[8] === 1,
      riskLevel: risk ? strings.get(risk[0]) : null,
      riskState: risk ? strings.get(risk[1]) : null,
      riskEventTypes: risk ? parseList(risk[2]) : null,
      authRequirement: r[10] === 1 ? MFA : r[10] === 0 ? SINGLE : null,
      methods: parseList<Method>(r[11]),
      methodDetail: strings.get(r[12] as string | null),
      reason,
      device: strings.get(r[14] as string | null),
      correlationId: r[15] as string | null,
      sessionId: r[16] as string | null,
      riskDetail: null
    }
    if (risk) withRisk.push(s)
    events.push(s)
  }
  readRiskDetails(db, withRisk)

  const audits = db
    .prepare(
      `SELECT ${AUDIT_COLUMNS} FROM events WHERE kind = 'audit' AND mirror_of IS NULL AND ${RELEVANT_AUDIT_SQL}${
        // One user's: the ids from three index searches (migration 50). Written as an OR, the plan
        // hung on the statistics and could walk every audit event (0.9 s at 1M against 0.15 s).
        only
          ? ` AND id IN (SELECT id FROM events WHERE user_upn = ? AND kind = 'audit' UNION ALL
              SELECT id FROM events WHERE target_upn = ? UNION ALL
              SELECT id FROM events WHERE actor_upn = ? AND kind = 'audit')`
          : ''
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
      userAgent: strings.get(r[24] as string | null),
      resource: strings.get(r[25] as string | null)
    }
    if ((a.target === null && isUserTarget) || (a.user === null && r[19] !== null)) pending.push(a)
    events.push(a)
  }
  // Events that name a user only by object id: resolve through any event that has both.
  const unresolved = [
    ...new Set(pending.map((a) => a.targetId).filter((x): x is string => x !== null && !idToUser.has(x)))
  ]
  if (unresolved.length) {
    for (const [id, upn] of db
      .prepare(
        `SELECT user_id, user_upn FROM events WHERE user_id IN (SELECT value FROM json_each(?)) AND user_upn IS NOT NULL GROUP BY user_id`
      )
      .raw()
      .iterate(JSON.stringify(unresolved)) as Iterable<[string, string]>)
      remember(id, upn.toLowerCase())
  }
  for (const a of pending) {
    if (a.target === null && a.targetId !== null) a.target = idToUser.get(a.targetId) ?? `id:${a.targetId}`
    if (a.user === null) a.user = a.target
  }
  for (const e of events) {
    if (e.kind === 'signin' && e.user === null && e.userId !== null) e.user = idToUser.get(e.userId) ?? null
  }
  return { events, read }
}

/**
 * Fills riskDetail from the stored records of the sign-ins that carry risk: few rows in any case
 * (none without Entra ID P2), looked up by event id, so the column the model lacks costs nothing
 * for the rest.
 */
function readRiskDetails(db: Database, signins: readonly ScanSignIn[]): void {
  if (signins.length === 0) return
  const byId = new Map(signins.map((s) => [s.id, s]))
  const rows = db
    .prepare(
      `SELECT s.event_id, s.raw, f.csv_header FROM event_sources s JOIN files f ON f.id = s.file_id
        WHERE s.event_id IN (SELECT value FROM json_each(?)) ORDER BY s.id`
    )
    .raw()
    .iterate(JSON.stringify([...byId.keys()])) as Iterable<[number, string, string | null]>
  for (const [id, raw, header] of rows) {
    const s = byId.get(id)
    if (s && s.riskDetail === null) s.riskDetail = riskDetailOf(raw, header, splitFields)
  }
}

function splitFields(record: string): string[] {
  return parseCsvRecords([record])[0] ?? []
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
