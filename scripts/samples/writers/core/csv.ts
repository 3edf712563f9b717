/** CSV field quoting in the two styles the real exports use. */

const NEEDS_QUOTES = /[",\r\n]/

/** Portal and PowerShell `Export-Csv` style: every field in quotes, even empty ones. */
export function quoteAlways(value: string): string {
  return '"' + (value.includes('"') ? value.replaceAll('"', '""') : value) + '"'
}

/** Log Analytics and Purview style (RFC 4180 minimum): quotes only around `,`, `"` or line breaks. */
export function quoteIfNeeded(value: string): string {
  return NEEDS_QUOTES.test(value) ? '"' + value.replaceAll('"', '""') + '"' : value
}

export function csvLine(fields: readonly string[], quote: (value: string) => string, eol: string): string {
  let line = ''
  for (let i = 0; i < fields.length; i++) line += (i === 0 ? '' : ',') + quote(fields[i] ?? '')
  return line + eol
}
