/**
 * Tenant-level weakening (SI-009) and per-user MFA switched off (SI-005), with a planned
 * migration from per-user MFA to Conditional Access as the look-alike.
 */
import { authMethodsPolicyUpdate, conditionalAccessEvent, disableStrongAuth, pimActivation } from '../activities'
import { APPS } from '../directory'
import { attackerIp } from '../geo'
import { MINUTE } from '../time'
import type { User } from '../types'
import type { StoryContext, StoryDef } from './context'
import { ipFact, ownMfa, signIn } from './helpers'
import { ATTACKER_WINDOWS, risk } from './ops'

/** The Authentication Methods policy as the tenant had it before 14 October (SMS still enabled). */
const POLICY_START = {
  authenticationMethodConfigurations: [
    { id: 'Fido2', state: 'enabled' },
    { id: 'MicrosoftAuthenticator', state: 'enabled', featureSettings: { numberMatchingRequiredState: { state: 'enabled' } } },
    { id: 'TemporaryAccessPass', state: 'enabled' },
    { id: 'Sms', state: 'enabled' },
    { id: 'Voice', state: 'disabled' }
  ]
}

/** After the planned change of 14 October: SMS disabled, everything else as before. */
const POLICY_HARDENED = {
  authenticationMethodConfigurations: POLICY_START.authenticationMethodConfigurations.map((c) =>
    c.id === 'Sms' ? { ...c, state: 'disabled' } : c
  )
}

/** The attacker's version: SMS and voice back on, plus an external (OIDC) method they control. */
const POLICY_WEAKENED = {
  authenticationMethodConfigurations: [
    ...POLICY_HARDENED.authenticationMethodConfigurations.map((c) => (c.id === 'Sms' || c.id === 'Voice' ? { ...c, state: 'enabled' } : c)),
    {
      id: 'b2f2d6a4-7c1e-4a52-9f0d-3c6e8a1d5e70',
      '@odata.type': '#microsoft.graph.externalAuthenticationMethodConfiguration',
      displayName: 'Partner MFA',
      state: 'enabled',
      appId: '8d1e4f7a-2b3c-4d5e-8f9a-0b1c2d3e4f5a',
      openIdConnectSetting: {
        clientId: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
        discoveryUrl: 'https://login.example.net/.well-known/openid-configuration'
      }
    }
  ]
}

function caPolicy(builtInControls: string[]): unknown {
  return {
    displayName: 'Require MFA for all users',
    state: 'enabled',
    conditions: {
      users: { includeUsers: ['All'], excludeUsers: [], excludeGroups: [] },
      applications: { includeApplications: ['All'] }
    },
    grantControls: { operator: 'OR', builtInControls }
  }
}

export const policyWeakening: StoryDef = {
  id: 'A09-policy-weakening',
  title: 'From a hijacked Global Administrator: SMS, voice and an external MFA provider enabled, MFA removed from CA, per-user MFA disabled for a user',
  lookalike: false,
  detections: ['SI-005', 'SI-009', 'SI-018'],
  mustNotFire: [],
  mayFire: [],
  lastDay: 13,
  summary:
    "On Saturday evening (Seattle time) the attacker returns to Ben's account with their FIDO2 key (story A06), activates Global Administrator, re-enables SMS and voice, adds an external OIDC MFA provider, removes the MFA grant from the all-users CA policy and disables Kevin's per-user MFA. Twenty minutes later Kevin's account signs in with a password alone from a new IP.",
  build(ctx) {
    const ben = ctx.user('ben')
    const kevin = ctx.user('kevin')
    ctx.involve(ben, kevin)
    const ip = attackerIp(61, 'vpsSg', 'singapore')
    const kevinIp = attackerIp(171, 'vpsSg', 'singapore')
    signIn(ctx, {
      user: ben,
      at: ctx.at(12, '23:05:40'),
      ip,
      device: ATTACKER_WINDOWS,
      flow: { kind: 'mfa', factor: { kind: 'fido2', key: 'Security Key by Yubico' } },
      app: APPS.azurePortal,
      resource: APPS.serviceManagement,
      risk: risk('medium', ['unfamiliarFeatures']),
      what: 'Azure Portal sign-in with the attacker FIDO2 key'
    })
    pimActivation(ctx.tenant, ctx.at(12, '23:08:10'), ben, ip.ip, 'globalAdmin', ctx.rng).forEach((e) => ctx.emitAudit(e))
    ctx.emitAudit(authMethodsPolicyUpdate(ctx.at(12, '23:14:25'), ben, ip.ip, POLICY_HARDENED, POLICY_WEAKENED, ctx.rng), 'Authentication Methods Policy Update: SMS, voice and an external OIDC method enabled')
    const policy = ctx.tenant.caPolicies[0]
    if (!policy) throw new Error('no CA policy')
    ctx.emitAudit(
      conditionalAccessEvent(ctx.at(12, '23:21:02'), ben, ip.ip, 'Update conditional access policy', policy, caPolicy(['mfa']), caPolicy([]), ctx.rng),
      'Update conditional access policy: mfa removed from grantControls.builtInControls'
    )
    const t = ctx.at(12, '23:29:50')
    const before = ctx.book.at(kevin, t)
    const after = ctx.book.at(kevin, t)
    after.perUserMfa = null
    after.perUserMfaSince = null
    disableStrongAuth(ctx.tenant, t, ben, ip.ip, kevin, before, after, ctx.rng).forEach((e, i) => ctx.emitAudit(e, i === 0 ? 'Disable Strong Authentication for kevin.wu' : undefined))
    ctx.book.set(kevin, t + 1100, after)
    signIn(ctx, { user: kevin, at: ctx.at(12, '23:52:15'), ip: kevinIp, device: ATTACKER_WINDOWS, flow: { kind: 'password' }, what: 'Single-factor sign-in from an unseen IP 22 minutes later' })
    signIn(ctx, { user: kevin, at: ctx.at(13, '00:05:40'), ip: kevinIp, device: ATTACKER_WINDOWS, flow: { kind: 'sso' }, app: APPS.exchange, interactive: false })
    ctx.fact('attackerIp', ip.ip)
    ctx.fact('attacker', ipFact(ip))
    ctx.fact('signInIp', kevinIp.ip)
    ctx.fact('signInNetwork', ipFact(kevinIp))
    ctx.fact('externalMethodDiscoveryUrl', 'https://login.example.net/.well-known/openid-configuration')
    ctx.fact('perUserMfa', { user: kevin.upn, before: 'enabled', after: 'disabled' })
  }
}

