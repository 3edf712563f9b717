import { describe, expect, it } from 'vitest'
import { JsonSplitter } from '../../src/shared/ingest/json-splitter'
import type { SplitItem } from '../../src/shared/ingest/record'
import { random } from '../helpers/random'

/**
 * JsonSplitter guesses where a pretty-printed record ends and lets JSON.parse check the guess. It
 * must cut exactly the records and issues that scanning cuts: split one character at a time, no
 * guess is ever possible, so that is the reference.
 */

function split(text: string, chunkSize: number): SplitItem[] {
  const splitter = new JsonSplitter()
  const out: SplitItem[] = []
  for (let i = 0; i < text.length; i += chunkSize) splitter.push(text.slice(i, i + chunkSize), out)
  splitter.end(out)
  return out
}

const STRINGS = ['}', '\n  }', '"', '\\', '{"a":[', ']', 'plain', 'é', '\u2028', '  }\n']

function value(next: () => number, depth: number): unknown {
  const r = next()
  if (depth > 3 || r < 0.3) return STRINGS[Math.floor(next() * STRINGS.length)]
  if (r < 0.4) return Math.floor(next() * 1000)
  if (r < 0.5) return null
  if (r < 0.7) return Array.from({ length: Math.floor(next() * 3) }, () => value(next, depth + 1))
  const o: Record<string, unknown> = {}
  for (let k = Math.floor(next() * 4); k > 0; k--) o[`k${k}${STRINGS[k]}`] = value(next, depth + 1)
  return o
}

/** A JSON array of records, pretty-printed or not, sometimes damaged. */
function arrayText(next: () => number): string {
  const records = Array.from({ length: 1 + Math.floor(next() * 6) }, () => ({
    id: next(),
    v: value(next, 0)
  }))
  const indent = [0, 1, 2, 4, '\t'][Math.floor(next() * 5)] as number | string
  let text = JSON.stringify(records, null, indent)
  if (next() < 0.3) text = text.replace(/\n/g, '\r\n')
  const damage = next()
  if (damage < 0.1) text = text.slice(0, Math.floor(next() * text.length))
  else if (damage < 0.2) {
    const at = Math.floor(next() * text.length)
    text = text.slice(0, at) + text.slice(at + 1)
  } else if (damage < 0.25) text = text.replace('},', '}, {"x": 1},')
  return text
}

describe('JsonSplitter guessing pretty-printed record ends', () => {
  it('cuts what scanning cuts, and carries the parsed value', () => {
    const next = random(7)
    let guessed = 0
    for (let c = 0; c < 2000; c++) {
      const text = arrayText(next)
      const reference = split(text, 1)
      for (const size of [text.length || 1, 1 + Math.floor(next() * 200)]) {
        const items = split(text, size)
        const plain = items.map((x) =>
          'record' in x ? { record: { text: x.record.text, line: x.record.line } } : x
        )
        expect(plain, JSON.stringify({ text, size })).toEqual(reference)
        for (const x of items) {
          if ('record' in x && x.record.value !== undefined) {
            guessed++
            expect(x.record.value).toEqual(JSON.parse(x.record.text))
          }
        }
      }
    }
    expect(guessed).toBeGreaterThan(2000)
  })
})
