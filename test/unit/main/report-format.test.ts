import { describe, expect, it } from 'vitest'
import { esc, timeHtml, zoneHeading } from '../../../src/main/report/html'
import { eventMessage, timesketchDatetime } from '../../../src/main/report/timesketch'
import type { GridRow } from '../../../src/shared/ipc/contract'

const row = (over: Partial<GridRow>): GridRow =>
  ({
    id: 1,
    kind: 'audit',
    ts: Date.parse('2026-10-13T14:30:50.442Z'),
    time: '2026-10-13T14:30:50.442Z',
    activity: null,
    userUpn: null,
    targetUpn: null,
    targetName: null,
    actorUpn: null,
    actorName: null,
    ip: null,
    city: null,
    country: null,
    method: null,
    methodDetail: null,
    result: null,
    resultReason: null,
    riskLevel: null,
    appName: null,
    ...over
  }) as GridRow

describe('report formatting', () => {
  it('escapes everything that could open markup or an attribute', () => {
    expect(esc(`<img src=x onerror="a()">'&`)).toBe('&lt;img src=x onerror=&quot;a()&quot;&gt;&#39;&amp;')
    expect(esc(null)).toBe('')
  })

  it('shows a time in the zone with its offset, the UTC instant kept in datetime', () => {
    const ms = Date.parse('2026-10-13T14:30:50.442Z')
    expect(timeHtml(ms, 'Europe/Berlin')).toBe(
      '<time datetime="2026-10-13T14:30:50.442Z">2026-10-13 16:30:50<span class="off"> UTC+02:00</span></time>'
    )
    expect(timeHtml(ms, 'UTC')).toContain('2026-10-13 14:30:50<span class="off"> UTC</span>')
    expect(timeHtml(Date.parse('2026-12-01T00:00:00Z'), 'America/New_York')).toContain('UTC-05:00')
  })

  it('names the zone once, with both offsets when DST changes inside the report', () => {
    const summer = Date.parse('2026-10-13T00:00:00Z')
    const winter = Date.parse('2026-11-13T00:00:00Z')
    expect(zoneHeading('UTC', [summer, winter])).toBe('UTC')
    expect(zoneHeading('Europe/Berlin', [summer, summer])).toBe('Europe/Berlin (UTC+02:00)')
    expect(zoneHeading('Europe/Berlin', [summer, null, winter])).toBe('Europe/Berlin (UTC+02:00 / UTC+01:00)')
  })

  it('Timesketch datetime: microseconds and an explicit offset, the same instant', () => {
    const ms = Date.parse('2026-10-13T14:30:50.442Z')
    expect(timesketchDatetime(ms)).toBe('2026-10-13T14:30:50.442000+00:00')
    expect(Date.parse(timesketchDatetime(ms))).toBe(ms)
  })

  it('Timesketch message: who did what to whom, from where', () => {
    expect(
      eventMessage(
        row({
          activity: 'User registered security info',
          userUpn: 'daniel.kim@corp.example.com',
          targetUpn: 'daniel.kim@corp.example.com',
          actorUpn: 'daniel.kim@corp.example.com',
          ip: '203.0.113.77',
          method: 'microsoft-authenticator',
          methodDetail: 'iPhone 11',
          result: 'success'
        })
      )
    ).toBe(
      "User registered security info for daniel.kim@corp.example.com from 203.0.113.77 (Authenticator 'iPhone 11')"
    )
    expect(
      eventMessage(
        row({
          kind: 'signin',
          userUpn: 'kevin.wu@corp.example.com',
          appName: 'Office 365',
          ip: '203.0.113.171',
          city: 'Singapore',
          country: 'SG',
          result: 'failure',
          resultReason: 'Invalid password',
          riskLevel: 'high'
        })
      )
    ).toBe(
      'Sign-in by kevin.wu@corp.example.com to Office 365 from 203.0.113.171 Singapore, SG: failure (Invalid password), risk high'
    )
  })
})
