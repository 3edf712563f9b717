/**
 * The intermediate form of the sample generator: Microsoft Graph **beta** `directoryAudit` and
 * `signIn` objects (camelCase, as Graph returns them). The tenant model produces these; the
 * format writers turn them into every export format of FORMATS.md.
 */

export interface KeyValue {
  key: string
  value: string
}

export interface ModifiedPropertyJson {
  displayName: string
  /** JSON text or null, exactly as Graph returns it (e.g. "[\"+1 555 0100\"]"). */
  oldValue: string | null
  newValue: string | null
}

export interface TargetResource {
  id: string
  displayName: string | null
  type: string
  userPrincipalName: string | null
  groupType: string | null
  modifiedProperties: ModifiedPropertyJson[]
}

export interface DirectoryAudit {
  id: string
  category: string
  correlationId: string
  result: 'success' | 'failure' | 'timeout'
  resultReason: string
  activityDisplayName: string
  /** ISO 8601 UTC with 7 fractional digits, e.g. 2026-10-03T08:15:02.5168093Z */
  activityDateTime: string
  loggedByService: string
  operationType: string
  userAgent: string | null
  initiatedBy: {
    user: {
      id: string
      displayName: string | null
      userPrincipalName: string | null
      ipAddress: string | null
      userType?: string | null
      homeTenantId?: string | null
      homeTenantName?: string | null
    } | null
    app: {
      appId: string | null
      displayName: string | null
      servicePrincipalId: string | null
      servicePrincipalName: string | null
    } | null
  }
  targetResources: TargetResource[]
  additionalDetails: KeyValue[]
}

export interface AuthenticationDetail {
  authenticationStepDateTime: string
  authenticationMethod: string
  authenticationMethodDetail: string | null
  succeeded: boolean
  authenticationStepResultDetail: string
  authenticationStepRequirement: string
}

export type SignInEventType = 'interactiveUser' | 'nonInteractiveUser' | 'servicePrincipal' | 'managedIdentity'

export interface SignIn {
  id: string
  /** ISO 8601 UTC with 7 fractional digits. */
  createdDateTime: string
  userDisplayName: string | null
  userPrincipalName: string | null
  userId: string | null
  appId: string
  appDisplayName: string
  ipAddress: string
  clientAppUsed: string | null
  userAgent: string | null
  correlationId: string
  conditionalAccessStatus: 'success' | 'failure' | 'notApplied'
  originalRequestId: string
  isInteractive: boolean
  tokenIssuerType: string
  authenticationRequirement: 'singleFactorAuthentication' | 'multiFactorAuthentication'
  authenticationMethodsUsed: string[]
  authenticationDetails: AuthenticationDetail[]
  resourceDisplayName: string | null
  resourceId: string | null
  riskDetail: string
  riskLevelAggregated: string
  riskLevelDuringSignIn: string
  riskState: string
  riskEventTypes: string[]
  riskEventTypes_v2: string[]
  autonomousSystemNumber: number | null
  sessionId: string | null
  uniqueTokenIdentifier: string | null
  signInEventTypes: SignInEventType[]
  servicePrincipalId: string | null
  servicePrincipalName: string | null
  managedIdentityType: string | null
  status: { errorCode: number; failureReason: string | null; additionalDetails: string | null }
  deviceDetail: {
    deviceId: string
    displayName: string | null
    operatingSystem: string | null
    browser: string | null
    isCompliant: boolean
    isManaged: boolean
    trustType: string | null
  }
  location: {
    city: string | null
    state: string | null
    countryOrRegion: string | null
    geoCoordinates: { latitude: number | null; longitude: number | null; altitude: number | null }
  }
  mfaDetail: { authMethod: string | null; authDetail: string | null } | null
  appliedConditionalAccessPolicies: Array<{ id: string; displayName: string; enforcedGrantControls: string[]; result: string }>
}

/**
 * An Exchange mailbox record of the unified audit log (inbox rules, moved or deleted mails): it has
 * no Graph form, only its UAL `AuditData`, and only the Purview / UAL writers hold it.
 */
export interface MailboxRecord {
  id: string
  /** ISO 8601 UTC with 7 fractional digits, like Graph times (for ordering with the Graph records). */
  activityDateTime: string
  recordType: number
  operation: string
  userId: string
  auditData: Record<string, unknown>
}

/** The records every export path holds (Graph objects). */
export type EntraRecord = { kind: 'audit'; value: DirectoryAudit } | { kind: 'signin'; value: SignIn }

export type SampleRecord =
  | { kind: 'audit'; value: DirectoryAudit }
  | { kind: 'signin'; value: SignIn }
  | { kind: 'mailbox'; value: MailboxRecord }
