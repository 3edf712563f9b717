import type { EntityKind } from '../../../shared/ipc/case-work'
import type { QueryField } from '../../../shared/ipc/query'
import { pivotQuery } from '../../../shared/ipc/query'
import { useLoad } from '../api/work-hooks'
import { EntityLink, UserLink } from '../components/EntityLink'
import { ErrorNote } from '../components/ErrorNote'
import { FindingList } from '../components/FindingList'
import { RowsTable } from '../components/RowsTable'
import { When, ZoneHead } from '../components/When'
import { n } from '../lib/format'
import { useWorkbench } from '../nav/context'
import { ENTITY_NOUNS } from '../nav/location'

/** The explorer field that shows every event of the entity, where there is one. */
const EXPLORER_FIELD: Partial<Record<EntityKind, QueryField>> = { ip: 'ip', actor: 'actor' }

const CHANGES_TITLE: Record<EntityKind, string> = {
  ip: 'Security-info changes made from this address',
  phone: 'Security-info changes with this number',
  device: 'Security-info changes with this device',
  actor: 'Changes this actor made to other accounts'
}

/**
 * An IP address, phone number, Authenticator device or actor across the whole case: who used it,
 * when, from where, and what changed with it.
 */
export function EntityPage({ kind, value }: { kind: EntityKind; value: string }): React.JSX.Element {
  const { revision, go, auditEvents } = useWorkbench()
  const { data, error, loading } = useLoad('entityView', { kind, value }, revision)
  const v = data && data.kind === kind && data.value.toLowerCase() === value.toLowerCase() ? data : null
  const field = EXPLORER_FIELD[kind]
  return (
    <div className="page entity-page" data-testid="entity-view" data-kind={kind}>
      <header className="page-head">
        <div className="page-title">
          <span className="kind-label">{ENTITY_NOUNS[kind]}</span>
          <h1 className="mono" tabIndex={-1}>
            {value}
          </h1>
        </div>
        <div className="page-actions">
          {field && (
            <button
              className="pivot"
              onClick={() => go({ page: 'events', query: pivotQuery(field, value), select: null })}
            >
              ⇢ Events {kind === 'ip' ? 'from this address' : 'by this actor'}
            </button>
          )}
          {kind === 'actor' && value.includes('@') && (
            <button className="pivot" onClick={() => go({ page: 'user', user: value })}>
              ⇢ User view
            </button>
          )}
        </div>
      </header>
      {error && <ErrorNote error={error} className="pad" />}
      {!v && !error && <div className="pad muted">{loading ? 'loading…' : ''}</div>}
      {v && v.events === 0 && v.changes.length === 0 && v.holders.length === 0 && (
        <div className="empty-state" data-testid="entity-nothing">
          Nothing in this case mentions this {ENTITY_NOUNS[kind].toLowerCase()}.
        </div>
      )}
      {v && (v.events > 0 || v.changes.length > 0 || v.holders.length > 0) && (
        <div className="page-body">
          <div className="stat-row">
            <div className="stat">
              <div className="stat-label">First seen</div>
              <div className="stat-value">
                <When ms={v.first} precision="min" label />
              </div>
            </div>
            <div className="stat">
              <div className="stat-label">Last seen</div>
              <div className="stat-value">
                <When ms={v.last} precision="min" label />
              </div>
            </div>
            <div className="stat">
              <div className="stat-label">Events</div>
              <div className="stat-value">{n(v.events)}</div>
            </div>
            <div className="stat">
              <div className="stat-label">Sign-ins</div>
              <div className="stat-value">{n(v.signins)}</div>
            </div>
            {(kind === 'ip' || kind === 'actor') && (
              <div className="stat">
                <div className="stat-label">{kind === 'ip' ? 'Users' : 'Accounts changed'}</div>
                <div className="stat-value">{n(v.users.length)}</div>
              </div>
            )}
            {(kind === 'phone' || kind === 'device') && (
              <div className="stat">
                <div className="stat-label">Accounts</div>
                <div className={`stat-value${new Set(v.holders.map((h) => h.user)).size > 1 ? ' warn' : ''}`}>
                  {n(new Set(v.holders.map((h) => h.user)).size)}
                </div>
              </div>
            )}
          </div>

          {kind === 'ip' && v.places.length > 0 && (
            <section className="card">
              <h2>Where it was logged</h2>
              <table className="rows compact">
                <thead>
                  <tr>
                    <th>Country</th>
                    <th>City</th>
                    <th>ASN</th>
                    <th className="num">Events</th>
                  </tr>
                </thead>
                <tbody>
                  {v.places.map((p, i) => (
                    <tr key={i}>
                      <td>{p.country ?? <span className="muted">—</span>}</td>
                      <td>{p.city ?? <span className="muted">—</span>}</td>
                      <td className="mono">{p.asn ?? <span className="muted">—</span>}</td>
                      <td className="num">{n(p.events)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}

          {(kind === 'phone' || kind === 'device') && (
            <section className="card">
              <h2>Accounts it was registered on ({v.holders.length})</h2>
              {v.holders.length === 0 ? (
                <p className="muted">No account in the data.</p>
              ) : (
                <table className="rows" data-testid="entity-holders">
                  <thead>
                    <tr>
                      <th>Account</th>
                      <th>As logged</th>
                      <th className="col-time">
                        <ZoneHead name="Since" />
                      </th>
                      <th>How</th>
                      <th>By</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {v.holders.map((h, i) => (
                      <tr key={i}>
                        <td>
                          <UserLink value={h.user} />
                        </td>
                        <td className="mono">{h.value}</td>
                        <td className="col-time">
                          <When ms={h.first} precision="min" />
                        </td>
                        <td>
                          {h.added ? 'registered in the data' : <span className="muted">already there</span>}
                        </td>
                        <td>
                          {h.actor && h.actor.toLowerCase() !== h.user.toLowerCase() ? (
                            <EntityLink kind="actor" value={h.actor} />
                          ) : (
                            <span className="muted">{h.actor ? 'the user' : '—'}</span>
                          )}
                        </td>
                        <td>
                          <button
                            className="link small"
                            onClick={() =>
                              go({ page: 'events', query: pivotQuery('user', h.user), select: h.evidence })
                            }
                          >
                            event #{h.evidence}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          )}

          {(kind === 'ip' || kind === 'actor') && (
            <section className="card">
              <h2>
                {kind === 'ip'
                  ? `Users seen from it (${v.users.length})`
                  : `Accounts it changed (${v.users.length})`}
              </h2>
              {v.users.length === 0 ? (
                <p className="muted">None.</p>
              ) : (
                <table className="rows" data-testid="entity-users">
                  <thead>
                    <tr>
                      <th>User</th>
                      <th className="num">Events</th>
                      <th className="num">Sign-ins</th>
                      <th className="num">Changes</th>
                      <th className="col-time">
                        <ZoneHead name="First" />
                      </th>
                      <th className="col-time">
                        <ZoneHead name="Last" />
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.users.map((u) => (
                      <tr key={u.user}>
                        <td>
                          <UserLink value={u.user} />
                        </td>
                        <td className="num">{n(u.events)}</td>
                        <td className="num">{n(u.signins)}</td>
                        <td className={`num${u.changes ? ' warn' : ''}`}>{n(u.changes)}</td>
                        <td className="col-time">
                          <When ms={u.first} precision="min" />
                        </td>
                        <td className="col-time">
                          <When ms={u.last} precision="min" />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          )}

          <section className="card">
            <h2>
              {CHANGES_TITLE[kind]} ({v.changes.length})
            </h2>
            <RowsTable
              rows={v.changes}
              testId="entity-changes"
              onOpen={(r) =>
                go({
                  page: 'events',
                  query: field ? pivotQuery(field, value) : pivotQuery('user', r.userUpn ?? r.targetUpn),
                  select: r.id
                })
              }
              empty={
                auditEvents === 0
                  ? 'The case has no audit logs: security-info changes cannot be seen (import the audit log export too).'
                  : 'No security-info change.'
              }
            />
          </section>

          <section className="card">
            <h2>Findings ({v.findings.length})</h2>
            <FindingList findings={v.findings} />
          </section>
        </div>
      )}
    </div>
  )
}
