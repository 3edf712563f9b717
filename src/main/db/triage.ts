import type { Database } from 'better-sqlite3'
import type { Triage, TriageStatus } from '../../shared/ipc/case-work'

/**
 * The analyst's verdict per finding, keyed by the finding's stable id (not a foreign key), so it
 * survives re-scans that rebuild the finding and stays on record if a later scan no longer
 * produces it. 'new' with no note means untouched, and is stored as no row at all.
 */
export const UNTRIAGED: Triage = { status: 'new', note: null, updatedAt: null }

export function triageOf(db: Database, ids: readonly string[]): Map<string, Triage> {
  const out = new Map<string, Triage>()
  if (ids.length === 0) return out
  const rows = db
    .prepare(
      `SELECT finding_id AS id, status, note, updated_at AS updatedAt FROM triage
        WHERE finding_id IN (SELECT value FROM json_each(?))`
    )
    .all(JSON.stringify(ids)) as {
    id: string
    status: TriageStatus
    note: string | null
    updatedAt: string
  }[]
  for (const r of rows) out.set(r.id, { status: r.status, note: r.note, updatedAt: r.updatedAt })
  return out
}

export function allTriage(db: Database): Map<string, Triage> {
  const rows = db
    .prepare(`SELECT finding_id AS id, status, note, updated_at AS updatedAt FROM triage`)
    .all() as { id: string; status: TriageStatus; note: string | null; updatedAt: string }[]
  return new Map(rows.map((r) => [r.id, { status: r.status, note: r.note, updatedAt: r.updatedAt }]))
}

export interface TriageOutcome {
  /** Ids that are findings of the case now. */
  known: number
  /** Ids not (or no longer) among the findings: triaged all the same, for the record. */
  unknown: string[]
}

/** Sets status and note on every id. Call inside the transaction that logs it. */
export function writeTriage(
  db: Database,
  ids: readonly string[],
  status: TriageStatus,
  note: string | null,
  now: string
): TriageOutcome {
  const text = note?.trim() ? note : null
  const put = db.prepare(
    `INSERT INTO triage (finding_id, status, note, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(finding_id) DO UPDATE SET status = excluded.status, note = excluded.note, updated_at = excluded.updated_at`
  )
  for (const id of ids) put.run(id, status, text, now)
  const known = new Set(
    db
      .prepare(`SELECT id FROM findings WHERE id IN (SELECT value FROM json_each(?))`)
      .pluck()
      .all(JSON.stringify(ids)) as string[]
  )
  return { known: known.size, unknown: ids.filter((id) => !known.has(id)) }
}
