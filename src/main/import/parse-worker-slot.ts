import type { Worker } from 'node:worker_threads'
import { startWorker } from './start-worker'

/**
 * The parse worker of one import: started for the first file and reused for the next ones, so
 * only one parsing thread (and heap) exists at a time. A file whose reading was abandoned mid-way
 * (cancel, a writer error) discards the worker, which may still be sending that file's batches.
 */
export class ParseWorkerSlot {
  private worker: Worker | null = null

  get(): Worker {
    if (this.worker) return this.worker
    // A 16 MiB young generation: V8's default let the parsing heap grow by ~70 MB more, which put
    // a two-file CSV import over 500 MB of peak RSS, for no measurable gain in speed.
    const worker = startWorker('parse-worker', { resourceLimits: { maxYoungGenerationSizeMb: 16 } })
    // The file being read reports errors and exits through its own listeners; between files a
    // worker that dies is only forgotten, so the next file starts a new one.
    worker.on('error', () => {})
    worker.once('exit', () => {
      if (this.worker === worker) this.worker = null
    })
    this.worker = worker
    return worker
  }

  discard(): void {
    const worker = this.worker
    this.worker = null
    if (worker) void worker.terminate()
  }
}
