import type { ScanSignIn } from '../scan/scan-event'

/**
 * Per-user baselines from the case's own successful sign-ins: the addresses, networks (ASN),
 * countries, devices and hours a user had *before* a moment. A value counts as known only when it
 * was seen well before that moment, so the attacker's own sign-in minutes before a change never
 * makes their address "known": by default more than 24 hours before, or on an earlier UTC day and
 * at least 6 hours before. Users with too little history are reported as such, not as anomalies.
 */
export interface BaselineOptions {
  /** Seen this long before counts as known. */
  knownAfterHours: number
  /** Seen on an earlier UTC day counts as known when also at least this long before. */
  earlierDayMinHours: number
  /** A user needs this many successful sign-ins on `minHistoryDays` distinct days before a moment to have a baseline. */
  minHistorySignIns: number
  minHistoryDays: number
  /** An address used by this many users on this many distinct days is the organisation's (office egress, VPN). */
  orgMinUsers: number
  orgMinDays: number
  /** Hour-of-day profile: days with activity needed, and how far (hours) around the change counts as usual. */
  minProfileDays: number
  hourTolerance: number
}

export const DEFAULT_BASELINE_OPTIONS: BaselineOptions = {
  knownAfterHours: 24,
  earlierDayMinHours: 6,
  minHistorySignIns: 3,
  minHistoryDays: 2,
  orgMinUsers: 3,
  orgMinDays: 2,
  minProfileDays: 5,
  hourTolerance: 1
}

const HOUR = 3_600_000
const DAY = 24 * HOUR

export type Dimension = 'ip' | 'asn' | 'country' | 'device'

interface UserBaseline {
  /** Successful sign-in times, oldest first. */
  ok: number[]
  first: Record<Dimension, Map<string, number>>
  /** Interactive successful sign-in times, for the hour profile. */
  interactive: number[]
}

export interface History {
  signIns: number
  days: number
  /** Earliest successful sign-in, if any. */
  since: number | null
  sufficient: boolean
}

export interface IpVerdict {
  ip: string | null
  /** `user`: seen in the user's own sign-ins well before; `org`: the organisation's egress; `trusted`: on the case's trusted list. */
  known: 'user' | 'org' | 'trusted' | null
  firstSeen: number | null
  asn: number | null
  country: string | null
  asnKnown: boolean
  countryKnown: boolean
  history: History
}

export interface HourProfile {
  days: number
  sufficient: boolean
  /** Distinct active days per UTC hour 0..23. */
  perHour: number[]
  /** Distinct days with activity within the tolerance around the asked hour. */
  nearHour: number
}

export interface Source {
  signinsOf(user: string | null): readonly ScanSignIn[]
  readonly signins: readonly ScanSignIn[]
  isTrustedIp(ip: string | null): boolean
}

export function utcDay(ts: number): number {
  return Math.floor(ts / DAY)
}

export class Baselines {
  private readonly users = new Map<string, UserBaseline>()
  private org: Map<string, number> | null = null
  private ipInfo: Map<string, { asn: number | null; country: string | null }> | null = null

  constructor(
    private readonly source: Source,
    readonly options: BaselineOptions = DEFAULT_BASELINE_OPTIONS
  ) {}

  /** Whether a value first seen at `first` is known at `t`. */
  isKnown(first: number | null | undefined, t: number): boolean {
    if (first === null || first === undefined) return false
    if (first < t - this.options.knownAfterHours * HOUR) return true
    return utcDay(first) < utcDay(t) && first <= t - this.options.earlierDayMinHours * HOUR
  }

  private of(user: string): UserBaseline {
    let b = this.users.get(user)
    if (b) return b
    b = {
      ok: [],
      first: { ip: new Map(), asn: new Map(), country: new Map(), device: new Map() },
      interactive: []
    }
    const note = (m: Map<string, number>, v: string | number | null, ts: number): void => {
      if (v === null) return
      const k = String(v)
      if (!m.has(k)) m.set(k, ts)
    }
    for (const s of this.source.signinsOf(user)) {
      if (!s.ok) continue
      b.ok.push(s.ts)
      note(b.first.ip, s.ip, s.ts)
      note(b.first.asn, s.asn, s.ts)
      note(b.first.country, s.country, s.ts)
      note(b.first.device, s.device, s.ts)
      if (s.interactive !== false) b.interactive.push(s.ts)
    }
    this.users.set(user, b)
    return b
  }

  firstSeen(user: string, dimension: Dimension, value: string | number | null): number | null {
    if (value === null) return null
    return this.of(user).first[dimension].get(String(value)) ?? null
  }

  known(user: string, dimension: Dimension, value: string | number | null, t: number): boolean {
    return this.isKnown(this.firstSeen(user, dimension, value), t)
  }

