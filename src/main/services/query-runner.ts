import type { Worker } from 'node:worker_threads'
import { AppFailure, type AppError } from '../../shared/ipc/result'
import type { CaseSession } from './case-session'
import { runQueryOp } from './query-ops'
import type { QueryOp, QueryOps, QueryRequest, QueryResponse } from './query-protocol'
import { spawnWorker } from './spawn-worker'

/** Where facet counts and histograms run. */
export interface QueryRunner {
  /** The case changed (opened, closed or re-imported). */
  reopen(): void
  /**
   * Runs an aggregate. A newer request with the same key supersedes an older one that has not
   * finished: the older one fails with 'cancelled' (the renderer has moved on to a new filter).
   */
  run<K extends QueryOp>(op: K, arg: QueryOps[K]['arg'], key: string): Promise<QueryOps[K]['value']>
  close(): Promise<void>
}

/** On the calling thread: for tests and tools. */
export class InlineQueryRunner implements QueryRunner {
  constructor(private readonly session: CaseSession) {}
  reopen(): void {}
  async run<K extends QueryOp>(op: K, arg: QueryOps[K]['arg']): Promise<QueryOps[K]['value']> {
    return runQueryOp(this.session.connection(), op, arg)
  }
  async close(): Promise<void> {}
}

interface Pending {
  id: number
  key: string
  request: QueryRequest & { type: 'run' }
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
  startedAt: number
}

const cancelled = (): AppFailure =>
  new AppFailure('cancelled', 'superseded by a newer request for the same view')

/**
 * One analytics worker thread with a queue in front of it: one request at a time, queued requests
 * superseded by key, and a request stuck behind a superseded long one ends it by terminating the
 * worker (better-sqlite3 has no interrupt, #707) and starting a fresh one.
 */
export class WorkerQueryRunner implements QueryRunner {
  /** A superseded query that has run this long is ended instead of waited for. */
  static readonly ABANDON_AFTER_MS = 400
  private worker: Worker | null = null
  private nextId = 1
  private running: Pending | null = null
  private readonly queue: Pending[] = []
  private closed = false

  constructor(private readonly session: CaseSession) {}

  private ensureWorker(): Worker {
    if (this.worker) return this.worker
    const w = spawnWorker('query-worker', {})
    w.unref()
    w.on('message', (msg: QueryResponse) => this.onMessage(msg))
    w.on('error', (err) => this.onCrash(err))
    w.on('exit', () => {
      if (this.worker === w) this.onCrash(new Error('the query worker stopped'))
    })
    this.worker = w
    this.post({ type: 'open', path: this.session.casePath, ...this.bindingOption() })
    return w
  }

  private bindingOption(): { nativeBinding?: string } {
    return this.session.nativeBinding ? { nativeBinding: this.session.nativeBinding } : {}
  }

  private post(msg: QueryRequest): void {
    this.worker?.postMessage(msg)
  }

  reopen(): void {
    for (const p of this.queue.splice(0)) p.reject(cancelled())
    if (this.worker) this.post({ type: 'open', path: this.session.casePath, ...this.bindingOption() })
  }

  run<K extends QueryOp>(op: K, arg: QueryOps[K]['arg'], key: string): Promise<QueryOps[K]['value']> {
    if (this.closed) return Promise.reject(new AppFailure('internal', 'the query runner is closed'))
    if (!this.session.casePath) return Promise.reject(new AppFailure('no-case', 'No case is open.'))
    return new Promise((resolve, reject) => {
      const id = this.nextId++
      for (let i = this.queue.length - 1; i >= 0; i--) {
        const q = this.queue[i] as Pending
        if (q.key === key) {
          this.queue.splice(i, 1)
          q.reject(cancelled())
        }
      }
      this.queue.push({
        id,
        key,
        request: { type: 'run', id, op, arg } as QueryRequest & { type: 'run' },
        resolve: resolve as (v: unknown) => void,
        reject,
        startedAt: 0
      })
      const r = this.running
      if (r && r.key === key && performance.now() - r.startedAt > WorkerQueryRunner.ABANDON_AFTER_MS) {
        this.restart(cancelled())
      }
      this.pump()
    })
  }

  private pump(): void {
    if (this.running || this.closed) return
    const next = this.queue.shift()
    if (!next) return
    this.ensureWorker()
    next.startedAt = performance.now()
    this.running = next
    this.post(next.request)
  }

  private onMessage(msg: QueryResponse): void {
    const r = this.running
    if (!r || msg.id !== r.id) return
    this.running = null
    if (msg.ok) r.resolve(msg.value)
    else r.reject(new AppFailure((msg.error as AppError).code, msg.error.message, msg.error.details))
    this.pump()
  }

  /** Ends the worker (and the query it runs), failing that query with `reason`. */
  private restart(reason: unknown): void {
    const w = this.worker
    this.worker = null
    const r = this.running
    this.running = null
    r?.reject(reason)
    if (w) void w.terminate()
  }

  private onCrash(err: unknown): void {
    this.restart(new AppFailure('internal', 'the query failed', String(err)))
    this.pump()
  }

  async close(): Promise<void> {
    this.closed = true
    for (const p of this.queue.splice(0)) p.reject(cancelled())
    this.running?.reject(cancelled())
    this.running = null
    const w = this.worker
    this.worker = null
    if (w) await w.terminate()
  }
}
