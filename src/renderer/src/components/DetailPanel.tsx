import { useState } from 'react'
import type { AnnotateRequest } from '../../../shared/ipc/case-work'
import type { EventSourceDetail } from '../../../shared/ipc/contract'
import { PIVOTS } from '../../../shared/ipc/contract'
import { formatInZone, isoInZone, zoneShort } from '../../../shared/ipc/time-zone'
import { EVENT_JSON_FIELDS } from '../../../shared/model/event'
import type { QueryField } from '../../../shared/ipc/query'
import { useEventDetail } from '../api/explorer-hooks'
import { basename } from '../lib/format'
import { useWorkbench } from '../nav/context'
import { AnnotationEditor } from './AnnotationEditor'
import { EntityLink, methodEntity, UserLink } from './EntityLink'

interface Props {
  id: number
  zone: string
  generation: number
  onClose: () => void
  onPivot: (field: QueryField, value: string) => void
  onSelect: (id: number) => void
  /** Bumped when annotations change (here or in bulk): the detail reloads them. */
  annotationRev: number
  onAnnotated: (change: AnnotateRequest) => void
}

/** Fields whose values open a view of their own. */
function FieldValue({ field, event }: { field: string; event: object }): React.JSX.Element {
  const values = event as Record<string, unknown>
  const v = values[field]
  if (typeof v !== 'string' || !v) return <>{show(v)}</>
  if (field === 'userUpn' || field === 'targetUpn') return <UserLink value={v} />
  if (field === 'actorUpn') return <EntityLink kind="actor" value={v} />
  if (field === 'ip') return <EntityLink kind="ip" value={v} />
  if (field === 'methodDetail') {
    const kind = methodEntity(values.method as string | null, v)
    if (kind) return <EntityLink kind={kind} value={v} />
  }
  return <>{show(v)}</>
}

function show(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'number') return String(v)
  return JSON.stringify(v)
}

function pretty(raw: string): string {
  const t = raw.trim()
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(t), null, 2)
    } catch {
      return raw
    }
  }
  return raw
}

