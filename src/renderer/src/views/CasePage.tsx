import { useState } from 'react'
import type { CaseLogEntry, VerifyReport } from '../../../shared/ipc/case-work'
import type { CaseSummary } from '../../../shared/ipc/contract'
import { call, errorText } from '../api/client'
import { useLoad } from '../api/work-hooks'
import { ErrorNote } from '../components/ErrorNote'
import { ReportDialog } from '../components/ReportDialog'
import { When, ZoneHead } from '../components/When'
import { bytes, n } from '../lib/format'
import { useWorkbench } from '../nav/context'
import { SourcesView } from './SourcesView'

const LOG_PAGE = 100

interface Props {
  summary: CaseSummary
  reporting: boolean
  onReporting: (open: boolean) => void
}

/** The case as evidence: what it holds, where it came from, what the analyst did, and the report. */
export function CasePage({ summary, reporting, onReporting }: Props): React.JSX.Element {
  const [written, setWritten] = useState(0)
  return (
    <div className="page case-page" data-testid="case-page">
      <header className="page-head">
        <div className="page-title">
          <span className="kind-label">Case</span>
          <h1 className="mono" tabIndex={-1}>
            {summary.name}
          </h1>
          <span className="muted small mono">{summary.path}</span>
        </div>
        <div className="page-actions">
          <button className="tool primary" onClick={() => onReporting(true)} data-testid="report-button">
            Export report…
          </button>
        </div>
      </header>
      <div className="page-body">
        <div className="stat-row">
          <div className="stat">
            <div className="stat-label">Events</div>
            <div className="stat-value">{n(summary.events.total)}</div>
          </div>
          <div className="stat">
            <div className="stat-label">Sign-ins / audit</div>
            <div className="stat-value">
              {n(summary.events.signin)} / {n(summary.events.audit)}
            </div>
          </div>
          <div className="stat">
            <div className="stat-label">From</div>
            <div className="stat-value">
              <When ms={summary.first} precision="min" label />
            </div>
          </div>
          <div className="stat">
            <div className="stat-label">To</div>
            <div className="stat-value">
              <When ms={summary.last} precision="min" label />
            </div>
          </div>
          <div className="stat">
            <div className="stat-label">Source files</div>
            <div className="stat-value">{n(summary.files)}</div>
          </div>
          <div className="stat">
            <div className="stat-label">Case file</div>
            <div className="stat-value">{bytes(summary.sizeBytes)}</div>
          </div>
        </div>
        <section className="card">
          <h2>Sources</h2>
          <SourcesView generation={summary.generation} />
        </section>
        <CaseLog written={written} />
      </div>
      {reporting && (
        <ReportDialog onClose={() => onReporting(false)} onWritten={() => setWritten((w) => w + 1)} />
      )}
    </div>
  )
}

function short(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 12)}…` : hash
}

function CaseLog({ written }: { written: number }): React.JSX.Element {
  const { revision } = useWorkbench()
  const [tick, setTick] = useState(0)
  const key = `${revision}.${tick}.${written}`
  const first = useLoad('caseLog', { limit: LOG_PAGE, before: null }, key)
  const [older, setOlder] = useState<{ key: string; rows: CaseLogEntry[] }>({ key: '', rows: [] })
  const [verify, setVerify] = useState<{ busy: boolean; report: VerifyReport | null; error: string | null }>({
    busy: false,
    report: null,
    error: null
  })
  const extra = older.key === key ? older.rows : []
  const rows = [...(first.data ?? []), ...extra]
  const last = rows.at(-1)
  const more = first.data !== null && rows.length % LOG_PAGE === 0 && rows.length > 0 && (last?.seq ?? 0) > 1
  const [olderError, setOlderError] = useState<string | null>(null)
  const loadOlder = async (): Promise<void> => {
    if (!last) return
    setOlderError(null)
    try {
      const page = await call('caseLog', { limit: LOG_PAGE, before: last.seq })
      setOlder({ key, rows: [...extra, ...page] })
    } catch (e) {
      setOlderError(errorText(e))
    }
  }
  const runVerify = async (): Promise<void> => {
    setVerify({ busy: true, report: null, error: null })
    try {
      setVerify({ busy: false, report: await call('verifyCase', {}), error: null })
      setTick((t) => t + 1)
    } catch (e) {
      setVerify({ busy: false, report: null, error: errorText(e) })
    }
  }
  const r = verify.report
  return (
    <section className="card" data-testid="case-log">
      <h2>
        Case log
        <span className="muted small">every analyst action, hash-chained</span>
        <span className="spacer" />
        <button
          className="tool"
          disabled={verify.busy}
          onClick={() => void runVerify()}
          data-testid="verify-button"
        >
          {verify.busy ? (
            <>
              <span className="spinner" /> Verifying…
            </>
          ) : (
            'Verify'
          )}
        </button>
      </h2>
      {verify.error && <ErrorNote error={verify.error} />}
      {r && (
        <div className={`verify ${r.ok ? 'verify-ok' : 'verify-bad'}`} data-testid="verify-result">
          <div className="verify-head">
            {r.ok ? '✓ Intact' : '✗ Problems found'}: {n(r.entries)} log entries
            {r.brokenAt !== null ? `, chain broken at entry #${r.brokenAt}` : ', chain unbroken'};{' '}
            {r.sources.filter((s) => s.status === 'match').length}/{r.sources.length} source files match their
            recorded SHA-256
          </div>
          {r.problems.length > 0 && (
            <ul className="plain">
              {r.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          )}
          {r.sources.some((s) => s.status !== 'match') && (
            <ul className="plain small mono">
              {r.sources
                .filter((s) => s.status !== 'match')
                .map((s) => (
                  <li key={s.path}>
                    <span className={s.status === 'changed' ? 'error' : 'warn'}>{s.status}</span> {s.path}
                  </li>
                ))}
            </ul>
          )}
        </div>
      )}
      {first.error && <ErrorNote error={first.error} />}
      <table className="rows" data-testid="case-log-table">
        <thead>
          <tr>
            <th className="num">#</th>
            <th className="col-time">
              <ZoneHead />
            </th>
            <th>Action</th>
            <th>What</th>
            <th>Hash</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.seq} className={r && r.brokenAt !== null && e.seq >= r.brokenAt ? 'broken' : ''}>
              <td className="num mono">{e.seq}</td>
              <td className="col-time">
                <When ms={Date.parse(e.at)} />
              </td>
              <td>
                <span className={`log-action act-${e.action}`}>{e.action}</span>
              </td>
              <td className="wrap">{e.summary}</td>
              <td className="mono small hash" title={e.hash}>
                {short(e.hash)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {first.data && rows.length === 0 && <p className="muted">No entries.</p>}
      {more && (
        <button className="tool" onClick={() => void loadOlder()}>
          Older entries
        </button>
      )}
      {olderError && <ErrorNote error={olderError} />}
    </section>
  )
}
