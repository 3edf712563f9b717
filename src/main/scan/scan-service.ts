import type { Database } from 'better-sqlite3'
import type { Finding } from '../../shared/rules/types'
import { ScanContext } from '../../shared/scan/context'
import { finalize, runRules, type RuleRun, type ScanOptions } from '../../shared/scan/engine'
import type { UserInventory } from '../../shared/inventory/inventory'
import { readCaseLists } from '../db/case-lists'
import { saveScan, type SaveResult } from '../db/findings'
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
 */
export function scanCase(db: Database, options: ScanOptions = {}): ScanCaseResult {
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
  const saved = saveScan(db, {
    startedAt,
    finishedAt: new Date().toISOString(),
    events: source.read,
    runs,
    findings
  })
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

/** One user's method inventory, from that user's events only. */
export function userInventory(db: Database, user: string): UserInventory {
  const source = readScanSource(db, { user })
  const ctx = new ScanContext(source.events, readCaseLists(db))
  return ctx.inventory.of(user.toLowerCase())
}
