import type { Database } from 'better-sqlite3'

/** SQL behind `authtrail verify` and the reports (src/main/report formats what these return). */

export interface RecordedSource {
  id: number
  path: string
  name: string
  sha256: string
  size: number
  format: string
  layout: string | null
  encoding: string
  records: number
  imported: number
  duplicates: number
  rejected: number
  authDetails: number
  importedAt: string
}

/** Every source file of the case, in import order. */
export function recordedSources(db: Database): RecordedSource[] {
  return db
    .prepare(
      `SELECT id, path, name, sha256, size, format, layout, encoding, records, imported, duplicates, rejected,
              auth_details AS authDetails, imported_at AS importedAt
       FROM files ORDER BY id`
    )
    .all() as RecordedSource[]
}
