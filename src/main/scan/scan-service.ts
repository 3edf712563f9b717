import type { Database } from 'better-sqlite3'
import type { Finding } from '../../shared/rules/types'
import { ScanContext } from '../../shared/scan/context'
import { finalize, runRules, type RuleRun, type ScanOptions } from '../../shared/scan/engine'
import type {
  Holding,
  Inventory,
  InventoryChange,
  InventoryMethod,
  UserInventory
} from '../../shared/inventory/inventory'
import type { Method } from '../../shared/model/event'
import { readCaseLists } from '../db/case-lists'
import { saveScan, type MethodHolderRow, type SaveResult } from '../db/findings'
import { eventFingerprints, readScanSource } from '../db/scan-source'

export interface ScanCaseResult {
  findings: Finding[]
  runs: RuleRun[]
  saved: SaveResult
  /** Events in the case (what the scan covered). */
  events: number
  /** Rows the scan read: every sign-in, and the audit events of the activities rules look at. */
  rowsRead: number
  timings: { readMs: number; evaluateMs: number; saveMs: number }
}

/**
 * Scans a case: reads the scan projection, runs the catalog (or the chosen rules), gives the
 * findings their stable ids and stores them (replacing the earlier findings of those rules).
 * `afterSave` runs inside the transaction that stores them (the case-log entry of the scan), so
 * the findings and their record commit together.
 */
export function scanCase(
  db: Database,
  options: ScanOptions = {},
  afterSave?: (result: Omit<ScanCaseResult, 'timings'>) => void
): ScanCaseResult {
  const startedAt = new Date().toISOString()
  const t0 = performance.now()
  const source = readScanSource(db)
  const lists = readCaseLists(db)
  const events = db.prepare(`SELECT count(*) FROM events`).pluck().get() as number
  const t1 = performance.now()
  const ctx = new ScanContext(source.events, lists)
  const runs = runRules(ctx, options)
  const anchors: number[] = []
  for (const run of runs) for (const f of run.findings) if ('event' in f.anchor) anchors.push(f.anchor.event)
  const fps = eventFingerprints(db, anchors)
  const findings = finalize(runs, (id) => fps.get(id) ?? `id:${id}`)
  const t2 = performance.now()
  // A full scan stores who held each phone and device (the phone and device pages read them); a
  // scan of some rules leaves the stored ones, which stay in use only while nothing is imported.
  const holders = options.rules === undefined ? methodHolderRows(ctx.inventory) : undefined
  const record = {
    startedAt,
    finishedAt: new Date().toISOString(),
    events: source.read,
    runs,
    findings,
    holders
  }
  const saved = afterSave
    ? db
        .transaction(() => {
          const out = saveScan(db, record)
          afterSave({ findings, runs, saved: out, events, rowsRead: source.read })
          return out
        })
        .immediate()
    : saveScan(db, record)
  const t3 = performance.now()
  return {
    findings,
    runs,
    saved,
    events,
    rowsRead: source.read,
    timings: { readMs: t1 - t0, evaluateMs: t2 - t1, saveMs: t3 - t2 }
  }
}

/**
 * The phone and device holdings of the inventory as method_holders rows. A device is found by its
 * token or its name (both case-insensitive), so a holding whose name differs gets a row under each.
 * The actor is the one the change the registration belongs to names (null: saveScan takes the
 * evidence event's), as the phone and device pages name who registered it.
 */
export function methodHolderRows(inventory: Inventory): MethodHolderRow[] {
  const rows: MethodHolderRow[] = []
  const actorOf = (user: string, evidence: number): string | null =>
    inventory.of(user).changes.find((c) => c.evidence.includes(evidence))?.actor ?? null
  const row = (kind: MethodHolderRow['kind'], key: string, h: Holding): MethodHolderRow => ({
    kind,
    key,
    user: h.user,
    value: h.value,
    firstTs: h.firstTs,
    evidence: h.evidence,
    added: h.added,
    actor: h.added ? actorOf(h.user, h.evidence) : null
  })
  for (const [key, list] of inventory.phoneHolders) for (const h of list) rows.push(row('phone', key, h))
  for (const [token, list] of inventory.tokenHolders) {
    for (const h of list) {
      const byToken = row('device', token.toLowerCase(), h)
      rows.push(byToken)
      const name = h.value.toLowerCase()
      if (name !== byToken.key) rows.push({ ...byToken, key: name })
    }
  }
  return rows
}

/** One user's method inventory, from that user's events only. */
export function userInventory(db: Database, user: string): UserInventory {
  const source = readScanSource(db, { user })
  const ctx = new ScanContext(source.events, readCaseLists(db))
  return ctx.inventory.of(user.toLowerCase())
}

export interface MethodJson {
  method: Method
  detail: string | null
  isDefault: boolean
  since: string | null
  evidence: number | null
  source: 'audit' | 'sign-in'
}

export interface MethodChangeJson {
  time: string
  change: InventoryChange['op']
  method: Method | null
  detail: string | null
  evidence: number[]
  by: string | null
  byOther: boolean
  ip: string | null
  activity: string | null
  reason: string | null
}

/** A user's security info as plain data (the `authtrail methods --json` shape, and what the app shows). */
export interface MethodsReport {
  user: string
  /** What the user had before the first change in the case. */
  before: MethodJson[]
  changes: MethodChangeJson[]
  current: MethodJson[]
  /** Authenticator app version rewrites seen and not counted as changes. */
  authenticatorRewrites: number
}

function methodJson(m: InventoryMethod): MethodJson {
  return {
    method: m.method,
    detail: m.detail,
    isDefault: m.isDefault,
    since: m.since === null ? null : new Date(m.since).toISOString(),
    evidence: m.evidence,
    source: m.source
  }
}

export function methodsReport(db: Database, user: string): MethodsReport {
  const inv = userInventory(db, user)
  const first = inv.changes[0]?.ts ?? Number.NEGATIVE_INFINITY
  return {
    user: user.toLowerCase(),
    before: inv.methodsAt(first - 1).map(methodJson),
    changes: inv.changes.map((c) => ({
      time: new Date(c.ts).toISOString(),
      change: c.op,
      method: c.method,
      detail: c.detail,
      evidence: c.evidence,
      by: c.actor,
      byOther: c.byOther,
      ip: c.ip,
      activity: c.activity,
      reason: c.reason
    })),
    current: inv.methodsAt(Number.POSITIVE_INFINITY).map(methodJson),
    authenticatorRewrites: inv.rewrites
  }
}

/** Everyone the scan treats as privileged, and why (role events in the case, VIP and break-glass lists). */
export function privilegedAccounts(db: Database): Array<{ user: string; why: string }> {
  const source = readScanSource(db)
  return new ScanContext(source.events, readCaseLists(db)).privileged.members()
}
