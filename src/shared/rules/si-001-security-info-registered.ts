import { hasTag, type Change } from '../scan/changes'
import { at, authenticatorDiff, history, plus, registered } from './examples'
import { S, guidance } from './guidance'
import {
  HOUR,
  MINUTE,
  changeAddress,
  changeEvidence,
  describeChange,
  ipFacts,
  ipStory,
  iso,
  needAudits,
  quoted
} from './helpers'
import type { FindingDraft, Rule } from './types'

/**
 * SI-001: a user registered security info themselves. Informational on its own; it anchors the
 * sequence rules. Raised to low when the registration came from an address the user's sign-in
 * history does not know. Failed attempts with no success soon after are reported as attempts.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-001',
    title: 'New security info registered (self-service)',
    type: 'single-event',
    severity: 'info',
    attack: ['T1556.006', 'T1098.005'],
    requires: ['audit'],
    uses: ['signin'],
    description:
      'A user registered an authentication method ("User registered security info", "User registered all required security info", or a Device Registration Service credential add). The method comes from the status reason and, where paired, the device or phone number from the Core Directory "Update user" diff. Raised to low when the address is not known from the user’s earlier sign-ins.',
    falsePositives: ['Onboarding', 'New phones', 'Forced re-registration campaigns'],
    references: ['SG1', 'SP1', 'SP2', 'IV1', 'AZ16', 'MS1', 'MS3'],
    thresholds: { attemptWindowMinutes: 60 },
    thresholdNotes: {
      attemptWindowMinutes: 'failed or started registrations this long before a success are attached to it'
    },
    guidance: guidance(
      [S.askUser, S.listMethods, S.reviewSignIns],
      [S.revokeSessions],
      [S.removeAuthenticator, S.removePhone, S.caRegistration]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const out: FindingDraft[] = []
    const window = (t.attemptWindowMinutes ?? 60) * MINUTE
    for (const user of ctx.users()) {
      const changes = ctx.changesOf(user)
      const used = new Set<Change>()
      for (const c of changes) {
        if (!hasTag(c, 'registered', 'registered-all') || c.tags.has('by-other') || used.has(c)) continue
        // "all required" seconds after a registration is the same registration.
        const companions = changes.filter(
          (x) =>
            x !== c &&
            !used.has(x) &&
            x.tags.has('registered-all') &&
            x.ts >= c.ts &&
            x.ts - c.ts <= 5 * MINUTE
        )
        const attempts = changes.filter((x) => x.tags.has('attempt') && x.ts <= c.ts && c.ts - x.ts <= window)
        for (const x of [...companions, ...attempts]) used.add(x)
        const where = changeAddress(ctx, c)
        const verdict = ctx.baselines.ipVerdict(user, where.ip, c.ts)
        const unknown = where.ip !== null && verdict.known === null && ctx.coverage.signins > 0
        const failed = attempts.filter((a) => /fail/i.test(a.reason ?? '') || a.primary.result === 'failure')
        const what = describeChange(c)
        out.push({
          severity: unknown ? 'low' : 'info',
          users: [user],
          start: Math.min(c.ts, ...attempts.map((a) => a.ts)),
          end: Math.max(c.ts, ...companions.map((a) => a.ts)),
          evidence: [
            ...changeEvidence(c),
            ...companions.flatMap(changeEvidence),
            ...attempts.flatMap(changeEvidence)
          ],
          anchor: { event: c.id },
          summary:
            `${ctx.upn(user)}: ${what}${where.ip ? ` from ${where.ip}` : ''}` +
            (ctx.coverage.signins > 0 && where.ip ? ` (${ipStory(verdict)})` : '') +
            (failed.length ? `; ${failed.length} failed attempt(s) before it` : '') +
            (companions.length ? '; first complete registration ("all required security info")' : '') +
            '.',
          facts: {
            method: c.method,
            detail: c.detail,
            reason: c.reason,
            registeredAt: iso(c.ts),
            firstRegistration: companions.length > 0 || c.tags.has('registered-all'),
            attempts: attempts.length,
            failedAttempts: failed.length,
            addressNote: where.note,
            ...ipFacts(verdict)
          }
        })
      }
      // Failed attempts without a success soon after.
      for (const c of changes) {
        if (!c.tags.has('attempt') || used.has(c)) continue
        if (!/fail/i.test(c.reason ?? '') && c.primary.result !== 'failure') continue
        const success = changes.some((x) => hasTag(x, 'registered') && x.ts >= c.ts && x.ts - c.ts <= HOUR)
        if (success) continue
        out.push({
          severity: 'info',
          users: [user],
          start: c.ts,
          end: c.ts,
          evidence: changeEvidence(c),
          anchor: { event: c.id },
          summary: `${ctx.upn(user)}: failed security-info registration${quoted(c.reason)}${c.ip ? ` from ${c.ip}` : ''}, with no successful registration within an hour.`,
          facts: { reason: c.reason, ip: c.ip, attempt: true }
        })
      }
    }
    return out
  },
  examples: [
    {
      name: 'a registration from a known address is informational',
      events: [
        ...history('amy@contoso.com', '192.0.2.20', 0, 5),
        authenticatorDiff('amy@contoso.com', at(6, '10:00'), [], [{ name: 'iPhone 15', token: 'tok-amy' }]),
        registered('amy@contoso.com', plus(at(6, '10:00'), 0.05), '192.0.2.20')
      ],
      expect: { fires: 'info' }
    },
    {
      name: 'a registration from an address never seen for the user is raised to low',
      events: [
        ...history('amy@contoso.com', '192.0.2.20', 0, 5),
        registered('amy@contoso.com', at(6, '10:00'), '203.0.113.9')
      ],
      expect: { fires: 'low' }
    },
    {
      name: 'onboarding: a new hire registering from the office stays informational',
      falsePositive: true,
      events: [
        ...history('boss@contoso.com', '192.0.2.10', 0, 5),
        ...history('hr@contoso.com', '192.0.2.10', 0, 5),
        ...history('it@contoso.com', '192.0.2.10', 0, 5),
        registered(
          'newhire@contoso.com',
          at(6, '10:00'),
          '192.0.2.10',
          'User registered all required security info.'
        )
      ],
      expect: { silent: 'low' }
    }
  ]
}
