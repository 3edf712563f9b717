/** Security-info changes outside the user's own hours (SI-027), and a night-shift worker's normal day. */
import { APPS } from '../directory'
import { MINUTE } from '../time'
import type { StoryDef } from './context'
import { ownMfa, signIn } from './helpers'
import { registerAuthenticator } from './ops'

export const offHoursRegistration: StoryDef = {
  id: 'A18-off-hours-registration',
  title: "A new Authenticator registered at 03:16 local time through the user's own home connection",
  lookalike: false,
  detections: ['SI-001', 'SI-007', 'SI-027'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 13,
  summary:
    "Infostealer malware on Hugo's home laptop lets the attacker operate through his own browser session and broadband at 03:10 on a Sunday (London), far outside his 08:00-17:30 weekday pattern; they bind a new Authenticator. IP, ASN and device are all known, so only timing gives it away.",
  build(ctx) {
    const u = ctx.user('hugo')
    ctx.involve(u)
    const home = u.ips.home
    ctx.fact('methodsBefore', ctx.methods(u, ctx.at(13, '02:00:00')))
    signIn(ctx, { user: u, at: ctx.at(13, '02:10:40'), ip: home, flow: { kind: 'sso' }, app: APPS.mySignins, resource: APPS.credentialConfig, what: 'Session reused from his own laptop at 03:10 local' })
    const device = registerAuthenticator(ctx, { user: u, at: ctx.at(13, '02:16:05'), ip: home, userAgent: u.laptop.userAgent, name: 'Pixel 7a', os: 'Android', owner: 'attacker' })
    signIn(ctx, { user: u, at: ctx.at(13, '02:18:30'), ip: home, flow: { kind: 'mfa', factor: { kind: 'push', device: device.name } }, app: APPS.exchange })
    ctx.fact('localTime', '03:16 Europe/London (Sunday)')
    ctx.fact('usualHours', '08:00-17:30 Monday-Friday')
    ctx.fact('registrationIp', home.ip)
    ctx.fact('newMethod', { method: 'microsoft-authenticator', detail: device.name, deviceToken: device.token })
    ctx.fact('methodsAfter', ctx.methods(u, ctx.at(13, '02:20:00')))
  }
}

export const nightShiftRegistration: StoryDef = {
  id: 'L18-night-shift-registration',
  title: 'Look-alike: a night-shift engineer registers a new phone at 02:30 local time, mid-shift',
  lookalike: true,
  imitates: 'A18-off-hours-registration',
  detections: [],
  mustNotFire: ['SI-014', 'SI-017', 'SI-027'],
  mayFire: ['SI-001', 'SI-007'],
  lastDay: 10,
  summary:
    'Maya works nights (22:00-06:00 Pacific, from home). At 02:30 on Thursday she registers her new phone from her home broadband, in the middle of a shift like every other one in the export.',
  benignSignals: [
    'her sign-in history covers 22:00-06:00 Pacific on every working night',
    'registration from her home address, seen every night; no risk'
  ],
  build(ctx) {
    const u = ctx.user('maya')
    ctx.involve(u)
    const home = u.ips.home
    const t = ctx.local(u, 9, 26.5)
    ctx.fact('methodsBefore', ctx.methods(u, t - 10 * MINUTE))
    ownMfa(ctx, u, t - 4 * MINUTE - 10_000, home)
    const device = registerAuthenticator(ctx, { user: u, at: t, ip: home, userAgent: u.laptop.userAgent, name: 'Pixel 8a', os: 'Android', owner: 'user' })
    ownMfa(ctx, u, t + 2 * MINUTE + 40_000, home, 'Sign-in approved on the new phone')
    ctx.fact('localTime', '02:30 America/Los_Angeles (Thursday)')
    ctx.fact('usualHours', '22:00-06:00, Sunday to Thursday nights')
    ctx.fact('newMethod', { method: 'microsoft-authenticator', detail: device.name })
    ctx.fact('methodsAfter', ctx.methods(u, t + MINUTE))
  }
}
