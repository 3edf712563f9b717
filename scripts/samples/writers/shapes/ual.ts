import type { DirectoryAudit, SampleRecord, SignIn, TargetResource } from '../../graph-types'
import { guidFrom, upperHexFrom } from '../core/hash'
import { signInClass } from '../core/records'
import { isoZoneless } from '../core/time'
import { isInterrupt } from './portal-signin'

/**
 * Unified Audit Log (Purview) records for Entra events, `Workload: AzureActiveDirectory`
 * (FORMATS.md §5b), modelled on the real Purview export in the corpus.
 *
 * Which Graph records the UAL mirrors:
 * - directory audits logged by **Core Directory** (user, group, role, application, password and
 *   device changes: `Update user`, `Reset user password`, `Add member to role`, …) become
 *   RecordType 8 with the activity name plus a period (`Update user.`). Events of other services,
 *   in particular **Authentication Methods** (`User registered security info`…) and
 *   self-service password management, are not mirrored and are skipped;
 * - **interactive user sign-ins** become RecordType 15 `UserLoggedIn` / `UserLoginFailed`
 *   (AzureActiveDirectoryStsLogon). Non-interactive, service-principal and managed-identity
 *   sign-ins are skipped.
 */

export const UAL_DIRECTORY_RECORD_TYPE = 8
export const UAL_LOGON_RECORD_TYPE = 15

export function isUalAudit(audit: DirectoryAudit): boolean {
  return audit.loggedByService === 'Core Directory'
}

export function isUalSignIn(signIn: SignIn): boolean {
  return signInClass(signIn) === 'interactiveUser'
}

export interface UalRecord {
  id: string
  /** UTC, zone-less, whole seconds (`2023-09-26T01:43:41`). */
  creationTime: string
  recordType: number
  operation: string
  userId: string
  auditData: Record<string, unknown>
}

const ZERO_GUID = '00000000-0000-0000-0000-000000000000'

const puids = new Map<string, string>()

/** A stable 16-hex-digit Passport unique id (`10032002F22CA807` in the corpus). */
function puid(objectId: string): string {
  let value = puids.get(objectId)
  if (value === undefined) {
    // The same few thousand users recur in every record; a small memo saves most of the hashing.
    if (puids.size >= 10_000) puids.clear()
    value = '1003' + upperHexFrom(`puid:${objectId}`, 12)
    puids.set(objectId, value)
  }
  return value
}

function domainOf(upn: string): string {
  return upn.slice(upn.indexOf('@') + 1)
}

/**
 * UAL keeps a modified property's values as plain text: a JSON string value unwrapped
 * (`"\"KeyDescription\""` → `KeyDescription`), null as empty, other JSON re-indented by .NET
 * (2 spaces, CRLF: `[\r\n  true\r\n]`), an empty array as `[]`.
 */
export function ualPropertyValue(graphValue: string | null): string {
  if (graphValue === null) return ''
  let parsed: unknown
  try {
    parsed = JSON.parse(graphValue)
  } catch {
    return graphValue
  }
  if (parsed === null) return ''
  if (typeof parsed === 'string') return parsed
  return JSON.stringify(parsed, null, 2).replace(/\n/g, '\r\n')
}

type TypedId = { ID: string; Type: number }

function targetIds(target: TargetResource): TypedId[] {
  // Type 2 = object id / `<Class>_<guid>` / class name, 5 = UPN, 3 = PUID, 1 = display name.
  const ids: TypedId[] = [
    { ID: `${target.type}_${target.id}`, Type: 2 },
    { ID: target.id, Type: 2 },
    { ID: target.type, Type: 2 }
  ]
  if (target.type === 'User') {
    if (target.userPrincipalName) ids.push({ ID: target.userPrincipalName, Type: 5 })
    ids.push({ ID: puid(target.id), Type: 3 })
  } else if (target.displayName) {
    ids.push({ ID: target.displayName, Type: 1 })
  }
  return ids
}

export function ualAuditRecord(audit: DirectoryAudit, tenantId: string): UalRecord {
  const { user, app } = audit.initiatedBy
  const target = audit.targetResources[0]
  const id = guidFrom(`ual:${audit.id}`)
  const creationTime = isoZoneless(audit.activityDateTime)
  const operation = `${audit.activityDisplayName}.`
  const actor: TypedId[] = []
  let userId: string
  let userKey: string
  if (user) {
    if (user.userPrincipalName) actor.push({ ID: user.userPrincipalName, Type: 5 })
    actor.push(
      { ID: puid(user.id), Type: 3 },
      { ID: `User_${user.id}`, Type: 2 },
      { ID: user.id, Type: 2 },
      { ID: 'User', Type: 2 }
    )
    userId = user.userPrincipalName ?? user.id
    userKey = user.userPrincipalName
      ? `${puid(user.id)}@${domainOf(user.userPrincipalName)}`
      : 'Not Available'
  } else {
    if (app?.displayName) actor.push({ ID: app.displayName, Type: 1 })
    if (app?.appId) actor.push({ ID: app.appId, Type: 2 })
    if (app?.servicePrincipalId)
      actor.push(
        { ID: `ServicePrincipal_${app.servicePrincipalId}`, Type: 2 },
        { ID: app.servicePrincipalId, Type: 2 },
        { ID: 'ServicePrincipal', Type: 2 }
      )
    userId = app?.servicePrincipalId
      ? `ServicePrincipal_${app.servicePrincipalId}`
      : (app?.displayName ?? 'Not Available')
    userKey = 'Not Available'
  }
  const additionalDetails: Record<string, string> = {}
  for (const detail of audit.additionalDetails) additionalDetails[detail.key] = detail.value
  const auditData: Record<string, unknown> = {
    CreationTime: creationTime,
    Id: id,
    Operation: operation,
    OrganizationId: tenantId,
    RecordType: UAL_DIRECTORY_RECORD_TYPE,
    ResultStatus: audit.result === 'success' ? 'Success' : 'Failure',
    UserKey: userKey,
    // 0 = regular user, 4 = system / service principal (the corpus's app-initiated rows).
    UserType: user ? 0 : 4,
    Version: 1,
    Workload: 'AzureActiveDirectory',
    ObjectId: target ? (target.type === 'User' ? (target.userPrincipalName ?? target.id) : target.id) : '',
    UserId: userId,
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: [
      { Name: 'additionalDetails', Value: JSON.stringify(additionalDetails) },
      { Name: 'extendedAuditEventCategory', Value: target?.type ?? 'Other' }
    ],
    ModifiedProperties: (target?.modifiedProperties ?? []).map((p) => ({
      Name: p.displayName,
      NewValue: ualPropertyValue(p.newValue),
      OldValue: ualPropertyValue(p.oldValue)
    })),
    Actor: actor,
    ActorContextId: tenantId,
    InterSystemsId: audit.correlationId,
    IntraSystemId: user ? ZERO_GUID : guidFrom(`intra:${audit.id}`),
    SupportTicketId: '',
    Target: audit.targetResources.flatMap(targetIds),
    TargetContextId: tenantId
  }
  return { id, creationTime, recordType: UAL_DIRECTORY_RECORD_TYPE, operation, userId, auditData }
}