/** Everything about one event: the normalized fields, pivots, and each source record as it was in its file. */
export function DetailPanel({
  id,
  zone,
  generation,
  onClose,
  onPivot,
  onSelect,
  annotationRev,
  onAnnotated
}: Props): React.JSX.Element {
  const { go } = useWorkbench()
  const { data, loading, error } = useEventDetail(id, generation * 1000 + annotationRev)
  const [showEmpty, setShowEmpty] = useState(false)
  const e = data?.event
  return (
    <aside className="detail" data-testid="detail-panel">
      <header>
        <span className="detail-title">
          {e ? (e.activity ?? '(no activity)') : loading ? 'loading…' : 'event'}
        </span>
        <button className="icon" onClick={onClose} aria-label="Close the detail panel" title="Close (Esc)">
          ×
        </button>
      </header>
      {error && <div className="error pad">{error}</div>}
      {e && data && (
        <div className="detail-body">
          <div className="detail-time">
            <div>
              <span className="mono">{formatInZone(e.ts, zone)}</span>{' '}
              <span className="zone">{zoneShort(zone, e.ts)}</span>
            </div>
            {zone !== 'UTC' && <div className="muted mono">{isoInZone(e.ts, 'UTC')}</div>}
            <div className="muted">
              event #{e.id} ·{' '}
              <span className={`badge kind-${e.kind}`}>{e.kind === 'signin' ? 'sign-in' : 'audit'}</span>{' '}
              {e.result && <span className={`result result-${e.result}`}>{e.result}</span>}
            </div>
          </div>
          <div className="pivots" data-testid="pivots">
            {PIVOTS.map(([field, key, label]) => {
              const value = e[key]
              if (typeof value !== 'string' || !value) return null
              return (
                <button
                  key={field}
                  className="pivot"
                  onClick={() => onPivot(field, value)}
                  title={`Show every event with ${field} ${value}`}
                >
                  ⇢ {label}
                </button>
              )
            })}
          </div>
          <div className="pivots views" data-testid="view-pivots">
            {(e.userUpn ?? e.targetUpn) && (
              <button
                className="pivot"
                onClick={() => go({ page: 'user', user: (e.userUpn ?? e.targetUpn) as string })}
              >
                ◉ user view
              </button>
            )}
            {e.ip && (
              <button
                className="pivot"
                onClick={() => go({ page: 'entity', kind: 'ip', value: e.ip as string })}
              >
                ◉ IP view
              </button>
            )}
            {e.actorUpn && e.actorUpn !== e.userUpn && (
              <button
                className="pivot"
                onClick={() => go({ page: 'entity', kind: 'actor', value: e.actorUpn as string })}
              >
                ◉ actor view
              </button>
            )}
          </div>
          <h3>Annotation</h3>
          <AnnotationEditor key={e.id} eventId={e.id} annotation={data.annotation} onChanged={onAnnotated} />
          {data.mirrorOf !== null && (
            <div className="note">
              Unified-audit-log copy of{' '}
              <button className="link" onClick={() => onSelect(data.mirrorOf as number)}>
                event #{data.mirrorOf}
              </button>
            </div>
          )}
          {data.mirrors.length > 0 && (
            <div className="note">
              Copied in the unified audit log as{' '}
              {data.mirrors.map((m) => (
                <button key={m} className="link" onClick={() => onSelect(m)}>
                  #{m}
                </button>
              ))}
            </div>
          )}
          <h3>
            Fields
            <label className="inline">
              <input type="checkbox" checked={showEmpty} onChange={(ev) => setShowEmpty(ev.target.checked)} />{' '}
              empty too
            </label>
          </h3>
          <table className="fields" data-testid="detail-fields">
            <tbody>
              {EVENT_JSON_FIELDS.filter((f) => f !== 'sources' && f !== 'modifiedProperties').map((f) => {
                const v = e[f]
                if (!showEmpty && (v === null || v === undefined)) return null
                return (
                  <tr key={f}>
                    <th>{f}</th>
                    <td className="mono">
                      {f === 'time' ? `${show(v)} (UTC)` : <FieldValue field={f} event={e} />}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          {e.modifiedProperties && e.modifiedProperties.length > 0 && (
            <>
              <h3>Modified properties</h3>
              <table className="fields modified">
                <tbody>
                  {e.modifiedProperties.map((p, i) => (
                    <tr key={i}>
                      <th>{p.name}</th>
                      <td className="mono">
                        <div className="old">{p.oldValue ?? '—'}</div>
                        <div className="new">{p.newValue ?? '—'}</div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <h3>Sources ({data.sources.length})</h3>
          {data.sources.map((s, i) => (
            <Source key={i} source={s} />
          ))}
        </div>
      )}
    </aside>
  )
}

function Source({ source }: { source: EventSourceDetail }): React.JSX.Element {
  const [mode, setMode] = useState<'pretty' | 'raw'>('pretty')
  return (
    <div className="source" data-testid="detail-source">
      <div className="source-head">
        <span className="mono" title={source.file}>
          {basename(source.file)}:{source.line}
        </span>
        <span className="muted">
          {source.format}
          {source.layout ? ` (${source.layout})` : ''}
        </span>
      </div>
      <div className="muted mono small" title="SHA-256 of the source file">
        sha256 {source.sha256}
      </div>
      <div className="muted small path">{source.file}</div>
      <div className="source-tabs">
        <button className={mode === 'pretty' ? 'on' : ''} onClick={() => setMode('pretty')}>
          formatted
        </button>
        <button className={mode === 'raw' ? 'on' : ''} onClick={() => setMode('raw')}>
          as in the file
        </button>
      </div>
      {mode === 'pretty' && source.fields ? (
        <table className="fields csv">
          <tbody>
            {source.fields.map(([k, v], i) => (
              <tr key={i}>
                <th>{k}</th>
                <td className="mono">{pretty(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <pre className="raw">{mode === 'pretty' ? pretty(source.raw) : source.raw}</pre>
      )}
    </div>
  )
}
