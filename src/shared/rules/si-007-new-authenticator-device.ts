import { isPlaceholderToken } from '../model/strong-auth'
import { at, authenticatorDiff, history, plus, registered } from './examples'
import { S, guidance } from './guidance'
import { changeAddress, changeEvidence, ipFacts, ipStory, iso, needAudits } from './helpers'
import type { FindingDraft, Rule } from './types'

/**
 * SI-007: a new Microsoft Authenticator device (a DeviceToken absent before) bound to the
 * account. Version and last-use rewrites of StrongAuthenticationPhoneAppDetail are not changes.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-007',
    title: 'New Microsoft Authenticator device bound to the account',
    type: 'single-event',
    severity: 'low',
    attack: ['T1098.005'],
    requires: ['audit'],
    uses: ['signin'],
    description:
      '"Update user" whose StrongAuthenticationPhoneAppDetail gains a DeviceToken (or, for code-only registrations with a placeholder token, a device name) absent from the old value; also "Add users strong authentication phone app detail". Rewrites of PhoneAppVersion or LastAuthenticatedTimestamp are ignored. Medium when the registration address is not known from the user’s sign-ins.',
    falsePositives: ['Authenticator app updates (ignored: same DeviceToken)', 'Phone replacement'],
    references: ['IV1', 'MS10', 'AZ9'],
    thresholds: {},
    thresholdNotes: {},
    guidance: guidance(
      [S.askUser, S.listMethods, S.reviewSignIns],
      [S.removeAuthenticator, S.revokeSessions],
      [S.caRegistration, S.numberMatching]
    )
  },
  evaluate(ctx) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const out: FindingDraft[] = []
    for (const c of ctx.changes()) {
      if (!c.tags.has('authenticator-added')) continue
      const where = changeAddress(ctx, c)
      const verdict = ctx.baselines.ipVerdict(c.user, where.ip, c.ts)
      const unknown = where.ip !== null && verdict.known === null && verdict.history.sufficient
      const devices = c.devicesAdded.length
        ? c.devicesAdded
        : [{ name: c.detail, token: null, key: '', version: null }]
      const names = devices.map(
        (d) => `'${d.name ?? 'unnamed device'}'${isPlaceholderToken(d.token) ? ' (no push token)' : ''}`
      )
      const others = c.diffs
        .flatMap((d) => d.diff.devices?.after ?? [])
        .filter((d) => !devices.some((x) => x.key === d.key))
      out.push({
        severity: unknown ? 'medium' : 'low',
        users: [c.user],
        start: c.ts,
        end: c.events.reduce((m, e) => Math.max(m, e.ts), c.ts),
        evidence: changeEvidence(c),
        anchor: { event: c.id },
        summary:
          `Authenticator ${names.join(', ')} bound to ${ctx.upn(c.user)}` +
          (where.ip ? ` from ${where.ip}${ctx.coverage.signins > 0 ? ` (${ipStory(verdict)})` : ''}` : '') +
          (others.length ? `; already bound: ${others.map((d) => `'${d.name ?? '?'}'`).join(', ')}` : '') +
          '.',
        facts: {
          devices: devices.map((d) => d.name ?? ''),
          tokens: devices.map((d) => (isPlaceholderToken(d.token) ? '' : (d.token ?? ''))),
          otherDevices: others.map((d) => d.name ?? ''),
          addedAt: iso(c.ts),
          addressNote: where.note,
          ...ipFacts(verdict)
        }
      })
    }
    return out
  },
  examples: [
    {
      name: 'a new device token appears',
      events: [
        authenticatorDiff(
          'amy@contoso.com',
          at(2),
          [{ name: 'iPhone 14', token: 't1' }],
          [
            { name: 'iPhone 14', token: 't1' },
            { name: 'SM-A155F', token: 't2' }
          ]
        )
      ],
      expect: { fires: 'low' }
    },
    {
      name: 'an Authenticator version rewrite with the same token is not a change',
      falsePositive: true,
      events: [
        authenticatorDiff(
          'amy@contoso.com',
          at(2),
          [{ name: 'iPhone 14', token: 't1', version: '6.8.53' }],
          [{ name: 'iPhone 14', token: 't1', version: '6.8.54' }]
        )
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'a new device registered from an address the user never used',
      events: [
        ...history('amy@contoso.com', '192.0.2.20', 0, 5),
        authenticatorDiff('amy@contoso.com', at(6), [], [{ name: 'SM-A155F', token: 't2' }]),
        registered('amy@contoso.com', plus(at(6), 0.05), '203.0.113.45')
      ],
      expect: { fires: 'medium' }
    }
  ]
}
