import { CsvSplitter } from './csv-splitter'
import { JsonSplitter } from './json-splitter'
import { bindCsv, type CsvBinding } from './formats/csv-formats'
import { mapJsonRecord, type JsonSchema } from './formats/json-record'
import type { AuthDetailRow, MappedEvent, MapResult } from './mapped'
import { ISSUE_EXCERPT_CHARS } from './limits'
import type { RawRecord, RecordIssue, SplitItem, SplitSink } from './record'

/**
 * Receives what a file yields, in file order, as soon as each record is mapped: the importer turns
 * it into its row at once, so the mapped objects die young instead of waiting for a whole batch.
 */
export interface ParseSink {
  event(mapped: MappedEvent, line: number, raw: string): void
  authDetail(row: AuthDetailRow, line: number, raw: string): void
  /** `rejected`: the record was not imported (otherwise the issue is a warning). */
  issue(issue: RecordIssue, rejected: boolean): void
}

/** What a file yields as a list (for scripts and tests; the importer takes records one by one). */
export type ParsedItem =
  | { kind: 'event'; line: number; raw: string; mapped: MappedEvent }
  | { kind: 'authDetail'; line: number; raw: string; row: AuthDetailRow }
  | { kind: 'issue'; issue: RecordIssue; rejected: boolean }

function listSink(items: ParsedItem[]): ParseSink {
  return {
    event: (mapped, line, raw) => items.push({ kind: 'event', line, raw, mapped }),
    authDetail: (row, line, raw) => items.push({ kind: 'authDetail', line, raw, row }),
    issue: (issue, rejected) => items.push({ kind: 'issue', issue, rejected })
  }
}

export interface FileParserOptions {
  fileName: string
  /** Splits complete CSV record texts into fields (papaparse, injected so this module stays pure). */
  parseCsv: (records: readonly string[]) => string[][]
}

/** A file Authtrail cannot read at all: the import of this file stops and the case is left as it was. */
export class FileFormatError extends Error {}

/**
 * Turns the decoded text of one export file, chunk by chunk, into mapped events, authentication
 * detail rows and record issues. The container (JSON or CSV) is sniffed from the first
 * characters; CSV formats from the header row; JSON schemas record by record, because one file can
 * mix them (FORMATS.md §9.1).
 */
export class FileParser {
  private container: 'json' | 'csv' | null = null
  private json: JsonSplitter | null = null
  private csv: CsvSplitter | null = null
  private binding: CsvBinding | null = null
  private header: string | null = null
  private readonly schemas = new Map<JsonSchema, number>()
  private recognized = 0
  private sawText = false
  readonly assumptions = new Map<string, number>()

  constructor(private readonly options: FileParserOptions) {}

  /** The detected format, e.g. `graph-audit-json` or `entra-portal-signin-csv`. */
  get format(): string | null {
    if (this.container === 'csv') return this.binding?.format ?? null
    if (this.container === 'json') {
      const schemas = [...this.schemas.entries()].sort((a, b) => b[1] - a[1]).map(([s]) => s)
      return schemas.length ? `${schemas.join('+')}-json` : null
    }
    return null
  }

  /** How the records were laid out: `json-array`, `graph-pages`, `json-lines`, `csv`… */
  get layout(): string | null {
    if (this.container === 'csv') return 'csv'
    if (!this.json) return null
    const shapes = [...this.json.stats.shapes]
    if (shapes.includes('wrapper:records')) return 'event-hub-records'
    if (shapes.includes('wrapper:value')) return 'graph-pages'
    if (shapes.includes('array')) return shapes.length > 1 ? 'json-mixed' : 'json-array'
    if (shapes.includes('lines')) return 'json-lines'
    return shapes.length ? 'json-objects' : null
  }

  get notes(): string[] {
    return this.binding?.notes ?? []
  }

  /** The CSV header row, kept with the file so a CSV record can be shown column by column. */
  get csvHeader(): string | null {
    return this.header
  }

