import { describe, expect, it } from 'vitest'
import { CsvSplitter } from '../../../src/shared/ingest/csv-splitter'
import type { SplitItem } from '../../../src/shared/ingest/record'

function split(text: string, chunkSize = text.length || 1, max?: number) {
  const splitter = new CsvSplitter(max)
  const out: SplitItem[] = []
  for (let i = 0; i < text.length; i += chunkSize) splitter.push(text.slice(i, i + chunkSize), out)
  splitter.end(out)
  return {
    records: out.flatMap((x) => ('record' in x ? [x.record] : [])),
    issues: out.flatMap((x) => ('issue' in x ? [x.issue] : []))
  }
}

describe('CsvSplitter', () => {
  const text = 'a,b,c\r\n1,"multi\r\nline ""quoted""",3\r\n4,5,6\r\n'
  it('keeps multi-line quoted cells in one record at every chunk size', () => {
    const expected = [
      { text: 'a,b,c', line: 1 },
      { text: '1,"multi\r\nline ""quoted""",3', line: 2 },
      { text: '4,5,6', line: 4 }
    ]
    for (const size of [1, 2, 5, 1000]) {
      const { records, issues } = split(text, size)
      expect(records).toEqual(expected)
      expect(issues).toEqual([])
    }
  })

  it('emits a last record without a trailing newline and skips blank lines', () => {
    expect(split('a,b\n\n1,2').records).toEqual([
      { text: 'a,b', line: 1 },
      { text: '1,2', line: 3 }
    ])
  })

  it('recovers from an unterminated quote at the end of the file', () => {
    const { records, issues } = split('h1,h2\n1,2\n3,"oops\n5,6\n7,8\n')
    expect(records.map((r) => r.text)).toEqual(['h1,h2', '1,2', '5,6', '7,8'])
    expect(issues).toEqual([
      expect.objectContaining({ line: 3, reason: expect.stringMatching(/unterminated quoted field/) })
    ])
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 5])
  })

  it('gives up on a quote that stays open past the limit, and carries on', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i},x`).join('\n')
    const { records, issues } = split(`h\n0,"never closed\n${rows}\n`, 7, 64)
    expect(issues[0]?.line).toBe(2)
    expect(records.at(-1)?.text).toBe('49,x')
    expect(records.length).toBeGreaterThan(40)
  })

  it('skips an over-long line with one issue', () => {
    const long = 'x'.repeat(500)
    const { records, issues } = split(`h\n${long}\n1,2\n`, 16, 100)
    expect(issues).toEqual([expect.objectContaining({ line: 2 })])
    expect(records).toEqual([
      { text: 'h', line: 1 },
      { text: '1,2', line: 3 }
    ])
  })
})
