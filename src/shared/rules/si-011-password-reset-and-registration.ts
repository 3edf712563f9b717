import { hasTag, type Change } from '../scan/changes'
import { adminAction, at, audit, authenticatorDiff, history, plus, registered } from './examples'
import { S, guidance } from './guidance'
import {
  HOUR,
  MINUTE,
  actorName,
  byWhom,
  changeAddress,
  changeEvidence,
  describeChange,
  describeChanges,
  gap,
  ipStory,
  iso,
  needAudits
} from './helpers'
import type { FindingDraft, Rule, Severity } from './types'

export function isReset(c: Change): boolean {
  return hasTag(c, 'password-reset', 'sspr-reset', 'password-change')
}

/** A registration or default change in SI-011's sense (SI-001, SI-002 registrations, SI-006). */
export function isRegistration(c: Change): boolean {
  if (hasTag(c, 'attempt', 'deleted', 'wiped', 'mfa-disabled')) return false
  return hasTag(
    c,
    'registered',
    'registered-all',
    'authenticator-added',
    'phone-added',
    'tap',
    'default-changed',
    'phone-default'
  )
}

/** Resets of one user a few minutes apart are one reset logged twice ("Reset password (by admin)" + "Reset user password"). */
export function resetGroups(changes: readonly Change[]): Change[][] {
  const groups: Change[][] = []
  for (const c of changes.filter(isReset)) {
    const g = groups.at(-1)
    const last = g?.at(-1)
    if (g && last && c.ts - last.ts <= 5 * MINUTE) g.push(c)
    else groups.push([c])
  }
  return groups
}

/**
 * SI-011: a password reset and a new registration or default change for the same user within
 * a few hours, in either order: the help-desk / account-takeover chain (Octo Tempest).
 */
