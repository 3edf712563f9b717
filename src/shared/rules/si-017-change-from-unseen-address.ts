import { hasTag, isSecurityInfoChange, type Change } from '../scan/changes'
import { at, audit, history, plus, registered, signIn } from './examples'
import { S, guidance } from './guidance'
import {
  HOUR,
  changeAddress,
  changeFrame,
  describeChange,
  describeChanges,
  groupChanges,
  ipFacts,
  ipStory,
  needAuditsAndSignIns,
  riskyBetween
} from './helpers'
import { isReset } from './si-011-password-reset-and-registration'
import type { FindingDraft, Rule, Severity } from './types'

function selfService(c: Change): boolean {
  if (c.tags.has('by-other') || c.tags.has('attempt')) return false
  if (c.actorType !== 'user' || (c.actor !== null && c.actor !== c.user)) return false
  return isSecurityInfoChange(c) || hasTag(c, 'sspr-reset', 'unlock', 'password-change')
}

/**
 * SI-017: a self-service security-info or password change from an address the user's earlier
 * successful sign-ins do not know (nor the organisation's shared egress, nor the trusted list).
 * A new address in a known network (same ASN and country: mobile carriers, CGNAT) is low; users
 * with too little history are reported as such (low), never as anomalies. High when the same
 * change also follows a risky sign-in or a password reset (SI-014, SI-011).
 */
