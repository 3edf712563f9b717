import type { DirectoryAudit, SignIn, SignInEventType } from '../../graph-types'
import { aadResourceId } from '../core/options'
import { signInClass } from '../core/records'
import { isoGraph } from '../core/time'
import { diagnosticAuditProperties, diagnosticSignInProperties } from './diagnostic'

/**
 * Azure Monitor diagnostic-settings records (FORMATS.md §4), byte for byte like the elastic
 * captures: top-level members written `{ "key": value, "key": value, …` with spaces, `properties`
 * last and compact, `Level` an integer with a capital L, `time` with `Z` while times inside
 * `properties` use `+00:00`.
 */

export interface MonitorRecord {
  /** `AuditLogs`, `SignInLogs`, … */
  category: string
  time: string
  text: string
}

const SIGNIN_CATEGORIES: Record<SignInEventType, string> = {
  interactiveUser: 'SignInLogs',
  nonInteractiveUser: 'NonInteractiveUserSignInLogs',
  servicePrincipal: 'ServicePrincipalSignInLogs',
  managedIdentity: 'ManagedIdentitySignInLogs'
}

function render(top: [string, unknown][], properties: unknown): string {
  let out = '{ '
  for (const [key, value] of top)
    if (value !== undefined) out += `${JSON.stringify(key)}: ${JSON.stringify(value)}, `
  return out + '"properties": ' + JSON.stringify(properties) + '}'
}

export function monitorAuditRecord(audit: DirectoryAudit, tenantId: string): MonitorRecord {
  const { user, app } = audit.initiatedBy
  const identity = user?.displayName ?? user?.userPrincipalName ?? app?.displayName ?? undefined
  const text = render(
    [
      ['time', isoGraph(audit.activityDateTime)],
      ['resourceId', aadResourceId(tenantId)],
      ['operationName', audit.activityDisplayName],
      ['operationVersion', '1.0'],
      ['category', 'AuditLogs'],
      ['tenantId', tenantId],
      ['resultSignature', 'None'],
      ['resultDescription', audit.result === 'success' ? undefined : audit.resultReason],
      ['durationMs', 0],
      ['callerIpAddress', user?.ipAddress ?? undefined],
      ['correlationId', audit.correlationId],
      ['identity', identity],
      ['Level', 4]
    ],
    diagnosticAuditProperties(audit)
  )
  return { category: 'AuditLogs', time: audit.activityDateTime, text }
}

export function monitorSignInRecord(signIn: SignIn, tenantId: string): MonitorRecord {
  const s = signIn
  const category = SIGNIN_CATEGORIES[signInClass(s)]
  const text = render(
    [
      ['time', isoGraph(s.createdDateTime)],
      ['resourceId', aadResourceId(tenantId)],
      ['operationName', 'Sign-in activity'],
      ['operationVersion', '1.0'],
      ['category', category],
      ['tenantId', tenantId],
      // An error code as a string, `"0"` for success (AMSIGNIN).
      ['resultType', String(s.status.errorCode)],
      ['resultSignature', 'None'],
      ['resultDescription', s.status.errorCode === 0 ? undefined : (s.status.failureReason ?? undefined)],
      ['durationMs', 0],
      ['callerIpAddress', s.ipAddress],
      ['correlationId', s.correlationId],
      ['identity', s.userDisplayName ?? s.servicePrincipalName ?? undefined],
      ['Level', 4],
      ['location', s.location.countryOrRegion ?? undefined]
    ],
    diagnosticSignInProperties(s, tenantId)
  )
  return { category, time: s.createdDateTime, text }
}
