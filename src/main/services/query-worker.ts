/**
 * The analytics worker: facet counts and histograms on its own read-only connection, so the main
 * thread stays free for pages, detail and IPC while they run (STYLE.md §3 "Slow queries").
 * Started with `{ upgrade }` it upgrades a case and ends; with `{ export }` it writes one export
 * and ends (the same bundle entry, so neither needs a worker file of its own).
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { Database } from 'better-sqlite3'
import { CaseVersionError } from '../db/migrate'
import { CaseOpenError, openCase } from '../db/open'
import { AppFailure } from '../../shared/ipc/result'
import type { ExportFormat } from '../../shared/ipc/contract'
import type { ExplorerQuery } from '../../shared/ipc/query'
import type { QueryRequest, QueryResponse } from './query-protocol'
import { runQueryOp } from './query-ops'
import { writeEvents } from './export-writer'

/** Started with `{ upgrade }`: bring that case to the current schema, report, and end. */
export interface UpgradeData {
  upgrade: string
  nativeBinding?: string
}
export type UpgradeReply = { ok: true } | { ok: false; message: string; kind: 'case' | 'internal' }

const upgrade = (workerData as Partial<UpgradeData> | null)?.upgrade
if (upgrade) {
  const data = workerData as UpgradeData
  let reply: UpgradeReply
  try {
    openCase(upgrade, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}).close()
    reply = { ok: true }
  } catch (err) {
    const known = err instanceof CaseOpenError || err instanceof CaseVersionError
    reply = { ok: false, message: (err as Error).message, kind: known ? 'case' : 'internal' }
  }
  parentPort?.postMessage(reply)
}

/** Started with `{ export }`: write the matching events to `path` on a read-only connection. */
export interface ExportWorkerData {
  export: { casePath: string; query: ExplorerQuery; format: ExportFormat; path: string }
  nativeBinding?: string | undefined
}
export type ExportWorkerMessage =
  { type: 'progress'; events: number } | { type: 'done'; events: number } | { type: 'error'; message: string }

const exportJob = (workerData as Partial<ExportWorkerData> | null)?.export
if (exportJob) {
  const data = workerData as ExportWorkerData
  const post = (msg: ExportWorkerMessage): void => parentPort?.postMessage(msg)
  void (async () => {
    let conn: Database | null = null
    try {
      conn = openCase(exportJob.casePath, {
        readonly: true,
        ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {})
      })
      const events = await writeEvents(conn, exportJob.query, exportJob.format, exportJob.path, (n) =>
        post({ type: 'progress', events: n })
      )
      post({ type: 'done', events })
    } catch (err) {
      post({ type: 'error', message: err instanceof Error ? err.message : String(err) })
    } finally {
      conn?.close()
    }
  })()
}

let db: Database | null = null
let openError: string | null = null

function reply(msg: QueryResponse): void {
  parentPort?.postMessage(msg)
}

parentPort?.on('message', (msg: QueryRequest) => {
  if (msg.type === 'open') {
    db?.close()
    db = null
    openError = null
    try {
      if (msg.path)
        db = openCase(msg.path, {
          readonly: true,
          ...(msg.nativeBinding ? { nativeBinding: msg.nativeBinding } : {})
        })
    } catch (err) {
      openError = String(err)
    }
    return
  }
  try {
    if (!db)
      throw new AppFailure(
        'no-case',
        openError ? `The case could not be read: ${openError}` : 'No case is open.'
      )
    reply({ type: 'result', id: msg.id, ok: true, value: runQueryOp(db, msg.op, msg.arg) })
  } catch (err) {
    const error =
      err instanceof AppFailure
        ? { code: err.code, message: err.message }
        : { code: 'internal' as const, message: 'the query failed', details: String(err) }
    reply({ type: 'result', id: msg.id, ok: false, error })
  }
})
