/**
 * First-time registrations: a dormant account enrolled by an attacker (SI-019), a returning
 * employee, and an onboarding day where several new hires enrol from the office within an hour.
 */
import { addUserEvent } from '../activities'
import { APPS } from '../directory'
import { attackerIp } from '../geo'
import { isoMs, MINUTE } from '../time'
import type { User } from '../types'
import type { StoryContext, StoryDef } from './context'
import { ipFact, ownMfa, signIn } from './helpers'
import { ATTACKER_WINDOWS, registerAuthenticator } from './ops'

export const dormantAccount: StoryDef = {
  id: 'A07-dormant-account-enrolled',
  title: 'A dormant account is enrolled in MFA from abroad and used straight away',
  lookalike: false,
  detections: ['SI-001', 'SI-007', 'SI-017', 'SI-018', 'SI-019'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 13,
  summary:
    "Victor's contractor account has not signed in during the whole export (13.8 days). On Sunday the attacker guesses the password from a Brazilian residential proxy, is sent to register, registers all required security info and signs in.",
  build(ctx) {
    const u = ctx.user('victor')
    ctx.involve(u)
    const ip = attackerIp(150, 'proxyBr', 'saoPaulo')
    for (const hms of ['18:35:02', '18:37:44']) {
      signIn(ctx, { user: u, at: ctx.at(13, hms), ip, device: ATTACKER_WINDOWS, flow: { kind: 'badPassword' } })
    }
    signIn(ctx, { user: u, at: ctx.at(13, '18:40:20'), ip, device: ATTACKER_WINDOWS, flow: { kind: 'interrupt', code: 50079 }, what: 'Correct password, interrupted to enrol MFA' })
    ctx.fact('methodsBefore', ctx.methods(u, ctx.at(13, '18:40:00')))
    const reg = ctx.at(13, '18:44:05')
    const device = registerAuthenticator(ctx, {
      user: u,
      at: reg,
      ip,
      userAgent: ATTACKER_WINDOWS.userAgent,
      name: 'SM-A155F',
      os: 'Android',
      owner: 'attacker',
      started: true,
      allRequired: true,
      what: 'First-ever registration (User registered all required security info follows)'
    })
    signIn(ctx, { user: u, at: ctx.at(13, '18:46:30'), ip, device: ATTACKER_WINDOWS, flow: { kind: 'mfa', factor: { kind: 'push', device: device.name } }, what: 'First successful sign-in in the export' })
    signIn(ctx, { user: u, at: ctx.at(13, '19:05:10'), ip, device: ATTACKER_WINDOWS, flow: { kind: 'sso' }, app: APPS.exchange })
    signIn(ctx, { user: u, at: ctx.at(13, '19:40:33'), ip, device: ATTACKER_WINDOWS, flow: { kind: 'sso' }, app: APPS.sharePoint, interactive: false })
    ctx.fact('attackerIp', ip.ip)
    ctx.fact('attacker', ipFact(ip))
    ctx.fact('lastSuccessfulSignInBefore', null)
    ctx.fact('daysWithoutSignInBeforeRegistration', Math.round(((reg - ctx.window.start) / 86_400_000) * 10) / 10)
    ctx.fact('newMethod', { method: 'microsoft-authenticator', detail: device.name, deviceToken: device.token })
    ctx.fact('methodsAfter', ctx.methods(u, reg + MINUTE))
  }
}

export const returningEmployee: StoryDef = {
  id: 'L07-returning-employee',
  title: 'Look-alike: an employee back from leave signs in with her old phone, and registers a new one two days later',
  lookalike: true,
  imitates: 'A07-dormant-account-enrolled',
  detections: [],
  mustNotFire: ['SI-014', 'SI-017', 'SI-018', 'SI-019'],
  mayFire: ['SI-001', 'SI-007'],
  lastDay: 10,
  summary:
    'Isabel returns from leave on Tuesday 13 October and signs in normally at the Seattle office with her existing Authenticator; two days later she registers her new Android phone from the same office.',
  benignSignals: [
    'successful sign-ins with her existing method on the two days before the registration (not dormant at registration time)',
    'registration from the Seattle office address she used on the days before, with no risk',
    'the existing Authenticator registration predates the window'
  ],
  build(ctx) {
    const u = ctx.user('isabel')
    ctx.involve(u)
    const office = u.ips.office
    const t = ctx.local(u, 10, 10.25)
    ctx.fact('methodsBefore', ctx.methods(u, t))
    ownMfa(ctx, u, t - 3 * MINUTE - 20_000, office)
    const device = registerAuthenticator(ctx, { user: u, at: t, ip: office, userAgent: u.laptop.userAgent, name: 'Pixel 9', os: 'Android', owner: 'user' })
    ownMfa(ctx, u, t + 2 * MINUTE + 30_000, office, 'Sign-in approved on the new phone')
    ctx.fact('returnedOn', isoMs(ctx.local(u, 8, 0)))
    ctx.fact('registrationIp', office.ip)
    ctx.fact('newMethod', { method: 'microsoft-authenticator', detail: device.name })
    ctx.fact('methodsAfter', ctx.methods(u, t + MINUTE))
  }
}

function firstDay(ctx: StoryContext, u: User, signInAt: string, regAt: string, device: { name: string; os: 'iOS' | 'Android'; codeOnly: boolean }, lowRisk = false): void {
  const office = u.ips.office
  ctx.quiet(u, ctx.at(7, '00:00:00'), ctx.at(7, regAt) + 3 * MINUTE)
  signIn(ctx, {
    user: u,
    at: ctx.at(7, signInAt),
    ip: office,
    flow: { kind: 'interrupt', code: 50079 },
    risk: lowRisk ? { level: 'low', state: 'none', detail: 'none', types: [] } : undefined,
    what: `${u.upn}: first sign-in, interrupted to enrol${lowRisk ? ' (risk low)' : ''}`
  })
  registerAuthenticator(ctx, {
    user: u,
    at: ctx.at(7, regAt),
    ip: office,
    userAgent: u.laptop.userAgent,
    name: device.name,
    os: device.os,
    owner: 'user',
    codeOnly: device.codeOnly,
    started: true,
    allRequired: true
  })
  ownMfa(ctx, u, ctx.at(7, regAt) + 2 * MINUTE + 20_000, office)
}

export const onboardingDay: StoryDef = {
  id: 'L15-onboarding-day',
  title: 'Look-alike: three new hires enrol from the New York office on their first morning, two with code-only Authenticator',
  lookalike: true,
  imitates: 'A17-rogue-helpdesk-campaign',
  detections: [],
  mustNotFire: ['SI-013', 'SI-014', 'SI-015', 'SI-017', 'SI-019', 'SI-023', 'SI-024'],
  mayFire: ['SI-001', 'SI-007', 'SI-026', 'SI-027'],
  lastDay: 7,
  summary:
    'Jordan, Amelia and Lily start on Monday. Their accounts were created on Friday by the HR provisioning connector; each first sign-in at the office asks them to enrol, and they register within 35 minutes of each other from the office egress. Jordan and Amelia choose code-only Authenticator, which logs the placeholder DeviceToken NO_DEVICE_TOKEN for both.',
  benignSignals: [
    'accounts created three days earlier by the HR provisioning connector (Add user)',
    'registrations come from the New York office egress, shared by the whole office on earlier days, from compliant corporate laptops',
    'the enrolment interrupts carry no (or low) risk',
    'the shared DeviceToken is the placeholder NO_DEVICE_TOKEN, which identifies no device'
  ],
  build(ctx) {
    const hires = [ctx.user('jordan'), ctx.user('amelia'), ctx.user('lily')]
    ctx.involve(...hires)
    const hr = ctx.tenant.servicePrincipals.find((s) => s.key === 'hrProvisioning')
    if (!hr) throw new Error('no HR connector')
    const byHr = { kind: 'app' as const, displayName: hr.displayName, appId: hr.appId, servicePrincipalId: hr.id }
    hires.forEach((u, i) => ctx.emitAudit(addUserEvent(ctx.at(4, `21:05:${String(12 + i * 20).padStart(2, '0')}`), byHr, u, ctx.rng), `Account created by HR provisioning: ${u.upn}`))
    const [jordan, amelia, lily] = hires as [User, User, User]
    firstDay(ctx, jordan, '13:08:10', '13:12:30', { name: 'iPhone 15', os: 'iOS', codeOnly: true })
    firstDay(ctx, amelia, '13:43:00', '13:47:10', { name: 'Pixel 8a', os: 'Android', codeOnly: true })
    firstDay(ctx, lily, '15:33:00', '15:38:20', { name: 'iPhone 14', os: 'iOS', codeOnly: false }, true)
    ctx.fact('registrationIp', jordan.ips.office.ip)
    ctx.fact('placeholderToken', 'NO_DEVICE_TOKEN')
    ctx.fact('methodsBefore', [])
    ctx.fact('methodsAfter', ctx.methods(jordan, ctx.at(7, '16:00:00')))
    ctx.fact('methodsByUser', Object.fromEntries(hires.map((u) => [u.upn, { before: [], after: ctx.methods(u, ctx.at(7, '16:00:00')) }])))
  }
}
