import type { FactValue, Facts } from '../../../shared/rules/types'
import { EntityLink, MethodDetail, UserLink } from '../components/EntityLink'
import { When } from '../components/When'

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/
const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/
const IPV6 = /^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}$/i

/** "ipFirstSeen" → "ip first seen". */
function label(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/\bip\b/gi, 'IP')
    .replace(/\basn\b/gi, 'ASN')
    .toLowerCase()
    .replace(/\bip\b/g, 'IP')
    .replace(/\basn\b/g, 'ASN')
}

/** One scalar: times in the display zone, users, IPs, phones and devices as links to their views. */
function Scalar({
  k,
  v,
  method
}: {
  k: string
  v: string | number
  method: string | null
}): React.JSX.Element {
  if (typeof v === 'number') return <>{v}</>
  if (ISO.test(v)) return <When ms={Date.parse(v)} label />
  if (IPV4.test(v) || IPV6.test(v)) return <EntityLink kind="ip" value={v} />
  if (UPN.test(v)) return /actor/i.test(k) ? <EntityLink kind="actor" value={v} /> : <UserLink value={v} />
  if (/^phones?$/i.test(k)) return <EntityLink kind="phone" value={v} />
  if (/devices$/i.test(k)) return <EntityLink kind="device" value={v} />
  if (k === 'detail') return <MethodDetail method={method} detail={v} />
  return <>{v}</>
}

function Value({ k, v, method }: { k: string; v: FactValue; method: string | null }): React.JSX.Element {
  if (v === null) return <span className="muted">—</span>
  if (typeof v === 'boolean') return <span className={v ? 'fact-yes' : 'muted'}>{v ? 'yes' : 'no'}</span>
  if (Array.isArray(v)) {
    if (v.length === 0) return <span className="muted">none</span>
    return (
      <span className="fact-list">
        {(v as (string | number)[]).map((x, i) => (
          <span key={i}>
            <Scalar k={k} v={x} method={method} />
          </span>
        ))}
      </span>
    )
  }
  return <Scalar k={k} v={v as string | number} method={method} />
}

/** A finding's facts as a two-column table, in the rule's order. */
export function FactsTable({ facts }: { facts: Facts }): React.JSX.Element {
  const method = typeof facts.method === 'string' ? facts.method : null
  return (
    <table className="fields facts" data-testid="finding-facts">
      <tbody>
        {Object.entries(facts).map(([k, v]) => (
          <tr key={k}>
            <th>{label(k)}</th>
            <td className="mono">
              <Value k={k} v={v} method={method} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
