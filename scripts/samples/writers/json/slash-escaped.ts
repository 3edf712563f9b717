/**
 * The Unified Audit Log's own JSON text escapes `/` as `\/` (`Mozilla\/5.0`, `https:\/\/…` in the
 * Purview CSV and in plaso's AuditData lines, FORMATS.md §5). A `/` can only occur inside a JSON
 * string, so replacing every one after JSON.stringify is exact.
 */
export function slashEscapedJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('/', '\\/')
}
