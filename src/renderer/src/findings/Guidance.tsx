import { useState } from 'react'
import type { ResponseGuidance, ResponseStep } from '../../../shared/rules/types'

/** Fills the user's UPN into the PowerShell and Graph templates when the finding has one user. */
function fill(text: string, upn: string | null): string {
  return upn ? text.replace(/<upn>/g, upn) : text
}

function Copyable({ kind, text }: { kind: string; text: string }): React.JSX.Element {
  const [copied, setCopied] = useState(false)
  const copy = (): void => {
    void navigator.clipboard?.writeText(text).then(
      () => {
        setCopied(true)
        setTimeout(() => setCopied(false), 1200)
      },
      () => setCopied(false)
    )
  }
  return (
    <div className="code-line">
      <span className="code-kind">{kind}</span>
      <code className="mono">{text}</code>
      <button className="copy" onClick={copy} title={`Copy the ${kind} command`}>
        {copied ? 'copied' : 'copy'}
      </button>
    </div>
  )
}

function Step({ step, upn }: { step: ResponseStep; upn: string | null }): React.JSX.Element {
  return (
    <li className="step">
      <div>{step.action}</div>
      {step.portal && (
        <div className="portal" title="Microsoft Entra admin center">
          <span className="code-kind">Portal</span> {step.portal}
        </div>
      )}
      {step.graph && <Copyable kind="Graph" text={fill(step.graph, upn)} />}
      {step.powershell && <Copyable kind="PowerShell" text={fill(step.powershell, upn)} />}
    </li>
  )
}

const PHASES = [
  ['confirm', 'Confirm'],
  ['contain', 'Contain'],
  ['remediate', 'Remediate']
] as const

/** Confirm, contain, remediate: what to check and do in the tenant (Authtrail never touches it). */
export function Guidance({
  guidance,
  upn
}: {
  guidance: ResponseGuidance
  upn: string | null
}): React.JSX.Element {
  return (
    <div className="guidance" data-testid="guidance">
      {PHASES.map(([key, title]) =>
        guidance[key].length ? (
          <section key={key}>
            <h4 className={`phase phase-${key}`}>{title}</h4>
            <ol>
              {guidance[key].map((s, i) => (
                <Step key={i} step={s} upn={upn} />
              ))}
            </ol>
          </section>
        ) : null
      )}
    </div>
  )
}
