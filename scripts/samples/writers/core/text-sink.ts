import { once } from 'node:events'
import type { WriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import { byteOrderMark, encodeText, type TextEncoding } from './encoding'

/** Text is gathered into pieces of about this many UTF-16 code units before it is encoded and written. */
const FLUSH_CHARS = 1 << 20

/**
 * One output file. Small writes are batched into ~1 MB buffers (a write per record would cost a
 * syscall and a Buffer each); a flush waits for `drain` when the stream is full, so memory stays
 * bounded however fast records arrive.
 */
export class TextSink {
  /** Records the writer counted into this file. */
  records = 0
  /** Encoded bytes handed to the stream, BOM included. */
  bytes = 0
  // Pieces are kept in an array and joined once per flush: `+=` on thousands of small strings
  // builds a deep rope that costs far more to flatten and collect.
  private pending: string[] = []
  private pendingChars = 0
  private failure: Error | undefined

  constructor(
    private readonly stream: WriteStream,
    private readonly encoding: TextEncoding,
    writeBom: boolean
  ) {
    stream.on('error', (error: Error) => {
      this.failure ??= error
    })
    if (writeBom) {
      const bom = byteOrderMark(encoding)
      if (bom.length > 0) {
        stream.write(bom)
        this.bytes += bom.length
      }
    }
  }

  /** Appends text; returns a promise only when the caller must wait (buffer flushed into a full stream). */
  write(text: string): Promise<void> | undefined {
    this.pending.push(text)
    this.pendingChars += text.length
    return this.pendingChars >= FLUSH_CHARS ? this.flush() : undefined
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure
    if (this.pendingChars === 0) return
    const buffer = encodeText(this.pending.join(''), this.encoding)
    this.pending = []
    this.pendingChars = 0
    this.bytes += buffer.length
    if (!this.stream.write(buffer)) await once(this.stream, 'drain')
  }

  async end(): Promise<void> {
    await this.flush()
    this.stream.end()
    await finished(this.stream)
    if (this.failure) throw this.failure
  }
}
