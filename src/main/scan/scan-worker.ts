/**
 * The scan worker: runs the detection catalog over a case on its own writable connection, so a
 * scan of a million events (seconds) never blocks the main thread that serves the UI.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { ScanResult } from '../../shared/ipc/case-work'
import { openCase } from '../db/open'
import { runAppScan } from './scan-job'

export interface ScanWorkerData {
  casePath: string
  nativeBinding?: string
}

export type ScanWorkerReply =
  { ok: true; value: ScanResult } | { ok: false; message: string; details: string }

const data = workerData as ScanWorkerData
let reply: ScanWorkerReply
try {
  const db = openCase(data.casePath, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {})
  try {
    reply = { ok: true, value: runAppScan(db) }
  } finally {
    db.close()
  }
} catch (err) {
  const code = (err as { code?: unknown }).code
  reply = {
    ok: false,
    message:
      code === 'SQLITE_BUSY' ? 'The case file is busy; try the scan again in a moment.' : 'The scan failed.',
    details: err instanceof Error ? (err.stack ?? err.message) : String(err)
  }
}
parentPort?.postMessage(reply)
