/**
 * Builds Graph beta `signIn` objects (FORMATS.md §6c). The authentication flow decides the
 * authenticationDetails steps, the status (error code, failure reason, additional details) and
 * the MFA fields, using the strings that public rules match on (DETECTIONS.md §2.1 SI-010,
 * SI-013, SI-015): "MFA successfully completed", "MFA denied; user declined the authentication",
 * "Temporary Access Pass", authenticationMethodDetail = device name or phone number (MS12).
 */
import type { AuthenticationDetail, SignIn, SignInEventType } from '../graph-types'
import type { AppRef } from './directory'
import type { IpInfo } from './geo'
import type { Rng } from './rng'
import { graphTime, SECOND } from './time'
import type { DeviceProfile, ServicePrincipal, Tenant, User } from './types'

export type SecondFactor =
  | { kind: 'push'; device: string }
  | { kind: 'otp'; device: string }
  | { kind: 'sms'; phone: string }
  | { kind: 'voice'; phone: string }
  | { kind: 'fido2'; key: string }
  | { kind: 'tap' }

export type AuthFlow =
  /** Token already carries the claims (SSO, token refresh). */
  | { kind: 'sso' }
  /** Password only (users not required to do MFA). */
  | { kind: 'password' }
  /** Password plus a second factor; FIDO2 and TAP stand alone. */
  | { kind: 'mfa'; factor: SecondFactor }
  /** The second factor was denied or timed out (500121). */
  | { kind: 'denied'; factor: SecondFactor; detail: string; stepDetail?: string }
  /** Password accepted, then an interrupt: 50074/50076 (MFA needed), 50079/50072 (must enrol), 53004. */
  | { kind: 'interrupt'; code: 50074 | 50076 | 50079 | 50072 | 53004 }
  /** Wrong password (50126). */
  | { kind: 'badPassword' }

export interface Risk {
  level: 'none' | 'low' | 'medium' | 'high' | 'hidden'
  aggregated?: string
  state: 'none' | 'atRisk' | 'remediated' | 'dismissed' | 'confirmedSafe' | 'confirmedCompromised'
  detail: string
  types: string[]
}

export const NO_RISK: Risk = { level: 'none', state: 'none', detail: 'none', types: [] }

export interface UserSignInSpec {
  at: number
  user: User
  app: AppRef
  resource: AppRef
  ip: IpInfo
  device: DeviceProfile
  interactive: boolean
  flow: AuthFlow
  risk?: Risk
  correlationId?: string
  sessionId?: string
}

const FACTOR_LABEL: Record<SecondFactor['kind'], string> = {
  push: 'Mobile app notification',
  otp: 'OATH verification code',
  sms: 'Text message',
  voice: 'Phone call approval (Authentication phone)',
  fido2: 'FIDO2 security key',
  tap: 'Temporary Access Pass'
}

function factorDetail(f: SecondFactor): string | null {
  switch (f.kind) {
    case 'push':
    case 'otp':
      return f.device
    case 'sms':
    case 'voice':
      return f.phone
    case 'fido2':
      return f.key
    case 'tap':
      return null
  }
}

/** The method names Graph lists in authenticationMethodsUsed and mfaDetail.authMethod. */
export function factorLabel(f: SecondFactor): string {
  return FACTOR_LABEL[f.kind]
}

const INTERRUPTS: Record<number, { reason: string; details: string }> = {
  50074: { reason: 'Strong Authentication is required.', details: 'MFA required in Azure AD' },
  50076: {
    reason:
      'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.',
    details: 'MFA required in Azure AD'
  },
  50079: {
    reason:
      'Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access the resource.',
    details: 'User needs to enroll for second factor authentication'
  },
  50072: {
    reason: 'Users needs to enroll for second factor authentication (interactive).',
    details: 'User needs to enroll for second factor authentication'
  },
  53004: {
    reason: 'Proof up is blocked due to high user risk.',
    details: 'ProofUpBlockedDueToRisk'
  }
}

