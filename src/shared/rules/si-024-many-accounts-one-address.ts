import { isSecurityInfoChange, type Change } from '../scan/changes'
import { at, history, plus, registered } from './examples'
import { S, guidance } from './guidance'
import { HOUR, changeAddress, changeEvidence, gap, iso, needAudits, userList } from './helpers'
import type { FindingDraft, Rule } from './types'

/**
 * SI-024: several accounts register or change their own security info from one address within
 * an hour (or a day): attacker infrastructure enrolling the accounts it took over. Trusted
 * addresses and the organisation's shared egress (used by many users over several days before)
 * are excluded, so onboarding days at the office do not fire.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-024',
    title: 'Many accounts register or modify security info from one IP / ASN',
    type: 'cross-user',
    severity: 'high',
    attack: ['T1098.005', 'T1556.006'],
    requires: ['audit'],
    uses: ['signin'],
    description:
      'Per address of self-service security-info changes (SI-001..SI-007 made by the user; a Microsoft service address is replaced by the user’s nearest sign-in address), the number of distinct users in a sliding window: 3 or more in 1 hour or 5 or more in 24 hours. Addresses on the trusted list or used by the organisation’s users on several earlier days are excluded.',
    falsePositives: [
      'Office NAT or VPN egress during an MFA rollout (excluded when the address is known)',
      'Onboarding days'
    ],
    references: ['AZ14', 'SP8'],
    thresholds: { usersPerHour: 3, usersPerDay: 5 },
    thresholdNotes: {
      usersPerHour: 'distinct users from one address within 1 hour',
      usersPerDay: 'distinct users from one address within 24 hours'
    },
    guidance: guidance(
      [S.otherUsersFromIp, S.askUser, S.listMethods],
      [S.revokeSessions, S.removeAuthenticator, S.removePhone, S.blockIp],
      [S.caRegistration]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const byIp = new Map<string, Array<{ c: Change; ip: string }>>()
    for (const c of ctx.changes()) {
      if (!isSecurityInfoChange(c) || c.tags.has('by-other') || c.actorType !== 'user') continue
      const ip = changeAddress(ctx, c).ip
      if (ip === null || ctx.isTrustedIp(ip)) continue
      const l = byIp.get(ip) ?? []
      l.push({ c, ip })
      byIp.set(ip, l)
    }
    const out: FindingDraft[] = []
    for (const [ip, list] of [...byIp].sort(([a], [b]) => a.localeCompare(b))) {
      list.sort((a, b) => a.c.ts - b.c.ts)
      let i = 0
      while (i < list.length) {
        const start = (list[i] as (typeof list)[number]).c
        const hour = list.filter((x) => x.c.ts >= start.ts && x.c.ts - start.ts <= HOUR)
        const day = list.filter((x) => x.c.ts >= start.ts && x.c.ts - start.ts <= 24 * HOUR)
        const hourUsers = new Set(hour.map((x) => x.c.user))
        const dayUsers = new Set(day.map((x) => x.c.user))
        const fires = hourUsers.size >= (t.usersPerHour ?? 3) || dayUsers.size >= (t.usersPerDay ?? 5)
        if (!fires || ctx.baselines.isKnown(ctx.baselines.orgKnownSince(ip), start.ts)) {
          i++
          continue
        }
        const group = hourUsers.size >= (t.usersPerHour ?? 3) ? hour : day
        const users = [...new Set(group.map((x) => x.c.user))].sort()
        const last = (group.at(-1) as (typeof group)[number]).c
        const info = ctx.baselines.infoOf(ip)
        out.push({
          severity: 'high',
          users,
          start: start.ts,
          end: last.ts,
          evidence: [
            start.id,
            ...group.slice(1).flatMap((x) => changeEvidence(x.c)),
            ...changeEvidence(start).slice(1)
          ],
          anchor: { event: start.id },
          summary: `${users.length} accounts changed their security info from ${ip}${info.asn ? ` (AS${info.asn}${info.country ? `, ${info.country}` : ''})` : ''} within ${gap(last.ts - start.ts)}: ${userList(ctx, users)}; the address is not one the organisation's users shared before.`,
          facts: {
            ip,
            asn: info.asn,
            country: info.country,
            accounts: users,
            changes: group.length,
            firstAt: iso(start.ts),
            lastAt: iso(last.ts)
          }
        })
        const taken = new Set(group.map((x) => x.c))
        while (i < list.length && taken.has((list[i] as (typeof list)[number]).c)) i++
      }
    }
    return out
  },
  examples: [
    {
      name: 'three accounts enrolled from one attacker address within 20 minutes',
      events: [
        registered('zara@contoso.com', at(9, '22:00'), '203.0.113.99'),
        registered('sean@contoso.com', plus(at(9, '22:00'), 8), '203.0.113.99'),
        registered('tara@contoso.com', plus(at(9, '22:00'), 16), '203.0.113.99')
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'onboarding day: three new hires enrol from the office egress',
      falsePositive: true,
      events: [
        ...history('a@contoso.com', '192.0.2.11', 0, 5),
        ...history('b@contoso.com', '192.0.2.11', 0, 5),
        ...history('c@contoso.com', '192.0.2.11', 0, 5),
        registered('jordan@contoso.com', at(7, '09:00'), '192.0.2.11'),
        registered('amelia@contoso.com', plus(at(7, '09:00'), 10), '192.0.2.11'),
        registered('lily@contoso.com', plus(at(7, '09:00'), 25), '192.0.2.11')
      ],
      expect: { silent: 'info' }
    }
  ]
}
