/**
 * One phone number or one Authenticator device bound to several accounts (SI-022, SI-023), and
 * the benign case every tenant has: an administrator whose standard and admin accounts share
 * the same phone.
 */
import { APPS } from '../directory'
import { attackerIp, microsoftServiceIp } from '../geo'
import { deviceToken } from '../tenant'
import { MINUTE } from '../time'
import type { StoryDef } from './context'
import { ipFact, ownMfa, signIn } from './helpers'
import { ATTACKER_LINUX, ATTACKER_WINDOWS, registerAuthenticator, registerPhone, risk } from './ops'

export const sharedPhoneNumber: StoryDef = {
  id: 'A03-shared-phone-number',
  title: "One attacker phone number registered for SMS on two users' accounts, five days apart",
  lookalike: false,
  detections: ['SI-001', 'SI-006', 'SI-014', 'SI-015', 'SI-017', 'SI-018', 'SI-022'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 9,
  summary:
    'Liam has not registered MFA yet; the attacker signs in with his sprayed password from a German VPS, gets the "must enrol" interrupt on a medium-risk sign-in and registers their own number. Five days later the same number appears on Mia\'s account after an AiTM session.',
  build(ctx) {
    const liam = ctx.user('liam')
    const mia = ctx.user('mia')
    ctx.involve(liam, mia)
    const phone = '+1 3055550188'
    const ip1 = attackerIp(23, 'vpsDe', 'frankfurt')
    const ip2 = attackerIp(24, 'vpsDe', 'frankfurt')
    const t0 = ctx.at(4, '15:20:31')
    ctx.fact('methodsBefore', ctx.methods(liam, t0))
    ctx.fact('methodsByUser', { [liam.upn]: { before: ctx.methods(liam, t0) }, [mia.upn]: { before: ctx.methods(mia, ctx.at(9, '10:00:00')) } })
    signIn(ctx, {
      user: liam,
      at: t0,
      ip: ip1,
      device: ATTACKER_WINDOWS,
      flow: { kind: 'interrupt', code: 50079 },
      risk: risk('medium', ['unfamiliarFeatures']),
      what: 'Medium-risk sign-in interrupted with 50079 (must enrol MFA)'
    })
    registerPhone(ctx, { user: liam, at: ctx.at(4, '15:24:40'), ip: ip1, userAgent: ATTACKER_WINDOWS.userAgent, phone, attacker: true, allRequired: true })
    signIn(ctx, {
      user: liam,
      at: ctx.at(4, '15:26:02'),
      ip: ip1,
      device: ATTACKER_WINDOWS,
      flow: { kind: 'mfa', factor: { kind: 'sms', phone } },
      risk: risk('medium', ['unfamiliarFeatures']),
      what: 'First MFA sign-in, by text message to the attacker number'
    })
    signIn(ctx, { user: liam, at: ctx.at(4, '15:40:18'), ip: ip1, device: ATTACKER_WINDOWS, flow: { kind: 'sso' }, app: APPS.exchange })

    const t1 = ctx.at(9, '10:05:12')
    signIn(ctx, { user: mia, at: t1, ip: ip2, device: ATTACKER_LINUX, flow: { kind: 'sso' }, risk: risk('medium', ['anomalousToken']), what: 'Medium-risk token replay for Mia' })
    registerPhone(ctx, { user: mia, at: ctx.at(9, '10:09:50'), ip: ip2, userAgent: ATTACKER_LINUX.userAgent, phone, attacker: true })
    signIn(ctx, {
      user: mia,
      at: ctx.at(9, '10:12:31'),
      ip: ip2,
      device: ATTACKER_LINUX,
      flow: { kind: 'mfa', factor: { kind: 'sms', phone } },
      app: APPS.exchange,
      what: 'Sign-in by text message to the shared number'
    })
    ctx.fact('sharedPhone', phone)
    ctx.fact('attackerIp', ip1.ip)
    ctx.fact('attacker', ipFact(ip1))
    ctx.fact('attackerIps', [ip1.ip, ip2.ip])
    ctx.fact('attackers', [ipFact(ip1), ipFact(ip2)])
    ctx.fact('methodsAfter', ctx.methods(liam, ctx.at(4, '15:30:00')))
    ctx.fact('methodsByUser', {
      [liam.upn]: { before: ctx.methods(liam, t0), after: ctx.methods(liam, ctx.at(4, '15:30:00')) },
      [mia.upn]: { before: ctx.methods(mia, t1), after: ctx.methods(mia, ctx.at(9, '10:15:00')) }
    })
  }
}

export const sharedAuthenticatorDevice: StoryDef = {
  id: 'A04-shared-authenticator-device',
  title: "One attacker Authenticator (same DeviceToken) bound to two users' accounts",
  lookalike: false,
  detections: ['SI-001', 'SI-007', 'SI-014', 'SI-017', 'SI-018', 'SI-023'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 10,
  summary:
    "The same attacker phone (an SM-S918B) is bound to Ethan's account on 7 October and to Chloe's on 15 October, each time after a token-replay sign-in from a Romanian VPN. Chloe's registration event carries a Microsoft service address instead of the attacker's: the attacker IP is on the sign-ins around it.",
  build(ctx) {
    const ethan = ctx.user('ethan')
    const chloe = ctx.user('chloe')
    ctx.involve(ethan, chloe)
    const token = deviceToken(ctx.rng, 'Android')
    const ip1 = attackerIp(140, 'vpnRo', 'bucharest')
    const ip2 = attackerIp(141, 'vpnRo', 'bucharest')
    const t0 = ctx.at(2, '19:40:03')
    const before = { [ethan.upn]: ctx.methods(ethan, t0), [chloe.upn]: ctx.methods(chloe, ctx.at(10, '09:00:00')) }
    ctx.fact('methodsBefore', before[ethan.upn])
    signIn(ctx, { user: ethan, at: t0, ip: ip1, device: ATTACKER_LINUX, flow: { kind: 'sso' }, risk: risk('medium', ['anomalousToken']), what: 'Token replay for Ethan' })
    registerAuthenticator(ctx, { user: ethan, at: ctx.at(2, '19:47:20'), ip: ip1, userAgent: ATTACKER_LINUX.userAgent, name: 'SM-S918B', os: 'Android', owner: 'attacker', token })
    signIn(ctx, { user: ethan, at: ctx.at(2, '19:50:41'), ip: ip1, device: ATTACKER_LINUX, flow: { kind: 'mfa', factor: { kind: 'push', device: 'SM-S918B' } }, app: APPS.exchange })

    const t1 = ctx.at(10, '09:15:44')
    const serviceIp = microsoftServiceIp(7)
    signIn(ctx, { user: chloe, at: t1, ip: ip2, device: ATTACKER_LINUX, flow: { kind: 'sso' }, risk: risk('high', ['unfamiliarFeatures', 'anomalousToken']), what: 'High-risk token replay for Chloe' })
    registerAuthenticator(ctx, {
      user: chloe,
      at: ctx.at(10, '09:21:05'),
      ip: ip2,
      auditIp: serviceIp,
      userAgent: ATTACKER_LINUX.userAgent,
      name: 'SM-S918B',
      os: 'Android',
      owner: 'attacker',
      token,
      what: 'Registration logged with a Microsoft service address; the attacker IP is on the sign-ins'
    })
    signIn(ctx, { user: chloe, at: ctx.at(10, '09:24:12'), ip: ip2, device: ATTACKER_LINUX, flow: { kind: 'mfa', factor: { kind: 'push', device: 'SM-S918B' } }, app: APPS.exchange })
    ctx.fact('sharedDeviceToken', token)
    ctx.fact('sharedDeviceName', 'SM-S918B')
    ctx.fact('attackerIp', ip1.ip)
    ctx.fact('attacker', ipFact(ip1))
    ctx.fact('attackerIps', [ip1.ip, ip2.ip])
    ctx.fact('attackers', [ipFact(ip1), ipFact(ip2)])
    ctx.fact('microsoftServiceIp', serviceIp.ip)
    ctx.fact('methodsAfter', ctx.methods(ethan, ctx.at(2, '19:55:00')))
    ctx.fact('methodsByUser', {
      [ethan.upn]: { before: before[ethan.upn], after: ctx.methods(ethan, ctx.at(2, '19:55:00')) },
      [chloe.upn]: { before: before[chloe.upn], after: ctx.methods(chloe, ctx.at(10, '09:25:00')) }
    })
  }
}

export const twinAdminPhone: StoryDef = {
  id: 'L03-twin-admin-accounts-one-phone',
  title: "Look-alike: an administrator's standard and admin accounts get the same new phone and number",
  lookalike: true,
  imitates: 'A04-shared-authenticator-device',
  detections: [],
  mustNotFire: ['SI-012', 'SI-014', 'SI-017', 'SI-022', 'SI-023', 'SI-029'],
  mayFire: ['SI-001', 'SI-006', 'SI-007', 'SI-028'],
  lastDay: 5,
  summary:
    'Ava replaces her phone on a Saturday at home and registers it, with her mobile number as a backup, on both her accounts: ava.thompson and ava.thompson.admin. Same DeviceToken, same number, same home address, six minutes apart.',
  benignSignals: [
    'both accounts belong to one person: same given name and surname, UPN prefix, home address and laptop device id',
    'the two accounts already shared one Authenticator token before the window (the app-version rewrites show it on both)',
    'registrations come from her home broadband, seen on earlier days; no risk; no PIM activation within 24 h',
    'EXPECTED.json lists the pair under tenant.twinAccounts (the allow-list SI-023 asks for)'
  ],
  build(ctx) {
    const ava = ctx.user('ava')
    const admin = ctx.user('avaAdmin')
    ctx.involve(ava, admin)
    const home = ava.ips.home
    const phone = '+44 7700900188'
    const token = deviceToken(ctx.rng, 'iOS')
    const t = ctx.local(ava, 5, 12.0)
    const before = { [ava.upn]: ctx.methods(ava, t - 10 * MINUTE), [admin.upn]: ctx.methods(admin, t - 10 * MINUTE) }
    ctx.fact('methodsBefore', before[ava.upn])
    ownMfa(ctx, ava, t - 5 * MINUTE, home)
    registerAuthenticator(ctx, { user: ava, at: t, ip: home, userAgent: ava.laptop.userAgent, name: 'iPhone 16 Pro', os: 'iOS', owner: 'user', token })
    registerPhone(ctx, { user: ava, at: t + MINUTE + 20_000, ip: home, userAgent: ava.laptop.userAgent, phone, attacker: false })
    ownMfa(ctx, admin, t + 4 * MINUTE, home, 'Admin account sign-in from home')
    registerAuthenticator(ctx, { user: admin, at: t + 6 * MINUTE, ip: home, userAgent: ava.laptop.userAgent, name: 'iPhone 16 Pro', os: 'iOS', owner: 'user', token })
    registerPhone(ctx, { user: admin, at: t + 7 * MINUTE + 5000, ip: home, userAgent: ava.laptop.userAgent, phone, attacker: false })
    ctx.fact('sharedPhone', phone)
    ctx.fact('sharedDeviceToken', token)
    ctx.fact('registrationIp', home.ip)
    ctx.fact('methodsAfter', ctx.methods(ava, t + 10 * MINUTE))
    ctx.fact('methodsByUser', {
      [ava.upn]: { before: before[ava.upn], after: ctx.methods(ava, t + 10 * MINUTE) },
      [admin.upn]: { before: before[admin.upn], after: ctx.methods(admin, t + 10 * MINUTE) }
    })
  }
}