  push(text: string, to: ParseSink | ParsedItem[]): void {
    if (text.length === 0) return
    const out = Array.isArray(to) ? listSink(to) : to
    if (this.container === null) {
      const first = /[^\s\uFEFF]/.exec(text)
      if (!first) return // only whitespace so far
      this.sawText = true
      this.container = first[0] === '[' || first[0] === '{' ? 'json' : 'csv'
      if (this.container === 'json') this.json = new JsonSplitter()
      else this.csv = new CsvSplitter(undefined, { readFields: true })
    }
    this.out = out
    if (this.json) this.json.push(text, this.split)
    else this.csv?.push(text, this.split)
  }

  end(to: ParseSink | ParsedItem[]): void {
    this.out = Array.isArray(to) ? listSink(to) : to
    if (this.json) this.json.end(this.split)
    else this.csv?.end(this.split)
    if (!this.sawText) throw new FileFormatError('the file is empty')
    if (this.container === 'csv' && !this.binding) throw new FileFormatError('the file has no header row')
    if (this.recognized === 0 && this.container === 'json') {
      throw new FileFormatError(
        'no Entra audit, sign-in or unified audit log records were found in this JSON'
      )
    }
  }

  /**
   * False once nothing that follows can refuse the whole file (FileFormatError): a CSV header was
   * recognised, or a JSON record was. Until then, what the file yielded may never reach the case.
   */
  get mayRefuse(): boolean {
    return this.container === 'csv' ? this.binding === null : this.recognized === 0
  }

  /** The sink of the push or end being run. */
  private out: ParseSink = listSink([])

  /**
   * Each record is mapped as soon as the splitter cuts it, so its text, fields and parsed object
   * die young instead of waiting for the rest of the chunk.
   */
  private readonly split: SplitSink = {
    push: (item: SplitItem): void => {
      if ('issue' in item) this.out.issue(item.issue, !item.issue.reason.startsWith('warning:'))
      else if (this.container === 'json') this.mapJson(item.record, this.out)
      else this.takeCsv(item.record, this.out)
    }
  }

  private mapJson(record: RawRecord, out: ParseSink): void {
    // The JSON splitter may have parsed it already.
    let value = record.value
    if (value === undefined) {
      try {
        value = JSON.parse(record.text)
      } catch (err) {
        reject(record, `invalid JSON: ${(err as Error).message}`, out)
        return
      }
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      reject(record, 'JSON value is not an object', out)
      return
    }
    const result = mapJsonRecord(value as Record<string, unknown>)
    if (result.schema) {
      this.recognized++
      this.schemas.set(result.schema, (this.schemas.get(result.schema) ?? 0) + 1)
    } else if (this.recognized === 0 && this.schemas.size === 0 && this.unrecognizedLead++ >= 1000) {
      throw new FileFormatError(
        'the first 1,000 JSON records are not Entra audit, sign-in or unified audit log records'
      )
    }
    this.emit(record, result, out)
  }

  private unrecognizedLead = 0

  private takeCsv(record: RawRecord, out: ParseSink): void {
    if (!this.binding) {
      const header = record.fields ?? this.options.parseCsv([record.text])[0] ?? []
      this.binding = bindCsv(header, this.options.fileName)
      if (!this.binding) {
        throw new FileFormatError(
          looksBinary(record.text)
            ? 'not a text export (binary content)'
            : `unrecognized CSV header: ${header.slice(0, 6).join(', ').slice(0, 160)}${header.length > 6 ? ', …' : ''}`
        )
      }
      this.header = record.text
      return
    }
    // Most records come with their fields from the splitter; the others are parsed here.
    const fields = record.fields ?? this.options.parseCsv([record.text])[0] ?? []
    this.recognized++
    this.emit(record, this.binding.map(fields), out)
  }

  private emit(record: RawRecord, result: MapResult, out: ParseSink): void {
    if ('reject' in result) reject(record, result.reject, out)
    else if ('authDetail' in result) out.authDetail(result.authDetail, record.line, record.text)
    else {
      for (const a of result.event.assumptions) this.assumptions.set(a, (this.assumptions.get(a) ?? 0) + 1)
      out.event(result.event, record.line, record.text)
    }
  }
}

function reject(record: RawRecord, reason: string, out: ParseSink): void {
  out.issue({ line: record.line, reason, excerpt: record.text.slice(0, ISSUE_EXCERPT_CHARS) }, true)
}

function looksBinary(text: string): boolean {
  let odd = 0
  const n = Math.min(text.length, 2000)
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) odd++
  }
  return n > 0 && odd / n > 0.05
}
