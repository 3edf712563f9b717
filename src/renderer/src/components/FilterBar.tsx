import { forwardRef, useState } from 'react'
import {
  describeTerm,
  termText,
  withTerm,
  withoutTerm,
  type ExplorerQuery,
  type Term
} from '../../../shared/ipc/query'
import { parseQueryText } from '../../../shared/ipc/query-text'
import { formatInZone, zoneShort } from '../../../shared/ipc/time-zone'

interface Props {
  query: ExplorerQuery
  zone: string
  onChange: (query: ExplorerQuery) => void
  canGoBack: boolean
  onBack: () => void
}

/**
 * Filters as removable chips plus one input: `field:value` terms, `-field:value` to exclude,
 * `from:`/`to:` times (read in the display zone unless they carry an offset) and free text.
 */
export const FilterBar = forwardRef<HTMLInputElement, Props>(function FilterBar(
  { query, zone, onChange, canGoBack, onBack },
  inputRef
) {
  const [input, setInput] = useState('')
  const [errors, setErrors] = useState<string[]>([])

  const apply = (): void => {
    const parsed = parseQueryText(input, zone)
    setErrors(parsed.errors)
    if (parsed.errors.length) return
    let next = query
    for (const t of parsed.terms) next = withTerm(next, t)
    if (parsed.text) next = { ...next, text: [next.text, parsed.text].filter(Boolean).join(' ') }
    if (parsed.from !== null) next = { ...next, from: parsed.from }
    if (parsed.to !== null) next = { ...next, to: parsed.to }
    setInput('')
    if (next !== query) onChange(next)
  }

  const lastChip = (): void => {
    if (query.to !== null || query.from !== null) onChange({ ...query, from: null, to: null })
    else if (query.text) onChange({ ...query, text: '' })
    else {
      const last = query.terms.at(-1)
      if (last) onChange(withoutTerm(query, last))
    }
  }

  const flip = (t: Term): void => onChange(withTerm(withoutTerm(query, t), { ...t, negate: !t.negate }))
  const when = (ms: number): string => formatInZone(ms, zone, 's')
  const empty = query.terms.length === 0 && !query.text && query.from === null && query.to === null

  return (
    <div className="filterbar">
      <button
        className="icon"
        disabled={!canGoBack}
        onClick={onBack}
        title="Back to the previous filter (Alt+←)"
      >
        ←
      </button>
      <div className="chips" data-testid="filter-chips">
        {query.terms.map((t) => (
          <span
            key={termText(t)}
            className={`chip${t.negate ? ' negate' : ''}`}
            title={termText(t)}
            data-testid="chip"
          >
            <button
              className="chip-text"
              onClick={() => flip(t)}
              title="Click to switch between is and is not"
            >
              {describeTerm(t)}
            </button>
            <button
              className="chip-x"
              aria-label={`Remove ${describeTerm(t)}`}
              onClick={() => onChange(withoutTerm(query, t))}
            >
              ×
            </button>
          </span>
        ))}
        {query.text && (
          <span className="chip text" data-testid="chip">
            <span className="chip-text">text contains {query.text}</span>
            <button
              className="chip-x"
              aria-label="Remove the text search"
              onClick={() => onChange({ ...query, text: '' })}
            >
              ×
            </button>
          </span>
        )}
        {(query.from !== null || query.to !== null) && (
          <span className="chip time" data-testid="chip">
            <span className="chip-text">
              time {query.from !== null ? when(query.from) : '…'} → {query.to !== null ? when(query.to) : '…'}{' '}
              ({zoneShort(zone, query.from ?? query.to ?? Date.now())})
            </span>
            <button
              className="chip-x"
              aria-label="Remove the time range"
              onClick={() => onChange({ ...query, from: null, to: null })}
            >
              ×
            </button>
          </span>
        )}
        <input
          ref={inputRef}
          className="filter-input"
          data-testid="filter-input"
          value={input}
          spellCheck={false}
          placeholder={
            empty
              ? 'Filter: user:alice@contoso.com  -result:success  ip:203.0.113.7  from:2026-10-05  free text…'
              : 'add a filter…'
          }
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') apply()
            else if (e.key === 'Backspace' && input === '') lastChip()
            else if (e.key === 'Escape') {
              setInput('')
              setErrors([])
            }
          }}
        />
      </div>
      {!empty && (
        <button className="link" onClick={() => onChange({ terms: [], text: '', from: null, to: null })}>
          clear all
        </button>
      )}
      {errors.length > 0 && (
        <div className="filter-errors" role="alert">
          {errors.join(' · ')}
        </div>
      )}
    </div>
  )
})
