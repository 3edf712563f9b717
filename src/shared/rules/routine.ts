import { ADD_USER, MFA_DENIED_CODE } from '../scan/activities'
import { hasTag, type Change } from '../scan/changes'
import type { ScanContext } from '../scan/context'
import type { ScanAudit, ScanSignIn } from '../scan/scan-event'
import { DAY, HOUR, MINUTE, between, changeAddress, gap, isRisky, when } from './helpers'

/**
 * The catalog's named false positives of the single-event rules (help-desk tickets, users
 * replacing phones, onboarding TAPs, migration to Conditional Access), recognised only where the
 * data itself shows the benign outcome. A rule that finds one lowers its finding to low and says
 * why; it never drops it. Privileged targets keep their severity, except for the owner's own
 * self-service change proven from a known address and a known device (routineSelfChange with
 * `device`); break-glass accounts and changes by another account always keep it.
 */

/** Roles whose holders handle authentication-method and password tickets (MS6; AZ14 groups by them). */
const HELPDESK_ROLES =
  /^(helpdesk administrator|authentication administrator|privileged authentication administrator)$/i
const HELPDESK_WELL_KNOWN = /^(helpdeskadmins|authenticationadministrators|privilegedauthenticationadmins)$/i

/** Why an actor counts as a help-desk operator at t (the case's list, or a help-desk role in the role events), or null. */
export function helpdeskOperator(ctx: ScanContext, actor: string | null, t: number): string | null {
  if (actor === null || actor.startsWith('app:')) return null
  if (ctx.lists.helpdesk.includes(actor)) return "on the case's help-desk list"
  for (const g of ctx.privileged.grantsOf(actor)) {
    const role = g.role !== null && HELPDESK_ROLES.test(g.role)
    const known = g.wellKnown !== null && HELPDESK_WELL_KNOWN.test(g.wellKnown)
    // A PIM activation proves an eligibility held before it (privileged.ts).
    if ((role || known) && (g.activation || g.ts <= t)) return `holds ${g.role ?? g.wellKnown}`
  }
  return null
}

const OWN_REGISTRATION = (c: Change): boolean =>
  !c.tags.has('by-other') &&
  !c.tags.has('attempt') &&
  hasTag(c, 'registered', 'registered-all', 'authenticator-added', 'phone-added')

export interface Restored {
  registration: Change
  ip: string
  text: string
}

/**
 * After a removal: the first registration for the user was the user's own, from an address known
 * for them well before (baselines), within `hours`, and no successful sign-in of theirs from an
 * address they were not known at came in between. The attacker of the help-desk chain registers
 * from an address of their own; the rightful user from home or the office.
 */
export function restoredByUser(ctx: ScanContext, c: Change, hours = 48): Restored | null {
  const next = ctx
    .changesOf(c.user)
    .find((x) => x.ts > c.ts && x.ts - c.ts <= hours * HOUR && OWN_REGISTRATION(x))
  if (!next) return null
  const where = changeAddress(ctx, next)
  if (where.ip === null || ctx.baselines.ipVerdict(c.user, where.ip, next.ts).known === null) return null
  for (const s of ctx.signinsOf(c.user)) {
    if (s.ts <= c.ts || s.ts > next.ts || !s.ok || s.ip === null) continue
    if (ctx.baselines.ipVerdict(c.user, s.ip, s.ts, s.asn, s.country).known === null) return null
  }
  return {
    registration: next,
    ip: where.ip,
    text: `the user re-registered ${gap(next.ts - c.ts)} later from ${where.ip}, an address known for them, with no sign-in from an unknown address in between`
  }
}

/**
 * A user replacing a method: their own registration in the `hours` before this deletion, both
 * from addresses known for them, and something is left (the new method).
 */
export function replacedByUser(ctx: ScanContext, c: Change, hours = 24): string | null {
  if (c.tags.has('by-other')) return null
  const known = (x: Change): boolean => {
    const ip = changeAddress(ctx, x).ip
    return ip !== null && ctx.baselines.ipVerdict(c.user, ip, x.ts).known !== null
  }
  if (!known(c)) return null
  const added = ctx
    .changesOf(c.user)
    .filter((x) => x.ts <= c.ts && c.ts - x.ts <= hours * HOUR && x !== c && OWN_REGISTRATION(x) && known(x))
    .at(-1)
  return added
    ? `the user added a method ${gap(c.ts - added.ts)} before, from an address known for them`
    : null
}

/** The "Add user" that created the account within `days` before t (onboarding), or null. */
export function newAccount(ctx: ScanContext, user: string, t: number, days = 30): ScanAudit | null {
  return (
    ctx
      .auditsAbout(user)
      .find((a) => a.act === ADD_USER && a.target === user && a.ts <= t && t - a.ts <= days * DAY) ?? null
  )
}

/** A change the user made themself: the acting account is the target (an app's diff alone proves nothing). */
function ownChange(c: Change): boolean {
  return !c.tags.has('by-other') && c.actorType === 'user' && c.actor === c.user
}

