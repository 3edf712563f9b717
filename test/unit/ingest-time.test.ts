import { describe, expect, it } from 'vitest'
import { formatUtc, parseTime } from '../../src/shared/time/parse-time'

/**
 * The fast paths of parseTime (Zulu ISO read by character codes) and formatUtc (the day's prefix
 * kept) must give exactly what the general regex and toISOString give.
 */
describe('time fast paths', () => {
  it('formatUtc writes what toISOString writes, in and out of order and at the edges', () => {
    const samples = [
      0, 1, 999, 1000, 59_999, 86_399_999, 86_400_000, 951_782_400_000, 1_709_164_800_000, 1_790_000_000_123,
      253_402_300_799_999, 253_402_300_800_000, -1, -86_400_001, 8.64e15, -8.64e15
    ]
    let x = 1_790_000_000_000
    for (let i = 0; i < 20_000; i++) {
      x += ((i * 7919) % 86_400_000) - 30_000_000
      samples.push(x)
    }
    for (const ms of samples) expect(formatUtc(ms), String(ms)).toBe(new Date(ms).toISOString())
    expect(() => formatUtc(NaN)).toThrow()
  })

  it('reads Zulu ISO times like the general path does', () => {
    const general = (raw: string): number | null => {
      // The same text with a "+00:00" zone takes the regex path and must land on the same instant.
      const t = parseTime(raw.replace(/Z$/, '+00:00'))
      return t ? t.ms : null
    }
    const cases = [
      '2026-10-05T02:00:55.7142183Z',
      '2026-10-05T02:00:55Z',
      '2026-10-05T02:00:55.7Z',
      '2026-10-05T02:00:55.71Z',
      '2026-10-05T02:00:55.714Z',
      '2026-10-05T02:00:55.123456789Z',
      '2024-02-29T23:59:60Z',
      '2023-02-29T00:00:00Z',
      '2026-13-05T02:00:55Z',
      '2026-10-05T24:00:00Z',
      '0099-01-01T00:00:00Z',
      '1969-12-31T23:59:59.999Z'
    ]
    for (const raw of cases) {
      const t = parseTime(raw)
      expect(t?.ms ?? null, raw).toBe(general(raw))
      if (t) expect(t.assumptions).toEqual([])
    }
    for (const odd of ['2026-10-05T02:00:55.Z', '2026-10-05T02:00:55.1234567890Z', '2026-1O-05T02:00:55Z']) {
      expect(parseTime(odd), odd).toBeNull()
    }
    expect(parseTime(' 2026-10-05T02:00:55Z ')?.ms).toBe(Date.UTC(2026, 9, 5, 2, 0, 55))
    expect(parseTime('2026-10-05 02:00:55z')?.ms).toBe(Date.UTC(2026, 9, 5, 2, 0, 55))
    expect(parseTime('2026-10-05t02:00:55Z')).toBeNull()
  })
})
