import { describe, expect, it } from 'vitest'
import { mapJsonRecord } from '../../../src/shared/ingest/formats/json-record'
import { withoutPort } from '../../../src/shared/ingest/formats/unified-audit'
import type { ModifiedProperty, NormalizedFields } from '../../../src/shared/model/event'
import { isMfaNoticeSubject, mailboxSignal } from '../../../src/shared/scan/mailbox'
import { isRelevantAudit } from '../../../src/shared/scan/relevance'

function mapped(record: Record<string, unknown>): NormalizedFields {
  const r = mapJsonRecord(record)
  if (!('event' in r)) throw new Error(`not mapped: ${JSON.stringify(r)}`)
  return r.event.fields
}

/** The shape of the corpus's New-InboxRule records (Huntress CTF 2023 "Rogue Inbox", Purview CSV). */
const NEW_INBOX_RULE = {
  CreationTime: '2023-09-26T01:56:15',
  Id: '85d29e27-be28-4f2c-96c8-08dbbe33c473',
  Operation: 'New-InboxRule',
  RecordType: 1,
  ResultStatus: 'True',
  UserType: 2,
  Workload: 'Exchange',
  ClientIP: '185.73.124.135:19823',
  ObjectId:
    'NAMPR10A011.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/M365B132131.onmicrosoft.com/f757cb79\\f',
  UserId: 'DebraB@M365B132131.OnMicrosoft.com',
  Parameters: [
    { Name: 'AlwaysDeleteOutlookRulesBlob', Value: 'False' },
    { Name: 'From', Value: 'flag@ctf.com' },
    { Name: 'MoveToFolder', Value: 'Conversation History' },
    { Name: 'Name', Value: 'f' },
    { Name: 'MarkAsRead', Value: 'True' }
  ]
}

/** A mailbox item operation as the Office 365 Management Activity schema describes it (synthetic values). */
const MOVE_TO_DELETED = {
  CreationTime: '2026-10-09T22:13:40',
  Id: '0c7f5a3e-2d41-4b8e-9f60-5a1e2b3c4d5e',
  Operation: 'MoveToDeletedItems',
  RecordType: 3,
  ResultStatus: 'Succeeded',
  UserType: 0,
  Workload: 'Exchange',
  UserId: 'nina.patel@corp.example.com',
  MailboxOwnerUPN: 'nina.patel@corp.example.com',
  ClientIPAddress: '[2001:db8::45]:51234',
  Folder: { Path: '\\Inbox' },
  DestFolder: { Path: '\\Deleted Items' },
  AffectedItems: [
    { Subject: 'Security info was added to your account', ParentFolder: { Path: '\\Inbox' } },
    { Subject: 'Lunch on Friday?', ParentFolder: { Path: '\\Inbox' } }
  ]
}

describe('Exchange records of the unified audit log', () => {
  it('keep the cmdlet parameters as named new values and the address without its port', () => {
    const e = mapped(NEW_INBOX_RULE)
    expect(e).toMatchObject({
      kind: 'audit',
      activity: 'New-InboxRule',
      service: 'Exchange',
      result: 'success',
      actorType: 'user',
      actorUpn: 'debrab@m365b132131.onmicrosoft.com',
      userUpn: 'debrab@m365b132131.onmicrosoft.com',
      ip: '185.73.124.135'
    })
    expect(e.modifiedProperties).toContainEqual({
      name: 'Parameters.From',
      oldValue: null,
      newValue: 'flag@ctf.com'
    })
    expect(e.modifiedProperties).toContainEqual({ name: 'Parameters.Name', oldValue: null, newValue: 'f' })
  })

  it('keep the subjects and folders of moved or deleted mails, about the mailbox owner', () => {
    const e = mapped(MOVE_TO_DELETED)
    expect(e).toMatchObject({
      targetType: 'User',
      targetUpn: 'nina.patel@corp.example.com',
      userUpn: 'nina.patel@corp.example.com',
      ip: '2001:db8::45'
    })
    expect(
      e.modifiedProperties?.filter((p) => p.name === 'AffectedItems.Subject').map((p) => p.newValue)
    ).toEqual(['Security info was added to your account', 'Lunch on Friday?'])
  })

  it('strip a port only where there is one', () => {
    expect(withoutPort('185.73.124.135:19823')).toBe('185.73.124.135')
    expect(withoutPort('185.73.124.135')).toBe('185.73.124.135')
    expect(withoutPort('[2001:db8::45]:443')).toBe('2001:db8::45')
    expect(withoutPort('2001:db8::45')).toBe('2001:db8::45')
    expect(withoutPort(null)).toBeNull()
  })
})

describe('the mailbox signals of SI-021', () => {
  const props = (...pairs: Array<[string, string]>): ModifiedProperty[] =>
    pairs.map(([name, newValue]) => ({ name, oldValue: null, newValue }))

  it('read MFA and security-info notices the way EL8 does, sign-in notices excluded', () => {
    for (const s of [
      'Security info was added to your account',
      'New MFA method registered',
      'Your 2-step verification settings changed',
      'Microsoft Authenticator: new device',
      'Your verification code',
      'Security alert for your account'
    ])
      expect(isMfaNoticeSubject(s), s).toBe(true)
    for (const s of [
      'Lunch on Friday?',
      'New sign-in to your account',
      'Security alert: unusual sign-in activity'
    ])
      expect(isMfaNoticeSubject(s), s).toBe(false)
  })

  it('name an inbox rule with what it matches and does, and ignore rule removals', () => {
    expect(
      mailboxSignal(
        'new-inboxrule',
        props(
          ['Parameters.Name', 'f'],
          ['Parameters.From', 'flag@ctf.com'],
          ['Parameters.DeleteMessage', 'False']
        )
      )
    ).toEqual({ kind: 'inbox-rule', name: 'f', settings: ['From=flag@ctf.com'] })
    expect(
      mailboxSignal('updateinboxrules', props(['OperationProperties.RuleOperation', 'RemoveMailboxRule']))
    ).toBeNull()
  })

  it('count Set-Mailbox only when it forwards mail, and deletions only of notices', () => {
    expect(
      mailboxSignal('set-mailbox', props(['Parameters.ForwardingSmtpAddress', 'smtp:x@example.net']))
    ).toEqual({
      kind: 'forwarding',
      to: 'smtp:x@example.net'
    })
    expect(mailboxSignal('set-mailbox', props(['Parameters.MaxSendSize', '1 GB']))).toBeNull()
    expect(
      mailboxSignal(
        'softdelete',
        props(['AffectedItems.Subject', 'Lunch'], ['AffectedItems.Subject', 'New MFA method'])
      )
    ).toEqual({ kind: 'notice-deleted', subjects: ['New MFA method'] })
    expect(mailboxSignal('harddelete', props(['AffectedItems.Subject', 'Lunch']))).toBeNull()
  })

  it('are what the scan reads of the mailbox, and nothing more', () => {
    const json = (p: ModifiedProperty[]): string => JSON.stringify(p)
    expect(isRelevantAudit('new-inboxrule', null)).toBe(true)
    expect(
      isRelevantAudit('movetodeleteditems', json(props(['AffectedItems.Subject', 'Your verification code'])))
    ).toBe(true)
    expect(isRelevantAudit('movetodeleteditems', json(props(['AffectedItems.Subject', 'Lunch'])))).toBe(false)
    expect(isRelevantAudit('set-mailbox', json(props(['Parameters.Arbitration', 'True'])))).toBe(false)
    expect(isRelevantAudit('mailitemsaccessed', null)).toBe(false)
  })
})
