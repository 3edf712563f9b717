import { ADD_USER } from '../scan/activities'
import { hasTag, type Change } from '../scan/changes'
import type { ScanSignIn } from '../scan/scan-event'
import { at, audit, authenticatorDiff, plus, registered, signIn, tap } from './examples'
import { S, guidance } from './guidance'
import {
  DAY,
  HOUR,
  MINUTE,
  between,
  byWhom,
  changeEvidence,
  describeChange,
  gap,
  iso,
  needAudits
} from './helpers'
import { isMultiUse } from './si-003-tap-issued'
import type { FindingDraft, Rule, Severity } from './types'

function isRegistration(c: Change): boolean {
  return (
    !hasTag(c, 'attempt', 'deleted', 'tap') &&
    hasTag(c, 'registered', 'registered-all', 'authenticator-added', 'phone-added')
  )
}

/**
 * SI-013: TAP issued → sign-in with the TAP inside its validity → new method registered within
 * 10 minutes of that sign-in (EL1's investigation steps as one rule). With audit logs only: TAP
 * issued → registration before the TAP ends. A new hire's onboarding (account created days
 * before, one-time TAP issued by a person, not privileged) is reported low.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-013',
    title: 'TAP lifecycle abuse: TAP issued → TAP sign-in → new method registered',
    type: 'sequence',
    severity: 'high',
    attack: ['T1078.004', 'T1098.005', 'T1556.006'],
    requires: ['audit'],
    uses: ['signin'],
    description:
      'A Temporary Access Pass for U, then a U sign-in whose authentication methods include "Temporary Access Pass" inside the pass’s StartDateTime..EndTime (24 h when unknown), then a registration or new Authenticator device for U within 10 minutes of that sign-in. Without sign-ins covering the pass, the audit-only variant fires on TAP → registration before the pass ends. Low when it looks like onboarding: the account was created within 14 days, the pass is one-time, a person issued it, and the account is not privileged.',
    falsePositives: ['Onboarding and passwordless enrolment'],
    references: ['EL1', 'MS5', 'AZ8'],
    thresholds: { registrationMinutes: 10, defaultValidityHours: 24, newAccountDays: 14 },
    thresholdNotes: {
      registrationMinutes: 'maximum time from the TAP sign-in to the registration',
      defaultValidityHours: 'TAP validity assumed when the audit event does not say',
      newAccountDays: 'an account created this recently makes the sequence look like onboarding'
    },
    guidance: guidance(
      [S.reviewActor, S.askUser, S.listMethods, S.reviewSignIns],
      [S.removeTap, S.removeAuthenticator, S.revokeSessions],
      [S.tapPolicy, S.reviewApp, S.caRegistration]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const regWindow = (t.registrationMinutes ?? 10) * MINUTE
    const out: FindingDraft[] = []
    for (const c of ctx.changes()) {
      if (!c.tags.has('tap')) continue
      const user = c.user
      const start = c.tap?.start ?? c.ts
      const end = c.tap?.end ?? start + (t.defaultValidityHours ?? 24) * HOUR
      const userChanges = ctx.changesOf(user)
      const signins = between(ctx.signinsOf(user), start - MINUTE, end + MINUTE)
      const tapSignIns = signins.filter(
        (s) => s.ok && (s.methods?.includes('temporary-access-pass') ?? false)
      )
      const detailsKnown = signins.some((s) => s.methods !== null)
      let used: ScanSignIn | null = null
      let reg: Change | null = null
      let auditOnly = false
      for (const s of tapSignIns) {
        const r = userChanges.find((x) => isRegistration(x) && x.ts >= s.ts && x.ts - s.ts <= regWindow)
        if (r) {
          used = s
          reg = r
          break
        }
      }
      if (!reg && !detailsKnown) {
        reg = userChanges.find((x) => isRegistration(x) && x.ts >= c.ts && x.ts <= end) ?? null
        auditOnly = reg !== null
      }
      if (!reg) continue
      const created = ctx
        .auditsAbout(user)
        .find(
          (a) =>
            a.act === ADD_USER &&
            a.target === user &&
            a.ts <= c.ts &&
            c.ts - a.ts <= (t.newAccountDays ?? 14) * DAY
        )
      const privileged = ctx.privileged.at(user, c.ts)
      const multi = isMultiUse(c.tap?.usage)
      const onboarding = created !== undefined && !multi && c.actorType === 'user' && !privileged.privileged
      const deletedAfter = userChanges.find((x) => x.tags.has('tap-deleted') && x.ts > reg.ts)
      const severity: Severity = onboarding ? 'low' : 'high'
      const steps = [
        `Temporary Access Pass${multi ? ' (multi-use)' : ''} issued for ${ctx.upn(user)}${byWhom(ctx, c)} at ${iso(c.ts)}`,
        used ? `used to sign in ${gap(used.ts - c.ts)} later${used.ip ? ` from ${used.ip}` : ''}` : null,
        `${describeChange(reg)} ${used ? `${gap(reg.ts - used.ts)} after that sign-in` : `${gap(reg.ts - c.ts)} after the pass was issued (no sign-in shows the pass in use: audit-only)`}`,
        deletedAfter ? `the pass was deleted ${gap(deletedAfter.ts - reg.ts)} after the registration` : null
      ].filter((x): x is string => x !== null)
      out.push({
        severity,
        users: [user, ...(c.actor && c.actorType === 'user' && c.actor !== user ? [c.actor] : [])],
        start: c.ts,
        end: Math.max(reg.ts, deletedAfter?.ts ?? 0),
        evidence: [
          ...changeEvidence(c),
          ...(used ? [used.id] : []),
          ...changeEvidence(reg),
          ...(deletedAfter ? changeEvidence(deletedAfter) : [])
        ],
        anchor: { event: c.id },
        summary:
          steps.join('; ') +
          (onboarding
            ? `. Looks like onboarding: the account was created ${gap(c.ts - (created?.ts ?? c.ts))} before, the pass is one-time and a person issued it`
            : privileged.privileged
              ? `. The account is privileged (${privileged.why})`
              : '') +
          '.',
        facts: {
          issuedBy: c.actor,
          issuedByApp: c.actorType === 'app',
          multiUse: multi,
          validUntil: iso(end),
          tapSignIn: used?.id ?? null,
          tapSignInIp: used?.ip ?? null,
          registration: describeChange(reg),
          auditOnly,
          accountCreated: created ? iso(created.ts) : null,
          onboarding,
          targetPrivileged: privileged.privileged,
          tapDeletedAfter: deletedAfter !== undefined
        }
      })
    }
    return out
  },
  examples: [
    {
      name: 'multi-use TAP from an app, TAP sign-in, new FIDO2 key 4 min later',
      events: [
        tap('app:Lifecycle Automation', 'ben@contoso.com', at(8, '16:00'), 'Multiple', 480),
        signIn({
          user: 'ben@contoso.com',
          ts: plus(at(8, '16:00'), 6),
          ip: '203.0.113.80',
          methods: ['temporary-access-pass']
        }),
        registered('ben@contoso.com', plus(at(8, '16:00'), 10), '203.0.113.80', 'User registered Fido')
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'onboarding: new account, one-time TAP from the help desk, Authenticator four minutes after the TAP sign-in',
      falsePositive: true,
      events: [
        audit({
          activity: 'Add user',
          ts: at(5, '15:00'),
          user: 'zoe@contoso.com',
          by: 'app:HR Provisioning Connector'
        }),
        tap('helpdesk@contoso.com', 'zoe@contoso.com', at(8, '08:30'), 'OneTime', 60),
        signIn({
          user: 'zoe@contoso.com',
          ts: plus(at(8, '08:30'), 10),
          ip: '192.0.2.11',
          methods: ['temporary-access-pass']
        }),
        authenticatorDiff(
          'zoe@contoso.com',
          plus(at(8, '08:30'), 14),
          [],
          [{ name: 'iPhone 15', token: 'z' }]
        ),
        registered('zoe@contoso.com', plus(at(8, '08:30'), 14.05), '192.0.2.11')
      ],
      expect: { silent: 'medium' }
    },
    {
      name: 'a TAP never used for a registration',
      events: [
        tap('helpdesk@contoso.com', 'amy@contoso.com', at(8), 'OneTime'),
        signIn({ user: 'amy@contoso.com', ts: plus(at(8), 10), methods: ['temporary-access-pass'] })
      ],
      expect: { silent: 'info' }
    }
  ]
}
