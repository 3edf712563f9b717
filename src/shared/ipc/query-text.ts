import { fieldByName, LIMITS, QUERY_FIELDS, type Term } from './query'
import { parseZonedTime } from './time-zone'

/**
 * The filter bar's language: `field:value` terms (`-field:value` excludes, `field:"two words"`,
 * `field:(none)` for "no value"), `from:`/`to:` times read in the display zone unless they carry an
 * offset, and everything else as free text for the search index.
 */
export interface ParsedQueryText {
  terms: Term[]
  text: string
  from: number | null
  to: number | null
  errors: string[]
}

const FROM_NAMES = new Set(['from', 'after', 'since', 'start'])
const TO_NAMES = new Set(['to', 'before', 'until', 'end'])

interface Token {
  raw: string
  /** Set when the token looked like name:value. */
  name: string | null
  negate: boolean
  value: string
  quoted: boolean
}

function readQuoted(input: string, start: number): { value: string; end: number } {
  let value = ''
  let i = start + 1
  while (i < input.length && input[i] !== '"') {
    if (input[i] === '\\' && i + 1 < input.length) i++
    value += input[i]
    i++
  }
  return { value, end: Math.min(i + 1, input.length) }
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < input.length) {
    while (i < input.length && /\s/.test(input[i] as string)) i++
    if (i >= input.length) break
    const start = i
    if (input[i] === '"') {
      const q = readQuoted(input, i)
      tokens.push({ raw: input.slice(start, q.end), name: null, negate: false, value: q.value, quoted: true })
      i = q.end
      continue
    }
    const head = /^(-?)([A-Za-z][A-Za-z0-9]*):/.exec(input.slice(i))
    if (head) {
      i += head[0].length
      let value: string
      let quoted = false
      if (input[i] === '"') {
        const q = readQuoted(input, i)
        value = q.value
        quoted = true
        i = q.end
      } else {
        const s = i
        while (i < input.length && !/\s/.test(input[i] as string)) i++
        value = input.slice(s, i)
      }
      tokens.push({
        raw: input.slice(start, i),
        name: head[2] as string,
        negate: head[1] === '-',
        value,
        quoted
      })
      continue
    }
    while (i < input.length && !/\s/.test(input[i] as string)) i++
    tokens.push({
      raw: input.slice(start, i),
      name: null,
      negate: false,
      value: input.slice(start, i),
      quoted: false
    })
  }
  return tokens
}

export function parseQueryText(input: string, zone: string): ParsedQueryText {
  const out: ParsedQueryText = { terms: [], text: '', from: null, to: null, errors: [] }
  const words: string[] = []
  for (const tok of tokenize(input.slice(0, LIMITS.textLength * 4))) {
    if (tok.name === null) {
      words.push(tok.quoted ? `"${tok.value.replace(/"/g, '')}"` : tok.value)
      continue
    }
    const lower = tok.name.toLowerCase()
    if (FROM_NAMES.has(lower) || TO_NAMES.has(lower)) {
      const ms = parseZonedTime(tok.value, zone)
      if (ms === null)
        out.errors.push(`'${tok.value}' is not a time (use 2026-10-05 or 2026-10-05T09:30:00Z)`)
      else if (FROM_NAMES.has(lower)) out.from = ms
      else out.to = ms
      continue
    }
    const field = fieldByName(tok.name)
    if (!field) {
      // An IPv6 address or a time typed as text starts with digits and never gets here; a word does.
      out.errors.push(`unknown field '${tok.name}' (known: ${QUERY_FIELDS.join(', ')})`)
      continue
    }
    if (tok.value === '' && !tok.quoted) {
      out.errors.push(`${tok.name}: needs a value (use ${tok.name}:(none) for "no value")`)
      continue
    }
    if (tok.value.length > LIMITS.valueLength) {
      out.errors.push(`the value for ${tok.name} is longer than ${LIMITS.valueLength} characters`)
      continue
    }
    const value = !tok.quoted && tok.value.toLowerCase() === '(none)' ? null : tok.value
    if (!out.terms.some((t) => t.field === field && t.value === value && t.negate === tok.negate))
      out.terms.push({ field, value, negate: tok.negate })
  }
  out.text = words.join(' ').slice(0, LIMITS.textLength)
  if (out.from !== null && out.to !== null && out.from >= out.to) out.errors.push('from: must be before to:')
  return out
}
