import { useState } from 'react'
import {
  FACET_FIELDS,
  FIELD_INFO,
  withTerm,
  withoutTerm,
  type ExplorerQuery,
  type FacetField,
  type Term
} from '../../../shared/ipc/query'
import { useFacet } from '../api/explorer-hooks'
import { n } from '../lib/format'

interface Props {
  query: ExplorerQuery
  generation: number
  onChange: (query: ExplorerQuery) => void
}

/**
 * Value counts per field over the current filter (each field ignoring its own terms, so the other
 * values stay visible); click a value to filter on it, − to exclude it. Each facet loads on its
 * own and shows how long main took.
 */
export function FacetSidebar({ query, generation, onChange }: Props): React.JSX.Element {
  return (
    <aside className="facets" data-testid="facets">
      {FACET_FIELDS.map((f) => (
        <Facet key={f} field={f} query={query} generation={generation} onChange={onChange} />
      ))}
    </aside>
  )
}

function Facet({ field, query, generation, onChange }: Props & { field: FacetField }): React.JSX.Element {
  const [open, setOpen] = useState(true)
  const [more, setMore] = useState(false)
  const limit = more ? 100 : 8
  const { data, loading, error } = useFacet(field, query, limit, generation)
  const terms = query.terms.filter((t) => t.field === field)
  const max = Math.max(1, ...(data?.values.map((v) => v.count) ?? [1]))
  const isOn = (value: string | null, negate: boolean): Term | undefined =>
    terms.find((t) => t.value === value && t.negate === negate)

  return (
    <section className={`facet${loading ? ' loading' : ''}`} data-testid={`facet-${field}`}>
      <header onClick={() => setOpen(!open)}>
        <span className="caret">{open ? '▾' : '▸'}</span>
        <span className="facet-name">{FIELD_INFO[field].label}</span>
        {terms.length > 0 && <span className="facet-active">{terms.length}</span>}
        <span className="facet-ms" title="query time in main">
          {data ? (data.ms > 0 ? `${Math.round(data.ms)} ms` : 'cached') : ''}
        </span>
      </header>
      {open && (
        <ul>
          {error && <li className="facet-error">{error}</li>}
          {data?.values.map((v) => {
            const on = isOn(v.value, false)
            const off = isOn(v.value, true)
            return (
              <li key={v.value ?? '\u0000none'} className={`${on ? 'on' : ''}${off ? ' off' : ''}`}>
                <button
                  className="facet-value"
                  title={`${FIELD_INFO[field].label}: ${v.label} — ${n(v.count)} events`}
                  onClick={() =>
                    onChange(
                      on ? withoutTerm(query, on) : withTerm(query, { field, value: v.value, negate: false })
                    )
                  }
                >
                  <span className="bar" style={{ width: `${(v.count / max) * 100}%` }} />
                  <span className={`label${v.value === null ? ' none' : ''}`}>{v.label}</span>
                  <span className="count">{n(v.count)}</span>
                </button>
                <button
                  className="facet-exclude"
                  title={off ? 'Stop excluding' : 'Exclude this value'}
                  aria-label={`Exclude ${v.label}`}
                  onClick={() =>
                    onChange(
                      off ? withoutTerm(query, off) : withTerm(query, { field, value: v.value, negate: true })
                    )
                  }
                >
                  −
                </button>
              </li>
            )
          })}
          {data && data.values.length === 0 && <li className="facet-empty">no events</li>}
          {data && (data.truncated || more) && (
            <li>
              <button className="link" onClick={() => setMore(!more)}>
                {more ? 'fewer' : 'more…'}
              </button>
            </li>
          )}
        </ul>
      )}
    </section>
  )
}
