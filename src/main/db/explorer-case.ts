import Database from 'better-sqlite3'

/**
 * The schema version of a case file without opening it as a case (no migration, no WAL switch), or
 * null when it is not a readable SQLite file: opening a case first checks whether it must be
 * upgraded, which is done off the main thread (building a new index on a million events takes
 * seconds).
 */
export function schemaVersionOf(path: string, nativeBinding?: string): number | null {
  let db: Database.Database | null = null
  try {
    db = new Database(path, {
      readonly: true,
      fileMustExist: true,
      ...(nativeBinding ? { nativeBinding } : {})
    })
    return db.pragma('user_version', { simple: true }) as number
  } catch {
    return null
  } finally {
    db?.close()
  }
}
