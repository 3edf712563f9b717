import { existsSync, statSync } from 'node:fs'
import { basename } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { CaseSummary } from '../../shared/ipc/contract'
import { AppFailure } from '../../shared/ipc/result'
import { caseTimeRange, resetExplorerCaches } from '../db/explorer'
import { schemaVersionOf } from '../db/explorer-case'
import { CaseVersionError, SCHEMA_VERSION } from '../db/migrate'
import { CaseOpenError, openCase } from '../db/open'
import { unindexedCount } from '../db/search-index'
import { pendingIndexes } from '../db/bulk-load'
import type { UpgradeData, UpgradeReply } from './query-worker'
import { spawnWorker, workerAnswer } from './spawn-worker'

export interface SessionOptions {
  /** better-sqlite3 built for Electron's ABI, when running inside Electron. */
  nativeBinding?: string
}

function openFailure(err: unknown): AppFailure {
  if (err instanceof CaseVersionError || err instanceof CaseOpenError)
    return new AppFailure('unsupported-format', err.message)
  return new AppFailure('internal', 'the case file could not be opened', String(err))
}

/**
 * The open case. Main reads through one read-only connection (the import worker owns the only
 * writer, STYLE.md §3); a case is opened for writing once first so an older schema is brought up to
 * date, then reopened read-only.
 */
export class CaseSession {
  private db: Database | null = null
  private path: string | null = null
  private cachedSummary: CaseSummary | null = null
  generation = 0

  constructor(private readonly options: SessionOptions = {}) {}

  get casePath(): string | null {
    return this.path
  }

  get nativeBinding(): string | undefined {
    return this.options.nativeBinding
  }

  /** The read-only connection, or a 'no-case' failure. */
  connection(): Database {
    if (!this.db) throw new AppFailure('no-case', 'No case is open: create or open a case first.')
    return this.db
  }

  private binding(): { nativeBinding?: string } {
    return this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}
  }

  /** Creates a new, empty case file (refusing to replace an existing file) and opens it. */
  create(path: string): Promise<CaseSummary> {
    if (existsSync(path))
      throw new AppFailure(
        'invalid-argument',
        `${basename(path)} already exists: choose a new file name for the case.`
      )
    try {
      openCase(path, { create: true, ...this.binding() }).close()
    } catch (err) {
      throw openFailure(err)
    }
    return this.open(path)
  }

  /**
   * Opens a case read-only. A case written by an older Authtrail is first upgraded in a worker
   * thread (its migrations may build indexes over millions of rows; main keeps serving meanwhile).
   */
  async open(path: string): Promise<CaseSummary> {
    if (!existsSync(path)) throw new AppFailure('not-found', `There is no case file at ${path}.`)
    const version = schemaVersionOf(path, this.options.nativeBinding)
    if (version !== null && version < SCHEMA_VERSION) await this.upgradeInWorker(path)
    let db: Database
    try {
      if (version === null) openCase(path, { ...this.binding() }).close()
      db = openCase(path, { readonly: true, ...this.binding() })
    } catch (err) {
      throw openFailure(err)
    }
    this.close()
    this.db = db
    this.path = path
    return this.changed()
  }

  private upgradeInWorker(path: string): Promise<void> {
    const data: UpgradeData = { upgrade: path, ...this.binding() }
    const worker = spawnWorker('query-worker', { workerData: data })
    return workerAnswer(worker, 'The upgrade of the case file', (reply: UpgradeReply) => {
      if (reply.ok) return { value: undefined }
      throw reply.kind === 'case'
        ? new AppFailure('unsupported-format', reply.message)
        : new AppFailure('internal', 'the case file could not be upgraded', reply.message)
    })
  }

  close(): void {
    if (this.db) {
      resetExplorerCaches(this.db)
      this.db.close()
    }
    this.db = null
    this.path = null
    this.cachedSummary = null
    this.generation++
  }

  /** The case changed on disk (an import finished): new generation, fresh counts. */
  changed(): CaseSummary {
    this.generation++
    this.cachedSummary = null
    if (this.db) resetExplorerCaches(this.db)
    const s = this.summary()
    if (!s) throw new AppFailure('no-case', 'No case is open.')
    return s
  }

  summary(): CaseSummary | null {
    if (!this.db || !this.path) return null
    if (this.cachedSummary) return this.cachedSummary
    const db = this.db
    const kinds = db.prepare(`SELECT kind, count(*) AS n FROM events GROUP BY kind`).all() as {
      kind: string
      n: number
    }[]
    const audit = kinds.find((k) => k.kind === 'audit')?.n ?? 0
    const signin = kinds.find((k) => k.kind === 'signin')?.n ?? 0
    const range = caseTimeRange(db)
    let sizeBytes: number
    try {
      sizeBytes = statSync(this.path).size
    } catch {
      sizeBytes = 0
    }
    this.cachedSummary = {
      path: this.path,
      name: basename(this.path),
      sizeBytes,
      events: { audit, signin, total: audit + signin },
      first: range?.first ?? null,
      last: range?.last ?? null,
      files: db.prepare(`SELECT count(*) FROM files`).pluck().get() as number,
      unindexed: unindexedCount(db),
      pendingIndexes: pendingIndexes(db).length,
      generation: this.generation
    }
    return this.cachedSummary
  }

  /** Copies the case to a new file with SQLite's online backup (consistent while reads go on). */
  async copyTo(path: string): Promise<void> {
    const db = this.connection()
    if (existsSync(path))
      throw new AppFailure('invalid-argument', `${basename(path)} already exists: choose a new file name.`)
    await db.backup(path)
  }
}
