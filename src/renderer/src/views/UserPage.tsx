import { useState } from 'react'
import type { SignInMark, UserChange, UserMethod } from '../../../shared/ipc/case-work'
import type { GridRow } from '../../../shared/ipc/contract'
import { pivotQuery } from '../../../shared/ipc/query'
import { useLoad } from '../api/work-hooks'
import { EntityLink, MethodDetail } from '../components/EntityLink'
import { ErrorNote } from '../components/ErrorNote'
import { FindingList } from '../components/FindingList'
import { RowsTable } from '../components/RowsTable'
import { When } from '../components/When'
import { n } from '../lib/format'
import { usePersistentState } from '../lib/settings'
import { useWorkbench } from '../nav/context'

const WINDOWS = [15, 60, 360, 1440, 4320] as const
const isWindow = (v: unknown): v is number =>
  typeof v === 'number' && (WINDOWS as readonly number[]).includes(v)
const windowLabel = (m: number): string => (m < 60 ? `${m} min` : m < 1440 ? `${m / 60} h` : `${m / 1440} d`)

const OP_LABELS: Record<UserChange['op'], string> = {
  added: 'added',
  removed: 'removed',
  default: 'made default',
  'mfa-disabled': 'MFA disabled'
}

/**
 * One user's security-info story: what they had at the start and now, each change with who made
 * it and from where, the sign-ins around it (what was new about them), and the user's findings.
 */
