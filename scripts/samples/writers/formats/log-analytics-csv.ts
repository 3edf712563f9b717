import type { SampleRecord } from '../../graph-types'
import type { WriteOptions } from '../index'
import { csvLine, quoteIfNeeded } from '../core/csv'
import type { FileSet } from '../core/file-set'
import { tenantIdOf, workspaceIdOf } from '../core/options'
import { textStyle } from '../core/text-style'
import { forEachRecord, type RecordSource } from '../core/records'
import type { TextSink } from '../core/text-sink'
import { usLogAnalytics } from '../core/time'
import { isLaUserSignIn, laAuditRow, laSignInRow, type LaCell, type LaColumn } from '../shapes/log-analytics'

/**
 * la-audit-csv / la-signin-csv — Log Analytics (Sentinel) portal › query results › Export › CSV
 * (FORMATS.md §3b, §6d; the corpus `sentinel-training-lab-*.csv` files). The portal names the
 * download `query_data.csv`, so give each format its own output folder.
 *
 * UTF-8 with BOM, LF; quotes only where needed; datetime columns renamed `<name> [UTC]` and shown
 * as `4/28/2021, 2:08:45.221 PM`; booleans `TRUE`/`FALSE`; dynamic columns as compact JSON text;
 * `AuthenticationDetails` as Entra's pretty-printed multi-line JSON inside the quoted cell. Sign-ins
 * are the union of `SigninLogs` and `AADNonInteractiveUserSignInLogs` (hence the `X_dynamic` /
 * `X_string` pairs); service-principal and managed-identity sign-ins are in other tables and are
 * skipped.
 */
export function writeLaAuditCsv(records: RecordSource, files: FileSet, options: WriteOptions): Promise<void> {
  const tenantId = tenantIdOf(options)
  const workspaceId = workspaceIdOf(options)
  return writeLaCsv(records, files, options, (record) =>
    record.kind === 'audit' ? laAuditRow(record.value, tenantId, workspaceId) : undefined
  )
}

export function writeLaSignInCsv(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  const tenantId = tenantIdOf(options)
  const workspaceId = workspaceIdOf(options)
  return writeLaCsv(records, files, options, (record) =>
    record.kind === 'signin' && isLaUserSignIn(record.value)
      ? laSignInRow(record.value, tenantId, workspaceId, true)
      : undefined
  )
}

function cellText(cell: LaCell): string {
  switch (cell.kind) {
    case 'string':
    case 'csvOnly':
      return cell.value
    case 'number':
      return cell.value === null ? '' : String(cell.value)
    case 'bool':
      return cell.value ? 'TRUE' : 'FALSE'
    case 'datetime':
      return usLogAnalytics(cell.value)
    case 'dynamic':
      return JSON.stringify(cell.value)
    case 'prettyJson':
      return JSON.stringify(cell.value, null, 2)
  }
}

async function writeLaCsv(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions,
  rowOf: (record: SampleRecord) => LaColumn[] | undefined
): Promise<void> {
  const { encoding, eol } = textStyle('la-audit-csv', options)
  let sink: TextSink | undefined
  await forEachRecord(records, async (record) => {
    const row = rowOf(record)
    if (!row) return
    if (!sink) {
      sink = await files.sink('query_data.csv', encoding)
      const header = row.map(([name, cell]) => (cell.kind === 'datetime' ? `${name} [UTC]` : name))
      await sink.write(csvLine(header, quoteIfNeeded, eol))
    }
    sink.records++
    return sink.write(
      csvLine(
        row.map(([, cell]) => cellText(cell)),
        quoteIfNeeded,
        eol
      )
    )
  })
}
