import type { AuthenticationDetail, DirectoryAudit, SignIn, TargetResource } from '../../graph-types'
import { isoOffset } from '../core/time'

/**
 * Graph objects as Entra's diagnostic pipeline re-serialises them: the `properties` of Azure
 * Monitor records (FORMATS.md §4) and the dynamic columns of Log Analytics (§3, §6d). Observed in
 * the elastic and panther samples: times carry `+00:00`; an initiator has only its non-null branch,
 * a user initiator gains `roles: []`; targets gain `administrativeUnits: []` and lose a null
 * `userPrincipalName`/`groupType`; sign-in sub-objects lose null members (and `deviceDetail` its
 * false flags); authentication steps gain `StatusSequence`/`RequestSequence`.
 */

export function diagnosticInitiatedBy(audit: DirectoryAudit): Record<string, unknown> {
  const { user, app } = audit.initiatedBy
  const out: Record<string, unknown> = {}
  if (user)
    out.user = {
      id: user.id,
      displayName: user.displayName,
      userPrincipalName: user.userPrincipalName,
      ipAddress: user.ipAddress,
      roles: []
    }
  if (app)
    out.app = {
      appId: app.appId,
      displayName: app.displayName,
      servicePrincipalId: app.servicePrincipalId,
      servicePrincipalName: app.servicePrincipalName
    }
  return out
}

export function diagnosticTarget(target: TargetResource): Record<string, unknown> {
  const out: Record<string, unknown> = { id: target.id, displayName: target.displayName, type: target.type }
  if (target.userPrincipalName !== null) out.userPrincipalName = target.userPrincipalName
  if (target.groupType !== null) out.groupType = target.groupType
  out.modifiedProperties = target.modifiedProperties.map((p) => ({
    displayName: p.displayName,
    oldValue: p.oldValue,
    newValue: p.newValue
  }))
  out.administrativeUnits = []
  return out
}

export function diagnosticAuditProperties(audit: DirectoryAudit): Record<string, unknown> {
  return {
    id: audit.id,
    category: audit.category,
    correlationId: audit.correlationId,
    result: audit.result,
    resultReason: audit.resultReason,
    activityDisplayName: audit.activityDisplayName,
    activityDateTime: isoOffset(audit.activityDateTime),
    loggedByService: audit.loggedByService,
    operationType: audit.operationType,
    userAgent: audit.userAgent,
    initiatedBy: diagnosticInitiatedBy(audit),
    targetResources: audit.targetResources.map(diagnosticTarget),
    additionalDetails: audit.additionalDetails.map((d) => ({ key: d.key, value: d.value }))
  }
}

function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = v
  return out
}

export function diagnosticDeviceDetail(signIn: SignIn): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(signIn.deviceDetail)) if (v !== null && v !== false) out[k] = v
  return out
}

export function diagnosticLocation(signIn: SignIn): Record<string, unknown> {
  const { city, state, countryOrRegion, geoCoordinates } = signIn.location
  return {
    ...withoutNulls({ city, state, countryOrRegion }),
    geoCoordinates: withoutNulls({ ...geoCoordinates })
  }
}

export function diagnosticStatus(signIn: SignIn): Record<string, unknown> {
  return withoutNulls({ ...signIn.status })
}

export function diagnosticMfaDetail(signIn: SignIn): Record<string, unknown> {
  return signIn.mfaDetail ? withoutNulls({ ...signIn.mfaDetail }) : {}
}

export function diagnosticAuthenticationDetails(signIn: SignIn): Record<string, unknown>[] {
  return signIn.authenticationDetails.map((step: AuthenticationDetail) => ({
    authenticationStepDateTime: isoOffset(step.authenticationStepDateTime),
    authenticationMethod: step.authenticationMethod,
    ...(step.authenticationMethodDetail !== null
      ? { authenticationMethodDetail: step.authenticationMethodDetail }
      : {}),
    succeeded: step.succeeded,
    authenticationStepResultDetail: step.authenticationStepResultDetail,
    authenticationStepRequirement: step.authenticationStepRequirement,
    StatusSequence: 0,
    RequestSequence: 0
  }))
}

export function diagnosticConditionalAccessPolicies(signIn: SignIn): Record<string, unknown>[] {
  return signIn.appliedConditionalAccessPolicies.map((p) => ({
    id: p.id,
    displayName: p.displayName,
    enforcedGrantControls: p.enforcedGrantControls,
    enforcedSessionControls: [],
    result: p.result
  }))
}

export function diagnosticSignInProperties(signIn: SignIn, tenantId: string): Record<string, unknown> {
  const s = signIn
  return withoutNulls({
    id: s.id,
    createdDateTime: isoOffset(s.createdDateTime),
    userDisplayName: s.userDisplayName,
    userPrincipalName: s.userPrincipalName,
    userId: s.userId,
    appId: s.appId,
    appDisplayName: s.appDisplayName,
    ipAddress: s.ipAddress,
    status: diagnosticStatus(s),
    clientAppUsed: s.clientAppUsed,
    userAgent: s.userAgent,
    deviceDetail: diagnosticDeviceDetail(s),
    location: diagnosticLocation(s),
    mfaDetail: diagnosticMfaDetail(s),
    correlationId: s.correlationId,
    conditionalAccessStatus: s.conditionalAccessStatus,
    appliedConditionalAccessPolicies: diagnosticConditionalAccessPolicies(s),
    originalRequestId: s.originalRequestId,
    isInteractive: s.isInteractive,
    tokenIssuerName: '',
    tokenIssuerType: s.tokenIssuerType,
    riskDetail: s.riskDetail,
    riskLevelAggregated: s.riskLevelAggregated,
    riskLevelDuringSignIn: s.riskLevelDuringSignIn,
    riskState: s.riskState,
    riskEventTypes: s.riskEventTypes,
    riskEventTypes_v2: s.riskEventTypes_v2,
    resourceDisplayName: s.resourceDisplayName,
    resourceId: s.resourceId,
    resourceTenantId: tenantId,
    homeTenantId: tenantId,
    authenticationDetails: diagnosticAuthenticationDetails(s),
    authenticationMethodsUsed: s.authenticationMethodsUsed,
    authenticationRequirement: s.authenticationRequirement,
    // The elastic sample has an empty string here for user sign-ins.
    servicePrincipalId: s.servicePrincipalId ?? '',
    servicePrincipalName: s.servicePrincipalName,
    managedIdentityType: s.managedIdentityType,
    autonomousSystemNumber: s.autonomousSystemNumber,
    sessionId: s.sessionId,
    uniqueTokenIdentifier: s.uniqueTokenIdentifier,
    signInEventTypes: s.signInEventTypes
  })
}
