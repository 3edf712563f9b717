import type { ModifiedProperty } from '../model/event'
import { INBOX_RULE, MAIL_DELETE, SET_MAILBOX } from './activities'

/**
 * The Exchange signals of SI-021, read from unified-audit-log records (their Parameters,
 * OperationProperties and AffectedItems are modified properties named after their source; see
 * src/shared/ingest/formats/unified-audit.ts): a new or changed inbox rule, mail forwarding set on
 * the mailbox, and the deletion of a security-info or MFA notification mail (EL8).
 */
export type MailboxSignal =
  | { kind: 'inbox-rule'; name: string | null; settings: string[] }
  | { kind: 'forwarding'; to: string }
  | { kind: 'notice-deleted'; subjects: string[] }

/**
 * EL8's subject words: "new" before mfa/multi/factor/method/device/security; 2fa, 2-step;
 * mfa/factor/method/device/security before an enrolment verb; authenticator, verification code,
 * security info, security alert. Sign-in notices (a different story) are left out, as EL8 does.
 */
const NOTICE =
  /new (mfa|multi|factor|method|device|security)|2fa|2-step|(mfa|factor|method|device|security) (enroll|register|added|change|verify|update|activate|configure|setup)|authenticator|verification code|security info|security alert/i
const SIGN_IN_NOTICE = /sign-in|sign in|log-in|log in|logon/i

export function isMfaNoticeSubject(subject: string): boolean {
  return NOTICE.test(subject) && !SIGN_IN_NOTICE.test(subject)
}

/** Words SQL can look for before the exact test (LIKE is case-insensitive for ASCII). */
export const NOTICE_WORDS = [
  'mfa',
  'multi',
  'factor',
  'method',
  'device',
  'security',
  '2fa',
  '2-step',
  'authenticator',
  'verification code'
]

/** Inbox-rule parameters an investigator needs first: what the rule matches and what it does. */
const RULE_SETTINGS = [
  'From',
  'FromAddressContainsWords',
  'SubjectContainsWords',
  'SubjectOrBodyContainsWords',
  'BodyContainsWords',
  'MoveToFolder',
  'DeleteMessage',
  'MarkAsRead',
  'ForwardTo',
  'ForwardAsAttachmentTo',
  'RedirectTo',
  'RuleActions'
]

function values(modified: readonly ModifiedProperty[] | null, name: string): string[] {
  const out: string[] = []
  for (const p of modified ?? [])
    if (p.name === name && p.newValue !== null && p.newValue !== '') out.push(p.newValue)
  return out
}

function first(modified: readonly ModifiedProperty[] | null, ...names: string[]): string | null {
  for (const n of names) {
    const v = values(modified, n)[0]
    if (v !== undefined) return v
  }
  return null
}

/** What an Exchange record means for SI-021, or null (most mailbox activity means nothing here). */
export function mailboxSignal(
  act: string,
  modified: readonly ModifiedProperty[] | null
): MailboxSignal | null {
  if (INBOX_RULE.has(act)) {
    // Outlook's UpdateInboxRules also logs rule removals, which add nothing.
    if (/^remove/i.test(first(modified, 'OperationProperties.RuleOperation') ?? '')) return null
    const settings: string[] = []
    for (const s of RULE_SETTINGS) {
      const v = first(modified, `Parameters.${s}`, `OperationProperties.${s}`)
      if (v !== null && v !== 'False') settings.push(`${s}=${v}`)
    }
    return {
      kind: 'inbox-rule',
      name: first(modified, 'Parameters.Name', 'OperationProperties.RuleName', 'Parameters.Identity'),
      settings
    }
  }
  if (act === SET_MAILBOX) {
    const to = first(modified, 'Parameters.ForwardingSmtpAddress', 'Parameters.ForwardingAddress')
    return to === null ? null : { kind: 'forwarding', to }
  }
  if (MAIL_DELETE.has(act)) {
    const subjects = values(modified, 'AffectedItems.Subject').filter(isMfaNoticeSubject)
    return subjects.length ? { kind: 'notice-deleted', subjects } : null
  }
  return null
}
