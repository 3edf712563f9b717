import type { SampleRecord } from '../../graph-types'
import type { WriteOptions } from '../index'
import type { FileSet } from '../core/file-set'
import { tenantIdOf, workspaceIdOf } from '../core/options'
import { textStyle } from '../core/text-style'
import { forEachRecord, type RecordSource } from '../core/records'
import type { TextSink } from '../core/text-sink'
import { isoMillis } from '../core/time'
import { isLaUserSignIn, laAuditRow, laSignInRow, type LaColumn } from '../shapes/log-analytics'

/**
 * la-audit-jsonl / la-signin-jsonl — Log Analytics rows as JSON lines (FORMATS.md §3a; the corpus
 * `otrf-goldensaml-AADAuditEvents.json`): PascalCase columns, dynamic columns as JSON **strings**,
 * times with milliseconds (`2021-08-02T13:29:25.983Z`), empty columns left out, CRLF, no BOM.
 * Files `AuditLogs.json` / `SigninLogs.json`. Sign-ins: `SigninLogs` and
 * `AADNonInteractiveUserSignInLogs` rows; other sign-ins are skipped.
 */
export function writeLaAuditJsonl(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  const tenantId = tenantIdOf(options)
  const workspaceId = workspaceIdOf(options)
  return writeLaJsonl(records, files, options, 'AuditLogs.json', (record) =>
    record.kind === 'audit' ? laAuditRow(record.value, tenantId, workspaceId) : undefined
  )
}

export function writeLaSignInJsonl(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  const tenantId = tenantIdOf(options)
  const workspaceId = workspaceIdOf(options)
  return writeLaJsonl(records, files, options, 'SigninLogs.json', (record) =>
    record.kind === 'signin' && isLaUserSignIn(record.value)
      ? laSignInRow(record.value, tenantId, workspaceId, false)
      : undefined
  )
}

export function laJsonObject(row: readonly LaColumn[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, cell] of row) {
    switch (cell.kind) {
      case 'string':
        if (cell.value !== '') out[name] = cell.value
        break
      case 'number':
        if (cell.value !== null) out[name] = cell.value
        break
      case 'bool':
        out[name] = cell.value
        break
      case 'datetime':
        out[name] = isoMillis(cell.value)
        break
      case 'dynamic':
        out[name] = JSON.stringify(cell.value)
        break
      case 'prettyJson':
        out[name] = JSON.stringify(cell.value, null, 2)
        break
      case 'csvOnly':
        break
    }
  }
  return out
}

async function writeLaJsonl(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions,
  name: string,
  rowOf: (record: SampleRecord) => LaColumn[] | undefined
): Promise<void> {
  const { encoding, eol } = textStyle('la-audit-jsonl', options)
  let sink: TextSink | undefined
  await forEachRecord(records, async (record) => {
    const row = rowOf(record)
    if (!row) return
    sink ??= await files.sink(name, encoding)
    sink.records++
    return sink.write(JSON.stringify(laJsonObject(row)) + eol)
  })
}
