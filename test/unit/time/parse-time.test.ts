import { describe, expect, it } from 'vitest'
import { ASSUMED_MDY, ASSUMED_UTC, parseTime } from '../../../src/shared/time/parse-time'

const iso = (raw: string, order?: 'mdy' | 'dmy'): string | null => {
  const t = parseTime(raw, order)
  return t ? new Date(t.ms).toISOString() : null
}

describe('parseTime', () => {
  it('reads Graph times with 7 fractional digits, offsets and Z', () => {
    expect(iso('2024-07-23T18:09:04.1502113Z')).toBe('2024-07-23T18:09:04.150Z')
    expect(iso('2022-01-22T18:15:02.5168093+00:00')).toBe('2022-01-22T18:15:02.516Z')
    expect(iso('2007-01-09T11:41:00+02:00')).toBe('2007-01-09T09:41:00.000Z')
    expect(iso('2007-01-09T09:41:00.535404056Z')).toBe('2007-01-09T09:41:00.535Z')
    expect(parseTime('2024-07-23T18:09:04Z')?.assumptions).toEqual([])
  })

  it('reads a zone-less time as UTC and says so', () => {
    const t = parseTime('2023-09-26T01:43:41')
    expect(t && new Date(t.ms).toISOString()).toBe('2023-09-26T01:43:41.000Z')
    expect(t?.assumptions).toEqual([ASSUMED_UTC])
    expect(iso('2025-01-15 14:20:35.456')).toBe('2025-01-15T14:20:35.456Z')
  })

  it('reads US locale strings from Purview, PowerShell and Log Analytics', () => {
    expect(iso('9/20/2023 4:05:03 AM')).toBe('2023-09-20T04:05:03.000Z')
    expect(iso('4/28/2021, 2:08:45.221 PM')).toBe('2021-04-28T14:08:45.221Z')
    expect(iso('1/9/2007 10:41:00 AM +01:00')).toBe('2007-01-09T09:41:00.000Z')
    expect(iso('12/31/2023 12:00:00 AM')).toBe('2023-12-31T00:00:00.000Z')
    expect(iso('12/31/2023 12:30:00 PM')).toBe('2023-12-31T12:30:00.000Z')
  })

  it('records the day/month assumption only when the order is ambiguous', () => {
    expect(parseTime('3/12/2025 7:31:34 AM')?.assumptions).toContain(ASSUMED_MDY)
    expect(iso('3/12/2025 7:31:34 AM', 'dmy')).toBe('2025-12-03T07:31:34.000Z')
    expect(iso('25/12/2025 7:31:34')).toBe('2025-12-25T07:31:34.000Z')
    expect(parseTime('9/20/2023 4:05:03 AM')?.assumptions).toEqual([ASSUMED_UTC])
  })

  it('gives every Elastic corner-case format the same instant', () => {
    const all = [
      '01/09/2007 09:41:00',
      '1/9/2007 09:41:00',
      '01/09/2007 09:41:00 AM',
      '1/9/2007 9:41:00 AM',
      '1/9/2007 10:41:00 AM +01:00',
      '2007-01-09T09:41:00',
      '2007-01-09T11:41:00+02:00'
    ]
    for (const raw of all) expect(iso(raw), raw).toBe('2007-01-09T09:41:00.000Z')
  })

  it('rejects what is not a time', () => {
    for (const bad of [
      '',
      'yesterday',
      '2023-02-30T00:00:00Z',
      '13/13/2023 1:00:00',
      '2023-01-01T25:00:00Z',
      '0/1/2023 1:00 PM',
      '1/1/2023 13:00 PM'
    ])
      expect(parseTime(bad), bad).toBeNull()
  })
})
