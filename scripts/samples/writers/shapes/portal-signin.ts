import type { AuthenticationDetail, SignIn } from '../../graph-types'
import { intFrom } from '../core/hash'
import { isoSeconds } from '../core/time'

/**
 * The Entra admin center's sign-in CSV downloads (FORMATS.md §6a). The user header is verbatim,
 * quirks included: `Incoming token type` twice (positions 10 and 50), trailing spaces in
 * `Application ID ` and `Resource ID `, two spaces in `Autonomous system  number`.
 */
export const PORTAL_USER_SIGNIN_HEADER: readonly string[] = [
  'Date (UTC)',
  'Request ID',
  'User agent',
  'Correlation ID',
  'User ID',
  'User',
  'Username',
  'User type',
  'Cross tenant access type',
  'Incoming token type',
  'Authentication Protocol',
  'Unique token identifier',
  'Original transfer method',
  'Client credential type',
  'Token Protection - Sign In Session',
  'Token Protection - Sign In Session StatusCode',
  'Application',
  'Application ID ',
  'App owner tenant ID',
  'Resource',
  'Resource ID ',
  'Resource tenant ID',
  'Resource owner tenant ID',
  'Home tenant ID',
  'Home tenant name',
  'IP address',
  'Location',
  'Status',
  'Sign-in error code',
  'Failure reason',
  'Client app',
  'Device ID',
  'Browser',
  'Operating System',
  'Compliant',
  'Managed',
  'Join Type',
  'Multifactor authentication result',
  'Multifactor authentication auth method',
  'Multifactor authentication auth detail',
  'Authentication requirement',
  'Sign-in identifier',
  'Session ID',
  'IP address (seen by resource)',
  'Through Global Secure Access',
  'Global Secure Access IP address',
  'Autonomous system  number',
  'Flagged for review',
  'Token issuer type',
  'Incoming token type',
  'Token issuer name',
  'Latency',
  'Conditional Access',
  'Managed Identity type',
  'Associated Resource Id',
  'Federated Token Id',
  'Federated Token Issuer'
]

/** Application (service principal) sign-ins, 22 columns (MAIA). */
export const PORTAL_APP_SIGNIN_HEADER: readonly string[] = [
  'Date (UTC)',
  'Request ID',
  'Correlation ID',
  'Service principal ID',
  'Service principal name',
  'Credential key ID',
  'Credential thumbprint',
  'Application',
  'Application ID ',
  'App owner tenant ID',
  'Resource',
  'Resource ID ',
  'Resource tenant ID',
  'Resource owner tenant ID',
  'Home tenant ID',
  'Home tenant name',
  'IP address',
  'Location',
  'Status',
  'Sign-in error code',
  'Failure reason',
  'Conditional Access'
]

/**
 * Managed-identity sign-ins. No published header exists; this is the application header with the
 * two credential columns (which a managed identity never shows) replaced by the two managed-identity
 * columns the user header already names, so both service files read alike.
 */
export const PORTAL_MSI_SIGNIN_HEADER: readonly string[] = PORTAL_APP_SIGNIN_HEADER.map((name) =>
  name === 'Credential key ID'
    ? 'Managed Identity type'
    : name === 'Credential thumbprint'
      ? 'Associated Resource Id'
      : name
)

/**
 * The `…_AuthDetails_…` companion files: one row per authentication step, joined to the main file
 * on `Request ID`. No verbatim header is published; these are the names consumers refer to
 * (FORMATS.md §6a), in the order of the Graph `authenticationDetail` members, with `Date (UTC)`
 * spelled as in the main file.
 */
export const PORTAL_AUTH_DETAILS_HEADER: readonly string[] = [
  'Request ID',
  'Date (UTC)',
  'Authentication method',
  'Authentication method detail',
  'Succeeded',
  'Result detail',
  'Requirement'
]

/** Spanish portal names for the columns a parser has seen localized (RVT2, unverified source). */
const SPANISH: Record<string, string> = {
  'Date (UTC)': 'Fecha (UTC)',
  'User ID': 'Id. de usuario',
  User: 'Usuario',
  Username: 'Nombre de usuario',
  'User type': 'Tipo de usuario',
  'IP address': 'Dirección IP',
  Location: 'Ubicación',
  'Autonomous system  number': 'Número de sistema autónomo',
  'Operating System': 'Sistema operativo',
  Browser: 'Explorador',
  'Client app': 'Aplicación cliente',
  'Correlation ID': 'Id. de correlación',
  Status: 'Estado',
  'Failure reason': 'Motivo del error',
  Application: 'Aplicación',
  Resource: 'Recurso'
}

export function localizedHeader(header: readonly string[], locale: 'en' | 'es'): string[] {
  return header.map((name) => (locale === 'es' ? (SPANISH[name] ?? name) : name))
}

/**
 * Error codes the portal lists as `Interrupted` rather than `Failure`: the sign-in continued after
 * an extra step (KMSI prompt, MFA or device-state challenge).
 */
const INTERRUPTS = new Set([50055, 50072, 50074, 50076, 50079, 50125, 50140, 50158, 50199, 81010])

