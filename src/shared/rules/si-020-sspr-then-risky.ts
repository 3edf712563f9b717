import { SELF_PASSWORD_RESET, SSPR_PRESENTED_REASON, SSPR_PROGRESS } from '../scan/activities'
import { hasTag } from '../scan/changes'
import type { ScanAudit, ScanSignIn } from '../scan/scan-event'
import { at, audit, history, plus, signIn } from './examples'
import { S, guidance } from './guidance'
import {
  HOUR,
  MINUTE,
  between,
  changeAddress,
  changeEvidence,
  gap,
  ipStory,
  isRisky,
  iso,
  needAudits,
  riskText,
  userList
} from './helpers'
import type { FindingDraft, Rule, Severity } from './types'

/** RP10's interrupt-or-success codes: the password worked, whatever happened next. */
const PASSWORD_ACCEPTED = new Set([
  0, 50055, 50057, 50155, 50105, 50133, 50005, 50076, 50079, 50173, 50158, 50072, 50074, 53003, 53000, 53001,
  50129
])

/**
 * SI-020: self-service password reset followed by a risky sign-in (RP10), SSPR or unlock from an
 * address unknown for the user (RP12), and SSPR reconnaissance: several accounts reach
 * "presented with verification options" from one address and never finish.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-020',
    title: 'SSPR / password reset → risky or unfamiliar sign-in',
    type: 'sequence',
    severity: 'medium',
    attack: ['T1078.004', 'T1098', 'T1621'],
    requires: ['audit'],
    uses: ['signin'],
    description:
      '"Reset password (self-service)" ("Successfully completed reset.") for U, then a sign-in with medium/high risk within 120 minutes whose errorCode shows the password was accepted (RP10) — high; SSPR or "Unlock user account (self-service)" from an address unknown for U — medium; and SSPR reconnaissance: at least 3 accounts reaching "User was presented with verification options" from one address within an hour without completing a reset — medium (high from 5 accounts).',
    falsePositives: ['Users resetting while travelling'],
    references: ['RP10', 'RP12', 'MS9'],
    thresholds: { riskWindowMinutes: 120, reconAccounts: 3, reconHighAccounts: 5, reconWindowMinutes: 60 },
    thresholdNotes: {
      riskWindowMinutes: 'a risky sign-in this soon after the reset fires high',
      reconAccounts: 'accounts presented with verification options from one address …',
      reconHighAccounts: '… this many make it high …',
      reconWindowMinutes: '… within this window, none completing a reset'
    },
    guidance: guidance(
      [S.askUser, S.reviewSignIns, S.reviewRisk, S.otherUsersFromIp],
      [S.resetPassword, S.revokeSessions, S.blockIp],
      [S.ssprSettings, S.caRegistration]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const out: FindingDraft[] = []
    const riskWindow = (t.riskWindowMinutes ?? 120) * MINUTE
    const hasSignIns = ctx.coverage.signins > 0
    for (const c of ctx.changes()) {
      if (!hasTag(c, 'sspr-reset', 'unlock')) continue
      const user = c.user
      const what = c.tags.has('unlock') ? 'self-service account unlock' : 'self-service password reset'
      const risky = between(ctx.signinsOf(user), c.ts, c.ts + riskWindow).find(
        (s: ScanSignIn) => isRisky(s) && s.errorCode !== null && PASSWORD_ACCEPTED.has(s.errorCode)
      )
      const where = changeAddress(ctx, c)
      const v = hasSignIns ? ctx.baselines.ipVerdict(user, where.ip, c.ts) : null
      const unseen = v !== null && where.ip !== null && v.known === null
      if (!risky && !unseen) continue
      let severity: Severity = risky ? 'high' : 'medium'
      if (!risky && v && !v.history.sufficient) severity = 'low'
      out.push({
        severity,
        users: [user],
        start: c.ts,
        end: risky ? risky.ts : c.ts,
        evidence: [...changeEvidence(c), ...(risky ? [risky.id] : [])],
        anchor: { event: c.id },
        summary:
          `${ctx.upn(user)}: ${what}${where.ip ? ` from ${where.ip}` : ''}${v && where.ip ? ` (${ipStory(v)})` : ''}` +
          (risky
            ? `, then ${gap(risky.ts - c.ts)} later a ${riskText(risky)}${risky.ip ? ` from ${risky.ip}` : ''}`
            : '') +
          '.',
        facts: {
          resetAt: iso(c.ts),
          resetIp: where.ip,
          resetIpKnown: v?.known ?? null,
          riskySignIn: risky?.id ?? null,
          riskLevel: risky?.riskLevel ?? null,
          riskyIp: risky?.ip ?? null,
          unlock: c.tags.has('unlock')
        }
      })
    }
    // SSPR reconnaissance from one address.
    const presented = ctx.audits.filter(
      (a) => a.act === SSPR_PROGRESS && SSPR_PRESENTED_REASON.test(a.reason ?? '') && a.ip !== null
    )
    const completed = ctx.audits.filter((a) => a.act === SELF_PASSWORD_RESET)
    const reconWindow = (t.reconWindowMinutes ?? 60) * MINUTE
    const byIp = new Map<string, ScanAudit[]>()
    for (const a of presented) {
      const l = byIp.get(a.ip as string) ?? []
      l.push(a)
      byIp.set(a.ip as string, l)
    }
    for (const [ip, events] of byIp) {
      if (ctx.isTrustedIp(ip)) continue
      let i = 0
      while (i < events.length) {
        const first = events[i] as ScanAudit
        const group = events.filter((e) => e.ts >= first.ts && e.ts - first.ts <= reconWindow)
        i += Math.max(1, group.length)
        const abandoned = group.filter(
          (e) => !completed.some((r) => r.target === e.target && Math.abs(r.ts - e.ts) <= HOUR)
        )
        const users = [
          ...new Set(abandoned.map((e) => e.target).filter((x): x is string => x !== null))
        ].sort()
        if (users.length < (t.reconAccounts ?? 3)) continue
        const last = abandoned.at(-1) as ScanAudit
        out.push({
          severity: users.length >= (t.reconHighAccounts ?? 5) ? 'high' : 'medium',
          users,
          start: first.ts,
          end: last.ts,
          evidence: abandoned.map((e) => e.id),
          anchor: { key: `recon:${ip}:${first.ts}` },
          summary: `${users.length} accounts reached "presented with verification options" in self-service password reset from ${ip} within ${gap(last.ts - first.ts)} and none completed a reset: ${userList(ctx, users)}.`,
          facts: {
            ip,
            accounts: users,
            attempts: abandoned.length,
            firstAt: iso(first.ts),
            lastAt: iso(last.ts)
          }
        })
      }
    }
    return out
  },
  examples: [
    {
      name: 'SSPR at night, then a medium-risk sign-in',
      events: [
        ...history('aisha@contoso.com', '192.0.2.42', 0, 5),
        audit({
          activity: 'Reset password (self-service)',
          ts: at(6, '03:10'),
          user: 'aisha@contoso.com',
          ip: '203.0.113.30',
          reason: 'Successfully completed reset.'
        }),
        signIn({
          user: 'aisha@contoso.com',
          ts: plus(at(6, '03:10'), 12),
          ip: '203.0.113.30',
          riskLevel: 'medium',
          riskState: 'atRisk'
        })
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'a traveller resets his password from the hotel he has used for two days',
      falsePositive: true,
      events: [
        ...history('tom@contoso.com', '192.0.2.10', 0, 3),
        signIn({ user: 'tom@contoso.com', ts: at(3, '19:00'), ip: '198.51.100.33' }),
        signIn({ user: 'tom@contoso.com', ts: at(4, '08:00'), ip: '198.51.100.33' }),
        audit({
          activity: 'Reset password (self-service)',
          ts: at(5, '07:30'),
          user: 'tom@contoso.com',
          ip: '198.51.100.33',
          reason: 'Successfully completed reset.'
        })
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'SSPR reconnaissance: six accounts from one address never finish',
      events: ['a', 'b', 'c', 'd', 'e', 'f'].map((u, i) =>
        audit({
          activity: 'Self-service password reset flow activity progress',
          ts: plus(at(7, '01:00'), i * 3),
          user: `${u}@contoso.com`,
          ip: '203.0.113.99',
          reason: 'User was presented with verification options'
        })
      ),
      expect: { fires: 'high' }
    }
  ]
}
