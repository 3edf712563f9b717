import type { Database } from 'better-sqlite3'
import type {
  FindingDetail,
  FindingRow,
  FindingsOverview,
  FindingsRequest,
  RuleCount,
  RuleInfo,
  Suppression,
  Triage
} from '../../shared/ipc/case-work'
import { RULES, ruleById } from '../../shared/rules'
import { atLeast, severityRank, type Facts, type Severity } from '../../shared/rules/types'
import { factIps, ipKey } from '../../shared/views/finding-ips'
import { gridRowsByIds } from './explorer'
import { lastScan, ruleRuns } from './findings'
import { suppressionRows, withHides, type SuppressionRow } from './suppressions'
import { allTriage, triageOf, UNTRIAGED } from './triage'

/**
 * The findings as the workbench shows them: each with its triage and the suppression that hides
 * it, per-rule counts (how noisy each rule is, which could not run and why) and how stale the last
 * scan is. Findings of a case number in the thousands at most, so they are read whole and
 * filtered here; the evidence rows of one finding are read by id.
 */
interface Raw {
  id: string
  rule: string
  severity: Severity
  start_ts: number
  end_ts: number
  users: string
  summary: string
  facts: string
  evidence_count: number
  anchor_ip: string | null
}

interface Loaded {
  raw: Raw
  users: string[]
  /** Addresses the finding is about (facts and the anchor event), computed when first asked. */
  ips: () => string[]
}

const SELECT = `SELECT f.id, f.rule, f.severity, f.start_ts, f.end_ts, f.users, f.summary, f.facts,
  json_array_length(f.evidence) AS evidence_count,
  (SELECT e.ip FROM events e WHERE e.id = f.evidence ->> '$[0]') AS anchor_ip
  FROM findings f`

function load(raw: Raw): Loaded {
  let ips: string[] | null = null
  return {
    raw,
    users: JSON.parse(raw.users) as string[],
    ips: () => {
      if (!ips) {
        const set = new Set(factIps(JSON.parse(raw.facts) as Facts))
        if (raw.anchor_ip) set.add(ipKey(raw.anchor_ip))
        ips = [...set]
      }
      return ips
    }
  }
}

/** Which active suppression (the oldest) hides a finding, if any. */
export class SuppressionMatcher {
  private readonly byRule = new Map<string, SuppressionRow[]>()
  constructor(active: readonly SuppressionRow[]) {
    for (const s of [...active].sort((a, b) => a.id - b.id)) {
      const l = this.byRule.get(s.rule) ?? []
      l.push(s)
      this.byRule.set(s.rule, l)
    }
  }
  match(rule: string, users: readonly string[], ips: () => readonly string[]): number | null {
    const list = this.byRule.get(rule)
    if (!list) return null
    for (const s of list) {
      if (s.scope === 'user' ? users.includes(s.value) : ips().includes(s.value)) return s.id
    }
    return null
  }
}

function toRow(l: Loaded, triage: Triage, suppressedBy: number | null): FindingRow {
  const r = l.raw
  return {
    id: r.id,
    rule: r.rule,
    title: ruleById(r.rule)?.meta.title ?? r.rule,
    severity: r.severity,
    users: l.users,
    start: r.start_ts,
    end: r.end_ts,
    summary: r.summary,
    evidenceCount: r.evidence_count,
    triage,
    suppressedBy
  }
}

function order(a: FindingRow, b: FindingRow): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    a.rule.localeCompare(b.rule) ||
    a.start - b.start ||
    a.id.localeCompare(b.id)
  )
}

/** Every finding of the case with triage and suppression, most severe first. */
export function allFindingRows(db: Database, where = '', params: unknown[] = []): FindingRow[] {
  const loaded = (db.prepare(`${SELECT} ${where}`).all(...params) as Raw[]).map(load)
  const matcher = new SuppressionMatcher(suppressionRows(db, true))
  const triage =
    loaded.length > 200
      ? allTriage(db)
      : triageOf(
          db,
          loaded.map((l) => l.raw.id)
        )
  return loaded
    .map((l) => toRow(l, triage.get(l.raw.id) ?? UNTRIAGED, matcher.match(l.raw.rule, l.users, l.ips)))
    .sort(order)
}

/** The findings of one user (the user view, the report). */
export function findingRowsOfUser(db: Database, user: string): FindingRow[] {
  return allFindingRows(db, `WHERE f.id IN (SELECT finding_id FROM finding_users WHERE user = ?)`, [
    user.toLowerCase()
  ])
}

