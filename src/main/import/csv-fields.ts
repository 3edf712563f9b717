import Papa from 'papaparse'

/**
 * Field parsing of complete CSV records. The records were already cut by CsvSplitter (which keeps
 * their exact text and line), so each one is split on its own by `splitCsvRecord`, a single
 * left-to-right pass with `indexOf`; papaparse, which scans the text again character by character,
 * cost about half of a sign-in row's parse time. A record the fast path does not read as plain
 * RFC 4180 (a quote inside an unquoted field, text after a closing quote) is left to papaparse,
 * so such records keep papaparse's reading of them.
 */
export function parseCsvRecords(records: readonly string[]): string[][] {
  const rows: string[][] = []
  for (const text of records) rows.push(splitCsvRecord(text) ?? papaparseRecord(text))
  return rows
}

const QUOTE = 34
const COMMA = 44

/**
 * The fields of one complete, comma-separated record, or null when the record is not plain
 * RFC 4180: quoted fields open at the start of a field, close right before a comma or the end,
 * and double their inner quotes; unquoted fields contain no quote.
 */
export function splitCsvRecord(text: string): string[] | null {
  let nextQuote = text.indexOf('"')
  if (nextQuote < 0) return text.split(',')
  const fields: string[] = []
  const n = text.length
  let i = 0
  for (;;) {
    if (i === nextQuote) {
      let value = ''
      let from = i + 1
      for (;;) {
        const q = text.indexOf('"', from)
        if (q < 0) return null
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1)
          from = q + 2
          continue
        }
        value += text.slice(from, q)
        i = q + 1
        break
      }
      fields.push(value)
      if (i === n) return fields
      if (text.charCodeAt(i) !== COMMA) return null
      i++
      nextQuote = text.indexOf('"', i)
    } else {
      const comma = text.indexOf(',', i)
      const end = comma < 0 ? n : comma
      if (nextQuote >= 0 && nextQuote < end) return null
      fields.push(text.slice(i, end))
      if (comma < 0) return fields
      i = comma + 1
    }
  }
}

function papaparseRecord(text: string): string[] {
  const result = Papa.parse<string[]>(text, {
    delimiter: ',',
    newline: '\n',
    quoteChar: '"',
    escapeChar: '"',
    header: false,
    skipEmptyLines: false
  })
  return result.data[0] ?? []
}
