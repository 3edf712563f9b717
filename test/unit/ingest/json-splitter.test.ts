import { describe, expect, it } from 'vitest'
import { JsonSplitter } from '../../../src/shared/ingest/json-splitter'
import type { SplitItem } from '../../../src/shared/ingest/record'

function split(
  text: string,
  chunkSize = text.length || 1
): {
  records: { text: string; line: number }[]
  issues: { line: number; reason: string }[]
  splitter: JsonSplitter
} {
  const splitter = new JsonSplitter()
  const out: SplitItem[] = []
  for (let i = 0; i < text.length; i += chunkSize) splitter.push(text.slice(i, i + chunkSize), out)
  splitter.end(out)
  const records = out.flatMap((x) => ('record' in x ? [x.record] : []))
  const issues = out.flatMap((x) => ('issue' in x ? [x.issue] : []))
  return { records, issues, splitter }
}

const shapes = {
  array: '[\n  {"id":"a","v":{"x":[1,2]}},\n  {"id":"b","s":"br}ace\\"q"}\n]\n',
  page: '{"@odata.context":"https://graph/$metadata","value":[{"id":"a"},{"id":"b","value":[{"id":"nested"}]}],"@odata.nextLink":"x"}',
  records: '{"records":[{"id":"a"},{"id":"b"}]}',
  lines: '{"id":"a"}\r\n{"id":"b"}\r\n',
  seam: '[{"id":"a"}][{"id":"b"}]',
  bare: '{\n  "id": "a",\n  "n": {"k": "v"}\n}\n{\n  "id": "b"\n}\n',
  mixed: '[{"id":"a"}]\n{"id":"b"}\n'
}

describe('JsonSplitter', () => {
  for (const [name, text] of Object.entries(shapes)) {
    it(`splits ${name} into the same records at every chunk size`, () => {
      const whole = split(text)
      expect(whole.issues).toEqual([])
      expect(whole.records.map((r) => JSON.parse(r.text).id)).toEqual(['a', 'b'])
      for (const size of [1, 2, 3, 7, 64]) {
        const chunked = split(text, size)
        expect(chunked.records).toEqual(whole.records)
        expect(chunked.issues).toEqual([])
      }
    })
  }

  it('keeps each record byte-for-byte and knows its line', () => {
    const { records } = split(shapes.array)
    expect(records[0]).toEqual({ text: '{"id":"a","v":{"x":[1,2]}}', line: 2 })
    expect(records[1]?.line).toBe(3)
    expect(JSON.parse(records[1]!.text).s).toBe('br}ace"q')
    expect(split(shapes.bare).records.map((r) => r.line)).toEqual([1, 5])
  })

  it('handles escaped backslashes before a quote across chunk boundaries', () => {
    const text = '[{"p":"C:\\\\dir\\\\","q":"\\\\\\""}]'
    for (const size of [1, 2, 3, 5]) {
      const { records, issues } = split(text, size)
      expect(issues).toEqual([])
      expect(JSON.parse(records[0]!.text)).toEqual({ p: 'C:\\dir\\', q: '\\"' })
    }
  })

  it('reports a truncated array and keeps the complete records', () => {
    const { records, issues } = split('[{"id":"a"},{"id":"b"},{"id":"c", "x": [1,')
    expect(records.map((r) => JSON.parse(r.text).id)).toEqual(['a', 'b'])
    expect(issues).toHaveLength(1)
    expect(issues[0]!.reason).toMatch(/truncated/)
  })

  it('cuts an unbalanced JSON line at its newline instead of swallowing the file', () => {
    const { records, issues } = split('{"id":"a"}\n{"id":"b", "x": {\n{"id":"c"}\n')
    expect(records.map((r) => JSON.parse(r.text).id)).toEqual(['a', 'c'])
    expect(issues).toEqual([
      expect.objectContaining({ line: 2, reason: 'incomplete JSON object on this line' })
    ])
  })

  it('skips text that is not JSON, line by line', () => {
    const { records, issues } = split('{"id":"a"}\nnot json at all\n{"id":"b"}\n')
    expect(records).toHaveLength(2)
    expect(issues).toEqual([
      expect.objectContaining({ line: 2, reason: 'text that is not JSON was skipped' })
    ])
  })

  it('reports array elements that are not objects', () => {
    const { records, issues } = split('[{"id":"a"}, 42, "str", {"id":"b"}]')
    expect(records).toHaveLength(2)
    expect(issues.map((i) => i.reason)).toEqual([
      'array element is not an object',
      'array element is not an object'
    ])
  })
})