/**
 * What breaks the routine of a window: a risky sign-in of the user, or a sign-in from an address
 * not known for them (successful ones only, or failed ones too with `failedToo`: an attacker who
 * has the password but not the second factor leaves only failures). Null when the window is quiet.
 */
export function unusualSignIn(
  ctx: ScanContext,
  user: string,
  from: number,
  to: number,
  failedToo = false
): string | null {
  for (const s of between(ctx.signinsOf(user), from, to)) {
    if (isRisky(s)) return `a risky sign-in from ${s.ip ?? 'an unlogged address'} at ${when(s.ts)}`
    if (s.ip === null || (!s.ok && !failedToo)) continue
    if (ctx.baselines.ipVerdict(user, s.ip, s.ts, s.asn, s.country).known === null)
      return `a sign-in from ${s.ip}, an address not known for them, at ${when(s.ts)}`
  }
  return null
}

/** Whether a sign-in's device is known for the user at its time (false when it logged none). */
function knownDevice(ctx: ScanContext, user: string, s: ScanSignIn): boolean {
  return s.device !== null && ctx.baselines.known(user, 'device', s.device, s.ts)
}

export interface RoutineSelfChange {
  ip: string
  /** The device of the user's sign-in that carried the change, when asked for. */
  device: string | null
  text: string
}

/**
 * A self-service change in routine circumstances: made by the user themself, from an address
 * known for them well before (baselines), with no risky sign-in and no successful sign-in from an
 * unknown address in the `hoursBefore` before it and the `hoursAfter` after it. With `device`,
 * the user's latest successful sign-in from that address in the hour before (the session that made
 * the change; audit events log no device) must also come from a device known for them. Another
 * account, an unseen address or a risky sign-in in the window each leave the catalog's severity.
 */
export function routineSelfChange(
  ctx: ScanContext,
  c: Change,
  opts: { hoursBefore?: number; hoursAfter?: number; device?: boolean } = {}
): RoutineSelfChange | null {
  if (!ownChange(c)) return null
  const ip = changeAddress(ctx, c).ip
  if (ip === null || ctx.baselines.ipVerdict(c.user, ip, c.ts).known === null) return null
  const before = (opts.hoursBefore ?? 24) * HOUR
  const after = (opts.hoursAfter ?? 0) * HOUR
  if (unusualSignIn(ctx, c.user, c.ts - before, c.ts + after) !== null) return null
  let device: string | null = null
  if (opts.device) {
    const session = between(ctx.signinsOf(c.user), c.ts - HOUR, c.ts)
      .filter((s) => s.ok && s.ip === ip)
      .at(-1)
    if (!session || !knownDevice(ctx, c.user, session)) return null
    device = session.device
  }
  const around =
    after > 0 ? `in the ${gap(before)} before and ${gap(after)} after` : `in the ${gap(before)} before`
  return {
    ip,
    device,
    text:
      `made by the user themself from ${ip}, an address known for them` +
      (device !== null ? `, on ${device}, a device known for them` : '') +
      `, with no risky sign-in and no sign-in from an unknown address ${around}`
  }
}

/**
 * A fraud report on the user's own prompt (the catalog's "users mis-tapping"): every reported
 * sign-in (500121 "Phone App Reported Fraud" / SuspiciousActivityReported, or for an audit-only
 * report the user's 500121 sign-in in the 5 minutes before it) came from an address known for the
 * user, and from a known device where one is logged, and no sign-in of theirs from an unknown
 * address (failed ones included) or with risk falls within `hours` of the reports. An attacker's
 * prompt comes from the attacker's own sign-in, whose address is not the user's. Null otherwise.
 */
export function ownPromptReported(
  ctx: ScanContext,
  user: string,
  reported: readonly ScanSignIn[],
  reports: readonly ScanAudit[],
  hours = 1
): string | null {
  const prompts = [...reported]
  for (const r of reports) {
    const match = between(ctx.signinsOf(user), r.ts - 5 * MINUTE, r.ts)
      .filter((s) => s.errorCode === MFA_DENIED_CODE)
      .at(-1)
    if (match && !prompts.includes(match)) prompts.push(match)
  }
  if (prompts.length === 0) return null
  for (const s of prompts) {
    if (s.ip === null || ctx.baselines.ipVerdict(user, s.ip, s.ts, s.asn, s.country).known === null)
      return null
    if (s.device !== null && !knownDevice(ctx, user, s)) return null
  }
  const times = [...prompts.map((s) => s.ts), ...reports.map((r) => r.ts)]
  const from = Math.min(...times) - hours * HOUR
  const to = Math.max(...times) + hours * HOUR
  if (unusualSignIn(ctx, user, from, to, true) !== null) return null
  const ips = [...new Set(prompts.map((s) => s.ip))].join(', ')
  const devices = [...new Set(prompts.map((s) => s.device).filter((d): d is string => d !== null))]
  return (
    `the reported prompt was the user's own sign-in from ${ips}, an address known for them` +
    (devices.length ? `, on ${devices.join(', ')}, a device known for them` : '') +
    `, with no risky sign-in and no sign-in from an unknown address within ${gap(hours * HOUR)}: a mis-tap is likely; confirm with the user`
  )
}
