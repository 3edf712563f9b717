import type { DirectoryAudit, SignIn } from '../../graph-types'
import { intFrom } from '../core/hash'
import { signInClass } from '../core/records'
import {
  diagnosticAuthenticationDetails,
  diagnosticConditionalAccessPolicies,
  diagnosticDeviceDetail,
  diagnosticInitiatedBy,
  diagnosticLocation,
  diagnosticMfaDetail,
  diagnosticStatus,
  diagnosticTarget
} from './diagnostic'

/**
 * Rows of the Log Analytics / Sentinel tables `AuditLogs` (FORMATS.md §3) and `SigninLogs` +
 * `AADNonInteractiveUserSignInLogs` (§6d), as typed cells that the CSV and JSON-lines writers
 * render in their own ways. Column order follows the real exports in the corpus.
 */

export type LaCell =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number | null }
  | { kind: 'bool'; value: boolean }
  | { kind: 'datetime'; value: string }
  /** A `dynamic` column: JSON text (compact) in both CSV and JSON lines. */
  | { kind: 'dynamic'; value: unknown }
  /** A `string` column holding JSON that Entra pretty-printed (2 spaces, LF), e.g. AuthenticationDetails. */
  | { kind: 'prettyJson'; value: unknown }
  /** A column the JSON-lines export in the corpus leaves out (it is null there). */
  | { kind: 'csvOnly'; value: string }

export type LaColumn = readonly [name: string, cell: LaCell]

const str = (value: string | null | undefined): LaCell => ({ kind: 'string', value: value ?? '' })
const num = (value: number | null): LaCell => ({ kind: 'number', value })
const bool = (value: boolean): LaCell => ({ kind: 'bool', value })
const time = (value: string): LaCell => ({ kind: 'datetime', value })
const dyn = (value: unknown): LaCell => ({ kind: 'dynamic', value })

function commonPrefix(
  workspaceId: string,
  tenantId: string,
  time_: string,
  operation: string,
  category: string
) {
  return [
    ['TenantId', str(workspaceId)],
    ['SourceSystem', str('Azure AD')],
    ['TimeGenerated', time(time_)],
    ['ResourceId', str(`/tenants/${tenantId}/providers/Microsoft.aadiam`)],
    ['OperationName', str(operation)],
    ['OperationVersion', str('1.0')],
    ['Category', str(category)]
  ] as const satisfies readonly LaColumn[]
}

export function laAuditRow(audit: DirectoryAudit, tenantId: string, workspaceId: string): LaColumn[] {
  const { user, app } = audit.initiatedBy
  const failed = audit.result !== 'success'
  return [
    ...commonPrefix(workspaceId, tenantId, audit.activityDateTime, audit.activityDisplayName, audit.category),
    ['ResultType', str('')],
    ['ResultSignature', str('None')],
    ['ResultDescription', str(failed ? audit.resultReason : '')],
    ['DurationMs', { kind: 'csvOnly', value: '0' }],
    ['CorrelationId', str(audit.correlationId)],
    ['Resource', str('Microsoft.aadiam')],
    ['ResourceGroup', str('Microsoft.aadiam')],
    ['ResourceProvider', str('')],
    ['Identity', str(user ? user.displayName : app?.displayName)],
    ['Level', str('4')],
    ['Location', str('')],
    ['AdditionalDetails', dyn(audit.additionalDetails.map((d) => ({ key: d.key, value: d.value })))],
    ['Id', str(audit.id)],
    ['InitiatedBy', dyn(diagnosticInitiatedBy(audit))],
    ['LoggedByService', str(audit.loggedByService)],
    ['Result', str(audit.result)],
    ['ResultReason', str(audit.resultReason)],
    ['TargetResources', dyn(audit.targetResources.map(diagnosticTarget))],
    ['AADTenantId', str(tenantId)],
    ['ActivityDisplayName', str(audit.activityDisplayName)],
    ['ActivityDateTime', time(audit.activityDateTime)],
    ['AADOperationType', str(audit.operationType)],
    ['Type', str('AuditLogs')]
  ]
}

/** Only user sign-ins have these tables; service-principal and managed-identity ones live elsewhere. */
export function isLaUserSignIn(signIn: SignIn): boolean {
  const type = signInClass(signIn)
  return type === 'interactiveUser' || type === 'nonInteractiveUser'
}

/**
 * A union query over `SigninLogs` and `AADNonInteractiveUserSignInLogs`: the same column is
 * `dynamic` in one table and `string` in the other, so the export splits it into `X_dynamic` and
 * `X_string` and fills the one of the row's table (the corpus file). `splitDynamic: false` gives
 * the JSON-lines form, where both are one JSON string anyway.
 */
