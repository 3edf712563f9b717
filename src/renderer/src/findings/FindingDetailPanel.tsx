import { useState } from 'react'
import type { FindingDetail, SuppressionScope } from '../../../shared/ipc/case-work'
import { factIps, ipKey } from '../../../shared/views/finding-ips'
import { call, errorText } from '../api/client'
import { useLoad } from '../api/work-hooks'
import { UserLink } from '../components/EntityLink'
import { ErrorNote } from '../components/ErrorNote'
import { RowsTable } from '../components/RowsTable'
import { When } from '../components/When'
import { n } from '../lib/format'
import { useWorkbench } from '../nav/context'
import { findingQuery } from './finding-query'
import { FactsTable } from './Facts'
import { Guidance } from './Guidance'
import { SeverityBadge, TriageBadge } from './severity'
import { TriageEditor } from './TriageEditor'

interface Props {
  id: string
  tick: number
  onClose: () => void
  onChanged: () => void
}

/** Everything about one finding: why it fired, its evidence, the rule, what to do, and its triage. */
export function FindingDetailPanel({ id, tick, onClose, onChanged }: Props): React.JSX.Element {
  const { revision, go } = useWorkbench()
  const { data, error } = useLoad('findingDetail', { id }, `${revision}.${tick}`)
  const d = data && data.finding.id === id ? data : null
  return (
    <aside className="detail finding-detail" data-testid="finding-detail">
      <header>
        <span className="detail-title">
          {d ? (
            <>
              <SeverityBadge severity={d.finding.severity} /> <span className="mono">{d.finding.rule}</span>{' '}
              {d.finding.title}
            </>
          ) : (
            'loading…'
          )}
        </span>
        <button className="icon" onClick={onClose} aria-label="Close the finding" title="Close (Esc)">
          ×
        </button>
      </header>
      {error && <ErrorNote error={error} className="pad" />}
      {d && (
        <div className="detail-body">
          <p className="finding-summary">{d.finding.summary}</p>
          <div className="finding-meta">
            <span>
              <When ms={d.finding.start} label />
              {d.finding.end !== d.finding.start && (
                <>
                  {' '}
                  → <When ms={d.finding.end} />
                </>
              )}
            </span>
            <span>
              {d.finding.users.map((u) => (
                <UserLink key={u} value={u} />
              ))}
            </span>
            <TriageBadge status={d.finding.triage.status} />
            {d.finding.suppressedBy !== null && <span className="badge suppressed">suppressed</span>}
          </div>

          <h3>Triage</h3>
          <TriageEditor
            key={`${d.finding.id}:${d.finding.triage.updatedAt ?? ''}`}
            ids={[d.finding.id]}
            status={d.finding.triage.status}
            note={d.finding.triage.note}
            onSaved={onChanged}
          />
          {d.finding.triage.updatedAt && (
            <div className="muted small">
              last changed <When ms={Date.parse(d.finding.triage.updatedAt)} label />
            </div>
          )}

          <h3>Facts</h3>
          <FactsTable facts={d.facts} />

          <h3>
            Evidence ({n(d.evidence.length)})
            <span className="spacer" />
            <button
              className="pivot"
              onClick={() => go({ page: 'events', query: findingQuery(d.finding.id), select: null })}
              data-testid="open-in-explorer"
            >
              ⇢ Open in explorer
            </button>
          </h3>
          <RowsTable
            rows={d.evidence}
            testId="finding-evidence"
            onOpen={(row) => go({ page: 'events', query: findingQuery(d.finding.id), select: row.id })}
          />

          <h3>The rule</h3>
          <RuleText detail={d} />

          <h3>Response</h3>
          <Guidance
            guidance={d.rule.guidance}
            upn={d.finding.users.length === 1 ? (d.finding.users[0] ?? null) : null}
          />

          <h3>Suppress</h3>
          <Suppress key={d.finding.id} detail={d} onDone={onChanged} />
        </div>
      )}
    </aside>
  )
}

function RuleText({ detail }: { detail: FindingDetail }): React.JSX.Element {
  const r = detail.rule
  return (
    <div className="rule-text">
      <p>{r.description}</p>
      {r.attack.length > 0 && (
        <p className="muted small">
          MITRE ATT&amp;CK: <span className="mono">{r.attack.join(', ')}</span>
        </p>
      )}
      {r.falsePositives.length > 0 && (
        <>
          <div className="subhead">Known false positives</div>
          <ul className="plain">
            {r.falsePositives.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        </>
      )}
      {r.references.length > 0 && (
        <details className="refs">
          <summary className="muted small">References ({r.references.length})</summary>
          <ul className="plain small mono">
            {r.references.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}

/** Suppression scoped to this rule and one user or one IP of the finding; reversible from the list. */
function Suppress({ detail, onDone }: { detail: FindingDetail; onDone: () => void }): React.JSX.Element {
  // The addresses the finding is about (as main matches suppressions) and the anchor event's own.
  const anchorIp = detail.evidence[0]?.ip
  const ips = [...new Set([...factIps(detail.facts), ...(anchorIp ? [ipKey(anchorIp)] : [])])]
  const options: { scope: SuppressionScope; value: string }[] = [
    ...detail.finding.users.map((u) => ({ scope: 'user' as const, value: u })),
    ...ips.map((ip) => ({ scope: 'ip' as const, value: ip }))
  ]
  const [choice, setChoice] = useState(0)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const picked = options[choice]
  if (detail.finding.suppressedBy !== null)
    return (
      <p className="muted" data-testid="suppress">
        {/* The confirmation outlives the refresh that hides the finding. */}
        {done ? `${done} ` : ''}Hidden by suppression #{detail.finding.suppressedBy}; lift it from the
        suppressions list.
      </p>
    )
  if (!picked) return <p className="muted">No user or IP to scope a suppression to.</p>
  const run = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      const s = await call('addSuppression', {
        rule: detail.finding.rule,
        scope: picked.scope,
        value: picked.value,
        note: note.trim() || null
      })
      setDone(`Suppression #${s.id} hides ${s.hides} finding${s.hides === 1 ? '' : 's'}.`)
      onDone()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="suppress" data-testid="suppress">
      <div className="suppress-row">
        <span>
          Hide <span className="mono">{detail.finding.rule}</span> findings for
        </span>
        <select
          value={choice}
          onChange={(e) => setChoice(Number(e.target.value))}
          data-testid="suppress-scope"
        >
          {options.map((o, i) => (
            <option key={`${o.scope}:${o.value}`} value={i}>
              {o.scope === 'user' ? 'user' : 'IP'} {o.value}
            </option>
          ))}
        </select>
      </div>
      <input
        value={note}
        placeholder="Why (e.g. known admin workstation)"
        onChange={(e) => setNote(e.target.value)}
        data-testid="suppress-note"
      />
      <div className="row-actions">
        <button className="tool" disabled={busy} onClick={() => void run()} data-testid="suppress-add">
          Suppress
        </button>
        {done && <span className="ok small">{done}</span>}
        {error && <span className="error small">{error}</span>}
      </div>
    </div>
  )
}
