import type { EntraRecord, SignIn } from '../../graph-types'
import type { WriteOptions } from '../index'
import type { FileSet } from '../core/file-set'
import { MesPager } from '../core/mes-pager'
import { positiveInt } from '../core/options'
import { textStyle } from '../core/text-style'
import { forEachRecord, signInClass, type RecordSource } from '../core/records'
import type { TextSink } from '../core/text-sink'
import { isoDate } from '../core/time'
import { ps51Compact, ps7Compact } from '../json/powershell'
import { pythonDumps } from '../json/python'
import { MES_AUDIT_GROUP, mesSignInGroup } from '../shapes/mes-groups'

/**
 * graph-audit-ndjson / graph-signin-ndjson — one Graph record per line.
 *
 * Default `goose`: the Untitled Goose Tool (FORMATS.md §7), `json.dumps(x)` + "\n" per record,
 * UTF-8 without BOM, one file per UTC day (Goose queries a day at a time, ordered by time):
 * `azuread/azure_audit_logs/azureadauditlog_<YYYY-MM-DD>.json` and
 * `azuread/<source>/<source>_signin_log_<YYYY-MM-DD>.json` with source `adfs` (interactive users),
 * `rt` (non-interactive, refresh-token sign-ins), `sp` (service principals), `msi` (managed identities).
 *
 * `sof-elk`: Microsoft-Extractor-Suite `-Output SOF-ELK`, `$item | ConvertTo-Json -Depth 100
 * -Compress | Out-File -Append -Encoding UTF8` for each record of a page: compact PowerShell JSON,
 * CRLF, a BOM from Windows PowerShell 5.1, in the same page files as graph-*-pages.
 */
export function writeGraphAuditNdjson(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  return writeNdjson('audit', records, files, options)
}

export function writeGraphSignInNdjson(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  return writeNdjson('signin', records, files, options)
}

const GOOSE_SOURCES: Record<ReturnType<typeof signInClass>, string> = {
  interactiveUser: 'adfs',
  nonInteractiveUser: 'rt',
  servicePrincipal: 'sp',
  managedIdentity: 'msi'
}

function gooseFile(record: EntraRecord): string {
  if (record.kind === 'audit')
    return `azuread/azure_audit_logs/azureadauditlog_${isoDate(record.value.activityDateTime)}.json`
  const signIn: SignIn = record.value
  const source = GOOSE_SOURCES[signInClass(signIn)]
  return `azuread/${source}/${source}_signin_log_${isoDate(signIn.createdDateTime)}.json`
}

async function writeNdjson(
  kind: EntraRecord['kind'],
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  if (options.ndjsonStyle === 'sof-elk') return writeSofElk(kind, records, files, options)
  const { encoding, eol } = textStyle(
    kind === 'audit' ? 'graph-audit-ndjson' : 'graph-signin-ndjson',
    options
  )
  let name = ''
  let sink: TextSink | undefined
  await forEachRecord(records, async (record) => {
    if (record.kind !== kind) return
    const file = gooseFile(record)
    if (file !== name || !sink) {
      name = file
      sink = await files.sink(file, encoding)
    }
    sink.records++
    return sink.write(pythonDumps(record.value) + eol)
  })
}

async function writeSofElk(
  kind: EntraRecord['kind'],
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  const ps7 = options.powershell === '7'
  const compact = ps7 ? ps7Compact : ps51Compact
  const { encoding, eol } = textStyle(
    kind === 'audit' ? 'graph-audit-ndjson' : 'graph-signin-ndjson',
    options
  )
  const pager = new MesPager<unknown>(
    files,
    encoding,
    positiveInt(options.pageSize, 100, 'pageSize'),
    (page) => page.map((item) => compact(item) + eol).join(''),
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
