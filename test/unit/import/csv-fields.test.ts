import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { parseCsvRecords, splitCsvRecord } from '../../../src/main/import/csv-fields'

function papaparse(text: string): string[] {
  return (
    Papa.parse<string[]>(text, {
      delimiter: ',',
      newline: '\n',
      quoteChar: '"',
      escapeChar: '"',
      header: false,
      skipEmptyLines: false
    }).data[0] ?? []
  )
}

const PLAIN = [
  'a,b,c',
  'a,,c,',
  ',',
  ' ',
  '"a,b",c',
  '"He said ""hi""",x',
  '"""",""',
  '"",x,""',
  'x,"line one\nline two\r\nline three",y',
  '"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)",2026-10-05T10:00:00Z',
  'ünïcödé,"名前, 姓",😀'
]

describe('splitCsvRecord', () => {
  it.each(PLAIN)('reads plain RFC 4180 record %j as papaparse does', (text) => {
    expect(splitCsvRecord(text)).toEqual(papaparse(text))
  })

  it.each(['ab"c,d', '"a"b,c', '"a" ,c', 'a,"b'])('leaves the irregular record %j to papaparse', (text) => {
    expect(splitCsvRecord(text)).toBeNull()
    expect(parseCsvRecords([text])).toEqual([papaparse(text)])
  })

  it('parses a batch record by record, one row per record', () => {
    const records = ['a,"b\nc"', 'd"e,f', '"g",h']
    expect(parseCsvRecords(records)).toEqual(records.map(papaparse))
  })
})
