/**
 * Risky or unfamiliar sign-ins followed by a security-info change (SI-014 and friends), and the
 * look-alikes a responder meets every week: a new phone set up from home, a traveller whose risk
 * was remediated, a user without a smartphone switching to text messages.
 */
import { APPS } from '../directory'
import { attackerIp, microsoftServiceIp } from '../geo'
import { MINUTE } from '../time'
import type { StoryDef } from './context'
import { ipFact, ownMfa, signIn } from './helpers'
import { ATTACKER_LINUX, deleteAuthenticator, makePhoneDefault, registerAuthenticator, registerPhone, risk } from './ops'

export const aitmNewAuthenticator: StoryDef = {
  id: 'A01-aitm-new-authenticator',
  title: 'High-risk sign-in from an unseen IP, then a new Authenticator registered from the same IP 9 minutes later',
  lookalike: false,
  detections: ['SI-001', 'SI-007', 'SI-014', 'SI-017', 'SI-018'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 3,
  summary:
    "An adversary-in-the-middle phishing kit replays Olivia's session cookie from a Dutch VPS (risk high, anomalousToken), opens My Sign-ins and binds their own Android phone to her account, then approves sign-ins with it.",
  build(ctx) {
    const u = ctx.user('olivia')
    ctx.involve(u)
    const ip = attackerIp(45, 'vpsNl', 'amsterdam')
    const t0 = ctx.at(3, '17:02:11')
    ctx.fact('methodsBefore', ctx.methods(u, t0))
    const risky = risk('high', ['unfamiliarFeatures', 'anomalousToken'])
    signIn(ctx, { user: u, at: t0, ip, device: ATTACKER_LINUX, flow: { kind: 'sso' }, risk: risky, what: 'High-risk sign-in to OfficeHome (token replay) from an unseen IP' })
    signIn(ctx, {
      user: u,
      at: t0 + 5 * MINUTE + 3000,
      ip,
      device: ATTACKER_LINUX,
      flow: { kind: 'sso' },
      app: APPS.mySignins,
      resource: APPS.credentialConfig,
      risk: risk('medium', ['unfamiliarFeatures'])
    })
    const reg = t0 + 9 * MINUTE + 29_000
    const device = registerAuthenticator(ctx, {
      user: u,
      at: reg,
      ip,
      userAgent: ATTACKER_LINUX.userAgent,
      name: 'SM-A155F',
      os: 'Android',
      owner: 'attacker',
      started: true
    })
    signIn(ctx, {
      user: u,
      at: reg + 3 * MINUTE + 14_000,
      ip,
      device: ATTACKER_LINUX,
      flow: { kind: 'mfa', factor: { kind: 'push', device: device.name } },
      app: APPS.exchange,
      what: 'Sign-in approved with the new Authenticator from the attacker IP'
    })
    signIn(ctx, { user: u, at: reg + 31 * MINUTE, ip, device: ATTACKER_LINUX, flow: { kind: 'sso' }, app: APPS.exchange, interactive: false })
    ctx.fact('attackerIp', ip.ip)
    ctx.fact('attacker', ipFact(ip))
    ctx.fact('registrationIp', ip.ip)
    ctx.fact('minutesFromRiskySignInToRegistration', 9)
    ctx.fact('newMethod', { method: 'microsoft-authenticator', detail: device.name, deviceToken: device.token })
    ctx.fact('methodsAfter', ctx.methods(u, reg + MINUTE))
  }
}

export const aitmSmsDefault: StoryDef = {
  id: 'A11-aitm-sms-default',
  title: 'Risky sign-in, then an attacker phone added for SMS and made the default method',
  lookalike: false,
  detections: ['SI-001', 'SI-006', 'SI-014', 'SI-017', 'SI-018'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 7,
  summary:
    "After an AiTM phish, the attacker adds a UK mobile number to Rachel's account and switches her default from Authenticator notifications to text messages (the Storm-1167 pattern), then signs in with an SMS code.",
  build(ctx) {
    const u = ctx.user('rachel')
    ctx.involve(u)
    const ip = attackerIp(33, 'vpsNl', 'amsterdam')
    const phone = '+44 7700900517'
    const t0 = ctx.at(7, '18:20:05')
    ctx.fact('methodsBefore', ctx.methods(u, t0))
    signIn(ctx, { user: u, at: t0, ip, device: ATTACKER_LINUX, flow: { kind: 'sso' }, risk: risk('medium', ['unfamiliarFeatures']), what: 'Medium-risk sign-in from an unseen IP' })
    registerPhone(ctx, { user: u, at: ctx.at(7, '18:26:10'), ip, userAgent: ATTACKER_LINUX.userAgent, phone, attacker: true })
    makePhoneDefault(ctx, { user: u, at: ctx.at(7, '18:27:02'), ip, userAgent: ATTACKER_LINUX.userAgent })
    signIn(ctx, {
      user: u,
      at: ctx.at(7, '18:29:40'),
      ip,
      device: ATTACKER_LINUX,
      flow: { kind: 'mfa', factor: { kind: 'sms', phone } },
      app: APPS.exchange,
      what: 'Sign-in with a text message to the new number'
    })
    ctx.fact('attackerIp', ip.ip)
    ctx.fact('attacker', ipFact(ip))
    ctx.fact('attackerPhone', phone)
    ctx.fact('defaultBefore', 'microsoft-authenticator')
    ctx.fact('defaultAfter', 'phone-sms')
    ctx.fact('methodsAfter', ctx.methods(u, ctx.at(7, '18:30:00')))
  }
}

export const newPhoneFromHome: StoryDef = {
  id: 'L01-new-phone-from-home',
  title: 'Look-alike: a new phone set up from home in the evening, then the old one removed',
  lookalike: true,
  imitates: 'A01-aitm-new-authenticator',
  detections: [],
  mustNotFire: ['SI-012', 'SI-014', 'SI-017', 'SI-018', 'SI-023', 'SI-027'],
  mayFire: ['SI-001', 'SI-004', 'SI-007'],
  lastDay: 5,
  summary:
    'James (who reads mail at home most evenings) registers Authenticator on his new iPhone from his home broadband, removes the old iPhone four minutes later and approves a sign-in with the new one.',
  benignSignals: [
    'registration, deletion and sign-ins come from his home address, seen on earlier days',
    'evening activity is part of his usual pattern',
    'the new device is added before the old one is removed (no delete-then-register sequence)',
    'no risky sign-in; the deletion event carries a Microsoft service address while his sign-ins around it come from home'
  ],
  build(ctx) {
    const u = ctx.user('james')
    ctx.involve(u)
    const home = u.ips.home
    const t = ctx.local(u, 4, 20.5)
    ctx.fact('methodsBefore', ctx.methods(u, t - 10 * MINUTE))
    ownMfa(ctx, u, t - 6 * MINUTE, home, 'His own sign-in from home with the old iPhone')
    signIn(ctx, { user: u, at: t - 3 * MINUTE, ip: home, flow: { kind: 'sso' }, app: APPS.mySignins, resource: APPS.credentialConfig })
    const device = registerAuthenticator(ctx, { user: u, at: t, ip: home, userAgent: u.laptop.userAgent, name: 'iPhone 16', os: 'iOS', owner: 'user' })
    const serviceIp = microsoftServiceIp(14)
    deleteAuthenticator(ctx, { user: u, at: t + 4 * MINUTE, ip: home, auditIp: serviceIp, userAgent: u.laptop.userAgent, deviceName: 'iPhone 12' })
    ownMfa(ctx, u, t + 7 * MINUTE, home, 'Sign-in approved on the new iPhone')
    ctx.fact('registrationIp', home.ip)
    ctx.fact('microsoftServiceIp', serviceIp.ip)
    ctx.fact('newMethod', { method: 'microsoft-authenticator', detail: device.name })
    ctx.fact('methodsAfter', ctx.methods(u, t + 10 * MINUTE))
  }
}

export const travellerRemediatedRisk: StoryDef = {
  id: 'L14-traveller-remediated-risk',
  title: 'Look-alike: a traveller with a remediated medium-risk sign-in registers a tablet from the hotel',
  lookalike: true,
  imitates: 'A01-aitm-new-authenticator',
  detections: [],
  mustNotFire: ['SI-011', 'SI-014', 'SI-017', 'SI-018', 'SI-020'],
  mayFire: ['SI-001', 'SI-007', 'SI-027'],
  lastDay: 11,
  summary:
    'Tom, on a trip to Lisbon since 13 October, gets a medium-risk rating that he remediates with MFA, then adds Authenticator on his iPad from the hotel network he has used for three days.',
  benignSignals: [
    'the risky sign-in has riskState "remediated" (userPassedMFADrivenByRiskBasedPolicy)',
    'the hotel address and ASN were first seen on 13 October, days before the registration',
    'the self-service password reset of 15 October is 13 hours earlier'
  ],
  build(ctx) {
    const u = ctx.user('tom')
    ctx.involve(u)
    const hotel = ctx.guards.travel.find((t) => t.user === u.key)?.ip
    if (!hotel) throw new Error('L14 needs the travel set up by L08')
    const t0 = ctx.at(11, '08:40:12')
    ctx.fact('methodsBefore', ctx.methods(u, t0))
    signIn(ctx, {
      user: u,
      at: t0,
      ip: hotel,
      flow: { kind: 'mfa', factor: { kind: 'push', device: 'iPhone 14' } },
      risk: risk('medium', ['unfamiliarFeatures'], 'remediated', 'userPassedMFADrivenByRiskBasedPolicy'),
      what: 'Medium-risk sign-in, remediated by MFA'
    })
    const device = registerAuthenticator(ctx, { user: u, at: ctx.at(11, '09:05:30'), ip: hotel, userAgent: u.laptop.userAgent, name: 'iPad Air', os: 'iOS', owner: 'user' })
    ownMfa(ctx, u, ctx.at(11, '09:09:02'), hotel)
    ctx.fact('registrationIp', hotel.ip)
    ctx.fact('hotel', ipFact(hotel))
    ctx.fact('newMethod', { method: 'microsoft-authenticator', detail: device.name })
    ctx.fact('methodsAfter', ctx.methods(u, ctx.at(11, '09:10:00')))
  }
}

export const smsWithoutSmartphone: StoryDef = {
  id: 'L11-sms-default-no-smartphone',
  title: 'Look-alike: a user without a smartphone switches his default from phone calls to text messages',
  lookalike: true,
  imitates: 'A11-aitm-sms-default',
  detections: [],
  mustNotFire: ['SI-012', 'SI-014', 'SI-017', 'SI-022'],
  mayFire: ['SI-006'],
  lastDay: 3,
  summary:
    'George has only a basic mobile phone registered for voice calls; from the Seattle office he makes "Text a code" his default. Same number, same office, no risk.',
  benignSignals: [
    'the number was already registered on his account before the window (same number before and after)',
    'the change comes from the Seattle office address he uses every day, during business hours',
    'no risky sign-in, no new number, no other account with this number'
  ],
  build(ctx) {
    const u = ctx.user('george')
    ctx.involve(u)
    const office = u.ips.office
    const t = ctx.local(u, 3, 9.5)
    ctx.fact('methodsBefore', ctx.methods(u, t - 15 * MINUTE))
    ownMfa(ctx, u, t - 12 * MINUTE, office)
    signIn(ctx, { user: u, at: t - 2 * MINUTE, ip: office, flow: { kind: 'sso' }, app: APPS.mySignins, resource: APPS.credentialConfig })
    makePhoneDefault(ctx, { user: u, at: t, ip: office, userAgent: u.laptop.userAgent })
    ownMfa(ctx, u, t + 95 * MINUTE, office, 'Next sign-in by text message')
    ctx.fact('phone', ctx.book.peek(u, t).phone)
    ctx.fact('defaultBefore', 'phone-voice')
    ctx.fact('defaultAfter', 'phone-sms')
    ctx.fact('methodsAfter', ctx.methods(u, t + MINUTE))
  }
}