export function isInterrupt(errorCode: number): boolean {
  return INTERRUPTS.has(errorCode)
}

function status(signIn: SignIn): string {
  const code = signIn.status.errorCode
  return code === 0 ? 'Success' : isInterrupt(code) ? 'Interrupted' : 'Failure'
}

/** `City, State, CC`, the one field the portal flattens the location into. */
function location(signIn: SignIn): string {
  const { city, state, countryOrRegion } = signIn.location
  return [city, state, countryOrRegion].filter((part) => part !== null && part !== '').join(', ')
}

const CONDITIONAL_ACCESS: Record<SignIn['conditionalAccessStatus'], string> = {
  success: 'Success',
  failure: 'Failure',
  notApplied: 'Not Applied'
}

const REQUIREMENT: Record<SignIn['authenticationRequirement'], string> = {
  singleFactorAuthentication: 'Single-factor authentication',
  multiFactorAuthentication: 'Multifactor authentication'
}

const yesNo = (value: boolean): string => (value ? 'Yes' : 'No')

/** The MFA step's result text, which the portal shows as `Multifactor authentication result`. */
function mfaResult(signIn: SignIn): string {
  const step = signIn.authenticationDetails.find(
    (s) => s.authenticationStepRequirement === 'Multi-factor authentication'
  )
  return step?.authenticationStepResultDetail ?? ''
}

export function portalUserSignInRow(signIn: SignIn, tenantId: string, tenantName: string): string[] {
  const s = signIn
  return [
    isoSeconds(s.createdDateTime),
    s.id,
    s.userAgent ?? '',
    s.correlationId,
    s.userId ?? '',
    s.userDisplayName ?? '',
    s.userPrincipalName ?? '',
    'Member',
    'None',
    'None',
    'None',
    s.uniqueTokenIdentifier ?? '',
    'None',
    'None',
    '',
    '',
    s.appDisplayName,
    s.appId,
    '',
    s.resourceDisplayName ?? '',
    s.resourceId ?? '',
    tenantId,
    '',
    tenantId,
    tenantName,
    s.ipAddress,
    location(s),
    status(s),
    String(s.status.errorCode),
    s.status.failureReason ?? '',
    s.clientAppUsed ?? '',
    s.deviceDetail.deviceId,
    s.deviceDetail.browser ?? '',
    s.deviceDetail.operatingSystem ?? '',
    yesNo(s.deviceDetail.isCompliant),
    yesNo(s.deviceDetail.isManaged),
    s.deviceDetail.trustType ?? '',
    mfaResult(s),
    s.mfaDetail?.authMethod ?? '',
    s.mfaDetail?.authDetail ?? '',
    REQUIREMENT[s.authenticationRequirement],
    '',
    s.sessionId ?? '',
    '',
    'No',
    '',
    s.autonomousSystemNumber === null ? '' : String(s.autonomousSystemNumber),
    'No',
    s.tokenIssuerType,
    'None',
    '',
    // Graph has no latency; a stable made-up value keeps the column realistic (`123ms`, MAIA tests).
    `${intFrom(s.id, 20, 900)}ms`,
    CONDITIONAL_ACCESS[s.conditionalAccessStatus],
    s.managedIdentityType ?? '',
    '',
    '',
    ''
  ]
}

function servicePrefix(signIn: SignIn): string[] {
  const s = signIn
  return [
    isoSeconds(s.createdDateTime),
    s.id,
    s.correlationId,
    s.servicePrincipalId ?? '',
    s.servicePrincipalName ?? ''
  ]
}

function serviceSuffix(signIn: SignIn, tenantId: string, tenantName: string): string[] {
  const s = signIn
  return [
    s.appDisplayName,
    s.appId,
    tenantId,
    s.resourceDisplayName ?? '',
    s.resourceId ?? '',
    tenantId,
    '',
    tenantId,
    tenantName,
    s.ipAddress,
    location(s),
    status(s),
    String(s.status.errorCode),
    s.status.failureReason ?? '',
    CONDITIONAL_ACCESS[s.conditionalAccessStatus]
  ]
}

export function portalAppSignInRow(signIn: SignIn, tenantId: string, tenantName: string): string[] {
  // Graph's signIn type here carries no credential key id or thumbprint.
  return [...servicePrefix(signIn), '', '', ...serviceSuffix(signIn, tenantId, tenantName)]
}

export function portalMsiSignInRow(signIn: SignIn, tenantId: string, tenantName: string): string[] {
  return [
    ...servicePrefix(signIn),
    signIn.managedIdentityType ?? '',
    '',
    ...serviceSuffix(signIn, tenantId, tenantName)
  ]
}

export function portalAuthDetailRow(signIn: SignIn, step: AuthenticationDetail): string[] {
  return [
    signIn.id,
    isoSeconds(step.authenticationStepDateTime),
    step.authenticationMethod,
    step.authenticationMethodDetail ?? '',
    step.succeeded ? 'true' : 'false',
    step.authenticationStepResultDetail,
    step.authenticationStepRequirement
  ]
}