function steps(spec: UserSignInSpec, rng: Rng, mfaRequired: boolean): AuthenticationDetail[] {
  const t = (offsetMs: number): string => graphTime(spec.at + offsetMs, rng)
  const password = (ok: boolean): AuthenticationDetail => ({
    authenticationStepDateTime: t(0),
    authenticationMethod: 'Password',
    authenticationMethodDetail: 'Password in the cloud',
    succeeded: ok,
    authenticationStepResultDetail: ok
      ? 'Correct password'
      : 'Invalid username or password or Invalid on-premise username or password.',
    authenticationStepRequirement: 'Primary authentication'
  })
  const second = (f: SecondFactor, ok: boolean, detail: string): AuthenticationDetail => ({
    authenticationStepDateTime: t(ok ? 9 * SECOND : 4 * SECOND),
    authenticationMethod: FACTOR_LABEL[f.kind],
    authenticationMethodDetail: factorDetail(f),
    succeeded: ok,
    authenticationStepResultDetail: detail,
    authenticationStepRequirement: f.kind === 'fido2' || f.kind === 'tap' ? 'Primary authentication' : 'Multi-factor authentication'
  })
  const flow = spec.flow
  switch (flow.kind) {
    case 'sso': {
      const out: AuthenticationDetail[] = [
        {
          authenticationStepDateTime: t(0),
          authenticationMethod: 'Previously satisfied',
          authenticationMethodDetail: null,
          succeeded: true,
          authenticationStepResultDetail: 'First factor requirement satisfied by claim in the token',
          authenticationStepRequirement: 'Primary authentication'
        }
      ]
      if (mfaRequired) {
        out.push({
          authenticationStepDateTime: t(0),
          authenticationMethod: 'Previously satisfied',
          authenticationMethodDetail: null,
          succeeded: true,
          authenticationStepResultDetail: 'MFA requirement satisfied by claim in the token',
          authenticationStepRequirement: 'Multi-factor authentication'
        })
      }
      return out
    }
    case 'password':
      return [password(true)]
    case 'badPassword':
      return [password(false)]
    case 'interrupt':
      return [password(true)]
    case 'mfa':
      if (flow.factor.kind === 'fido2' || flow.factor.kind === 'tap') return [second(flow.factor, true, 'MFA successfully completed')]
      return [password(true), second(flow.factor, true, 'MFA successfully completed')]
    case 'denied':
      return [password(true), second(flow.factor, false, flow.stepDetail ?? flow.detail)]
  }
}

function statusOf(flow: AuthFlow): SignIn['status'] {
  switch (flow.kind) {
    case 'sso':
    case 'password':
      return { errorCode: 0, failureReason: null, additionalDetails: null }
    case 'mfa':
      return { errorCode: 0, failureReason: null, additionalDetails: 'MFA completed in Azure AD' }
    case 'badPassword':
      return {
        errorCode: 50126,
        failureReason: 'Error validating credentials due to invalid username or password.',
        additionalDetails:
          "The user didn't enter the right credentials. It's expected to see some number of these errors in your logs due to users making mistakes."
      }
    case 'interrupt': {
      const i = INTERRUPTS[flow.code]
      return { errorCode: flow.code, failureReason: i?.reason ?? null, additionalDetails: i?.details ?? null }
    }
    case 'denied':
      return {
        errorCode: 500121,
        failureReason: 'Authentication failed during strong authentication request.',
        additionalDetails: flow.detail
      }
  }
}

export function location(ip: IpInfo): SignIn['location'] {
  return {
    city: ip.place.city,
    state: ip.place.state,
    countryOrRegion: ip.place.country,
    geoCoordinates: { latitude: ip.place.lat, longitude: ip.place.lon, altitude: null }
  }
}

