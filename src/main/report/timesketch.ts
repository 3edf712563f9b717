/**
 * Timesketch JSON Lines: one event per line with the three fields Timesketch requires (`message`,
 * `datetime` in ISO 8601, `timestamp_desc`), `timestamp` in microseconds since the epoch, `tag` as
 * a list (Timesketch keeps tags in the event's `tag` field), and the analyst's comment and the
 * findings as plain attributes. By default only the events of interest are written (evidence of a
 * finding, or annotated); `all` writes every event of the case, which is what a team moving the
 * whole investigation into Timesketch usually wants.
 */
import { methodLabel } from '../../shared/rules/helpers'
import type { GridRow } from '../../shared/ipc/contract'
import { severityRank, type Severity } from '../../shared/rules/types'
import type { ReportData, ReportFinding, TimelineEvent } from './report-model'

/** "2026-10-05T09:12:33.123000+00:00": microsecond ISO 8601 with an explicit offset, as Timesketch's examples. */
export function timesketchDatetime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00')
}

/** A one-line description of the event for Timesketch's message column. */
export function eventMessage(r: GridRow): string {
  const method = r.method ? `${methodLabel(r.method)}${r.methodDetail ? ` '${r.methodDetail}'` : ''}` : null
  if (r.kind === 'signin') {
    const where = [r.ip, [r.city, r.country].filter(Boolean).join(', ')].filter(Boolean).join(' ')
    return [
      `Sign-in by ${r.userUpn ?? 'an unknown user'} to ${r.appName ?? 'an application'}`,
      where ? `from ${where}` : null,
      r.result ? `: ${r.result}${r.resultReason ? ` (${r.resultReason})` : ''}` : null,
      method ? `, ${method}` : null,
      r.riskLevel && r.riskLevel !== 'none' ? `, risk ${r.riskLevel}` : null
    ]
      .filter(Boolean)
      .join(' ')
      .replace(/ ([:,])/g, '$1')
  }
  const target = r.targetUpn ?? r.targetName ?? r.userUpn
  const actor = r.actorUpn ?? r.actorName
  return [
    r.activity ?? 'Audit event',
    target ? `for ${target}` : null,
    actor && actor !== target ? `by ${actor}` : null,
    r.ip ? `from ${r.ip}` : null,
    method ? `(${method})` : null,
    r.result && r.result !== 'success' ? `: ${r.result}` : null
  ]
    .filter(Boolean)
    .join(' ')
    .replace(/ :/g, ':')
}

export function timesketchLine(e: TimelineEvent, findings: ReadonlyMap<string, ReportFinding>): string {
  const r = e.row
  const cited = e.findings.map((id) => findings.get(id)).filter((f): f is ReportFinding => f !== undefined)
  const rules = [...new Set(cited.map((f) => f.rule))].sort()
  const tag = [...rules, ...(e.annotation?.starred ? ['starred'] : []), ...(e.annotation?.tags ?? [])]
  const line: Record<string, unknown> = {
    message: eventMessage(r),
    datetime: timesketchDatetime(r.ts),
    timestamp: r.ts * 1000,
    timestamp_desc: r.kind === 'signin' ? 'Sign-in time' : 'Activity time',
    data_type: r.kind === 'signin' ? 'entra:signin' : 'entra:audit',
    tag,
    comment: e.annotation?.comment ?? null,
    authtrail_event_id: r.id,
    user: r.userUpn,
    actor: r.actorUpn ?? r.actorName,
    target: r.targetUpn ?? r.targetName,
    ip: r.ip,
    country: r.country,
    city: r.city,
    asn: r.asn,
    activity: r.activity,
    result: r.result,
    result_reason: r.resultReason,
    app: r.appName,
    method: r.method,
    method_detail: r.methodDetail,
    risk_level: r.riskLevel,
    correlation_id: r.correlationId,
    request_id: r.requestId,
    rules,
    finding_ids: cited.map((f) => f.id),
    finding_severity: cited.length
      ? cited.reduce<Severity>(
          (a, f) => (severityRank(f.severity) > severityRank(a) ? f.severity : a),
          'info'
        )
      : null,
    triage: [...new Set(cited.map((f) => f.triage.status))]
  }
  // Timesketch indexes every attribute: leave out the empty ones instead of sending nulls.
  for (const [k, v] of Object.entries(line))
    if (v === null || (Array.isArray(v) && v.length === 0 && k !== 'tag')) delete line[k]
  return JSON.stringify(line)
}

/** Writes the timeline; returns how many events it holds. */
export async function writeTimesketch(
  data: ReportData,
  write: (text: string) => Promise<void>,
  options: { all: boolean }
): Promise<number> {
  const findings = new Map(data.findings.map((f) => [f.id, f]))
  let count = 0
  for (const page of data.timelinePages(options.all)) {
    let chunk = ''
    for (const e of page) {
      chunk += timesketchLine(e, findings) + '\n'
      count++
    }
    await write(chunk)
  }
  return count
}