/** Findings citing any of these events (entity views). */
export function findingRowsCiting(db: Database, eventIds: readonly number[]): FindingRow[] {
  if (eventIds.length === 0) return []
  return allFindingRows(
    db,
    `WHERE f.id IN (SELECT finding_id FROM finding_evidence WHERE event_id IN (SELECT value FROM json_each(?)))`,
    [JSON.stringify(eventIds)]
  )
}

/** Findings about an address: named in their facts or the address of their anchor event. */
export function findingRowsWithIp(db: Database, ip: string): FindingRow[] {
  const key = ipKey(ip)
  const ids = new Set(
    (db.prepare(SELECT).all() as Raw[])
      .map(load)
      .filter((l) => l.ips().includes(key))
      .map((l) => l.raw.id)
  )
  return ids.size ? allFindingRows(db).filter((f) => ids.has(f.id)) : []
}

/** Events imported after the last scan finished (by the import time of their files). */
export function eventsSince(db: Database, iso: string): number {
  return db
    .prepare(`SELECT coalesce(sum(imported), 0) FROM files WHERE imported_at > ?`)
    .pluck()
    .get(iso) as number
}

export function findingsOverview(db: Database, req: FindingsRequest): FindingsOverview {
  const all = allFindingRows(db)
  const runs = new Map(ruleRuns(db).map((r) => [r.rule, r]))
  const rules: RuleCount[] = RULES.map((rule) => {
    const mine = all.filter((f) => f.rule === rule.meta.id)
    const run = runs.get(rule.meta.id)
    return {
      rule: rule.meta.id,
      title: rule.meta.title,
      severity: rule.meta.severity,
      findings: mine.length,
      suppressed: mine.filter((f) => f.suppressedBy !== null).length,
      status: run ? run.status : 'not-run',
      reason: run?.reason ?? null
    }
  })
  const user = req.user?.trim().toLowerCase() ?? null
  const findings = all.filter(
    (f) =>
      atLeast(f.severity, req.minSeverity) &&
      (req.rule === null || f.rule === req.rule) &&
      (user === null || f.users.includes(user)) &&
      (req.status === null || f.triage.status === req.status) &&
      (req.includeSuppressed || f.suppressedBy === null)
  )
  const scan = lastScan(db)
  return {
    findings,
    rules,
    lastScan: scan
      ? {
          finishedAt: scan.finishedAt,
          events: scan.events,
          findings: db.prepare(`SELECT count(*) FROM findings`).pluck().get() as number
        }
      : null,
    staleBy: scan ? eventsSince(db, scan.finishedAt) : 0
  }
}

export function ruleInfo(id: string): RuleInfo | null {
  const rule = ruleById(id)
  if (!rule) return null
  const m = rule.meta
  return {
    id: m.id,
    title: m.title,
    severity: m.severity,
    attack: [...m.attack],
    description: m.description,
    falsePositives: [...m.falsePositives],
    references: [...m.references],
    guidance: m.guidance
  }
}

export function findingDetail(db: Database, id: string): FindingDetail | null {
  const rows = allFindingRows(db, `WHERE f.id = ?`, [id])
  const finding = rows[0]
  if (!finding) return null
  const stored = db.prepare(`SELECT facts, evidence FROM findings WHERE id = ?`).get(id) as {
    facts: string
    evidence: string
  }
  const rule = ruleInfo(finding.rule)
  if (!rule) return null
  return {
    finding,
    facts: JSON.parse(stored.facts) as Facts,
    rule,
    evidence: gridRowsByIds(db, JSON.parse(stored.evidence) as number[])
  }
}

/**
 * Every suppression, active first then lifted (newest first within each), with how many findings
 * it matches now (two suppressions may match the same finding: each counts it).
 */
export function suppressionList(db: Database): Suppression[] {
  const rows = suppressionRows(db)
  const active = rows.filter((r) => r.removedAt === null)
  const loaded = active.length ? (db.prepare(SELECT).all() as Raw[]).map(load) : []
  const hides = (s: SuppressionRow): number => {
    const m = new SuppressionMatcher([s])
    return loaded.filter((l) => m.match(l.raw.rule, l.users, l.ips) !== null).length
  }
  return [...active, ...rows.filter((r) => r.removedAt !== null)].map((r) =>
    withHides(r, r.removedAt === null ? hides(r) : 0)
  )
}
