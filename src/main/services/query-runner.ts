import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { AppFailure, type AppError } from '../../shared/ipc/result'
import type { CaseSession } from './case-session'
import { noteQuery } from '../db/slow-query-log'
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
  run<K extends QueryOp>(
    op: K,
    arg: QueryOps[K]['arg'],
    key: string,
    priority?: number
  ): Promise<QueryOps[K]['value']>
  close(): Promise<void>
}

/** On the calling thread: for tests and tools. */
export class InlineQueryRunner implements QueryRunner {
  constructor(private readonly session: CaseSession) {}
  reopen(): void {}
  async run<K extends QueryOp>(op: K, arg: QueryOps[K]['arg']): Promise<QueryOps[K]['value']> {
    const value = runQueryOp(this.session.connection(), op, arg)
    noteAggregate(op, arg, value)
    return value
  }
  async close(): Promise<void> {}
}

interface Pending {
  id: number
  key: string
  priority: number
  request: QueryRequest & { type: 'run' }
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
  startedAt: number
}

interface Slot {
  worker: Worker | null
  running: Pending | null
}

/** The slow-query log (main's console and ring) gets aggregates with the time the worker measured. */
function noteAggregate<K extends QueryOp>(op: K, arg: QueryOps[K]['arg'], value: QueryOps[K]['value']): void {
  if (op === 'facet') {
    const v = value as QueryOps['facet']['value']
    const a = arg as QueryOps['facet']['arg']
    noteQuery('facet', a.field, a.query, v.ms, v.values.length)
  } else if (op === 'histogram') {
    const v = value as QueryOps['histogram']['value']
    noteQuery('histogram', '', (arg as QueryOps['histogram']['arg']).query, v.ms, v.counts.length)
  }
}

const cancelled = (): AppFailure =>
  new AppFailure('cancelled', 'superseded by a newer request for the same view')

/** Analytics workers: one per spare core, at most two (each holds a connection and its page cache). */
export function defaultQueryWorkers(): number {
  return Math.max(1, Math.min(2, availableParallelism() - 1))
}

/**
 * A small pool of analytics worker threads behind one queue: higher priority first (the histogram
 * before the facets), queued requests superseded by key, and a superseded request that has already
 * run for a while ended by terminating its worker (better-sqlite3 has no interrupt, #707) and
 * starting a fresh one.
 */
export class WorkerQueryRunner implements QueryRunner {
  /** A superseded query that has run this long is ended instead of waited for. */
  static readonly ABANDON_AFTER_MS = 400
  private readonly slots: Slot[]
  private nextId = 1
  private readonly queue: Pending[] = []
  private closed = false

  constructor(
    private readonly session: CaseSession,
    workers = defaultQueryWorkers()
  ) {
    this.slots = Array.from({ length: Math.max(1, workers) }, () => ({ worker: null, running: null }))
  }

  private ensureWorker(slot: Slot): Worker {
    if (slot.worker) return slot.worker
    const w = spawnWorker('query-worker', {})
    w.unref()
    w.on('message', (msg: QueryResponse) => this.onMessage(slot, msg))
    w.on('error', (err) => this.onCrash(slot, w, err))
    w.on('exit', () => this.onCrash(slot, w, new Error('the query worker stopped')))
    slot.worker = w
    w.postMessage({
      type: 'open',
      path: this.session.casePath,
      ...this.bindingOption()
    } satisfies QueryRequest)
    return w
  }

  private bindingOption(): { nativeBinding?: string } {
    return this.session.nativeBinding ? { nativeBinding: this.session.nativeBinding } : {}
  }

  reopen(): void {
    for (const p of this.queue.splice(0)) p.reject(cancelled())
    for (const slot of this.slots)
      slot.worker?.postMessage({
        type: 'open',
        path: this.session.casePath,
        ...this.bindingOption()
      } satisfies QueryRequest)
  }

  run<K extends QueryOp>(
    op: K,
    arg: QueryOps[K]['arg'],
    key: string,
    priority = 0
  ): Promise<QueryOps[K]['value']> {
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
      const item: Pending = {
        id,
        key,
        priority,
        request: { type: 'run', id, op, arg } as QueryRequest & { type: 'run' },
        resolve: resolve as (v: unknown) => void,
        reject,
        startedAt: 0
      }
      // Stable by priority: after every queued request of the same or higher priority.
      const at = this.queue.findIndex((q) => q.priority < priority)
      if (at < 0) this.queue.push(item)
      else this.queue.splice(at, 0, item)
      for (const slot of this.slots) {
        const r = slot.running
        if (r && r.key === key && performance.now() - r.startedAt > WorkerQueryRunner.ABANDON_AFTER_MS)
          this.restart(slot, cancelled())
      }
      this.pump()
    })
  }

  private pump(): void {
    if (this.closed) return
    for (const slot of this.slots) {
      if (slot.running) continue
      const next = this.queue.shift()
      if (!next) return
      const w = this.ensureWorker(slot)
      next.startedAt = performance.now()
      slot.running = next
      w.postMessage(next.request)
    }
  }

  private onMessage(slot: Slot, msg: QueryResponse): void {
    const r = slot.running
    if (!r || msg.id !== r.id) return
    slot.running = null
    if (msg.ok) {
      noteAggregate(r.request.op, r.request.arg, msg.value as QueryOps[QueryOp]['value'])
      r.resolve(msg.value)
    } else r.reject(new AppFailure((msg.error as AppError).code, msg.error.message, msg.error.details))
    this.pump()
  }

  /** Ends a slot's worker (and the query it runs), failing that query with `reason`. */
  private restart(slot: Slot, reason: unknown): void {
    const w = slot.worker
    slot.worker = null
    const r = slot.running
    slot.running = null
    r?.reject(reason)
    if (w) void w.terminate()
  }

  private onCrash(slot: Slot, w: Worker, err: unknown): void {
    if (slot.worker !== w) return
    this.restart(slot, new AppFailure('internal', 'the query failed', String(err)))
    this.pump()
  }

  async close(): Promise<void> {
    this.closed = true
    for (const p of this.queue.splice(0)) p.reject(cancelled())
    const workers: Worker[] = []
    for (const slot of this.slots) {
      slot.running?.reject(cancelled())
      slot.running = null
      if (slot.worker) workers.push(slot.worker)
      slot.worker = null
    }
    await Promise.all(workers.map((w) => w.terminate()))
  }
}