export function laSignInRow(
  signIn: SignIn,
  tenantId: string,
  workspaceId: string,
  splitDynamic: boolean
): LaColumn[] {
  const s = signIn
  const interactive = signInClass(s) === 'interactiveUser'
  const split = (name: string, value: unknown): LaColumn[] => {
    if (!splitDynamic) return [[name, dyn(value)]]
    return interactive
      ? [
          [`${name}_dynamic`, dyn(value)],
          [`${name}_string`, str('')]
        ]
      : [
          [`${name}_dynamic`, str('')],
          [`${name}_string`, dyn(value)]
        ]
  }
  const failed = s.status.errorCode !== 0
  return [
    ...commonPrefix(
      workspaceId,
      tenantId,
      s.createdDateTime,
      'Sign-in activity',
      interactive ? 'SignInLogs' : 'NonInteractiveUserSignInLogs'
    ),
    ['ResultType', str(String(s.status.errorCode))],
    ['ResultSignature', str('None')],
    ['ResultDescription', str(failed ? s.status.failureReason : '')],
    ['DurationMs', { kind: 'csvOnly', value: '0' }],
    ['CorrelationId', str(s.correlationId)],
    ['Resource', str('Microsoft.aadiam')],
    ['ResourceGroup', str('Microsoft.aadiam')],
    ['ResourceProvider', str('')],
    ['Identity', str(s.userDisplayName)],
    ['Level', str('4')],
    ['Location', str(s.location.countryOrRegion)],
    ['AlternateSignInName', str('')],
    ['AppDisplayName', str(s.appDisplayName)],
    ['AppId', str(s.appId)],
    ['AuthenticationDetails', { kind: 'prettyJson', value: diagnosticAuthenticationDetails(s) }],
    [
      'AuthenticationMethodsUsed',
      str(s.authenticationMethodsUsed.length ? JSON.stringify(s.authenticationMethodsUsed) : '')
    ],
    ['AuthenticationProcessingDetails', { kind: 'prettyJson', value: [] }],
    ['AuthenticationRequirement', str(s.authenticationRequirement)],
    ['AuthenticationRequirementPolicies', str('[]')],
    ['ClientAppUsed', str(s.clientAppUsed)],
    ...split('ConditionalAccessPolicies', diagnosticConditionalAccessPolicies(s)),
    ['ConditionalAccessStatus', str(s.conditionalAccessStatus)],
    ['CreatedDateTime', time(s.createdDateTime)],
    ...split('DeviceDetail', diagnosticDeviceDetail(s)),
    ['IsInteractive', bool(s.isInteractive)],
    ['Id', str(s.id)],
    ['IPAddress', str(s.ipAddress)],
    ['IsRisky', str('')],
    ...split('LocationDetails', diagnosticLocation(s)),
    ...split('MfaDetail', diagnosticMfaDetail(s)),
    ['NetworkLocationDetails', str('[]')],
    ['OriginalRequestId', str(s.originalRequestId)],
    // Not in Graph's object; a stable made-up value keeps the column realistic.
    ['ProcessingTimeInMilliseconds', num(intFrom(`processing:${s.id}`, 40, 4000))],
    ['RiskDetail', str(s.riskDetail)],
    ['RiskEventTypes', str(JSON.stringify(s.riskEventTypes))],
    ['RiskEventTypes_V2', str(JSON.stringify(s.riskEventTypes_v2))],
    ['RiskLevelAggregated', str(s.riskLevelAggregated)],
    ['RiskLevelDuringSignIn', str(s.riskLevelDuringSignIn)],
    ['RiskState', str(s.riskState)],
    ['ResourceDisplayName', str(s.resourceDisplayName)],
    ['ResourceIdentity', str(s.resourceId)],
    ['ServicePrincipalId', str(s.servicePrincipalId)],
    ['ServicePrincipalName', str(s.servicePrincipalName)],
    ...split('Status', diagnosticStatus(s)),
    ['TokenIssuerName', str('')],
    ['TokenIssuerType', str(s.tokenIssuerType)],
    ['UserAgent', str(s.userAgent)],
    ['UserDisplayName', str(s.userDisplayName)],
    ['UserId', str(s.userId)],
    ['UserPrincipalName', str(s.userPrincipalName)],
    ['AADTenantId', str(tenantId)],
    ['UserType', str('Member')],
    ['FlaggedForReview', str('')],
    ['SignInIdentifier', str('')],
    ['SignInIdentifierType', str('')],
    ['ResourceTenantId', str(tenantId)],
    ['HomeTenantId', str(tenantId)],
    ['Type', str(interactive ? 'SigninLogs' : 'AADNonInteractiveUserSignInLogs')],
    // The corpus export also carries these two (its query unioned in another table); always empty here.
    ['AdditionalDetails', str('')],
    ['InitiatedBy', str('')],
    // Newer columns, appended after the 2021 corpus header as Log Analytics appends schema additions.
    ['AutonomousSystemNumber', num(s.autonomousSystemNumber)],
    ['UniqueTokenIdentifier', str(s.uniqueTokenIdentifier)],
    ['SessionId', str(s.sessionId)]
  ]
}
