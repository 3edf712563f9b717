import type { Database } from 'better-sqlite3'
import type { EntityHolder, EntityKind, EntityUser, EntityView } from '../../shared/ipc/case-work'
import type { Holding } from '../../shared/inventory/inventory'
import { phoneKey } from '../../shared/inventory/diff'
import { RELEVANT_AUDIT_SQL } from '../../shared/scan/relevance'
import { ScanContext } from '../../shared/scan/context'
import type { ScanEvent } from '../../shared/scan/scan-event'
import { readCaseLists } from './case-lists'
import { gridSelect, toGridRows } from './explorer'
import { eventsSince, findingRowsCiting, findingRowsWithIp } from './findings-overview'
import { readScanSource } from './scan-source'

/**
 * Pages for the values an investigation pivots on: an IP address (who used it, from where, what
 * was changed from it), a phone number or an Authenticator device (every account it was
 * registered on, when, by whom) and an actor (every change an admin or app made to others).
 * "Changes" are the security-info and related audit events the scan reads (RELEVANT_AUDIT_SQL).
 */
const MAX_CHANGES = 500
/** A phone or device on more accounts than this is not one person's: the view stops there. */
const MAX_HOLDER_CANDIDATES = 100
/** The stored holders need no rebuild; this bounds the page (and its changes) all the same. */
const MAX_STORED_HOLDERS = 1000

const CHANGE = `kind = 'audit' AND mirror_of IS NULL AND ${RELEVANT_AUDIT_SQL}`

export const ENTITY_VIEW_SQL = {
  /**
   * Everything the address page counts, in one pass over its events: grouped by user and place, then
   * summed both ways in ipView. (Three statements read a busy address's rows three times: 3.4 s for
   * an address in a quarter of a 1M-event case, most of it fetching rows.)
   */
  ipGroups: `SELECT user_upn AS user, country, city, asn, count(*) AS events, coalesce(sum(kind = 'signin'), 0) AS signins,
               coalesce(sum(${CHANGE}), 0) AS changes, min(ts) AS first, max(ts) AS last
               FROM events WHERE ip = ? GROUP BY user_upn, country, city, asn`,
  ipChanges: `SELECT ${gridSelect()} FROM events WHERE ip = ? AND ${CHANGE} ORDER BY ts, id LIMIT ${MAX_CHANGES}`,
  actorCounts: `SELECT count(*) AS events, coalesce(sum(kind = 'signin'), 0) AS signins, min(ts) AS first, max(ts) AS last
                  FROM events WHERE coalesce(actor_upn, actor_name) = ?`,
  actorUsers: `SELECT user_upn AS user, count(*) AS events, 0 AS signins, coalesce(sum(${CHANGE}), 0) AS changes,
                 min(ts) AS first, max(ts) AS last
                 FROM events WHERE coalesce(actor_upn, actor_name) = @u AND kind = 'audit' AND user_upn IS NOT NULL
                   AND user_upn <> lower(@u) GROUP BY user_upn ORDER BY changes DESC, events DESC, user_upn`,
  actorChanges: `SELECT ${gridSelect()} FROM events WHERE coalesce(actor_upn, actor_name) = @u AND ${CHANGE}
                   AND coalesce(user_upn, '') <> lower(@u) ORDER BY ts, id LIMIT ${MAX_CHANGES}`,
  /** The scan that stored method_holders, when it finished. */
  holdersScan: `SELECT s.finished_at FROM method_holders_scan m JOIN scans s ON s.id = m.scan_id`,
  /** A phone's or device's holders as the last full scan stored them (migration 60). */
  storedHolders: `SELECT user, value, first_ts AS first, evidence, added, actor FROM method_holders
                    WHERE kind = @kind AND key = @key ORDER BY first_ts, user LIMIT ${MAX_STORED_HOLDERS}`,
  /** Accounts whose audit events mention the value: narrows the inventory to rebuild (no current scan). */
  holderCandidates: `SELECT DISTINCT user_upn FROM events WHERE kind = 'audit' AND user_upn IS NOT NULL
                       AND (instr(modified_properties, @u) > 0 OR instr(method_detail, @u) > 0) LIMIT ${MAX_HOLDER_CANDIDATES + 1}`,
  /** The same for a device, whose token or name is compared case-insensitively (@u lower-cased). */
  deviceCandidates: `SELECT DISTINCT user_upn FROM events WHERE kind = 'audit' AND user_upn IS NOT NULL
                       AND (instr(lower(modified_properties), @u) > 0 OR instr(lower(method_detail), @u) > 0)
                       LIMIT ${MAX_HOLDER_CANDIDATES + 1}`
} as const

