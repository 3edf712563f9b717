import { useState } from 'react'
import type { ExportFormat, ExportResult } from '../../../shared/ipc/contract'
import type { ExplorerQuery } from '../../../shared/ipc/query'
import { call, errorText } from '../api/client'
import { duration, n } from '../lib/format'

interface Props {
  query: ExplorerQuery
  description: string
  total: number | null
  onClose: () => void
}

/** Exports the events of the current filter; times in the file are ISO 8601 UTC whatever the display zone. */
export function ExportDialog({ query, description, total, onClose }: Props): React.JSX.Element {
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<ExportResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const run = async (format: ExportFormat): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      const r = await call('exportEvents', { query, format })
      if (r) setDone(r)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="overlay" role="dialog" aria-label="Export">
      <div className="small-dialog">
        <h2>Export events</h2>
        <p>
          {total !== null ? `${n(total)} events` : 'The events'} {description}. Times are written in UTC (ISO
          8601), with each event's source files and lines.
        </p>
        <div className="welcome-actions">
          <button className="tool" disabled={busy} onClick={() => void run('csv')}>
            CSV
          </button>
          <button className="tool" disabled={busy} onClick={() => void run('ndjson')}>
            JSON Lines
          </button>
          <button className="tool" disabled={busy} onClick={() => void run('json')}>
            JSON
          </button>
          <span className="spacer" />
          <button className="tool" onClick={onClose}>
            Close
          </button>
        </div>
        {busy && <p className="muted">exporting…</p>}
        {done && (
          <p>
            Wrote {n(done.events)} events to <span className="mono">{done.path}</span> in {duration(done.ms)}.
          </p>
        )}
        {error && <p className="error">{error}</p>}
      </div>
    </div>
  )
}