export const rule: Rule = {
  meta: {
    id: 'SI-017',
    title: 'Registration from an IP / ASN / country never seen in the user’s sign-ins',
    type: 'sequence',
    severity: 'medium',
    attack: ['T1556.006', 'T1098.005'],
    requires: ['audit', 'signin'],
    uses: [],
    description:
      'A security-info change (SI-001..SI-007) or self-service password reset/unlock made by U from an address absent from U’s earlier successful sign-ins (known = seen more than 24 h before, or on an earlier UTC day at least 6 h before), not shared by the organisation’s users and not on the trusted list. When the audit address is missing or looks like a Microsoft service address, the user’s nearest sign-in stands in. ASN and country are compared too. Low for a new address in a known ASN and country, or for users with too little history; high with a risky sign-in or a password reset around it.',
    falsePositives: [
      'New home ISP',
      'Travel',
      'Mobile carrier CGNAT',
      'Microsoft service addresses on audit events (handled)'
    ],
    references: ['AZ11', 'RP4', 'RP12', 'RP15', 'MS7'],
    thresholds: { groupMinutes: 60, riskWindowHours: 6, resetWindowHours: 4 },
    thresholdNotes: {
      groupMinutes: 'changes from one address this close together form one finding',
      riskWindowHours: 'a risky sign-in this long before raises the finding to high',
      resetWindowHours: 'a password reset this close raises the finding to high'
    },
    guidance: guidance(
      [S.askUser, S.reviewSignIns, S.listMethods, S.otherUsersFromIp],
      [S.revokeSessions, S.removeAuthenticator, S.removePhone],
      [S.caRegistration, S.blockIp]
    )
  },
  evaluate(ctx, t) {
    const missing = needAuditsAndSignIns(ctx)
    if (missing) return missing
    const out: FindingDraft[] = []
    const group = (t.groupMinutes ?? 60) * 60_000
    for (const user of ctx.users()) {
      const all = ctx.changesOf(user)
      const sameAddress = (a: Change, b: Change): boolean =>
        changeAddress(ctx, b).ip === changeAddress(ctx, a).ip
      for (const members of groupChanges(all.filter(selfService), group, { together: sameAddress })) {
        const c = members[0] as Change
        const where = changeAddress(ctx, c)
        if (where.ip === null) continue
        const v = ctx.baselines.ipVerdict(user, where.ip, c.ts)
        if (v.known !== null) continue
        const risky = riskyBetween(ctx, user, c.ts - (t.riskWindowHours ?? 6) * HOUR, c.ts)
        const reset = all.find(
          (x) =>
            isReset(x) && !members.includes(x) && Math.abs(x.ts - c.ts) <= (t.resetWindowHours ?? 4) * HOUR
        )
        let severity: Severity
        if (!v.history.sufficient) severity = 'low'
        else if (v.asnKnown && v.countryKnown) severity = 'low'
        else severity = 'medium'
        if (v.history.sufficient && (risky.length > 0 || reset)) severity = 'high'
        const counts = ctx.baselines.ipCounts(user, where.ip, c.ts)
        const network =
          v.asn !== null || v.country !== null
            ? `; network AS${v.asn ?? '?'}${v.country ? `/${v.country}` : ''} ${v.asnKnown && v.countryKnown ? 'is known for the user' : v.asnKnown ? 'is known but the country is new' : 'is new for the user'}`
            : ''
        out.push({
          severity,
          ...changeFrame(user, members),
          summary:
            `${ctx.upn(user)}: ${describeChanges(members)} from ${where.ip}, ${ipStory(v)}${network}` +
            (counts.ok + counts.failed > 0
              ? ` (${counts.ok} successful and ${counts.failed} failed sign-in(s) from it shortly before)`
              : '') +
            (risky.length ? `; a risky sign-in preceded it` : '') +
            (reset ? `; the password was reset ${reset.ts <= c.ts ? 'before' : 'after'} it` : '') +
            (where.note ? ` (${where.note})` : '') +
            '.',
          facts: {
            ...ipFacts(v),
            historySufficient: v.history.sufficient,
            signInsFromIpBefore: counts.ok,
            failedFromIpBefore: counts.failed,
            addressVia: where.via,
            auditIp: where.auditIp,
            riskySignInBefore: risky.at(-1)?.id ?? null,
            passwordReset: reset ? reset.id : null,
            changes: members.map(describeChange)
          }
        })
      }
    }
    return out
  },
  examples: [
    {
      name: 'a new Authenticator from an address, network and country never seen',
      events: [
        ...history('olivia@contoso.com', '192.0.2.32', 0, 5),
        signIn({
          user: 'olivia@contoso.com',
          ts: at(6, '17:02'),
          ip: '203.0.113.45',
          asn: 65536,
          country: 'NL'
        }),
        registered('olivia@contoso.com', at(6, '17:11'), '203.0.113.45')
      ],
      expect: { fires: 'medium' }
    },
    {
      name: 'registered from home, an address used for days',
      falsePositive: true,
      events: [
        ...history('james@contoso.com', '192.0.2.33', 0, 5),
        registered('james@contoso.com', at(6, '20:30'), '192.0.2.33')
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'a traveller resets his password from the hotel he has used for two days',
      falsePositive: true,
      events: [
        ...history('tom@contoso.com', '192.0.2.10', 0, 5),
        signIn({
          user: 'tom@contoso.com',
          ts: at(4, '19:00'),
          ip: '198.51.100.33',
          asn: 64503,
          country: 'GB'
        }),
        signIn({
          user: 'tom@contoso.com',
          ts: at(5, '07:00'),
          ip: '198.51.100.33',
          asn: 64503,
          country: 'GB'
        }),
        audit({
          activity: 'Reset password (self-service)',
          ts: at(6, '07:30'),
          user: 'tom@contoso.com',
          ip: '198.51.100.33',
          reason: 'Successfully completed reset.'
        })
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'a new mobile-carrier address in the same network is low',
      falsePositive: true,
      events: [
        ...history('amy@contoso.com', '198.51.100.7', 0, 5, { asn: 64502 }),
        signIn({
          user: 'amy@contoso.com',
          ts: plus(at(6, '12:00'), -3),
          ip: '198.51.100.77',
          asn: 64502,
          country: 'US'
        }),
        registered('amy@contoso.com', at(6, '12:00'), '198.51.100.77')
      ],
      expect: { silent: 'medium' }
    },
    {
      name: 'a new hire without history is reported as such (low), from a non-corporate address',
      falsePositive: true,
      events: [
        signIn({ user: 'lily@contoso.com', ts: at(6, '08:00'), ip: '198.51.100.90' }),
        registered('lily@contoso.com', at(6, '08:05'), '198.51.100.90')
      ],
      expect: { silent: 'medium' }
    }
  ]
}
