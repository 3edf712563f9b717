import { describe, expect, it } from 'vitest'
import {
  describeQuery,
  describeTerm,
  termText,
  withTerm,
  withoutTerm,
  EMPTY_QUERY
} from '../../../src/shared/ipc/query'
import { parseQueryText } from '../../../src/shared/ipc/query-text'
import {
  formatInZone,
  isoInZone,
  parseZonedTime,
  zoneLabel,
  zoneOffsetMs
} from '../../../src/shared/ipc/time-zone'

describe('filter bar language', () => {
  it('reads terms, exclusions, quoted values, (none), aliases and free text', () => {
    const p = parseQueryText(
      'user:Alice@Contoso.com -result:success activity:"User registered security info" ip:(none) corr:abc mfa "two words"',
      'UTC'
    )
    expect(p.errors).toEqual([])
    expect(p.terms).toEqual([
      { field: 'user', value: 'Alice@Contoso.com', negate: false },
      { field: 'result', value: 'success', negate: true },
      { field: 'activity', value: 'User registered security info', negate: false },
      { field: 'ip', value: null, negate: false },
      { field: 'correlation', value: 'abc', negate: false }
    ])
    expect(p.text).toBe('mfa "two words"')
  })

  it('reads from:/to: in the display zone unless an offset is given', () => {
    expect(parseQueryText('from:2026-10-05', 'UTC').from).toBe(Date.UTC(2026, 9, 5))
    expect(parseQueryText('from:2026-10-05', 'Europe/Berlin').from).toBe(Date.UTC(2026, 9, 4, 22))
    expect(parseQueryText('to:"2026-10-05 09:30" ', 'Asia/Tokyo').to).toBe(Date.UTC(2026, 9, 5, 0, 30))
    expect(parseQueryText('after:2026-10-05T09:30:00+02:00', 'Asia/Tokyo').from).toBe(
      Date.UTC(2026, 9, 5, 7, 30)
    )
  })

  it('reports unknown fields, bad times and empty values instead of guessing', () => {
    expect(parseQueryText('colour:red', 'UTC').errors[0]).toMatch(/unknown field 'colour'/)
    expect(parseQueryText('from:yesterday', 'UTC').errors[0]).toMatch(/not a time/)
    expect(parseQueryText('user:', 'UTC').errors[0]).toMatch(/needs a value/)
    expect(parseQueryText('from:2026-10-06 to:2026-10-05', 'UTC').errors).toContain(
      'from: must be before to:'
    )
    // IPv6 addresses and clock times typed as text are text, not fields.
    expect(parseQueryText('2001:db8::1 09:30', 'UTC')).toMatchObject({
      errors: [],
      text: '2001:db8::1 09:30'
    })
  })

  it('describes terms and whole queries in words, naming the zone of times', () => {
    expect(describeTerm({ field: 'user', value: 'a@b.c', negate: false })).toBe('User is a@b.c')
    expect(describeTerm({ field: 'result', value: 'success', negate: true })).toBe('Result is not success')
    expect(describeTerm({ field: 'ip', value: null, negate: false })).toBe('IP address is empty')
    expect(termText({ field: 'activity', value: 'Reset user password', negate: true })).toBe(
      '-activity:"Reset user password"'
    )
    const q = withTerm(withTerm(EMPTY_QUERY, { field: 'country', value: 'GB', negate: false }), {
      field: 'country',
      value: 'US',
      negate: false
    })
    expect(describeQuery({ ...q, text: 'tap', from: 0 }, (ms) => `${formatInZone(ms, 'UTC', 's')} UTC`)).toBe(
      'where Country is one of GB, US and text contains tap and time ≥ 1970-01-01 00:00:00 UTC'
    )
    expect(describeQuery(EMPTY_QUERY, String)).toBe('all events')
  })

  it('replaces a term by its opposite and removes terms', () => {
    const on = withTerm(EMPTY_QUERY, { field: 'ip', value: '1.2.3.4', negate: false })
    const off = withTerm(on, { field: 'ip', value: '1.2.3.4', negate: true })
    expect(off.terms).toEqual([{ field: 'ip', value: '1.2.3.4', negate: true }])
    expect(withoutTerm(off, off.terms[0] as never).terms).toEqual([])
  })
})

describe('display time zones', () => {
  it('knows offsets across daylight saving time', () => {
    expect(zoneOffsetMs('UTC', Date.UTC(2026, 6, 1))).toBe(0)
    expect(zoneOffsetMs('Europe/Berlin', Date.UTC(2026, 6, 1))).toBe(2 * 3_600_000)
    expect(zoneOffsetMs('Europe/Berlin', Date.UTC(2026, 11, 1))).toBe(3_600_000)
    expect(zoneOffsetMs('Asia/Kathmandu', Date.UTC(2026, 0, 1))).toBe(5.75 * 3_600_000)
  })

  it('formats and labels times so the zone is never implicit', () => {
    const t = Date.UTC(2026, 9, 25, 0, 30, 15, 120)
    expect(formatInZone(t, 'UTC')).toBe('2026-10-25 00:30:15.120')
    expect(formatInZone(t, 'Europe/Berlin')).toBe('2026-10-25 02:30:15.120')
    expect(isoInZone(t, 'Europe/Berlin')).toBe('2026-10-25T02:30:15.120+02:00')
    expect(isoInZone(t, 'UTC')).toBe('2026-10-25T00:30:15.120Z')
    expect(zoneLabel('America/New_York', t)).toBe('America/New_York (UTC-04:00)')
  })

  it('parses wall times in a zone, including the hours around a DST change', () => {
    // 2026-10-25 in Berlin: 03:00 CEST becomes 02:00 CET; 04:00 local is unambiguous (CET).
    expect(parseZonedTime('2026-10-25 04:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 3))
    expect(parseZonedTime('2026-03-29 12:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 10))
    expect(parseZonedTime('2026-02-30', 'UTC')).toBeNull()
    expect(parseZonedTime('2026-10-05T07:30:00.1234567Z', 'Asia/Tokyo')).toBe(
      Date.UTC(2026, 9, 5, 7, 30, 0, 123)
    )
  })
})
