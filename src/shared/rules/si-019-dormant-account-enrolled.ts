import { ADD_USER } from '../scan/activities'
import { hasTag } from '../scan/changes'
import type { ScanSignIn } from '../scan/scan-event'
import { at, audit, history, plus, registered, returningUser, signIn } from './examples'
import { S, guidance } from './guidance'
import {
  DAY,
  HOUR,
  changeAddress,
  changeFrame,
  describeChanges,
  gap,
  ipStory,
  iso,
  needAuditsAndSignIns
} from './helpers'
import type { FindingDraft, Rule, Severity } from './types'

/**
 * SI-019: an account without a successful sign-in for 14 days gets MFA registered and is then
 * used (APT29 enrolled MFA on dormant accounts). The sign-in export must reach back far enough
 * to call the account dormant: with less than 14 days of sign-ins before the registration the
 * finding says how much history there was and is medium; with less than `minHistoryDays` it is
 * not raised. New accounts (an "Add user" shortly before) are onboarding, not dormancy.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-019',
    title: 'Dormant account gets MFA registered, then signs in',
    type: 'sequence',
    severity: 'high',
    attack: ['T1098.005', 'T1078.004'],
    requires: ['audit', 'signin'],
    uses: [],
    description:
      'U had no successful sign-in in the 14 days before a self-service registration (and was not created in the last 30 days), then a successful U sign-in within 24 hours after it. Stronger with "User registered all required security info" (first registration) or an unseen address. Medium when the sign-in export covers fewer than 14 days before the registration.',
    falsePositives: ['Returning employees', 'Leave of absence'],
    references: ['AZ13', 'T1098.005', 'CI'],
    thresholds: { dormantDays: 14, signInWithinHours: 24, newAccountDays: 30, minHistoryDays: 5 },
    thresholdNotes: {
      dormantDays: 'days without a successful sign-in that make an account dormant',
      signInWithinHours: 'the account must sign in this soon after the registration',
      newAccountDays: 'an account created this recently is onboarding, not dormant',
      minHistoryDays: 'sign-in coverage before the registration needed to judge dormancy at all'
    },
    guidance: guidance(
      [S.askUser, S.reviewSignIns, S.listMethods, S.reviewAudit],
      [S.blockSignIn, S.revokeSessions, S.removeAuthenticator, S.removePhone],
      [S.resetPassword, S.caRegistration]
    )
  },
  evaluate(ctx, t) {
    const missing = needAuditsAndSignIns(ctx)
    if (missing) return missing
    const dormant = (t.dormantDays ?? 14) * DAY
    const out: FindingDraft[] = []
    const coverageStart = ctx.coverage.firstSignIn ?? 0
    for (const user of ctx.users()) {
      const regs = ctx
        .changesOf(user)
        .filter((c) => hasTag(c, 'registered', 'registered-all') && !c.tags.has('by-other'))
      const seen = new Set<number>()
      for (const c of regs) {
        const covered = c.ts - coverageStart
        if (covered < (t.minHistoryDays ?? 5) * DAY) continue
        const signins = ctx.signinsOf(user)
        const before = signins.filter((s) => s.ok && s.ts < c.ts - 5 * 60_000)
        const lastBefore = before.at(-1) ?? null
        if (lastBefore && c.ts - lastBefore.ts <= dormant) continue
        const created = ctx
          .auditsAbout(user)
          .find(
            (a) =>
              a.act === ADD_USER &&
              a.target === user &&
              a.ts <= c.ts &&
              c.ts - a.ts <= (t.newAccountDays ?? 30) * DAY
          )
        if (created) continue
        const after = signins.find(
          (s: ScanSignIn) => s.ok && s.ts >= c.ts && s.ts - c.ts <= (t.signInWithinHours ?? 24) * HOUR
        )
        if (!after) continue
        const group = regs.filter((x) => Math.abs(x.ts - c.ts) <= HOUR)
        if (group.some((x) => seen.has(x.id))) continue
        for (const x of group) seen.add(x.id)
        const where = changeAddress(ctx, c)
        const v = ctx.baselines.ipVerdict(user, where.ip, c.ts)
        const fullCoverage = covered >= dormant
        const severity: Severity = fullCoverage ? 'high' : 'medium'
        const first = group.some((x) => x.tags.has('registered-all'))
        const quiet = lastBefore
          ? `${gap(c.ts - lastBefore.ts)} since its last successful sign-in`
          : `no successful sign-in in the ${Math.floor(covered / DAY)} days of sign-ins before it`
        out.push({
          severity,
          ...changeFrame(user, group, {
            anchor: c,
            end: after.ts,
            more: [after.id, ...(lastBefore ? [lastBefore.id] : [])]
          }),
          summary:
            `${ctx.upn(user)} was dormant (${quiet}) when ${describeChanges(group)}${where.ip ? ` from ${where.ip} (${ipStory(v)})` : ''}` +
            `${first ? ', its first complete registration' : ''}; the account signed in ${gap(after.ts - c.ts)} later${after.ip ? ` from ${after.ip}` : ''}` +
            (fullCoverage
              ? ''
              : `. The sign-in export covers only ${Math.floor(covered / DAY)} days before the registration`) +
            '.',
          facts: {
            lastSignInBefore: lastBefore ? iso(lastBefore.ts) : null,
            daysOfSignInsBefore: Math.floor(covered / DAY),
            registeredAt: iso(c.ts),
            registrationIp: where.ip,
            registrationIpKnown: v.known,
            firstRegistration: first,
            signInAfter: after.id,
            signInAfterIp: after.ip
          }
        })
      }
    }
    return out
  },
  examples: [
    {
      name: 'a dormant account is enrolled from abroad and used at once',
      events: [
        ...history('amy@contoso.com', '192.0.2.20', 0, 20),
        signIn({
          user: 'victor@contoso.com',
          ts: at(0, '10:00'),
          ip: '192.0.2.40',
          ok: false,
          errorCode: 50126
        }),
        registered('victor@contoso.com', at(20, '22:00'), '203.0.113.90', 'User registered Mobile Phone SMS'),
        signIn({ user: 'victor@contoso.com', ts: plus(at(20, '22:00'), 15), ip: '203.0.113.90' })
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'a returning employee signed in two days before registering',
      falsePositive: true,
      events: [
        ...history('amy@contoso.com', '192.0.2.20', 0, 20),
        ...returningUser('isabel@contoso.com', '192.0.2.38', 20)
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'a new hire created last week is onboarding, not dormant',
      falsePositive: true,
      events: [
        ...history('amy@contoso.com', '192.0.2.20', 0, 20),
        audit({
          activity: 'Add user',
          ts: at(14),
          user: 'jordan@contoso.com',
          by: 'app:HR Provisioning Connector'
        }),
        registered('jordan@contoso.com', at(19, '08:30'), '192.0.2.11'),
        signIn({ user: 'jordan@contoso.com', ts: at(19, '08:40'), ip: '192.0.2.11' })
      ],
      expect: { silent: 'info' }
    }
  ]
}
