import { MAX_RECORD_CHARS } from './limits'
import type { SplitItem } from './record'

/**
 * Cuts a stream of CSV text into records (RFC 4180: a record ends at a line break outside quotes),
 * keeping each record's exact text and first line number. Fields are parsed later, by papaparse.
 *
 * Log Analytics exports put pretty-printed JSON with line breaks inside quoted cells
 * (FORMATS.md §6d), so records span lines; a stray quote would make a record swallow the rest of
 * the file. When a record grows past `maxRecordChars`, or the file ends inside quotes, its first
 * line is reported as damaged and scanning restarts on the next line, so one bad quote costs one
 * line, not the file.
 */
export class CsvSplitter {
  /** Text not yet cut into records: at most one partial record. */
  private buffer = ''
  /** Scan position inside `buffer`, and the quote parity up to it. */
  private scanned = 0
  private inQuotes = false
  private line = 1
  private readonly maxRecordChars: number

  constructor(maxRecordChars = MAX_RECORD_CHARS) {
    this.maxRecordChars = maxRecordChars
  }

  push(chunk: string, out: SplitItem[]): void {
    this.buffer = this.scanned === 0 && this.buffer === '' ? chunk : this.buffer + chunk
    this.cut(out, false)
  }

  end(out: SplitItem[]): void {
    this.cut(out, true)
  }

  private cut(out: SplitItem[], final: boolean): void {
    let start = 0
    const b = this.buffer
    let pos = this.scanned
    let inQuotes = this.inQuotes
    // The next line break is remembered: re-searching it after every quoted field would make a row
    // of many quoted fields cost its length times its field count.
    let nl = -2
    for (;;) {
      if (inQuotes) {
        const q = b.indexOf('"', pos)
        if (q < 0) {
          pos = b.length
          break
        }
        inQuotes = false
        pos = q + 1
        continue
      }
      if (nl !== -1 && nl < pos) nl = b.indexOf('\n', pos)
      const q = b.indexOf('"', pos)
      if (q >= 0 && (nl < 0 || q < nl)) {
        inQuotes = true
        pos = q + 1
        continue
      }
      if (nl < 0) {
        pos = b.length
        break
      }
      this.emit(b, start, nl, out)
      start = nl + 1
      pos = start
    }

    const pending = b.length - start
    if (inQuotes && (pending > this.maxRecordChars || final)) {
      // A quote that never closes: give up on the first line of this record and rescan the rest.
      const firstBreak = b.indexOf('\n', start)
      const badEnd = firstBreak < 0 ? b.length : firstBreak
      const text = stripCr(b.slice(start, badEnd))
      out.push({
        issue: {
          line: this.line,
          reason: final
            ? 'unterminated quoted field: the quote opened on this line never closes'
            : `unterminated quoted field: no closing quote within ${Math.round(this.maxRecordChars / 1024 / 1024)} MiB`,
          excerpt: text.slice(0, 200)
        }
      })
      this.line++
      this.buffer = firstBreak < 0 ? '' : b.slice(firstBreak + 1)
      this.scanned = 0
      this.inQuotes = false
      this.cut(out, final)
      return
    }
    if (!inQuotes && pending > this.maxRecordChars) {
      if (!this.skippingLongLine) {
        out.push({
          issue: {
            line: this.line,
            reason: `line is longer than the ${Math.round(this.maxRecordChars / 1024 / 1024)} MiB limit and was skipped`
          }
        })
      }
      // Keep skipping this line until its end arrives; remember we are inside it.
      this.buffer = ''
      this.scanned = 0
      this.inQuotes = false
      this.skippingLongLine = true
      return
    }
    if (final) {
      if (pending > 0 && !this.skippingLongLine) this.emit(b, start, b.length, out)
      this.buffer = ''
      this.scanned = 0
      return
    }
    this.buffer = start === 0 ? b : b.slice(start)
    this.scanned = pos - start
    this.inQuotes = inQuotes
  }

  private skippingLongLine = false

  private emit(b: string, start: number, end: number, out: SplitItem[]): void {
    const text = stripCr(b.slice(start, end))
    const line = this.line
    this.line += countNewlines(b, start, end) + 1
    if (this.skippingLongLine) {
      // The tail of an over-long line: already reported.
      this.skippingLongLine = false
      return
    }
    if (text.length === 0) return
    out.push({ record: { text, line } })
  }
}

function stripCr(s: string): string {
  return s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s
}

function countNewlines(s: string, from: number, to: number): number {
  let count = 0
  let i = s.indexOf('\n', from)
  while (i >= 0 && i < to) {
    count++
    i = s.indexOf('\n', i + 1)
  }
  return count
}
