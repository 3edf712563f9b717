import { MAX_RECORD_CHARS } from './limits'
import type { SplitSink } from './record'

/**
 * Cuts a stream of JSON text into records without ever holding the whole file: V8 cannot make a
 * string over 512 MiB, and exports reach gigabytes (TOOLCHAIN.md §3.8).
 *
 * Accepted shapes, in any mix and order (FORMATS.md §7): a top-level array of records;
 * concatenated arrays (`][` seams from Microsoft-Extractor-Suite); JSON lines; bare objects,
 * pretty-printed or not; and wrapper objects whose `value` (Graph pages) or `records`
 * (Azure Monitor Event Hub bodies) array holds the records.
 *
 * The scanner tracks only string state and bracket depth; `JSON.parse` of each record is left to
 * the caller. Damage is reported as an issue and scanning resumes, so good records survive:
 * a record larger than MAX_RECORD_CHARS is skipped; in a JSON-lines file an unbalanced line is cut
 * at its newline; text that is not JSON is skipped to the end of its line; a file that ends inside
 * a record says so.
 */

const enum Mode {
  /** Between top-level values. */
  Top,
  /** Inside a top-level array, between elements. */
  Array,
  /** Inside a top-level object that is either a record or a wrapper: buffering, watching its keys. */
  Candidate,
  /** Inside a wrapper's record array, between elements. */
  WrapperArray,
  /** Inside a wrapper object, outside its record array. */
  WrapperObject,
  /** Inside a record: buffering. */
  Record,
  /** Inside a record that is too large: scanning without buffering. */
  Skip,
  /** Skipping text that is not JSON up to the end of its line. */
  Garbage,
  /** Skipping a non-object array element up to the next comma or closing bracket. */
  Primitive
}

const QUOTE = 34
const BACKSLASH = 92
const OPEN_BRACE = 123
const CLOSE_BRACE = 125
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const COMMA = 44
const COLON = 58
const NEWLINE = 10
const CR = 13
const SPACE = 32
const TAB = 9

const WRAPPER_KEYS = new Set(['value', 'records'])

function isSpace(c: number): boolean {
  return c === SPACE || c === NEWLINE || c === CR || c === TAB || c === 0xfeff
}

export interface JsonSplitterStats {
  /** True once the file has shown itself to be JSON lines (one record per line). */
  lineMode: boolean
  /** The shapes seen, for the import report: 'array', 'lines', 'object', 'wrapper:value'… */
  shapes: Set<string>
}

export class JsonSplitter {
  private mode = Mode.Top
  private depth = 0
  /** Depth outside the current record: 0 for top-level records, 1 in arrays, 2 in wrappers. */
  private recordDepth = 0
  private inString = false
  /** A backslash ended the previous chunk inside a string, so the next character is escaped. */
  private escapeCarry = false

  private pieces: string[] = []
  private pieceLength = 0
  private recordStart = -1
  private recordLine = 0
  private recordHadNewline = false

  // Key tracking for Candidate mode at depth 1.
  private keyStart = -1
  private keyPieces: string[] = []
  private lastKey: string | null = null
  private awaitingValueFor: string | null = null

  // Line counting is lazy: newlines are counted up to a position only when a line number is needed.
  private line = 1
  private countedTo = 0

  /** Whether guessRecord may guess where records end (until a guess is wrong). */
  private guessEnds: boolean
  /** In the current chunk, `text` does not occur after `from`. */
  private noClosingAfter = { text: '', from: 0 }

  private garbageLine = 0
  private garbageExcerpt = ''
  private firstRecordSeen = false

  /** `guessEnds: false` always scans records character by character (the benchmark's reference floor). */
  constructor(options: { guessEnds?: boolean } = {}) {
    this.guessEnds = options.guessEnds ?? true
  }

  readonly stats: JsonSplitterStats = { lineMode: false, shapes: new Set() }

