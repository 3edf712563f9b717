import type { AppState } from '../../../shared/ipc/contract'

interface Props {
  state: AppState
  onNew: () => void
  onOpen: (recent: string | null) => void
}

/** No case open: create one, open one, or pick a recent one. */
export function Welcome({ state, onNew, onOpen }: Props): React.JSX.Element {
  return (
    <div className="welcome" data-testid="welcome">
      <h1>Authtrail</h1>
      <p className="muted">
        Offline investigation of exported Entra ID audit and sign-in logs. A case is one file that holds the
        imported events, their source files' SHA-256 and every record as it was exported.
      </p>
      <div className="welcome-actions">
        <button className="tool primary" onClick={onNew} data-testid="new-case">
          New case…
        </button>
        <button className="tool" onClick={() => onOpen(null)} data-testid="open-case">
          Open case…
        </button>
      </div>
      {state.recent.length > 0 && (
        <>
          <h3>Recent cases</h3>
          <ul className="recent">
            {state.recent.map((r) => (
              <li key={r.path}>
                <button className="link" disabled={!r.exists} onClick={() => onOpen(r.path)} title={r.path}>
                  {r.name}
                </button>
                <span className="muted small mono">{r.path}</span>
                {!r.exists && <span className="warn small"> missing</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
