import { useState } from 'react'
import { TRIAGE_STATUSES, type TriageStatus } from '../../../shared/ipc/case-work'
import { call, errorText } from '../api/client'
import { TRIAGE_LABELS } from './severity'

interface Props {
  ids: string[]
  status: TriageStatus
  note: string | null
  onSaved: () => void
  compact?: boolean
}

/**
 * Status and note for one finding or a selection. Saving writes both (the note replaces the old
 * one; an empty note clears it) and the case log records it.
 */
export function TriageEditor({
  ids,
  status: initial,
  note: initialNote,
  onSaved,
  compact
}: Props): React.JSX.Element {
  const [status, setStatus] = useState<TriageStatus>(initial)
  const [note, setNote] = useState(initialNote ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const dirty = status !== initial || note !== (initialNote ?? '')
  const save = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await call('setTriage', { ids, status, note: note.trim() ? note.trim() : null })
      setSaved(true)
      onSaved()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className={`triage-editor${compact ? ' compact' : ''}`} data-testid="triage-editor">
      <div className="segmented" role="radiogroup" aria-label="Triage status">
        {TRIAGE_STATUSES.map((s) => (
          <button
            key={s}
            role="radio"
            aria-checked={status === s}
            className={`triage-${s}${status === s ? ' on' : ''}`}
            onClick={() => {
              setStatus(s)
              setSaved(false)
            }}
          >
            {TRIAGE_LABELS[s]}
          </button>
        ))}
      </div>
      <textarea
        value={note}
        placeholder={ids.length > 1 ? `Note for the ${ids.length} selected findings…` : 'Analyst note…'}
        rows={compact ? 1 : 3}
        onChange={(e) => {
          setNote(e.target.value)
          setSaved(false)
        }}
        data-testid="triage-note"
      />
      <div className="row-actions">
        <button
          className="tool primary"
          disabled={busy || (!dirty && ids.length === 1)}
          onClick={() => void save()}
        >
          {ids.length > 1 ? `Set for ${ids.length} findings` : 'Save triage'}
        </button>
        {saved && !dirty && <span className="ok small">saved</span>}
        {error && <span className="error small">{error}</span>}
      </div>
    </div>
  )
}