  /** Feeds the next chunk of text; records and issues found so far are pushed to `out`. */
  push(chunk: string, out: SplitSink): void {
    const s = chunk
    const n = s.length
    this.countedTo = 0
    this.noClosingAfter = { text: '', from: 0 }
    let i = 0
    while (i < n) {
      if (this.inString) {
        let from = i
        if (this.escapeCarry) {
          // The previous chunk ended in an odd run of backslashes: this character is escaped.
          this.escapeCarry = false
          from = i + 1
        }
        const end = from < n ? this.findStringEnd(s, from) : -1
        if (end < 0) {
          this.escapeCarry = trailingBackslashesOdd(s, from, n)
          break
        }
        this.inString = false
        if (this.keyStart >= 0) {
          this.keyPieces.push(s.slice(this.keyStart, end))
          this.lastKey = this.keyPieces.join('')
          this.keyPieces = []
          this.keyStart = -1
        }
        i = end + 1
        continue
      }

      if (this.mode === Mode.Record) {
        i = this.scanRecord(s, i, out)
        continue
      }

      const c = s.charCodeAt(i)
      switch (this.mode) {
        case Mode.Garbage:
          if (c === NEWLINE) this.endGarbage(out)
          else if (this.garbageExcerpt.length < 200) this.garbageExcerpt += s[i]
          i++
          continue
        case Mode.Primitive:
          if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
            this.mode = this.recordDepth === 1 ? Mode.Array : Mode.WrapperArray
            out.push({
              issue: {
                line: this.garbageLine,
                reason: 'array element is not an object',
                excerpt: this.garbageExcerpt
              }
            })
            continue // re-read the delimiter in the container's mode
          }
          if (this.garbageExcerpt.length < 200) this.garbageExcerpt += s[i]
          i++
          continue
        default:
          break
      }

      if (c === QUOTE) {
        this.inString = true
        if (this.mode === Mode.Candidate && this.depth === 1 && this.awaitingValueFor === null) {
          this.keyStart = i + 1
          this.keyPieces = []
        } else if (this.mode === Mode.Array || this.mode === Mode.WrapperArray) {
          this.startPrimitive(s, i)
          this.inString = true
          this.mode = Mode.Primitive
        } else if (this.mode === Mode.Top) {
          this.startGarbage(s, i)
          this.inString = false
        }
        this.awaitingValueFor = null
        i++
        continue
      }

      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.openBracket(c, s, i, out)
        i++
        continue
      }

