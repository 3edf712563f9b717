/**
 * What the investigator tells Authtrail about the tenant, kept in the case: VIP and break-glass
 * accounts (always privileged), help-desk operators (whose routine tickets lower single-event
 * findings when the data shows the ticket's benign outcome), twin accounts (one person's standard and admin accounts, which
 * legitimately share a phone), trusted egress addresses (corporate NAT/VPN, known for everyone)
 * and Microsoft service addresses seen on audit events (DETECTIONS.md §2.2-2).
 */
export const LIST_KINDS = [
  'vip',
  'break-glass',
  'helpdesk',
  'twin-accounts',
  'trusted-ip',
  'service-ip'
] as const
export type ListKind = (typeof LIST_KINDS)[number]

export interface CaseLists {
  vip: readonly string[]
  breakGlass: readonly string[]
  /** Help-desk operators (user keys). */
  helpdesk: readonly string[]
  /** Pairs of user keys. */
  twins: ReadonlyArray<readonly [string, string]>
  /** IPv4/IPv6 addresses or IPv4 CIDR ranges. */
  trustedIps: readonly string[]
  serviceIps: readonly string[]
}

export const EMPTY_LISTS: CaseLists = {
  vip: [],
  breakGlass: [],
  helpdesk: [],
  twins: [],
  trustedIps: [],
  serviceIps: []
}

export interface ListEntry {
  list: ListKind
  value: string
}

/** Normalizes one entry as stored: UPNs lower-cased, twin pairs as "a@x b@x" sorted. */
export function normalizeListValue(list: ListKind, value: string): string {
  const v = value.trim()
  if (list === 'twin-accounts') {
    const parts = v
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((x) => x.toLowerCase())
    if (parts.length !== 2 || parts[0] === parts[1])
      throw new Error(`twin accounts are two different UPNs, e.g. "ava@contoso.com ava.admin@contoso.com"`)
    return parts.sort().join(' ')
  }
  if (list === 'vip' || list === 'break-glass' || list === 'helpdesk') {
    if (!v.includes('@')) throw new Error(`${list} entries are user principal names: ${value}`)
    return v.toLowerCase()
  }
  if (!/^[\d.]+(\/\d{1,2})?$/.test(v) && !/^[0-9a-f:]+$/i.test(v))
    throw new Error(`${list} entries are IP addresses or IPv4 CIDR ranges: ${value}`)
  return v.toLowerCase()
}

export function listsFromEntries(entries: readonly ListEntry[]): CaseLists {
  const of = (k: ListKind): string[] => entries.filter((e) => e.list === k).map((e) => e.value)
  return {
    vip: of('vip'),
    breakGlass: of('break-glass'),
    helpdesk: of('helpdesk'),
    twins: of('twin-accounts').map((v) => {
      const [a = '', b = ''] = v.split(' ')
      return [a, b] as const
    }),
    trustedIps: of('trusted-ip'),
    serviceIps: of('service-ip')
  }
}

function ipv4(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip)
  if (!m) return null
  let n = 0
  for (let i = 1; i <= 4; i++) {
    const part = Number(m[i])
    if (part > 255) return null
    n = n * 256 + part
  }
  return n
}

/** A matcher for a list of addresses and IPv4 CIDR ranges. */
export function ipMatcher(entries: readonly string[]): (ip: string | null) => boolean {
  const exact = new Set<string>()
  const ranges: Array<{ base: number; size: number }> = []
  for (const e of entries) {
    const [addr = '', bits] = e.split('/')
    const base = ipv4(addr)
    if (bits !== undefined && base !== null) {
      const size = 2 ** (32 - Number(bits))
      ranges.push({ base: Math.floor(base / size) * size, size })
    } else exact.add(e.toLowerCase())
  }
  return (ip) => {
    if (ip === null) return false
    if (exact.has(ip.toLowerCase())) return true
    if (ranges.length === 0) return false
    const n = ipv4(ip)
    return n !== null && ranges.some((r) => n >= r.base && n < r.base + r.size)
  }
}
