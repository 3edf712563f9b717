import type { FindingRow } from '../../../shared/ipc/case-work'
import { SeverityBadge, TriageBadge } from '../findings/severity'
import { useWorkbench } from '../nav/context'
import { When, ZoneHead } from './When'

/** Findings on a user or an entity; a row opens the finding in the Findings view. */
export function FindingList({ findings }: { findings: readonly FindingRow[] }): React.JSX.Element {
  const { go } = useWorkbench()
  if (findings.length === 0) return <p className="muted">No findings.</p>
  return (
    <table className="rows" data-testid="finding-list">
      <thead>
        <tr>
          <th>Severity</th>
          <th>Rule</th>
          <th className="col-time">
            <ZoneHead />
          </th>
          <th>Summary</th>
          <th>Triage</th>
        </tr>
      </thead>
      <tbody>
        {findings.map((f) => (
          <tr key={f.id} className="clickable" onClick={() => go({ page: 'findings', finding: f.id })}>
            <td>
              <SeverityBadge severity={f.severity} />
            </td>
            <td className="mono" title={f.title}>
              {f.rule}
            </td>
            <td className="col-time">
              <When ms={f.start} precision="min" />
            </td>
            <td className="wrap">{f.summary}</td>
            <td>
              <TriageBadge status={f.triage.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
