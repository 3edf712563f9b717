import { describe, expect, it } from 'vitest'
import { rawRecord, RawRecordsBuilder } from '../../../src/main/db/event-row'

const text = new TextDecoder()

describe('RawRecordsBuilder (raw texts of a batch as one UTF-8 buffer)', () => {
  it('gives back every text exactly, non-ASCII and empty ones included', () => {
    const b = new RawRecordsBuilder()
    const texts = ['{"a":1}', '', 'Zürich,"İstanbul",東京', 'emoji 🔐 at the end', 'x'.repeat(5)]
    texts.forEach((t, i) => b.add(i + 1, t))
    const raws = b.seal()
    expect(texts.map((_t, i) => text.decode(rawRecord(raws, i)))).toEqual(texts)
    expect([...raws.lines]).toEqual([1, 2, 3, 4, 5])
    expect(raws.bytes.length).toBe(texts.reduce((n, t) => n + Buffer.byteLength(t), 0))
  })

  it('grows past its first megabyte (a 10 MB record) and starts over empty after sealing', () => {
    const b = new RawRecordsBuilder()
    const big = 'é'.repeat(5_000_000)
    b.add(1, 'first')
    b.add(2, big)
    const raws = b.seal()
    expect(text.decode(rawRecord(raws, 0))).toBe('first')
    expect(text.decode(rawRecord(raws, 1))).toBe(big)
    b.add(3, 'next')
    const again = b.seal()
    expect(again.ends.length).toBe(1)
    expect(text.decode(rawRecord(again, 0))).toBe('next')
  })
})
