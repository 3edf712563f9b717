import { hasTag, type Change } from '../scan/changes'
import { adminAction, at, deleted, history, phoneReplacement, plus, registered } from './examples'
import { S, guidance } from './guidance'
import {
  MINUTE,
  byWhom,
  changeAddress,
  changeEvidence,
  describeChange,
  gap,
  ipStory,
  iso,
  needAudits
} from './helpers'
import type { FindingDraft, Rule, Severity } from './types'

function isNewMethod(c: Change): boolean {
  if (hasTag(c, 'attempt', 'deleted', 'wiped')) return false
  return hasTag(c, 'registered', 'registered-all', 'tap', 'authenticator-added')
}

/**
 * SI-012: a method deleted (or re-registration required) and then a new one registered within
 * the hour: the help desk removed the victim's device and the attacker registered theirs.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-012',
    title: 'Method swap: delete (or re-registration required) then register a new method',
    type: 'sequence',
    severity: 'high',
    attack: ['T1556.006', 'T1098.005'],
    requires: ['audit'],
    uses: ['signin'],
    description:
      'For one user, an SI-004 deletion (user or admin deletion, "Admin required re-registration…", FIDO2 delete, StrongAuthenticationMethod shrink; TAP clean-ups excluded) followed within 60 minutes by a new registration, TAP or Authenticator device (SI-001/SI-003/SI-007). Critical when someone else deleted and the new method came from an address unknown for the user; medium when the user did both from an address known for them. Adding the new phone before removing the old one is not a swap.',
    falsePositives: ['Users moving to a new phone (usually add first, then delete)'],
    references: ['MS11', 'AZ12'],
    thresholds: { windowMinutes: 60 },
    thresholdNotes: { windowMinutes: 'maximum time from the deletion to the new registration' },
    guidance: guidance(
      [S.askUser, S.reviewActor, S.listMethods, S.reviewSignIns],
      [S.revokeSessions, S.blockSignIn],
      [S.removeAuthenticator, S.removePhone, S.resetPassword, S.helpdeskProcess, S.caRegistration]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const window = (t.windowMinutes ?? 60) * MINUTE
    const out: FindingDraft[] = []
    for (const user of ctx.users()) {
      const changes = ctx.changesOf(user)
      for (const del of changes) {
        if (!hasTag(del, 'deleted', 'wiped') || del.tags.has('tap-deleted')) continue
        const next = changes.find(
          (c) => c !== del && isNewMethod(c) && c.ts > del.ts && c.ts - del.ts <= window
        )
        if (!next) continue
        const where = changeAddress(ctx, next)
        const verdict = ctx.baselines.ipVerdict(user, where.ip, next.ts)
        const unseen = where.ip !== null && verdict.known === null && ctx.coverage.signins > 0
        const byOther = del.tags.has('by-other')
        const known = verdict.known !== null
        const severity: Severity = byOther && unseen ? 'critical' : byOther || !known ? 'high' : 'medium'
        out.push({
          severity,
          users: [user, ...(byOther && del.actor && del.actorType === 'user' ? [del.actor] : [])],
          start: del.ts,
          end: next.ts,
          evidence: [...changeEvidence(del), ...changeEvidence(next)],
          anchor: { event: del.id },
          summary:
            `${ctx.upn(user)}: ${describeChange(del)}${byWhom(ctx, del)}, then ${gap(next.ts - del.ts)} later ${describeChange(next)}${byWhom(ctx, next)}` +
            (where.ip ? ` from ${where.ip}${ctx.coverage.signins > 0 ? ` (${ipStory(verdict)})` : ''}` : '') +
            '.',
          facts: {
            deletedAt: iso(del.ts),
            deletion: describeChange(del),
            deletedBy: del.actor,
            deletedByOther: byOther,
            registeredAt: iso(next.ts),
            registration: describeChange(next),
            registrationIp: where.ip,
            registrationIpKnown: verdict.known,
            minutesApart: Math.round((next.ts - del.ts) / MINUTE)
          }
        })
      }
    }
    return out
  },
  examples: [
    {
      name: 'admin wipes MFA, attacker registers from a new address 30 min later',
      events: [
        ...history('dan@contoso.com', '192.0.2.41', 0, 5),
        adminAction(
          'helpdesk@contoso.com',
          'dan@contoso.com',
          at(6, '14:00'),
          'Admin deleted security info',
          'Admin required re-registration of MFA authentication methods.'
        ),
        registered('dan@contoso.com', plus(at(6, '14:00'), 30), '203.0.113.77')
      ],
      expect: { fires: 'critical' }
    },
    {
      name: 'new phone: the user adds the new device first, then removes the old one',
      falsePositive: true,
      events: [
        ...history('james@contoso.com', '192.0.2.33', 0, 5),
        ...phoneReplacement(
          'james@contoso.com',
          at(6, '03:30'),
          '192.0.2.33',
          { name: 'iPhone 12', token: 'a' },
          { name: 'iPhone 16', token: 'b' }
        )
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'the user deletes and re-adds their own phone from home (medium, not high)',
      falsePositive: true,
      events: [
        ...history('james@contoso.com', '192.0.2.33', 0, 5),
        deleted('james@contoso.com', at(6, '18:00'), '192.0.2.33'),
        registered('james@contoso.com', plus(at(6, '18:00'), 5), '192.0.2.33')
      ],
      expect: { silent: 'high' }
    }
  ]
}
