import type { WriteOptions } from '../index'
import type { FileSet } from '../core/file-set'
import { tenantIdOf } from '../core/options'
import { textStyle } from '../core/text-style'
import { forEachRecord, type RecordSource } from '../core/records'
import type { TextSink } from '../core/text-sink'
import { isoDate } from '../core/time'
import { slashEscapedJson } from '../json/slash-escaped'
import { ualRecordOf } from '../shapes/ual'

/**
 * ual-jsonl — Unified Audit Log `AuditData` objects, one per line, nothing around them (the plaso
 * corpus file; Microsoft-Extractor-Suite Get-UAL `-Output JSONL -AuditDataOnly`): the record's own
 * compact JSON text, `/` escaped as `\/`. Only records the UAL mirrors (shapes/ual.ts). One file
 * per UTC day, `UAL-<yyyyMMdd>000000.jsonl`, as MES names a day's session. Defaults: UTF-8, LF.
 */
export async function writeUalJsonl(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  const tenantId = tenantIdOf(options)
  const { encoding, eol } = textStyle('ual-jsonl', options)
  let current = ''
  let sink: TextSink | undefined
  await forEachRecord(records, async (record) => {
    const ual = ualRecordOf(record, tenantId)
    if (!ual) return
    const name = `UAL-${isoDate(ual.creationTime).replaceAll('-', '')}000000.jsonl`
    if (name !== current || !sink) {
      current = name
      sink = await files.sink(name, encoding)
    }
    sink.records++
    return sink.write(slashEscapedJson(ual.auditData) + eol)
  })
}
