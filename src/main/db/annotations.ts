import type { Database } from 'better-sqlite3'
import type { AnnotateRequest, Annotation } from '../../shared/ipc/case-work'

/**
 * The analyst's marks on events: a star, tags (trimmed, lower-case) and a comment, in the case
 * file beside the evidence, never in it. A mark that ends up empty (no star, no tag, no comment)
 * is removed, so "everything annotated" lists only events that still carry something.
 */
interface AnnotationRow {
  event_id: number
  starred: number
  comment: string | null
  updated_at: string
  tags: string | null
}

const SELECT = `SELECT a.event_id, a.starred, a.comment, a.updated_at,
  (SELECT json_group_array(tag) FROM (SELECT tag FROM annotation_tags t WHERE t.event_id = a.event_id ORDER BY tag)) AS tags
  FROM annotations a`

function toAnnotation(r: AnnotationRow): Annotation {
  return {
    eventId: r.event_id,
    starred: r.starred === 1,
    tags: r.tags ? (JSON.parse(r.tags) as string[]) : [],
    comment: r.comment,
    updatedAt: r.updated_at
  }
}

export function annotationOf(db: Database, eventId: number): Annotation | null {
  const r = db.prepare(`${SELECT} WHERE a.event_id = ?`).get(eventId) as AnnotationRow | undefined
  return r ? toAnnotation(r) : null
}

export interface AnnotateOutcome {
  /** Events that exist and were marked (ids not in the case are skipped). */
  events: number
  missing: number
}

/**
 * Applies one change to every event of the request. Call inside a transaction (with its case-log
 * entry): a selection of 10,000 events is marked entirely or not at all.
 */
export function applyAnnotation(db: Database, req: AnnotateRequest, now: string): AnnotateOutcome {
  const ids = db
    .prepare(`SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`)
    .pluck()
    .all(JSON.stringify(req.ids)) as number[]
  const ensure = db.prepare(
    `INSERT INTO annotations (event_id, starred, comment, updated_at) VALUES (?, 0, NULL, ?)
     ON CONFLICT(event_id) DO UPDATE SET updated_at = excluded.updated_at`
  )
  const star = db.prepare(`UPDATE annotations SET starred = ? WHERE event_id = ?`)
  const comment = db.prepare(`UPDATE annotations SET comment = ? WHERE event_id = ?`)
  const addTag = db.prepare(`INSERT OR IGNORE INTO annotation_tags (event_id, tag) VALUES (?, ?)`)
  const removeTag = db.prepare(`DELETE FROM annotation_tags WHERE event_id = ? AND tag = ?`)
  const dropEmpty = db.prepare(
    `DELETE FROM annotations WHERE event_id = ? AND starred = 0 AND comment IS NULL
       AND NOT EXISTS (SELECT 1 FROM annotation_tags WHERE event_id = ?)`
  )
  const text = req.comment === undefined ? undefined : req.comment?.trim() ? req.comment : null
  for (const id of ids) {
    ensure.run(id, now)
    if (req.starred !== undefined) star.run(req.starred ? 1 : 0, id)
    if (text !== undefined) comment.run(text, id)
    for (const t of req.addTags ?? []) addTag.run(id, t)
    for (const t of req.removeTags ?? []) removeTag.run(id, t)
    dropEmpty.run(id, id)
  }
  return { events: ids.length, missing: req.ids.length - ids.length }
}

/** Newest change first; keyset on (updatedAt, eventId). */
export function listAnnotationRows(
  db: Database,
  limit: number,
  after: { updatedAt: string; eventId: number } | null
): Annotation[] {
  const rows = after
    ? (db
        .prepare(
          `${SELECT} WHERE a.updated_at < ? OR (a.updated_at = ? AND a.event_id < ?)
           ORDER BY a.updated_at DESC, a.event_id DESC LIMIT ?`
        )
        .all(after.updatedAt, after.updatedAt, after.eventId, limit) as AnnotationRow[])
    : (db
        .prepare(`${SELECT} ORDER BY a.updated_at DESC, a.event_id DESC LIMIT ?`)
        .all(limit) as AnnotationRow[])
  return rows.map(toAnnotation)
}

export function tagCounts(db: Database): { tag: string; count: number }[] {
  return db
    .prepare(`SELECT tag, count(*) AS count FROM annotation_tags GROUP BY tag ORDER BY count DESC, tag`)
    .all() as { tag: string; count: number }[]
}
