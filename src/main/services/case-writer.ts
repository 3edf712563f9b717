import type { Database } from 'better-sqlite3'
import { AppFailure } from '../../shared/ipc/result'
import { openCase } from '../db/open'
import type { CaseSession } from './case-session'

/**
 * The writable connection for the analyst's own small writes (triage, suppressions, annotations and
 * their case-log entries). Main otherwise reads through the session's read-only connection and the
 * import worker writes evidence; these writes are a few rows in one short transaction each, so
 * they run here rather than in a worker, and SQLite's busy timeout orders them with an import's
 * batches. Opened lazily for the session's current case and dropped when the case changes.
 */
export class CaseWriter {
  private db: Database | null = null
  private path: string | null = null

  constructor(private readonly session: CaseSession) {}

  connection(): Database {
    const path = this.session.casePath
    if (!path) throw new AppFailure('no-case', 'No case is open: create or open a case first.')
    if (this.db && this.path === path) return this.db
    this.close()
    const binding = this.session.nativeBinding
    this.db = openCase(path, binding ? { nativeBinding: binding } : {})
    this.path = path
    return this.db
  }

  /** Runs `fn` in one immediate transaction: the change and its case-log entry commit together. */
  write<T>(fn: (db: Database) => T): T {
    const db = this.connection()
    return db.transaction(() => fn(db)).immediate()
  }

  close(): void {
    this.db?.close()
    this.db = null
    this.path = null
  }
}
