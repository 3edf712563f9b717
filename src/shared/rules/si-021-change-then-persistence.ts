import { PERSISTENCE_ACTIONS, foldDashes } from '../scan/activities'
import { isSecurityInfoChange, type Change } from '../scan/changes'
import { mailboxSignal, type MailboxSignal } from '../scan/mailbox'
import { succeeded, type ScanAudit } from '../scan/scan-event'
import { at, audit, mailbox, plus, registered, roleGrant } from './examples'
import { S, guidance } from './guidance'
import { MINUTE, changeEvidence, describeChange, gap, iso, needAudits } from './helpers'
import { isReset } from './si-011-password-reset-and-registration'
import type { FindingDraft, Rule } from './types'

type Action = { kind: 'directory'; key: string } | { kind: 'mailbox'; signal: MailboxSignal }

function action(a: ScanAudit): Action | null {
  const key = foldDashes(a.act)
  if (PERSISTENCE_ACTIONS.has(key)) return { kind: 'directory', key }
  const signal = mailboxSignal(a.act, a.modified)
  return signal ? { kind: 'mailbox', signal } : null
}

const isDeviceRegistration = (a: ScanAudit): boolean => {
  const x = action(a)
  return x?.kind === 'directory' && x.key === 'register device'
}

/** "New-InboxRule 'f' (From=flag@ctf.com, MoveToFolder=Conversation History)", "Consent to application (Mail Sync Pro)". */
function describeAction(a: ScanAudit, user: string, upn: (u: string) => string): string {
  const x = action(a)
  const name = a.activity ?? a.act
  if (x?.kind === 'mailbox') {
    const s = x.signal
    if (s.kind === 'inbox-rule')
      return `${name}${s.name ? ` '${s.name}'` : ''}${s.settings.length ? ` (${s.settings.join(', ')})` : ''}`
    if (s.kind === 'forwarding') return `${name} forwarding mail to ${s.to}`
    return `${name} of the mail${s.subjects.length > 1 ? 's' : ''} ${s.subjects.map((x) => `'${x}'`).join(', ')}`
  }
  if (a.target && a.target !== user) return `${name} (${upn(a.target)})`
  return a.targetName ? `${name} (${a.targetName})` : name
}

const SHOWN = 8

/**
 * SI-021: after a security-info change or password reset for U, U itself grants roles, consents
 * to apps, adds credentials, changes Conditional Access or domain federation, or registers
 * several devices within the hour (AZ22, AZ18, EL5, EL6); where the Purview unified audit log was
 * imported too, creates inbox rules, forwards its mail or deletes the security-info notification
 * mail (EL8, MS7).
 */
