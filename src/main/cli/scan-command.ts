import { SEVERITIES, atLeast, type Finding, type Severity } from '../../shared/rules/types'
import { appendCaseLog, scanLogEntry } from '../db/case-log'
import { openCase } from '../db/open'
import { scanCase } from '../scan/scan-service'
import type { Io } from './main'

export interface ScanCommandOptions {
  rules: string[] | null
  minSeverity: Severity | null
  json: boolean
}

/** The `--json` shape: one object per finding. */
export function findingJson(f: Finding): Record<string, unknown> {
  return {
    id: f.id,
    rule: f.rule,
    severity: f.severity,
    users: f.users,
    start: f.start,
    end: f.end,
    evidence: f.evidence,
    summary: f.summary
  }
}

function span(f: Finding): string {
  const a = f.start.slice(0, 16).replace('T', ' ')
  const b = f.end.slice(0, 16).replace('T', ' ')
  return a === b ? `${a} UTC` : `${a} → ${b.slice(0, 10) === a.slice(0, 10) ? b.slice(11) : b} UTC`
}

export function runScan(casePath: string, options: ScanCommandOptions, io: Io): number {
  const db = openCase(casePath)
  try {
    const result = scanCase(db, options.rules ? { rules: options.rules } : {})
    const entry = scanLogEntry(result, 'cli')
    appendCaseLog(db, 'scan', entry.summary, entry.detail)
    const shown = result.findings
      .filter((f) => options.minSeverity === null || atLeast(f.severity, options.minSeverity))
      .sort(
        (a, b) =>
          SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || a.start.localeCompare(b.start)
      )
    if (options.json) {
      io.out(JSON.stringify(shown.map(findingJson), null, 2) + '\n')
      for (const r of result.runs)
        if (r.status === 'could-not-run') io.err(`authtrail: ${r.rule} could not run: ${r.reason}\n`)
      return 0
    }
    const ran = result.runs.filter((r) => r.status === 'ran').length
    const skipped = result.runs.filter((r) => r.status === 'could-not-run')
    io.out(
      `scan of ${casePath}: ${result.events} events, ${result.runs.length} rules (${ran} ran${skipped.length ? `, ${skipped.length} could not run` : ''}), ` +
        `${result.findings.length} findings (${result.saved.added} new, ${result.saved.updated} updated, ${result.saved.removed} no longer found)` +
        (options.minSeverity ? `; showing ${shown.length} at ${options.minSeverity} or above` : '') +
        '\n'
    )
    for (const severity of [...SEVERITIES].reverse()) {
      const group = shown.filter((f) => f.severity === severity)
      if (group.length === 0) continue
      io.out(`\n${severity.toUpperCase()} (${group.length})\n`)
      for (const f of group) {
        io.out(`  ${f.rule}  ${f.title}  [${f.id}]\n`)
        io.out(`    ${span(f)} · ${f.users.join(', ') || '(tenant)'}\n`)
        io.out(`    ${f.summary}\n`)
        io.out(`    evidence: ${f.evidence.join(', ')}\n`)
      }
    }
    if (skipped.length) {
      io.out('\nCould not run:\n')
      for (const r of skipped) io.out(`  ${r.rule}  ${r.title}: ${r.reason}\n`)
    }
    return 0
  } finally {
    db.close()
  }
}
