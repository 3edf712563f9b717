import type { Database } from 'better-sqlite3'
import type { ScanResult } from '../../shared/ipc/case-work'
import { appendCaseLog, scanLogEntry } from '../db/case-log'
import { scanCase } from './scan-service'

/**
 * One scan as the app runs it: the whole catalog, the findings stored and the 'scan' case-log
 * entry written in the same transaction. Runs in the scan worker (or inline where no worker can be
 * started) on its own writable connection.
 */
export function runAppScan(db: Database): ScanResult {
  const t0 = performance.now()
  const result = scanCase(db, {}, (r) => {
    const entry = scanLogEntry(r, 'app')
    appendCaseLog(db, 'scan', entry.summary, entry.detail)
  })
  const finishedAt = db
    .prepare(`SELECT finished_at FROM scans ORDER BY id DESC LIMIT 1`)
    .pluck()
    .get() as string
  return {
    scan: { finishedAt, events: result.rowsRead, findings: result.findings.length },
    added: result.saved.added,
    updated: result.saved.updated,
    removed: result.saved.removed,
    ms: Math.round(performance.now() - t0)
  }
}
