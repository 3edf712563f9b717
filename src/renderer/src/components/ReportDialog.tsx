import { useState } from 'react'
import { REPORT_FORMATS, type ReportFormat } from '../../../shared/ipc/case-work'
import type { ExportResult } from '../../../shared/ipc/contract'
import { zoneLabel } from '../../../shared/ipc/time-zone'
import { call, errorParts, type ErrorParts } from '../api/client'
import { duration } from '../lib/format'
import { useWorkbench } from '../nav/context'
import { useEscape } from './dialog'
import { ErrorNote } from './ErrorNote'

const LABELS: Record<ReportFormat, [string, string]> = {
  html: ['HTML report', 'one self-contained file, opens offline in any browser'],
  json: ['JSON', 'the same content as data, for scripts'],
  timesketch: ['Timesketch JSONL', 'events with tags and comments, for a shared timeline']
}

/**
 * The case written up: scope and sources with hashes, findings with triage, the affected users'
 * timelines and the annotated events, times in the display zone (named in the report).
 */
export function ReportDialog({
  onClose,
  onWritten
}: {
  onClose: () => void
  /** A report was written (the case log has a new entry). */
  onWritten: () => void
}): React.JSX.Element {
  const { zone } = useWorkbench()
  const [busy, setBusy] = useState<ReportFormat | null>(null)
  const [done, setDone] = useState<(ExportResult & { format: ReportFormat }) | null>(null)
  const [error, setError] = useState<ErrorParts | null>(null)
  // Escape closes it, except while a report is being written.
  useEscape(busy ? null : onClose)
  const run = async (format: ReportFormat): Promise<void> => {
    setBusy(format)
    setError(null)
    setDone(null)
    try {
      const r = await call('exportReport', { format, zone })
      if (r) {
        setDone({ ...r, format })
        onWritten()
      }
    } catch (e) {
      setError(errorParts(e))
    } finally {
      setBusy(null)
    }
  }
  return (
    <div className="overlay" role="dialog" aria-label="Export report" aria-modal="true">
      <div className="small-dialog" data-testid="report-dialog">
        <h2>Export report</h2>
        <p>
          Times are written in <span className="zone">{zoneLabel(zone)}</span>, the zone shown now, and
          labelled in the report. The export is recorded in the case log.
        </p>
        <div className="report-formats">
          {REPORT_FORMATS.map((f) => (
            <button
              key={f}
              className="format-choice"
              disabled={busy !== null}
              onClick={() => void run(f)}
              autoFocus={f === REPORT_FORMATS[0]}
            >
              <span className="format-name">{LABELS[f][0]}</span>
              <span className="muted small">{LABELS[f][1]}</span>
            </button>
          ))}
        </div>
        {busy && (
          <p className="muted">
            <span className="spinner" /> writing the {LABELS[busy][0]}…
          </p>
        )}
        {done && (
          <p data-testid="report-done">
            Wrote the {LABELS[done.format][0]} to <span className="mono">{done.path}</span> in{' '}
            {duration(done.ms)}.
          </p>
        )}
        {error && <ErrorNote error={error} />}
        <div className="welcome-actions">
          <span className="spacer" />
          <button className="tool" disabled={busy !== null} onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  )
}
