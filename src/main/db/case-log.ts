import { createHash } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { CaseLogAction, CaseLogEntry } from '../../shared/ipc/case-work'

/**
 * The case log: every analyst action, append-only, hash-chained. An entry's hash is SHA-256 over
 * the previous entry's hash and the entry's own stored text, so changing, removing or reordering
 * any entry breaks every hash after it. The chain proves the log was not edited by someone who
 * does not recompute it; it is not a signature (anyone with the file can rebuild a chain), which is
 * why reports print the last hash: a copy of it kept elsewhere pins the whole log.
 */
export const GENESIS_HASH = '0'.repeat(64)

interface LogRow {
  seq: number
  at: string
  action: string
  summary: string
  detail: string
  prev_hash: string
  hash: string
}

/** The exact text an entry's hash covers: fields joined by newlines (none may contain one unescaped). */
export function entryHash(
  prevHash: string,
  seq: number,
  at: string,
  action: string,
  summary: string,
  detail: string
): string {
  const text = [prevHash, String(seq), at, action, JSON.stringify(summary), detail].join('\n')
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * Appends one entry. Call it inside the transaction that makes the change being logged, so the
 * change and its record commit together (or neither does).
 */
export function appendCaseLog(
  db: Database,
  action: CaseLogAction,
  summary: string,
  detail: Record<string, unknown> = {},
  at: Date = new Date()
): CaseLogEntry {
  const last = db.prepare(`SELECT seq, hash FROM case_log ORDER BY seq DESC LIMIT 1`).get() as
    { seq: number; hash: string } | undefined
  const seq = (last?.seq ?? 0) + 1
  const prev = last?.hash ?? GENESIS_HASH
  const iso = at.toISOString()
  const detailText = JSON.stringify(detail)
  const hash = entryHash(prev, seq, iso, action, summary, detailText)
  db.prepare(
    `INSERT INTO case_log (seq, at, action, summary, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)`
  ).run(seq, iso, action, summary, detailText, prev, hash)
  return { seq, at: iso, action, summary, detail, hash }
}

function toEntry(r: LogRow): CaseLogEntry {
  let detail: Record<string, unknown>
  try {
    detail = JSON.parse(r.detail) as Record<string, unknown>
  } catch {
    detail = { unreadable: r.detail }
  }
  return { seq: r.seq, at: r.at, action: r.action as CaseLogAction, summary: r.summary, detail, hash: r.hash }
}

/** Newest first, `limit` entries older than `before` (a seq), or the newest when null. */
export function listCaseLog(db: Database, limit: number, before: number | null): CaseLogEntry[] {
  const rows = db
    .prepare(`SELECT * FROM case_log WHERE seq < ? ORDER BY seq DESC LIMIT ?`)
    .all(before ?? Number.MAX_SAFE_INTEGER, limit) as LogRow[]
  return rows.map(toEntry)
}

/** Oldest first, every entry: for reports and verification. */
export function* allCaseLog(db: Database): Generator<CaseLogEntry> {
  for (const r of db.prepare(`SELECT * FROM case_log ORDER BY seq`).iterate() as Iterable<LogRow>)
    yield toEntry(r)
}

export interface ChainCheck {
  entries: number
  /** The first seq whose stored hash or link does not follow; null when the chain holds. */
  brokenAt: number | null
  problem: string | null
  lastHash: string
}

/** Recomputes the chain from the stored text of every entry. */
export function checkCaseLogChain(db: Database): ChainCheck {
  let prev = GENESIS_HASH
  let expectedSeq = 1
  let entries = 0
  for (const r of db.prepare(`SELECT * FROM case_log ORDER BY seq`).iterate() as Iterable<LogRow>) {
    entries++
    const broken = (problem: string): ChainCheck => ({ entries, brokenAt: r.seq, problem, lastHash: prev })
    if (r.seq !== expectedSeq) return broken(`entry ${expectedSeq} is missing (the next one is ${r.seq})`)
    if (r.prev_hash !== prev) return broken(`entry ${r.seq} does not link to the entry before it`)
    if (entryHash(prev, r.seq, r.at, r.action, r.summary, r.detail) !== r.hash)
      return broken(`entry ${r.seq} was changed after it was written`)
    prev = r.hash
    expectedSeq++
  }
  return { entries, brokenAt: null, problem: null, lastHash: prev }
}
