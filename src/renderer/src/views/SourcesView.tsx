import { useEffect, useState } from 'react'
import type { CaseFileInfo, FileIssue } from '../../../shared/ipc/contract'
import { call, errorText } from '../api/client'
import { When, ZoneHead } from '../components/When'
import { bytes, n } from '../lib/format'

/** The case's source files: chain of custody (path, SHA-256, when) and what the import made of each. */
export function SourcesView({ generation }: { generation: number }): React.JSX.Element {
  const [files, setFiles] = useState<CaseFileInfo[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState<number | null>(null)
  useEffect(() => {
    let live = true
    call('listFiles', {})
      .then((f) => live && setFiles(f))
      .catch((e: unknown) => live && setError(errorText(e)))
    return () => {
      live = false
    }
  }, [generation])
  if (error) return <div className="error pad">{error}</div>
  if (!files) return <div className="pad muted">loading…</div>
  return (
    <div className="sources-view" data-testid="sources-view">
      <table className="summary">
        <thead>
          <tr>
            <th>File</th>
            <th>Format</th>
            <th>SHA-256</th>
            <th className="num">Size</th>
            <th className="num">Records</th>
            <th className="num">Imported</th>
            <th className="num">Duplicates</th>
            <th className="num">Rejected</th>
            <th>
              <ZoneHead name="Imported at" />
            </th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <FileRow
              key={f.id}
              f={f}
              open={open === f.id}
              onToggle={() => setOpen(open === f.id ? null : f.id)}
            />
          ))}
        </tbody>
      </table>
      {files.length === 0 && <p className="pad muted">No files imported yet.</p>}
    </div>
  )
}

function FileRow({
  f,
  open,
  onToggle
}: {
  f: CaseFileInfo
  open: boolean
  onToggle: () => void
}): React.JSX.Element {
  const [issues, setIssues] = useState<FileIssue[] | null>(null)
  useEffect(() => {
    if (!open || issues) return
    void call('fileIssues', { fileId: f.id, limit: 500 }).then(setIssues, () => setIssues([]))
  }, [open, issues, f.id])
  return (
    <>
      <tr>
        <td>
          <span className="mono" title={f.path}>
            {f.name}
          </span>{' '}
          {f.issuesTotal > 0 && (
            <button className="link small" onClick={onToggle}>
              {open ? 'hide' : `${n(f.issuesTotal)} issue${f.issuesTotal === 1 ? '' : 's'}`}
            </button>
          )}
          <div className="muted small">{f.path}</div>
        </td>
        <td>
          {f.format}
          {f.layout && <span className="muted"> ({f.layout})</span>}{' '}
          <span className="muted">{f.encoding}</span>
        </td>
        <td className="mono small sha">{f.sha256}</td>
        <td className="num">{bytes(f.size)}</td>
        <td className="num">{n(f.records)}</td>
        <td
          className="num"
          title={
            f.authDetails > 0
              ? `${n(f.authDetails)} authentication-detail rows, kept and joined to the sign-ins with the same request id (not events of their own)`
              : undefined
          }
        >
          {f.authDetails > 0 ? `${n(f.authDetails)} details` : n(f.imported)}
        </td>
        <td className="num">{n(f.duplicates)}</td>
        <td className={`num${f.rejected ? ' warn' : ''}`}>{n(f.rejected)}</td>
        <td className="small">
          <When ms={Date.parse(f.importedAt)} />
        </td>
      </tr>
      {open && (
        <tr className="issues">
          <td colSpan={9}>
            {!issues ? (
              'loading…'
            ) : (
              <ul className="issue-list">
                {issues.map((i, k) => (
                  <li key={k}>
                    <span className="mono">line {i.line ?? '—'}</span> {i.reason}
                    {i.excerpt && <div className="mono small muted excerpt">{i.excerpt}</div>}
                  </li>
                ))}
              </ul>
            )}
          </td>
        </tr>
      )}
    </>
  )
}
