import { createHash } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { CaseLogAction, CaseLogEntry } from '../../shared/ipc/case-work'

/**
 * The case log: every analyst action, append-only, hash-chained. An entry's hash is SHA-256 over
 * the previous entry's hash and the entry's own stored text, so changing, removing or reordering
 * any entry breaks every hash after it. Removing the newest entries leaves a shorter chain that
 * still links, so the head (last seq and hash) is also kept in `meta`: truncating the log without
 * also rewriting the head is caught too. The chain proves the log was not edited by someone who
 * does not recompute it; it is not a signature (anyone with the file can rebuild a chain), which is
 * why reports print the last hash: a copy of it kept elsewhere pins the whole log.
 */
export const GENESIS_HASH = '0'.repeat(64)

/** meta key of the head record: `{"seq":N,"hash":"…"}`. */
const HEAD_KEY = 'case_log_head'

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
 * change and its record commit together (or neither does); called outside one it takes its own
 * immediate transaction, so two writers can never pick the same seq.
 */
export function appendCaseLog(
  db: Database,
  action: CaseLogAction,
  summary: string,
  detail: Record<string, unknown> = {},
  at: Date = new Date()
): CaseLogEntry {
  const append = (): CaseLogEntry => {
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
    db.prepare(
      `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`
    ).run(HEAD_KEY, JSON.stringify({ seq, hash }))
    return { seq, at: iso, action, summary, detail, hash }
  }
  return db.inTransaction ? append() : db.transaction(append).immediate()
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

/** Oldest first, `limit` entries after `after` (a seq): for writers that yield between pages. */
export function caseLogPage(db: Database, after: number, limit: number): CaseLogEntry[] {
  return (
    db.prepare(`SELECT * FROM case_log WHERE seq > ? ORDER BY seq LIMIT ?`).all(after, limit) as LogRow[]
  ).map(toEntry)
}

export interface ChainCheck {
  entries: number
  /** The first seq whose stored hash or link does not follow; null when the chain holds. */
  brokenAt: number | null
  problem: string | null
  /** The hash of the last entry that still follows (GENESIS_HASH for an empty log). */
  lastHash: string
}

function readHead(db: Database): { seq: number; hash: string } | null {
  const text = db.prepare(`SELECT value FROM meta WHERE key = ?`).pluck().get(HEAD_KEY) as string | undefined
  if (text === undefined) return null
  try {
    const head = JSON.parse(text) as { seq?: unknown; hash?: unknown }
    if (typeof head.seq === 'number' && typeof head.hash === 'string')
      return { seq: head.seq, hash: head.hash }
  } catch {
    // an unreadable head is reported below like a missing one
  }
  return { seq: -1, hash: '' }
}

/** Recomputes the chain from the stored text of every entry, then checks the head record. */
export function checkCaseLogChain(db: Database): ChainCheck {
  let prev = GENESIS_HASH
  let expectedSeq = 1
  let entries = 0
  for (const r of db.prepare(`SELECT * FROM case_log ORDER BY seq`).iterate() as Iterable<LogRow>) {
    entries++
    const broken = (problem: string): ChainCheck => ({ entries, brokenAt: r.seq, problem, lastHash: prev })
    if (r.seq !== expectedSeq)
      return broken(
        r.seq > expectedSeq
          ? `entry ${expectedSeq} is missing (the next one is ${r.seq})`
          : `entry ${r.seq} is out of order`
      )
    if (r.prev_hash !== prev) return broken(`entry ${r.seq} does not link to the entry before it`)
    if (entryHash(prev, r.seq, r.at, r.action, r.summary, r.detail) !== r.hash)
      return broken(`entry ${r.seq} was changed after it was written`)
    prev = r.hash
    expectedSeq++
  }
  const head = readHead(db)
  if (entries > 0 || head) {
    const last = entries
    if (!head)
      return { entries, brokenAt: last, problem: 'the record of the last entry is missing', lastHash: prev }
    if (head.seq !== last || head.hash !== prev)
      return {
        entries,
        brokenAt: head.seq > last ? last + 1 : head.seq < last ? Math.max(head.seq, 0) + 1 : last,
        problem:
          head.seq > last
            ? `the log ends at entry ${last} but ${head.seq} entries were written: the newest were removed`
            : `the last entry (${last}) is not the one recorded as the last (${head.seq})`,
        lastHash: prev
      }
  }
  return { entries, brokenAt: null, problem: null, lastHash: prev }
}

/** The part of an import's per-file report the log keeps. */
export interface ImportedFileFacts {
  path: string
  sha256: string | null
  format: string | null
  layout?: string | null
  status: 'imported' | 'already-imported' | 'failed'
  error?: string | null
  records: number
  imported: number
  duplicates: number
  rejected: number
}

/** The 'import' entry of one import: every file named with its SHA-256 and counts. */
export function importLogEntry(
  files: readonly ImportedFileFacts[],
  skipped: readonly string[] = []
): { summary: string; detail: Record<string, unknown> } {
  const n = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`
  const imported = files.filter((f) => f.status === 'imported')
  const again = files.filter((f) => f.status === 'already-imported').length
  const failed = files.filter((f) => f.status === 'failed').length
  const sum = (key: 'imported' | 'duplicates' | 'rejected'): number =>
    imported.reduce((s, f) => s + f[key], 0)
  const parts = [
    `${n(imported.length, 'file')} imported: ${n(sum('imported'), 'event')} added, ${n(sum('duplicates'), 'duplicate')}, ${sum('rejected')} rejected`
  ]
  if (again) parts.push(`${n(again, 'file')} already in the case`)
  if (failed) parts.push(`${n(failed, 'file')} could not be read`)
  return {
    summary: parts.join('; '),
    detail: {
      files: files.map((f) => ({
        path: f.path,
        sha256: f.sha256,
        format: f.format,
        layout: f.layout ?? null,
        status: f.status,
        ...(f.error ? { error: f.error } : {}),
        records: f.records,
        imported: f.imported,
        duplicates: f.duplicates,
        rejected: f.rejected
      })),
      ...(skipped.length ? { skipped } : {})
    }
  }
}

/** The part of a scan's result the log keeps. */
export interface ScanFacts {
  events: number
  findings: readonly { severity: string }[]
  runs: readonly { rule: string; status: string }[]
  saved: { added: number; updated: number; removed: number }
}

/** The 'scan' entry: rules run, findings by severity, what changed since the last scan. */
export function scanLogEntry(
  result: ScanFacts,
  from: 'cli' | 'app'
): { summary: string; detail: Record<string, unknown> } {
  const bySeverity: Record<string, number> = {}
  for (const f of result.findings) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1
  const couldNotRun = result.runs.filter((r) => r.status === 'could-not-run').map((r) => r.rule)
  const { added, updated, removed } = result.saved
  return {
    summary:
      `Scanned ${result.events} events with ${result.runs.length} rules: ${result.findings.length} findings ` +
      `(${added} new, ${updated} updated, ${removed} no longer found)`,
    detail: {
      from,
      events: result.events,
      rules: result.runs.map((r) => r.rule),
      couldNotRun,
      findings: result.findings.length,
      bySeverity,
      added,
      updated,
      removed
    }
  }
}
