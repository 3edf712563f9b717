import { closeSync, existsSync, openSync, readSync } from 'node:fs'
import Database from 'better-sqlite3'
import type { Database as Db } from 'better-sqlite3'
import { basename } from 'node:path'
import { appendCaseLog } from './case-log'
import { CaseVersionError, migrate, SCHEMA_VERSION } from './migrate'

export class CaseOpenError extends Error {}

export interface OpenOptions {
  /** Create the case when the file does not exist (import does; queries do not). */
  create?: boolean
  readonly?: boolean
  /** The better-sqlite3 binary built for Electron's ABI, when running inside Electron. */
  nativeBinding?: string
}

const SQLITE_MAGIC = 'SQLite format 3\u0000'

function looksLikeSqlite(path: string): boolean {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(16)
    const n = readSync(fd, buf, 0, 16, 0)
    return n === 0 || buf.toString('latin1', 0, n) === SQLITE_MAGIC
  } finally {
    closeSync(fd)
  }
}

/** Opens (or creates) a `.authtrail` case file, brought to the current schema. */
export function openCase(path: string, options: OpenOptions = {}): Db {
  const exists = existsSync(path)
  if (!exists && !options.create) throw new CaseOpenError(`no case file at ${path}`)
  if (exists && !looksLikeSqlite(path)) throw new CaseOpenError(`${path} is not an Authtrail case file`)

  let db: Db
  try {
    db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: !options.create,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
    })
  } catch (err) {
    throw new CaseOpenError(`cannot open ${path}: ${(err as Error).message}`)
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as { n: number }
    if (version === 0 && tables.n > 0)
      throw new CaseOpenError(`${path} is an SQLite database but not an Authtrail case file`)
    if (version > SCHEMA_VERSION) migrate(db) // throws the newer-version error
    if (options.readonly) {
      if (version < SCHEMA_VERSION)
        throw new CaseOpenError(`${path} needs an upgrade; open it once for writing`)
    } else {
      // 16 KB pages suit ~2 KB rows (TOOLCHAIN.md §4d); it only takes effect before the first table.
      if (version === 0) db.pragma('page_size = 16384')
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      migrate(db)
      if (version === 0) {
        const put = db.prepare(`INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)`)
        put.run('app', 'authtrail')
        put.run('created_at', new Date().toISOString())
        appendCaseLog(db, 'case-created', `Case ${basename(path)} created`, { file: basename(path) })
      }
    }
    db.pragma('busy_timeout = 5000')
    db.pragma('cache_size = -65536')
    db.pragma('temp_store = MEMORY')
    return db
  } catch (err) {
    db.close()
    if (err instanceof CaseVersionError || err instanceof CaseOpenError) throw err
    throw new CaseOpenError(`cannot open ${path}: ${(err as Error).message}`)
  }
}
