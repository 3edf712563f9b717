import type { Database } from 'better-sqlite3'
import type { SignInMark, UserChange, UserMethod, UserView } from '../../shared/ipc/case-work'
import type { GridRow } from '../../shared/ipc/contract'
import type { InventoryMethod } from '../../shared/inventory/inventory'
import { ScanContext } from '../../shared/scan/context'
import { isRiskyRow } from '../../shared/views/risky'
import { readCaseLists } from './case-lists'
import { gridSelect, toGridRows } from './explorer'
import { findingRowsOfUser } from './findings-overview'
import { readScanSource } from './scan-source'

/**
 * One user's page: the security-info timeline (the method inventory the scan builds, from this
 * user's events only), the sign-ins around each change marked with what was new for the user at
 * that moment (the baselines of issue 4: an address, network or country counts as known only
 * when seen well before), the first sign-ins that used each added method, and the user's
 * findings. Every read is by user through the (user_upn, ts) index.
 */
const MAX_AROUND = 200
const USED_BY = 3

function userMethod(m: InventoryMethod): UserMethod {
  return {
    method: m.method,
    detail: m.detail,
    isDefault: m.isDefault,
    since: m.since,
    evidence: m.evidence,
    source: m.source
  }
}

/** The statements, for EXPLAIN QUERY PLAN assertions. */
export const USER_VIEW_SQL = {
  counts: `SELECT count(*) AS events, coalesce(sum(kind = 'signin'), 0) AS signins, min(ts) AS first, max(ts) AS last
             FROM events WHERE user_upn = ?`,
  names: `SELECT user_id, (SELECT target_name FROM events t WHERE t.user_upn = @u AND t.target_name IS NOT NULL LIMIT 1)
            FROM events WHERE user_upn = @u AND user_id IS NOT NULL LIMIT 1`,
  around: `SELECT ${gridSelect()} FROM events WHERE user_upn = ? AND kind = 'signin' AND ts >= ? AND ts <= ?
             ORDER BY ts, id LIMIT ${MAX_AROUND}`,
  usedBy: `SELECT ${gridSelect()} FROM events WHERE user_upn = ? AND kind = 'signin' AND ts >= ? AND error_code = 0
             AND EXISTS (SELECT 1 FROM json_each(auth_methods) WHERE value = ?) ORDER BY ts, id LIMIT ${USED_BY}`,
  known: `SELECT count(DISTINCT ip) AS ips, json_group_array(DISTINCT country) AS countries
            FROM events WHERE user_upn = ? AND kind = 'signin' AND error_code = 0`
} as const

export function userView(db: Database, userArg: string, windowMinutes: number): UserView {
  const user = userArg.trim().toLowerCase()
  const counts = db.prepare(USER_VIEW_SQL.counts).get(user) as {
    events: number
    signins: number
    first: number | null
    last: number | null
  }
  const names = db.prepare(USER_VIEW_SQL.names).raw().get({ u: user }) as
    [string | null, string | null] | undefined
  const lists = readCaseLists(db)
  const ctx = new ScanContext(readScanSource(db, { user }).events, lists)
  const inv = ctx.inventory.of(user)
  const caseFirst = (db.prepare(`SELECT min(ts) FROM events`).pluck().get() as number | null) ?? 0
  const windowMs = windowMinutes * 60_000
  const around = db.prepare(USER_VIEW_SQL.around).raw(true)
  const usedBy = db.prepare(USER_VIEW_SQL.usedBy).raw(true)

  const mark = (row: GridRow): SignInMark => {
    const v = ctx.baselines.ipVerdict(user, row.ip, row.ts, row.asn, row.country)
    return {
      row,
      newIp: row.ip !== null && v.known === null,
      newCountry: row.country !== null && !v.countryKnown,
      newAsn: row.asn !== null && !v.asnKnown,
      risky: isRiskyRow(row)
    }
  }

  const changes: UserChange[] = inv.changes.map((c) => ({
    ts: c.ts,
    op: c.op,
    method: c.method,
    detail: c.detail,
    evidence: c.evidence,
    activity: c.activity,
    reason: c.reason,
    actor: c.actor,
    byOther: c.byOther,
    ip: c.ip,
    around: toGridRows(around.all(user, c.ts - windowMs, c.ts + windowMs) as unknown[][]).map(mark),
    usedBy: c.op === 'added' && c.method ? toGridRows(usedBy.all(user, c.ts, c.method) as unknown[][]) : []
  }))

  const now = inv.methodsAt(Number.POSITIVE_INFINITY)
  const known = db.prepare(USER_VIEW_SQL.known).get(user) as { ips: number; countries: string }
  return {
    user,
    displayName: names?.[1] ?? null,
    userId: names?.[0] ?? null,
    events: counts.events,
    signins: counts.signins,
    first: counts.first,
    last: counts.last,
    privileged: ctx.privileged.at(user, Number.POSITIVE_INFINITY).privileged,
    lists: listsOf(lists, user),
    methodsAtStart: atStart(inv.methodsAt(caseFirst), now).map(userMethod),
    methodsNow: now.map(userMethod),
    changes,
    rewrites: inv.rewrites,
    knownIps: known.ips,
    knownCountries: (JSON.parse(known.countries) as (string | null)[])
      .filter((c): c is string => c !== null)
      .sort(),
    findings: findingRowsOfUser(db, user),
    windowMinutes
  }
}

/**
 * A method seen only in sign-ins, with no registration in the data, was there before the data
 * starts ('before the data' in the view): so it is part of what the user had at the start too,
 * although the inventory only learns of it at its first use.
 */
function atStart(start: InventoryMethod[], now: readonly InventoryMethod[]): InventoryMethod[] {
  const earlier = now.filter(
    (m) =>
      m.source === 'sign-in' &&
      m.since === null &&
      !start.some((s) => s.method === m.method && (s.detail === m.detail || s.detail === null))
  )
  return [...start, ...earlier]
}

function listsOf(lists: ReturnType<typeof readCaseLists>, user: string): string[] {
  const out: string[] = []
  if (lists.vip.includes(user)) out.push('vip')
  if (lists.breakGlass.includes(user)) out.push('break-glass')
  if (lists.helpdesk.includes(user)) out.push('helpdesk')
  if (lists.twins.some(([a, b]) => a === user || b === user)) out.push('twin-accounts')
  return out
}
