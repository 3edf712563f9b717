import type { TriageStatus } from '../../../shared/ipc/case-work'
import type { Severity } from '../../../shared/rules/types'

export function SeverityBadge({ severity }: { severity: Severity }): React.JSX.Element {
  return <span className={`sev sev-${severity}`}>{severity}</span>
}

export const TRIAGE_LABELS: Record<TriageStatus, string> = {
  new: 'New',
  investigating: 'Investigating',
  malicious: 'Malicious',
  benign: 'Benign',
  'false-positive': 'False positive'
}

export function TriageBadge({ status }: { status: TriageStatus }): React.JSX.Element {
  return <span className={`triage triage-${status}`}>{TRIAGE_LABELS[status]}</span>
}
