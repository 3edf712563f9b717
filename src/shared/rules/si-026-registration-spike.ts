import { hasTag, type Change } from '../scan/changes'
import { at, plus, registered } from './examples'
import { S, guidance } from './guidance'
import { DAY, HOUR, changeEvidence, iso, needAudits, userList, when } from './helpers'
import { newAccount } from './routine'
import { couldNotRun, type FindingDraft, type Rule } from './types'

/**
 * SI-026: more users registering security info within an hour than the tenant's own history
 * explains: at least `minUsers` users, more than mean + 3σ of the hourly counts over the previous
 * week (SP8), and more than 10 % above the same hour a week earlier (MS2).
 */
export const rule: Rule = {
  meta: {
    id: 'SI-026',
    title: 'Tenant-wide registration spike',
    type: 'cross-user',
    severity: 'medium',
    attack: ['T1098.005'],
    requires: ['audit'],
    uses: [],
    description:
      'Distinct users with a self-service registration in any 60-minute window, compared with hourly counts over the previous 7 days: fires when the window has at least 3 users, exceeds mean + 3σ and is more than 10 % above the same hour a week earlier. Needs at least 2 days of audit history before the window. Low when every account in the window was created in the last 30 days (onboarding: new hires’ first registrations, a registration campaign of its own).',
    falsePositives: ['MFA rollout campaigns', 'Registration-campaign nudges'],
    references: ['MS2', 'SP8', 'AZ23'],
    thresholds: { minUsers: 3, sigmas: 3, baselineDays: 7, minBaselineDays: 2 },
    thresholdNotes: {
      minUsers: 'users in one hour needed to call it a spike',
      sigmas: 'standard deviations above the hourly mean',
      baselineDays: 'days of history the hourly baseline uses',
      minBaselineDays: 'days of audit history needed before a window is judged'
    },
    guidance: guidance(
      [S.otherUsersFromIp, S.askUser, S.listMethods],
      [S.revokeSessions, S.blockIp],
      [S.caRegistration]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const regs = ctx
      .changes()
      .filter((c) => hasTag(c, 'registered', 'registered-all') && !c.tags.has('by-other'))
    const firstAudit = ctx.coverage.firstAudit ?? 0
    const minBaseline = (t.minBaselineDays ?? 2) * DAY
    const baselineDays = t.baselineDays ?? 7
    let judged = 0
    const out: FindingDraft[] = []
    let skipUntil = Number.NEGATIVE_INFINITY
    const hourly = new Map<number, Set<string>>()
    for (const c of regs) {
      const h = Math.floor(c.ts / HOUR)
      const set = hourly.get(h) ?? new Set<string>()
      set.add(c.user)
      hourly.set(h, set)
    }
    const bucket = (h: number): number => hourly.get(h)?.size ?? 0
    for (let i = 0; i < regs.length; i++) {
      const r = regs[i] as Change
      if (r.ts < skipUntil) continue
      if (r.ts - firstAudit < minBaseline) continue
      judged++
      const members: Change[] = []
      for (let j = i; j < regs.length && (regs[j] as Change).ts < r.ts + HOUR; j++)
        members.push(regs[j] as Change)
      const windowUsers = new Set(members.map((c) => c.user))
      if (windowUsers.size < (t.minUsers ?? 3)) continue
      const from = Math.max(firstAudit, r.ts - baselineDays * DAY)
      const firstHour = Math.floor(from / HOUR)
      const lastHour = Math.floor(r.ts / HOUR)
      const counts: number[] = []
      for (let h = firstHour; h < lastHour; h++) counts.push(bucket(h))
      if (counts.length === 0) counts.push(0)
      const mean = counts.reduce((a, b) => a + b, 0) / counts.length
      const sd = Math.sqrt(counts.reduce((a, b) => a + (b - mean) ** 2, 0) / counts.length)
      const weekAgo = r.ts - 7 * DAY
      const lastWeek =
        weekAgo >= firstAudit
          ? new Set(regs.filter((c) => c.ts >= weekAgo && c.ts < weekAgo + HOUR).map((c) => c.user)).size
          : null
      if (windowUsers.size <= mean + (t.sigmas ?? 3) * sd) continue
      if (lastWeek !== null && windowUsers.size <= lastWeek * 1.1) continue
      const users = [...windowUsers].sort()
      // The catalog's onboarding false positive, where the data shows it: every account in the
      // spike was created in the last 30 days.
      const onboarding = users.every((u) => newAccount(ctx, u, r.ts) !== null)
      out.push({
        severity: onboarding ? 'low' : 'medium',
        users,
        start: r.ts,
        end: (members.at(-1) as Change).ts,
        evidence: members.flatMap(changeEvidence),
        anchor: { key: `spike:${iso(r.ts)}` },
        summary: `${users.length} users registered security info within an hour from ${when(r.ts)} (hourly mean over the previous ${Math.round((r.ts - from) / DAY)} days: ${mean.toFixed(2)}, σ ${sd.toFixed(2)}${lastWeek !== null ? `; same hour a week earlier: ${lastWeek}` : ''}): ${userList(ctx, users)}${onboarding ? '; routine: every one of these accounts was created in the last 30 days (onboarding)' : ''}.`,
        facts: {
          users: users.length,
          accounts: users,
          hourlyMean: Number(mean.toFixed(3)),
          hourlySd: Number(sd.toFixed(3)),
          sameHourLastWeek: lastWeek,
          baselineDays: Math.round((r.ts - from) / DAY),
          onboarding
        }
      })
      skipUntil = r.ts + HOUR
    }
    if (judged === 0 && regs.length > 0)
      return couldNotRun(
        `less than ${t.minBaselineDays ?? 2} days of audit history before every registration`
      )
    return out
  },
  examples: [
    {
      name: 'three enrolments in 20 minutes after a quiet week',
      events: [
        registered('old@contoso.com', at(0, '10:00'), '192.0.2.10'),
        registered('zara@contoso.com', at(8, '22:00'), '203.0.113.99'),
        registered('sean@contoso.com', plus(at(8, '22:00'), 8), '203.0.113.99'),
        registered('tara@contoso.com', plus(at(8, '22:00'), 16), '203.0.113.99')
      ],
      expect: { fires: 'medium' }
    },
    {
      name: 'a rollout: the same hour a week earlier was as busy',
      falsePositive: true,
      events: [
        ...['a', 'b', 'c', 'd'].map((u, i) =>
          registered(`${u}@contoso.com`, plus(at(1, '09:00'), i * 5), '192.0.2.10')
        ),
        ...['e', 'f', 'g', 'h'].map((u, i) =>
          registered(`${u}@contoso.com`, plus(at(8, '09:00'), i * 5), '192.0.2.10')
        )
      ],
      expect: { silent: 'info' }
    }
  ]
}
