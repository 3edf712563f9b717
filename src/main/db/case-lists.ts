import type { Database } from 'better-sqlite3'
import {
  LIST_KINDS,
  listsFromEntries,
  normalizeListValue,
  type CaseLists,
  type ListKind
} from '../../shared/scan/case-lists'

/** The investigator's lists kept in the case: VIP, break-glass, twin accounts, trusted and service addresses. */
export interface StoredListEntry {
  list: ListKind
  value: string
  note: string | null
  addedAt: string
}

export function listEntries(db: Database): StoredListEntry[] {
  return db
    .prepare(`SELECT list, value, note, added_at AS addedAt FROM case_lists ORDER BY list, value`)
    .all() as StoredListEntry[]
}

export function readCaseLists(db: Database): CaseLists {
  return listsFromEntries(listEntries(db))
}

export function isListKind(list: string): list is ListKind {
  return (LIST_KINDS as readonly string[]).includes(list)
}

/** Adds an entry (normalized); returns false when it was already there. */
export function addListEntry(
  db: Database,
  list: ListKind,
  value: string,
  note: string | null = null
): boolean {
  const v = normalizeListValue(list, value)
  const info = db
    .prepare(`INSERT OR IGNORE INTO case_lists (list, value, note, added_at) VALUES (?, ?, ?, ?)`)
    .run(list, v, note, new Date().toISOString())
  return info.changes > 0
}

export function removeListEntry(db: Database, list: ListKind, value: string): boolean {
  const v = normalizeListValue(list, value)
  return db.prepare(`DELETE FROM case_lists WHERE list = ? AND value = ?`).run(list, v).changes > 0
}