export const rule: Rule = {
  meta: {
    id: 'SI-011',
    title: 'Password reset ⇄ new security info within a short window (help-desk / ATO chain)',
    type: 'sequence',
    severity: 'high',
    attack: ['T1098', 'T1556.006', 'T1078.004'],
    requires: ['audit'],
    uses: ['signin'],
    description:
      'For one user, a password reset or change ("Reset password (by admin)", "Reset user password", "Reset password (self-service)", "Change password (self-service)", "Change user password") and a registration or default change (SI-001/SI-002/SI-006) within 4 hours, in either order. Critical when the reset was done by someone else, an admin also deleted methods or required re-registration, and the registration came from an address unknown for the user.',
    falsePositives: ['Genuine lost-phone help-desk tickets', 'First-day onboarding'],
    references: ['RP5', 'SP6', 'AZ18', 'MS11', 'SG5'],
    thresholds: { windowHours: 4 },
    thresholdNotes: { windowHours: 'maximum time between the reset and the registration' },
    guidance: guidance(
      [S.askUser, S.reviewActor, S.listMethods, S.reviewSignIns],
      [S.revokeSessions, S.blockSignIn, S.confirmCompromised],
      [S.removeAuthenticator, S.removePhone, S.resetPassword, S.helpdeskProcess, S.caRegistration]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const window = (t.windowHours ?? 4) * HOUR
    const out: FindingDraft[] = []
    for (const user of ctx.users()) {
      const changes = ctx.changesOf(user)
      if (!changes.some(isReset)) continue
      for (const group of resetGroups(changes)) {
        const reset = group[0] as Change
        const regs = changes.filter((c) => isRegistration(c) && Math.abs(c.ts - reset.ts) <= window)
        if (regs.length === 0) continue
        const reg = regs.reduce((best, c) =>
          Math.abs(c.ts - reset.ts) < Math.abs(best.ts - reset.ts) ? c : best
        )
        // A self-service reset is logged twice (SSPR and the directory's "Reset user password" by a
        // Microsoft service app): the user did it. Otherwise someone else reset it when the actor is not the user.
        const selfService = group.some(
          (c) => hasTag(c, 'sspr-reset', 'password-change') && (c.actor === null || c.actor === user)
        )
        const byOther = !selfService && group.some((c) => c.actor !== null && c.actor !== user)
        const resetter = group.find((c) => c.actor !== null && c.actor !== user) ?? reset
        const lo = Math.min(reset.ts, reg.ts)
        const hi = Math.max(reset.ts, reg.ts)
        const wipes = changes.filter(
          (c) =>
            hasTag(c, 'deleted', 'wiped') &&
            c.tags.has('by-other') &&
            !c.tags.has('tap-deleted') &&
            c.ts >= lo - window &&
            c.ts <= hi
        )
        const where = changeAddress(ctx, reg)
        const verdict = ctx.baselines.ipVerdict(user, where.ip, reg.ts)
        const unseen = where.ip !== null && verdict.known === null && ctx.coverage.signins > 0
        let severity: Severity = 'high'
        if (byOther && wipes.length > 0 && unseen) severity = 'critical'
        const order = reset.ts <= reg.ts ? 'after' : 'before'
        const resetBy = byOther ? ` by ${actorName(ctx, resetter)}` : ''
        out.push({
          severity,
          users: [
            user,
            ...(reset.actor && reset.actor !== user && reset.actorType === 'user' ? [reset.actor] : [])
          ],
          start: Math.min(lo, ...wipes.map((w) => w.ts)),
          end: hi,
          evidence: [
            ...group.flatMap(changeEvidence),
            ...regs.flatMap(changeEvidence),
            ...wipes.flatMap(changeEvidence)
          ],
          anchor: { event: reset.id },
          summary:
            `${ctx.upn(user)}: ${describeChange(reg)}${byWhom(ctx, reg)}${where.ip ? ` from ${where.ip}${ctx.coverage.signins > 0 ? ` (${ipStory(verdict)})` : ''}` : ''} ` +
            `${gap(reg.ts - reset.ts)} ${order} a ${describeChanges(group)}${resetBy}` +
            (wipes.length
              ? `; ${wipes.length === 1 ? 'an admin also removed' : `admins made ${wipes.length} deletions of`} the user's methods (${describeChange(wipes[0] as Change)}${byWhom(ctx, wipes[0] as Change)})`
              : '') +
            '.',
          facts: {
            resetActivity: reset.primary.activity,
            resetBy: byOther ? resetter.actor : user,
            resetByOther: byOther,
            resetAt: iso(reset.ts),
            registration: describeChange(reg),
            registrationAt: iso(reg.ts),
            registrationIp: where.ip,
            registrationIpKnown: verdict.known,
            minutesApart: Math.round(Math.abs(reg.ts - reset.ts) / MINUTE),
            adminDeletions: wipes.length
          }
        })
      }
    }
    return out
  },
  examples: [
    {
      name: 'help desk resets the password and wipes MFA; a new Authenticator from an unseen address 30 min later',
      events: [
        ...history('dan@contoso.com', '192.0.2.41', 0, 5),
        audit({
          activity: 'Reset password (by admin)',
          ts: at(6, '14:00'),
          user: 'dan@contoso.com',
          by: 'helpdesk@contoso.com',
          ip: '192.0.2.11'
        }),
        adminAction(
          'helpdesk@contoso.com',
          'dan@contoso.com',
          plus(at(6, '14:00'), 2),
          'Admin deleted security info',
          'Admin required re-registration of MFA authentication methods.'
        ),
        authenticatorDiff(
          'dan@contoso.com',
          plus(at(6, '14:00'), 30),
          [],
          [{ name: 'Pixel 8', token: 'evil' }]
        ),
        registered('dan@contoso.com', plus(at(6, '14:00'), 30.05), '203.0.113.77')
      ],
      expect: { fires: 'critical' }
    },
    {
      name: 'a self-service reset followed by a registration two hours later',
      events: [
        audit({
          activity: 'Reset password (self-service)',
          ts: at(6, '08:00'),
          user: 'amy@contoso.com',
          ip: '192.0.2.20',
          reason: 'Successfully completed reset.'
        }),
        registered('amy@contoso.com', at(6, '10:00'), '192.0.2.20')
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'lost-phone ticket: reset today, re-registration the next morning (outside 4 h)',
      falsePositive: true,
      events: [
        audit({
          activity: 'Reset password (by admin)',
          ts: at(6, '15:00'),
          user: 'emma@contoso.com',
          by: 'helpdesk@contoso.com',
          ip: '192.0.2.11'
        }),
        registered('emma@contoso.com', at(7, '08:30'), '192.0.2.11')
      ],
      expect: { silent: 'info' }
    }
  ]
}
