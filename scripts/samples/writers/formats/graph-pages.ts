import type { EntraRecord } from '../../graph-types'
import type { WriteOptions } from '../index'
import type { FileSet } from '../core/file-set'
import { tokenFrom } from '../core/hash'
import { MesPager } from '../core/mes-pager'
import { positiveInt } from '../core/options'
import { textStyle } from '../core/text-style'
import { forEachRecord, type RecordSource } from '../core/records'
import type { TextSink } from '../core/text-sink'
import { ps51Pretty, ps7Pretty } from '../json/powershell'
import { MES_AUDIT_GROUP, mesSignInGroup } from '../shapes/mes-groups'

const DEFAULT_PAGE_SIZE = 100

/**
 * graph-audit-pages / graph-signin-pages — what Microsoft-Extractor-Suite's Get-GraphEntraAuditLogs
 * and Get-GraphEntraSignInLogs leave on disk (FORMATS.md §7): per Graph page,
 * `$responseJson.value | ConvertTo-Json -Depth 100 | Out-File -Append -Encoding UTF8`.
 *
 * So each page is a pretty-printed array in PowerShell's style (json/powershell.ts), a page with a
 * single record is a bare object (pipeline unrolling), each page ends with Out-File's CRLF, and two
 * pages fetched in the same second share a file (`]` CRLF `[` seam; see core/mes-pager.ts for the
 * file names). Windows PowerShell 5.1 (default) writes a UTF-8 BOM, PowerShell 7 does not.
 *
 * With `graphEnvelope`, the files are instead the raw Graph responses, one per page:
 * `{"@odata.context":…,"value":[…],"@odata.nextLink":…}` (no nextLink on the last page), compact
 * as Graph sends them, named `directoryAudits-page00001.json` / `signIns-page00001.json`.
 */
export function writeGraphAuditPages(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  return writePages('audit', records, files, options)
}

export function writeGraphSignInPages(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  return writePages('signin', records, files, options)
}

async function writePages(
  kind: EntraRecord['kind'],
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  const pageSize = positiveInt(options.pageSize, DEFAULT_PAGE_SIZE, 'pageSize')
  if (options.graphEnvelope) return writeEnvelopes(kind, records, files, options, pageSize)
  const ps7 = options.powershell === '7'
  const { encoding, eol } = textStyle(kind === 'audit' ? 'graph-audit-pages' : 'graph-signin-pages', options)
  const pretty = ps7 ? ps7Pretty : ps51Pretty
  const pager = new MesPager<unknown>(
    files,
    encoding,
    pageSize,
    (page) => {
      const text = pretty(page.length === 1 ? page[0] : page) + '\r\n'
      return eol === '\r\n' ? text : text.replaceAll('\r\n', eol)
    },
    options.acquiredAt
  )
  await forEachRecord(records, (record) => {
    if (record.kind !== kind) return undefined
    if (record.kind === 'audit')
      return pager.add('audit', MES_AUDIT_GROUP, record.value, record.value.activityDateTime)
    const { key, group } = mesSignInGroup(record.value)
    return pager.add(key, group, record.value, record.value.createdDateTime)
  })
  await pager.finish()
}

async function writeEnvelopes(
  kind: EntraRecord['kind'],
  records: RecordSource,
  files: FileSet,
  options: WriteOptions,
  pageSize: number
): Promise<void> {
  const collection = kind === 'audit' ? 'directoryAudits' : 'signIns'
  const base = `https://graph.microsoft.com/beta/auditLogs/${collection}`
  const { encoding } = textStyle(kind === 'audit' ? 'graph-audit-pages' : 'graph-signin-pages', options)
  let sink: TextSink | undefined
  let name = ''
  let page = 0
  let inPage = 0
  await forEachRecord(records, async (record) => {
    if (record.kind !== kind) return
    if (sink && inPage >= pageSize) {
      // A next page exists, so this one links to it (the skip token is opaque; any stable value will do).
      const nextLink = `${base}?$top=${pageSize}&$skiptoken=${tokenFrom(`${collection}:${page}:${record.value.id}`)}`
      await sink.write(`],"@odata.nextLink":${JSON.stringify(nextLink)}}`)
      await files.close(name)
      sink = undefined
    }
    if (!sink) {
      page++
      inPage = 0
      name = `${collection}-page${String(page).padStart(5, '0')}.json`
      sink = await files.sink(name, encoding)
      await sink.write(
        `{"@odata.context":"https://graph.microsoft.com/beta/$metadata#auditLogs/${collection}","value":[`
      )
    }
    inPage++
    sink.records++
    return sink.write((inPage === 1 ? '' : ',') + JSON.stringify(record.value))
  })
  await sink?.write(']}')
}
