import type { WriteOptions } from '../index'
import { csvLine, quoteAlways, quoteIfNeeded } from '../core/csv'
import { DownloadSeries } from '../core/download'
import type { FileSet } from '../core/file-set'
import { tenantIdOf } from '../core/options'
import { textStyle } from '../core/text-style'
import { forEachRecord, whenReady, type RecordSource } from '../core/records'
import { auGeneral, compactStamp, isoClassicUal, isoDate, usGeneral } from '../core/time'
import { slashEscapedJson } from '../json/slash-escaped'
import { ualRecordOf, type UalRecord } from '../shapes/ual'

/**
 * purview-csv — Unified Audit Log search results as CSV (FORMATS.md §5a). Only the Graph records
 * the UAL mirrors are written (shapes/ual.ts: Core Directory audits, interactive user sign-ins);
 * `AuditData` is the record's own JSON text (`\/` escaped), CSV-quoted with `""`.
 *
 * - `new` (default): today's Purview export, like the corpus file: header
 *   `RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames`,
 *   quotes only where needed, `CreationDate` `9/26/2023 1:43:41 AM` (UTC, no zone), CRLF, no BOM,
 *   file `purview.csv` (the corpus name; Purview caps a download at 50,000 rows, see maxRecordsPerFile).
 * - `classic`: the old audit-log search export, `CreationDate,UserIds,Operations,AuditData` with
 *   `CreationDate` as `2023-09-26T01:43:41.0000000Z`; file `AuditLog.csv` (our choice, no real name known).
 * - `powershell`: `Search-UnifiedAuditLog … | Export-Csv -NoTypeInformation -Encoding UTF8` as
 *   Microsoft-Extractor-Suite's Get-UAL writes it: every field quoted, `RecordType` as the enum name,
 *   `CreationDate` in the machine's culture (`culture`), `ResultIndex`/`ResultCount` per search
 *   session, BOM (Windows PowerShell 5.1). One session per UTC day (MES's default 1440-minute
 *   interval), at most 5,000 records, file `UAL-<yyyyMMddHHmmss of the session start>.csv`.
 */
export async function writePurviewCsv(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  const tenantId = tenantIdOf(options)
  const layout = options.purviewLayout ?? 'new'
  if (layout === 'powershell') return writePowerShellCsv(records, files, options, tenantId)
  const { encoding, eol } = textStyle('purview-csv', options)
  const classic = layout === 'classic'
  const header = classic
    ? 'CreationDate,UserIds,Operations,AuditData' + eol
    : 'RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames' +
      eol
  const series = new DownloadSeries(
    files,
    classic ? 'AuditLog' : 'purview',
    header,
    encoding,
    options.maxRecordsPerFile
  )
  await forEachRecord(records, (record) => {
    const ual = ualRecordOf(record, tenantId)
    if (!ual) return undefined
    const auditData = slashEscapedJson(ual.auditData)
    const fields = classic
      ? [isoClassicUal(ual.creationTime), ual.userId, ual.operation, auditData]
      : [
          ual.id,
          usGeneral(ual.creationTime),
          String(ual.recordType),
          ual.operation,
          ual.userId,
          auditData,
          '',
          ''
        ]
    return whenReady(series.next(ual.creationTime), (sink) => sink.write(csvLine(fields, quoteIfNeeded, eol)))
  })
  series.finish(() => (classic ? 'AuditLog.csv' : 'purview.csv'))
}

/** Search-UnifiedAuditLog's RecordType is an enum; Export-Csv writes its name. */
const RECORD_TYPE_NAMES: Record<number, string> = {
  1: 'ExchangeAdmin',
  3: 'ExchangeItemGroup',
  8: 'AzureActiveDirectory',
  15: 'AzureActiveDirectoryStsLogon'
}

/** The API returns at most 5,000 records per call; MES shrinks its interval until a window fits. */
const SESSION_LIMIT = 5000

const POWERSHELL_HEADER = [
  'RecordType',
  'CreationDate',
  'UserIds',
  'Operations',
  'AuditData',
  'ResultIndex',
  'ResultCount',
  'Identity',
  'IsValid',
  'ObjectState'
]

async function writePowerShellCsv(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions,
  tenantId: string
): Promise<void> {
  const { encoding, eol } = textStyle('purview-csv', options)
  const creationDate = options.culture === 'en-AU' ? auGeneral : usGeneral
  // One search session is buffered (ResultCount is its size, known only at its end): ≤ 5,000 rows.
  let session: UalRecord[] = []
  let sessionDay = ''
  const startedDays = new Set<string>()
  const written = new Set<string>()

  const flush = async (): Promise<void> => {
    const first = session[0]
    if (!first) return
    // A day's first session starts at midnight; an overflow session at its first record's second.
    const start = isoDate(first.creationTime) === sessionDay && !startedDays.has(sessionDay)
    const stamp = compactStamp(new Date(start ? `${sessionDay}T00:00:00Z` : `${first.creationTime}Z`))
    startedDays.add(sessionDay)
    const name = `UAL-${stamp}.csv`
    const sink = await files.sink(name, encoding)
    // Export-Csv -Append writes the header only into a new file.
    if (!written.has(name)) await sink.write(csvLine(POWERSHELL_HEADER, quoteAlways, eol))
    written.add(name)
    const count = String(session.length)
    for (let i = 0; i < session.length; i++) {
      const ual = session[i] as UalRecord
      sink.records++
      const line = csvLine(
        [
          RECORD_TYPE_NAMES[ual.recordType] ?? String(ual.recordType),
          creationDate(ual.creationTime),
          ual.userId,
          ual.operation,
          slashEscapedJson(ual.auditData),
          String(i + 1),
          count,
          ual.id,
          'True',
          'Unchanged'
        ],
        quoteAlways,
        eol
      )
      const wait = sink.write(line)
      if (wait) await wait
    }
    session = []
  }

  await forEachRecord(records, (record) => {
    const ual = ualRecordOf(record, tenantId)
    if (!ual) return undefined
    const day = isoDate(ual.creationTime)
    const wait = day !== sessionDay || session.length >= SESSION_LIMIT ? flush() : undefined
    const add = (): void => {
      sessionDay = day
      session.push(ual)
    }
    if (wait) return wait.then(add)
    add()
    return undefined
  })
  await flush()
}
