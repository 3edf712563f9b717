import type { Database } from 'better-sqlite3'

/**
 * The index an import itself reads (whether a file already gave a source of an event); every
 * other index on events and their sources can wait until the end. The fingerprint index waits too:
 * its keys arrive in random order, which made it the dearest index to keep up to date (4.7 µs of
 * the writer's 26 µs an event at a million events), so the writer looks identities up in memory
 * while it is missing (stored-identities.ts).
 */
const KEPT = new Set(['event_sources_event'])

interface PendingIndex {
  name: string
  sql: string
}

function readPending(db: Database): PendingIndex[] {
  const value = db.prepare(`SELECT value FROM meta WHERE key = 'pending_indexes'`).pluck().get() as
    string | undefined
  return value ? (JSON.parse(value) as PendingIndex[]) : []
}

function writePending(db: Database, pending: readonly PendingIndex[]): void {
  if (pending.length === 0) db.prepare(`DELETE FROM meta WHERE key = 'pending_indexes'`).run()
  else
    db.prepare(
      `INSERT INTO meta (key, value) VALUES ('pending_indexes', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`
    ).run(JSON.stringify(pending))
}

/**
 * For an import much larger than the case, maintaining every filter index row by row costs three
 * times more than building it afterwards (TOOLCHAIN.md §4d), and building them inside the import's
 * transaction doubled the wait before the case could be used (20-26 s at 1M events). So they are
 * dropped inside the import's transaction and listed in `meta` as pending: the commit makes both
 * durable together (a rollback restores the indexes with everything else), and `buildPendingIndexes`
 * recreates them after the commit, one per transaction, resuming wherever an interruption left off.
 * Until then every query still answers, from a scan instead of an index.
 */
export function deferIndexes(db: Database): void {
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master
        WHERE type = 'index' AND tbl_name IN ('events', 'event_sources') AND sql IS NOT NULL`
    )
    .all() as PendingIndex[]
  const dropped = indexes.filter((i) => !KEPT.has(i.name))
  if (dropped.length === 0) return
  for (const i of dropped) db.exec(`DROP INDEX ${i.name}`)
  writePending(db, [...readPending(db), ...dropped])
}

/** Names of the indexes dropped by a bulk import and not rebuilt yet. */
export function pendingIndexes(db: Database): string[] {
  return readPending(db).map((i) => i.name)
}

/** Whether an index exists now (a pending one does not): `INDEXED BY` a missing index is an error. */
export function hasIndex(db: Database, name: string): boolean {
  return (
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`).pluck().get(name) !==
    undefined
  )
}

/** Builds the named pending indexes now, inside the caller's transaction (steps that need them to run). */
export function buildIndexesNow(db: Database, names: readonly string[]): void {
  const pending = readPending(db)
  const now = pending.filter((i) => names.includes(i.name))
  if (now.length === 0) return
  for (const i of now) db.exec(ifNotExists(i.sql))
  writePending(
    db,
    pending.filter((i) => !names.includes(i.name))
  )
}

/**
 * Builds every pending index, each in its own short transaction, so the case stays usable (readers
 * go on in WAL mode) and an interruption keeps what was built. Returns how many were built.
 */
export function buildPendingIndexes(
  db: Database,
  onProgress?: (done: number, total: number) => void
): number {
  const pending = readPending(db)
  pending.forEach((next, i) => {
    onProgress?.(i, pending.length)
    db.transaction(() => {
      db.exec(ifNotExists(next.sql))
      writePending(
        db,
        readPending(db).filter((p) => p.name !== next.name)
      )
    })()
  })
  if (pending.length > 0) onProgress?.(pending.length, pending.length)
  return pending.length
}

/** The stored `CREATE INDEX name ...` made idempotent, so a rebuild repeated after a crash is harmless. */
function ifNotExists(sql: string): string {
  return sql.replace(
    /^CREATE (UNIQUE )?INDEX (?!IF NOT EXISTS )/i,
    (_m, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX IF NOT EXISTS `
  )
}

/** Fresh statistics after a large change, so the planner picks the right index (bounded cost). */
export function refreshStatistics(db: Database): void {
  db.exec('PRAGMA analysis_limit = 2000; ANALYZE')
}

export function eventCount(db: Database): number {
  return db.prepare(`SELECT count(*) FROM events`).pluck().get() as number
}

/**
 * An import's transaction goes to the WAL, and the automatic checkpoint at its commit copied it
 * all into the case file before the commit returned (11 s of CPU at 1M events). While importing,
 * automatic checkpoints are off; `checkpoint` runs after the commit, when the case is already
 * usable (readers read the WAL meanwhile). Returns the function that restores the setting.
 */
export function deferCheckpoints(db: Database): () => void {
  const previous = db.pragma('wal_autocheckpoint', { simple: true }) as number
  db.pragma('wal_autocheckpoint = 0')
  return () => {
    db.pragma(`wal_autocheckpoint = ${previous}`)
  }
}

/** Copies committed WAL frames into the case file, as far as open readers allow. */
export function checkpoint(db: Database): void {
  db.pragma('wal_checkpoint(PASSIVE)')
}

/**
 * Cases are opened with temporary storage in memory. During an import that meant the per-file
 * savepoint journal and the index sorts' spill grew the process (peak RSS 494 MB for 1M sign-in
 * CSV rows, 438 MB with temporary files, which the OS caches instead). Switched only when the
 * connection holds no temporary tables, which changing the setting would drop, and only outside
 * a transaction. Returns the function that restores the setting.
 */
export function spillTemporaryToFiles(db: Database): () => void {
  const previous = db.pragma('temp_store', { simple: true }) as number
  const temporary = db.prepare(`SELECT count(*) FROM temp.sqlite_master`).pluck().get() as number
  if (previous === 1 || temporary > 0 || db.inTransaction) return () => {}
  db.pragma('temp_store = FILE')
  return () => {
    if (!db.inTransaction) db.pragma(`temp_store = ${previous}`)
  }
}
