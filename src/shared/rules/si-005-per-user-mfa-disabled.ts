import { at, audit, prop, roleGrant } from './examples'
import { S, guidance } from './guidance'
import type { Change } from '../scan/changes'
import type { ScanContext } from '../scan/context'
import { DAY, between, byWhom, changeEvidence, isMfaSuccess, iso, needAudits } from './helpers'
import type { FindingDraft, Rule } from './types'

/**
 * The catalog's "migration from per-user MFA to Conditional Access", where the data shows it: every
 * successful interactive sign-in of the user in the day after satisfied MFA (at least two of
 * them), so something else still requires it.
 */
function stillEnforced(ctx: ScanContext, c: Change): string | null {
  const after = between(ctx.signinsOf(c.user), c.ts, c.ts + DAY).filter(
    (s) => s.ok && s.interactive !== false
  )
  if (after.length < 2 || !after.every(isMfaSuccess)) return null
  return `the user's ${after.length} sign-ins in the next 24 hours all satisfied MFA (a Conditional Access policy still requires it)`
}

/** SI-005: per-user MFA turned off ("Disable Strong Authentication", or StrongAuthenticationRequirement emptied). */
export const rule: Rule = {
  meta: {
    id: 'SI-005',
    title: 'Per-user MFA disabled',
    type: 'single-event',
    severity: 'medium',
    attack: ['T1556.006'],
    requires: ['audit'],
    uses: [],
    description:
      '"Disable Strong Authentication", or "Update user" whose StrongAuthenticationRequirement goes from State 1/2 to 0 or []. High when the target is privileged or an app did it. Low, with the reason, when every successful interactive sign-in of the user in the next 24 hours (at least two) satisfied MFA: MFA is still required elsewhere (the catalog’s migration to Conditional Access).',
    falsePositives: ['Migration from per-user MFA to Conditional Access', 'Troubleshooting'],
    references: ['SG3', 'SG4', 'SP5', 'EL2', 'MS6'],
    thresholds: {},
    thresholdNotes: {},
    guidance: guidance(
      [S.reviewActor, S.reviewCaPolicies, S.reviewSignIns],
      [S.reenablePerUserMfa, S.revokeSessions],
      [S.reviewCaPolicies]
    )
  },
  evaluate(ctx) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const out: FindingDraft[] = []
    for (const c of ctx.changes()) {
      if (!c.tags.has('mfa-disabled')) continue
      const privileged = ctx.privileged.at(c.user, c.ts)
      const byApp = c.actorType === 'app' && c.tags.has('by-other')
      const enforced = privileged.privileged || byApp ? null : stillEnforced(ctx, c)
      out.push({
        severity: privileged.privileged || byApp ? 'high' : enforced ? 'low' : 'medium',
        users: c.actor && c.actorType === 'user' && c.actor !== c.user ? [c.user, c.actor] : [c.user],
        start: c.ts,
        end: c.events.reduce((m, e) => Math.max(m, e.ts), c.ts),
        evidence: changeEvidence(c),
        anchor: { event: c.id },
        summary:
          `Per-user MFA disabled for ${ctx.upn(c.user)}${byWhom(ctx, c)}${c.ip ? ` from ${c.ip}` : ''}` +
          (privileged.privileged ? `; the account is privileged (${privileged.why})` : '') +
          (enforced ? `; routine: ${enforced}` : '') +
          '.',
        facts: {
          actor: c.actor,
          actorType: c.actorType,
          ip: c.ip,
          targetPrivileged: privileged.privileged,
          routine: enforced,
          disabledAt: iso(c.ts)
        }
      })
    }
    return out
  },
  examples: [
    {
      name: 'an admin disables per-user MFA',
      events: [
        audit({
          activity: 'Disable Strong Authentication',
          ts: at(2),
          user: 'kim@contoso.com',
          by: 'admin@contoso.com',
          ip: '192.0.2.10'
        })
      ],
      expect: { fires: 'medium' }
    },
    {
      name: 'the requirement emptied on a Global Administrator',
      events: [
        roleGrant('root@contoso.com', 'kim@contoso.com', at(1), 'Global Administrator', 'TenantAdmins'),
        audit({
          activity: 'Update user',
          ts: at(2),
          user: 'kim@contoso.com',
          by: 'admin@contoso.com',
          modified: [prop('StrongAuthenticationRequirement', [{ RelyingParty: '*', State: 1 }], [])]
        })
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'enabling per-user MFA is not SI-005',
      events: [
        audit({
          activity: 'Update user',
          ts: at(2),
          user: 'kim@contoso.com',
          by: 'admin@contoso.com',
          modified: [prop('StrongAuthenticationRequirement', [], [{ RelyingParty: '*', State: 1 }])]
        })
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'migration to Conditional Access: per-user MFA retired for an ordinary user stays medium',
      falsePositive: true,
      events: [
        audit({
          activity: 'Disable Strong Authentication',
          ts: at(2),
          user: 'hannah@contoso.com',
          by: 'security.lead@contoso.com',
          ip: '192.0.2.12'
        })
      ],
      expect: { silent: 'high' }
    }
  ]
}
