import { randomUUID } from 'node:crypto'
import { statSync } from 'node:fs'
import type { Worker } from 'node:worker_threads'
import type {
  ImportFileSummary,
  ImportFinishedEvent,
  ImportJobInfo,
  MainEvents
} from '../../shared/ipc/contract'
import { AppFailure } from '../../shared/ipc/result'
import { importLogEntry } from '../db/case-log'
import { expandPaths, type FileReport } from '../import/import-job'
import type { ImportWorkerControl, ImportWorkerData, ImportWorkerMessage } from '../import/import-worker'
import { startWorker } from '../import/start-worker'
import type { CaseSession } from './case-session'
import { logCaseAction } from './case-log-writer'

/** Phases after the import's commit: derived data, resumed by the next import when stopped. */
function afterCommit(phase: string): boolean {
  return phase === 'optimizing' || phase === 'indexing'
}

export type Emit = <E extends keyof MainEvents>(event: E, payload: MainEvents[E]) => void

interface Job {
  info: ImportJobInfo
  worker: Worker
  phase: string
  fileIndex: number
  speed: Speedometer
  cancelRequested: boolean
  settled: boolean
}

function summary(f: FileReport): ImportFileSummary {
  return {
    path: f.path,
    sha256: f.sha256,
    format: f.format,
    layout: f.layout,
    encoding: f.encoding,
    status: f.status,
    error: f.error,
    records: f.records,
    imported: f.imported,
    duplicates: f.duplicates,
    rejected: f.rejected,
    authDetails: f.authDetails,
    issues: f.issues,
    issuesTotal: f.issuesTotal,
    notes: f.notes
  }
}

/**
 * Reading speed of the current file from consecutive progress reports (bytes and events between
 * two reports over the time between them, smoothed), so hashing the file first and waiting for
 * the first batch do not distort it. Zero until two reading reports of the same file have arrived.
 */
export class Speedometer {
  private last: { file: number; at: number; bytes: number; events: number } | null = null
  private bytesRate = 0
  private eventsRate = 0