export const rule: Rule = {
  meta: {
    id: 'SI-021',
    title: 'Security-info change followed by persistence or privileged actions',
    type: 'sequence',
    severity: 'high',
    attack: ['T1098', 'T1098.003', 'T1098.005', 'T1078.004', 'T1564.008', 'T1070.008'],
    requires: ['audit'],
    uses: [],
    description:
      'After a security-info change (SI-001..SI-007) or password reset for U, U as initiator performs within 1 hour: "Add member to role", "Add eligible member to role", "Consent to application", "Add service principal credentials", "Update application – Certificates and secrets management", "Add owner to service principal/application", "Set domain authentication", a Conditional Access policy update or delete, or "Register device" (3 or more devices within 15 minutes). Where the Purview unified audit log is imported too: a new or changed inbox rule (New-InboxRule, Set-InboxRule, Enable-InboxRule, UpdateInboxRules), mail forwarding set with Set-Mailbox, or a SoftDelete/HardDelete/MoveToDeletedItems of a mail whose subject reads like an MFA or security-info notification (EL8’s words; sign-in notices excluded).',
    falsePositives: [
      'Admins legitimately doing setup right after enrolling',
      'Users tidying their mailbox (deleting the security-info notification after reading it)'
    ],
    references: ['AZ22', 'AZ18', 'EL5', 'EL6', 'EL8', 'MS7'],
    thresholds: { windowMinutes: 60, deviceBurst: 3, deviceBurstMinutes: 15 },
    thresholdNotes: {
      windowMinutes: 'maximum time from the change to the action',
      deviceBurst: 'device registrations that count as an action …',
      deviceBurstMinutes: '… within this many minutes'
    },
    guidance: guidance(
      [S.askUser, S.reviewAudit, S.reviewRoles, S.reviewInboxRules],
      [S.revokeSessions, S.blockSignIn, S.removeRole, S.removeInboxRule],
      [S.reviewConsents, S.reviewApp, S.reviewDevices, S.reviewCaPolicies]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const window = (t.windowMinutes ?? 60) * MINUTE
    const out: FindingDraft[] = []
    for (const user of ctx.users()) {
      const acts = ctx
        .auditsBy(user)
        .filter((a) => a.actorType === 'user' && succeeded(a) && action(a) !== null)
      if (acts.length === 0) continue
      const changes = ctx
        .changesOf(user)
        .filter((c) => (isSecurityInfoChange(c) || isReset(c)) && !c.tags.has('attempt'))
      const used = new Set<number>()
      for (const c of changes) {
        const follow = acts.filter((a) => a.ts > c.ts && a.ts - c.ts <= window && !used.has(a.id))
        const devices = follow.filter(isDeviceRegistration)
        const burst =
          devices.length >= (t.deviceBurst ?? 3) &&
          devices.some((d, i) => {
            const later = devices.slice(i).filter((x) => x.ts - d.ts <= (t.deviceBurstMinutes ?? 15) * MINUTE)
            return later.length >= (t.deviceBurst ?? 3)
          })
        const relevant = follow.filter((a) => !isDeviceRegistration(a) || burst)
        if (relevant.length === 0) continue
        for (const a of relevant) used.add(a.id)
        const first = relevant[0] as ScanAudit
        const names = [...new Set(relevant.map((a) => describeAction(a, user, (u) => ctx.upn(u))))]
        const mailbox = relevant
          .map(action)
          .filter((x): x is Extract<Action, { kind: 'mailbox' }> => x?.kind === 'mailbox')
        const shown =
          names.length > SHOWN
            ? `${names.slice(0, SHOWN).join('; ')} and ${names.length - SHOWN} more`
            : names.join('; ')
        out.push({
          severity: 'high',
          users: [user],
          start: c.ts,
          end: (relevant.at(-1) as ScanAudit).ts,
          evidence: [...changeEvidence(c), ...relevant.map((a) => a.id)],
          anchor: { event: first.id },
          summary: `${ctx.upn(user)}: ${describeChange(c as Change)} at ${iso(c.ts).slice(0, 16)}Z, then ${gap(first.ts - c.ts)} later the account itself did: ${shown}.`,
          facts: {
            change: describeChange(c),
            changeAt: iso(c.ts),
            actions: names,
            firstActionAt: iso(first.ts),
            minutesAfter: Math.round((first.ts - c.ts) / MINUTE),
            inboxRules: mailbox.filter((x) => x.signal.kind === 'inbox-rule').length,
            forwarding: mailbox.flatMap((x) => (x.signal.kind === 'forwarding' ? [x.signal.to] : [])),
            deletedNotices: mailbox.flatMap((x) =>
              x.signal.kind === 'notice-deleted' ? x.signal.subjects : []
            )
          }
        })
      }
    }
    return out
  },
  examples: [
    {
      name: 'a new Authenticator, then an OAuth consent 20 minutes later',
      events: [
        registered('lucas@contoso.com', at(4, '02:20'), '203.0.113.50'),
        audit({
          activity: 'Consent to application',
          ts: plus(at(4, '02:20'), 20),
          by: 'lucas@contoso.com',
          targetType: 'ServicePrincipal',
          targetName: 'Mail Sync Pro'
        })
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'a password reset by someone else, then inbox rules that hide mail from the account (Purview log)',
      events: [
        audit({
          activity: 'Reset user password.',
          ts: at(3, '01:43'),
          user: 'debra@contoso.com',
          by: 'admin@contoso.com'
        }),
        mailbox(
          'New-InboxRule',
          'debra@contoso.com',
          plus(at(3, '01:43'), 13),
          [
            ['Parameters.Name', 'f'],
            ['Parameters.From', 'security@contoso.com'],
            ['Parameters.MoveToFolder', 'Conversation History'],
            ['Parameters.MarkAsRead', 'True']
          ],
          '203.0.113.135'
        )
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'a new Authenticator, then the security-info notification mail deleted (EL8)',
      events: [
        registered('nina@contoso.com', at(5, '22:10'), '203.0.113.52'),
        mailbox('MoveToDeletedItems', 'nina@contoso.com', plus(at(5, '22:10'), 3), [
          ['AffectedItems.Subject', 'Security info was added to your account'],
          ['AffectedItems.ParentFolder', '\\Inbox']
        ])
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'a user deletes a sign-in notice and removes an old Outlook rule after enrolling',
      falsePositive: true,
      events: [
        registered('amy@contoso.com', at(2, '09:00'), '192.0.2.10'),
        mailbox('SoftDelete', 'amy@contoso.com', plus(at(2, '09:00'), 5), [
          ['AffectedItems.Subject', 'New sign-in to your account from Windows'],
          ['AffectedItems.ParentFolder', '\\Inbox']
        ]),
        mailbox('UpdateInboxRules', 'amy@contoso.com', plus(at(2, '09:00'), 8), [
          ['OperationProperties.RuleOperation', 'RemoveMailboxRule'],
          ['OperationProperties.RuleName', 'Newsletters']
        ])
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'a user deletes the security-info notification the next day, after reading it',
      falsePositive: true,
      events: [
        registered('amy@contoso.com', at(2, '09:00'), '192.0.2.10'),
        mailbox('MoveToDeletedItems', 'amy@contoso.com', at(3, '08:30'), [
          ['AffectedItems.Subject', 'Security info was added to your account']
        ])
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'a new admin enrols a key and is granted a role four days later',
      falsePositive: true,
      events: [
        registered('felix@contoso.com', at(2, '09:00'), '192.0.2.10', 'User registered Fido'),
        roleGrant(
          'felix@contoso.com',
          'someone@contoso.com',
          at(6, '10:00'),
          'Helpdesk Administrator',
          'HelpdeskAdmins'
        )
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'one device registration after enrolling is routine',
      falsePositive: true,
      events: [
        registered('amy@contoso.com', at(2, '09:00'), '192.0.2.10'),
        audit({
          activity: 'Register device',
          ts: plus(at(2, '09:00'), 10),
          by: 'amy@contoso.com',
          targetType: 'Device',
          targetName: 'AMY-LAPTOP'
        })
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'roles granted an hour and a half later are outside the window',
      events: [
        registered('a@contoso.com', at(2), '192.0.2.1'),
        roleGrant('a@contoso.com', 'b@contoso.com', plus(at(2), 90), 'Global Administrator', 'TenantAdmins')
      ],
      expect: { silent: 'info' }
    }
  ]
}
