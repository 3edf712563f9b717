import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'

/**
 * A report file written as a stream with back-pressure, hashed as it goes. It is written beside
 * its final name and renamed into place only when complete, so a failed or interrupted report
 * never leaves a truncated file that looks like a report.
 */
export class ReportWriter {
  private readonly out: WriteStream
  private readonly hash = createHash('sha256')
  private readonly partial: string
  private buffered = ''
  private failure: Error | null = null
  bytes = 0

  constructor(readonly path: string) {
    this.partial = `${path}.partial`
    this.out = createWriteStream(this.partial, { encoding: 'utf8' })
    // An unwritable path fails asynchronously: keep the error for the next write or close.
    this.out.on('error', (e) => (this.failure = e))
  }

  /** Queues text; flushes to the stream in chunks of about 64 KB, waiting when it is full. */
  async write(text: string): Promise<void> {
    this.buffered += text
    if (this.buffered.length >= 65536) await this.flush()
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure
    if (!this.buffered) return
    const chunk = this.buffered
    this.buffered = ''
    this.hash.update(chunk, 'utf8')
    this.bytes += Buffer.byteLength(chunk, 'utf8')
    if (!this.out.write(chunk)) await once(this.out, 'drain')
  }

  /** Finishes the file and moves it into place; returns its SHA-256. */
  async close(): Promise<{ sha256: string; bytes: number }> {
    await this.flush()
    this.out.end()
    // Settles on 'finish' or on an error, also one emitted before this call.
    await finished(this.out)
    if (this.failure) throw this.failure
    renameSync(this.partial, this.path)
    return { sha256: this.hash.digest('hex'), bytes: this.bytes }
  }

  /** Drops the unfinished file. */
  abort(): void {
    this.out.destroy()
    rmSync(this.partial, { force: true })
  }
}