function migrate(ctx: StoryContext, admin: User, user: User, t: number): void {
  const before = ctx.book.at(user, t)
  const after = ctx.book.at(user, t)
  after.perUserMfa = null
  after.perUserMfaSince = null
  disableStrongAuth(ctx.tenant, t, admin, admin.ips.office.ip, user, before, after, ctx.rng).forEach((e) => ctx.emitAudit(e))
  ctx.book.set(user, t + 1100, after)
}

export const plannedCaMigration: StoryDef = {
  id: 'L09-planned-ca-migration',
  title: 'Look-alike: the security lead hardens the methods policy, adds a CA policy and retires per-user MFA for three users',
  lookalike: true,
  imitates: 'A09-policy-weakening',
  detections: [],
  mustNotFire: ['SI-009', 'SI-014', 'SI-018', 'SI-024'],
  mayFire: ['SI-005'],
  lastDay: 9,
  summary:
    'During business hours in London, Ava (admin account, after a PIM activation) disables SMS in the Authentication Methods policy, adds a CA policy requiring phishing-resistant MFA for administrators, and disables per-user MFA for three users now covered by the all-users CA MFA policy; they keep signing in with MFA.',
  benignSignals: [
    'the methods-policy change disables SMS; the only enabled methods (FIDO2, Authenticator, TAP) were already enabled',
    'the CA change adds a policy that requires MFA; nothing loses its MFA grant',
    'per-user MFA is removed only for users covered by the CA MFA policy, who sign in with MFA from their usual addresses afterwards',
    'business hours, from the London office, after a PIM activation',
    'the three changes come from the London office egress (an allow-listed corporate address), not from an unseen IP'
  ],
  build(ctx) {
    const admin = ctx.user('avaAdmin')
    const users = [ctx.user('hannah'), ctx.user('lucas'), ctx.user('hugo')]
    ctx.involve(admin, ...users)
    const office = admin.ips.office
    pimActivation(ctx.tenant, ctx.at(9, '08:31:10'), admin, office.ip, 'globalAdmin', ctx.rng).forEach((e) => ctx.emitAudit(e))
    const newPolicy = { id: ctx.rng.guid(), displayName: 'Require phishing-resistant MFA for administrators' }
    ctx.emitAudit(
      conditionalAccessEvent(ctx.at(9, '09:02:40'), admin, office.ip, 'Add conditional access policy', newPolicy, null, {
        displayName: newPolicy.displayName,
        state: 'enabled',
        conditions: { users: { includeRoles: ['62e90394-69f5-4237-9190-012177145e10'] }, applications: { includeApplications: ['All'] } },
        grantControls: { operator: 'OR', builtInControls: ['mfa'], authenticationStrength: { displayName: 'Phishing-resistant MFA' } }
      }, ctx.rng),
      'Add conditional access policy requiring MFA'
    )
    ctx.emitAudit(authMethodsPolicyUpdate(ctx.at(9, '09:10:05'), admin, office.ip, POLICY_START, POLICY_HARDENED, ctx.rng), 'Authentication Methods Policy Update: SMS disabled')
    const times = ['09:20:30', '09:27:10', '09:34:45']
    users.forEach((u, i) => migrate(ctx, admin, u, ctx.at(9, times[i] ?? '09:40:00')))
    users.forEach((u, i) => ownMfa(ctx, u, ctx.at(9, '10:30:00') + i * 7 * MINUTE, u.ips.office, 'MFA sign-in, now enforced by Conditional Access'))
    ctx.fact('policyChange', 'Sms: enabled -> disabled')
    ctx.fact('newCaPolicy', newPolicy.displayName)
    ctx.fact('perUserMfaDisabledFor', users.map((u) => u.upn))
  }
}
