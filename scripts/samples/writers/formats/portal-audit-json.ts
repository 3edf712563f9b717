import type { WriteOptions } from '../index'
import type { FileSet } from '../core/file-set'
import { textStyle } from '../core/text-style'
import { forEachAudit, type RecordSource } from '../core/records'
import type { TextSink } from '../core/text-sink'
import { isoDate } from '../core/time'

/**
 * portal-audit-json — Entra admin center › Audit logs › Download › JSON (FORMATS.md §1b): one JSON
 * array of Graph `directoryAudit` objects, pretty-printed with 2-space indentation and `"key": value`
 * like the AUDSCHEMA example. File `AuditLogs_<date>.json`, dated with the newest record's day.
 * Defaults: UTF-8 without BOM, LF. With `maxRecordsPerFile` (the portal caps at 250,000) each part
 * is a complete array.
 */
export async function writePortalAuditJson(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  const { encoding, eol } = textStyle('portal-audit-json', options)
  const max = options.maxRecordsPerFile ?? Number.POSITIVE_INFINITY
  let part = -1
  let sink: TextSink | undefined
  let inPart = 0
  let lastDay = ''
  const lastDays: string[] = []

  const closePart = async (): Promise<void> => {
    if (!sink) return
    const wait = sink.write(eol + ']' + eol)
    if (wait) await wait
    lastDays[part] = lastDay
  }

  await forEachAudit(records, async (audit) => {
    if (!sink || inPart >= max) {
      await closePart()
      part++
      inPart = 0
      lastDay = ''
      sink = await files.sink(`.AuditLogs.part${part}.partial`, encoding)
      await sink.write('[' + eol)
    }
    const day = isoDate(audit.activityDateTime)
    if (day > lastDay) lastDay = day
    // Stringified inside a one-element array, the element comes out already indented two columns.
    const element = JSON.stringify([audit], null, 2)
    const lf = element.slice(2, -2)
    const text = eol === '\n' ? lf : lf.replace(/\n/g, eol)
    inPart++
    sink.records++
    return sink.write((inPart === 1 ? '' : ',' + eol) + text)
  })
  await closePart()
  lastDays.forEach((day, index) =>
    files.renameAtEnd(`.AuditLogs.part${index}.partial`, `AuditLogs_${day}.json`)
  )
}
