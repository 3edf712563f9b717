import { useState } from 'react'
import { call, errorText } from '../api/client'
import { useLoad } from '../api/work-hooks'
import { EntityLink, UserLink } from '../components/EntityLink'
import { useEscape } from '../components/dialog'
import { When } from '../components/When'
import { useWorkbench } from '../nav/context'

/** Every suppression, active and lifted (kept for the record); lifting one brings its findings back. */
export function SuppressionsDialog({
  onClose,
  onChanged
}: {
  onClose: () => void
  onChanged: () => void
}): React.JSX.Element {
  const { revision } = useWorkbench()
  const [tick, setTick] = useState(0)
  const { data, error } = useLoad('listSuppressions', {}, `${revision}.${tick}`)
  const [failure, setFailure] = useState<string | null>(null)
  useEscape(onClose)
  const lift = async (id: number): Promise<void> => {
    setFailure(null)
    try {
      await call('removeSuppression', { id })
      setTick((t) => t + 1)
      onChanged()
    } catch (e) {
      setFailure(errorText(e))
    }
  }
  return (
    <div className="overlay" role="dialog" aria-label="Suppressions" aria-modal="true" onClick={onClose}>
      <div className="dialog wide" onClick={(e) => e.stopPropagation()} data-testid="suppressions">
        <header className="dialog-head">
          <h2>Suppressions</h2>
          <span className="spacer" />
          <button className="icon" onClick={onClose} aria-label="Close" title="Close (Esc)" autoFocus>
            ×
          </button>
        </header>
        {(error || failure) && <p className="error">{error ?? failure}</p>}
        {data && data.length === 0 && (
          <p className="muted">No suppressions. Suppress a noisy rule for a user or an IP from a finding.</p>
        )}
        {data && data.length > 0 && (
          <table className="summary">
            <thead>
              <tr>
                <th>#</th>
                <th>Rule</th>
                <th>Scope</th>
                <th>Note</th>
                <th>Created</th>
                <th className="num">Hides</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.map((s) => (
                <tr key={s.id} className={s.removedAt ? 'lifted' : ''} data-testid="suppression-row">
                  <td className="mono">{s.id}</td>
                  <td className="mono">{s.rule}</td>
                  <td>
                    {s.scope === 'user' ? 'user ' : 'IP '}
                    {s.scope === 'user' ? (
                      <UserLink value={s.value} />
                    ) : (
                      <EntityLink kind="ip" value={s.value} />
                    )}
                  </td>
                  <td>{s.note ?? <span className="muted">—</span>}</td>
                  <td>
                    <When ms={Date.parse(s.createdAt)} precision="min" label />
                  </td>
                  <td className="num">{s.removedAt ? '—' : s.hides}</td>
                  <td>
                    {s.removedAt ? (
                      <span className="muted small">
                        lifted <When ms={Date.parse(s.removedAt)} precision="min" />
                      </span>
                    ) : (
                      <button className="tool" onClick={() => void lift(s.id)}>
                        Lift
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  )
}
