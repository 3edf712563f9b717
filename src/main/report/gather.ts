import { basename } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { CaseLogEntry, FindingRow } from '../../shared/ipc/case-work'
import { ruleById } from '../../shared/rules'
import { severityRank, type Severity } from '../../shared/rules/types'
import { caseLogPage, checkCaseLogChain } from '../db/case-log'
import { gridRowsByIds } from '../db/explorer'
import { sourceFiles } from '../db/queries'
import { lastScan, ruleRuns } from '../db/findings'
import { allFindingRows, eventsSince, suppressionList } from '../db/findings-overview'
import {
  annotationPage,
  annotationsOf,
  caseFacts,
  eventIdPage,
  eventsOfInterestCount,
  eventsOfInterestPage,
  evidenceOf,
  factsOf,
  findingsCiting
} from '../db/report-data'
import { methodsReport } from '../scan/scan-service'
import type { AnnotatedRow, ReportData, ReportFinding, ReportUser, TimelineEvent } from './report-model'

export interface GatherOptions {
  zone: string
  casePath: string
  generator?: string
  /** Users given a security-info timeline (the most affected first). */
  userLimit?: number
  /** Rows per page for the paged parts. */
  pageSize?: number
  now?: Date
}

/**
 * Reads what a report needs. Findings, suppressions and sources are read whole (a case has
 * thousands of findings at most); events, annotations and log entries are read page by page when
 * the formatter asks for them. Call inside a read transaction for a consistent snapshot.
 */
export function gatherReport(db: Database, options: GatherOptions): ReportData {
  const pageSize = options.pageSize ?? 500
  const facts = caseFacts(db)
  const rows: FindingRow[] = allFindingRows(db)
  const ids = rows.map((f) => f.id)
  const evidence = evidenceOf(db, ids)
  const factMap = factsOf(db, ids)
  const suppressions = suppressionList(db)
  const byId = new Map(suppressions.map((s) => [s.id, s]))
  const findings: ReportFinding[] = rows.map((f) => {
    const meta = ruleById(f.rule)?.meta
    return {
      ...f,
      explanation: meta?.description ?? '',
      attack: meta ? [...meta.attack] : [],
      facts: factMap.get(f.id) ?? {},
      evidence: evidence.get(f.id) ?? [],
      suppression: f.suppressedBy === null ? null : (byId.get(f.suppressedBy) ?? null)
    }
  })

  // Affected users: those of findings not suppressed, most severe first, then by count.
  const tally = new Map<string, { n: number; max: Severity }>()
  for (const f of findings) {
    if (f.suppressedBy !== null) continue
    for (const u of f.users) {
      const t = tally.get(u)
      if (!t) tally.set(u, { n: 1, max: f.severity })
      else {
        t.n++
        if (severityRank(f.severity) > severityRank(t.max)) t.max = f.severity
      }
    }
  }
  const ranked = [...tally.entries()].sort(
    ([a, x], [b, y]) => severityRank(y.max) - severityRank(x.max) || y.n - x.n || a.localeCompare(b)
  )
  const limit = options.userLimit ?? 50
  const users: ReportUser[] = ranked.slice(0, limit).map(([user, t]) => ({
    user,
    findings: t.n,
    maxSeverity: t.max,
    timeline: methodsReport(db, user)
  }))

  const scan = lastScan(db)
  const runs = ruleRuns(db)
  const chain = checkCaseLogChain(db)

  return {
    generatedAt: (options.now ?? new Date()).getTime(),
    generator: options.generator ?? 'Authtrail',
    zone: options.zone,
    case: {
      name: basename(options.casePath),
      path: options.casePath,
      createdAt: facts.createdAt,
      first: facts.first,
      last: facts.last,
      events: {
        audit: facts.audit,
        signin: facts.signin,
        total: facts.audit + facts.signin,
        mirrors: facts.mirrors
      },
      annotated: facts.annotated,
      starred: facts.starred
    },
    sources: sourceFiles(db),
    scan: scan
      ? {
          finishedAt: scan.finishedAt,
          events: scan.events,
          staleBy: eventsSince(db, scan.finishedAt),
          rulesRan: runs.filter((r) => r.status === 'ran').length,
          couldNotRun: runs
            .filter((r) => r.status === 'could-not-run')
            .map((r) => ({ rule: r.rule, title: ruleById(r.rule)?.meta.title ?? r.rule, reason: r.reason }))
        }
      : null,
    findings,
    suppressions,
    users,
    usersOmitted: Math.max(0, ranked.length - limit),
    log: {
      entries: chain.entries,
      lastHash: chain.lastHash,
      holds: chain.brokenAt === null,
      problem: chain.problem
    },
    rows: (eventIds) => {
      const out = []
      for (let i = 0; i < eventIds.length; i += pageSize)
        out.push(...gridRowsByIds(db, eventIds.slice(i, i + pageSize)))
      return out
    },
    *annotatedPages(): Generator<AnnotatedRow[]> {
      let after: { ts: number; id: number } | null = null
      for (;;) {
        const page = annotationPage(db, after, pageSize)
        if (page.length === 0) return
        const gridRows = new Map(
          gridRowsByIds(
            db,
            page.map((a) => a.eventId)
          ).map((r) => [r.id, r])
        )
        const out: AnnotatedRow[] = []
        for (const { ts: _ts, ...annotation } of page) {
          const row = gridRows.get(annotation.eventId)
          if (row) out.push({ annotation, row })
        }
        yield out
        const last = page[page.length - 1] as { ts: number; eventId: number }
        after = { ts: last.ts, id: last.eventId }
      }
    },
    eventsOfInterest: eventsOfInterestCount(db),
    *timelinePages(all: boolean): Generator<TimelineEvent[]> {
      let after: { ts: number; id: number } | null = null
      for (;;) {
        const ids = all ? eventIdPage(db, after, pageSize) : eventsOfInterestPage(db, after, pageSize)
        if (ids.length === 0) return
        const eventIds = ids.map((i) => i.id)
        const gridRows = gridRowsByIds(db, eventIds)
        const notes = annotationsOf(db, eventIds)
        const citing = findingsCiting(db, eventIds)
        yield gridRows.map((row) => ({
          row,
          annotation: notes.get(row.id) ?? null,
          findings: citing.get(row.id) ?? []
        }))
        const last = ids[ids.length - 1] as { id: number; ts: number }
        after = { ts: last.ts, id: last.id }
      }
    },
    *logPages(): Generator<CaseLogEntry[]> {
      let after = 0
      for (;;) {
        const page = caseLogPage(db, after, pageSize)
        if (page.length === 0) return
        yield page
        after = (page[page.length - 1] as CaseLogEntry).seq
      }
    }
  }
}
