/**
 * Python's `json.dumps(x)` with its defaults, as the Untitled Goose Tool writes each Graph record
 * (FORMATS.md §7): separators `", "` and `": "`, and `ensure_ascii=True`, which escapes every
 * character outside printable ASCII as `\uXXXX` (lower-case hex; astral characters as their
 * surrogate pair, which is what a JavaScript string holds anyway).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const ESCAPE_ASCII = /[\\"\u0000-\u001f\u007f-\uffff]/g
const SHORT: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t'
}

function pyString(value: string): string {
  ESCAPE_ASCII.lastIndex = 0
  if (!ESCAPE_ASCII.test(value)) return '"' + value + '"'
  return (
    '"' +
    value.replace(ESCAPE_ASCII, (c) => SHORT[c] ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) +
    '"'
  )
}

function dump(v: Json, out: string[]): void {
  if (v === null) out.push('null')
  else if (typeof v === 'string') out.push(pyString(v))
  // Python prints non-finite floats as NaN/Infinity; Graph never sends them.
  else if (typeof v === 'number') out.push(JSON.stringify(v))
  else if (typeof v === 'boolean') out.push(v ? 'true' : 'false')
  else if (Array.isArray(v)) {
    out.push('[')
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(', ')
      dump(v[i] as Json, out)
    }
    out.push(']')
  } else {
    out.push('{')
    let first = true
    for (const key in v) {
      const item = v[key]
      if (item === undefined) continue
      out.push(first ? '' : ', ', pyString(key), ': ')
      first = false
      dump(item, out)
    }
    out.push('}')
  }
}

/** `json.dumps(value)`; pieces are joined once (string `+=` would build slow ropes). */
export function pythonDumps(value: unknown): string {
  const out: string[] = []
  dump(value as Json, out)
  return out.join('')
}
