/**
 * Help-desk chains: the Octo Tempest pattern (a social-engineered help desk resets a password and
 * wipes MFA, the attacker registers their own phone), a hijacked help-desk account working
 * through several frontline users, and the ordinary tickets that look like them.
 */
import { adminPasswordReset, pimActivation } from '../activities'
import { APPS } from '../directory'
import { attackerIp } from '../geo'
import { MINUTE } from '../time'
import type { StoryDef } from './context'
import { ipFact, ownMfa, signIn } from './helpers'
import { ATTACKER_WINDOWS, adminRegisterPhone, registerAuthenticator, requireReregistration, risk } from './ops'

export const helpdeskSocialEngineering: StoryDef = {
  id: 'A02-helpdesk-social-engineering',
  title: 'Help desk resets the password and wipes MFA; half an hour later the attacker registers a new phone from an unseen IP',
  lookalike: false,
  detections: ['SI-001', 'SI-002', 'SI-004', 'SI-007', 'SI-011', 'SI-012', 'SI-017', 'SI-018'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 8,
  summary:
    "A caller impersonating Daniel convinces the service desk (Leo, acting in good faith from the New York office) to reset his password and require MFA re-registration. From a US VPN exit the attacker signs in with the new password, is sent to register, binds their own iPhone and is in.",
  build(ctx) {
    const u = ctx.user('daniel')
    const leo = ctx.user('leo')
    ctx.involve(u)
    const office = leo.ips.office
    const ip = attackerIp(77, 'vpnUs', 'miami')
    const t0 = ctx.at(8, '14:02:15')
    ctx.fact('methodsBefore', ctx.methods(u, t0))
    ctx.quiet(u, ctx.at(8, '13:30:00'), ctx.at(9, '13:00:00'))
    const reset = adminPasswordReset(t0, leo, office.ip, u, ctx.rng)
    reset.forEach((e, i) => ctx.emitAudit(e, i === 0 ? 'Reset password (by admin) by the service desk' : undefined))
    requireReregistration(ctx, { admin: leo, ip: office, user: u, at: ctx.at(8, '14:04:40') })
    signIn(ctx, { user: u, at: ctx.at(8, '14:27:05'), ip, device: ATTACKER_WINDOWS, flow: { kind: 'interrupt', code: 50079 }, what: 'Sign-in with the new password, sent to register MFA' })
    const device = registerAuthenticator(ctx, {
      user: u,
      at: ctx.at(8, '14:30:50'),
      ip,
      userAgent: ATTACKER_WINDOWS.userAgent,
      name: 'iPhone 11',
      os: 'iOS',
      owner: 'attacker',
      started: true,
      allRequired: true
    })
    signIn(ctx, {
      user: u,
      at: ctx.at(8, '14:33:12'),
      ip,
      device: ATTACKER_WINDOWS,
      flow: { kind: 'mfa', factor: { kind: 'push', device: device.name } },
      what: 'First sign-in with the attacker phone'
    })
    signIn(ctx, { user: u, at: ctx.at(8, '14:35:40'), ip, device: ATTACKER_WINDOWS, flow: { kind: 'sso' }, app: APPS.exchange })
    signIn(ctx, { user: u, at: ctx.at(8, '14:52:03'), ip, device: ATTACKER_WINDOWS, flow: { kind: 'sso' }, app: APPS.sharePoint, interactive: false })
    ctx.fact('helpdeskActor', leo.upn)
    ctx.fact('helpdeskIp', office.ip)
    ctx.fact('attackerIp', ip.ip)
    ctx.fact('attacker', ipFact(ip))
    ctx.fact('minutesFromResetToRegistration', 28)
    ctx.fact('newMethod', { method: 'microsoft-authenticator', detail: device.name, deviceToken: device.token })
    ctx.fact('methodsAfter', ctx.methods(u, ctx.at(8, '14:40:00')))
  }
}

export const rogueHelpdeskCampaign: StoryDef = {
  id: 'A17-rogue-helpdesk-campaign',
  title: 'A hijacked help-desk account resets three store accounts and registers one attacker phone on two; the attacker then enrols all three from one IP',
  lookalike: false,
  detections: ['SI-001', 'SI-002', 'SI-007', 'SI-011', 'SI-014', 'SI-017', 'SI-018', 'SI-022', 'SI-024', 'SI-025', 'SI-026', 'SI-027'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 10,
  summary:
    "Late in the evening (New York time) a token replay for service-desk analyst Zara comes from a Romanian VPN (risk high). The attacker activates her Helpdesk Administrator role, resets the passwords of three store associates within 25 minutes, adds a UK number to two of them, then signs in as each and registers an Authenticator from the same IP.",
  build(ctx) {
    const zara = ctx.user('zara')
    const targets = [ctx.user('sean'), ctx.user('tara'), ctx.user('omar')]
    ctx.involve(zara, ...targets)
    const ip = attackerIp(99, 'vpnRo', 'bucharest')
    const phone = '+44 7700900555'
    const byUser: Record<string, { before?: unknown; after?: unknown }> = {}
    for (const t of targets) byUser[t.upn] = { before: ctx.methods(t, ctx.at(10, '02:00:00')) }
    signIn(ctx, {
      user: zara,
      at: ctx.at(10, '02:10:33'),
      ip,
      device: ATTACKER_WINDOWS,
      flow: { kind: 'sso' },
      app: APPS.azurePortal,
      resource: APPS.serviceManagement,
      risk: risk('high', ['anomalousToken', 'unfamiliarFeatures']),
      what: 'High-risk token replay for the help-desk analyst'
    })
    pimActivation(ctx.tenant, ctx.at(10, '02:13:05'), zara, ip.ip, 'helpdeskAdmin', ctx.rng).forEach((e) => ctx.emitAudit(e))
    const resets = ['02:20:10', '02:31:44', '02:44:02']
    targets.forEach((target, i) => {
      adminPasswordReset(ctx.at(10, resets[i] ?? '02:50:00'), zara, ip.ip, target, ctx.rng).forEach((e, j) =>
        ctx.emitAudit(e, j === 0 ? `Reset password (by admin) for ${target.upn}` : undefined)
      )
    })
    const [sean, tara, omar] = targets as [typeof zara, typeof zara, typeof zara]
    adminRegisterPhone(ctx, { admin: zara, ip, user: sean, at: ctx.at(10, '02:22:30'), phone, attacker: true })
    adminRegisterPhone(ctx, { admin: zara, ip, user: tara, at: ctx.at(10, '02:33:51'), phone, attacker: true })
    // Now the attacker signs in as each target from the same address and enrols an Authenticator.
    const plan: Array<[typeof zara, string, string, string]> = [
      [sean, '02:51:20', '02:55:04', 'Pixel 6a'],
      [tara, '03:02:48', '03:06:31', 'Pixel 6'],
      [omar, '03:14:10', '03:18:22', 'SM-A145R']
    ]
    for (const [target, signAt, regAt, name] of plan) {
      const hasPhone = target !== omar
      signIn(ctx, {
        user: target,
        at: ctx.at(10, signAt),
        ip,
        device: ATTACKER_WINDOWS,
        flow: hasPhone ? { kind: 'mfa', factor: { kind: 'sms', phone } } : { kind: 'interrupt', code: 50079 },
        what: hasPhone ? 'Sign-in by text message to the attacker number' : 'Sign-in interrupted with 50079 (must enrol)'
      })
      const device = registerAuthenticator(ctx, {
        user: target,
        at: ctx.at(10, regAt),
        ip,
        userAgent: ATTACKER_WINDOWS.userAgent,
        name,
        os: 'Android',
        owner: 'attacker',
        allRequired: !hasPhone
      })
      signIn(ctx, {
        user: target,
        at: ctx.at(10, regAt) + 2 * MINUTE + 10_000,
        ip,
        device: ATTACKER_WINDOWS,
        flow: { kind: 'mfa', factor: { kind: 'push', device: device.name } },
        app: APPS.exchange
      })
      byUser[target.upn] = { ...byUser[target.upn], after: ctx.methods(target, ctx.at(10, regAt) + MINUTE) }
    }
    ctx.fact('attackerIp', ip.ip)
    ctx.fact('attacker', ipFact(ip))
    ctx.fact('helpdeskActor', zara.upn)
    ctx.fact('sharedPhone', phone)
    ctx.fact('targets', targets.map((t) => t.upn))
    ctx.fact('methodsBefore', byUser[sean.upn]?.before)
    ctx.fact('methodsAfter', byUser[sean.upn]?.after)
    ctx.fact('methodsByUser', byUser)
  }
}

export const lostPhoneTicket: StoryDef = {
  id: 'L02-lost-phone-ticket',
  title: 'Look-alike: a genuine lost-phone ticket; the user re-registers the next morning from the office',
  lookalike: true,
  imitates: 'A02-helpdesk-social-engineering',
  detections: [],
  mustNotFire: ['SI-011', 'SI-012', 'SI-014', 'SI-015', 'SI-017', 'SI-018', 'SI-019', 'SI-025'],
  mayFire: ['SI-001', 'SI-002', 'SI-004', 'SI-007'],
  lastDay: 8,
  summary:
    "Emma lost her phone. The identity team (Priya, London office) resets her password and requires MFA re-registration; Emma does not sign in again until the next morning, when she registers her replacement iPhone from the London office.",
  benignSignals: [
    'reset and wipe made by the identity team from the London office during business hours',
    're-registration 23.6 hours later, outside every reset/registration window (4 h, 60 min)',
    'the registration comes from the London office address she used on earlier days, with no risk',
    'no sign-in from a new address in between'
  ],
  build(ctx) {
    const u = ctx.user('emma')
    const priya = ctx.user('priya')
    ctx.involve(u)
    const office = u.ips.office
    const t0 = ctx.at(7, '08:20:40')
    ctx.fact('methodsBefore', ctx.methods(u, t0))
    ctx.quiet(u, ctx.at(7, '07:30:00'), ctx.at(8, '08:10:00'))
    pimActivation(ctx.tenant, ctx.at(7, '08:05:12'), priya, priya.ips.office.ip, 'authAdmin', ctx.rng).forEach((e) => ctx.emitAudit(e))
    adminPasswordReset(t0, priya, priya.ips.office.ip, u, ctx.rng).forEach((e, i) =>
      ctx.emitAudit(e, i === 0 ? 'Reset password (by admin), lost-phone ticket' : undefined)
    )
    requireReregistration(ctx, { admin: priya, ip: priya.ips.office, user: u, at: ctx.at(7, '08:22:15') })
    signIn(ctx, { user: u, at: ctx.at(8, '07:55:10'), ip: office, flow: { kind: 'interrupt', code: 50079 } })
    const device = registerAuthenticator(ctx, {
      user: u,
      at: ctx.at(8, '07:58:30'),
      ip: office,
      userAgent: u.laptop.userAgent,
      name: 'iPhone 15',
      os: 'iOS',
      owner: 'user',
      started: true,
      allRequired: true
    })
    ownMfa(ctx, u, ctx.at(8, '08:00:40'), office, 'First sign-in with the replacement phone')
    ctx.fact('helpdeskActor', priya.upn)
    ctx.fact('registrationIp', office.ip)
    ctx.fact('hoursFromResetToRegistration', 23.6)
    ctx.fact('newMethod', { method: 'microsoft-authenticator', detail: device.name })
    ctx.fact('methodsAfter', ctx.methods(u, ctx.at(8, '08:05:00')))
  }
}

export const forgottenPasswordResets: StoryDef = {
  id: 'L17-helpdesk-forgotten-passwords',
  title: 'Look-alike: the service desk resets three forgotten passwords over an hour and a half',
  lookalike: true,
  imitates: 'A17-rogue-helpdesk-campaign',
  detections: [],
  mustNotFire: ['SI-011', 'SI-021', 'SI-025', 'SI-028'],
  // A mid-afternoon reset can fall in an hour with few of the target's sign-ins (a thin profile).
  mayFire: ['SI-027'],
  lastDay: 2,
  summary:
    'Leo handles three "forgot my password" calls in his shift, 45 and 50 minutes apart, from the New York office; each user signs in a few minutes later with their usual Authenticator from their usual address.',
  benignSignals: [
    'never three distinct targets within one hour (13:05, 13:50, 14:40 UTC)',
    'help-desk operator at the New York office during business hours, no risk on his sign-ins',
    'no security-info change follows any reset; the targets are not privileged'
  ],
  build(ctx) {
    const leo = ctx.user('leo')
    const targets = [ctx.user('hannah'), ctx.user('emma'), ctx.user('paula')]
    ctx.involve(leo, ...targets)
    const office = leo.ips.office
    pimActivation(ctx.tenant, ctx.at(2, '12:55:30'), leo, office.ip, 'helpdeskAdmin', ctx.rng).forEach((e) => ctx.emitAudit(e))
    const times = ['13:05:20', '13:50:45', '14:40:10']
    targets.forEach((target, i) => {
      const t = ctx.at(2, times[i] ?? '15:00:00')
      adminPasswordReset(t, leo, office.ip, target, ctx.rng).forEach((e, j) =>
        ctx.emitAudit(e, j === 0 ? `Reset password (by admin) for ${target.upn}` : undefined)
      )
      ownMfa(ctx, target, t + (6 + i) * MINUTE, target.ips.office, 'Sign-in with the new password and the usual Authenticator')
    })
    ctx.fact('helpdeskActor', leo.upn)
    ctx.fact('targets', targets.map((t) => t.upn))
    ctx.fact('resetTimesUtc', times)
  }
}
