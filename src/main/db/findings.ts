import type { Database } from 'better-sqlite3'
import { SEVERITIES, severityRank, type Facts, type Finding, type Severity } from '../../shared/rules/types'
import { RULES } from '../../shared/rules'
import type { RuleRun } from '../../shared/scan/engine'

/**
 * Findings in the case file. A scan replaces the findings of the rules it ran: rows whose stable
 * id comes again are updated in place (keeping when they were first found), rows no longer
 * produced are deleted, new ones inserted, all in one transaction.
 */
export interface SaveResult {
  scanId: number
  added: number
  updated: number
  removed: number
}

export interface ScanRecord {
  startedAt: string
  finishedAt: string
  events: number
  runs: readonly RuleRun[]
  findings: readonly Finding[]
  /**
   * Every phone and device holding of the method inventory (a full scan): replaces method_holders.
   * Absent (a scan limited to some rules, which need not build the inventory): method_holders and
   * the scan it names are left as they are, and are read only while no events came after that scan.
   */
  holders?: readonly MethodHolderRow[]
}

/** One row of method_holders (migration 60). */
export interface MethodHolderRow {
  kind: 'phone' | 'device'
  /** phoneKey of the number; lower-cased token, or lower-cased name for a device's second row. */
  key: string
  user: string
  value: string
  firstTs: number
  evidence: number
  added: boolean
  /** Who the change the registration belongs to names; null to take the evidence event's actor. */
  actor: string | null
}

export function saveScan(db: Database, scan: ScanRecord): SaveResult {
  const rules = scan.runs.map((r) => r.rule)
  return db
    .transaction((): SaveResult => {
      const counts = new Map<string, number>()
      for (const f of scan.findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1)
      const scanId = Number(
        db
          .prepare(
            `INSERT INTO scans (started_at, finished_at, events, rules, findings) VALUES (?, ?, ?, ?, ?)`
          )
          .run(
            scan.startedAt,
            scan.finishedAt,
            scan.events,
            JSON.stringify(
              scan.runs.map((r) => ({
                rule: r.rule,
                status: r.status,
                reason: r.reason,
                findings: counts.get(r.rule) ?? 0
              }))
            ),
            scan.findings.length
          ).lastInsertRowid
      )
      const upsertRun = db.prepare(
        `INSERT INTO rule_runs (rule, scan_id, status, reason, findings) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(rule) DO UPDATE SET scan_id = excluded.scan_id, status = excluded.status,
           reason = excluded.reason, findings = excluded.findings`
      )
      for (const r of scan.runs) upsertRun.run(r.rule, scanId, r.status, r.reason, counts.get(r.rule) ?? 0)

      const existing = new Set(
        db
          .prepare(`SELECT id FROM findings WHERE rule IN (SELECT value FROM json_each(?))`)
          .pluck()
          .all(JSON.stringify(rules)) as string[]
      )
      const keep = new Set(scan.findings.map((f) => f.id))
      const stale = [...existing].filter((id) => !keep.has(id))
      const removeOne = [
        db.prepare(`DELETE FROM findings WHERE id = ?`),
        db.prepare(`DELETE FROM finding_users WHERE finding_id = ?`),
        db.prepare(`DELETE FROM finding_evidence WHERE finding_id = ?`)
      ]
      for (const id of stale) for (const s of removeOne) s.run(id)

      const upsert = db.prepare(
        `INSERT INTO findings (id, rule, severity, severity_rank, start_ts, end_ts, users, evidence, summary, facts, first_scan, last_scan)
         VALUES (@id, @rule, @severity, @rank, @start, @end, @users, @evidence, @summary, @facts, @scan, @scan)
         ON CONFLICT(id) DO UPDATE SET severity = excluded.severity, severity_rank = excluded.severity_rank,
           start_ts = excluded.start_ts, end_ts = excluded.end_ts, users = excluded.users, evidence = excluded.evidence,
           summary = excluded.summary, facts = excluded.facts, last_scan = excluded.last_scan`
      )
      const addUser = db.prepare(`INSERT OR IGNORE INTO finding_users (finding_id, user) VALUES (?, ?)`)
      const addEvidence = db.prepare(
        `INSERT OR IGNORE INTO finding_evidence (finding_id, event_id, position) VALUES (?, ?, ?)`
      )
      let added = 0
      let updated = 0
      for (const f of scan.findings) {
        if (existing.has(f.id)) {
          updated++
          removeOne[1]?.run(f.id)
          removeOne[2]?.run(f.id)
        } else added++
        upsert.run({
          id: f.id,
          rule: f.rule,
          severity: f.severity,
          rank: severityRank(f.severity),
          start: Date.parse(f.start),
          end: Date.parse(f.end),
          users: JSON.stringify(f.users),
          evidence: JSON.stringify(f.evidence),
          summary: f.summary,
          facts: JSON.stringify(f.facts),
          scan: scanId
        })
        for (const u of f.users) addUser.run(f.id, u)
        f.evidence.forEach((e, i) => addEvidence.run(f.id, e, i))
      }
      if (scan.holders) saveHolders(db, scanId, scan.holders)
      return { scanId, added, updated, removed: stale.length }
    })
    .immediate()
}