interface Counts {
  events: number
  signins: number
  first: number | null
  last: number | null
}

export function entityView(db: Database, kind: EntityKind, valueArg: string): EntityView {
  const value = valueArg.trim()
  if (kind === 'ip') return ipView(db, value)
  if (kind === 'actor') return actorView(db, value)
  return holderView(db, kind, value)
}

interface IpGroup extends Omit<EntityUser, 'user'> {
  user: string | null
  country: string | null
  city: string | null
  asn: number | null
}

/** SQLite's ordering of values: NULL first, numbers, then text by bytes. */
function sqlOrder(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1
  return a < b ? -1 : 1
}

function ipView(db: Database, ip: string): EntityView {
  const groups = db.prepare(ENTITY_VIEW_SQL.ipGroups).all(ip) as IpGroup[]
  const users = new Map<string, EntityUser>()
  const places = new Map<string, EntityView['places'][number]>()
  const counts: Counts = { events: 0, signins: 0, first: null, last: null }
  for (const g of groups) {
    counts.events += g.events
    counts.signins += g.signins
    counts.first = counts.first === null ? g.first : Math.min(counts.first, g.first)
    counts.last = counts.last === null ? g.last : Math.max(counts.last, g.last)
    if (g.user !== null) {
      const u = users.get(g.user)
      if (!u) users.set(g.user, { ...g, user: g.user })
      else {
        u.events += g.events
        u.signins += g.signins
        u.changes += g.changes
        u.first = Math.min(u.first, g.first)
        u.last = Math.max(u.last, g.last)
      }
    }
    const key = JSON.stringify([g.country, g.city, g.asn])
    const p = places.get(key)
    if (p) p.events += g.events
    else places.set(key, { country: g.country, city: g.city, asn: g.asn, events: g.events })
  }
  return {
    kind: 'ip',
    value: ip,
    first: counts.first,
    last: counts.last,
    users: [...users.values()]
      .map(({ user, events, signins, changes, first, last }) => ({
        user,
        events,
        signins,
        changes,
        first,
        last
      }))
      .sort((a, b) => b.events - a.events || sqlOrder(a.user, b.user)),
    holders: [],
    places: [...places.values()].sort(
      (a, b) =>
        b.events - a.events ||
        sqlOrder(a.country, b.country) ||
        sqlOrder(a.city, b.city) ||
        sqlOrder(a.asn, b.asn)
    ),
    changes: toGridRows(db.prepare(ENTITY_VIEW_SQL.ipChanges).raw(true).all(ip) as unknown[][]),
    signins: counts.signins,
    events: counts.events,
    findings: findingRowsWithIp(db, ip)
  }
}

function actorView(db: Database, actorArg: string): EntityView {
  // Stored as the filter column compares it: UPNs lower-case, app and service names as logged.
  const actor = actorArg.includes('@') ? actorArg.toLowerCase() : actorArg
  const counts = db.prepare(ENTITY_VIEW_SQL.actorCounts).get(actor) as Counts
  const changes = toGridRows(
    db.prepare(ENTITY_VIEW_SQL.actorChanges).raw(true).all({ u: actor }) as unknown[][]
  )
  return {
    kind: 'actor',
    value: actor,
    first: counts.first,
    last: counts.last,
    users: db.prepare(ENTITY_VIEW_SQL.actorUsers).all({ u: actor }) as EntityUser[],
    holders: [],
    places: [],
    changes,
    signins: counts.signins,
    events: counts.events,
    findings: findingRowsCiting(
      db,
      changes.map((r) => r.id)
    )
  }
}

/** Where the phone and device pages take their holders from. */
export type HolderSource = 'stored' | 'rebuilt'

/**
 * The holders the last full scan stored (method_holders), while no events were imported after it;
 * otherwise (never scanned, scanned before migration 60, or events imported since) the rebuild.
 */
export function holderSource(db: Database): HolderSource {
  const scan = db.prepare(ENTITY_VIEW_SQL.holdersScan).pluck().get() as string | undefined
  return scan !== undefined && eventsSince(db, scan) === 0 ? 'stored' : 'rebuilt'
}

