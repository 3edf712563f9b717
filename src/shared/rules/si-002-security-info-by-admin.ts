import { ADMIN_SECURITY_INFO, TAP_CREATE } from '../scan/activities'
import type { ScanContext } from '../scan/context'
import { hasTag, type Change } from '../scan/changes'
import { adminAction, at, history, plus, signIn } from './examples'
import { S, guidance } from './guidance'
import {
  HOUR,
  between,
  byWhom,
  changeEvidence,
  describeChange,
  gap,
  isRisky,
  iso,
  needAudits,
  riskText
} from './helpers'
import { helpdeskOperator, newAccount, restoredByUser } from './routine'
import { isMultiUse } from './si-003-tap-issued'
import type { FindingDraft, Rule } from './types'

/** The acting admin's own risky sign-in in the hours before (RP9). */
export function actorRiskBefore(ctx: ScanContext, c: Change, hours: number) {
  if (c.actorType !== 'user' || c.actor === null) return null
  const risky = between(ctx.signinsOf(c.actor), c.ts - hours * HOUR, c.ts).filter(isRisky)
  return risky.at(-1) ?? null
}

/**
 * The catalog's "help-desk onboarding and lost-phone tickets", where the data shows them: a
 * help-desk operator's removal that the user restored from a known address, a one-time TAP for an
 * account created in the last 30 days, or the clean-up of a TAP.
 */
function routineTicket(ctx: ScanContext, c: Change): string | null {
  const operator = helpdeskOperator(ctx, c.actor, c.ts)
  if (!operator) return null
  const who = `${ctx.upn(c.actor ?? '')} ${operator}`
  if (hasTag(c, 'tap-deleted')) return `a help-desk clean-up of a Temporary Access Pass (${who})`
  if (hasTag(c, 'tap')) {
    const created = newAccount(ctx, c.user, c.ts)
    if (created && !isMultiUse(c.tap?.usage))
      return `an onboarding pass: one-time, for an account created ${gap(c.ts - created.ts)} before, by ${who}`
    return null
  }
  if (hasTag(c, 'deleted', 'wiped')) {
    const restored = restoredByUser(ctx, c)
    return restored ? `a help-desk reset (${who}); ${restored.text}` : null
  }
  return null
}

/**
 * SI-002: an admin or an app registered, updated or deleted security info for someone else
 * (help desk, provisioning scripts, or an attacker holding an admin or app credential).
 */
