import { describe, expect, it } from 'vitest'
import { parseCsvRecords, splitCsvRecord } from '../../src/main/import/csv-fields'
import { CsvSplitter } from '../../src/shared/ingest/csv-splitter'
import type { SplitItem } from '../../src/shared/ingest/record'
import { random } from '../helpers/random'

/**
 * CsvSplitter with `readFields` reads plain records' fields while cutting them. It must cut
 * exactly the records (text, line) and issues of the general scan, and give exactly the fields
 * splitCsvRecord reads from each record's text.
 */

function split(text: string, chunkSize: number, readFields: boolean, max?: number): SplitItem[] {
  const splitter = new CsvSplitter(max, { readFields })
  const out: SplitItem[] = []
  for (let i = 0; i < text.length; i += chunkSize) splitter.push(text.slice(i, i + chunkSize), out)
  splitter.end(out)
  return out
}

const TOKENS = ['a', 'bc', ',', '"', '""', '\n', '\r\n', '\r', ' ', 'é', '名', '😀', ',,', '","']

/** CSV-looking text: mostly well-formed rows of quoted and unquoted fields, with some damage. */
function csvText(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
  if (next() < 0.2) {
    let s = ''
    for (let i = Math.floor(next() * 60); i > 0; i--) s += pick(TOKENS)
    return s
  }
  const rows: string[] = []
  for (let r = Math.floor(next() * 8); r >= 0; r--) {
    const fields: string[] = []
    for (let f = Math.floor(next() * 5); f >= 0; f--) {
      let v = ''
      for (let i = Math.floor(next() * 6); i > 0; i--) v += pick(TOKENS)
      const quoted = next() < 0.6
      fields.push(quoted ? `"${v.replace(/"/g, '""')}"` : v.replace(/[",\n\r]/g, ''))
    }
    let row = fields.join(',')
    if (next() < 0.05) row = row.replace('"', '')
    if (next() < 0.05) row += pick(TOKENS)
    rows.push(row)
  }
  return rows.join(next() < 0.5 ? '\n' : '\r\n') + (next() < 0.7 ? pick(['\n', '\r\n']) : '')
}

describe('CsvSplitter reading fields', () => {
  it('cuts what the general scan cuts and reads what splitCsvRecord reads', () => {
    const next = random(20261122)
    let withFields = 0
    for (let c = 0; c < 3000; c++) {
      const text = csvText(next)
      const chunk = 1 + Math.floor(next() * 40)
      const max = next() < 0.1 ? 16 : undefined
      for (const size of [text.length || 1, chunk]) {
        const general = split(text, size, false, max)
        const fast = split(text, size, true, max)
        const strip = (items: SplitItem[]): SplitItem[] =>
          items.map((x) => ('record' in x ? { record: { text: x.record.text, line: x.record.line } } : x))
        expect(strip(fast), JSON.stringify({ text, size, max })).toEqual(strip(general))
        for (const item of fast) {
          if (!('record' in item) || !item.record.fields) continue
          withFields++
          expect(item.record.fields, JSON.stringify({ text, size })).toEqual(splitCsvRecord(item.record.text))
          expect([item.record.fields]).toEqual(parseCsvRecords([item.record.text]))
        }
      }
    }
    expect(withFields).toBeGreaterThan(5000)
  })

  it('gives the fields of a portal row, and leaves irregular rows to the field parser', () => {
    const text =
      '"Date (UTC)","User agent"\r\n"2026-10-05T00:50:44Z","Mozilla/5.0 (X11; ""quoted"")"\r\n"a"b,c\r\n'
    const records = split(text, text.length, true).flatMap((x) => ('record' in x ? [x.record] : []))
    expect(records.map((r) => r.fields)).toEqual([
      ['Date (UTC)', 'User agent'],
      ['2026-10-05T00:50:44Z', 'Mozilla/5.0 (X11; "quoted")'],
      undefined
    ])
  })
})
