import { hasTag } from '../scan/changes'
import { audit, at, history, phoneDiff, plus, registered, signIn } from './examples'
import { S, guidance } from './guidance'
import { byWhom, changeEvidence, iso, needAudits } from './helpers'
import { routineSelfChange } from './routine'
import type { FindingDraft, Rule } from './types'

/**
 * SI-006: an SMS or voice method was added, or the default moved to one (SIM swap makes these
 * interceptable; Storm-1167 added SMS, Octo Tempest swapped SIMs).
 */
export const rule: Rule = {
  meta: {
    id: 'SI-006',
    title: 'Phishable or SIM-swappable method added or made the default (SMS/voice)',
    type: 'single-event',
    severity: 'medium',
    attack: ['T1556.006', 'T1111'],
    requires: ['audit'],
    uses: [],
    description:
      'A phone (SMS/voice) method registered ("User registered Mobile Phone SMS", an admin phone registration, a phone number added in StrongAuthenticationUserDetails), or the default method moved to a phone ("User changed default security info" naming "Text a code to …"/"Call …", or the StrongAuthenticationMethod default moving from app types 6/7 to phone types 0–5). Low, with the reason, when the user made the change themself from an address known for them, with no risky sign-in and no sign-in from an unknown address in the 24 hours before (a privileged account also from a known device; never a break-glass account): a posture issue, not an intrusion.',
    falsePositives: ['Users without smartphones', 'Travel', 'Accessibility needs'],
    references: ['IV1', 'MS10', 'MS3', 'MS11'],
    thresholds: {},
    thresholdNotes: {},
    guidance: guidance(
      [S.askUser, S.listMethods, S.reviewSignIns],
      [S.removePhone, S.revokeSessions],
      [S.reviewMethodsPolicy, S.caRegistration]
    )
  },
  evaluate(ctx) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const out: FindingDraft[] = []
    for (const c of ctx.changes()) {
      if (!hasTag(c, 'phone-added', 'phone-default')) continue
      const phone = c.phonesAdded[0]?.value ?? (c.detail && /\d/.test(c.detail) ? c.detail : null)
      const madeDefault = c.tags.has('phone-default')
      const added = c.tags.has('phone-added')
      const what =
        added && madeDefault
          ? `phone${phone ? ` ${phone}` : ''} added and made the default method`
          : madeDefault
            ? `default method moved to the phone${phone ? ` ${phone}` : ''}${c.reason ? ` ("${c.reason.replace(/\.$/, '')}")` : ''}`
            : `phone${phone ? ` ${phone}` : ''} added for SMS/voice sign-in`
      // The catalog's false positives (no smartphone, travel, accessibility) leave no trace, but a
      // user's own change in routine circumstances is a posture issue, not an intrusion. A
      // privileged account needs its known device as well (SI-028 rule); break-glass never.
      const p = ctx.privileged.at(c.user, c.ts)
      const routine = p.breakGlass ? null : routineSelfChange(ctx, c, { device: p.privileged })
      out.push({
        severity: routine ? 'low' : 'medium',
        users: [c.user],
        start: c.ts,
        end: c.events.reduce((m, e) => Math.max(m, e.ts), c.ts),
        evidence: changeEvidence(c),
        anchor: { event: c.id },
        summary:
          `${ctx.upn(c.user)}: ${what}${byWhom(ctx, c)}${c.ip ? ` from ${c.ip}` : ''}` +
          (routine
            ? `; phishable method added in routine circumstances (posture issue): ${routine.text}`
            : '') +
          '.',
        facts: {
          phone,
          madeDefault,
          added,
          reason: c.reason,
          actor: c.actor,
          ip: c.ip,
          routine: routine
            ? `phishable method added in routine circumstances; posture issue: ${routine.text}`
            : null,
          changedAt: iso(c.ts)
        }
      })
    }
    return out
  },
  examples: [
    {
      name: 'a user registers an SMS phone',
      events: [
        phoneDiff(
          'amy@contoso.com',
          at(2),
          {},
          {
            phone: '+1 3055550188',
            types: [
              { type: 1, isDefault: true },
              { type: 0, isDefault: false }
            ]
          }
        ),
        registered('amy@contoso.com', plus(at(2), 0.05), '203.0.113.45', 'User registered Mobile Phone SMS')
      ],
      expect: { fires: 'medium' }
    },
    {
      name: 'a user without a smartphone moves the default from calls to texts (medium, not more)',
      falsePositive: true,
      events: [
        phoneDiff(
          'george@contoso.com',
          at(2),
          {
            phone: '+1 2065550107',
            types: [
              { type: 1, isDefault: false },
              { type: 0, isDefault: true }
            ]
          },
          {
            phone: '+1 2065550107',
            types: [
              { type: 1, isDefault: true },
              { type: 0, isDefault: false }
            ]
          },
          'app:Azure MFA StrongAuthenticationService'
        ),
        audit({
          activity: 'User changed default security info',
          ts: plus(at(2), 0.05),
          user: 'george@contoso.com',
          ip: '192.0.2.39',
          reason: 'User changed the default security info for Text a code to +X XXXXXXXXXX'
        })
      ],
      expect: { silent: 'high' }
    },
    {
      name: 'the same change from his usual office address, nothing risky before it, is low (posture issue)',
      falsePositive: true,
      events: [
        ...history('george@contoso.com', '192.0.2.39', 0, 2),
        phoneDiff(
          'george@contoso.com',
          at(2),
          {
            phone: '+1 2065550107',
            types: [
              { type: 1, isDefault: false },
              { type: 0, isDefault: true }
            ]
          },
          {
            phone: '+1 2065550107',
            types: [
              { type: 1, isDefault: true },
              { type: 0, isDefault: false }
            ]
          },
          'app:Azure MFA StrongAuthenticationService'
        ),
        audit({
          activity: 'User changed default security info',
          ts: plus(at(2), 0.05),
          user: 'george@contoso.com',
          ip: '192.0.2.39',
          reason: 'User changed the default security info for Text a code to +X XXXXXXXXXX'
        })
      ],
      expect: { silent: 'medium' }
    },
    {
      name: 'the same change from his usual office an hour after a risky sign-in keeps medium',
      events: [
        ...history('george@contoso.com', '192.0.2.39', 0, 2),
        signIn({
          user: 'george@contoso.com',
          ts: plus(at(2), -60),
          ip: '203.0.113.45',
          riskLevel: 'high',
          riskState: 'atRisk'
        }),
        phoneDiff(
          'george@contoso.com',
          at(2),
          {
            phone: '+1 2065550107',
            types: [
              { type: 1, isDefault: false },
              { type: 0, isDefault: true }
            ]
          },
          {
            phone: '+1 2065550107',
            types: [
              { type: 1, isDefault: true },
              { type: 0, isDefault: false }
            ]
          },
          'app:Azure MFA StrongAuthenticationService'
        ),
        audit({
          activity: 'User changed default security info',
          ts: plus(at(2), 0.05),
          user: 'george@contoso.com',
          ip: '192.0.2.39',
          reason: 'User changed the default security info for Text a code to +X XXXXXXXXXX'
        })
      ],
      expect: { fires: 'medium' }
    },
    {
      name: 'registering Authenticator is not SI-006',
      events: [registered('amy@contoso.com', at(2), '192.0.2.20')],
      expect: { silent: 'info' }
    }
  ]
}
