import { useState } from 'react'
import type { ExportFormat, ExportResult } from '../../../shared/ipc/contract'
import type { ExplorerQuery } from '../../../shared/ipc/query'
import { call, errorParts, useMainEvent, type ErrorParts } from '../api/client'
import { duration, n } from '../lib/format'
import { useEscape } from './dialog'
import { ErrorNote } from './ErrorNote'

interface Props {
  query: ExplorerQuery
  description: string
  total: number | null
  onClose: () => void
}

/**
 * Exports the events of the current filter; times in the file are ISO 8601 UTC whatever the
 * display zone. Main writes in a worker and reports the events written so far ('export:progress'),
 * shown against the filter's total.
 */
export function ExportDialog({ query, description, total, onClose }: Props): React.JSX.Element {
  const [busy, setBusy] = useState(false)
  const [written, setWritten] = useState(0)
  const [done, setDone] = useState<ExportResult | null>(null)
  const [error, setError] = useState<ErrorParts | null>(null)
  // Escape closes only while nothing is being written (closing would hide a running export).
  useEscape(busy ? null : onClose)
  useMainEvent('export:progress', ({ events }) => {
    if (busy) setWritten(events)
  })
  const run = async (format: ExportFormat): Promise<void> => {
    setBusy(true)
    setWritten(0)
    setDone(null)
    setError(null)
    try {
      const r = await call('exportEvents', { query, format })
      if (r) setDone(r)
    } catch (e) {
      setError(errorParts(e))
    } finally {
      setBusy(false)
    }
  }
  const pct = total ? Math.min(100, (written / total) * 100) : null
  return (
    <div className="overlay" role="dialog" aria-label="Export" aria-modal="true">
      <div className="small-dialog" data-testid="export-dialog">
        <h2>Export events</h2>
        <p>
          {description === 'all events'
            ? `All ${total !== null ? `${n(total)} ` : ''}events of the case`
            : `${total !== null ? `${n(total)} events` : 'The events'} ${description}`}
          . Times are written in UTC (ISO 8601), with each event's source files and lines.
        </p>
        <div className="welcome-actions">
          <button className="tool" disabled={busy} onClick={() => void run('csv')} autoFocus>
            CSV
          </button>
          <button className="tool" disabled={busy} onClick={() => void run('ndjson')}>
            JSON Lines
          </button>
          <button className="tool" disabled={busy} onClick={() => void run('json')}>
            JSON
          </button>
          <span className="spacer" />
          <button
            className="tool"
            disabled={busy}
            onClick={onClose}
            title={busy ? 'Wait for the export' : ''}
          >
            Close
          </button>
        </div>
        {busy && (
          <div className="export-progress" data-testid="export-progress">
            <p className="muted">
              <span className="spinner" /> exporting… {n(written)}
              {total !== null ? ` of ${n(total)}` : ''} events written
            </p>
            {pct !== null && (
              <div
                className="progress"
                role="progressbar"
                aria-valuenow={Math.round(pct)}
                aria-valuemin={0}
                aria-valuemax={100}
              >
                <div style={{ width: `${pct}%` }} />
              </div>
            )}
          </div>
        )}
        {done && (
          <p data-testid="export-done">
            Wrote {n(done.events)} events to <span className="mono">{done.path}</span> in {duration(done.ms)}.
          </p>
        )}
        {error && <ErrorNote error={error} />}
      </div>
    </div>
  )
}
