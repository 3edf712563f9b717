import { useEffect, useMemo, useRef, useState } from 'react'
import type {
  FindingRow,
  FindingsRequest,
  RuleCount,
  ScanInfo,
  ScanResult,
  TriageStatus
} from '../../../shared/ipc/case-work'
import { TRIAGE_STATUSES } from '../../../shared/ipc/case-work'
import type { CaseSummary } from '../../../shared/ipc/contract'
import { SEVERITIES, type Severity } from '../../../shared/rules/types'
import { ApiError, call, errorParts, useMainEvent, type ErrorParts } from '../api/client'
import { useDebounced } from '../api/explorer-hooks'
import { useLoad } from '../api/work-hooks'
import { UserLink } from '../components/EntityLink'
import { ErrorNote } from '../components/ErrorNote'
import { When, ZoneHead } from '../components/When'
import { FindingDetailPanel } from '../findings/FindingDetailPanel'
import { SeverityBadge, TRIAGE_LABELS, TriageBadge } from '../findings/severity'
import { SuppressionsDialog } from '../findings/SuppressionsDialog'
import { TriageEditor } from '../findings/TriageEditor'
import { duration, n } from '../lib/format'
import { useWorkbench } from '../nav/context'

interface Props {
  summary: CaseSummary
  selected: string | null
  onSelect: (id: string | null) => void
}

const MOST_SEVERE_FIRST = [...SEVERITIES].reverse()

interface ScanState {
  running: boolean
  /** A scan main started itself (after an import) is running: the list refreshes when it ends. */
  waiting: boolean
  startedAt: number
  result: ScanResult | null
  /** The last scan that finished while this view was open, from the 'findings:changed' event. */
  finished: ScanInfo | null
  error: ErrorParts | null
}

const IDLE: ScanState = {
  running: false,
  waiting: false,
  startedAt: 0,
  result: null,
  finished: null,
  error: null
}

/**
 * What the rules flagged, most severe first and grouped by rule, with per-rule counts so noisy
 * rules show; a finding opens its detail on the right. Scans run in a worker in main.
 */
