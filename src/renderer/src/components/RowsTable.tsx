import type { GridRow } from '../../../shared/ipc/contract'
import { EntityLink, MethodDetail, UserLink } from './EntityLink'
import { When, ZoneHead } from './When'

interface Props {
  rows: readonly GridRow[]
  /** Opens the event (in the explorer, selected). */
  onOpen?: (row: GridRow) => void
  /** Marks in their own column (new IP, risky, …). */
  marks?: (row: GridRow) => React.ReactNode
  rowClass?: (row: GridRow) => string
  empty?: string
  testId?: string
}

/**
 * A compact event table for evidence and entity pages: a few dozen rows, not the virtualized
 * grid. Users, IPs and method details open their own views.
 */
export function RowsTable({ rows, onOpen, marks, rowClass, empty, testId }: Props): React.JSX.Element {
  if (rows.length === 0)
    return (
      <div className="muted small empty-rows" data-testid={testId ? `${testId}-empty` : undefined}>
        {empty ?? 'No events.'}
      </div>
    )
  return (
    <div className="rows-wrap">
      <table className="rows" data-testid={testId}>
        <thead>
          <tr>
            <th className="col-time">
              <ZoneHead />
            </th>
            <th>Kind</th>
            <th>Activity</th>
            <th>Result</th>
            <th>User</th>
            <th>Actor</th>
            <th>IP</th>
            <th>Ctry</th>
            <th>Method</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.id}
              className={`${onOpen ? 'clickable ' : ''}${rowClass?.(r) ?? ''}`}
              onClick={onOpen ? () => onOpen(r) : undefined}
              title={onOpen ? 'Open this event in the explorer' : undefined}
              data-event-id={r.id}
            >
              <td className="col-time">
                <When ms={r.ts} />
              </td>
              <td>
                <span className={`badge kind-${r.kind}`}>{r.kind === 'signin' ? 'sign-in' : 'audit'}</span>
              </td>
              <td className="col-activity">
                {r.activity ?? (r.kind === 'signin' ? r.appName : '')}
                {marks?.(r)}
              </td>
              <td>{r.result && <span className={`result result-${r.result}`}>{r.result}</span>}</td>
              <td>
                <UserLink value={r.userUpn ?? r.targetUpn} />
              </td>
              <td>
                {r.actorUpn && r.actorUpn !== r.userUpn ? (
                  <EntityLink kind="actor" value={r.actorUpn} />
                ) : (
                  <span className="muted">{r.actorUpn ? 'self' : (r.actorName ?? '')}</span>
                )}
              </td>
              <td>
                <EntityLink kind="ip" value={r.ip} />
              </td>
              <td>{r.country}</td>
              <td>{r.method}</td>
              <td className="col-detail">
                <MethodDetail method={r.method} detail={r.methodDetail} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