  /** The user's successful sign-ins that are "well before" t (the same rule as known values). */
  history(user: string, t: number): History {
    const b = this.of(user)
    let n = 0
    const days = new Set<number>()
    for (const ts of b.ok) {
      if (!this.isKnown(ts, t)) break
      n++
      days.add(utcDay(ts))
    }
    return {
      signIns: n,
      days: days.size,
      since: b.ok[0] ?? null,
      sufficient: n >= this.options.minHistorySignIns && days.size >= this.options.minHistoryDays
    }
  }

  /** When an address became the organisation's: the time its `orgMinUsers`-th user first used it, over `orgMinDays` days. */
  orgKnownSince(ip: string): number | null {
    if (!this.org) {
      // Sign-ins arrive oldest first: the address becomes the organisation's the moment it has
      // been used successfully by enough users on enough distinct days.
      const seen = new Map<string, { users: Set<string>; days: Set<number> }>()
      this.org = new Map()
      for (const s of this.source.signins) {
        if (!s.ok || s.ip === null || s.user === null || this.org.has(s.ip)) continue
        let st = seen.get(s.ip)
        if (!st) seen.set(s.ip, (st = { users: new Set(), days: new Set() }))
        st.users.add(s.user)
        st.days.add(utcDay(s.ts))
        if (st.users.size >= this.options.orgMinUsers && st.days.size >= this.options.orgMinDays)
          this.org.set(s.ip, s.ts)
      }
    }
    return this.org.get(ip) ?? null
  }

  /** ASN and country of an address, from any sign-in that used it (audit events carry neither). */
  infoOf(ip: string | null): { asn: number | null; country: string | null } {
    if (ip === null) return { asn: null, country: null }
    if (!this.ipInfo) {
      this.ipInfo = new Map()
      for (const s of this.source.signins) {
        if (s.ip === null) continue
        const cur = this.ipInfo.get(s.ip)
        if (!cur) this.ipInfo.set(s.ip, { asn: s.asn, country: s.country })
        else if (cur.asn === null && s.asn !== null) cur.asn = s.asn
        else if (cur.country === null && s.country !== null) cur.country = s.country
      }
    }
    return this.ipInfo.get(ip) ?? { asn: null, country: null }
  }

  /** Is this address known for this user at t (own history, organisation egress or trusted list)? */
  ipVerdict(
    user: string,
    ip: string | null,
    t: number,
    asn?: number | null,
    country?: string | null
  ): IpVerdict {
    const info = this.infoOf(ip)
    const a = asn ?? info.asn
    const c = country ?? info.country
    const first = this.firstSeen(user, 'ip', ip)
    let known: IpVerdict['known'] = null
    if (ip !== null && this.source.isTrustedIp(ip)) known = 'trusted'
    else if (this.isKnown(first, t)) known = 'user'
    else if (ip !== null && this.isKnown(this.orgKnownSince(ip), t)) known = 'org'
    return {
      ip,
      known,
      firstSeen: first,
      asn: a,
      country: c,
      asnKnown: this.known(user, 'asn', a, t),
      countryKnown: this.known(user, 'country', c, t),
      history: this.history(user, t)
    }
  }

  /** Successful and failed sign-ins of the user from an address before t (RP15 enrichment). */
  ipCounts(user: string, ip: string, before: number): { ok: number; failed: number } {
    let ok = 0
    let failed = 0
    for (const s of this.source.signinsOf(user)) {
      if (s.ts >= before) break
      if (s.ip !== ip) continue
      if (s.ok) ok++
      else failed++
    }
    return { ok, failed }
  }

  /** Hour-of-day profile (UTC) from interactive successful sign-ins at least 12 hours before t. */
  hours(user: string, t: number): HourProfile {
    const b = this.of(user)
    const daysPerHour: Array<Set<number>> = Array.from({ length: 24 }, () => new Set<number>())
    const days = new Set<number>()
    for (const ts of b.interactive) {
      if (ts >= t - 12 * HOUR) break
      const d = utcDay(ts)
      days.add(d)
      ;(daysPerHour[Math.floor((ts % DAY) / HOUR)] as Set<number>).add(d)
    }
    const hour = Math.floor((t % DAY) / HOUR)
    const near = new Set<number>()
    for (let dh = -this.options.hourTolerance; dh <= this.options.hourTolerance; dh++) {
      for (const d of daysPerHour[(hour + dh + 24) % 24] as Set<number>) near.add(d)
    }
    return {
      days: days.size,
      sufficient: days.size >= this.options.minProfileDays,
      perHour: daysPerHour.map((s) => s.size),
      nearHour: near.size
    }
  }
}
