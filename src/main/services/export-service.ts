import { basename } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { ExportFormat, ExportResult } from '../../shared/ipc/contract'
import type { ExplorerQuery } from '../../shared/ipc/query'
import { AppFailure } from '../../shared/ipc/result'
import { writeEvents } from './export-writer'
import type { ExportWorkerData, ExportWorkerMessage } from './query-worker'
import { spawnWorker, workerAnswer } from './spawn-worker'

export { csvCell, csvRow } from './export-writer'

export interface ExportOptions {
  /**
   * Write in a worker thread with its own read-only connection to the same case file, so the
   * main thread only relays progress (the app). Without it, or for a connection with no file,
   * the export runs on the calling thread, yielding between pages (the CLI, tools).
   */
  worker?: { nativeBinding?: string | undefined }
  /** Events written so far, after each page of 1,000. */
  onProgress?: (events: number) => void
}

/**
 * Writes every event matching the query to `path`, oldest first (export-writer.ts: byte for byte
 * the same file on either thread), then records the export through `log`.
 */
export async function exportEvents(
  db: Database,
  query: ExplorerQuery,
  format: ExportFormat,
  path: string,
  /** Records the export in the case log (the caller holds the writer): called once the file is complete. */
  log?: (summary: string, detail: Record<string, unknown>) => void,
  options: ExportOptions = {}
): Promise<ExportResult> {
  const t0 = performance.now()
  const file = db.memory ? null : db.name
  const count =
    options.worker && file
      ? await exportInWorker(
          { export: { casePath: file, query, format, path }, nativeBinding: options.worker.nativeBinding },
          options.onProgress
        )
      : await writeEvents(db, query, format, path, options.onProgress)
  log?.(`Exported ${count} event${count === 1 ? '' : 's'} as ${format} to ${basename(path)}`, {
    path,
    format,
    events: count,
    query
  })
  return { path, events: count, ms: Math.round(performance.now() - t0) }
}

/** Runs one export in a fresh analytics worker thread (query-worker.ts in its export mode). */
function exportInWorker(data: ExportWorkerData, onProgress?: (events: number) => void): Promise<number> {
  const worker = spawnWorker('query-worker', { workerData: data })
  return workerAnswer(worker, 'The export', (msg: ExportWorkerMessage) => {
    if (msg.type === 'progress') {
      onProgress?.(msg.events)
      return null
    }
    if (msg.type === 'done') return { value: msg.events }
    throw new AppFailure('internal', 'The export failed.', msg.message)
  })
}
