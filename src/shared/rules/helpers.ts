import type { Method } from '../model/event'
import type { IpVerdict } from '../baselines/baselines'
import { hasTag, isSecurityInfoChange, type Change } from '../scan/changes'
import type { ScanContext } from '../scan/context'
import { SAFE_RISK_DETAILS } from '../scan/risk-detail'
import type { ScanSignIn } from '../scan/scan-event'
import { couldNotRun, type CouldNotRun, type FactValue, type FindingDraft } from './types'

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

const METHOD_LABELS: Record<Method, string> = {
  'microsoft-authenticator': 'Authenticator',
  'phone-sms': 'SMS phone',
  'phone-voice': 'voice phone',
  'alternate-phone': 'alternate phone',
  'office-phone': 'office phone',
  email: 'email',
  fido2: 'FIDO2 security key',
  passkey: 'passkey',
  'windows-hello': 'Windows Hello for Business',
  'software-oath': 'software OATH token',
  'hardware-oath': 'hardware OATH token',
  'temporary-access-pass': 'Temporary Access Pass',
  'security-questions': 'security questions',
  'app-password': 'app password',
  password: 'password',
  unknown: 'a security-info method'
}

export function methodLabel(m: Method | null): string {
  return m ? METHOD_LABELS[m] : 'a security-info method'
}

/** "2026-10-08 17:11 UTC" */
export function when(ts: number): string {
  return `${new Date(ts).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

export function iso(ts: number): string {
  return new Date(ts).toISOString()
}

/** "9 min", "2 h 5 min", "3 days" */
export function gap(ms: number): string {
  const m = Math.round(Math.abs(ms) / MINUTE)
  if (m < 1) return `${Math.round(Math.abs(ms) / 1000)} s`
  if (m < 60) return `${m} min`
  if (m < 48 * 60) {
    const h = Math.floor(m / 60)
    const rest = m % 60
    return rest ? `${h} h ${rest} min` : `${h} h`
  }
  return `${Math.round(m / 1440)} days`
}

export function quoted(detail: string | null): string {
  return detail ? ` '${detail}'` : ''
}

/** "Authenticator 'SM-A546E' registered", "Temporary Access Pass issued", "SMS phone '+1 3055550188' registered". */
export function describeChange(c: Change): string {
  const label = methodLabel(c.method)
  const d = quoted(c.detail)
  if (hasTag(c, 'tap')) {
    const usage = c.tap?.usage ? ` (${/multiple|false/i.test(c.tap.usage) ? 'multi-use' : 'one-time'})` : ''
    return `Temporary Access Pass issued${usage}`
  }
  if (hasTag(c, 'wiped'))
    return /re-?registration/i.test(c.reason ?? '')
      ? 'every MFA method removed (re-registration required)'
      : 'every MFA method removed'
  if (hasTag(c, 'mfa-disabled')) return 'per-user MFA disabled'
  if (c.tags.has('registered-all') && !hasTag(c, 'registered', 'authenticator-added', 'phone-added'))
    return 'all required security info registered'
  if (
    hasTag(c, 'registered', 'registered-all', 'authenticator-added', 'phone-added') &&
    !hasTag(c, 'deleted')
  )
    return c.method === null && c.reason ? c.reason.replace(/\.$/, '') : `${label}${d} registered`
  if (hasTag(c, 'deleted')) return `${label}${d} deleted`
  if (hasTag(c, 'phone-default', 'default-changed')) return `default method changed to ${label}${d}`
  if (hasTag(c, 'sspr-reset')) return 'password reset through self-service'
  if (hasTag(c, 'password-reset')) return 'password reset'
  if (hasTag(c, 'password-change')) return 'password changed'
  if (hasTag(c, 'unlock')) return 'account unlocked through self-service'
  if (hasTag(c, 'updated')) return `${label}${d} updated`
  return (c.reason ?? c.primary.activity ?? 'security info changed').replace(/\.$/, '')
}

/**
 * Several changes in one phrase: distinct descriptions, without the companions that repeat the
 * main change ("all required security info" after a registration, the directory's copy of a
 * self-service reset).
 */
export function describeChanges(changes: readonly Change[]): string {
  const hasRegistration = changes.some((c) => hasTag(c, 'registered', 'authenticator-added', 'phone-added'))
  const hasSspr = changes.some((c) => hasTag(c, 'sspr-reset'))
  const parts = changes
    .filter((c) => !(hasRegistration && c.tags.has('registered-all') && !c.tags.has('registered')))
    .filter((c) => !(hasSspr && c.tags.has('password-reset') && !c.tags.has('sspr-reset')))
    .map(describeChange)
  return [...new Set(parts)].join(', ')
}

/** "a@x, b@x, c@x and 31 more": long user lists stay readable (the finding's users field has them all). */
export function userList(ctx: ScanContext, users: readonly string[], max = 10): string {
  const shown = users.slice(0, max).map((u) => ctx.upn(u))
  return users.length > max ? `${shown.join(', ')} and ${users.length - max} more` : shown.join(', ')
}

/** Who acted, for a sentence: the UPN, or the app's display name. */
export function actorName(ctx: ScanContext, c: Change): string {
  if (c.actorType === 'app')
    return `the app '${c.primary.actorName ?? c.actor?.replace(/^app:/, '') ?? 'unknown'}'`
  return c.actor ? ctx.upn(c.actor) : 'an administrator'
}

/** "by admin@contoso.com" / "by the app 'Identity Lifecycle Automation'" / "" (the user). */
export function byWhom(ctx: ScanContext, c: Change): string {
  if (!c.tags.has('by-other')) return ''
  if (c.actorType === 'app') return ` by the app '${c.primary.actorName ?? c.actor ?? 'unknown'}'`
  if (c.actor) return ` by ${ctx.upn(c.actor)}`
  return ' by an administrator'
}

export interface ChangeAddress {
  /** The address that best represents who made the change. */
  ip: string | null
  via: 'audit' | 'nearest-sign-in' | null
  /** The address on the audit event, when it was replaced. */
  auditIp: string | null
  note: string | null
}

/**
 * The address of a change: the audit event's, unless it is missing or looks like a Microsoft
 * service address (never seen in any sign-in, or on the case's service list), in which case the
 * user's nearest sign-in within an hour stands in for it (DETECTIONS.md §2.2-2).
 */
export function changeAddress(ctx: ScanContext, c: Change): ChangeAddress {
  const auditIp = c.ip
  const service = auditIp !== null && ctx.isLikelyServiceIp(auditIp)
  if (auditIp !== null && !service) return { ip: auditIp, via: 'audit', auditIp, note: null }
  let best: ScanSignIn | null = null
  for (const s of ctx.signinsOf(c.user)) {
    if (s.ip === null || Math.abs(s.ts - c.ts) > HOUR) continue
    if (!best || Math.abs(s.ts - c.ts) < Math.abs(best.ts - c.ts)) best = s
  }
  if (best?.ip) {
    return {
      ip: best.ip,
      via: 'nearest-sign-in',
      auditIp,
      note:
        auditIp === null
          ? `the audit event has no address; the user's nearest sign-in (${gap(best.ts - c.ts)} away) came from ${best.ip}`
          : `the audit event shows ${auditIp}, never seen in any sign-in (probably a Microsoft service address); the user's nearest sign-in (${gap(best.ts - c.ts)} away) came from ${best.ip}`
    }
  }
  return { ip: auditIp, via: auditIp === null ? null : 'audit', auditIp, note: null }
}

