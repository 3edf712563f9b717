import { describe, expect, it } from 'vitest'
import { at, contextOf, history, plus, signIn } from '../../helpers/scan-events'

const USER = 'amy@contoso.com'

describe('sign-in baselines', () => {
  it('an address counts as known only when seen well before: not the attacker’s sign-in minutes earlier', () => {
    const ctx = contextOf([
      ...history(USER, '192.0.2.20', 0, 5),
      signIn({ user: USER, ts: at(6, '17:02'), ip: '203.0.113.45', asn: 65536, country: 'NL' })
    ])
    const b = ctx.baselines
    expect(b.ipVerdict(USER, '192.0.2.20', at(6, '17:11')).known).toBe('user')
    const v = b.ipVerdict(USER, '203.0.113.45', at(6, '17:11'))
    expect(v.known).toBeNull()
    expect(v.firstSeen).toBe(at(6, '17:02'))
    expect(v.asn).toBe(65536)
    expect(v.asnKnown).toBe(false)
    expect(v.countryKnown).toBe(false)
  })

  it('known when seen on an earlier day (at least 6 hours before) or more than 24 hours before', () => {
    const ctx = contextOf([
      ...history(USER, '192.0.2.20', 0, 3),
      signIn({ user: USER, ts: at(4, '19:00'), ip: '198.51.100.33' }),
      signIn({ user: USER, ts: at(4, '23:50'), ip: '198.51.100.34' })
    ])
    const b = ctx.baselines
    // Earlier day, 12 h before.
    expect(b.known(USER, 'ip', '198.51.100.33', at(5, '07:00'))).toBe(true)
    // Earlier day but only 20 minutes before midnight-crossing: not known.
    expect(b.known(USER, 'ip', '198.51.100.34', at(5, '00:10'))).toBe(false)
    // Same day, 10 hours later: not known; 25 hours later: known.
    expect(b.known(USER, 'ip', '198.51.100.33', at(4, '23:00'))).toBe(false)
    expect(b.known(USER, 'ip', '198.51.100.33', at(5, '20:00'))).toBe(true)
  })

  it('only successful sign-ins build the baseline', () => {
    const ctx = contextOf([
      ...history(USER, '192.0.2.20', 0, 3),
      signIn({ user: USER, ts: at(1), ip: '203.0.113.9', errorCode: 50126, ok: false })
    ])
    expect(ctx.baselines.known(USER, 'ip', '203.0.113.9', at(5))).toBe(false)
    expect(ctx.baselines.ipCounts(USER, '203.0.113.9', at(5))).toEqual({ ok: 0, failed: 1 })
  })

  it('reports users with too little history as such', () => {
    const ctx = contextOf([
      signIn({ user: USER, ts: at(1), ip: '192.0.2.20' }),
      ...history('bob@contoso.com', '192.0.2.21', 0, 5)
    ])
    expect(ctx.baselines.history(USER, at(3))).toMatchObject({ signIns: 1, days: 1, sufficient: false })
    expect(ctx.baselines.history('bob@contoso.com', at(6))).toMatchObject({
      signIns: 10,
      days: 5,
      sufficient: true
    })
    expect(ctx.baselines.history('nobody@contoso.com', at(6))).toMatchObject({
      signIns: 0,
      sufficient: false
    })
  })

  it('an address used by three users on two days becomes the organisation’s', () => {
    const events = [
      signIn({ user: 'a@contoso.com', ts: at(0, '09:00'), ip: '192.0.2.11' }),
      signIn({ user: 'b@contoso.com', ts: at(0, '09:10'), ip: '192.0.2.11' }),
      signIn({ user: 'c@contoso.com', ts: at(1, '09:00'), ip: '192.0.2.11' }),
      // An attacker's address used by three victims within an hour on one day: not the organisation's.
      signIn({ user: 'a@contoso.com', ts: at(3, '02:00'), ip: '203.0.113.99' }),
      signIn({ user: 'b@contoso.com', ts: at(3, '02:10'), ip: '203.0.113.99' }),
      signIn({ user: 'c@contoso.com', ts: at(3, '02:20'), ip: '203.0.113.99' })
    ]
    const ctx = contextOf(events)
    expect(ctx.baselines.orgKnownSince('192.0.2.11')).toBe(at(1, '09:00'))
    expect(ctx.baselines.orgKnownSince('203.0.113.99')).toBeNull()
    expect(ctx.baselines.ipVerdict('newhire@contoso.com', '192.0.2.11', at(5)).known).toBe('org')
  })

  it('the case’s trusted addresses (and CIDR ranges) are known for everyone', () => {
    const ctx = contextOf([], { trustedIps: ['192.0.2.0/28'] })
    expect(ctx.baselines.ipVerdict(USER, '192.0.2.7', at(1)).known).toBe('trusted')
    expect(ctx.baselines.ipVerdict(USER, '192.0.2.17', at(1)).known).toBeNull()
  })

  it('builds an hour-of-day profile from interactive sign-ins at least 12 hours earlier', () => {
    const events = Array.from({ length: 6 }, (_, d) =>
      signIn({ user: USER, ts: at(d, '22:30'), ip: '192.0.2.35' })
    )
    const ctx = contextOf([
      ...events,
      signIn({ user: USER, ts: plus(at(6, '03:00'), 0), interactive: false })
    ])
    const p = ctx.baselines.hours(USER, at(7, '23:00'))
    expect(p).toMatchObject({ days: 6, sufficient: true, nearHour: 6 })
    expect(ctx.baselines.hours(USER, at(7, '03:00')).nearHour).toBe(0)
  })
})
