import type { ErrorParts } from '../api/client'

/**
 * A failed call shown where it happened: the message, and main's detail (the file, the SQLite
 * error) behind a disclosure, so "The export failed." still says why.
 */
export function ErrorNote({
  error,
  className = ''
}: {
  error: ErrorParts | string
  className?: string
}): React.JSX.Element {
  const e = typeof error === 'string' ? { message: error, details: null } : error
  // A one-line reason (the OS error, the SQLite message) is shown as is; a long one folds away.
  const short =
    e.details !== null && e.details !== e.message && e.details.length <= 240 && !e.details.includes('\n')
  return (
    <div className={`error-note ${className}`} role="alert" data-testid="error-note">
      <span className="error">{e.message}</span>
      {short ? (
        <span className="error-detail"> {e.details}</span>
      ) : (
        e.details &&
        e.details !== e.message && (
          <details>
            <summary className="muted small">details</summary>
            <pre className="mono small">{e.details}</pre>
          </details>
        )
      )}
    </div>
  )
}