export function userSignIn(tenant: Tenant, spec: UserSignInSpec, rng: Rng): SignIn {
  const flow = spec.flow
  const risk = spec.risk ?? NO_RISK
  const mfaRequired =
    flow.kind === 'mfa' || flow.kind === 'denied' || (flow.kind === 'interrupt' && flow.code !== 53004)
      ? true
      : flow.kind === 'sso'
        ? spec.user.mfaRequired
        : false
  const id = rng.guid()
  const status = statusOf(flow)
  const ok = status.errorCode === 0
  const details = steps(spec, rng, mfaRequired)
  const used = flow.kind === 'mfa' ? details.map((d) => d.authenticationMethod) : []
  const policy = tenant.caPolicies[0]
  return {
    id,
    createdDateTime: graphTime(spec.at, rng),
    userDisplayName: spec.user.displayName,
    userPrincipalName: spec.user.upn,
    userId: spec.user.id,
    appId: spec.app.appId,
    appDisplayName: spec.app.displayName,
    ipAddress: spec.ip.ip,
    clientAppUsed: spec.device.clientAppUsed,
    userAgent: spec.device.userAgent,
    correlationId: spec.correlationId ?? rng.guid(),
    conditionalAccessStatus: spec.user.mfaRequired ? (ok ? 'success' : 'failure') : 'notApplied',
    originalRequestId: id,
    isInteractive: spec.interactive,
    tokenIssuerType: 'AzureAD',
    authenticationRequirement: mfaRequired ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
    authenticationMethodsUsed: used,
    authenticationDetails: details,
    resourceDisplayName: spec.resource.displayName,
    resourceId: spec.resource.appId,
    riskDetail: risk.detail,
    riskLevelAggregated: risk.aggregated ?? risk.level,
    riskLevelDuringSignIn: risk.level,
    riskState: risk.state,
    riskEventTypes: risk.types,
    riskEventTypes_v2: risk.types,
    autonomousSystemNumber: spec.ip.network.asn,
    sessionId: spec.sessionId ?? rng.guid(),
    uniqueTokenIdentifier: rng.base64url(22),
    signInEventTypes: [spec.interactive ? 'interactiveUser' : 'nonInteractiveUser'],
    servicePrincipalId: null,
    servicePrincipalName: null,
    managedIdentityType: null,
    status,
    deviceDetail: {
      deviceId: spec.device.deviceId,
      displayName: spec.device.displayName,
      operatingSystem: spec.device.operatingSystem,
      browser: spec.device.browser,
      isCompliant: spec.device.isCompliant,
      isManaged: spec.device.isManaged,
      trustType: spec.device.trustType
    },
    location: location(spec.ip),
    mfaDetail:
      flow.kind === 'mfa' && flow.factor.kind !== 'tap'
        ? { authMethod: FACTOR_LABEL[flow.factor.kind], authDetail: factorDetail(flow.factor) }
        : null,
    appliedConditionalAccessPolicies:
      policy && spec.user.mfaRequired
        ? [
            {
              id: policy.id,
              displayName: policy.displayName,
              enforcedGrantControls: ['Mfa'],
              result: ok ? 'success' : 'failure'
            }
          ]
        : []
  }
}

export function servicePrincipalSignIn(sp: ServicePrincipal, at: number, rng: Rng, ip?: IpInfo): SignIn {
  const id = rng.guid()
  const from = ip ?? sp.ip
  const type: SignInEventType = sp.kind === 'managedIdentity' ? 'managedIdentity' : 'servicePrincipal'
  return {
    id,
    createdDateTime: graphTime(at, rng),
    userDisplayName: null,
    userPrincipalName: null,
    userId: null,
    appId: sp.appId,
    appDisplayName: sp.displayName,
    ipAddress: from.ip,
    clientAppUsed: null,
    userAgent: null,
    correlationId: rng.guid(),
    conditionalAccessStatus: 'notApplied',
    originalRequestId: id,
    isInteractive: false,
    tokenIssuerType: 'AzureAD',
    authenticationRequirement: 'singleFactorAuthentication',
    authenticationMethodsUsed: [],
    authenticationDetails: [],
    resourceDisplayName: sp.resource.displayName,
    resourceId: sp.resource.appId,
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes: [],
    riskEventTypes_v2: [],
    autonomousSystemNumber: from.network.asn,
    sessionId: null,
    uniqueTokenIdentifier: rng.base64url(22),
    signInEventTypes: [type],
    servicePrincipalId: sp.id,
    servicePrincipalName: sp.displayName,
    managedIdentityType: sp.kind === 'managedIdentity' ? 'systemAssigned' : null,
    status: { errorCode: 0, failureReason: null, additionalDetails: null },
    deviceDetail: {
      deviceId: '',
      displayName: null,
      operatingSystem: null,
      browser: null,
      isCompliant: false,
      isManaged: false,
      trustType: null
    },
    location: location(from),
    mfaDetail: null,
    appliedConditionalAccessPolicies: []
  }
}
