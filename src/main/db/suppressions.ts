import type { Database } from 'better-sqlite3'
import type { Suppression, SuppressionScope } from '../../shared/ipc/case-work'
import { ipKey } from '../../shared/views/finding-ips'

/**
 * Suppressions hide one rule's findings for one user or one address. They are lifted, never
 * deleted (removed_at), so the case log and the report can say what was hidden and when.
 * Values are stored normalized: users lower-case (the findings' user keys), addresses trimmed and
 * lower-case (IPv6 hex).
 */
export interface SuppressionRow {
  id: number
  rule: string
  scope: SuppressionScope
  value: string
  note: string | null
  createdAt: string
  removedAt: string | null
}

export function normalizeSuppressionValue(scope: SuppressionScope, value: string): string {
  return scope === 'user' ? value.trim().toLowerCase() : ipKey(value)
}

const COLUMNS = `id, rule, scope, value, note, created_at AS createdAt, removed_at AS removedAt`

export function suppressionRows(db: Database, activeOnly = false): SuppressionRow[] {
  return db
    .prepare(
      `SELECT ${COLUMNS} FROM suppressions ${activeOnly ? 'WHERE removed_at IS NULL' : ''} ORDER BY id DESC`
    )
    .all() as SuppressionRow[]
}

export function suppressionById(db: Database, id: number): SuppressionRow | null {
  return (db.prepare(`SELECT ${COLUMNS} FROM suppressions WHERE id = ?`).get(id) as SuppressionRow) ?? null
}

/** An active suppression with the same rule, scope and value, if any (adding it again is a no-op). */
export function activeSuppression(
  db: Database,
  rule: string,
  scope: SuppressionScope,
  value: string
): SuppressionRow | null {
  return (
    (db
      .prepare(
        `SELECT ${COLUMNS} FROM suppressions WHERE rule = ? AND scope = ? AND value = ? AND removed_at IS NULL`
      )
      .get(rule, scope, value) as SuppressionRow | undefined) ?? null
  )
}

export function insertSuppression(
  db: Database,
  rule: string,
  scope: SuppressionScope,
  value: string,
  note: string | null,
  now: string
): SuppressionRow {
  const id = Number(
    db
      .prepare(`INSERT INTO suppressions (rule, scope, value, note, created_at) VALUES (?, ?, ?, ?, ?)`)
      .run(rule, scope, value, note?.trim() ? note : null, now).lastInsertRowid
  )
  return suppressionById(db, id) as SuppressionRow
}

export function liftSuppression(db: Database, id: number, now: string): boolean {
  return (
    db.prepare(`UPDATE suppressions SET removed_at = ? WHERE id = ? AND removed_at IS NULL`).run(now, id)
      .changes === 1
  )
}

export function withHides(row: SuppressionRow, hides: number): Suppression {
  return { ...row, hides }
}