const EXCLUDED_RISK_STATES = new Set(['remediated', 'dismissed', 'confirmedsafe'])

/**
 * SI-014's risky sign-in: medium/high risk, "atRisk", or named risk events; remediated or dismissed
 * risk excluded, and risk Identity Protection or an administrator confirmed safe (riskDetail
 * "aiConfirmedSigninSafe", RP7; "adminConfirmedSigninSafe", "adminDismissedAllRiskForUser").
 */
export function isRisky(s: ScanSignIn): boolean {
  const state = s.riskState?.toLowerCase() ?? null
  if (state !== null && EXCLUDED_RISK_STATES.has(state)) return false
  if (s.riskDetail !== null && SAFE_RISK_DETAILS.has(s.riskDetail.toLowerCase())) return false
  const level = s.riskLevel?.toLowerCase() ?? null
  if (level === 'medium' || level === 'high') return true
  if (state === 'atrisk' || state === 'confirmedcompromised') return true
  return (s.riskEventTypes ?? []).some((t) => t.toLowerCase() !== 'none' && t !== '')
}

export function riskText(s: ScanSignIn): string {
  const level = s.riskLevel && s.riskLevel !== 'none' ? `${s.riskLevel}-risk` : 'risky'
  const types = (s.riskEventTypes ?? []).filter((t) => t !== 'none')
  return `${level} sign-in${types.length ? ` (${types.join(', ')})` : ''}`
}

export function isMfaSuccess(s: ScanSignIn): boolean {
  if (!s.ok) return false
  return /multi.?factor/i.test(s.authRequirement ?? '') || (s.methods?.some((m) => m !== 'password') ?? false)
}

/** Rules that need sign-ins say so instead of silently finding nothing. */
export function needSignIns(ctx: ScanContext): CouldNotRun | null {
  return ctx.coverage.signins === 0 ? couldNotRun('no sign-in logs in the case') : null
}

export function needAudits(ctx: ScanContext): CouldNotRun | null {
  return ctx.coverage.audits === 0 ? couldNotRun('no audit logs in the case') : null
}

/** Sequence rules that join audit events to sign-ins need both. */
export function needAuditsAndSignIns(ctx: ScanContext): CouldNotRun | null {
  return needAudits(ctx) ?? needSignIns(ctx)
}

