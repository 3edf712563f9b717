import { isSecurityInfoChange, type Change } from '../scan/changes'
import { at, audit, history, registered, signIn } from './examples'
import { S, guidance } from './guidance'
import {
  HOUR,
  changeAddress,
  changeFrame,
  describeChange,
  describeChanges,
  groupChanges,
  iso,
  needAuditsAndSignIns,
  riskyBetween
} from './helpers'
import { isReset } from './si-011-password-reset-and-registration'
import type { FindingDraft, Rule, Severity } from './types'

const pad = (h: number): string => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`

/**
 * SI-027: a security-info or password change at an hour of the day when the user has never been
 * active: a per-user profile of interactive successful sign-ins (UTC hours, at least 12 hours
 * before the change) instead of fixed office hours, so night-shift workers and evening users are
 * judged by their own habits. Users with fewer than 5 active days are not judged.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-027',
    title: 'Security-info change outside the user’s normal hours',
    type: 'timing',
    severity: 'low',
    attack: ['T1078.004', 'T1556.006'],
    requires: ['audit', 'signin'],
    uses: [],
    description:
      'For each security-info or password change U made themselves, the number of earlier days on which U signed in interactively within ±1 hour of the change’s hour of day (UTC). Fires when there is none, given at least 5 active days of history. Low on its own (a modifier); medium when the change also came from an address unknown for U or followed a risky sign-in.',
    falsePositives: [
      'Shift workers (handled: their own profile)',
      'Travellers',
      'Time-zone errors in exports'
    ],
    references: ['RP12', 'AZ23', 'MS1'],
    thresholds: { groupMinutes: 60, riskWindowHours: 6 },
    thresholdNotes: {
      groupMinutes: 'changes this close together form one finding',
      riskWindowHours: 'a risky sign-in this long before raises the finding to medium'
    },
    guidance: guidance([S.askUser, S.reviewSignIns, S.listMethods], [S.revokeSessions], [S.caRegistration])
  },
  evaluate(ctx, t) {
    const missing = needAuditsAndSignIns(ctx)
    if (missing) return missing
    const out: FindingDraft[] = []
    const group = (t.groupMinutes ?? 60) * 60_000
    for (const user of ctx.users()) {
      // The user's own changes only: a help desk working its hours on the user's account says
      // nothing about the user's habits.
      const changes = ctx
        .changesOf(user)
        .filter(
          (c) =>
            (isSecurityInfoChange(c) || isReset(c)) &&
            !c.tags.has('attempt') &&
            !c.tags.has('by-other') &&
            (c.actor === null || c.actor === user)
        )
      for (const members of groupChanges(changes, group)) {
        const c = members[0] as Change
        const profile = ctx.baselines.hours(user, c.ts)
        if (!profile.sufficient || profile.nearHour > 0) continue
        const hour = new Date(c.ts).getUTCHours()
        const where = changeAddress(ctx, c)
        const v = ctx.baselines.ipVerdict(user, where.ip, c.ts)
        const risky = riskyBetween(ctx, user, c.ts - (t.riskWindowHours ?? 6) * HOUR, c.ts).length > 0
        const unseen = where.ip !== null && v.known === null && v.history.sufficient
        const severity: Severity = risky || unseen ? 'medium' : 'low'
        const active = profile.perHour.map((n, h) => (n > 0 ? h : -1)).filter((h) => h >= 0)
        out.push({
          severity,
          ...changeFrame(user, members),
          summary:
            `${ctx.upn(user)}: ${describeChanges(members)} at ${iso(c.ts).slice(11, 16)} UTC; in ${profile.days} days of sign-in history the user was never active between ${pad(hour - 1)} and ${pad(hour + 2)} UTC` +
            (active.length
              ? ` (usual hours: ${active.length > 12 ? `${active.length} distinct hours` : active.map((h) => pad(h).slice(0, 2)).join(', ')} UTC)`
              : '') +
            (unseen ? `; the address ${where.ip} is new for the user` : '') +
            (risky ? '; a risky sign-in preceded it' : '') +
            '.',
          facts: {
            hourUtc: hour,
            profileDays: profile.days,
            activeHoursUtc: active,
            unseenAddress: unseen,
            riskySignInBefore: risky,
            changes: members.map(describeChange)
          }
        })
      }
    }
    return out
  },
  examples: [
    {
      name: 'a new Authenticator at 03:16 UTC for a 09:00–14:00 user',
      events: [
        ...history('hugo@contoso.com', '192.0.2.44', 0, 10),
        registered('hugo@contoso.com', at(11, '03:16'), '192.0.2.44')
      ],
      expect: { fires: 'low' }
    },
    {
      name: 'a night-shift engineer registers at 02:30, mid-shift',
      falsePositive: true,
      events: [
        ...Array.from({ length: 10 }, (_, d) =>
          signIn({ user: 'maya@contoso.com', ts: at(d, '02:00'), ip: '192.0.2.35' })
        ),
        registered('maya@contoso.com', at(11, '02:30'), '192.0.2.35')
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'a help desk resetting the password at the user’s night is not the user’s off-hours activity',
      falsePositive: true,
      events: [
        ...history('hugo@contoso.com', '192.0.2.44', 0, 10),
        audit({
          activity: 'Reset password (by admin)',
          ts: at(11, '03:16'),
          user: 'hugo@contoso.com',
          by: 'helpdesk@contoso.com',
          ip: '192.0.2.12'
        })
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'too little history: not judged',
      events: [
        ...history('new@contoso.com', '192.0.2.44', 0, 2),
        registered('new@contoso.com', at(3, '03:16'), '192.0.2.44')
      ],
      expect: { silent: 'info' }
    }
  ]
}
