import type { Database } from 'better-sqlite3'

const CHUNK = 20_000

/** The text of an event that free-text search looks at. */
const BODY_SQL = `concat_ws(' ', activity, result_reason, actor_upn, actor_name, target_upn, target_name, user_upn,
  ip, method, method_detail, app_name, resource, correlation_id, session_id, request_id, device_name, city, country,
  user_agent, modified_properties)`

/**
 * Brings the full-text index up to date with events added since it was last filled. It is
 * derived data, built after the import commits and in chunks, so the case is usable meanwhile
 * and an interruption only leaves some text unindexed (filled on the next run).
 */
export function indexPendingText(db: Database, onProgress?: (done: number, total: number) => void): number {
  const upto = Number(
    (db.prepare(`SELECT value FROM meta WHERE key = 'fts_upto'`).pluck().get() as string | undefined) ?? 0
  )
  const maxId = (db.prepare(`SELECT max(id) FROM events`).pluck().get() as number | null) ?? 0
  if (maxId <= upto) return 0
  const total = maxId - upto
  const fill = db.prepare(
    `INSERT INTO events_fts (rowid, body) SELECT id, ${BODY_SQL} FROM events WHERE id > ? AND id <= ?`
  )
  const mark = db.prepare(
    `INSERT INTO meta (key, value) VALUES ('fts_upto', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`
  )
  for (let from = upto; from < maxId; from += CHUNK) {
    const to = Math.min(from + CHUNK, maxId)
    db.transaction(() => {
      fill.run(from, to)
      mark.run(String(to))
    })()
    onProgress?.(to - upto, total)
  }
  return total
}

/** How far the index is behind: events not yet searchable. */
export function unindexedCount(db: Database): number {
  const upto = Number(
    (db.prepare(`SELECT value FROM meta WHERE key = 'fts_upto'`).pluck().get() as string | undefined) ?? 0
  )
  return (db.prepare(`SELECT count(*) FROM events WHERE id > ?`).pluck().get(upto) as number) ?? 0
}
