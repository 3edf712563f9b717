/**
 * The format writers of the sample generator: a stream of Graph beta `directoryAudit` / `signIn`
 * objects (scripts/samples/graph-types.ts) written out in every export format of FORMATS.md,
 * byte for byte as the real portal, API or tool writes it.
 *
 * Every writer streams: records are consumed one at a time, text is batched into ~1 MB buffers and
 * each flush waits for the file stream to drain, so millions of records need bounded memory. Output
 * is deterministic: ids and other values Graph does not carry are derived from the input by hashing.
 */
import type { SampleRecord } from '../graph-types'
import type { TextEncoding } from './core/encoding'
import { FileSet } from './core/file-set'
import type { RecordSource } from './core/records'
import { writeAzureMonitorEventHub, writeAzureMonitorPt1h } from './formats/azure-monitor'
import { writeGraphAuditNdjson, writeGraphSignInNdjson } from './formats/graph-ndjson'
import { writeGraphAuditPages, writeGraphSignInPages } from './formats/graph-pages'
import { writeLaAuditCsv, writeLaSignInCsv } from './formats/log-analytics-csv'
import { writeLaAuditJsonl, writeLaSignInJsonl } from './formats/log-analytics-jsonl'
import { writePortalAuditCsv } from './formats/portal-audit-csv'
import { writePortalAuditJson } from './formats/portal-audit-json'
import { writePortalSignInCsv } from './formats/portal-signin-csv'
import { writePurviewCsv } from './formats/purview-csv'
import { writeUalJsonl } from './formats/ual-jsonl'

export type { TextEncoding } from './core/encoding'
export { textStyle, type TextStyle } from './core/text-style'

export type SampleFormat =
  | 'portal-audit-csv'
  | 'portal-audit-json'
  | 'portal-signin-csv'
  | 'graph-audit-pages'
  | 'graph-signin-pages'
  | 'graph-audit-ndjson'
  | 'graph-signin-ndjson'
  | 'la-audit-csv'
  | 'la-signin-csv'
  | 'la-audit-jsonl'
  | 'la-signin-jsonl'
  | 'azure-monitor-eventhub'
  | 'azure-monitor-pt1h'
  | 'purview-csv'
  | 'ual-jsonl'

export interface WriteOptions {
  /** Byte encoding of every text file; each format has its real tool's default (see its module). */
  encoding?: TextEncoding
  /** Line break between records/rows; each format has its real tool's default. */
  eol?: '\n' | '\r\n'
  /** portal-audit-csv, portal-signin-csv: `es` uses the Spanish portal's names for the columns known to be localized. */
  locale?: 'en' | 'es'
  /** graph-*-pages, graph-*-ndjson with `sof-elk`: records per Graph page (default 100). */
  pageSize?: number
  /** Entra tenant id in resource ids, UAL `OrganizationId`, tenant columns (default all zeros). */
  tenantId?: string
  /** portal-signin-csv `Home tenant name` (default empty). */
  tenantName?: string
  /** Log Analytics `TenantId` column, the workspace id (default derived from tenantId). */
  workspaceId?: string
  /**
   * Portal and Purview downloads: start a new file after this many records (the portal caps audit
   * downloads at 250,000 and sign-ins at 100,000 rows, Purview at 50,000). Default: no cap.
   */
  maxRecordsPerFile?: number
  /** portal-signin-csv: the `<from>_<to>` dates of the file names (YYYY-MM-DD); default from the data. */
  from?: string
  to?: string
  /** graph-*-pages, sof-elk NDJSON: the PowerShell that ran Microsoft-Extractor-Suite (default 5.1). */
  powershell?: '5.1' | '7'
  /** graph-*-pages: write raw Graph response pages (`@odata.context`, `value`, `@odata.nextLink`) instead. */
  graphEnvelope?: boolean
  /** graph-*-pages, sof-elk NDJSON: ISO time of the first page retrieval (file-name clock); default from the data. */
  acquiredAt?: string
  /** graph-*-ndjson: Untitled Goose Tool (default) or Microsoft-Extractor-Suite `-Output SOF-ELK`. */
  ndjsonStyle?: 'goose' | 'sof-elk'
  /** azure-monitor-eventhub: records per Event Hub message body (default 10). */
  recordsPerBody?: number
  /** purview-csv: new 8-column export (default), classic 4-column, or `Search-UnifiedAuditLog | Export-Csv`. */
  purviewLayout?: 'new' | 'classic' | 'powershell'
  /** purview-csv `powershell`: culture of the machine that ran Export-Csv, for `CreationDate`. */
  culture?: 'en-US' | 'en-AU'
}

export interface WriteResult {
  files: { path: string; records: number; bytes: number }[]
}

type Writer = (records: RecordSource, files: FileSet, options: WriteOptions) => Promise<void>

const WRITERS: Record<SampleFormat, Writer> = {
  'portal-audit-csv': writePortalAuditCsv,
  'portal-audit-json': writePortalAuditJson,
  'portal-signin-csv': writePortalSignInCsv,
  'graph-audit-pages': writeGraphAuditPages,
  'graph-signin-pages': writeGraphSignInPages,
  'graph-audit-ndjson': writeGraphAuditNdjson,
  'graph-signin-ndjson': writeGraphSignInNdjson,
  'la-audit-csv': writeLaAuditCsv,
  'la-signin-csv': writeLaSignInCsv,
  'la-audit-jsonl': writeLaAuditJsonl,
  'la-signin-jsonl': writeLaSignInJsonl,
  'azure-monitor-eventhub': writeAzureMonitorEventHub,
  'azure-monitor-pt1h': writeAzureMonitorPt1h,
  'purview-csv': writePurviewCsv,
  'ual-jsonl': writeUalJsonl
}

export const SAMPLE_FORMATS = Object.keys(WRITERS) as SampleFormat[]

/**
 * Streams records (possibly millions) to disk in bounded memory, with backpressure. Records of a
 * kind the format cannot hold are skipped; `files` lists what was written, sorted by path, with the
 * number of records (rows, for CSV companions) in each. Files that would be empty are not created.
 */
export async function writeFormat(
  format: SampleFormat,
  records: Iterable<SampleRecord> | AsyncIterable<SampleRecord>,
  outDir: string,
  options: WriteOptions = {}
): Promise<WriteResult> {
  const writer = WRITERS[format]
  if (!writer) throw new Error(`unknown sample format: ${String(format)}`)
  const files = new FileSet(outDir)
  try {
    await writer(records, files, options)
  } catch (error) {
    // Close what is open so no descriptor leaks; the writer's error is the one worth reporting.
    await files.finish().catch(() => undefined)
    throw error
  }
  return { files: await files.finish() }
}
