import { hasTag, type Change } from '../scan/changes'
import type { ScanSignIn } from '../scan/scan-event'
import { adminAction, at, history, plus, registered, returningUser, signIn } from './examples'
import { S, guidance } from './guidance'
import {
  DAY,
  HOUR,
  MINUTE,
  between,
  changeAddress,
  changeFrame,
  describeChange,
  describeChanges,
  gap,
  groupChanges,
  ipStory,
  iso,
  needAuditsAndSignIns
} from './helpers'
import type { FindingDraft, Rule, Severity } from './types'

function anchors(c: Change): boolean {
  if (hasTag(c, 'attempt', 'tap-deleted')) return false
  return hasTag(
    c,
    'deleted',
    'wiped',
    'mfa-disabled',
    'registered',
    'registered-all',
    'authenticator-added',
    'phone-added'
  )
}

function usesNewMethod(s: ScanSignIn, changes: readonly Change[]): boolean {
  if (!s.methodDetail) return false
  return changes.some(
    (c) =>
      c.devicesAdded.some((d) => d.name === s.methodDetail) ||
      c.phonesAdded.some((p) => p.value === s.methodDetail)
  )
}

/**
 * SI-018: after MFA was weakened (SI-004/SI-005) or a new method added (SI-001/SI-007), the
 * user's next successful sign-ins come from an address their history does not know (within an
 * hour, AZ12), or from a new country with the newly added method (within a day, RP15).
 */
export const rule: Rule = {
  meta: {
    id: 'SI-018',
    title: 'After the change, first sign-in from an unseen IP/location, or with a new method and location',
    type: 'sequence',
    severity: 'medium',
    attack: ['T1078.004', 'T1556.006'],
    requires: ['audit', 'signin'],
    uses: [],
    description:
      'After a deletion, wipe, per-user MFA disable or new registration for U, a successful U sign-in within 60 minutes from an address not known for U at that time (AZ12); or, within 24 hours, a successful sign-in from a new country that uses the newly added device or phone (RP15). High when the sign-in comes from the change’s own address or uses the new method; low for users with too little history or a new address in a known network.',
    falsePositives: ['Travel right after a phone change'],
    references: ['AZ12', 'RP15'],
    thresholds: { windowMinutes: 60, newMethodWindowHours: 24 },
    thresholdNotes: {
      windowMinutes: 'sign-ins this soon after the change are checked against the baseline',
      newMethodWindowHours: 'window for a new-country sign-in with the new method'
    },
    guidance: guidance(
      [S.askUser, S.reviewSignIns, S.listMethods],
      [S.revokeSessions, S.blockSignIn, S.removeAuthenticator, S.removePhone],
      [S.resetPassword, S.caRegistration, S.blockIp]
    )
  },
  evaluate(ctx, t) {
    const missing = needAuditsAndSignIns(ctx)
    if (missing) return missing
    const window = (t.windowMinutes ?? 60) * MINUTE
    const methodWindow = (t.newMethodWindowHours ?? 24) * HOUR
    const out: FindingDraft[] = []
    for (const user of ctx.users()) {
      const changes = ctx.changesOf(user).filter(anchors)
      for (const cluster of groupChanges(changes, window, { from: 'previous' })) {
        const first = cluster[0] as Change
        const last = cluster.at(-1) as Change
        const signins = between(
          ctx.signinsOf(user),
          first.ts,
          last.ts + Math.max(window, methodWindow)
        ).filter((s) => s.ok && s.ip !== null)
        let hit: ScanSignIn | null = null
        let via: 'address' | 'new method' | null = null
        for (const s of signins) {
          const v = ctx.baselines.ipVerdict(user, s.ip, s.ts, s.asn, s.country)
          if (v.known !== null) continue
          if (s.ts <= last.ts + window) {
            hit = s
            via = 'address'
            break
          }
          if (usesNewMethod(s, cluster) && s.country !== null && !v.countryKnown) {
            hit = s
            via = 'new method'
            break
          }
        }
        if (!hit) continue
        const v = ctx.baselines.ipVerdict(user, hit.ip, hit.ts, hit.asn, hit.country)
        const addresses = cluster.map((c) => changeAddress(ctx, c).ip)
        const fromChangeIp = addresses.includes(hit.ip)
        const newMethod = usesNewMethod(hit, cluster)
        let severity: Severity = 'medium'
        if (!v.history.sufficient || (v.asnKnown && v.countryKnown)) severity = 'low'
        if (v.history.sufficient && (fromChangeIp || newMethod)) severity = 'high'
        const what = describeChanges(cluster)
        out.push({
          severity,
          ...changeFrame(user, cluster, { end: hit.ts, more: [hit.id] }),
          summary:
            `${ctx.upn(user)}: ${what} at ${iso(first.ts).slice(0, 16)}Z, then ${gap(hit.ts - last.ts)} later a successful sign-in from ${hit.ip}` +
            `${hit.country ? ` (${hit.country}${hit.asn ? `, AS${hit.asn}` : ''})` : ''}, ${ipStory(v)}` +
            (fromChangeIp ? '; the change came from the same address' : '') +
            (newMethod ? `; it used the newly added method '${hit.methodDetail}'` : '') +
            '.',
          facts: {
            signIn: hit.id,
            signInAt: iso(hit.ts),
            signInIp: hit.ip,
            asn: hit.asn,
            country: hit.country,
            asnKnown: v.asnKnown,
            countryKnown: v.countryKnown,
            historySufficient: v.history.sufficient,
            fromChangeAddress: fromChangeIp,
            usedNewMethod: newMethod,
            via,
            changes: cluster.map(describeChange)
          }
        })
      }
    }
    return out
  },
  examples: [
    {
      name: 'help desk wipes MFA; the attacker signs in 20 minutes later from a new country',
      events: [
        ...history('dan@contoso.com', '192.0.2.41', 0, 5),
        adminAction(
          'helpdesk@contoso.com',
          'dan@contoso.com',
          at(6, '14:00'),
          'Admin deleted security info',
          'Admin required re-registration of MFA authentication methods.'
        ),
        signIn({
          user: 'dan@contoso.com',
          ts: plus(at(6, '14:00'), 20),
          ip: '203.0.113.77',
          asn: 65540,
          country: 'RO'
        })
      ],
      expect: { fires: 'medium' }
    },
    {
      name: 'travel right after a phone change: the user signs in from the hotel he has used for days',
      falsePositive: true,
      events: [
        ...history('tom@contoso.com', '198.51.100.33', 0, 5),
        registered('tom@contoso.com', at(6, '07:00'), '198.51.100.33'),
        signIn({ user: 'tom@contoso.com', ts: at(6, '07:20'), ip: '198.51.100.33' })
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'a returning employee signs in from home after registering',
      falsePositive: true,
      events: [
        ...history('isabel@contoso.com', '192.0.2.38', 0, 3),
        ...returningUser('isabel@contoso.com', '192.0.2.38', 22)
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'no sign-ins: cannot run',
      events: [registered('a@contoso.com', DAY, '192.0.2.1')],
      expect: 'could-not-run'
    }
  ]
}
