import { isHighPrivilegeRole } from '../privileged/privileged'
import { isSecurityInfoChange, type Change } from '../scan/changes'
import { at, audit, plus, registered, roleGrant } from './examples'
import { S, guidance } from './guidance'
import { HOUR, MINUTE, changeEvidence, describeChange, gap, iso, needAudits } from './helpers'
import { isReset } from './si-011-password-reset-and-registration'
import type { FindingDraft, Rule } from './types'

/**
 * SI-029: a highly privileged role (Global, Privileged Role, User or Privileged Authentication
 * Administrator) granted to U within a day of a security-info change or TAP for U, in either
 * order; within 30 minutes after another actor reset U's password; or granted by someone whose
 * own security info changed in the hour before.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-029',
    title: 'Privileged role granted next to a security-info change (either order)',
    type: 'privileged',
    severity: 'high',
    attack: ['T1098.003', 'T1098', 'T1556.006'],
    requires: ['audit'],
    uses: [],
    description:
      '"Add member to role" or "Add eligible member to role" (not PIM activations of an existing eligibility) for U where Role.WellKnownObjectName is TenantAdmins, PrivilegedRoleAdmins, UserAccountAdmins or PrivilegedAuthenticationAdmins, or the role name/template is one of those roles; within 24 hours of a security-info change or TAP for U (either order), within 30 minutes after U’s password was reset by another actor, or granted by an actor whose own security info changed in the hour before.',
    falsePositives: ['New admin onboarding (role grant and MFA setup on the same day)'],
    references: ['AZ7', 'SP7', 'AZ18', 'MS1'],
    thresholds: { windowHours: 24, resetMinutes: 30, actorChangeMinutes: 60 },
    thresholdNotes: {
      windowHours: 'maximum time between the grant and the target’s security-info change',
      resetMinutes: 'a grant this soon after another actor reset the target’s password',
      actorChangeMinutes: 'a grant this soon after the granting actor’s own security-info change'
    },
    guidance: guidance(
      [S.reviewActor, S.reviewRoles, S.askUser, S.listMethods],
      [S.removeRole, S.revokeSessions, S.blockSignIn],
      [S.removeAuthenticator, S.removePhone, S.resetPassword, S.caRegistration]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const window = (t.windowHours ?? 24) * HOUR
    const out: FindingDraft[] = []
    for (const g of ctx.privileged.grants) {
      if (!g.direct || !isHighPrivilegeRole(g)) continue
      const changes = ctx.changesOf(g.user)
      const near = changes.filter(
        (c) => isSecurityInfoChange(c) && !c.tags.has('attempt') && Math.abs(c.ts - g.ts) <= window
      )
      const resets = changes.filter(
        (c) =>
          isReset(c) &&
          c.actor !== null &&
          c.actor !== g.user &&
          g.ts >= c.ts &&
          g.ts - c.ts <= (t.resetMinutes ?? 30) * MINUTE
      )
      const actorChanges =
        g.actor && !g.actor.startsWith('app:')
          ? ctx
              .changesOf(g.actor)
              .filter(
                (c) =>
                  isSecurityInfoChange(c) &&
                  c.ts <= g.ts &&
                  g.ts - c.ts <= (t.actorChangeMinutes ?? 60) * MINUTE
              )
          : []
      if (near.length === 0 && resets.length === 0 && actorChanges.length === 0) continue
      const related: Change[] = [...near, ...resets, ...actorChanges]
      const role = g.role ?? g.wellKnown ?? 'a privileged role'
      const parts: string[] = []
      const main = near.some((c) => !c.tags.has('registered-all'))
        ? near.filter((c) => !c.tags.has('registered-all'))
        : near
      const nearest = main.reduce<Change | null>(
        (b, c) => (!b || Math.abs(c.ts - g.ts) < Math.abs(b.ts - g.ts) ? c : b),
        null
      )
      if (nearest)
        parts.push(
          `${gap(g.ts - nearest.ts)} ${g.ts >= nearest.ts ? 'after' : 'before'} ${describeChange(nearest)} for the account`
        )
      if (resets[0])
        parts.push(`${gap(g.ts - resets[0].ts)} after ${ctx.upn(resets[0].actor ?? '')} reset its password`)
      if (actorChanges[0])
        parts.push(
          `${gap(g.ts - actorChanges[0].ts)} after the granting account's own ${describeChange(actorChanges[0])}`
        )
      out.push({
        severity: 'high',
        users: [g.user, ...(g.actor && !g.actor.startsWith('app:') && g.actor !== g.user ? [g.actor] : [])],
        start: Math.min(g.ts, ...related.map((c) => c.ts)),
        end: Math.max(g.ts, ...related.map((c) => c.ts)),
        evidence: [g.eventId, ...related.flatMap(changeEvidence)],
        anchor: { event: g.eventId },
        summary: `${role} granted to ${ctx.upn(g.user)}${g.actor ? ` by ${g.actor.startsWith('app:') ? g.actor.slice(4) : ctx.upn(g.actor)}` : ''} at ${iso(g.ts).slice(0, 16)}Z, ${parts.join('; ')}.`,
        facts: {
          role,
          wellKnown: g.wellKnown,
          grantedBy: g.actor,
          grantedAt: iso(g.ts),
          changes: near.map(describeChange),
          passwordResetByOther: resets.length > 0,
          granterChangedOwnSecurityInfo: actorChanges.length > 0
        }
      })
    }
    return out
  },
  examples: [
    {
      name: 'Privileged Authentication Administrator granted two hours after the account’s MFA was taken over',
      events: [
        registered('daniel@contoso.com', at(8, '14:30'), '203.0.113.77'),
        roleGrant(
          'ben@contoso.com',
          'daniel@contoso.com',
          plus(at(8, '14:30'), 120),
          'Privileged Authentication Administrator',
          'PrivilegedAuthenticationAdmins'
        )
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'a new admin enrols a key and gets an eligible role four days later',
      falsePositive: true,
      events: [
        registered('felix@contoso.com', at(2, '09:00'), '192.0.2.10', 'User registered Fido'),
        audit({
          activity: 'Add eligible member to role',
          ts: at(6, '10:00'),
          user: 'felix@contoso.com',
          by: 'ava.admin@contoso.com'
        })
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'a lesser role next to a change is not SI-029',
      events: [
        registered('amy@contoso.com', at(2, '09:00'), '192.0.2.20'),
        roleGrant('ben@contoso.com', 'amy@contoso.com', at(2, '11:00'), 'Reports Reader', 'ReportsReaders')
      ],
      expect: { silent: 'info' }
    }
  ]
}
