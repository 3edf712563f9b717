import type { SampleRecord } from '../../graph-types'
import type { WriteOptions } from '../index'
import type { FileSet } from '../core/file-set'
import { aadResourceId, positiveInt, tenantIdOf } from '../core/options'
import { textStyle } from '../core/text-style'
import { forEachRecord, type RecordSource } from '../core/records'
import type { TextSink } from '../core/text-sink'
import { timeParts } from '../core/time'
import { monitorAuditRecord, monitorSignInRecord, type MonitorRecord } from '../shapes/azure-monitor'

function monitorRecord(record: SampleRecord, tenantId: string): MonitorRecord | undefined {
  if (record.kind === 'mailbox') return undefined // Exchange records exist only in the unified audit log
  return record.kind === 'audit'
    ? monitorAuditRecord(record.value, tenantId)
    : monitorSignInRecord(record.value, tenantId)
}

/** Azure Monitor names each category's event hub and storage container `insights-logs-<category>`. */
function container(category: string): string {
  return `insights-logs-${category.toLowerCase()}`
}

/**
 * azure-monitor-eventhub — what a diagnostic setting streams to Event Hubs (FORMATS.md §4): message
 * bodies `{"records":[…]}` holding several records each (`recordsPerBody`, default 10), one event
 * hub per category. Written as one file per hub, `insights-logs-<category>.jsonl`, one message
 * body per line (a capture of the hub's messages in order). Audits and all sign-in categories.
 * Defaults: UTF-8, LF.
 */
export async function writeAzureMonitorEventHub(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  const tenantId = tenantIdOf(options)
  const { encoding, eol } = textStyle('azure-monitor-eventhub', options)
  const perBody = positiveInt(options.recordsPerBody, 10, 'recordsPerBody')
  const bodies = new Map<string, string[]>()

  const send = async (category: string): Promise<void> => {
    const body = bodies.get(category)
    if (!body || body.length === 0) return
    const name = `${container(category)}.jsonl`
    const sink = files.openSink(name) ?? (await files.sink(name, encoding))
    sink.records += body.length
    bodies.set(category, [])
    await sink.write(`{"records":[${body.join(',')}]}` + eol)
  }

  await forEachRecord(records, (record) => {
    const monitored = monitorRecord(record, tenantId)
    if (!monitored) return undefined
    const { category, text } = monitored
    let body = bodies.get(category)
    if (!body) bodies.set(category, (body = []))
    body.push(text)
    return body.length >= perBody ? send(category) : undefined
  })
  for (const category of bodies.keys()) await send(category)
}

/**
 * azure-monitor-pt1h — what a diagnostic setting archives to a storage account (FORMATS.md §4):
 * one append blob per category and hour,
 * `insights-logs-<category>/resourceId=/tenants/<tid>/providers/Microsoft.aadiam/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json`,
 * one record per line. Defaults: UTF-8, LF.
 */
export async function writeAzureMonitorPt1h(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  const tenantId = tenantIdOf(options)
  const { encoding, eol } = textStyle('azure-monitor-pt1h', options)
  let current = ''
  let sink: TextSink | undefined
  await forEachRecord(records, async (record) => {
    const monitored = monitorRecord(record, tenantId)
    if (!monitored) return
    const { category, time, text } = monitored
    const t = timeParts(time)
    const name =
      `${container(category)}/resourceId=${aadResourceId(tenantId)}` +
      `/y=${t.year}/m=${t.month}/d=${t.day}/h=${t.hour}/m=00/PT1H.json`
    if (name !== current || !sink) {
      current = name
      sink = await files.sink(name, encoding)
    }
    sink.records++
    return sink.write(text + eol)
  })
}
