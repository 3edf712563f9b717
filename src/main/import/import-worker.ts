/**
 * The import worker: runs a whole `importIntoCase` off Electron's main thread (TOOLCHAIN.md §6.2: an
 * import on the main thread would freeze the app for tens of seconds). It owns the case's only
 * writer connection for the duration of the import and relays progress at most ten times a second.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openCase } from '../db/open'
import { ImportCancelled, importIntoCase, type ImportProgress, type ImportReport } from './import-job'

export interface ImportWorkerData {
  casePath: string
  paths: string[]
  nativeBinding?: string
  /** Issues listed per file in the report. */
  reportIssues: number
}

export type ImportWorkerControl = { type: 'cancel' }

export type ImportWorkerMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; report: ImportReport }
  | { type: 'cancelled' }
  | { type: 'failed'; message: string; details: string }

const PROGRESS_INTERVAL_MS = 100

async function run(data: ImportWorkerData): Promise<void> {
  const port = parentPort
  if (!port) return
  const send = (msg: ImportWorkerMessage): void => port.postMessage(msg)
  const controller = new AbortController()
  port.on('message', (msg: ImportWorkerControl) => {
    if (msg.type === 'cancel') controller.abort()
  })
  let db
  try {
    db = openCase(data.casePath, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {})
  } catch (err) {
    send({ type: 'failed', message: (err as Error).message, details: String(err) })
    return
  }
  let lastSent = 0
  let lastKey = ''
  try {
    const report = await importIntoCase(db, data.paths, {
      signal: controller.signal,
      reportIssues: data.reportIssues,
      onProgress: (p) => {
        const now = performance.now()
        // Phase and file changes always go out; within a phase, at most every 100 ms.
        const key = `${p.fileIndex}:${p.phase}`
        if (key === lastKey && now - lastSent < PROGRESS_INTERVAL_MS) return
        lastKey = key
        lastSent = now
        send({ type: 'progress', progress: { ...p } })
      }
    })
    send({ type: 'done', report })
  } catch (err) {
    if (err instanceof ImportCancelled) send({ type: 'cancelled' })
    else
      send({
        type: 'failed',
        message: (err as Error).message ?? String(err),
        details: String((err as Error).stack ?? err)
      })
  } finally {
    db.close()
  }
}

if (parentPort && workerData) void run(workerData as ImportWorkerData)
