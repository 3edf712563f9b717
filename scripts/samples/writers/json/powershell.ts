/**
 * What `ConvertTo-Json` prints for objects that came out of `ConvertFrom-Json` (Graph responses in
 * Microsoft-Extractor-Suite, FORMATS.md §7).
 *
 * Windows PowerShell 5.1 serialises with .NET's JavaScriptSerializer, then re-indents that compact
 * text with its own ConvertToPrettyJsonString: 4-space steps, two spaces after each colon, a
 * nested container indented from the column where its value starts (so `"targetResources":  [`
 * pushes its elements 4 columns past the `[`), empty containers printed as `[`, a blank line, `]`,
 * and CRLF line breaks whatever the platform. JavaScriptSerializer escapes `'`, `<`, `>`, `&` as
 * `\u0027`… and leaves other non-ASCII text as is.
 *
 * PowerShell 7 uses Newtonsoft.Json instead: 2-space indentation, `"key": value`, `[]`, and the
 * date strings ConvertFrom-Json turned into DateTime come back in the `FFFFFFF` round-trip form.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

// JavaScriptSerializer (HttpUtility.JavaScriptStringEncode): control characters, the JSON
// specials, HTML-sensitive characters and the Unicode line separators.
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const PS51_ESCAPE = /["\\'<>&\u0000-\u001f\u0085\u2028\u2029]/g
const PS51_SHORT: Record<string, string> = {
  '\r': '\\r',
  '\t': '\\t',
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\b': '\\b',
  '\f': '\\f'
}

function ps51String(value: string): string {
  PS51_ESCAPE.lastIndex = 0
  if (!PS51_ESCAPE.test(value)) return '"' + value + '"'
  return (
    '"' +
    value.replace(
      PS51_ESCAPE,
      (c) => PS51_SHORT[c] ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')
    ) +
    '"'
  )
}

function ps51Scalar(value: Json): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return ps51String(value)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null'
  return value ? 'true' : 'false'
}

function entries(value: { [key: string]: Json }): [string, Json][] {
  // JSON.stringify semantics: keys whose value is undefined do not exist.
  return Object.entries(value).filter(([, v]) => v !== undefined)
}

/** `-Compress` output of Windows PowerShell 5.1 (JavaScriptSerializer, no whitespace). */
export function ps51Compact(value: unknown): string {
  const v = value as Json
  if (Array.isArray(v)) return '[' + v.map(ps51Compact).join(',') + ']'
  if (v !== null && typeof v === 'object')
    return (
      '{' +
      entries(v)
        .map(([k, x]) => ps51String(k) + ':' + ps51Compact(x))
        .join(',') +
      '}'
    )
  return ps51Scalar(v)
}

const INDENT = '    '

// The two functions below follow ConvertDictionary/ConvertList: `pad` is the caller's padding,
// `extra` the width of the `"key":  ` in front of this container. They append to `out` (joined
// once at the end: `+=` on thousands of pieces builds ropes that are slow to flatten).
function ps51Dict(value: { [key: string]: Json }, pad: string, extra: number, out: string[]): void {
  const closePad = pad + ' '.repeat(extra)
  const inner = closePad + INDENT
  out.push('\r\n')
  let first = true
  for (const [key, item] of entries(value)) {
    const keyText = ps51String(key)
    out.push(first ? inner : ',\r\n' + inner, keyText, ':  ')
    first = false
    const width = keyText.length + 3
    if (Array.isArray(item)) {
      out.push('[')
      ps51List(item, inner, width, out)
    } else if (item !== null && typeof item === 'object') {
      out.push('{')
      ps51Dict(item, inner, width, out)
    } else out.push(ps51Scalar(item))
  }
  out.push('\r\n' + closePad + '}')
}

function ps51List(value: Json[], pad: string, extra: number, out: string[]): void {
  const closePad = pad + ' '.repeat(extra)
  const inner = closePad + INDENT
  out.push('\r\n')
  for (let i = 0; i < value.length; i++) {
    const item = value[i] as Json
    out.push(i === 0 ? inner : ',\r\n' + inner)
    if (Array.isArray(item)) {
      out.push('[')
      ps51List(item, inner, 0, out)
    } else if (item !== null && typeof item === 'object') {
      out.push('{')
      ps51Dict(item, inner, 0, out)
    } else out.push(ps51Scalar(item))
  }
  out.push('\r\n' + closePad + ']')
}

/** `ConvertTo-Json` output of Windows PowerShell 5.1 (no trailing line break). */
export function ps51Pretty(value: unknown): string {
  const v = value as Json
  const out: string[] = []
  if (Array.isArray(v)) {
    out.push('[')
    ps51List(v, '', 0, out)
  } else if (v !== null && typeof v === 'object') {
    out.push('{')
    ps51Dict(v, '', 0, out)
  } else out.push(ps51Scalar(v))
  return out.join('')
}

const GRAPH_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d+))?Z$/

function ps7Revive(value: Json): Json {
  if (typeof value === 'string') {
    const m = GRAPH_TIME.exec(value)
    if (!m) return value
    const fraction = (m[1] ?? '').padEnd(7, '0').slice(0, 7).replace(/0+$/, '')
    return value.slice(0, 19) + (fraction ? '.' + fraction : '') + 'Z'
  }
  if (Array.isArray(value)) return value.map(ps7Revive)
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {}
    for (const [k, v] of entries(value)) out[k] = ps7Revive(v)
    return out
  }
  return value
}

/** `ConvertTo-Json` output of PowerShell 7 (Newtonsoft `Formatting.Indented`, CRLF as on Windows). */
export function ps7Pretty(value: unknown): string {
  return JSON.stringify(ps7Revive(value as Json), null, 2).replace(/\n/g, '\r\n')
}

/** `ConvertTo-Json -Compress` output of PowerShell 7. */
export function ps7Compact(value: unknown): string {
  return JSON.stringify(ps7Revive(value as Json))
}
