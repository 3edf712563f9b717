import { useState } from 'react'
import type { AnnotatedEvent } from '../../../shared/ipc/case-work'
import { call, errorText } from '../api/client'
import { useLoad } from '../api/work-hooks'
import { EntityLink, UserLink } from '../components/EntityLink'
import { ErrorNote } from '../components/ErrorNote'
import { When, ZoneHead } from '../components/When'
import { n } from '../lib/format'
import { useWorkbench } from '../nav/context'

const PAGE = 200

/** Everything starred, tagged or commented, newest change first; a row opens the event. */
export function AnnotatedView(): React.JSX.Element {
  const { revision, go } = useWorkbench()
  const first = useLoad('listAnnotations', { limit: PAGE, after: null }, revision)
  const tags = useLoad('listTags', {}, revision)
  const [more, setMore] = useState<{ key: string; rows: AnnotatedEvent[]; done: boolean }>({
    key: revision,
    rows: [],
    done: false
  })
  const [error, setError] = useState<string | null>(null)
  const [tag, setTag] = useState<string | null>(null)
  const [starredOnly, setStarredOnly] = useState(false)
  const extra = more.key === revision ? more.rows : []
  const all = [...(first.data ?? []), ...extra]
  const done = (first.data !== null && first.data.length < PAGE) || (more.key === revision && more.done)
  const loadMore = async (): Promise<void> => {
    const last = all.at(-1)
    if (!last) return
    try {
      const rows = await call('listAnnotations', {
        limit: PAGE,
        after: { updatedAt: last.annotation.updatedAt, eventId: last.annotation.eventId }
      })
      setMore({ key: revision, rows: [...extra, ...rows], done: rows.length < PAGE })
    } catch (e) {
      setError(errorText(e))
    }
  }
  const shown = all.filter(
    (a) => (!starredOnly || a.annotation.starred) && (tag === null || a.annotation.tags.includes(tag))
  )
  return (
    <div className="page annotated-page" data-testid="annotated-view">
      <header className="page-head">
        <div className="page-title">
          <h1 tabIndex={-1}>Annotated events</h1>
          <span className="muted">
            {n(all.length)}
            {done ? '' : '+'} event{all.length === 1 ? '' : 's'}
          </span>
        </div>
        <div className="page-actions tag-filter">
          <label className="field">
            <input type="checkbox" checked={starredOnly} onChange={(e) => setStarredOnly(e.target.checked)} />
            <span>★ starred only</span>
          </label>
          {(tags.data ?? []).map((t) => (
            <button
              key={t.tag}
              className={`tag-chip as-button${tag === t.tag ? ' on' : ''}`}
              onClick={() => setTag(tag === t.tag ? null : t.tag)}
              title={`${t.count} events tagged ${t.tag}`}
            >
              {t.tag} <span className="muted">{t.count}</span>
            </button>
          ))}
        </div>
      </header>
      {(first.error ?? error) && <ErrorNote error={(first.error ?? error) as string} className="pad" />}
      <div className="page-body">
        {first.data && all.length === 0 && (
          <div className="empty-state">
            Nothing annotated yet. Star, tag or comment events from the explorer's detail panel, or tick rows
            in the grid to annotate them in bulk.
          </div>
        )}
        {all.length > 0 && shown.length === 0 && (
          <div className="empty-state" data-testid="annotated-filtered-empty">
            No {done ? '' : 'loaded '}annotated event is {starredOnly ? 'starred' : ''}
            {starredOnly && tag !== null ? ' and ' : ''}
            {tag !== null ? `tagged ${tag}` : ''}.{' '}
            <button
              className="link"
              onClick={() => {
                setTag(null)
                setStarredOnly(false)
              }}
            >
              Show all
            </button>
          </div>
        )}
        {shown.length > 0 && (
          <table className="rows" data-testid="annotated-list">
            <thead>
              <tr>
                <th>★</th>
                <th className="col-time">
                  <ZoneHead />
                </th>
                <th>Kind</th>
                <th>Activity</th>
                <th>User</th>
                <th>IP</th>
                <th>Tags</th>
                <th>Comment</th>
                <th className="col-time">
                  <ZoneHead name="Annotated" />
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map(({ annotation: a, row: r }) => (
                <tr
                  key={a.eventId}
                  className="clickable"
                  onClick={() => go({ page: 'events', query: null, select: a.eventId })}
                  data-event-id={a.eventId}
                  data-testid="annotated-row"
                >
                  <td className="star-cell">{a.starred ? '★' : ''}</td>
                  <td className="col-time">
                    <When ms={r.ts} />
                  </td>
                  <td>
                    <span className={`badge kind-${r.kind}`}>
                      {r.kind === 'signin' ? 'sign-in' : 'audit'}
                    </span>
                  </td>
                  <td>{r.activity ?? r.appName}</td>
                  <td>
                    <UserLink value={r.userUpn ?? r.targetUpn} />
                  </td>
                  <td>
                    <EntityLink kind="ip" value={r.ip} />
                  </td>
                  <td>
                    {a.tags.map((t) => (
                      <span key={t} className="tag-chip small">
                        {t}
                      </span>
                    ))}
                  </td>
                  <td className="wrap">{a.comment}</td>
                  <td className="col-time">
                    <When ms={Date.parse(a.updatedAt)} precision="min" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {!done && all.length > 0 && (
          <button className="tool" onClick={() => void loadMore()}>
            Load more
          </button>
        )}
      </div>
    </div>
  )
}