      if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.closeBracket(s, i, out)
        i++
        continue
      }

      if (c === COLON) {
        if (this.mode === Mode.Candidate && this.depth === 1) this.awaitingValueFor = this.lastKey
        i++
        continue
      }

      if (c === NEWLINE) {
        // (Record mode, read by scanRecord, is always inside an array: newlines do not matter there.)
        if (this.stats.lineMode && this.mode === Mode.Candidate && this.recordDepth === 0) {
          // One record per line: an unbalanced line must not swallow the lines after it.
          this.cutRecordAtNewline(s, i, out)
        } else if (this.mode === Mode.Candidate) {
          this.recordHadNewline = true
        }
        i++
        continue
      }

      if (isSpace(c) || c === COMMA) {
        i++
        continue
      }

      // Any other character: a literal inside a record is fine; between values it is damage.
      if (this.mode === Mode.Top) this.startGarbage(s, i)
      else if (this.mode === Mode.Array || this.mode === Mode.WrapperArray) {
        this.startPrimitive(s, i)
        this.mode = Mode.Primitive
        continue
      } else if (this.mode === Mode.Candidate && this.depth === 1) this.awaitingValueFor = null
      i++
    }

    // Carry an unfinished key and an unfinished record into the next chunk.
    if (this.inString && this.keyStart >= 0) {
      this.keyPieces.push(s.slice(this.keyStart))
      this.keyStart = 0
    }
    if (this.recordStart >= 0 && (this.mode === Mode.Record || this.mode === Mode.Candidate)) {
      this.pieces.push(s.slice(this.recordStart))
      this.pieceLength += n - this.recordStart
      this.recordStart = 0
      if (this.pieceLength > MAX_RECORD_CHARS) this.startSkip()
    } else if (this.recordStart >= 0) {
      this.recordStart = 0
    }
    this.line += countNewlines(s, this.countedTo, n)
    this.countedTo = 0
  }

  /** Call once after the last chunk. */
  end(out: SplitSink): void {
    if (this.mode === Mode.Garbage) this.endGarbage(out)
    if (this.mode === Mode.Record || this.mode === Mode.Candidate || this.mode === Mode.Skip) {
      out.push({
        issue: {
          line: this.recordLine,
          reason: 'the file ends inside this record (truncated JSON)',
          excerpt: this.pieces.join('').slice(0, 200)
        }
      })
    } else if (
      this.mode === Mode.Array ||
      this.mode === Mode.WrapperArray ||
      this.mode === Mode.WrapperObject
    ) {
      out.push({
        issue: {
          line: this.line,
          reason:
            'warning: the file ends before its closing bracket (truncated JSON?); the records before it were read'
        }
      })
    }
    this.pieces = []
    this.mode = Mode.Top
  }

  private lineAt(s: string, pos: number): number {
    this.line += countNewlines(s, this.countedTo, pos)
    this.countedTo = pos
    return this.line
  }

  private findStringEnd(s: string, from: number): number {
    let j = from
    for (;;) {
      const q = s.indexOf('"', j)
      if (q < 0) return -1
      let k = q - 1
      let backslashes = 0
      while (k >= from && s.charCodeAt(k) === BACKSLASH) {
        backslashes++
        k--
      }
      if ((backslashes & 1) === 0) return q
      j = q + 1
    }
  }

  /**
   * The inner loop of Record mode, where nearly all of a file's characters are read. Record mode
   * is only entered inside an array (recordDepth ≥ 1), where only strings and bracket depth matter
   * (newlines cut or shape only top-level records), so this loop follows just those, with the depth
   * in a local, instead of taking every character through the general loop's mode tests. Returns
   * where the general loop resumes: after the record's closing bracket (the mode has changed), or
   * at the end of the chunk.
   */
  private scanRecord(s: string, from: number, out: SplitSink): number {
    if (this.guessEnds && from === this.recordStart + 1 && this.pieces.length === 0) {
      const next = this.guessRecord(s, this.recordStart, out)
      if (next >= 0) return next
    }
    const n = s.length
    const stop = this.recordDepth
    let depth = this.depth
    let i = from
    while (i < n) {
      const c = s.charCodeAt(i)
      if (c === QUOTE) {
        const end = i + 1 < n ? this.findStringEnd(s, i + 1) : -1
        if (end < 0) {
          // The string goes on in the next chunk.
          this.inString = true
          this.escapeCarry = trailingBackslashesOdd(s, i + 1, n)
          i = n
          break
        }
        i = end + 1
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++
        i++
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--
        if (depth === stop) {
          this.depth = depth
          this.finishRecord(s, i, out)
          return i + 1
        }
        i++
      } else {
        i++
      }
    }
    this.depth = depth
    return i
  }

  /**
   * Pretty-printed arrays (the portal's JSON download) close each record on a line of its own,
   * indented like the line that opened it. The record at `start` is guessed to end there, and
   * JSON.parse, which the importer runs on every record anyway, checks the guess: a text that
   * parses as one JSON object has its brackets balanced only at its last character, so scanning
   * would have ended the record at the same place. The parsed value travels with the record. A
   * wrong guess (the parse fails) turns guessing off for the rest of the file, and the record is
   * scanned. Returns where the general loop resumes, or -1 when nothing was guessed.
   */
  private guessRecord(s: string, start: number, out: SplitSink): number {
    // The record must open a line: only spaces or tabs between the line break and its brace.
    let lineStart = start
    while (lineStart > 0 && (s.charCodeAt(lineStart - 1) === SPACE || s.charCodeAt(lineStart - 1) === TAB))
      lineStart--
    if (lineStart === 0 || s.charCodeAt(lineStart - 1) !== NEWLINE) return -1
    const closing = `\n${s.slice(lineStart, start)}}`
    // A search that found nothing up to the end of this chunk need not run again for a later record.
    if (closing === this.noClosingAfter.text && start >= this.noClosingAfter.from) return -1
    const close = s.indexOf(closing, start)
    if (close < 0) {
      this.noClosingAfter = { text: closing, from: start }
      return -1
    }
    const end = close + 1 + (start - lineStart)
    if (end + 1 - start > MAX_RECORD_CHARS) return -1
    let value: unknown
    try {
      value = JSON.parse(s.slice(start, end + 1))
    } catch {
      this.guessEnds = false
      return -1
    }
    this.depth = this.recordDepth
    this.finishRecord(s, end, out, value)
    return end + 1
  }

  private openBracket(c: number, s: string, i: number, out: SplitSink): void {
    switch (this.mode) {
      case Mode.Top:
        if (c === OPEN_BRACKET) {
          this.mode = Mode.Array
          this.recordDepth = 1
          this.stats.shapes.add('array')
        } else {
          this.beginRecord(s, i, Mode.Candidate, 0)
        }
        break
      case Mode.Array:
      case Mode.WrapperArray:
        this.beginRecord(s, i, Mode.Record, this.depth)
        break
      case Mode.Candidate:
        if (
          this.depth === 1 &&
          c === OPEN_BRACKET &&
          this.awaitingValueFor !== null &&
          WRAPPER_KEYS.has(this.awaitingValueFor)
        ) {
          // A Graph page or Event Hub body: its records are the elements of this array.
          this.stats.shapes.add(`wrapper:${this.awaitingValueFor}`)
          this.dropBuffer()
          this.mode = Mode.WrapperArray
          this.recordDepth = 2
        }
        this.awaitingValueFor = null
        break
      default:
        break
    }
    void out
    this.depth++
  }

  private closeBracket(s: string, i: number, out: SplitSink): void {
    this.depth--
    if (this.depth < 0) {
      this.depth = 0
      this.startGarbage(s, i)
      return
    }
    if (
      (this.mode === Mode.Record || this.mode === Mode.Candidate || this.mode === Mode.Skip) &&
      this.depth === this.recordDepth
    ) {
      this.finishRecord(s, i, out)
      return
    }
    if (this.mode === Mode.Array && this.depth === 0) this.mode = Mode.Top
    else if (this.mode === Mode.WrapperArray && this.depth === 1) this.mode = Mode.WrapperObject
    else if (this.mode === Mode.WrapperObject && this.depth === 0) this.mode = Mode.Top
    else if (this.mode === Mode.Candidate && this.depth === 1) this.awaitingValueFor = null
  }

  private beginRecord(s: string, i: number, mode: Mode, recordDepth: number): void {
    this.mode = mode
    this.recordDepth = recordDepth
    this.recordStart = i
    this.recordLine = this.lineAt(s, i)
    this.pieces = []
    this.pieceLength = 0
    this.recordHadNewline = false
    this.lastKey = null
    this.awaitingValueFor = null
  }

  private finishRecord(s: string, i: number, out: SplitSink, value?: unknown): void {
    const wasCandidate = this.mode === Mode.Candidate
    if (this.mode === Mode.Skip) {
      out.push({
        issue: {
          line: this.recordLine,
          reason: `record is larger than the ${MAX_RECORD_CHARS / 1024 / 1024} MiB limit and was skipped`
        }
      })
    } else {
      const tail = s.slice(this.recordStart, i + 1)
      const length = this.pieceLength + tail.length
      if (length > MAX_RECORD_CHARS) {
        out.push({
          issue: {
            line: this.recordLine,
            reason: `record is larger than the ${MAX_RECORD_CHARS / 1024 / 1024} MiB limit and was skipped`
          }
        })
      } else {
        const text = this.pieces.length ? this.pieces.join('') + tail : tail
        out.push({
          record:
            value === undefined ? { text, line: this.recordLine } : { text, line: this.recordLine, value }
        })
      }
    }
    if (wasCandidate || this.recordDepth === 0) {
      this.stats.shapes.add(this.recordHadNewline ? 'object' : 'lines')
      if (!this.firstRecordSeen && !this.recordHadNewline) this.stats.lineMode = true
    }
    this.firstRecordSeen = true
    this.pieces = []
    this.pieceLength = 0
    this.recordStart = -1
    this.mode = this.recordDepth === 0 ? Mode.Top : this.recordDepth === 1 ? Mode.Array : Mode.WrapperArray
  }

  private cutRecordAtNewline(s: string, i: number, out: SplitSink): void {
    const text = (this.pieces.join('') + s.slice(this.recordStart, i)).replace(/\r$/, '')
    out.push({
      issue: {
        line: this.recordLine,
        reason: 'incomplete JSON object on this line',
        excerpt: text.slice(0, 200)
      }
    })
    this.pieces = []
    this.pieceLength = 0
    this.recordStart = -1
    this.depth = 0
    this.mode = Mode.Top
    this.inString = false
  }

  private dropBuffer(): void {
    this.pieces = []
    this.pieceLength = 0
    this.recordStart = -1
  }

  private startSkip(): void {
    this.mode = Mode.Skip
    this.dropBuffer()
  }

  private startGarbage(s: string, i: number): void {
    this.mode = Mode.Garbage
    this.garbageLine = this.lineAt(s, i)
    this.garbageExcerpt = s[i] ?? ''
  }

  private endGarbage(out: SplitSink): void {
    out.push({
      issue: {
        line: this.garbageLine,
        reason: 'text that is not JSON was skipped',
        excerpt: this.garbageExcerpt.replace(/\r$/, '')
      }
    })
    this.mode = Mode.Top
    this.depth = 0
  }

  private startPrimitive(s: string, i: number): void {
    this.garbageLine = this.lineAt(s, i)
    this.garbageExcerpt = s[i] ?? ''
  }
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

function trailingBackslashesOdd(s: string, from: number, to: number): boolean {
  let k = to - 1
  let count = 0
  while (k >= from && s.charCodeAt(k) === BACKSLASH) {
    count++
    k--
  }
  return (count & 1) === 1
}
