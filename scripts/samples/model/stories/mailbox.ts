/**
 * What an attacker does in the mailbox right after securing the account (SI-021's Purview signals,
 * EL8 and MS7): the security-info notification mail deleted and an inbox rule that hides the
 * next ones. And the look-alike: a user who reads the notice, deletes it the next morning and files
 * newsletters with a rule. The notification subject is this tenant's own (synthetic) wording.
 */
import { APPS } from '../directory'
import { attackerIp } from '../geo'
import { moveToDeletedItems, newInboxRule } from '../mailbox'
import { MINUTE } from '../time'
import type { StoryDef } from './context'
import { ipFact, ownMfa, signIn } from './helpers'
import { ATTACKER_LINUX, registerAuthenticator, registerFido2 } from './ops'

const NOTICE = 'Security info was added to your account'

export const mailboxCoverUp: StoryDef = {
  id: 'A19-mailbox-cover-up',
  title: 'A new Authenticator from an unseen IP, then the notification mail deleted and an inbox rule hiding the next ones',
  lookalike: false,
  detections: ['SI-001', 'SI-007', 'SI-017', 'SI-018', 'SI-021', 'SI-027'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 5,
  summary:
    "On Friday evening (Seattle) an attacker replays Kevin's phished session from a US VPS, binds their own Android phone, deletes the \"Security info was added to your account\" mail 2 minutes later and adds an inbox rule that moves mails about security info, sign-ins or verification codes to RSS Feeds, marked as read. The Purview export holds the mailbox records.",
  build(ctx) {
    const u = ctx.user('kevin')
    ctx.involve(u)
    const ip = attackerIp(90, 'vpsUs', 'dallas')
    const t0 = ctx.at(5, '03:31:12')
    ctx.fact('methodsBefore', ctx.methods(u, t0))
    signIn(ctx, { user: u, at: t0, ip, device: ATTACKER_LINUX, flow: { kind: 'sso' }, app: APPS.mySignins, resource: APPS.credentialConfig, what: 'Replayed session opens My Sign-ins from an unseen IP' })
    const reg = t0 + 4 * MINUTE + 41_000
    const device = registerAuthenticator(ctx, { user: u, at: reg, ip, userAgent: ATTACKER_LINUX.userAgent, name: 'SM-A256E', os: 'Android', owner: 'attacker', started: true })
    signIn(ctx, { user: u, at: reg + 1 * MINUTE + 20_000, ip, device: ATTACKER_LINUX, flow: { kind: 'mfa', factor: { kind: 'push', device: device.name } }, app: APPS.exchange, what: 'Outlook on the web, approved with the new Authenticator' })
    const deleted = reg + 2 * MINUTE + 5_000
    ctx.emitMailbox(moveToDeletedItems({ tenant: ctx.tenant, at: deleted, user: u, ip: ip.ip, rng: ctx.rng }, [NOTICE]), u, 'MoveToDeletedItems of the security-info notification')
    const rule = reg + 4 * MINUTE + 48_000
    ctx.emitMailbox(
      newInboxRule({ tenant: ctx.tenant, at: rule, user: u, ip: ip.ip, rng: ctx.rng }, [
        ['Name', '.'],
        ['SubjectOrBodyContainsWords', 'security info;sign-in;verification code'],
        ['MoveToFolder', 'RSS Feeds'],
        ['MarkAsRead', 'True'],
        ['StopProcessingRules', 'True']
      ]),
      u,
      'New-InboxRule hiding security mails in RSS Feeds'
    )
    ctx.fact('attackerIp', ip.ip)
    ctx.fact('attacker', ipFact(ip))
    ctx.fact('registrationIp', ip.ip)
    ctx.fact('deletedNotice', NOTICE)
    ctx.fact('inboxRule', { name: '.', moveToFolder: 'RSS Feeds', words: 'security info;sign-in;verification code' })
    ctx.fact('newMethod', { method: 'microsoft-authenticator', detail: device.name, deviceToken: device.token })
    ctx.fact('methodsAfter', ctx.methods(u, reg + MINUTE))
  }
}

export const noticeReadNextMorning: StoryDef = {
  id: 'L19-notice-read-next-morning',
  title: 'Look-alike: a user adds a security key, deletes the notification mail the next morning and files newsletters with a rule',
  lookalike: true,
  imitates: 'A19-mailbox-cover-up',
  detections: [],
  mustNotFire: ['SI-017', 'SI-018', 'SI-021', 'SI-027'],
  mayFire: ['SI-001'],
  lastDay: 4,
  summary:
    'Hugo registers a FIDO2 key at the London office on Thursday morning. On Friday at 09:40 he reads the "Security info was added to your account" mail and deletes it, and at 10:05 adds an inbox rule that files newsletters into a folder.',
  benignSignals: [
    'the registration comes from the London office address he uses every weekday, in office hours',
    'the notification is deleted the next morning, a day after the change (outside the 1-hour window)',
    'the inbox rule files newsletters from one sender; it hides nothing about security'
  ],
  build(ctx) {
    const u = ctx.user('hugo')
    ctx.involve(u)
    const office = u.ips.office
    const t0 = ctx.at(3, '09:15:40')
    ctx.fact('methodsBefore', ctx.methods(u, t0))
    ownMfa(ctx, u, t0 - 5 * MINUTE, office)
    registerFido2(ctx, { user: u, at: t0, ip: office, userAgent: u.laptop.userAgent, keyName: 'YubiKey 5 NFC', owner: 'user' })
    ctx.fact('methodsAfter', ctx.methods(u, t0 + MINUTE))
    ownMfa(ctx, u, ctx.at(4, '08:30:10'), office)
    ctx.emitMailbox(moveToDeletedItems({ tenant: ctx.tenant, at: ctx.at(4, '08:40:25'), user: u, ip: office.ip, rng: ctx.rng }, [NOTICE]), u, 'The notice deleted the next morning')
    ctx.emitMailbox(
      newInboxRule({ tenant: ctx.tenant, at: ctx.at(4, '09:05:50'), user: u, ip: office.ip, rng: ctx.rng }, [
        ['Name', 'Newsletters'],
        ['From', 'news@example.org'],
        ['MoveToFolder', 'Newsletters']
      ]),
      u,
      'Inbox rule filing newsletters'
    )
    ctx.fact('registrationIp', office.ip)
    ctx.fact('hoursFromRegistrationToDeletion', 23.4)
  }
}
