import { isAscii } from 'node:buffer'
import { createHash, hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { parentPort } from 'node:worker_threads'
import { FileFormatError, FileParser, type ParseSink } from '../../shared/ingest/file-parser'
import type { AuthDetailRow, MappedEvent } from '../../shared/ingest/mapped'
import type { RecordIssue } from '../../shared/ingest/record'
import { fingerprintText, RawRecordsBuilder, toEventRow } from '../db/event-row'
import { parseCsvRecords } from './csv-fields'
import type { ParseControl, ParseMessage, ParseRequest } from './protocol'
import { textDecoderFor, type SourceEncoding } from './source-file'

/**
 * Reads, decodes, splits, parses and normalizes files on its own thread, so that parsing
 * (the slow part, TOOLCHAIN.md §4e) runs beside the inserting thread. Batches are posted as flat
 * rows; at most MAX_IN_FLIGHT wait for the writer at any time, so memory stays bounded whatever
 * the file size. One worker reads all the files of an import, one after another: a worker per
 * file started the next thread (and its heap) while the last one was still being torn down.
 */

/**
 * Small batches, many in flight: a row posted before the next scavenge dies young on both threads.
 * With 2,000-row batches most rows were copied by a scavenge before being posted, and again on the
 * writer's side (50k audit records: scavenges 243 → 127 ms on this thread, 261 → 85 ms on the
 * writer's). Eight batches in flight keep about as many rows queued for the writer as before.
 */
const BATCH_ITEMS = 500
const MAX_IN_FLIGHT = 8
/** Items held back while a file may still be refused (see Batches). */
const HELD_ITEMS = 2000

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

type Batch = Extract<ParseMessage, { type: 'batch' }>

/**
 * Builds the rows of the batches as the parser yields records: an event becomes its flat row (with
 * its fingerprint) at once, so the parser's objects die young. A full batch is posted right away
 * when the writer has room for it, otherwise queued until it acknowledges one.
 *
 * Except while the file may still be refused as a whole (FileParser.mayRefuse: no record read yet):
 * what reached the writer before a refusal counts in the file's report, so then, as before batches
 * were posted as they filled, items are only posted between chunks, once 2,000 are waiting.
 */
class Batches implements ParseSink {
  private current = newBatch()
  private readonly raws = new RawRecordsBuilder()
  private size = 0
  private readonly waiting: Batch[] = []
  private holding = true
  private held = 0

  event(mapped: MappedEvent, line: number, raw: string): void {
    const f = mapped.fields
    const fp = fingerprint(fingerprintText(f, mapped.ms))
    this.current.events.push(toEventRow(f, mapped.ms, mapped.nativeId, fp))
    this.raws.add(line, raw)
    this.added()
  }

  authDetail(row: AuthDetailRow, line: number, raw: string): void {
    // Spelled out: spreading `row` into a literal with two more keys cost about 3 µs a row.
    this.current.authDetails.push({
      requestId: row.requestId,
      time: row.time,
      label: row.label,
      method: row.method,
      detail: row.detail,
      succeeded: row.succeeded,
      resultDetail: row.resultDetail,
      requirement: row.requirement,
      line,
      raw
    })
    this.added()
  }

  issue(issue: RecordIssue, rejected: boolean): void {
    this.current.issues.push(issue)
    if (rejected) this.current.rejected++
    this.added()
  }

  /** After each chunk: posts the full batches (`mayRefuse`: see the class comment). */
  async chunkDone(mayRefuse: boolean): Promise<void> {
    if (this.holding && mayRefuse) {
      if (this.held + this.size < HELD_ITEMS) return
      if (this.size > 0) this.seal()
      this.held = 0
    }
    this.holding = mayRefuse
    await this.drain()
  }

  /** After the file's last chunk: posts everything. */
  async finish(): Promise<void> {
    this.holding = false
    if (this.size > 0) this.seal()
    await this.drain()
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve))
      send(this.waiting.shift() as Batch)
    }
  }

  private added(): void {
    if (++this.size >= BATCH_ITEMS) this.seal()
  }

  private seal(): void {
    const batch = this.current
    batch.bytesRead = bytesRead
    batch.raws = this.raws.seal()
    if (this.holding) this.held += this.size
    this.current = newBatch()
    this.size = 0
    if (!this.holding && this.waiting.length === 0 && inFlight < MAX_IN_FLIGHT) send(batch)
    else this.waiting.push(batch)
  }
}

function newBatch(): Batch {
  return {
    type: 'batch',
    events: [],
    raws: { bytes: new Uint8Array(0), ends: new Int32Array(0), lines: new Int32Array(0) },
    authDetails: [],
    issues: [],
    rejected: 0,
    bytesRead: 0
  }
}

function send(batch: Batch): void {
  inFlight++
  port?.postMessage(batch, [batch.raws.bytes.buffer as ArrayBuffer])
}

/**
 * Decodes a file chunk by chunk. An all-ASCII chunk reads the same in UTF-8 and Windows-1252, so
 * it is copied as Latin-1 (a native copy) instead of going through TextDecoder's streaming
 * converter, which cost about 2 µs an audit record. That is only exact when the decoder holds no
 * part of a character from the chunk before (the last chunk it read ended in an ASCII byte), and
 * after the first chunk, where it strips a byte order mark.
 */
class ChunkDecoder {
  private readonly decoder: ReturnType<typeof textDecoderFor>
  private readonly asciiCompatible: boolean
  /** The decoder has read something, and holds no partial character. */
  private clean = false

  constructor(encoding: SourceEncoding) {
    this.decoder = textDecoderFor(encoding)
    this.asciiCompatible = encoding === 'utf-8' || encoding === 'utf-8-bom' || encoding === 'windows-1252'
  }

  decode(bytes: Buffer): string {
    if (this.clean && isAscii(bytes)) return bytes.toString('latin1')
    const text = this.decoder.decode(bytes, { stream: true })
    this.clean = this.asciiCompatible && bytes.length > 0 && (bytes[bytes.length - 1] as number) < 0x80
    return text
  }

  end(): string {
    return this.decoder.decode()
  }
}

async function run(request: ParseRequest): Promise<void> {
  // Every batch of the previous file was acknowledged before this file was asked for.
  inFlight = 0
  bytesRead = 0
  const decoder = new ChunkDecoder(request.encoding)
  const hash = createHash('sha256')
  const parser = new FileParser({ fileName: request.name, parseCsv: parseCsvRecords })
  const batches = new Batches()
  for await (const chunk of createReadStream(request.path, { highWaterMark: 1024 * 1024 })) {
    const bytes = chunk as Buffer
    hash.update(bytes)
    bytesRead += bytes.length
    parser.push(decoder.decode(bytes), batches)
    await batches.chunkDone(parser.mayRefuse)
  }
  parser.push(decoder.end(), batches)
  parser.end(batches)
  await batches.finish()
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
