import type { Holding } from '../inventory/inventory'
import type { ScanContext } from '../scan/context'
import { at, phoneDiff, plus, registered } from './examples'
import { S, guidance } from './guidance'
import { DAY, iso, needAudits, when } from './helpers'
import type { FindingDraft, Rule, Severity } from './types'

/** Groups of holders that are not all one person's accounts (twin standard/admin accounts). */
export function distinctOwners(
  ctx: ScanContext,
  holders: readonly Holding[]
): { others: boolean; twins: string[][] } {
  let others = false
  const twins: string[][] = []
  for (let i = 0; i < holders.length; i++)
    for (let j = i + 1; j < holders.length; j++) {
      const a = (holders[i] as Holding).user
      const b = (holders[j] as Holding).user
      if (ctx.sameOwner(a, b).same) twins.push([a, b])
      else others = true
    }
  return { others, twins }
}

export function holdersWithin(holders: readonly Holding[], lookbackMs: number): Holding[] {
  const sorted = [...holders].sort((a, b) => a.firstTs - b.firstTs)
  const last = sorted.at(-1)
  return last ? sorted.filter((h) => last.firstTs - h.firstTs <= lookbackMs) : []
}

/**
 * SI-022: one phone number on several accounts (RP1/RP2): an attacker's phone registered for
 * SMS on each account they took over. Numbers compare normalized (digits and a leading +) and
 * are shown as logged; masked numbers identify nothing; twin accounts of one person are low.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-022',
    title: 'Same phone number registered on multiple accounts',
    type: 'cross-user',
    severity: 'high',
    attack: ['T1098.005', 'T1556.006'],
    requires: ['audit'],
    uses: [],
    description:
      'Phone numbers from StrongAuthenticationUserDetails (PhoneNumber, AlternativePhoneNumber, VoiceOnlyPhoneNumber) old and new values and from admin phone registrations, normalized, grouped across users within 90 days. Fires when one number belongs to more than one user; low when the accounts are one person’s standard and admin accounts (the case’s twin list, or the same name with an admin marker); medium when every holder already had it before the export starts.',
    falsePositives: [
      'Shared team or front-desk phones',
      'Admins’ personal and admin accounts',
      'Test accounts'
    ],
    references: ['RP1', 'RP2', 'RP3'],
    thresholds: { lookbackDays: 90 },
    thresholdNotes: { lookbackDays: 'holders of one number further apart than this are not grouped' },
    guidance: guidance(
      [S.askUser, S.listMethods, S.reviewSignIns],
      [S.removePhone, S.revokeSessions],
      [S.reviewMethodsPolicy, S.caRegistration]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const out: FindingDraft[] = []
    for (const [number, all] of [...ctx.inventory.phoneHolders].sort(([a], [b]) => a.localeCompare(b))) {
      const holders = holdersWithin(all, (t.lookbackDays ?? 90) * DAY)
      if (new Set(holders.map((h) => h.user)).size < 2) continue
      const { others, twins } = distinctOwners(ctx, holders)
      const anyAdded = holders.some((h) => h.added)
      const severity: Severity = !others ? 'low' : anyAdded ? 'high' : 'medium'
      const shown = holders[0]?.value ?? number
      const users = holders.map((h) => h.user)
      const latest = holders.filter((h) => h.added).at(-1) ?? (holders.at(-1) as Holding)
      out.push({
        severity,
        users,
        start: (holders[0] as Holding).firstTs,
        end: latest.firstTs,
        evidence: [latest.evidence, ...holders.filter((h) => h !== latest).map((h) => h.evidence)],
        anchor: { key: `phone:${number}` },
        summary:
          `Phone ${shown} is on ${users.length} accounts: ` +
          holders
            .map(
              (h) =>
                `${ctx.upn(h.user)} (${h.added ? `added ${when(h.firstTs)}` : `already there at ${when(h.firstTs)}`})`
            )
            .join(', ') +
          (!others
            ? `. The accounts look like one person's standard and admin accounts (${twins.map((p) => p.map((u) => ctx.upn(u)).join(' / ')).join('; ')})`
            : '') +
          '.',
        facts: {
          phone: shown,
          normalized: number,
          accounts: users,
          addedAt: holders.map((h) => iso(h.firstTs)),
          twinAccounts: twins.map((p) => p.join(' ')),
          addedInExport: anyAdded
        }
      })
    }
    return out
  },
  examples: [
    {
      name: 'one attacker number on two users, five days apart',
      events: [
        phoneDiff(
          'liam@contoso.com',
          at(2),
          {},
          { phone: '+1 3055550188', types: [{ type: 1, isDefault: true }] }
        ),
        registered('liam@contoso.com', plus(at(2), 0.05), '203.0.113.61', 'User registered Mobile Phone SMS'),
        phoneDiff(
          'mia@contoso.com',
          at(7),
          {},
          { phone: '+1 (305) 555-0188', types: [{ type: 1, isDefault: true }] }
        ),
        registered('mia@contoso.com', plus(at(7), 0.05), '203.0.113.62', 'User registered Mobile Phone SMS')
      ],
      expect: { fires: 'high' }
    },
    {
      name: "an administrator's standard and admin accounts get the same number",
      falsePositive: true,
      events: [
        phoneDiff(
          'ava.thompson@contoso.com',
          at(2),
          {},
          { phone: '+1 2065550150', types: [{ type: 1, isDefault: true }] }
        ),
        phoneDiff(
          'ava.thompson.admin@contoso.com',
          plus(at(2), 5),
          {},
          { phone: '+1 2065550150', types: [{ type: 1, isDefault: true }] }
        )
      ],
      expect: { silent: 'medium' }
    },
    {
      name: 'different numbers do not group',
      events: [
        phoneDiff(
          'liam@contoso.com',
          at(2),
          {},
          { phone: '+1 3055550188', types: [{ type: 1, isDefault: true }] }
        ),
        phoneDiff(
          'mia@contoso.com',
          at(7),
          {},
          { phone: '+1 3055550189', types: [{ type: 1, isDefault: true }] }
        )
      ],
      expect: { silent: 'info' }
    }
  ]
}
