import { useState } from 'react'
import type { ImportFileSummary, ImportProgressEvent } from '../../../shared/ipc/contract'
import { call, errorText } from '../api/client'
import type { ImportState } from '../api/import-state'
import { basename, bytes, duration, n } from '../lib/format'

interface Props {
  state: ImportState
  onClose: () => void
  onHide: () => void
}

const PHASES: Record<ImportProgressEvent['phase'], string> = {
  hashing: 'hashing (SHA-256)',
  reading: 'reading',
  finishing: 'linking',
  optimizing: 'building the filter indexes',
  indexing: 'building the search index'
}

/**
 * The import: one progress bar per file while it runs (bytes, events, rejected, speed), then the
 * per-file summary with detected format, SHA-256, counts and each rejected record's line and reason.
 * It runs in a worker in main; this panel only listens, so the UI never waits on it.
 */
export function ImportPanel({ state, onClose, onHide }: Props): React.JSX.Element | null {
  const [cancelError, setCancelError] = useState<string | null>(null)
  const [cancelling, setCancelling] = useState(false)
  const { job, finished, current } = state
  if (!job) return null
  const running = !finished
  // A job with no files finishes the indexes an earlier, stopped import left to build.
  const onlyIndexes = job.files.length === 0
  const cancel = async (): Promise<void> => {
    setCancelling(true)
    try {
      await call('cancelImport', { jobId: job.jobId })
    } catch (e) {
      setCancelError(errorText(e))
    }
  }
  const summaries = new Map<string, ImportFileSummary>((finished?.files ?? []).map((f) => [f.path, f]))
  return (
    <div className="overlay" role="dialog" aria-label="Import" data-testid="import-panel">
      <div className="import-panel">
        <header>
          <h2>
            {running
              ? onlyIndexes
                ? 'Finishing the indexes of the last import…'
                : `Importing ${n(job.files.length)} file${job.files.length === 1 ? '' : 's'}…`
              : finished.outcome === 'done'
                ? onlyIndexes
                  ? 'Indexes finished'
                  : 'Import finished'
                : finished.outcome === 'cancelled'
                  ? 'Import cancelled'
                  : 'Import failed'}
          </h2>
          <span className="muted">
            {running && current
              ? `${PHASES[current.phase]} · ${duration(current.elapsedMs)}`
              : finished
                ? duration(finished.elapsedMs)
                : 'starting…'}
          </span>
          <span className="spacer" />
          {running ? (
            <>
              <button className="tool" onClick={onHide} title="Keep importing in the background">
                Hide
              </button>
              <button
                className="tool danger"
                onClick={() => void cancel()}
                disabled={cancelling}
                data-testid="import-cancel"
              >
                {cancelling ? 'Cancelling…' : onlyIndexes ? 'Stop' : 'Cancel import'}
              </button>
            </>
          ) : (
            <button className="tool primary" onClick={onClose} data-testid="import-close">
              Close
            </button>
          )}
        </header>
        {cancelError && <div className="error pad">{cancelError}</div>}
        {finished?.error && (
          <div className={`banner ${finished.outcome === 'failed' ? 'error' : 'warn'}`}>
            {finished.error.message}
          </div>
        )}
        {running && current?.phase === 'optimizing' && (
          <div className="file-progress">
            <div className="file-line">
              <span title="The events are imported and can be browsed; filters get faster as each index is built.">
                Filter indexes
              </span>
              <span className="muted">
                {n(current.bytesRead)} / {n(current.bytesTotal)} built
              </span>
            </div>
            <Bar value={current.bytesRead} total={current.bytesTotal} />
          </div>
        )}
        {running && current?.phase === 'indexing' && (
          <div className="file-progress">
            <div className="file-line">
              <span>Search index</span>
              <span className="muted">
                {/* A zero total is the write-ahead log being checkpointed before the index starts. */}
                {current.bytesTotal > 0
                  ? `${n(current.bytesRead)} / ${n(current.bytesTotal)} events`
                  : 'writing the case to disk…'}
              </span>
            </div>
            <Bar value={current.bytesRead} total={current.bytesTotal} />
          </div>
        )}
        <div className="import-files">
          {running
            ? job.files.map((f, i) => (
                <FileProgress key={f.path} index={i} path={f.path} size={f.size} state={state} />
              ))
            : finished.files.length > 0 && <Summary files={[...summaries.values()]} />}
          {!running && onlyIndexes && finished.outcome === 'done' && (
            <p className="muted pad">Every filter and search index of the case is built.</p>
          )}
          {job.skipped.length > 0 && (
            <details className="skipped">
              <summary>{n(job.skipped.length)} skipped (not export files, or missing)</summary>
              <ul>
                {job.skipped.map((s) => (
                  <li key={s} className="mono small">
                    {s}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      </div>
    </div>
  )
}

function Bar({ value, total }: { value: number; total: number }): React.JSX.Element {
  const pct = total > 0 ? Math.min(100, (value / total) * 100) : 0
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuenow={Math.round(pct)}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <div style={{ width: `${pct}%` }} />
    </div>
  )
}

function FileProgress({
  index,
  path,
  size,
  state
}: {
  index: number
  path: string
  size: number
  state: ImportState
}): React.JSX.Element {
  const p = state.progress[index]
  const currentIndex = state.current?.fileIndex ?? 0
  const done =
    index < currentIndex || state.current?.phase === 'indexing' || state.current?.phase === 'optimizing'
  const waiting = !p && !done
  return (
    <div
      className={`file-progress${done ? ' done' : ''}${waiting ? ' waiting' : ''}`}
      data-testid="file-progress"
    >
      <div className="file-line">
        <span className="mono" title={path}>
          {basename(path)}
        </span>
        <span className="muted">{waiting ? 'waiting' : done ? 'read' : p ? PHASES[p.phase] : ''}</span>
      </div>
      <Bar
        value={done ? size : p?.phase === 'reading' || p?.phase === 'finishing' ? p.bytesRead : 0}
        total={size || 1}
      />
      {p && (
        <div className="file-stats muted">
          <span>
            {bytes(p.bytesRead)} / {bytes(p.bytesTotal)}
          </span>
          <span>{n(p.events)} events</span>
          {p.duplicates > 0 && <span>{n(p.duplicates)} duplicates</span>}
          <span className={p.rejected ? 'warn' : ''}>{n(p.rejected)} rejected</span>
          {p.phase === 'reading' && p.bytesPerSecond > 0 && (
            <span>
              {bytes(p.bytesPerSecond)}/s · {n(p.eventsPerSecond)} events/s
            </span>
          )}
        </div>
      )}
    </div>
  )
}

function Summary({ files }: { files: ImportFileSummary[] }): React.JSX.Element {
  return (
    <table className="summary" data-testid="import-summary">
      <thead>
        <tr>
          <th />
          <th>File</th>
          <th>Format</th>
          <th>SHA-256</th>
          <th className="num">Records</th>
          <th className="num">Imported</th>
          <th className="num">Duplicates</th>
          <th className="num">Rejected</th>
        </tr>
      </thead>
      <tbody>
        {files.map((f) => (
          <SummaryRow key={f.path} f={f} />
        ))}
      </tbody>
    </table>
  )
}

function SummaryRow({ f }: { f: ImportFileSummary }): React.JSX.Element {
  const [open, setOpen] = useState(false)
  const icon = f.status === 'imported' ? '✓' : f.status === 'already-imported' ? '=' : '✗'
  const hasDetail = f.issues.length > 0 || f.notes.length > 0
  return (
    <>
      <tr className={`status-${f.status}`} data-testid="summary-row">
        <td className="status">{icon}</td>
        <td>
          <span className="mono" title={f.path}>
            {basename(f.path)}
          </span>
          {f.status === 'failed' && f.error && <div className="small">could not be read: {f.error}</div>}
          {f.status === 'already-imported' && (
            <div className="small muted">already in this case; nothing added</div>
          )}
          {f.authDetails > 0 && (
            <div className="small muted">
              {n(f.authDetails)} authentication-detail rows linked to their sign-ins
            </div>
          )}
          {hasDetail && (
            <button className="link small" onClick={() => setOpen(!open)}>
              {open
                ? 'hide'
                : f.issuesTotal
                  ? `${n(f.issuesTotal)} issue${f.issuesTotal === 1 ? '' : 's'}`
                  : 'notes'}
            </button>
          )}
        </td>
        <td>
          {f.format ?? '—'}
          {f.layout ? <span className="muted"> ({f.layout})</span> : null}
          {f.encoding ? <span className="muted"> {f.encoding}</span> : null}
        </td>
        <td className="mono small sha" title={f.sha256 ?? ''}>
          {f.sha256 ?? '—'}
        </td>
        <td className="num">{n(f.records)}</td>
        <td className="num">{n(f.imported)}</td>
        <td className="num">{n(f.duplicates)}</td>
        <td className={`num${f.rejected ? ' warn' : ''}`}>{n(f.rejected)}</td>
      </tr>
      {open && (
        <tr className="issues">
          <td />
          <td colSpan={7}>
            {f.notes.map((note, i) => (
              <div key={i} className="muted">
                note: {note}
              </div>
            ))}
            {f.issues.length > 0 && (
              <ul className="issue-list" data-testid="issue-list">
                {f.issues.map((i, k) => (
                  <li key={k}>
                    <span className="mono">line {i.line}</span> {i.reason}
                  </li>
                ))}
                {f.issuesTotal > f.issues.length && (
                  <li className="muted">
                    … {n(f.issuesTotal - f.issues.length)} more in the case's Sources tab
                  </li>
                )}
              </ul>
            )}
          </td>
        </tr>
      )}
    </>
  )
}