export const rule: Rule = {
  meta: {
    id: 'SI-002',
    title: 'Security info registered or updated for a user by someone else (admin or app)',
    type: 'single-event',
    severity: 'medium',
    attack: ['T1098.005', 'T1556.006'],
    requires: ['audit'],
    uses: ['signin'],
    description:
      '"Admin registered security info", "Admin updated security info" or "Admin deleted security info" (or a TAP created) where the initiator is not the target user, or is an app. High when the target is privileged or the acting admin had a risky sign-in in the 4 hours before (RP9). Low, with the reason, for a help-desk operator’s routine ticket the data shows (operator on the case’s help-desk list or holding a help-desk role): a removal the user restored from a known address within 48 hours, a one-time TAP for an account created in the last 30 days, or a TAP clean-up.',
    falsePositives: [
      'Help-desk onboarding and lost-phone tickets',
      'Bulk provisioning scripts (UserAuthenticationMethod.ReadWrite.All)'
    ],
    references: ['RP3', 'RP9', 'MS6'],
    thresholds: { actorRiskHours: 4 },
    thresholdNotes: {
      actorRiskHours: 'a risky sign-in of the acting admin this many hours before raises the finding'
    },
    guidance: guidance(
      [S.reviewActor, S.askUser, S.listMethods],
      [S.revokeSessions, S.removeTap, S.removePhone],
      [S.reviewApp, S.helpdeskProcess, S.caRegistration]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const out: FindingDraft[] = []
    for (const c of ctx.changes()) {
      if (!c.tags.has('by-other')) continue
      if (
        !ADMIN_SECURITY_INFO.has(c.primary.act) &&
        c.primary.act !== TAP_CREATE &&
        !/^user registered/.test(c.primary.act)
      )
        continue
      const privileged = ctx.privileged.at(c.user, c.ts)
      const risky = actorRiskBefore(ctx, c, t.actorRiskHours ?? 4)
      const reasons: string[] = []
      if (privileged.privileged) reasons.push(`the target is privileged (${privileged.why})`)
      if (risky)
        reasons.push(
          `${ctx.upn(c.actor ?? '')} had a ${riskText(risky)} from ${risky.ip ?? 'an unknown address'} ${Math.round((c.ts - risky.ts) / 60000)} min before`
        )
      const byApp = c.actorType === 'app'
      const routine = reasons.length ? null : routineTicket(ctx, c)
      out.push({
        severity: reasons.length ? 'high' : routine ? 'low' : 'medium',
        users: c.actor && c.actorType === 'user' ? [c.user, c.actor] : [c.user],
        start: risky ? Math.min(risky.ts, c.ts) : c.ts,
        end: c.events.reduce((m, e) => Math.max(m, e.ts), c.ts),
        evidence: [
          ...changeEvidence(c),
          ...(risky ? [risky.id] : []),
          ...(privileged.evidence ? [privileged.evidence] : [])
        ],
        anchor: { event: c.id },
        summary:
          `${describeChange(c)} for ${ctx.upn(c.user)}${byWhom(ctx, c)}${c.ip ? ` from ${c.ip}` : ''}` +
          (c.reason ? ` ("${c.reason.replace(/\.$/, '')}")` : '') +
          (reasons.length ? `; ${reasons.join('; ')}` : '') +
          (routine ? `; routine: ${routine}` : '') +
          '.',
        facts: {
          actor: c.actor,
          actorType: c.actorType,
          actorIsApp: byApp,
          target: c.user,
          activity: c.primary.activity,
          reason: c.reason,
          method: c.method,
          detail: c.detail,
          ip: c.ip,
          changedAt: iso(c.ts),
          targetPrivileged: privileged.privileged,
          privilegedWhy: privileged.why,
          actorRiskySignIn: risky ? risky.id : null,
          routine
        }
      })
    }
    return out
  },
  examples: [
    {
      name: 'help desk registers a phone for a user',
      events: [
        adminAction(
          'helpdesk@contoso.com',
          'bob@contoso.com',
          at(3, '10:00'),
          'Admin registered security info',
          'Admin registered phone method for user'
        )
      ],
      expect: { fires: 'medium' }
    },
    {
      name: 'the acting admin had a high-risk sign-in an hour before',
      events: [
        signIn({
          user: 'helpdesk@contoso.com',
          ts: at(3, '09:00'),
          ip: '203.0.113.7',
          riskLevel: 'high',
          riskState: 'atRisk'
        }),
        adminAction(
          'helpdesk@contoso.com',
          'bob@contoso.com',
          plus(at(3, '09:00'), 60),
          'Admin registered security info',
          'Admin registered phone method for user'
        )
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'a user registering their own method is not SI-002',
      events: [
        ...history('bob@contoso.com', '192.0.2.20', 0, 3),
        adminAction(
          'bob@contoso.com',
          'bob@contoso.com',
          at(3, '10:00'),
          'User registered security info',
          'User registered Mobile Phone SMS'
        )
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'a genuine lost-phone ticket is reported at the catalog’s base severity, not raised',
      falsePositive: true,
      events: [
        adminAction(
          'helpdesk@contoso.com',
          'emma@contoso.com',
          at(3, '15:00'),
          'Admin deleted security info',
          'Admin required re-registration of MFA authentication methods.'
        )
      ],
      expect: { silent: 'high' }
    }
  ]
}