export function FindingsView({ summary, selected, onSelect }: Props): React.JSX.Element {
  const { revision } = useWorkbench()
  const [minSeverity, setMinSeverity] = useState<Severity>('info')
  const [rule, setRule] = useState<string | null>(null)
  const [userText, setUserText] = useState('')
  const [status, setStatus] = useState<TriageStatus | null>(null)
  const [includeSuppressed, setIncludeSuppressed] = useState(false)
  const user = useDebounced(userText.trim(), 250)
  const request: FindingsRequest = { minSeverity, rule, user: user || null, status, includeSuppressed }
  const [tick, setTick] = useState(0)
  const refresh = (): void => setTick((t) => t + 1)
  const { data, error, loading } = useLoad('listFindings', request, `${revision}.${tick}`)
  const [scan, setScan] = useState<ScanState>(IDLE)
  useMainEvent('findings:changed', ({ scan: info }) =>
    setScan((s) => (s.running ? s : { ...IDLE, finished: info }))
  )
  const [now, setNow] = useState(0)
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set())
  const [showSuppressions, setShowSuppressions] = useState(false)

  useEffect(() => {
    if (!scan.running && !scan.waiting) return
    const t = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(t)
  }, [scan.running, scan.waiting])
  const findings = useMemo(() => data?.findings ?? [], [data])
  const groups = useMemo(() => group(findings), [findings])
  // The list's order, for ↑/↓ through the findings while triaging.
  const order = useMemo(
    () => groups.flatMap((g) => g.rules.flatMap((r) => r.rows.map((f) => f.id))),
    [groups]
  )
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set())
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target
      const typing =
        t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement
      if (typing || e.altKey || e.ctrlKey || e.metaKey) return
      if (e.key === 'Escape') onSelect(null)
      else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (order.length === 0) return
        e.preventDefault()
        const at = selected === null ? -1 : order.indexOf(selected)
        const next = e.key === 'ArrowDown' ? Math.min(order.length - 1, at + 1) : Math.max(0, at - 1)
        onSelect(order[next] ?? null)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onSelect, order, selected])

  const runScan = async (): Promise<void> => {
    const startedAt = Date.now()
    setNow(startedAt)
    setScan({ ...IDLE, running: true, startedAt })
    try {
      const result = await call('scan', {})
      setScan({ ...IDLE, startedAt, result })
      refresh()
    } catch (e) {
      if (e instanceof ApiError && e.code === 'busy') setScan({ ...IDLE, waiting: true, startedAt })
      else setScan({ ...IDLE, startedAt, error: errorParts(e) })
    }
  }

  const visibleIds = new Set(findings.map((f) => f.id))
  const chosen = [...checked].filter((id) => visibleIds.has(id))
  const toggle = (id: string): void =>
    setChecked((s) => {
      const next = new Set(s)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })
  const toggleAll = (ids: string[], on: boolean): void =>
    setChecked((s) => {
      const next = new Set(s)
      for (const id of ids)
        if (on) next.add(id)
        else next.delete(id)
      return next
    })
  const filtered = minSeverity !== 'info' || rule !== null || user !== '' || status !== null
  const noEvents = summary.events.total === 0
  const ruleCount = data?.rules.length ?? 0
  const allRules = groups.flatMap((g) => g.rules.map((r) => r.rule))
  const allCollapsed = allRules.length > 0 && allRules.every((r) => collapsed.has(r))
  const toggleGroup = (r: string): void =>
    setCollapsed((s) => {
      const next = new Set(s)
      if (next.has(r)) next.delete(r)
      else next.add(r)
      return next
    })

  return (
    <div className={`findings${selected ? ' with-detail' : ''}`} data-testid="findings-view">
      <div className="findings-bar">
        <button
          className={`tool primary${scan.running ? ' busy' : ''}`}
          disabled={scan.running || scan.waiting || noEvents}
          onClick={() => void runScan()}
          title={
            noEvents
              ? 'Import exports first: the case has no events'
              : 'Run the detection rules over the case'
          }
          data-testid="scan-button"
        >
          {scan.running || scan.waiting ? (
            <>
              <span className="spinner" /> Scanning… {duration(Math.max(0, now - scan.startedAt))}
            </>
          ) : data?.lastScan ? (
            'Scan again'
          ) : (
            'Scan'
          )}
        </button>
        <span
          className="muted"
          data-testid="scan-info"
          title="Rules read every sign-in and the audit events of the activities they look at; the rest of the directory noise is not read."
        >
          {scan.error ? (
            <ErrorNote error={scan.error} />
          ) : scan.waiting ? (
            'A scan started after the last import is running; the list refreshes when it ends'
          ) : scan.finished ? (
            <>
              Scanned {n(scan.finished.events)} relevant events: {n(scan.finished.findings)} findings
            </>
          ) : scan.result ? (
            <>
              Scanned {n(scan.result.scan.events)} relevant events in {duration(scan.result.ms)}:{' '}
              {n(scan.result.added)} new, {n(scan.result.updated)} updated, {n(scan.result.removed)} gone
            </>
          ) : data?.lastScan ? (
            <>
              Last scan <When ms={Date.parse(data.lastScan.finishedAt)} precision="min" label /> over{' '}
              {n(data.lastScan.events)} relevant events
            </>
          ) : data ? (
            noEvents ? (
              'No events to scan'
            ) : (
              'Not scanned yet'
            )
          ) : (
            ''
          )}
        </span>
        <span className="spacer" />
        <label className="field">
          <span className="muted">Severity ≥</span>
          <select
            value={minSeverity}
            onChange={(e) => setMinSeverity(e.target.value as Severity)}
            data-testid="filter-severity"
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="muted">Rule</span>
          <select
            value={rule ?? ''}
            onChange={(e) => setRule(e.target.value || null)}
            data-testid="filter-rule"
          >
            <option value="">any</option>
            {(data?.rules ?? []).map((r) => (
              <option key={r.rule} value={r.rule}>
                {r.rule} {r.title}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="muted">User</span>
          <input
            value={userText}
            placeholder="upn"
            onChange={(e) => setUserText(e.target.value)}
            size={18}
            data-testid="filter-user"
          />
        </label>
        <label className="field">
          <span className="muted">Status</span>
          <select
            value={status ?? ''}
            onChange={(e) => setStatus((e.target.value || null) as TriageStatus | null)}
            data-testid="filter-status"
          >
            <option value="">any</option>
            {TRIAGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {TRIAGE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <input
            type="checkbox"
            checked={includeSuppressed}
            onChange={(e) => setIncludeSuppressed(e.target.checked)}
            data-testid="filter-suppressed"
          />
          <span>suppressed</span>
        </label>
        <button className="tool" onClick={() => setShowSuppressions(true)} data-testid="suppressions-button">
          Suppressions…
        </button>
      </div>
      {data && data.staleBy > 0 && (
        <div className="banner warn stale" data-testid="stale-banner">
          <span>
            {n(data.staleBy)} event{data.staleBy === 1 ? ' was' : 's were'} imported after the last scan:
            these findings may be incomplete.
          </span>
          <button className="tool" disabled={scan.running} onClick={() => void runScan()}>
            Scan now
          </button>
        </div>
      )}
      <RuleSidebar
        rules={data?.rules ?? []}
        scanned={data ? data.lastScan !== null : true}
        active={rule}
        onRule={(r) => setRule(r === rule ? null : r)}
      />
      <section className="findings-list" data-testid="findings-list">
        {chosen.length > 0 && (
          <div className="bulk-bar" data-testid="findings-bulk">
            <span>
              {chosen.length} selected
              <button className="link" onClick={() => setChecked(new Set())}>
                clear
              </button>
            </span>
            <TriageEditor
              key={chosen.join(',')}
              ids={chosen}
              status="investigating"
              note={null}
              compact
              onSaved={() => {
                setChecked(new Set())
                refresh()
              }}
            />
          </div>
        )}
        {error && <ErrorNote error={error} className="pad" />}
        {data && findings.length === 0 && (
          <div className="empty-state" data-testid="findings-empty">
            {noEvents && !data.lastScan ? (
              <>
                This case has no events yet. Import Entra ID audit or sign-in exports (<b>Import files…</b>,
                or drop them on the window); the case is scanned after each import.
              </>
            ) : !data.lastScan ? (
              <>
                Not scanned yet. <b>Scan</b> runs the {ruleCount} detection rules over the case's{' '}
                {n(summary.events.total)} events.
              </>
            ) : filtered || includeSuppressed ? (
              'No finding matches these filters.'
            ) : (
              <>
                The last scan ({n(data.lastScan.events)} events,{' '}
                <When ms={Date.parse(data.lastScan.finishedAt)} precision="min" label />) found nothing.
                {data.rules.some((r) => r.status === 'could-not-run') &&
                  ' Some rules could not run: see the list on the left.'}
              </>
            )}
          </div>
        )}
        {groups.length > 0 && (
          <div className="finding-cols" data-testid="finding-cols">
            <span className="check-space" />
            <span className="finding-time">
              <ZoneHead name="Start" />
            </span>
            <span className="finding-users">User</span>
            <span className="finding-text">What happened</span>
            <button
              className="caret-button small"
              onClick={() => setCollapsed(allCollapsed ? new Set() : new Set(allRules))}
              title={allCollapsed ? 'Show every rule group' : 'Fold every rule group to its heading'}
            >
              {allCollapsed ? '▸ expand all' : '▾ collapse all'}
            </button>
          </div>
        )}
        <div className={loading ? 'loading' : ''}>
          {groups.map((g) => (
            <div key={g.severity} className="sev-group">
              <div className={`sev-head sev-line-${g.severity}`}>
                <SeverityBadge severity={g.severity} />
                <span className="muted">
                  {n(g.count)} finding{g.count === 1 ? '' : 's'}
                </span>
              </div>
              {g.rules.map((r) => (
                <RuleGroup
                  key={r.rule}
                  rows={r.rows}
                  open={!collapsed.has(r.rule)}
                  onToggle={() => toggleGroup(r.rule)}
                  selected={selected}
                  checked={checked}
                  onSelect={onSelect}
                  onCheck={toggle}
                  onCheckAll={toggleAll}
                />
              ))}
            </div>
          ))}
        </div>
      </section>
      {selected && (
        <FindingDetailPanel id={selected} tick={tick} onClose={() => onSelect(null)} onChanged={refresh} />
      )}
      {showSuppressions && (
        <SuppressionsDialog onClose={() => setShowSuppressions(false)} onChanged={refresh} />
      )}
    </div>
  )
}

interface Group {
  severity: Severity
  count: number
  rules: { rule: string; rows: FindingRow[] }[]
}

/** Severity, then rule in the order main sent them (most severe first, then rule, then time). */
function group(findings: readonly FindingRow[]): Group[] {
  const out: Group[] = []
  for (const sev of MOST_SEVERE_FIRST) {
    const rows = findings.filter((f) => f.severity === sev)
    if (!rows.length) continue
    const rules = new Map<string, FindingRow[]>()
    for (const f of rows) {
      const list = rules.get(f.rule)
      if (list) list.push(f)
      else rules.set(f.rule, [f])
    }
    out.push({
      severity: sev,
      count: rows.length,
      rules: [...rules].map(([rule, rs]) => ({ rule, rows: rs }))
    })
  }
  return out
}

/** Rows a rule group shows before "show more": a noisy rule cannot fill the page with thousands. */
const GROUP_PAGE = 50

function RuleGroup({
  rows,
  open,
  onToggle,
  selected,
  checked,
  onSelect,
  onCheck,
  onCheckAll
}: {
  rows: FindingRow[]
  open: boolean
  onToggle: () => void
  selected: string | null
  checked: ReadonlySet<string>
  onSelect: (id: string) => void
  onCheck: (id: string) => void
  onCheckAll: (ids: string[], on: boolean) => void
}): React.JSX.Element {
  const [limit, setLimit] = useState(GROUP_PAGE)
  const first = rows[0] as FindingRow
  const ids = rows.map((r) => r.id)
  const all = ids.every((id) => checked.has(id))
  // A finding selected from elsewhere (↑/↓, a user page) is shown even past the limit or folded.
  const at = selected === null ? -1 : ids.indexOf(selected)
  const shownCount = Math.max(limit, at + 1)
  const shown = open ? rows.slice(0, shownCount) : at >= 0 ? [rows[at] as FindingRow] : []
  const rest = open ? rows.length - shown.length : 0
  return (
    <div className="rule-group" data-testid="rule-group" data-rule={first.rule}>
      <div className="rule-head">
        <input
          type="checkbox"
          checked={all}
          onChange={() => onCheckAll(ids, !all)}
          aria-label={`Select every ${first.rule} finding`}
          title={`Select all ${rows.length} ${first.rule} findings`}
        />
        <button
          className="caret-button"
          onClick={onToggle}
          title={`${first.rule} ${first.title}`}
          aria-expanded={open}
          data-testid="rule-toggle"
        >
          {open ? '▾' : '▸'} <span className="mono">{first.rule}</span> {first.title}
        </button>
        <span className="count-pill">{rows.length}</span>
      </div>
      {shown.map((f) => (
        <FindingLine
          key={f.id}
          finding={f}
          selected={f.id === selected}
          checked={checked.has(f.id)}
          onSelect={onSelect}
          onCheck={onCheck}
        />
      ))}
      {rest > 0 && (
        <div className="group-more">
          <span className="muted small">{n(rest)} more</span>
          <button
            className="link small"
            onClick={() => setLimit(shownCount + GROUP_PAGE * 4)}
            data-testid="group-more"
          >
            show {n(Math.min(rest, GROUP_PAGE * 4))} more
          </button>
        </div>
      )}
    </div>
  )
}

function FindingLine({
  finding: f,
  selected,
  checked,
  onSelect,
  onCheck
}: {
  finding: FindingRow
  selected: boolean
  checked: boolean
  onSelect: (id: string) => void
  onCheck: (id: string) => void
}): React.JSX.Element {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' })
  }, [selected])
  return (
    <div
      ref={ref}
      className={`finding-row${selected ? ' selected' : ''}${f.suppressedBy !== null ? ' suppressed' : ''}`}
      onClick={() => onSelect(f.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target === e.currentTarget) onSelect(f.id)
      }}
      tabIndex={0}
      aria-selected={selected}
      data-testid="finding-row"
      data-finding-id={f.id}
    >
      <input
        type="checkbox"
        checked={checked}
        onClick={(e) => e.stopPropagation()}
        onChange={() => onCheck(f.id)}
        aria-label="Select this finding"
      />
      <span className="finding-time">
        <When ms={f.start} precision="min" />
      </span>
      <span className="finding-users" title={f.users.join(', ')}>
        <UserLink value={f.users[0]} />
        {f.users.length > 1 && <span className="muted"> +{f.users.length - 1}</span>}
      </span>
      <span className="finding-text" title={f.summary}>
        {f.summary}
      </span>
      <span
        className="muted small mono"
        title={`${f.evidenceCount} evidence event${f.evidenceCount === 1 ? '' : 's'}`}
      >
        {f.evidenceCount} ev
      </span>
      {f.triage.note && (
        <span className="note-mark" title={f.triage.note}>
          ✎
        </span>
      )}
      <TriageBadge status={f.triage.status} />
    </div>
  )
}

/** Per-rule counts: noisy rules stand out, rules that could not run say why. */
function RuleSidebar({
  rules,
  scanned,
  active,
  onRule
}: {
  rules: RuleCount[]
  /** False before the first scan: no rule has run, which is not the same as could not run. */
  scanned: boolean
  active: string | null
  onRule: (rule: string) => void
}): React.JSX.Element {
  const [showQuiet, setShowQuiet] = useState(false)
  const fired = rules.filter((r) => r.findings > 0).sort((a, b) => b.findings - a.findings)
  const quiet = rules.filter((r) => r.findings === 0 && r.status === 'ran')
  // Before any scan every rule is 'not-run': listing 29 of them as blocked says nothing.
  const blocked = rules.filter((r) => r.status === 'could-not-run' || (scanned && r.status === 'not-run'))
  if (!scanned)
    return (
      <aside className="rule-sidebar facets" data-testid="rule-counts">
        <div className="side-head">Rules</div>
        <p className="facet-empty side-note" data-testid="rules-not-run">
          {rules.length} rules, not run yet: scan the case to see which fire.
        </p>
      </aside>
    )
  const max = Math.max(1, ...fired.map((r) => r.findings))
  return (
    <aside className="rule-sidebar facets" data-testid="rule-counts">
      <div className="side-head">Rules with findings</div>
      <ul className="rule-counts">
        {fired.map((r) => (
          <li key={r.rule} className={active === r.rule ? 'on' : ''}>
            <button
              className="facet-value"
              onClick={() => onRule(r.rule)}
              title={`${r.rule} ${r.title}: ${r.findings} findings${r.suppressed ? `, ${r.suppressed} suppressed` : ''}`}
            >
              <span className="bar" style={{ width: `${(r.findings / max) * 100}%` }} />
              <span className={`sev-dot sev-${r.severity}`} />
              <span className="label">
                <span className="mono">{r.rule}</span> {r.title}
              </span>
              <span className="count">
                {n(r.findings)}
                {r.suppressed > 0 && (
                  <span className="muted" title="suppressed">
                    {' '}
                    ({r.suppressed})
                  </span>
                )}
              </span>
            </button>
          </li>
        ))}
        {fired.length === 0 && <li className="facet-empty">none</li>}
      </ul>
      {blocked.length > 0 && (
        <>
          <div className="side-head">Could not run</div>
          <ul className="rule-counts blocked" data-testid="rules-blocked">
            {blocked.map((r) => (
              <li key={r.rule} title={`${r.rule} ${r.title}: ${r.reason ?? 'not run yet'}`}>
                <div className="label">
                  <span className="mono">{r.rule}</span> {r.title}
                </div>
                <div className="reason">
                  {r.status === 'not-run' ? 'not run yet' : (r.reason ?? 'no reason given')}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {quiet.length > 0 && (
        <>
          <button className="side-head as-button" onClick={() => setShowQuiet(!showQuiet)}>
            {showQuiet ? '▾' : '▸'} Ran, nothing found ({quiet.length})
          </button>
          {showQuiet && (
            <ul className="rule-counts quiet">
              {quiet.map((r) => (
                <li key={r.rule} title={`${r.rule} ${r.title}`}>
                  <span className="label">
                    <span className="mono">{r.rule}</span> {r.title}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </aside>
  )
}
