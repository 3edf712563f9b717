import type { Change } from '../scan/changes'
import { at, authenticatorDiff, plus, registered } from './examples'
import { S, guidance } from './guidance'
import { DAY, HOUR, changeAddress, iso, needAudits, when } from './helpers'
import { distinctOwners, holdersWithin } from './si-022-shared-phone-number'
import type { FindingDraft, Rule, Severity } from './types'

/**
 * SI-023: one Authenticator registration (DeviceToken) bound to several accounts: an attacker's
 * phone approving sign-ins for every account they took over. A placeholder token
 * (NO_DEVICE_TOKEN) identifies nothing; the weak variant (same device name registered from the
 * same address by different users within a day) is low.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-023',
    title: 'Same Authenticator device bound to multiple accounts',
    type: 'cross-user',
    severity: 'high',
    attack: ['T1098.005'],
    requires: ['audit'],
    uses: [],
    description:
      'StrongAuthenticationPhoneAppDetail DeviceToken values (old and new) grouped across users: high when one real token belongs to two or more users, low when they are one person’s standard and admin accounts. Weak variant: the same device name newly registered by different users from the same address within 24 hours (low). Placeholder tokens such as NO_DEVICE_TOKEN are ignored.',
    falsePositives: [
      'An admin’s separate privileged and standard accounts on one phone',
      'Shared kiosk devices'
    ],
    references: ['MS10', 'MS12'],
    thresholds: { lookbackDays: 90, nameWindowHours: 24 },
    thresholdNotes: {
      lookbackDays: 'holders of one token further apart than this are not grouped',
      nameWindowHours: 'same-name registrations from one address this close count for the weak variant'
    },
    guidance: guidance(
      [S.askUser, S.listMethods, S.reviewSignIns, S.otherUsersFromIp],
      [S.removeAuthenticator, S.revokeSessions],
      [S.caRegistration, S.numberMatching]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const out: FindingDraft[] = []
    const strongUsers = new Set<string>()
    for (const [token, all] of [...ctx.inventory.tokenHolders].sort(([a], [b]) => a.localeCompare(b))) {
      const holders = holdersWithin(all, (t.lookbackDays ?? 90) * DAY)
      if (new Set(holders.map((h) => h.user)).size < 2) continue
      const { others, twins } = distinctOwners(ctx, holders)
      const severity: Severity = others ? 'high' : 'low'
      const latest = holders.filter((h) => h.added).at(-1) ?? (holders.at(-1) as (typeof holders)[number])
      const users = holders.map((h) => h.user)
      for (const u of users) strongUsers.add(u)
      const names = [...new Set(holders.map((h) => h.value))]
      out.push({
        severity,
        users,
        start: (holders[0] as (typeof holders)[number]).firstTs,
        end: latest.firstTs,
        evidence: [latest.evidence, ...holders.filter((h) => h !== latest).map((h) => h.evidence)],
        anchor: { key: `token:${token}` },
        summary:
          `One Authenticator registration (device ${names.map((n) => `'${n}'`).join(' / ')}, the same DeviceToken) is bound to ${users.length} accounts: ` +
          holders
            .map(
              (h) =>
                `${ctx.upn(h.user)} (${h.added ? `added ${when(h.firstTs)}` : `already there at ${when(h.firstTs)}`})`
            )
            .join(', ') +
          (!others ? `. The accounts look like one person's standard and admin accounts` : '') +
          '.',
        facts: {
          deviceNames: names,
          tokenPrefix: token.slice(0, 16),
          accounts: users,
          twinAccounts: twins.map((p) => p.join(' ')),
          match: 'token'
        }
      })
    }
    // Weak variant: same device name, same address, different users, within a day.
    const window = (t.nameWindowHours ?? 24) * HOUR
    const adds: Array<{ c: Change; name: string; ip: string }> = []
    for (const c of ctx.changes()) {
      if (!c.tags.has('authenticator-added')) continue
      const ip = changeAddress(ctx, c).ip
      if (!ip) continue
      for (const d of c.devicesAdded) if (d.name) adds.push({ c, name: d.name.toLowerCase(), ip })
    }
    const done = new Set<string>()
    for (const a of adds) {
      const group = adds.filter(
        (b) => b.name === a.name && b.ip === a.ip && Math.abs(b.c.ts - a.c.ts) <= window
      )
      const users = [...new Set(group.map((g) => g.c.user))].sort()
      if (users.length < 2 || users.every((u) => strongUsers.has(u))) continue
      if (ctx.isTrustedIp(a.ip) || ctx.baselines.isKnown(ctx.baselines.orgKnownSince(a.ip), a.c.ts)) continue
      const key = `${a.name}|${a.ip}|${users.join(',')}`
      if (done.has(key)) continue
      done.add(key)
      const first = group[0] as (typeof group)[number]
      out.push({
        severity: 'low',
        users,
        start: Math.min(...group.map((g) => g.c.ts)),
        end: Math.max(...group.map((g) => g.c.ts)),
        evidence: [first.c.id, ...group.slice(1).map((g) => g.c.id)],
        anchor: { key: `name:${a.name}:${a.ip}:${users.join(',')}` },
        summary: `An Authenticator device named '${first.c.devicesAdded[0]?.name ?? a.name}' was registered from ${a.ip} by ${users.map((u) => ctx.upn(u)).join(', ')} within ${Math.round(window / HOUR)} h (name and address match only; no token in common).`,
        facts: {
          deviceName: a.name,
          ip: a.ip,
          accounts: users,
          match: 'name and address',
          firstAt: iso(first.c.ts)
        }
      })
    }
    return out
  },
  examples: [
    {
      name: 'one attacker phone bound to two users',
      events: [
        authenticatorDiff(
          'ethan@contoso.com',
          at(3),
          [{ name: 'Pixel 7a', token: 'e1' }],
          [
            { name: 'Pixel 7a', token: 'e1' },
            { name: 'SM-S918B', token: 'evil-token' }
          ]
        ),
        authenticatorDiff(
          'chloe@contoso.com',
          at(5),
          [{ name: 'iPhone 13', token: 'c1' }],
          [
            { name: 'iPhone 13', token: 'c1' },
            { name: 'SM-S918B', token: 'evil-token' }
          ]
        )
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'code-only registrations with NO_DEVICE_TOKEN identify nothing',
      falsePositive: true,
      events: [
        authenticatorDiff('jordan@contoso.com', at(3), [], [{ name: 'iPhone 15', token: 'NO_DEVICE_TOKEN' }]),
        authenticatorDiff(
          'amelia@contoso.com',
          plus(at(3), 20),
          [],
          [{ name: 'Pixel 8', token: 'NO_DEVICE_TOKEN' }]
        )
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'twin admin accounts on one phone are low',
      falsePositive: true,
      events: [
        authenticatorDiff('ava.thompson@contoso.com', at(3), [], [{ name: 'iPhone 16', token: 'ava-token' }]),
        authenticatorDiff(
          'ava.thompson.admin@contoso.com',
          plus(at(3), 3),
          [],
          [{ name: 'iPhone 16', token: 'ava-token' }]
        ),
        registered('ava.thompson.admin@contoso.com', plus(at(3), 3.05), '192.0.2.10')
      ],
      expect: { silent: 'medium' }
    }
  ]
}
