import { describe, expect, it } from 'vitest'
import { factIps, looksLikeIp } from '../../../src/shared/views/finding-ips'

describe('the addresses of a finding', () => {
  it('takes every fact ending in Ip or Ips whose value is an address', () => {
    expect(
      factIps({
        ip: '203.0.113.7',
        changeIp: '2001:DB8::1',
        signInIps: ['198.51.100.2', '203.0.113.7'],
        ips: ['192.0.2.5'],
        registrationIpKnown: false,
        signInsFromIpBefore: 3,
        riskyIp: null,
        actor: 'admin@contoso.com'
      }).sort()
    ).toEqual(['192.0.2.5', '198.51.100.2', '2001:db8::1', '203.0.113.7'])
  })
  it('does not take names or times for addresses', () => {
    expect(looksLikeIp('alice@contoso.com')).toBe(false)
    expect(looksLikeIp('10:42')).toBe(false)
    expect(looksLikeIp('fe80::1')).toBe(true)
  })
})
