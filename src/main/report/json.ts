/**
 * The JSON report: the HTML report's content for machines. Times are ISO 8601 UTC (epoch ms
 * fields keep their `Ms` suffix); written as a stream, the annotated events and the case log
 * page by page.
 */
import type { GridRow } from '../../shared/ipc/contract'
import type { ReportData, ReportFinding } from './report-model'

export const JSON_REPORT_FORMAT = 'authtrail-case-report'
export const JSON_REPORT_VERSION = 1

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

/** An event row as the report gives it: the grid fields without the internal epoch ms. */
export function eventJson(r: GridRow): Record<string, unknown> {
  const { ts: _ts, ...rest } = r
  return rest
}

function findingJson(f: ReportFinding, data: ReportData): Record<string, unknown> {
  return {
    id: f.id,
    rule: f.rule,
    title: f.title,
    severity: f.severity,
    users: f.users,
    start: iso(f.start),
    end: iso(f.end),
    summary: f.summary,
    explanation: f.explanation,
    attack: f.attack,
    facts: f.facts,
    triage: f.triage,
    suppressedBy: f.suppression,
    evidence: data.rows(f.evidence).map(eventJson)
  }
}

export async function writeJsonReport(
  data: ReportData,
  write: (text: string) => Promise<void>
): Promise<void> {
  const c = data.case
  const field = (key: string, value: unknown, last = false): string =>
    `  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}${last ? '\n' : ',\n'}`
  await write('{\n')
  await write(
    field('report', {
      format: JSON_REPORT_FORMAT,
      version: JSON_REPORT_VERSION,
      generatedAt: iso(data.generatedAt),
      generator: data.generator,
      times: 'ISO 8601 UTC'
    })
  )
  await write(
    field('case', {
      name: c.name,
      path: c.path,
      createdAt: c.createdAt,
      first: iso(c.first),
      last: iso(c.last),
      events: c.events,
      annotated: c.annotated,
      starred: c.starred
    })
  )
  await write(
    field(
      'sources',
      data.sources.map(({ id: _id, ...s }) => s)
    )
  )
  await write(field('scan', data.scan))
  // One finding at a time: a finding may cite thousands of events.
  for (const [key, list] of [
    ['findings', data.findings.filter((f) => f.suppressedBy === null)],
    ['suppressedFindings', data.findings.filter((f) => f.suppressedBy !== null)]
  ] as const) {
    await write(`  ${JSON.stringify(key)}: [`)
    let i = 0
    for (const f of list)
      await write(
        `${i++ ? ',\n' : '\n'}    ${JSON.stringify(findingJson(f, data), null, 2).replace(/\n/g, '\n    ')}`
      )
    await write(i ? '\n  ],\n' : '],\n')
  }
  await write(field('suppressions', data.suppressions))
  await write(
    field(
      'users',
      data.users.map((u) => ({
        ...u.timeline,
        user: u.user,
        findings: u.findings,
        maxSeverity: u.maxSeverity
      }))
    )
  )
  await write(field('usersOmitted', data.usersOmitted))
  await write('  "annotated": [')
  let first = true
  for (const page of data.annotatedPages()) {
    let chunk = ''
    for (const { annotation, row } of page) {
      chunk += `${first ? '\n' : ',\n'}    ${JSON.stringify({ ...annotation, event: eventJson(row) })}`
      first = false
    }
    await write(chunk)
  }
  await write(first ? '],\n' : '\n  ],\n')
  await write(
    `  "caseLog": {\n    "entries": ${data.log.entries},\n    "lastHash": ${JSON.stringify(data.log.lastHash)},\n` +
      `    "chainHolds": ${data.log.holds},\n    "problem": ${JSON.stringify(data.log.problem)},\n    "log": [`
  )
  first = true
  for (const page of data.logPages()) {
    let chunk = ''
    for (const e of page) {
      chunk += `${first ? '\n' : ',\n'}      ${JSON.stringify(e)}`
      first = false
    }
    await write(chunk)
  }
  await write(first ? ']\n  }\n}\n' : '\n    ]\n  }\n}\n')
}
