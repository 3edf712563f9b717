import { isSecurityInfoChange } from '../scan/changes'
import type { ScanSignIn } from '../scan/scan-event'
import { at, authenticatorDiff, plus, registered, signIn } from './examples'
import { S, guidance } from './guidance'
import { HOUR, MINUTE, byWhom, changeEvidence, describeChange, gap, iso, needSignIns } from './helpers'
import { BURST_DEFAULTS, BURST_NOTES, denialBursts } from './si-010-mfa-denial-burst'
import type { FindingDraft, Rule } from './types'

/**
 * SI-016: an MFA denial burst (SI-010), an approval within the hour, then a security-info change
 * within a day: push-bombing that worked, followed by the attacker binding their own method
 * (CISA AA24-290A).
 */
export const rule: Rule = {
  meta: {
    id: 'SI-016',
    title: 'MFA fatigue → approval → security-info change',
    type: 'sequence',
    severity: 'critical',
    attack: ['T1621', 'T1098.005', 'T1556.006'],
    requires: ['audit', 'signin'],
    uses: [],
    description:
      'An SI-010 denial burst for U, then a successful MFA sign-in within 1 hour, then a security-info change (SI-001..SI-007) for U within 24 hours of that approval.',
    falsePositives: ['Rare: a user denies stale prompts, then signs in and enrols a new phone'],
    references: ['CI', 'AZ4', 'RP6'],
    thresholds: { ...BURST_DEFAULTS, changeWithinHours: 24 },
    thresholdNotes: {
      ...BURST_NOTES,
      approvalWithinMinutes: 'maximum time from the last denial to the approval',
      changeWithinHours: 'maximum time from the approval to the security-info change'
    },
    guidance: guidance(
      [S.askUser, S.reviewSignIns, S.listMethods],
      [S.revokeSessions, S.blockSignIn, S.confirmCompromised, S.removeAuthenticator],
      [S.resetPassword, S.numberMatching, S.caRegistration, S.blockIp]
    )
  },
  evaluate(ctx, t) {
    const missing = needSignIns(ctx)
    if (missing) return missing
    const changeWindow = (t.changeWithinHours ?? 24) * HOUR
    const out: FindingDraft[] = []
    const users = new Set<string>()
    for (const c of ctx.changes()) if (isSecurityInfoChange(c)) users.add(c.user)
    for (const user of [...users].sort()) {
      for (const b of denialBursts(ctx, user, t)) {
        if (!b.approval) continue
        const approval = b.approval
        const last = b.denials.at(-1) as ScanSignIn
        if (approval.ts - last.ts > (t.approvalWithinMinutes ?? 60) * MINUTE) continue
        const changes = ctx
          .changesOf(user)
          .filter((c) => isSecurityInfoChange(c) && c.ts >= approval.ts && c.ts - approval.ts <= changeWindow)
        if (changes.length === 0) continue
        const first = b.denials[0] as ScanSignIn
        const c = changes[0]
        if (!c) continue
        out.push({
          severity: 'critical',
          users: [user],
          start: first.ts,
          end: Math.max(...changes.map((x) => x.ts)),
          evidence: [
            first.id,
            ...b.denials.slice(1).map((d) => d.id),
            approval.id,
            ...changes.flatMap(changeEvidence)
          ],
          anchor: { event: first.id },
          summary:
            `${ctx.upn(user)}: ${b.denials.length} MFA denials (${b.why}), an approval ${gap(approval.ts - last.ts)} after the last one${approval.ip ? ` from ${approval.ip}` : ''}, ` +
            `then ${gap(c.ts - approval.ts)} later ${changes.map((x) => `${describeChange(x)}${byWhom(ctx, x)}`).join(', ')}${c.ip ? ` from ${c.ip}` : ''}.`,
          facts: {
            denials: b.denials.length,
            firstDenialAt: iso(first.ts),
            approvedAt: iso(approval.ts),
            approvalIp: approval.ip,
            changeAt: iso(c.ts),
            changeIp: c.ip,
            changes: changes.map(describeChange)
          }
        })
      }
    }
    return out
  },
  examples: [
    {
      name: 'push-bombing, approval, new Authenticator',
      events: [
        ...Array.from({ length: 12 }, (_, i) =>
          signIn({
            user: 'lucas@contoso.com',
            ts: plus(at(4, '02:00'), i * 0.4),
            errorCode: 500121,
            ok: false,
            reason: 'MFA denied; user declined the authentication',
            ip: '203.0.113.50'
          })
        ),
        signIn({
          user: 'lucas@contoso.com',
          ts: plus(at(4, '02:00'), 6),
          ip: '203.0.113.50',
          methods: ['microsoft-authenticator']
        }),
        authenticatorDiff(
          'lucas@contoso.com',
          plus(at(4, '02:00'), 20),
          [{ name: 'iPhone 13', token: 'a' }],
          [
            { name: 'iPhone 13', token: 'a' },
            { name: 'Pixel 7', token: 'b' }
          ]
        ),
        registered('lucas@contoso.com', plus(at(4, '02:00'), 20.05), '203.0.113.50')
      ],
      expect: { fires: 'critical' }
    },
    {
      name: 'a user ignores stale prompts, approves later and registers a phone the next week',
      falsePositive: true,
      events: [
        ...Array.from({ length: 3 }, (_, i) =>
          signIn({
            user: 'hannah@contoso.com',
            ts: plus(at(4, '08:00'), i * 2),
            errorCode: 500121,
            ok: false,
            reason: 'MFA denied; user did not respond to mobile app notification'
          })
        ),
        signIn({
          user: 'hannah@contoso.com',
          ts: plus(at(4, '08:00'), 15),
          methods: ['microsoft-authenticator']
        }),
        registered('hannah@contoso.com', at(11, '10:00'), '192.0.2.10')
      ],
      expect: { silent: 'info' }
    }
  ]
}