/**
 * Phone numbers compare normalized (phoneKey: digits with the leading +), shown as logged; a
 * device is its Authenticator push token, or its name (either case-insensitive). The accounts are
 * the ones the scan's method inventory finds: as the last full scan stored them when it is current,
 * else rebuilt for the accounts whose audit events mention the value (at most 100 of them; the
 * stored rows have no such cap). investigation-views.test.ts checks both agree on the samples.
 */
export function holderView(
  db: Database,
  kind: 'phone' | 'device',
  value: string,
  source: HolderSource = holderSource(db)
): EntityView {
  const holders = (source === 'stored' ? storedHolders : rebuiltHolders)(db, kind, value).sort(
    (a, b) =>
      a.first - b.first ||
      a.user.localeCompare(b.user) ||
      a.evidence - b.evidence ||
      sqlOrder(a.value, b.value)
  )
  const evidence = [...new Set(holders.map((h) => h.evidence))]
  const changes = toGridRows(
    db
      .prepare(
        `SELECT ${gridSelect()} FROM events WHERE id IN (SELECT value FROM json_each(?)) ORDER BY ts, id`
      )
      .raw(true)
      .all(JSON.stringify(evidence)) as unknown[][]
  )
  const times = holders.map((h) => h.first)
  return {
    kind,
    value,
    first: times.length ? Math.min(...times) : null,
    last: changes.length ? (changes.at(-1)?.ts ?? null) : null,
    users: [],
    holders,
    places: [],
    changes,
    signins: 0,
    events: changes.length,
    findings: findingRowsCiting(db, evidence)
  }
}

/** The key a value is stored under (migration 60), or null when it names nothing. */
function holderKey(kind: 'phone' | 'device', value: string): string | null {
  if (kind === 'phone') return /\d/.test(phoneKey(value)) ? phoneKey(value) : null
  return value.length ? value.toLowerCase() : null
}

function storedHolders(db: Database, kind: 'phone' | 'device', value: string): EntityHolder[] {
  const key = holderKey(kind, value)
  if (key === null) return []
  const rows = db.prepare(ENTITY_VIEW_SQL.storedHolders).all({ kind, key }) as Array<
    Omit<EntityHolder, 'added'> & { added: number }
  >
  return rows.map((r) => ({ ...r, added: r.added === 1 }))
}

function rebuiltHolders(db: Database, kind: 'phone' | 'device', value: string): EntityHolder[] {
  if (holderKey(kind, value) === null) return []
  const candidates = (
    kind === 'phone'
      ? db
          .prepare(ENTITY_VIEW_SQL.holderCandidates)
          .pluck()
          .all({ u: phoneKey(value).replace(/\D/g, '').slice(-4) })
      : db.prepare(ENTITY_VIEW_SQL.deviceCandidates).pluck().all({ u: value.toLowerCase() })
  ) as string[]
  const events = new Map<number, ScanEvent>()
  for (const user of candidates.slice(0, MAX_HOLDER_CANDIDATES))
    for (const e of readScanSource(db, { user }).events) events.set(e.id, e)
  const inventory = new ScanContext([...events.values()], readCaseLists(db)).inventory
  let found: readonly Holding[] = []
  if (kind === 'phone') found = inventory.phoneHolders.get(phoneKey(value)) ?? []
  else {
    const want = value.toLowerCase()
    for (const [token, list] of inventory.tokenHolders) {
      if (token.toLowerCase() === want) found = [...found, ...list]
      else found = [...found, ...list.filter((h) => h.value.toLowerCase() === want)]
    }
  }
  const actorOf = db.prepare(`SELECT coalesce(actor_upn, actor_name) FROM events WHERE id = ?`).pluck()
  // The change the registration belongs to names who made it (the user, an admin); the diff event
  // alone often names only the service that wrote the attribute.
  const actorOfHolding = (h: Holding): string | null =>
    inventory.of(h.user).changes.find((c) => c.evidence.includes(h.evidence))?.actor ??
    (actorOf.get(h.evidence) as string | null | undefined) ??
    null
  return found.map((h) => ({
    user: h.user,
    value: h.value,
    first: h.firstTs,
    evidence: h.evidence,
    added: h.added,
    actor: h.added ? actorOfHolding(h) : null
  }))
}
