import type { WriteOptions } from '../index'
import { csvLine, quoteAlways } from '../core/csv'
import { DownloadSeries } from '../core/download'
import type { FileSet } from '../core/file-set'
import { textStyle } from '../core/text-style'
import { forEachAudit, whenReady, type RecordSource } from '../core/records'
import { portalAuditHeader, portalAuditRow } from '../shapes/portal-audit'

/**
 * portal-audit-csv — Entra admin center › Audit logs › Download › CSV (FORMATS.md §1a).
 *
 * Every header and every field is double-quoted. File name `AuditLogs_<date>.csv` (the name
 * adrianbiro/timesketch_parsters shows), dated with the newest record's day, as if downloaded
 * that day. Defaults: UTF-8 **with** BOM (parsers open it with `utf-8-sig`; raw bytes of a real
 * download are unconfirmed) and CRLF (RFC 4180; unconfirmed).
 */
export async function writePortalAuditCsv(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  const { encoding, eol } = textStyle('portal-audit-csv', options)
  const header = csvLine(portalAuditHeader(options.locale ?? 'en'), quoteAlways, eol)
  const series = new DownloadSeries(files, 'AuditLogs', header, encoding, options.maxRecordsPerFile)
  await forEachAudit(records, (audit) =>
    whenReady(series.next(audit.activityDateTime), (sink) =>
      sink.write(csvLine(portalAuditRow(audit), quoteAlways, eol))
    )
  )
  series.finish((part) => `AuditLogs_${part.lastDay}.csv`)
}