  update(
    p: { fileIndex: number; phase: string; bytesRead: number; events: number; duplicates: number },
    now: number
  ): { bytesPerSecond: number; eventsPerSecond: number } {
    const events = p.events + p.duplicates
    if (p.phase !== 'reading') {
      if (this.last?.file !== p.fileIndex) {
        this.last = null
        this.bytesRate = 0
        this.eventsRate = 0
      }
      return { bytesPerSecond: Math.round(this.bytesRate), eventsPerSecond: Math.round(this.eventsRate) }
    }
    const prev = this.last
    if (prev && prev.file === p.fileIndex && now > prev.at && p.bytesRead >= prev.bytes) {
      const seconds = (now - prev.at) / 1000
      const b = (p.bytesRead - prev.bytes) / seconds
      const e = (events - prev.events) / seconds
      this.bytesRate = this.bytesRate ? this.bytesRate * 0.6 + b * 0.4 : b
      this.eventsRate = this.eventsRate ? this.eventsRate * 0.6 + e * 0.4 : e
    } else if (!prev || prev.file !== p.fileIndex) {
      this.bytesRate = 0
      this.eventsRate = 0
    }
    this.last = { file: p.fileIndex, at: now, bytes: p.bytesRead, events }
    return { bytesPerSecond: Math.round(this.bytesRate), eventsPerSecond: Math.round(this.eventsRate) }
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/**
 * Import jobs: one at a time, each in the import worker (src/main/import/import-worker.ts), which
 * runs `importIntoCase` with its own writer connection. Progress and the final per-file report are
 * pushed to the renderer as `import:*` events.
 */
export class ImportService {
  private job: Job | null = null
  /** Resolves when the running job has finished (tests and shutdown wait on it). */
  private idle: Promise<void> = Promise.resolve()

  constructor(
    private readonly session: CaseSession,
    private readonly emit: Emit,
    /** `evidence`: events may have been added (not only indexes built). */
    private readonly onImported: (evidence: boolean) => void,
    private readonly reportIssues = 200
  ) {}

  current(): ImportJobInfo | null {
    return this.job?.info ?? null
  }

  get busy(): boolean {
    return this.job !== null
  }

  whenIdle(): Promise<void> {
    return this.idle
  }

  start(paths: readonly string[]): ImportJobInfo {
    const casePath = this.session.casePath
    if (!casePath) throw new AppFailure('no-case', 'Create or open a case before importing files.')
    if (this.job) throw new AppFailure('busy', 'An import is already running: wait for it or cancel it.')
    const plan = expandPaths(paths)
    if (plan.files.length === 0)
      throw new AppFailure(
        'invalid-argument',
        plan.missing.length
          ? `Nothing to import: ${plan.missing.join(', ')} could not be found.`
          : 'Nothing to import: no CSV, JSON or JSONL export files were found there.'
      )
    return this.launch(paths, {
      jobId: randomUUID(),
      files: plan.files.map((path) => ({ path, size: sizeOf(path) })),
      skipped: [...plan.missing, ...plan.skipped],
      startedAt: Date.now()
    })
  }

  /**
   * Finishes what an earlier import left after its commit (it was stopped while the filter indexes
   * were being built): a job with no files, shown like an import, that only builds indexes.
   * Returns null when there is nothing to do or something is already running.
   */
  resume(): ImportJobInfo | null {
    if (!this.session.casePath || this.job) return null
    const summary = this.session.summary()
    if (!summary || summary.pendingIndexes === 0) return null
    return this.launch([], { jobId: randomUUID(), files: [], skipped: [], startedAt: Date.now() })
  }

  private launch(paths: readonly string[], info: ImportJobInfo): ImportJobInfo {
    const casePath = this.session.casePath as string
    const data: ImportWorkerData = {
      casePath,
      paths: [...paths],
      reportIssues: this.reportIssues,
      ...(this.session.nativeBinding ? { nativeBinding: this.session.nativeBinding } : {})
    }
    const worker = startWorker('import-worker', { workerData: data })
    const job: Job = {
      info,
      worker,
      phase: 'hashing',
      fileIndex: -1,
      speed: new Speedometer(),
      cancelRequested: false,
      settled: false
    }
    this.job = job
    let markIdle: () => void = () => {}
    this.idle = new Promise((resolve) => (markIdle = resolve))
    const finish = (event: Omit<ImportFinishedEvent, 'jobId' | 'elapsedMs'>): void => {
      if (job.settled) return
      job.settled = true
      this.job = null
      void worker.terminate()
      // The case changed even when the search index was stopped part-way.
      if (event.outcome !== 'failed' || event.files.length) this.onImported(info.files.length > 0)
      this.emit('import:finished', { ...event, jobId: info.jobId, elapsedMs: Date.now() - info.startedAt })
      markIdle()
    }
    worker.on('message', (msg: ImportWorkerMessage) => {
      switch (msg.type) {
        case 'progress': {
          const p = msg.progress
          const now = performance.now()
          const speed = job.speed.update(p, now)
          job.fileIndex = p.fileIndex
          job.phase = p.phase
          this.emit('import:progress', {
            jobId: info.jobId,
            ...p,
            ...speed,
            elapsedMs: Date.now() - info.startedAt
          })
          break
        }
        case 'done': {
          // The worker has committed and holds no transaction: record the import in the case log
          // (a job that only finished indexes changed no evidence and is not an analyst action).
          let error: ImportFinishedEvent['error'] = null
          try {
            if (info.files.length > 0) {
              const entry = importLogEntry(msg.report.files, msg.report.skipped)
              logCaseAction(this.session, 'import', entry.summary, entry.detail)
            }
          } catch (err) {
            error = {
              code: 'internal',
              message: 'The files were imported, but the case log entry could not be written.',
              details: String(err)
            }
          }
          finish({
            outcome: 'done',
            files: msg.report.files.map(summary),
            skipped: [...info.skipped],
            error
          })
          break
        }
        case 'cancelled':
          finish({
            outcome: 'cancelled',
            files: [],
            skipped: [...info.skipped],
            error: { code: 'cancelled', message: 'Import cancelled: the case is unchanged.' }
          })
          break
        case 'failed':
          finish({
            outcome: 'failed',
            files: [],
            skipped: [...info.skipped],
            error: { code: 'internal', message: `The import failed: ${msg.message}`, details: msg.details }
          })
          break
      }
    })
    worker.on('error', (err) =>
      finish({
        outcome: 'failed',
        files: [],
        skipped: [...info.skipped],
        error: { code: 'internal', message: 'The import stopped unexpectedly.', details: String(err) }
      })
    )
    worker.on('exit', (code) => {
      if (job.cancelRequested && afterCommit(job.phase)) {
        finish({
          outcome: 'cancelled',
          files: [],
          skipped: [...info.skipped],
          error: {
            code: 'cancelled',
            message:
              job.phase === 'optimizing'
                ? 'Stopped while building the filter indexes: the events were imported and can be browsed; filters stay slower until the rest are built, the next time the case is opened or imported into.'
                : 'Cancelled while building the search index: the events were imported, and free-text search will cover the rest after the next import.'
          }
        })
      } else
        finish({
          outcome: 'failed',
          files: [],
          skipped: [...info.skipped],
          error: { code: 'internal', message: `The import stopped unexpectedly (exit ${code}).` }
        })
    })
    this.emit('import:started', info)
    return info
  }

  cancel(jobId: string): void {
    const job = this.job
    if (!job || job.info.jobId !== jobId) throw new AppFailure('not-found', 'That import is not running.')
    job.cancelRequested = true
    // The import itself rolls back on cancel; the indexes are built after the commit, in
    // resumable steps, so stopping them means ending the worker.
    if (afterCommit(job.phase)) void job.worker.terminate()
    else job.worker.postMessage({ type: 'cancel' } satisfies ImportWorkerControl)
  }

  async close(): Promise<void> {
    const job = this.job
    if (job) {
      this.cancel(job.info.jobId)
      await this.idle
    }
  }
}
