import { hasTag } from '../scan/changes'
import { adminAction, at, phoneReplacement } from './examples'
import { S, guidance } from './guidance'
import { byWhom, changeEvidence, describeChange, iso, methodLabel, needAudits, quoted } from './helpers'
import { helpdeskOperator, replacedByUser, restoredByUser } from './routine'
import type { FindingDraft, Rule } from './types'

const MFA_METHODS = new Set([
  'microsoft-authenticator',
  'phone-sms',
  'phone-voice',
  'alternate-phone',
  'office-phone',
  'fido2',
  'passkey',
  'windows-hello',
  'software-oath',
  'hardware-oath'
])

/**
 * SI-004: a method was deleted, or every MFA method wiped ("Admin required re-registration",
 * an emptied StrongAuthenticationMethod). High when nothing is left or the target is privileged;
 * deleting a Temporary Access Pass is routine cleanup and stays low.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-004',
    title: 'Security info deleted or MFA methods wiped',
    type: 'single-event',
    severity: 'medium',
    attack: ['T1556.006'],
    requires: ['audit'],
    uses: [],
    description:
      '"User deleted security info", "Admin deleted security info" (including "Admin required re-registration of MFA authentication methods."), Device Registration Service credential deletes, and "Update user" diffs where StrongAuthentication* values shrink. High when the last MFA method goes or the target is privileged; TAP deletions are low. Low, with the reason, for the catalog’s false positives where the data shows them on a non-privileged account: a user replacing a phone (their own registration from a known address in the day before, something left) or a help-desk reset (by an operator on the case’s help-desk list or holding a help-desk role) after which the user re-registered from a known address within 48 hours with no sign-in from an unknown address in between.',
    falsePositives: ['Users replacing phones', 'Cleanup of expired TAPs', 'Help-desk resets'],
    references: ['EL2', 'PA1', 'AZ12', 'MS3', 'IV1'],
    thresholds: {},
    thresholdNotes: {},
    guidance: guidance(
      [S.askUser, S.reviewActor, S.listMethods, S.reviewSignIns],
      [S.revokeSessions, S.blockSignIn],
      [S.requireReregister, S.helpdeskProcess, S.caRegistration]
    )
  },
  evaluate(ctx) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const out: FindingDraft[] = []
    for (const c of ctx.changes()) {
      if (!hasTag(c, 'deleted', 'wiped')) continue
      // A deletion that is really a replacement inside one diff (new device in, old out) still counts.
      const tapOnly = c.tags.has('tap-deleted')
      const after = ctx.inventory.of(c.user).methodsAt(c.events.reduce((m, e) => Math.max(m, e.ts), c.ts))
      const remaining = after.filter((m) => MFA_METHODS.has(m.method))
      const nothingLeft = c.tags.has('wiped') || remaining.length === 0
      const privileged = ctx.privileged.at(c.user, c.ts)
      let severity: FindingDraft['severity'] = 'medium'
      if (tapOnly) severity = 'low'
      else if (nothingLeft || privileged.privileged) severity = 'high'
      // The catalog's false positives, where the data shows them: a user replacing a phone, a
      // help-desk reset that the user themself restored from a known place (never for privileged).
      let routine: string | null = null
      if (!tapOnly && !privileged.privileged) {
        if (!nothingLeft) routine = replacedByUser(ctx, c)
        if (!routine && c.tags.has('by-other')) {
          const operator = helpdeskOperator(ctx, c.actor, c.ts)
          const restored = operator ? restoredByUser(ctx, c) : null
          if (operator && restored)
            routine = `a help-desk reset: ${ctx.upn(c.actor ?? '')} ${operator}; ${restored.text}`
        }
        if (routine) severity = 'low'
      }
      const left = remaining.map((m) => `${methodLabel(m.method)}${quoted(m.detail)}`)
      out.push({
        severity,
        users: c.actor && c.actorType === 'user' && c.actor !== c.user ? [c.user, c.actor] : [c.user],
        start: c.ts,
        end: c.events.reduce((m, e) => Math.max(m, e.ts), c.ts),
        evidence: changeEvidence(c),
        anchor: { event: c.id },
        summary:
          `${ctx.upn(c.user)}: ${describeChange(c)}${byWhom(ctx, c)}` +
          (tapOnly
            ? ''
            : nothingLeft
              ? '; no MFA method is left on the account'
              : left.length
                ? `; still registered: ${left.join(', ')}`
                : '') +
          (privileged.privileged ? `; the account is privileged (${privileged.why})` : '') +
          (routine ? `; routine: ${routine}` : '') +
          '.',
        facts: {
          reason: c.reason,
          actor: c.actor,
          byOther: c.tags.has('by-other'),
          method: c.method,
          detail: c.detail,
          removed: c.removed.map((r) => `${methodLabel(r.method)}${quoted(r.detail)}`),
          remaining: left,
          nothingLeft,
          tapCleanup: tapOnly,
          targetPrivileged: privileged.privileged,
          routine,
          deletedAt: iso(c.ts)
        }
      })
    }
    return out
  },
  examples: [
    {
      name: 'the user deletes their old phone after adding a new one (medium at most)',
      falsePositive: true,
      events: phoneReplacement(
        'amy@contoso.com',
        at(2, '18:00'),
        '192.0.2.33',
        { name: 'iPhone 12', token: 'old' },
        { name: 'iPhone 16', token: 'new' }
      ),
      expect: { silent: 'high' }
    },
    {
      name: 'an admin requires re-registration: every method goes',
      events: [
        adminAction(
          'helpdesk@contoso.com',
          'dan@contoso.com',
          at(2),
          'Admin deleted security info',
          'Admin required re-registration of MFA authentication methods.'
        )
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'cleanup of a used TAP is low',
      falsePositive: true,
      events: [
        adminAction(
          'helpdesk@contoso.com',
          'new@contoso.com',
          at(2),
          'Admin deleted security info',
          'Admin deleted temporary access pass method for user'
        )
      ],
      expect: { silent: 'medium' }
    }
  ]
}
