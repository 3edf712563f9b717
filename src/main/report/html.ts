/**
 * The HTML case report: one self-contained file (inline CSS, no script, no external resource of
 * any kind, and a CSP that forbids loading one), readable offline and printable. Every time is
 * shown in the report's zone with its UTC offset, and the zone is named at the top.
 */
import type { CaseLogEntry, Suppression } from '../../shared/ipc/case-work'
import type { GridRow } from '../../shared/ipc/contract'
import { formatInZone, formatOffset, zoneLabel, zoneOffsetMs, UTC } from '../../shared/ipc/time-zone'
import { methodLabel } from '../../shared/rules/helpers'
import { SEVERITIES, type Severity } from '../../shared/rules/types'
import type { MethodJson } from '../scan/scan-service'
import type { ReportData, ReportFinding, ReportUser } from './report-model'

/** Evidence rows shown under each finding (the JSON report lists them all). */
export const EVIDENCE_SHOWN = 25

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text from the logs is attacker-controlled: everything goes through here. */
export function esc(value: unknown): string {
  if (value === null || value === undefined) return ''
  return String(value).replace(/[&<>"']/g, (c) => ESC[c] as string)
}

const n = (x: number): string => x.toLocaleString('en-US')
const plural = (x: number, one: string, many = `${one}s`): string => `${n(x)} ${x === 1 ? one : many}`

export function timeHtml(ms: number | null, zone: string, precision: 's' | 'min' = 's'): string {
  if (ms === null) return '<span class="none">—</span>'
  const off = zone === UTC ? 'UTC' : `UTC${formatOffset(zoneOffsetMs(zone, ms))}`
  return `<time datetime="${new Date(ms).toISOString()}">${formatInZone(ms, zone, precision)}<span class="off"> ${off}</span></time>`
}

const isoMs = (iso: string | null): number | null => (iso ? Date.parse(iso) : null)

const CSS = `
:root { --ink:#1d2433; --muted:#5b6475; --line:#dde2ea; --soft:#f4f6f9; --accent:#2453a6;
  --critical:#8e1b1b; --high:#c2410c; --medium:#b7791f; --low:#2f6f9f; --info:#5b6475; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: #eef1f5; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 48px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 2px; letter-spacing: -0.01em; }
h2 { font-size: 17px; margin: 34px 0 10px; padding-bottom: 5px; border-bottom: 2px solid var(--ink); break-after: avoid; }
h3 { font-size: 14px; margin: 18px 0 6px; break-after: avoid; }
p { margin: 4px 0 8px; }
.sub { color: var(--muted); margin: 0; }
.zone { display: inline-block; margin: 12px 0 4px; padding: 5px 10px; border: 1px solid var(--accent); border-radius: 4px;
  color: var(--accent); font-weight: 600; background: #f1f5fc; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 16px 0 4px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 9px 12px; background: var(--soft); break-inside: avoid; }
.card b { display: block; font-size: 19px; line-height: 1.2; }
.card span { color: var(--muted); font-size: 12px; }
table { width: 100%; border-collapse: collapse; margin: 6px 0 12px; font-size: 12px; }
th, td { text-align: left; vertical-align: top; padding: 4px 6px; border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; color: #364056; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.act { min-width: 150px; }
.mono, code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 11px; }
.hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 11px; word-break: break-all; }
.path { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 11px; color: #364056; word-break: break-all; }
table.sources .hash { color: var(--muted); }
table.sources td:first-child { width: 56%; }
td.hash { min-width: 140px; }
time, .nowrap { white-space: nowrap; font-variant-numeric: tabular-nums; }
.off { color: var(--muted); font-size: 10.5px; }
.none { color: var(--muted); }
.sev { display: inline-block; min-width: 64px; text-align: center; padding: 1px 7px; border-radius: 3px; color: #fff;
  font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.03em; }
.sev-critical { background: var(--critical); } .sev-high { background: var(--high); } .sev-medium { background: var(--medium); }
.sev-low { background: var(--low); } .sev-info { background: var(--info); }
.status { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 11px; font-weight: 600; border: 1px solid; }
.st-new { color: #5b6475; } .st-investigating { color: #2453a6; } .st-malicious { color: #8e1b1b; background: #fbeaea; }
.st-benign { color: #2f6b3a; } .st-false-positive { color: #6b4f2f; }
.tag { display: inline-block; padding: 0 6px; margin: 0 3px 2px 0; border-radius: 3px; background: #e7ecf5; color: #2b3a55; font-size: 11px; }
.finding { border: 1px solid var(--line); border-left-width: 5px; border-radius: 5px; padding: 10px 14px; margin: 10px 0 14px; break-inside: avoid-page; }
.finding.critical { border-left-color: var(--critical); } .finding.high { border-left-color: var(--high); }
.finding.medium { border-left-color: var(--medium); } .finding.low { border-left-color: var(--low); } .finding.info { border-left-color: var(--info); }
.finding header { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
.finding header .title { font-weight: 700; font-size: 14px; }
.finding .meta { color: var(--muted); font-size: 12px; margin: 2px 0 6px; }
.finding .summary { font-size: 13px; }
.finding .why { color: #3b4456; font-size: 12px; border-left: 3px solid var(--line); padding-left: 8px; margin: 6px 0; }
.note { background: #fffbea; border: 1px solid #efe2a8; border-radius: 4px; padding: 6px 9px; margin: 6px 0; white-space: pre-wrap; }
.note b { font-weight: 600; }
.more { color: var(--muted); font-size: 12px; }
.ok { color: #2f6b3a; font-weight: 600; } .bad { color: #8e1b1b; font-weight: 600; }
.user { border-top: 1px solid var(--line); padding-top: 6px; break-inside: avoid-page; }
.methods { margin: 2px 0 6px; }
footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 11.5px; }
nav.toc { margin: 14px 0 0; font-size: 12px; color: var(--muted); }
nav.toc a { color: var(--accent); text-decoration: none; margin-right: 12px; }
@media print {
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-before: auto; }
  a { color: inherit; text-decoration: none; }
  @page { size: A4; margin: 14mm 12mm; }
}
`

/** "UTC", "Europe/Berlin (UTC+02:00)", or with DST inside the report "Europe/Berlin (UTC+02:00 / UTC+01:00)". */
export function zoneHeading(zone: string, instants: readonly (number | null)[]): string {
  if (zone === UTC) return UTC
  const offsets = [
    ...new Set(
      instants.filter((t): t is number => t !== null).map((t) => formatOffset(zoneOffsetMs(zone, t)))
    )
  ]
  return offsets.length <= 1
    ? zoneLabel(zone, instants.find((t) => t !== null) ?? Date.now())
    : `${zone} (${offsets.map((o) => `UTC${o}`).join(' / ')})`
}

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"

function sev(s: Severity): string {
  return `<span class="sev sev-${s}">${s}</span>`
}

function status(s: string): string {
  return `<span class="status st-${esc(s)}">${esc(s.replace('-', ' '))}</span>`
}

function tags(list: readonly string[]): string {
  return list.map((t) => `<span class="tag">${esc(t)}</span>`).join('')
}

function eventTable(rows: readonly GridRow[], zone: string): string {
  const body = rows
    .map(
      (r) =>
        `<tr><td>${timeHtml(r.ts, zone)}</td><td>${esc(r.kind === 'signin' ? 'sign-in' : 'audit')}</td>` +
        `<td class="act">${esc(r.activity ?? (r.kind === 'signin' ? `Sign-in to ${r.appName ?? 'an application'}` : ''))}</td>` +
        `<td>${esc(r.userUpn ?? r.targetUpn ?? '')}</td><td>${esc(r.actorUpn ?? r.actorName ?? '')}</td>` +
        `<td class="mono">${esc(r.ip ?? '')}</td><td>${esc([r.city, r.country].filter(Boolean).join(', '))}</td>` +
        `<td>${esc([r.method && r.method !== 'unknown' ? methodLabel(r.method) : null, r.methodDetail].filter(Boolean).join(' · '))}</td>` +
        `<td>${esc(r.result ?? '')}${r.riskLevel && r.riskLevel !== 'none' ? ` <span class="tag">risk ${esc(r.riskLevel)}</span>` : ''}</td>` +
        `<td class="num mono">${r.id}</td></tr>`
    )
    .join('')
  return (
    `<table><thead><tr><th>Time</th><th>Kind</th><th>Activity</th><th>User / target</th><th>Actor</th><th>IP</th>` +
    `<th>Place</th><th>Method</th><th>Result</th><th class="num">Event</th></tr></thead><tbody>${body}</tbody></table>`
  )
}

function factsLine(facts: Record<string, unknown>): string {
  const parts = Object.entries(facts)
    .filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
    .slice(0, 14)
    .map(([k, v]) => `<span class="tag">${esc(k)}: ${esc(Array.isArray(v) ? v.join(', ') : v)}</span>`)
  return parts.length ? `<div class="facts">${parts.join('')}</div>` : ''
}

function findingCard(f: ReportFinding, data: ReportData): string {
  const shown = f.evidence.slice(0, EVIDENCE_SHOWN)
  const rows = data.rows(shown)
  const span =
    f.start === f.end
      ? timeHtml(f.start, data.zone)
      : `${timeHtml(f.start, data.zone)} → ${timeHtml(f.end, data.zone)}`
  const triage = f.triage
  return (
    `<section class="finding ${f.severity}" id="f-${esc(f.id)}"><header>${sev(f.severity)}` +
    `<span class="title">${esc(f.rule)} · ${esc(f.title)}</span>${status(triage.status)}</header>` +
    `<div class="meta">${span} · ${esc(f.users.join(', ') || '(tenant-wide)')} · ${plural(f.evidenceCount, 'evidence event')}` +
    `${f.attack.length ? ` · ATT&amp;CK ${esc(f.attack.join(', '))}` : ''} · <span class="mono">${esc(f.id)}</span></div>` +
    `<p class="summary">${esc(f.summary)}</p>` +
    (triage.note || triage.updatedAt
      ? `<div class="note"><b>Triage: ${esc(triage.status)}</b>${triage.updatedAt ? ` (${timeHtml(isoMs(triage.updatedAt), data.zone)})` : ''}${triage.note ? `\n${esc(triage.note)}` : ''}</div>`
      : '') +
    (f.explanation ? `<p class="why">${esc(f.explanation)}</p>` : '') +
    factsLine(f.facts) +
    eventTable(rows, data.zone) +
    (f.evidence.length > shown.length
      ? `<p class="more">${plural(f.evidence.length - shown.length, 'more evidence event')} in the JSON report.</p>`
      : '') +
    `</section>`
  )
}

function methodList(list: readonly MethodJson[]): string {
  if (list.length === 0) return '<span class="none">nothing known</span>'
  return list
    .map(
      (m) =>
        `<span class="tag">${esc(methodLabel(m.method))}${m.detail ? ` ‘${esc(m.detail)}’` : ''}${m.isDefault ? ' · default' : ''}${m.source === 'sign-in' ? ' · seen in sign-ins' : ''}</span>`
    )
    .join('')
}

function userSection(u: ReportUser, zone: string): string {
  const t = u.timeline
  const changes = t.changes
    .map(
      (c) =>
        `<tr><td>${timeHtml(isoMs(c.time), zone)}</td><td>${esc(c.change)}</td>` +
        `<td>${esc(c.method ? methodLabel(c.method) : '')}${c.detail ? ` ‘${esc(c.detail)}’` : ''}</td>` +
        `<td>${esc(c.activity ?? '')}</td><td>${c.byOther ? `<b>${esc(c.by ?? 'someone else')}</b>` : esc(c.by ?? 'the user')}</td>` +
        `<td class="mono">${esc(c.ip ?? '')}</td><td class="mono">${esc(c.evidence.join(', '))}</td></tr>`
    )
    .join('')
  return (
    `<div class="user" id="u-${esc(u.user)}"><h3>${esc(u.user)} ${sev(u.maxSeverity)}</h3>` +
    `<p class="sub">${plural(u.findings, 'active finding')} · ${plural(t.changes.length, 'security-info change')}` +
    `${t.authenticatorRewrites ? ` · ${plural(t.authenticatorRewrites, 'Authenticator version rewrite')} not counted` : ''}</p>` +
    `<p class="methods"><b>Before the first change:</b> ${methodList(t.before)}</p>` +
    (t.changes.length
      ? `<table><thead><tr><th>Time</th><th>Change</th><th>Method</th><th>Activity</th><th>By</th><th>From IP</th><th>Events</th></tr></thead><tbody>${changes}</tbody></table>`
      : '<p class="none">No security-info change of this user in the case.</p>') +
    `<p class="methods"><b>At the end of the data:</b> ${methodList(t.current)}</p></div>`
  )
}

function suppressionRow(s: Suppression, zone: string): string {
  return (
    `<tr><td class="num">${s.id}</td><td>${esc(s.rule)}</td><td>${esc(s.scope)} = <span class="mono">${esc(s.value)}</span></td>` +
    `<td>${esc(s.note ?? '')}</td><td>${timeHtml(isoMs(s.createdAt), zone)}</td>` +
    `<td>${s.removedAt ? `lifted ${timeHtml(isoMs(s.removedAt), zone)}` : `active · hides ${n(s.hides)}`}</td></tr>`
  )
}

function logRows(entries: readonly CaseLogEntry[], zone: string): string {
  return entries
    .map(
      (e) =>
        `<tr><td class="num">${e.seq}</td><td>${timeHtml(isoMs(e.at), zone)}</td><td>${esc(e.action)}</td>` +
        `<td>${esc(e.summary)}</td><td class="hash">${esc(e.hash)}</td></tr>`
    )
    .join('')
}

/**
 * Writes the report through `write` section by section; the annotated events and the case log
 * are written page by page.
 */
export async function writeHtmlReport(
  data: ReportData,
  write: (text: string) => Promise<void>
): Promise<void> {
  const z = data.zone
  const c = data.case
  const label = zoneHeading(z, [c.first, c.last, data.generatedAt])
  const active = data.findings.filter((f) => f.suppressedBy === null)
  const suppressed = data.findings.filter((f) => f.suppressedBy !== null)
  const bySev = new Map<Severity, number>()
  for (const f of active) bySev.set(f.severity, (bySev.get(f.severity) ?? 0) + 1)
  const triaged = active.filter((f) => f.triage.status !== 'new').length

  await write(
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
      `<meta http-equiv="Content-Security-Policy" content="${CSP}">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<meta name="generator" content="${esc(data.generator)}">` +
      `<title>Case report · ${esc(c.name)}</title><style>${CSS}</style></head><body><main>` +
      `<h1>Case report: ${esc(c.name)}</h1>` +
      `<p class="sub">Generated ${timeHtml(data.generatedAt, z)} by ${esc(data.generator)} · case file <span class="mono">${esc(c.path)}</span>` +
      `${c.createdAt ? ` · created ${timeHtml(isoMs(c.createdAt), z)}` : ''}</p>` +
      `<div class="zone">All times: ${esc(label)}${z === UTC ? '' : ', each shown with its UTC offset'}</div>` +
      `<nav class="toc"><a href="#scope">Scope</a><a href="#findings">Findings</a><a href="#suppressed">Suppressed</a>` +
      `<a href="#users">Users</a><a href="#annotated">Annotated events</a><a href="#log">Case log</a></nav>`
  )

  // Scope
  const span = c.first === null ? 'no events' : `${timeHtml(c.first, z)} → ${timeHtml(c.last, z)}`
  await write(
    `<h2 id="scope">Scope</h2><p>Events from ${span}.</p><div class="cards">` +
      `<div class="card"><b>${n(c.events.total)}</b><span>events: ${n(c.events.audit)} audit, ${n(c.events.signin)} sign-in</span></div>` +
      `<div class="card"><b>${n(data.sources.length)}</b><span>source files</span></div>` +
      `<div class="card"><b>${n(active.length)}</b><span>findings${suppressed.length ? ` (+${n(suppressed.length)} suppressed)` : ''}</span></div>` +
      `<div class="card"><b>${n(triaged)}</b><span>findings triaged</span></div>` +
      `<div class="card"><b>${n(c.annotated)}</b><span>annotated events (${n(c.starred)} starred)</span></div>` +
      `<div class="card"><b>${n(data.log.entries)}</b><span>case log entries, chain <span class="${data.log.holds ? 'ok">holds' : 'bad">BROKEN'}</span></span></div>` +
      `</div>` +
      `<p>${[...SEVERITIES]
        .reverse()
        .filter((s) => bySev.get(s))
        .map((s) => `${sev(s)} ${n(bySev.get(s) ?? 0)}`)
        .join(' &nbsp; ')}</p>` +
      (c.events.mirrors
        ? `<p class="sub">${plural(c.events.mirrors, 'audit event')} are unified-audit-log copies of Entra events and are counted in the audit total.</p>`
        : '') +
      (data.scan
        ? `<p class="sub">Last scan finished ${timeHtml(isoMs(data.scan.finishedAt), z)} over ${n(data.scan.events)} events; ${n(data.scan.rulesRan)} rules ran` +
          `${data.scan.couldNotRun.length ? `, ${n(data.scan.couldNotRun.length)} could not run (${esc(data.scan.couldNotRun.map((r) => `${r.rule}: ${r.reason ?? ''}`).join('; '))})` : ''}.` +
          `${data.scan.staleBy ? ` <b class="bad">${plural(data.scan.staleBy, 'event')} imported after the scan are not covered.</b>` : ''}</p>`
        : '<p class="bad">The case has not been scanned: there are no findings.</p>') +
      `<h3>Sources</h3><table class="sources"><thead><tr><th>File, path and SHA-256</th><th>Format</th><th class="num">Records</th>` +
      `<th class="num">Imported</th><th class="num">Duplicates</th><th class="num">Rejected</th><th>Imported at</th></tr></thead><tbody>` +
      data.sources
        .map(
          (s) =>
            `<tr><td><b>${esc(s.name)}</b> <span class="sub">${n(s.size)} bytes, ${esc(s.encoding)}</span>` +
            `<div class="path">${esc(s.path)}</div><div class="hash">SHA-256 ${esc(s.sha256)}</div></td>` +
            `<td class="nowrap">${esc(s.format)}${s.layout ? `<br><span class="sub">${esc(s.layout)}</span>` : ''}</td>` +
            `<td class="num">${n(s.records)}</td><td class="num">${n(s.imported)}</td><td class="num">${n(s.duplicates)}</td>` +
            `<td class="num">${n(s.rejected)}</td><td>${timeHtml(isoMs(s.importedAt), z)}</td></tr>`
        )
        .join('') +
      `</tbody></table>`
  )

  // Findings, by severity
  await write(`<h2 id="findings">Findings</h2>`)
  if (active.length === 0) await write(`<p class="none">No active findings.</p>`)
  for (const s of [...SEVERITIES].reverse()) {
    const group = active.filter((f) => f.severity === s)
    if (group.length === 0) continue
    await write(`<h3>${sev(s)} ${plural(group.length, 'finding')}</h3>`)
    for (const f of group) await write(findingCard(f, data))
  }

  await write(`<h2 id="suppressed">Suppressed findings</h2>`)
  await write(
    suppressed.length
      ? `<table><thead><tr><th>Severity</th><th>Rule</th><th>Time</th><th>Users</th><th>Summary</th><th>Triage</th><th>Suppressed by</th></tr></thead><tbody>` +
          suppressed
            .map(
              (f) =>
                `<tr><td>${sev(f.severity)}</td><td>${esc(f.rule)} · ${esc(f.title)}</td><td>${timeHtml(f.start, z)}</td>` +
                `<td>${esc(f.users.join(', '))}</td><td>${esc(f.summary)}</td><td>${status(f.triage.status)}${f.triage.note ? `<div class="note">${esc(f.triage.note)}</div>` : ''}</td>` +
                `<td>${f.suppression ? `#${f.suppression.id} ${esc(f.suppression.scope)} = <span class="mono">${esc(f.suppression.value)}</span>${f.suppression.note ? `<br>${esc(f.suppression.note)}` : ''}` : ''}</td></tr>`
            )
            .join('') +
          `</tbody></table>`
      : `<p class="none">No finding is suppressed.</p>`
  )
  if (data.suppressions.length)
    await write(
      `<h3>Suppressions</h3><table><thead><tr><th class="num">#</th><th>Rule</th><th>Scope</th><th>Note</th><th>Created</th><th>State</th></tr></thead><tbody>` +
        data.suppressions.map((s) => suppressionRow(s, z)).join('') +
        `</tbody></table>`
    )

  // Users
  await write(`<h2 id="users">Affected users: security-info timelines</h2>`)
  if (data.users.length === 0) await write(`<p class="none">No user has an active finding.</p>`)
  for (const u of data.users) await write(userSection(u, z))
  if (data.usersOmitted)
    await write(
      `<p class="more">${plural(data.usersOmitted, 'more affected user')} without a timeline here (see the findings above).</p>`
    )

  // Annotated events
  await write(
    `<h2 id="annotated">Annotated events</h2>` +
      (c.annotated === 0 ? `<p class="none">No event is annotated.</p>` : '')
  )
  let headed = false
  for (const page of data.annotatedPages()) {
    if (!headed) {
      await write(
        `<table><thead><tr><th>Time</th><th>★</th><th>Tags</th><th>Comment</th><th>Activity</th><th>User</th><th>IP</th><th class="num">Event</th></tr></thead><tbody>`
      )
      headed = true
    }
    await write(
      page
        .map(
          ({ annotation: a, row: r }) =>
            `<tr><td>${timeHtml(r.ts, z)}</td><td>${a.starred ? '★' : ''}</td><td>${tags(a.tags)}</td>` +
            `<td>${esc(a.comment ?? '')}</td><td>${esc(r.activity ?? (r.kind === 'signin' ? `Sign-in to ${r.appName ?? 'an application'}` : ''))}</td>` +
            `<td>${esc(r.userUpn ?? r.targetUpn ?? '')}</td><td class="mono">${esc(r.ip ?? '')}</td><td class="num mono">${r.id}</td></tr>`
        )
        .join('')
    )
  }
  if (headed) await write(`</tbody></table>`)

  // Case log
  await write(
    `<h2 id="log">Case log</h2><p>${plural(data.log.entries, 'entry', 'entries')}; the hash chain ` +
      (data.log.holds
        ? `<span class="ok">holds</span>.`
        : `<span class="bad">is broken: ${esc(data.log.problem ?? '')}</span>.`) +
      ` Last hash: <span class="hash">${esc(data.log.lastHash)}</span></p>` +
      `<p class="sub">Keep this hash with the report: <code>authtrail verify</code> recomputes the chain, and a case whose log still ends in this hash has not had its recorded actions altered.</p>` +
      `<table><thead><tr><th class="num">#</th><th>Time</th><th>Action</th><th>Summary</th><th>Hash</th></tr></thead><tbody>`
  )
  for (const page of data.logPages()) await write(logRows(page, z))
  await write(
    `</tbody></table><footer>${esc(data.generator)} · report generated ${timeHtml(data.generatedAt, z)} · ` +
      `self-contained: this file loads nothing from anywhere.</footer></main></body></html>\n`
  )
}
