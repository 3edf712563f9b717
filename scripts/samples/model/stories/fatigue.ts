/**
 * MFA push fatigue (SI-010, SI-016) and fraud reports (SI-008), with the two benign shapes the
 * catalog names: prompts a user ignores on a bad network, and a user mis-tapping "report".
 */
import { consentEvent, mfaFraudEvent } from '../activities'
import { APPS } from '../directory'
import { attackerIp } from '../geo'
import { MINUTE } from '../time'
import type { StoryDef } from './context'
import { every, ipFact, ownMfa, signIn } from './helpers'
import { ATTACKER_WINDOWS, registerAuthenticator } from './ops'

const DECLINED = 'MFA denied; user declined the authentication'
const NO_RESPONSE = 'MFA denied; user did not respond to mobile app notification'

export const pushFatigue: StoryDef = {
  id: 'A05-push-fatigue',
  title: 'Twelve push denials in five minutes, an approval, then a new Authenticator and an OAuth consent',
  lookalike: false,
  detections: ['SI-001', 'SI-007', 'SI-010', 'SI-016', 'SI-017', 'SI-018', 'SI-021', 'SI-027'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 11,
  summary:
    "Close to midnight in London, an attacker with Lucas's password sends twelve Authenticator prompts from a German VPS in five minutes; he declines some, ignores the rest, then approves one. Fourteen minutes later the attacker registers their own phone and consents to a mail-reading app.",
  build(ctx) {
    const u = ctx.user('lucas')
    ctx.involve(u)
    const ip = attackerIp(120, 'vpsDe', 'frankfurt')
    const device = 'Pixel 8'
    const start = ctx.at(11, '22:31:05')
    ctx.fact('methodsBefore', ctx.methods(u, start))
    every(start, 12, 28).forEach((t, i) => {
      signIn(ctx, {
        user: u,
        at: t,
        ip,
        device: ATTACKER_WINDOWS,
        flow: { kind: 'denied', factor: { kind: 'push', device }, detail: i % 3 === 0 ? DECLINED : NO_RESPONSE },
        what: i === 0 ? 'First of 12 denied prompts (500121)' : undefined
      })
    })
    const approved = ctx.at(11, '22:38:02')
    signIn(ctx, {
      user: u,
      at: approved,
      ip,
      device: ATTACKER_WINDOWS,
      flow: { kind: 'mfa', factor: { kind: 'push', device } },
      what: 'The user approves a prompt: MFA successfully completed'
    })
    const attackerDevice = registerAuthenticator(ctx, {
      user: u,
      at: ctx.at(11, '22:52:30'),
      ip,
      userAgent: ATTACKER_WINDOWS.userAgent,
      name: 'Redmi Note 13',
      os: 'Android',
      owner: 'attacker'
    })
    const app = { id: ctx.rng.guid(), displayName: 'Mail Sync Pro' }
    ctx.emitAudit(consentEvent(ctx.at(11, '23:10:45'), u, ip.ip, app, 'Mail.ReadWrite Mail.Send offline_access User.Read', ctx.rng), 'Consent to a mail-reading application')
    signIn(ctx, { user: u, at: ctx.at(11, '23:12:20'), ip, device: ATTACKER_WINDOWS, flow: { kind: 'sso' }, app: APPS.exchange, interactive: false })
    ctx.fact('attackerIp', ip.ip)
    ctx.fact('attacker', ipFact(ip))
    ctx.fact('denials', 12)
    ctx.fact('approvalTime', new Date(approved).toISOString())
    ctx.fact('consentedApp', app.displayName)
    ctx.fact('newMethod', { method: 'microsoft-authenticator', detail: attackerDevice.name, deviceToken: attackerDevice.token })
    ctx.fact('methodsAfter', ctx.methods(u, ctx.at(11, '23:00:00')))
  }
}

export const fraudReport: StoryDef = {
  id: 'A12-fraud-report',
  title: 'A user reports an unexpected prompt as fraud and is blocked; the attacker keeps trying',
  lookalike: false,
  detections: ['SI-008'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 9,
  summary:
    'At 07:12 in London Nina receives a prompt she did not start and reports it. The tenant blocks her for MFA; two more attempts from the same Dutch VPS fail with "user is blocked".',
  build(ctx) {
    const u = ctx.user('nina')
    ctx.involve(u)
    const ip = attackerIp(46, 'vpsNl', 'amsterdam')
    const t0 = ctx.at(9, '06:12:30')
    signIn(ctx, {
      user: u,
      at: t0,
      ip,
      device: ATTACKER_WINDOWS,
      flow: { kind: 'denied', factor: { kind: 'push', device: 'iPhone 15' }, detail: 'MFA denied; Phone App Reported Fraud', stepDetail: 'SuspiciousActivityReported' },
      what: 'Prompt reported as fraud (500121)'
    })
    const phoneIp = u.ips.mobile.ip
    ctx.emitAudit(mfaFraudEvent(t0 + 22_000, u, phoneIp, 'Suspicious activity reported', ctx.rng), 'Suspicious activity reported')
    ctx.emitAudit(mfaFraudEvent(t0 + 23_000, u, phoneIp, 'Fraud reported - user is blocked for MFA', ctx.rng), 'Fraud reported - user is blocked for MFA')
    for (const hms of ['06:20:11', '06:31:48']) {
      signIn(ctx, {
        user: u,
        at: ctx.at(9, hms),
        ip,
        device: ATTACKER_WINDOWS,
        flow: { kind: 'denied', factor: { kind: 'push', device: 'iPhone 15' }, detail: 'MFA denied; user is blocked' }
      })
    }
    ctx.fact('attackerIp', ip.ip)
    ctx.fact('attacker', ipFact(ip))
    ctx.fact('reportedFrom', phoneIp)
  }
}

export const stalePrompts: StoryDef = {
  id: 'L05-stale-prompts',
  title: 'Look-alike: three unanswered prompts on a bad connection, then a normal approval',
  lookalike: true,
  imitates: 'A05-push-fatigue',
  detections: [],
  mustNotFire: ['SI-010', 'SI-016'],
  mayFire: [],
  lastDay: 8,
  summary:
    'On a morning with patchy Wi-Fi, three of Hannah\'s prompts time out 14 minutes apart at the office; the fourth goes through. Nothing changes in her security info.',
  benignSignals: [
    'three "did not respond" results, 14-15 minutes apart: never two in one 10-minute bin, far below any burst threshold',
    'all from her usual office address and managed laptop',
    'no security-info change follows'
  ],
  build(ctx) {
    const u = ctx.user('hannah')
    ctx.involve(u)
    const office = u.ips.office
    ctx.quiet(u, ctx.at(8, '06:00:00'), ctx.at(8, '09:30:00'))
    for (const hms of ['07:58:12', '08:12:40', '08:27:05']) {
      signIn(ctx, { user: u, at: ctx.at(8, hms), ip: office, flow: { kind: 'denied', factor: { kind: 'push', device: 'iPhone 12' }, detail: NO_RESPONSE } })
    }
    ownMfa(ctx, u, ctx.at(8, '08:41:30'), office, 'Approved on the fourth attempt')
    ctx.fact('denials', 3)
    ctx.fact('minutesBetweenDenials', [14, 15])
  }
}

export const misTapFraudReport: StoryDef = {
  id: 'L12-mis-tap-fraud-report',
  title: 'Look-alike: a user reports her own prompt as fraud by mistake and approves the retry',
  lookalike: true,
  imitates: 'A12-fraud-report',
  detections: [],
  mustNotFire: ['SI-010', 'SI-014', 'SI-016', 'SI-017'],
  mayFire: ['SI-008'],
  lastDay: 10,
  summary:
    'Paula taps "report" instead of "deny" on a prompt for her own sign-in at the New York office; the tenant takes no action and she approves the retry two minutes later from the same laptop.',
  benignSignals: [
    'the reported prompt belongs to her own sign-in from her managed laptop at the office address of her baseline',
    'fraud reporting is set to take no action ("Fraud reported - no action taken")',
    'she approves the retry from the same device two minutes later'
  ],
  build(ctx) {
    const u = ctx.user('paula')
    ctx.involve(u)
    const office = u.ips.office
    ctx.quiet(u, ctx.at(10, '12:30:00'), ctx.at(10, '14:30:00'))
    const t0 = ctx.at(10, '13:40:10')
    signIn(ctx, {
      user: u,
      at: t0,
      ip: office,
      flow: { kind: 'denied', factor: { kind: 'push', device: 'Pixel 7a' }, detail: 'MFA denied; Phone App Reported Fraud', stepDetail: 'SuspiciousActivityReported' },
      what: 'Her own prompt reported as fraud'
    })
    ctx.emitAudit(mfaFraudEvent(t0 + 21_000, u, u.ips.mobile.ip, 'Suspicious activity reported', ctx.rng))
    ctx.emitAudit(mfaFraudEvent(t0 + 22_000, u, u.ips.mobile.ip, 'Fraud reported - no action taken', ctx.rng))
    ownMfa(ctx, u, t0 + 2 * MINUTE - 5000, office, 'Retry approved')
    ctx.fact('reportedFrom', u.ips.mobile.ip)
  }
}
