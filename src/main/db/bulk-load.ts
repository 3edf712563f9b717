import type { Database } from 'better-sqlite3'

/** The indexes an import itself reads; every other index on events can wait until the end. */
const KEPT = new Set(['events_fp'])

/**
 * For an import much larger than the case, maintaining every filter index row by row costs three
 * times more than building it afterwards (TOOLCHAIN.md §4d). This drops them inside the import's
 * transaction and returns the function that rebuilds them, also inside it: if the import fails or
 * is cancelled, the rollback restores the indexes with everything else.
 */
export function suspendIndexes(db: Database): () => void {
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL`
    )
    .all() as { name: string; sql: string }[]
  const dropped = indexes.filter((i) => !KEPT.has(i.name))
  for (const i of dropped) db.exec(`DROP INDEX ${i.name}`)
  return () => {
    for (const i of dropped) db.exec(i.sql)
  }
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
