import type { Facts } from '../rules/types'

/**
 * The addresses a finding is about, for suppressions scoped to rule + IP. Rules name them in
 * facts whose keys end in "Ip" or "Ips" (`ip`, `changeIp`, `riskyIp`, `registrationIp`,
 * `signInIps`, `ips`, …, see src/shared/rules); other facts with those endings (`registrationIpKnown`,
 * `signInsFromIpBefore`) hold booleans or counts and are skipped because their values are not
 * addresses. The anchor evidence event's own address is added by the caller.
 */
const IP_KEY = /(^ips?$|Ips?$)/
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/
const IPV6 = /^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}$/i

export function looksLikeIp(value: string): boolean {
  return IPV4.test(value) || (value.includes(':') && IPV6.test(value))
}

/** Addresses compare case-insensitively (IPv6 hex digits) and without surrounding spaces. */
export function ipKey(value: string): string {
  return value.trim().toLowerCase()
}

export function factIps(facts: Facts): string[] {
  const out = new Set<string>()
  for (const [key, value] of Object.entries(facts)) {
    if (!IP_KEY.test(key)) continue
    const values = Array.isArray(value) ? (value as readonly unknown[]) : [value]
    for (const v of values) if (typeof v === 'string' && looksLikeIp(v.trim())) out.add(ipKey(v))
  }
  return [...out]
}
