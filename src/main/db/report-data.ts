import type { Database } from 'better-sqlite3'
import type { Annotation } from '../../shared/ipc/case-work'

/**
 * SQL behind `authtrail verify` and the reports (src/main/report gathers and formats). Everything a
 * report can hold many of (events, annotations, log entries) is read in keyset pages, so a report
 * of a large case never holds the case in memory.
 */

export interface CaseFacts {
  createdAt: string | null
  audit: number
  signin: number
  /** Unified-audit-log copies of Entra events (counted in audit). */
  mirrors: number
  first: number | null
  last: number | null
  annotated: number
  starred: number
}

export function caseFacts(db: Database): CaseFacts {
  const kinds = db.prepare(`SELECT kind, count(*) AS n FROM events GROUP BY kind`).all() as {
    kind: string
    n: number
  }[]
  const range = db.prepare(`SELECT min(ts) AS first, max(ts) AS last FROM events`).get() as {
    first: number | null
    last: number | null
  }
  const one = (sql: string): number => (db.prepare(sql).pluck().get() as number | null) ?? 0
  return {
    createdAt:
      (db.prepare(`SELECT value FROM meta WHERE key = 'created_at'`).pluck().get() as string | undefined) ??
      null,
    audit: kinds.find((k) => k.kind === 'audit')?.n ?? 0,
    signin: kinds.find((k) => k.kind === 'signin')?.n ?? 0,
    mirrors: one(`SELECT count(*) FROM events WHERE mirror_of IS NOT NULL`),
    first: range.first,
    last: range.last,
    annotated: one(`SELECT count(*) FROM annotations`),
    starred: one(`SELECT count(*) FROM annotations WHERE starred = 1`)
  }
}

/** Evidence event ids per finding id, in the finding's order (anchor first). */
export function evidenceOf(db: Database, findingIds: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>()
  if (findingIds.length === 0) return out
  const rows = db
    .prepare(`SELECT id, evidence FROM findings WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(findingIds)) as { id: string; evidence: string }[]
  for (const r of rows) out.set(r.id, JSON.parse(r.evidence) as number[])
  return out
}

/** The stored facts of each finding. */
export function factsOf(db: Database, findingIds: readonly string[]): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>()
  if (findingIds.length === 0) return out
  const rows = db
    .prepare(`SELECT id, facts FROM findings WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(findingIds)) as { id: string; facts: string }[]
  for (const r of rows) out.set(r.id, JSON.parse(r.facts) as Record<string, unknown>)
  return out
}

interface AnnotationRow {
  event_id: number
  ts: number
  starred: number
  comment: string | null
  updated_at: string
  tags: string | null
}

const ANNOTATION_SELECT = `SELECT a.event_id, e.ts, a.starred, a.comment, a.updated_at,
  (SELECT json_group_array(tag) FROM (SELECT tag FROM annotation_tags t WHERE t.event_id = a.event_id ORDER BY tag)) AS tags
  FROM annotations a JOIN events e ON e.id = a.event_id`

function toAnnotation(r: AnnotationRow): Annotation & { ts: number } {
  return {
    eventId: r.event_id,
    ts: r.ts,
    starred: r.starred === 1,
    tags: r.tags ? (JSON.parse(r.tags) as string[]) : [],
    comment: r.comment,
    updatedAt: r.updated_at
  }
}

/** Annotated events in event time order, `limit` after the (ts, id) cursor. */
export function annotationPage(
  db: Database,
  after: { ts: number; id: number } | null,
  limit: number
): (Annotation & { ts: number })[] {
  const rows = (
    after
      ? db
          .prepare(
            `${ANNOTATION_SELECT} WHERE e.ts > ? OR (e.ts = ? AND e.id > ?) ORDER BY e.ts, e.id LIMIT ?`
          )
          .all(after.ts, after.ts, after.id, limit)
      : db.prepare(`${ANNOTATION_SELECT} ORDER BY e.ts, e.id LIMIT ?`).all(limit)
  ) as AnnotationRow[]
  return rows.map(toAnnotation)
}

/** Annotations of these events (the Timesketch export tags and comments its lines with them). */
export function annotationsOf(db: Database, eventIds: readonly number[]): Map<number, Annotation> {
  const out = new Map<number, Annotation>()
  if (eventIds.length === 0) return out
  const rows = db
    .prepare(`${ANNOTATION_SELECT} WHERE a.event_id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(eventIds)) as AnnotationRow[]
  for (const r of rows) out.set(r.event_id, toAnnotation(r))
  return out
}

/** Which findings cite each of these events. */
export function findingsCiting(db: Database, eventIds: readonly number[]): Map<number, string[]> {
  const out = new Map<number, string[]>()
  if (eventIds.length === 0) return out
  const rows = db
    .prepare(
      `SELECT event_id, finding_id FROM finding_evidence WHERE event_id IN (SELECT value FROM json_each(?))
       ORDER BY event_id, finding_id`
    )
    .all(JSON.stringify(eventIds)) as { event_id: number; finding_id: string }[]
  for (const r of rows) {
    const l = out.get(r.event_id) ?? []
    l.push(r.finding_id)
    out.set(r.event_id, l)
  }
  return out
}

/**
 * The events of interest (cited by a finding, or annotated) in event time order, `limit` ids
 * after the (ts, id) cursor: the Timesketch export's default selection.
 */
export function eventsOfInterestPage(
  db: Database,
  after: { ts: number; id: number } | null,
  limit: number
): { id: number; ts: number }[] {
  const cursor = after ?? { ts: Number.MIN_SAFE_INTEGER, id: 0 }
  return db
    .prepare(
      // From the (small) set of ids, not a walk of the whole time index per page.
      `SELECT e.id, e.ts FROM (SELECT event_id FROM finding_evidence UNION SELECT event_id FROM annotations) x
       JOIN events e ON e.id = x.event_id
       WHERE e.ts > ? OR (e.ts = ? AND e.id > ?)
       ORDER BY e.ts, e.id LIMIT ?`
    )
    .all(cursor.ts, cursor.ts, cursor.id, limit) as { id: number; ts: number }[]
}

export function eventsOfInterestCount(db: Database): number {
  return db
    .prepare(
      `SELECT count(*) FROM (SELECT event_id FROM finding_evidence UNION SELECT event_id FROM annotations)`
    )
    .pluck()
    .get() as number
}

/** Every event id in event time order, `limit` after the (ts, id) cursor (the `--all` timeline). */
export function eventIdPage(
  db: Database,
  after: { ts: number; id: number } | null,
  limit: number
): { id: number; ts: number }[] {
  const cursor = after ?? { ts: Number.MIN_SAFE_INTEGER, id: 0 }
  return db
    .prepare(`SELECT id, ts FROM events WHERE ts > ? OR (ts = ? AND id > ?) ORDER BY ts, id LIMIT ?`)
    .all(cursor.ts, cursor.ts, cursor.id, limit) as { id: number; ts: number }[]
}