function saveHolders(db: Database, scanId: number, holders: readonly MethodHolderRow[]): void {
  db.prepare(`DELETE FROM method_holders`).run()
  // Only a registration inside the data has an actor: the change's, else the event's own.
  const insert = db.prepare(
    `INSERT INTO method_holders (kind, key, user, value, first_ts, evidence, added, actor)
     VALUES (@kind, @key, @user, @value, @firstTs, @evidence, @added,
       CASE WHEN @added THEN coalesce(@actor, (SELECT coalesce(actor_upn, actor_name) FROM events WHERE id = @evidence)) END)`
  )
  for (const h of holders) insert.run({ ...h, added: h.added ? 1 : 0 })
  db.prepare(
    `INSERT INTO method_holders_scan (id, scan_id) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET scan_id = excluded.scan_id`
  ).run(scanId)
}

export interface FindingFilter {
  rules?: readonly string[]
  minSeverity?: Severity
  user?: string
  /** Findings citing this event. */
  eventId?: number
}

export interface StoredFinding extends Finding {
  firstScan: number
  lastScan: number
}

interface FindingRow {
  id: string
  rule: string
  severity: Severity
  start_ts: number
  end_ts: number
  users: string
  evidence: string
  summary: string
  facts: string
  first_scan: number
  last_scan: number
}

const TITLES = new Map(RULES.map((r) => [r.meta.id, r.meta.title]))

export function listFindings(db: Database, filter: FindingFilter = {}): StoredFinding[] {
  const where: string[] = []
  const params: (string | number)[] = []
  if (filter.rules && filter.rules.length) {
    where.push(`rule IN (SELECT value FROM json_each(?))`)
    params.push(JSON.stringify(filter.rules.map((r) => r.toUpperCase())))
  }
  if (filter.minSeverity) {
    where.push(`severity_rank >= ?`)
    params.push(SEVERITIES.indexOf(filter.minSeverity))
  }
  if (filter.user) {
    where.push(`id IN (SELECT finding_id FROM finding_users WHERE user = ?)`)
    params.push(filter.user.toLowerCase())
  }
  if (filter.eventId !== undefined) {
    where.push(`id IN (SELECT finding_id FROM finding_evidence WHERE event_id = ?)`)
    params.push(filter.eventId)
  }
  const rows = db
    .prepare(
      `SELECT id, rule, severity, start_ts, end_ts, users, evidence, summary, facts, first_scan, last_scan FROM findings
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY severity_rank DESC, start_ts, rule, id`
    )
    .all(...params) as FindingRow[]
  return rows.map((r) => ({
    id: r.id,
    rule: r.rule,
    title: TITLES.get(r.rule) ?? r.rule,
    severity: r.severity,
    users: JSON.parse(r.users) as string[],
    start: new Date(r.start_ts).toISOString(),
    end: new Date(r.end_ts).toISOString(),
    evidence: JSON.parse(r.evidence) as number[],
    summary: r.summary,
    facts: JSON.parse(r.facts) as Facts,
    firstScan: r.first_scan,
    lastScan: r.last_scan
  }))
}

export interface RuleRunRecord {
  rule: string
  scanId: number
  status: 'ran' | 'could-not-run'
  reason: string | null
  findings: number
}

export function ruleRuns(db: Database): RuleRunRecord[] {
  return db
    .prepare(`SELECT rule, scan_id AS scanId, status, reason, findings FROM rule_runs ORDER BY rule`)
    .all() as RuleRunRecord[]
}

export function lastScan(
  db: Database
): { id: number; startedAt: string; finishedAt: string; events: number } | null {
  return (
    (db
      .prepare(
        `SELECT id, started_at AS startedAt, finished_at AS finishedAt, events FROM scans ORDER BY id DESC LIMIT 1`
      )
      .get() as { id: number; startedAt: string; finishedAt: string; events: number } | undefined) ?? null
  )
}
