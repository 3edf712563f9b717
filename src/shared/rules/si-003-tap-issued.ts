import { adminAction, at, plus, tap } from './examples'
import { S, guidance } from './guidance'
import { HOUR, byWhom, changeEvidence, gap, iso, needAudits } from './helpers'
import { helpdeskOperator, newAccount } from './routine'
import type { FindingDraft, Rule } from './types'

export function isMultiUse(usage: string | null | undefined): boolean {
  return usage !== null && usage !== undefined && /multiple|false/i.test(usage)
}

/**
 * SI-003: a Temporary Access Pass was issued. A TAP satisfies MFA and lets its holder register
 * any method, so who issued it, for whom and for how long matters.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-003',
    title: 'Temporary Access Pass issued',
    type: 'single-event',
    severity: 'medium',
    attack: ['T1078.004', 'T1556.006', 'T1098'],
    requires: ['audit'],
    uses: [],
    description:
      '"Admin registered security info" with "Admin registered temporary access pass method for user", "User registered temporary access pass method", or "Create Temporary Access Pass method for user". High when the target is privileged, the pass is multi-use, an app issued it, or the same actor issued passes to several users within a day. Low, with the reason, for onboarding the data shows: a one-time pass from a help-desk operator (case list or help-desk role) for an account created in the last 30 days.',
    falsePositives: ['Onboarding and passwordless rollout', 'Identity lifecycle automation'],
    references: ['SG2', 'EL1', 'AZ8', 'AZ15', 'MS1', 'MS5'],
    thresholds: { severalUsers: 3, severalWindowHours: 24 },
    thresholdNotes: {
      severalUsers: 'passes issued by one actor to this many distinct users …',
      severalWindowHours: '… within this many hours raise the finding'
    },
    guidance: guidance(
      [S.reviewActor, S.askUser, S.listMethods, S.reviewSignIns],
      [S.removeTap, S.revokeSessions],
      [S.tapPolicy, S.reviewApp, S.helpdeskProcess]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const taps = ctx.changes().filter((c) => c.tags.has('tap'))
    const out: FindingDraft[] = []
    const window = (t.severalWindowHours ?? 24) * HOUR
    for (const c of taps) {
      const privileged = ctx.privileged.at(c.user, c.ts)
      const multi = isMultiUse(c.tap?.usage)
      const byApp = c.actorType === 'app'
      const sameActor = c.actor
        ? taps.filter((x) => x.actor === c.actor && Math.abs(x.ts - c.ts) <= window).map((x) => x.user)
        : []
      const targets = [...new Set(sameActor)]
      const several = targets.length >= (t.severalUsers ?? 3)
      const raised: string[] = []
      if (privileged.privileged) raised.push(`the target is privileged (${privileged.why})`)
      if (multi) raised.push('the pass is multi-use')
      if (byApp) raised.push('an app issued it')
      if (several)
        raised.push(`the same actor issued passes to ${targets.length} users within ${window / HOUR} h`)
      const lifetime =
        c.tap?.lifetimeMinutes ??
        (c.tap?.start && c.tap?.end ? Math.round((c.tap.end - c.tap.start) / 60000) : null)
      // The catalog's "onboarding" false positive, where the data shows it: a one-time pass from a
      // help-desk operator for an account created in the last 30 days.
      const created = raised.length ? null : newAccount(ctx, c.user, c.ts)
      const operator = created ? helpdeskOperator(ctx, c.actor, c.ts) : null
      const onboarding =
        created && operator
          ? `onboarding: the account was created ${gap(c.ts - created.ts)} before and ${ctx.upn(c.actor ?? '')} ${operator}`
          : null
      out.push({
        severity: raised.length ? 'high' : onboarding ? 'low' : 'medium',
        users: c.actor && c.actorType === 'user' && c.actor !== c.user ? [c.user, c.actor] : [c.user],
        start: c.ts,
        end: c.tap?.end ?? c.ts,
        evidence: [...changeEvidence(c), ...(privileged.evidence ? [privileged.evidence] : [])],
        anchor: { event: c.id },
        summary:
          `Temporary Access Pass${multi ? ' (multi-use)' : c.tap?.usage ? ' (one-time)' : ''}${lifetime ? ` valid ${lifetime} min` : ''} issued for ${ctx.upn(c.user)}${byWhom(ctx, c)}${c.ip ? ` from ${c.ip}` : ''}` +
          (raised.length ? `; ${raised.join('; ')}` : '') +
          (onboarding ? `; routine ${onboarding}` : '') +
          '.',
        facts: {
          actor: c.actor,
          actorType: c.actorType,
          usage: c.tap?.usage ?? null,
          multiUse: multi,
          validFrom: c.tap?.start ? iso(c.tap.start) : null,
          validUntil: c.tap?.end ? iso(c.tap.end) : null,
          lifetimeMinutes: lifetime,
          targetPrivileged: privileged.privileged,
          privilegedWhy: privileged.why,
          actorTargets: targets,
          routine: onboarding
        }
      })
    }
    return out
  },
  examples: [
    {
      name: 'an admin registering a phone is not a TAP',
      events: [
        adminAction(
          'helpdesk@contoso.com',
          'bob@contoso.com',
          at(1),
          'Admin registered security info',
          'Admin registered phone method for user'
        )
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'a one-time TAP for a new hire',
      events: [tap('helpdesk@contoso.com', 'new@contoso.com', at(1), 'OneTime')],
      expect: { fires: 'medium' }
    },
    {
      name: 'a multi-use TAP',
      events: [tap('helpdesk@contoso.com', 'new@contoso.com', at(1), 'Multiple', 480)],
      expect: { fires: 'high' }
    },
    {
      name: 'a TAP issued by an app',
      events: [tap('app:Lifecycle Automation', 'ceo@contoso.com', at(1), 'OneTime')],
      expect: { fires: 'high' }
    },
    {
      name: 'one admin issues TAPs to three users in an hour',
      events: [
        tap('helpdesk@contoso.com', 'a@contoso.com', at(1), 'OneTime'),
        tap('helpdesk@contoso.com', 'b@contoso.com', plus(at(1), 20), 'OneTime'),
        tap('helpdesk@contoso.com', 'c@contoso.com', plus(at(1), 40), 'OneTime')
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'onboarding: a one-time TAP from the help desk for a new hire stays medium',
      falsePositive: true,
      events: [tap('helpdesk@contoso.com', 'newhire@contoso.com', at(1, '08:00'), 'OneTime', 60)],
      expect: { silent: 'high' }
    }
  ]
}