export function UserPage({ user }: { user: string }): React.JSX.Element {
  const { revision, go, auditEvents } = useWorkbench()
  const [windowMinutes, setWindowMinutes] = usePersistentState<number>('userWindow', 60, isWindow)
  const { data, error, loading } = useLoad('userView', { user, windowMinutes }, revision)
  const v = data && data.user.toLowerCase() === user.toLowerCase() ? data : null
  const openEvent = (id: number): void =>
    go({ page: 'events', query: pivotQuery('user', v?.user ?? user), select: id })

  return (
    <div className="page user-page" data-testid="user-view">
      <header className="page-head">
        <div className="page-title">
          <span className="kind-label">User</span>
          <h1 className="mono" tabIndex={-1}>
            {v?.user ?? user}
          </h1>
          {v?.displayName && <span className="muted">{v.displayName}</span>}
          {v?.privileged && <span className="tag-pill danger">privileged</span>}
          {v?.lists.map((l) => (
            <span key={l} className="tag-pill">
              {l}
            </span>
          ))}
        </div>
        <div className="page-actions">
          <button
            className="pivot"
            onClick={() => go({ page: 'events', query: pivotQuery('user', v?.user ?? user), select: null })}
          >
            ⇢ Events of this user
          </button>
          <button
            className="pivot"
            onClick={() => go({ page: 'entity', kind: 'actor', value: v?.user ?? user })}
          >
            ⇢ Changes made by this user
          </button>
        </div>
      </header>
      {error && <ErrorNote error={error} className="pad" />}
      {!v && !error && <div className="pad muted">{loading ? 'loading…' : ''}</div>}
      {v && (
        <div className="page-body">
          <div className="stat-row">
            <Stat label="Events" value={n(v.events)} />
            <Stat label="Sign-ins" value={n(v.signins)} />
            <Stat label="First seen" value={<When ms={v.first} precision="min" label />} />
            <Stat label="Last seen" value={<When ms={v.last} precision="min" label />} />
            <Stat label="Known sign-in IPs" value={n(v.knownIps)} />
            <Stat label="Countries" value={v.knownCountries.join(', ') || '—'} />
            {v.userId && <Stat label="Object id" value={<span className="mono small">{v.userId}</span>} />}
          </div>

          <div className="two-col">
            <section className="card">
              <h2>Methods at the start of the data</h2>
              <MethodList methods={v.methodsAtStart} />
            </section>
            <section className="card">
              <h2>Methods now</h2>
              <MethodList methods={v.methodsNow} previous={v.methodsAtStart} />
            </section>
          </div>

          <section className="card">
            <h2>
              Security-info changes ({v.changes.length})
              <span className="spacer" />
              <label className="field">
                <span className="muted">Sign-ins within ±</span>
                <select
                  value={windowMinutes}
                  onChange={(e) => setWindowMinutes(Number(e.target.value))}
                  data-testid="window-select"
                >
                  {WINDOWS.map((w) => (
                    <option key={w} value={w}>
                      {windowLabel(w)}
                    </option>
                  ))}
                </select>
              </label>
            </h2>
            {v.rewrites > 0 && (
              <p className="muted small">
                {v.rewrites} Authenticator app version rewrite{v.rewrites === 1 ? '' : 's'} not counted as
                changes.
              </p>
            )}
            {v.changes.length === 0 && (
              <p className={auditEvents === 0 ? 'warn' : 'muted'} data-testid="no-changes">
                {auditEvents === 0
                  ? 'The case has no audit logs: security-info changes cannot be seen (import the audit log export too).'
                  : 'No security-info change in the data.'}
              </p>
            )}
            <ol className="timeline" data-testid="user-timeline">
              {v.changes.map((c, i) => (
                <Change key={i} change={c} windowMinutes={v.windowMinutes} onOpen={openEvent} />
              ))}
            </ol>
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

function Stat({ label, value }: { label: string; value: React.ReactNode }): React.JSX.Element {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
    </div>
  )
}

function MethodList({
  methods,
  previous
}: {
  methods: UserMethod[]
  previous?: UserMethod[]
}): React.JSX.Element {
  if (methods.length === 0) return <p className="muted">none known</p>
  const had = new Set((previous ?? []).map((m) => `${m.method}|${m.detail ?? ''}`))
  return (
    <table className="methods">
      <tbody>
        {methods.map((m, i) => {
          // New means registered within the data; a method first seen in a sign-in was there before.
          const isNew =
            previous !== undefined && m.since !== null && !had.has(`${m.method}|${m.detail ?? ''}`)
          return (
            <tr key={i} className={isNew ? 'new-method' : ''}>
              <td className="mono">
                {m.method}
                {m.isDefault && (
                  <span className="tag-pill" title="default method">
                    default
                  </span>
                )}
              </td>
              <td className="mono">
                <MethodDetail method={m.method} detail={m.detail} />
              </td>
              <td className="muted small">
                {m.since === null ? 'before the data' : <When ms={m.since} precision="min" />}
                {isNew && <span className="flag">new</span>}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function Marks({ mark }: { mark: SignInMark }): React.JSX.Element {
  return (
    <span className="marks">
      {mark.newIp && <span className="flag">new IP</span>}
      {mark.newCountry && <span className="flag">new country</span>}
      {mark.newAsn && <span className="flag">new ASN</span>}
      {mark.risky && <span className="flag danger">risky</span>}
    </span>
  )
}

function Change({
  change: c,
  windowMinutes,
  onOpen
}: {
  change: UserChange
  windowMinutes: number
  onOpen: (id: number) => void
}): React.JSX.Element {
  const openRow = (row: GridRow): void => onOpen(row.id)
  const [open, setOpen] = useState(c.around.some((m) => m.newIp || m.newCountry || m.newAsn || m.risky))
  const marks = new Map(c.around.map((m) => [m.row.id, m]))
  const flagged = c.around.filter((m) => m.newIp || m.newCountry || m.newAsn || m.risky).length
  return (
    <li className={`change change-${c.op}${c.byOther ? ' by-other' : ''}`} data-testid="user-change">
      <div className="change-head">
        <When ms={c.ts} label />
        <span className={`op op-${c.op}`}>{OP_LABELS[c.op]}</span>
        <span className="mono">{c.method ?? ''}</span>
        <span className="mono">
          <MethodDetail method={c.method} detail={c.detail} />
        </span>
        {c.byOther && <span className="flag danger">changed by another account</span>}
      </div>
      <div className="change-body">
        <span className="muted">{c.activity}</span>
        {c.reason && c.reason !== c.activity && <span className="muted"> · {c.reason}</span>}
        <div>
          by{' '}
          {c.actor ? (
            c.byOther ? (
              <EntityLink kind="actor" value={c.actor} />
            ) : (
              <span className="mono">{c.actor}</span>
            )
          ) : (
            <span className="muted">unknown</span>
          )}{' '}
          from {c.ip ? <EntityLink kind="ip" value={c.ip} /> : <span className="muted">no IP logged</span>}
          {c.evidence[0] !== undefined && (
            <button
              className="link small"
              onClick={() => c.evidence[0] !== undefined && onOpen(c.evidence[0])}
              title="Open the audit event in the explorer"
            >
              event #{c.evidence[0]}
            </button>
          )}
        </div>
      </div>
      <button className="caret-button small" onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} {c.around.length} sign-in{c.around.length === 1 ? '' : 's'} within ±
        {windowLabel(windowMinutes)}
        {flagged > 0 && <span className="flag">{flagged} with something new</span>}
      </button>
      {open && (
        <RowsTable
          rows={c.around.map((m) => m.row)}
          marks={(r) => {
            const m = marks.get(r.id)
            return m ? <Marks mark={m} /> : null
          }}
          rowClass={(r) => {
            const m = marks.get(r.id)
            return m && (m.newIp || m.newCountry || m.newAsn || m.risky) ? 'flagged' : ''
          }}
          onOpen={openRow}
          empty="No sign-in of the user in this window."
          testId="around-signins"
        />
      )}
      {c.op === 'added' && (
        <div className="used-by">
          <div className="subhead">Sign-ins that used this method</div>
          <RowsTable rows={c.usedBy} onOpen={openRow} empty="No sign-in used it in the data." />
        </div>
      )}
    </li>
  )
}
