import { MAX_RECORD_CHARS } from './limits'
import type { SplitSink } from './record'

/**
 * Cuts a stream of CSV text into records (RFC 4180: a record ends at a line break outside quotes),
 * keeping each record's exact text and first line number. With `readFields`, a plain record (see
 * readPlainRecord) also comes with its fields, read in the same pass; the others are left to the
 * caller's field parser.
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

  private readonly readFields: boolean
  /**
   * For readPlainRecord: where the next quote, comma and line break are in the buffer being cut
   * (its length when there is none; -1: search again), so each is searched once per occurrence
   * even when a file has no quotes, or no commas.
   */
  private quoteAt = -1
  private commaAt = -1
  private newlineAt = -1
  private plainFields: string[] = []

  constructor(maxRecordChars = MAX_RECORD_CHARS, options: { readFields?: boolean } = {}) {
    this.maxRecordChars = maxRecordChars
    this.readFields = options.readFields ?? false
  }

  push(chunk: string, out: SplitSink): void {
    this.buffer = this.scanned === 0 && this.buffer === '' ? chunk : this.buffer + chunk
    this.cut(out, false)
  }

  end(out: SplitSink): void {
    this.cut(out, true)
  }

  private cut(out: SplitSink, final: boolean): void {
    let start = 0
    const b = this.buffer
    let pos = this.scanned
    let inQuotes = this.inQuotes
    // The next line break is remembered: re-searching it after every quoted field would make a row
    // of many quoted fields cost its length times its field count.
    let nl = -2
    this.quoteAt = this.commaAt = this.newlineAt = -1
    for (;;) {
      if (this.readFields && pos === start && !inQuotes && !this.skippingLongLine) {
        const end = this.readPlainRecord(b, start)
        if (end >= 0) {
          this.emit(b, start, end, out, this.plainFields)
          start = end + 1
          pos = start
          continue
        }
      }
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

  private emit(b: string, start: number, end: number, out: SplitSink, fields?: string[]): void {
    const text = stripCr(b.slice(start, end))
    const line = this.line
    this.line += countNewlines(b, start, end) + 1
    if (this.skippingLongLine) {
      // The tail of an over-long line: already reported.
      this.skippingLongLine = false
      return
    }
    if (text.length === 0) return
    out.push({ record: fields ? { text, line, fields } : { text, line } })
  }

  /**
   * Reads the record at `start` if it is plain RFC 4180 — quoted fields open at the start of a
   * field, close right before a comma or the line break and double their inner quotes; unquoted
   * fields contain no quote — with the rules and result of csv-fields' splitCsvRecord on the
   * record's text, but finding the record's end in the same pass: cutting first and splitting
   * after read every quote twice, which was most of a portal sign-in row's parse time. In a plain
   * record every line break inside it is inside quotes, so it ends where the general scan ends it.
   * Returns the index of that line break, with the fields in `plainFields`, or -1 when the record
   * is not plain or not complete in `b` (the general scan cuts it then; its text is parsed later).
   */
  private readPlainRecord(b: string, start: number): number {
    const n = b.length
    const fields: string[] = []
    let i = start
    for (;;) {
      // A quoted field starts here (the next quote is at i): most portal fields are quoted.
      if (b.charCodeAt(i) === QUOTE) {
        let value = ''
        let from = i + 1
        for (;;) {
          const q = b.indexOf('"', from)
          // The closing quote, or what follows it, is not in the buffer yet.
          if (q < 0 || q + 1 >= n) return -1
          if (b.charCodeAt(q + 1) === QUOTE) {
            value += b.slice(from, q + 1)
            from = q + 2
            continue
          }
          value += b.slice(from, q)
          i = q + 1
          break
        }
        fields.push(value)
        const c = b.charCodeAt(i)
        if (c === COMMA) {
          i++
          continue
        }
        if (c === NEWLINE) return this.plainRecord(fields, i)
        if (c === CR && i + 1 < n && b.charCodeAt(i + 1) === NEWLINE) return this.plainRecord(fields, i + 1)
        return -1
      }
      if (this.quoteAt < i) this.quoteAt = nextIndex(b, '"', i)
      if (this.newlineAt < i) this.newlineAt = nextIndex(b, '\n', i)
      if (this.commaAt < i) this.commaAt = nextIndex(b, ',', i)
      const nl = this.newlineAt
      if (nl === n) return -1
      const last = this.commaAt > nl
      const end = last ? nl : this.commaAt
      if (this.quoteAt < end) return -1
      if (last) {
        // The record's text ends before a CR that precedes its line break (stripCr).
        fields.push(b.slice(i, end > i && b.charCodeAt(end - 1) === CR ? end - 1 : end))
        return this.plainRecord(fields, nl)
      }
      fields.push(b.slice(i, end))
      i = end + 1
    }
  }

  private plainRecord(fields: string[], end: number): number {
    this.plainFields = fields
    return end
  }
}

const QUOTE = 34
const COMMA = 44
const NEWLINE = 10
const CR = 13

/** The index of the next `ch` in `s` from `from`, or the length of `s` when there is none. */
function nextIndex(s: string, ch: string, from: number): number {
  const i = s.indexOf(ch, from)
  return i < 0 ? s.length : i
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