export function needRisk(ctx: ScanContext): CouldNotRun | null {
  return (
    needSignIns(ctx) ??
    (ctx.coverage.signinsWithRisk === 0
      ? couldNotRun(
          'no sign-in carries Identity Protection risk (risk fields are empty or "hidden": Entra ID P2 is needed)'
        )
      : null)
  )
}

/** "seen before", "the organisation's egress address", "never seen for this user before". */
export function ipStory(v: IpVerdict): string {
  if (v.known === 'trusted') return 'on the trusted address list'
  if (v.known === 'org') return "a shared address of the organisation's users"
  if (v.known === 'user') return 'seen in this user’s sign-ins before'
  if (!v.history.sufficient)
    return v.history.signIns === 0
      ? 'the user has no earlier successful sign-in to compare with'
      : `the user has too little sign-in history to compare with (${v.history.signIns} sign-in(s) on ${v.history.days} day(s))`
  if (v.firstSeen !== null) return 'first seen for this user only shortly before'
  return 'never seen for this user before'
}

export function ipFacts(v: IpVerdict, prefix = ''): Record<string, FactValue> {
  return {
    [`${prefix}ip`]: v.ip,
    [`${prefix}ipKnown`]: v.known,
    [`${prefix}ipFirstSeen`]: v.firstSeen === null ? null : iso(v.firstSeen),
    [`${prefix}asn`]: v.asn,
    [`${prefix}asnKnown`]: v.asnKnown,
    [`${prefix}country`]: v.country,
    [`${prefix}countryKnown`]: v.countryKnown,
    [`${prefix}historySignIns`]: v.history.signIns,
    [`${prefix}historyDays`]: v.history.days
  }
}

export function securityChanges(ctx: ScanContext, user?: string): Change[] {
  return (user === undefined ? ctx.changes() : ctx.changesOf(user)).filter(isSecurityInfoChange)
}

/** Sorted event ids without duplicates, the anchor first. */
export function evidence(anchor: number, ...rest: Array<number | readonly number[]>): number[] {
  const out = [anchor]
  for (const r of rest) for (const id of typeof r === 'number' ? [r] : r) if (!out.includes(id)) out.push(id)
  return out
}

export function changeEvidence(c: Change): number[] {
  return c.events.map((e) => e.id)
}

export interface GroupOptions {
  /** Measure the gap from the group's first change (default) or from its latest member. */
  from?: 'first' | 'previous'
  /** A further condition for a change to join the group (e.g. the same address). */
  together?: (first: Change, next: Change) => boolean
}

/**
 * One user's changes (oldest first) cut into runs that make one finding each: consecutive changes
 * at most `maxGap` ms apart, measured from the run's first change or from its latest member.
 */
export function groupChanges(
  changes: readonly Change[],
  maxGap: number,
  options: GroupOptions = {}
): Change[][] {
  const groups: Change[][] = []
  let i = 0
  while (i < changes.length) {
    const first = changes[i] as Change
    const members = [first]
    let j = i + 1
    while (j < changes.length) {
      const next = changes[j] as Change
      const from = options.from === 'previous' ? (members.at(-1) as Change) : first
      if (next.ts - from.ts > maxGap || (options.together && !options.together(first, next))) break
      members.push(next)
      j++
    }
    groups.push(members)
    i = j
  }
  return groups
}

export interface FrameOptions {
  /** The change the finding is anchored on (default: the first member). */
  anchor?: Change
  /** Where the finding ends (default: the last member). */
  end?: number
  /** Evidence after the changes' own events (the sign-in that completes a sequence, …). */
  more?: readonly number[]
}

/**
 * The frame of a finding about a group of one user's changes: the user, the time span, every
 * member's events as evidence and the anchor change for the stable id.
 */
export function changeFrame(
  user: string,
  members: readonly Change[],
  options: FrameOptions = {}
): Pick<FindingDraft, 'users' | 'start' | 'end' | 'evidence' | 'anchor'> {
  const anchor = options.anchor ?? (members[0] as Change)
  return {
    users: [user],
    start: anchor.ts,
    end: options.end ?? (members.at(-1) as Change).ts,
    evidence: [...members.flatMap(changeEvidence), ...(options.more ?? [])],
    anchor: { event: anchor.id }
  }
}

/** The user's risky sign-ins (SI-014's definition) with from <= ts <= to, oldest first. */
export function riskyBetween(ctx: ScanContext, user: string | null, from: number, to: number): ScanSignIn[] {
  return between(ctx.signinsOf(user), from, to).filter(isRisky)
}

/** Binary search: index of the first element with ts >= t. */
export function lowerBound<T extends { ts: number }>(list: readonly T[], t: number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((list[mid] as T).ts < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Elements with from <= ts <= to. */
export function between<T extends { ts: number }>(list: readonly T[], from: number, to: number): T[] {
  const out: T[] = []
  for (let i = lowerBound(list, from); i < list.length; i++) {
    const x = list[i] as T
    if (x.ts > to) break
    out.push(x)
  }
  return out
}