/** `LogonError` names for common failure codes (UAL's own enumeration; 50126 is in the corpus). */
const LOGON_ERRORS: Record<number, string> = {
  50034: 'UserAccountNotFound',
  50053: 'IdsLocked',
  50055: 'InvalidPasswordExpiredPassword',
  50057: 'UserAccountDisabled',
  50126: 'InvalidUserNameOrPassword',
  53003: 'BlockedByConditionalAccess',
  500121: 'AuthenticationFailedStrongAuthRequestDenied'
}

export function ualSignInRecord(signIn: SignIn, tenantId: string): UalRecord {
  const s = signIn
  const code = s.status.errorCode
  // Interrupted sign-ins (KMSI prompt, MFA challenge) are logged as UserLoggedIn with their code.
  const loggedIn = code === 0 || isInterrupt(code)
  const operation = loggedIn ? 'UserLoggedIn' : 'UserLoginFailed'
  const creationTime = isoZoneless(s.createdDateTime)
  const upn = s.userPrincipalName ?? ''
  const userKey = s.userId ?? ''
  const extended = [{ Name: 'ResultStatusDetail', Value: 'Success' }]
  if (code === 50140) extended.push({ Name: 'KeepMeSignedIn', Value: 'true' })
  if (s.userAgent !== null) extended.push({ Name: 'UserAgent', Value: s.userAgent })
  extended.push(
    { Name: 'UserAuthenticationMethod', Value: '1' },
    { Name: 'RequestType', Value: 'Login:login' }
  )
  const device = [
    { Name: 'OS', Value: s.deviceDetail.operatingSystem ?? '' },
    { Name: 'BrowserType', Value: (s.deviceDetail.browser ?? '').split(' ')[0] ?? '' },
    {
      Name: 'IsCompliantAndManaged',
      Value: s.deviceDetail.isCompliant && s.deviceDetail.isManaged ? 'True' : 'False'
    }
  ]
  if (s.sessionId) device.push({ Name: 'SessionId', Value: s.sessionId })
  const auditData: Record<string, unknown> = {
    CreationTime: creationTime,
    Id: s.id,
    Operation: operation,
    OrganizationId: tenantId,
    RecordType: UAL_LOGON_RECORD_TYPE,
    // The corpus has `Success` here even on UserLoginFailed: it describes the logging, not the logon.
    ResultStatus: 'Success',
    UserKey: userKey,
    UserType: 0,
    Version: 1,
    Workload: 'AzureActiveDirectory',
    ClientIP: s.ipAddress,
    ObjectId: s.resourceId ?? '',
    UserId: upn,
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: extended,
    ModifiedProperties: [],
    Actor: [
      { ID: userKey, Type: 0 },
      { ID: upn, Type: 5 }
    ],
    ActorContextId: tenantId,
    ActorIpAddress: s.ipAddress,
    InterSystemsId: s.correlationId,
    IntraSystemId: s.id,
    SupportTicketId: '',
    Target: [{ ID: s.resourceId ?? '', Type: 0 }],
    TargetContextId: tenantId,
    ApplicationId: s.appId,
    DeviceProperties: device,
    ErrorNumber: String(code)
  }
  if (!loggedIn) auditData.LogonError = LOGON_ERRORS[code] ?? 'OtherError'
  return { id: s.id, creationTime, recordType: UAL_LOGON_RECORD_TYPE, operation, userId: upn, auditData }
}

/** The UAL record for a Graph record, or undefined when the UAL does not mirror it. */
export function ualRecordOf(record: SampleRecord, tenantId: string): UalRecord | undefined {
  if (record.kind === 'mailbox') {
    const m = record.value
    const creationTime = isoZoneless(m.activityDateTime)
    return { id: m.id, creationTime, recordType: m.recordType, operation: m.operation, userId: m.userId, auditData: m.auditData }
  }
  if (record.kind === 'audit')
    return isUalAudit(record.value) ? ualAuditRecord(record.value, tenantId) : undefined
  return isUalSignIn(record.value) ? ualSignInRecord(record.value, tenantId) : undefined
}
