import { ADD_USER } from '../scan/activities'
import { hasTag, type Change } from '../scan/changes'
import type { ScanContext } from '../scan/context'
import type { ScanAudit } from '../scan/scan-event'
import { DAY, HOUR, changeAddress, gap } from './helpers'

/**
 * The catalog's named false positives of the single-event rules (help-desk tickets, users
 * replacing phones, onboarding TAPs, migration to Conditional Access), recognised only where the
 * data itself shows the benign outcome. A rule that finds one lowers its finding to low and says
 * why; it never drops it, and privileged targets keep their severity.
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
