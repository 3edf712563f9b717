/**
 * Self-service password reset abuse (SI-020, SI-011): a SIM swap turned into a reset and a new
 * Authenticator, SSPR reconnaissance across several accounts, and a traveller resetting from
 * the hotel.
 */
import { selfServiceReset, ssprProgress } from '../activities'
import { APPS } from '../directory'
import { attackerIp, hotelIp } from '../geo'
import { isoMs, MINUTE } from '../time'
import type { StoryDef } from './context'
import { ipFact, ownMfa, signIn } from './helpers'
import { ATTACKER_WINDOWS, registerAuthenticator, risk } from './ops'

export const ssprSimSwap: StoryDef = {
  id: 'A08-sspr-sim-swap',
  title: 'SIM swap: self-service password reset at night, a medium-risk sign-in, then a new Authenticator',
  lookalike: false,
  detections: ['SI-001', 'SI-007', 'SI-011', 'SI-014', 'SI-017', 'SI-018', 'SI-020', 'SI-027'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 6,
  summary:
    "Having ported Aisha's number to their own SIM, the attacker completes a self-service password reset by text message late on Saturday night (New York time) from a Dallas VPS, signs in (medium risk) and registers an Authenticator.",
  build(ctx) {
    const u = ctx.user('aisha')
    ctx.involve(u)
    const ip = attackerIp(88, 'vpsUs', 'dallas')
    const phone = ctx.book.peek(u, ctx.at(6, '03:00:00')).phone
    ctx.fact('methodsBefore', ctx.methods(u, ctx.at(6, '03:00:00')))
    ctx.emitAudit(ssprProgress(ctx.at(6, '03:05:12'), u, ip.ip, 'User submitted their user ID', ctx.rng))
    ctx.emitAudit(ssprProgress(ctx.at(6, '03:05:40'), u, ip.ip, 'User was presented with verification options', ctx.rng))
    ctx.emitAudit(ssprProgress(ctx.at(6, '03:07:30'), u, ip.ip, 'User submitted a new password', ctx.rng))
    const reset = ctx.at(6, '03:07:35')
    selfServiceReset(ctx.tenant, reset, u, ip.ip, ctx.rng).forEach((e, i) => ctx.emitAudit(e, i === 0 ? 'Reset password (self-service): Successfully completed reset.' : undefined))
    ctx.emitAudit(ssprProgress(reset + 1000, u, ip.ip, 'User successfully reset password', ctx.rng))
    signIn(ctx, {
      user: u,
      at: ctx.at(6, '03:31:20'),
      ip,
      device: ATTACKER_WINDOWS,
      flow: { kind: 'mfa', factor: { kind: 'sms', phone: phone ?? '' } },
      risk: risk('medium', ['unfamiliarFeatures']),
      what: 'Medium-risk sign-in 24 minutes after the reset, SMS to the swapped number'
    })
    const device = registerAuthenticator(ctx, { user: u, at: ctx.at(6, '03:40:05'), ip, userAgent: ATTACKER_WINDOWS.userAgent, name: 'iPhone 12', os: 'iOS', owner: 'attacker', started: true })
    signIn(ctx, { user: u, at: ctx.at(6, '03:42:30'), ip, device: ATTACKER_WINDOWS, flow: { kind: 'mfa', factor: { kind: 'push', device: device.name } }, app: APPS.exchange })
    ctx.fact('attackerIp', ip.ip)
    ctx.fact('attacker', ipFact(ip))
    ctx.fact('swappedPhone', phone)
    ctx.fact('resetTime', isoMs(reset))
    ctx.fact('newMethod', { method: 'microsoft-authenticator', detail: device.name, deviceToken: device.token })
    ctx.fact('methodsAfter', ctx.methods(u, ctx.at(6, '03:45:00')))
  }
}

export const ssprRecon: StoryDef = {
  id: 'A08b-sspr-reconnaissance',
  title: 'SSPR reconnaissance: six accounts reach "presented with verification options" from one IP and never finish',
  lookalike: false,
  detections: ['SI-020'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 5,
  summary:
    'In twelve minutes after midnight UTC on Saturday, a Dallas VPS walks six accounts through the first SSPR steps to see which verification options each has, without completing any reset.',
  build(ctx) {
    const keys = ['olivia', 'ethan', 'rachel', 'daniel', 'chloe', 'nina']
    const users = keys.map((k) => ctx.user(k))
    ctx.involve(...users)
    const ip = attackerIp(89, 'vpsUs', 'dallas')
    users.forEach((u, i) => {
      const t = ctx.at(5, '01:00:15') + i * 2 * MINUTE + i * 7000
      ctx.emitAudit(ssprProgress(t, u, ip.ip, 'User submitted their user ID', ctx.rng))
      ctx.emitAudit(ssprProgress(t + 19_000, u, ip.ip, 'User was presented with verification options', ctx.rng), `${u.upn}: presented with verification options`)
    })
    ctx.fact('attackerIp', ip.ip)
    ctx.fact('attacker', ipFact(ip))
    ctx.fact('accounts', users.map((u) => u.upn))
    ctx.fact('completedResets', 0)
  }
}

export const travellerSspr: StoryDef = {
  id: 'L08-traveller-sspr',
  title: 'Look-alike: a traveller resets his password from the hotel he has used for two days',
  lookalike: true,
  imitates: 'A08-sspr-sim-swap',
  detections: [],
  mustNotFire: ['SI-011', 'SI-014', 'SI-017', 'SI-018', 'SI-020'],
  mayFire: ['SI-027'],
  lastDay: 10,
  summary:
    'Tom flies to Lisbon on 13 October (his first sign-in there is rated medium risk and remediated by MFA). On the evening of 15 October he forgets his password and resets it from the hotel network, then signs in normally.',
  benignSignals: [
    'the hotel address and ASN are in his sign-in history since 13 October',
    'the sign-in after the reset has no risk; the only risky sign-in (13 October) was remediated',
    'no security-info change within 4 hours of the reset'
  ],
  build(ctx) {
    const u = ctx.user('tom')
    ctx.involve(u)
    const hotel = hotelIp(22, 'hotelPt', 'lisbon')
    ctx.guards.travel.push({ user: u.key, from: ctx.at(8, '12:00:00'), to: ctx.at(12, '20:00:00'), ip: hotel })
    ctx.quiet(u, ctx.at(8, '09:30:00'), ctx.at(8, '15:30:00'))
    signIn(ctx, {
      user: u,
      at: ctx.at(8, '15:10:00'),
      ip: hotel,
      flow: { kind: 'mfa', factor: { kind: 'push', device: 'iPhone 14' } },
      risk: risk('medium', ['unfamiliarFeatures'], 'remediated', 'userPassedMFADrivenByRiskBasedPolicy'),
      what: 'Arrival: medium risk, remediated by MFA'
    })
    ctx.emitAudit(ssprProgress(ctx.at(10, '19:40:05'), u, hotel.ip, 'User submitted their user ID', ctx.rng))
    ctx.emitAudit(ssprProgress(ctx.at(10, '19:40:30'), u, hotel.ip, 'User was presented with verification options', ctx.rng))
    ctx.emitAudit(ssprProgress(ctx.at(10, '19:41:40'), u, hotel.ip, 'User submitted a new password', ctx.rng))
    const reset = ctx.at(10, '19:41:45')
    selfServiceReset(ctx.tenant, reset, u, hotel.ip, ctx.rng).forEach((e, i) => ctx.emitAudit(e, i === 0 ? 'Reset password (self-service) from the hotel' : undefined))
    ctx.emitAudit(ssprProgress(reset + 1000, u, hotel.ip, 'User successfully reset password', ctx.rng))
    ownMfa(ctx, u, ctx.at(10, '19:45:10'), hotel, 'Normal sign-in after the reset')
    ctx.fact('hotelIp', hotel.ip)
    ctx.fact('hotel', ipFact(hotel))
    ctx.fact('travelFrom', isoMs(ctx.at(8, '12:00:00')))
    ctx.fact('resetTime', isoMs(reset))
  }
}
