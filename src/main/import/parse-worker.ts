import { createHash, hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { parentPort } from 'node:worker_threads'
import { FileFormatError, FileParser, type ParsedItem } from '../../shared/ingest/file-parser'
import type { RecordIssue } from '../../shared/ingest/record'
import { fingerprintText, toEventRow, type EventRow } from '../db/event-row'
import { parseCsvRecords } from './csv-fields'
import type { AuthDetailOut, ParseControl, ParseMessage, ParseRequest } from './protocol'
import { textDecoderFor } from './source-file'

/**
 * Reads, decodes, splits, parses and normalizes files on its own thread, so that parsing
 * (the slow part, TOOLCHAIN.md §4e) runs beside the inserting thread. Batches are posted as flat
 * rows; at most MAX_IN_FLIGHT wait for the writer at any time, so memory stays bounded whatever
 * the file size. One worker reads all the files of an import, one after another: a worker per
 * file started the next thread (and its heap) while the last one was still being torn down.
 */

const BATCH_ITEMS = 2000
const MAX_IN_FLIGHT = 3

const port = parentPort
if (!port) throw new Error('parse-worker must run as a worker thread')

let inFlight = 0
let wake: (() => void) | null = null
port.on('message', (msg: ParseControl) => {
  if (msg.type === 'ack') {
    inFlight--
    wake?.()
    wake = null
  } else {
    void readFile(msg)
  }
})

function post(msg: ParseMessage): void {
  port?.postMessage(msg)
}

/** MD5 of the fingerprint text, as every case stores it; the one-shot form costs half of a Hash object. */
function fingerprint(text: string): string {
  return hash('md5', text, 'base64')
}

let bytesRead = 0

async function flush(items: ParsedItem[]): Promise<void> {
  if (items.length === 0) return
  const events: EventRow[] = []
  const authDetails: AuthDetailOut[] = []
  const issues: RecordIssue[] = []
  let rejected = 0
  for (const item of items) {
    if (item.kind === 'event') {
      const f = item.mapped.fields
      events.push(
        toEventRow(
          f,
          item.mapped.ms,
          item.mapped.nativeId,
          fingerprint(fingerprintText(f, item.mapped.ms)),
          item.line,
          item.raw
        )
      )
    } else if (item.kind === 'authDetail') {
      authDetails.push({ ...item.row, line: item.line, raw: item.raw })
    } else {
      issues.push(item.issue)
      if (item.rejected) rejected++
    }
  }
  items.length = 0
  while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve))
  inFlight++
  post({ type: 'batch', events, authDetails, issues, rejected, bytesRead })
}

async function run(request: ParseRequest): Promise<void> {
  // Every batch of the previous file was acknowledged before this file was asked for.
  inFlight = 0
  bytesRead = 0
  const decoder = textDecoderFor(request.encoding)
  const hash = createHash('sha256')
  const parser = new FileParser({ fileName: request.name, parseCsv: parseCsvRecords })
  const items: ParsedItem[] = []
  for await (const chunk of createReadStream(request.path, { highWaterMark: 1024 * 1024 })) {
    const bytes = chunk as Buffer
    hash.update(bytes)
    bytesRead += bytes.length
    parser.push(decoder.decode(bytes, { stream: true }), items)
    if (items.length >= BATCH_ITEMS) await flush(items)
  }
  parser.push(decoder.decode(), items)
  parser.end(items)
  await flush(items)
  const notes = [...parser.notes]
  for (const [assumption, count] of parser.assumptions) notes.push(`${count} record(s): ${assumption}`)
  post({
    type: 'done',
    format: parser.format ?? 'unknown',
    layout: parser.layout,
    csvHeader: parser.csvHeader,
    notes,
    sha256: hash.digest('hex'),
    bytesRead
  })
}

async function readFile(request: ParseRequest): Promise<void> {
  try {
    await run(request)
  } catch (err: unknown) {
    if (err instanceof FileFormatError) post({ type: 'failed', kind: 'format', message: err.message })
    else
      post({
        type: 'failed',
        kind: 'internal',
        message: err instanceof Error ? `${err.message}` : String(err)
      })
  }
}
