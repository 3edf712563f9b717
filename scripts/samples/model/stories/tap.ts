/**
 * Temporary Access Pass abuse (SI-003, SI-013), what the attacker does with a Global
 * Administrator (SI-021, SI-028, SI-029), and the onboarding flows that look the same.
 */
import { addMemberToRole, addUserEvent, eligibleAssignment, groupMemberEvent, pimActivation } from '../activities'
import { APPS } from '../directory'
import { attackerIp } from '../geo'
import { servicePrincipalSignIn } from '../signin'
import { isoMs, MINUTE } from '../time'
import type { StoryDef } from './context'
import { ipFact, ownMfa, signIn } from './helpers'
import { ATTACKER_WINDOWS, createTap, deleteTap, registerAuthenticator, registerFido2 } from './ops'

export const tapLifecycleGlobalAdmin: StoryDef = {
  id: 'A06-tap-lifecycle-global-admin',
  title: 'A stolen automation secret issues a multi-use TAP to a Global Administrator; TAP sign-in, FIDO2 key, backdoor admin',
  lookalike: false,
  detections: ['SI-001', 'SI-002', 'SI-003', 'SI-013', 'SI-017', 'SI-018', 'SI-021', 'SI-028', 'SI-029'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 8,
  summary:
    "The attacker signs in as the Identity Lifecycle Automation app (client secret stolen) from a Singapore VPS and creates an 8-hour, multi-use Temporary Access Pass for Ben Carter (Global Administrator). Eleven minutes later they sign in as Ben with the TAP, register their own FIDO2 key, create an account and make it Global Administrator.",
  build(ctx) {
    const ben = ctx.user('ben')
    const backdoor = ctx.user('backdoor')
    ctx.involve(ben, backdoor)
    const app = ctx.tenant.servicePrincipals.find((s) => s.key === 'lifecycle')
    if (!app) throw new Error('no lifecycle app')
    const spIp = attackerIp(62, 'vpsSg', 'singapore')
    const ip = attackerIp(61, 'vpsSg', 'singapore')
    const t0 = ctx.at(8, '16:05:02')
    ctx.fact('methodsBefore', ctx.methods(ben, t0))
    ctx.emitSignIn(servicePrincipalSignIn(app, t0, ctx.rng, spIp), 'Service principal sign-in of the automation app from an unseen IP')
    const tap = createTap(ctx, {
      user: ben,
      at: ctx.at(8, '16:08:30'),
      lifetimeMinutes: 480,
      usage: 'Multiple',
      app: { displayName: app.displayName, appId: app.appId, servicePrincipalId: app.id },
      what: 'Multi-use TAP for a Global Administrator, created by an app'
    })
    const tapSignIn = ctx.at(8, '16:19:12')
    signIn(ctx, {
      user: ben,
      at: tapSignIn,
      ip,
      device: ATTACKER_WINDOWS,
      flow: { kind: 'mfa', factor: { kind: 'tap' } },
      app: APPS.mySignins,
      resource: APPS.credentialConfig,
      what: 'Sign-in with the Temporary Access Pass'
    })
    const keyName = 'Security Key by Yubico'
    registerFido2(ctx, { user: ben, at: ctx.at(8, '16:23:40'), ip, userAgent: ATTACKER_WINDOWS.userAgent, keyName, owner: 'attacker' })
    signIn(ctx, {
      user: ben,
      at: ctx.at(8, '16:26:05'),
      ip,
      device: ATTACKER_WINDOWS,
      flow: { kind: 'mfa', factor: { kind: 'fido2', key: keyName } },
      app: APPS.azurePortal,
      resource: APPS.serviceManagement,
      what: 'Azure Portal sign-in with the attacker FIDO2 key'
    })
    const byBen = { kind: 'user' as const, user: ben, ip: ip.ip }
    ctx.emitAudit(addUserEvent(ctx.at(8, '16:30:15'), byBen, backdoor, ctx.rng), 'Backdoor account created')
    ctx.emitAudit(addMemberToRole(ctx.tenant, ctx.at(8, '16:31:02'), byBen, backdoor, 'globalAdmin', ctx.rng), 'Global Administrator granted to the backdoor account')
    ctx.fact('attackerIp', ip.ip)
    ctx.fact('attacker', ipFact(ip))
    ctx.fact('servicePrincipalIp', spIp.ip)
    ctx.fact('servicePrincipalNetwork', ipFact(spIp))
    ctx.fact('tap', {
      id: tap.id,
      start: isoMs(tap.start),
      end: isoMs(tap.end),
      usage: tap.usage,
      lifetimeMinutes: 480,
      initiatorApp: app.displayName,
      signInTime: isoMs(tapSignIn)
    })
    ctx.fact('newMethod', { method: 'fido2', detail: keyName })
    ctx.fact('backdoorAccount', backdoor.upn)
    ctx.fact('methodsAfter', ctx.methods(ben, ctx.at(8, '16:25:00')))
  }
}

export const roleAfterTakeover: StoryDef = {
  id: 'A14-role-after-mfa-takeover',
  title: 'Privileged Authentication Administrator granted to an account two hours after its MFA was taken over',
  lookalike: false,
  detections: ['SI-029'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 8,
  summary:
    "Using Ben's hijacked Global Administrator session (story A06), the attacker makes Daniel's account (taken over through the help desk in story A02) a Privileged Authentication Administrator.",
  build(ctx) {
    const daniel = ctx.user('daniel')
    const ben = ctx.user('ben')
    ctx.involve(daniel, ben)
    const ip = attackerIp(61, 'vpsSg', 'singapore')
    ctx.emitAudit(
      addMemberToRole(ctx.tenant, ctx.at(8, '16:45:30'), { kind: 'user', user: ben, ip: ip.ip }, daniel, 'privilegedAuthAdmin', ctx.rng),
      'Privileged Authentication Administrator granted to daniel.kim'
    )
    ctx.fact('attackerIp', ip.ip)
    ctx.fact('attacker', ipFact(ip))
    ctx.fact('role', 'Privileged Authentication Administrator')
    ctx.fact('hoursSinceSecurityInfoChange', 2.2)
  }
}

export const onboardingTap: StoryDef = {
  id: 'L06-onboarding-tap',
  title: 'Look-alike: a new hire is onboarded with a one-time TAP and registers Authenticator four minutes after the TAP sign-in',
  lookalike: true,
  imitates: 'A06-tap-lifecycle-global-admin',
  detections: [],
  mustNotFire: ['SI-012', 'SI-013', 'SI-014', 'SI-017', 'SI-019', 'SI-024', 'SI-028'],
  mayFire: ['SI-001', 'SI-002', 'SI-003', 'SI-004', 'SI-007', 'SI-026', 'SI-027'],
  lastDay: 8,
  summary:
    'Zoe starts on Monday. Her account was created on Friday by the HR provisioning connector; at 09:05 New York time the service desk issues a one-time, 60-minute TAP, she signs in with it at the office and registers Authenticator. The expired TAP is removed the next day.',
  benignSignals: [
    'the account was created three days earlier by the HR provisioning connector (Add user)',
    'one-time TAP with a 60-minute lifetime, issued by the service desk from the New York office during business hours',
    'the TAP sign-in comes from a compliant, Azure AD joined corporate laptop at the New York egress address used by the whole office on earlier days',
    'not privileged; no risk'
  ],
  build(ctx) {
    const zoe = ctx.user('zoe')
    const leo = ctx.user('leo')
    ctx.involve(zoe)
    const hr = ctx.tenant.servicePrincipals.find((s) => s.key === 'hrProvisioning')
    if (!hr) throw new Error('no HR connector')
    const office = zoe.ips.office
    ctx.emitAudit(
      addUserEvent(ctx.at(4, '21:06:30'), { kind: 'app', displayName: hr.displayName, appId: hr.appId, servicePrincipalId: hr.id }, zoe, ctx.rng),
      'Account created by HR provisioning'
    )
    ctx.quiet(zoe, ctx.at(7, '00:00:00'), ctx.at(7, '13:28:00'))
    pimActivation(ctx.tenant, ctx.at(7, '12:58:05'), leo, leo.ips.office.ip, 'helpdeskAdmin', ctx.rng).forEach((e) => ctx.emitAudit(e))
    const tap = createTap(ctx, { user: zoe, at: ctx.at(7, '13:05:40'), lifetimeMinutes: 60, usage: 'OneTime', admin: leo, ip: leo.ips.office })
    const tapSignIn = ctx.at(7, '13:20:05')
    signIn(ctx, {
      user: zoe,
      at: tapSignIn,
      ip: office,
      flow: { kind: 'mfa', factor: { kind: 'tap' } },
      app: APPS.mySignins,
      resource: APPS.credentialConfig,
      what: 'First sign-in, with the one-time TAP, from the office'
    })
    const device = registerAuthenticator(ctx, {
      user: zoe,
      at: ctx.at(7, '13:24:30'),
      ip: office,
      userAgent: zoe.laptop.userAgent,
      name: 'iPhone 15',
      os: 'iOS',
      owner: 'user',
      started: true,
      allRequired: true
    })
    ownMfa(ctx, zoe, ctx.at(7, '13:26:50'), office)
    deleteTap(ctx, { admin: leo, ip: leo.ips.office, user: zoe, at: ctx.at(8, '15:30:00'), what: 'Expired TAP removed by the service desk' })
    ctx.fact('tap', { id: tap.id, start: isoMs(tap.start), end: isoMs(tap.end), usage: tap.usage, lifetimeMinutes: 60, initiator: leo.upn, signInTime: isoMs(tapSignIn) })
    ctx.fact('accountCreated', isoMs(ctx.at(4, '21:06:30')))
    ctx.fact('registrationIp', office.ip)
    ctx.fact('methodsBefore', [])
    ctx.fact('newMethod', { method: 'microsoft-authenticator', detail: device.name })
    ctx.fact('methodsAfter', ctx.methods(zoe, ctx.at(8, '16:00:00')))
  }
}

export const newAdminOnboarding: StoryDef = {
  id: 'L13-new-admin-onboarding',
  title: 'Look-alike: a new administrator enrols a security key, gets an eligible role four days later and starts routine work',
  lookalike: true,
  imitates: 'A06-tap-lifecycle-global-admin',
  detections: [],
  mustNotFire: ['SI-014', 'SI-017', 'SI-021', 'SI-029'],
  mayFire: ['SI-001', 'SI-028'],
  lastDay: 7,
  summary:
    'Felix registers a FIDO2 key from the New York office on Thursday ahead of becoming an administrator. On Monday the security lead makes him eligible for User Administrator; he activates it through PIM and adds two new hires to groups.',
  benignSignals: [
    'the role grant comes four days after the security-info change (outside the 24 h window)',
    'his first admin actions are group membership changes, not persistence actions, and happen days after the change',
    'registration from the New York office address he used on earlier days; the grant is made by the security lead after her own PIM activation'
  ],
  build(ctx) {
    const felix = ctx.user('felix')
    const avaAdmin = ctx.user('avaAdmin')
    ctx.involve(felix)
    const office = felix.ips.office
    const t0 = ctx.at(3, '14:00:20')
    ctx.fact('methodsBefore', ctx.methods(felix, t0))
    ownMfa(ctx, felix, t0 - 6 * MINUTE, office)
    registerFido2(ctx, { user: felix, at: t0, ip: office, userAgent: felix.laptop.userAgent, keyName: 'YubiKey 5C', owner: 'user' })
    ctx.fact('methodsAfter', ctx.methods(felix, t0 + MINUTE))
    pimActivation(ctx.tenant, ctx.at(7, '13:20:40'), avaAdmin, avaAdmin.ips.office.ip, 'globalAdmin', ctx.rng).forEach((e) => ctx.emitAudit(e))
    ctx.emitAudit(
      eligibleAssignment(ctx.tenant, ctx.at(7, '13:31:10'), avaAdmin, avaAdmin.ips.office.ip, felix, 'userAdmin', ctx.rng),
      'Eligible User Administrator assignment'
    )
    ownMfa(ctx, felix, ctx.at(7, '14:08:15'), office)
    pimActivation(ctx.tenant, ctx.at(7, '14:12:40'), felix, office.ip, 'userAdmin', ctx.rng).forEach((e) => ctx.emitAudit(e, 'First PIM activation'))
    const byFelix = { kind: 'user' as const, user: felix, ip: office.ip }
    const finance = ctx.tenant.groups.find((g) => g.displayName === 'Finance Team')
    const legal = ctx.tenant.groups.find((g) => g.displayName === 'All Staff')
    if (finance) ctx.emitAudit(groupMemberEvent(ctx.at(7, '14:20:05'), byFelix, finance, ctx.user('jordan'), false, ctx.rng))
    if (legal) ctx.emitAudit(groupMemberEvent(ctx.at(7, '14:24:48'), byFelix, legal, ctx.user('amelia'), false, ctx.rng))
    ctx.fact('roleGranted', { role: 'User Administrator', by: avaAdmin.upn, at: isoMs(ctx.at(7, '13:31:10')) })
    ctx.fact('daysFromRegistrationToRole', 4)
  }
}
