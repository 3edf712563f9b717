import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ScanResult } from '../../shared/ipc/case-work'
import { AppFailure } from '../../shared/ipc/result'
import { openCase } from '../db/open'
import { runAppScan } from './scan-job'
import type { ScanWorkerData, ScanWorkerReply } from './scan-worker'

/**
 * Starts the scan worker, or returns null where it cannot be found. Bundled (electron-vite), it is
 * `scan-worker.js` beside the main bundle, which needs its own entry in electron.vite.config.ts
 * like the other workers; from source (tests, the harness) it is the `.ts` file started through a
 * tsx bootstrap, as services/spawn-worker.ts does.
 */
function startScanWorker(data: ScanWorkerData): Worker | null {
  const here = import.meta.url
  if (!here.endsWith('.ts')) {
    const url = new URL('./scan-worker.js', here)
    return existsSync(fileURLToPath(url)) ? new Worker(url, { workerData: data }) : null
  }
  const entry = new URL('./scan-worker.ts', here).href
  const api = import.meta.resolve('tsx/esm/api')
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
  return new Worker(bootstrap, { eval: true, workerData: data })
}

/**
 * Scans the case in a worker thread and resolves with the result. Where the bundle has no scan
 * worker the scan runs on the calling thread rather than not at all.
 */
export function scanInWorker(data: ScanWorkerData): Promise<ScanResult> {
  const worker = startScanWorker(data)
  if (!worker) {
    const db = openCase(data.casePath, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {})
    try {
      return Promise.resolve(runAppScan(db))
    } finally {
      db.close()
    }
  }
  return new Promise((resolve, reject) => {
    let settled = false
    const settle = (fn: () => void): void => {
      if (settled) return
      settled = true
      void worker.terminate()
      fn()
    }
    worker.once('message', (reply: ScanWorkerReply) =>
      settle(() =>
        reply.ok
          ? resolve(reply.value)
          : reject(
              new AppFailure(
                reply.message.includes('busy') ? 'db-busy' : 'internal',
                reply.message,
                reply.details
              )
            )
      )
    )
    worker.once('error', (err) =>
      settle(() => reject(new AppFailure('internal', 'The scan failed.', String(err))))
    )
    worker.once('exit', (code) =>
      settle(() => reject(new AppFailure('internal', `The scan stopped unexpectedly (exit ${code}).`)))
    )
  })
}
