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

export function pythonDumps(value: unknown): string {
  const v = value as Json
  if (v === null) return 'null'
  if (typeof v === 'string') return pyString(v)
  // Python prints non-finite floats as NaN/Infinity; Graph never sends them.
  if (typeof v === 'number') return JSON.stringify(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (Array.isArray(v)) return '[' + v.map(pythonDumps).join(', ') + ']'
  let out = ''
  for (const [key, item] of Object.entries(v)) {
    if (item === undefined) continue
    out += (out === '' ? '' : ', ') + pyString(key) + ': ' + pythonDumps(item)
  }
  return '{' + out + '}'
}
