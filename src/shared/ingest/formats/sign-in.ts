import { blankEvent, type Method } from '../../model/event'
import { methodFromSigninStep, primaryMethod } from '../../model/methods'
import { asArr, asObj, bool, num, pick, pickArr, pickObj, pickStr, str, upn, type Obj } from '../access'
import { readTime, type MapResult, type TimeOptions } from '../mapped'

export type SignInType = 'interactive' | 'non-interactive' | 'service-principal' | 'managed-identity'

/**
 * Error codes the portal shows as "Interrupted" rather than "Failure": the sign-in stopped to ask
 * for something (MFA, enrolment, a password change, "stay signed in?") and usually continues.
 */
const INTERRUPT_CODES = new Set([
  16000, 50055, 50072, 50074, 50076, 50079, 50097, 50125, 50129, 50140, 50143, 50158, 50199
])

/** One result vocabulary for sign-ins from every format, derived from the error code. */
export function signInResult(code: number | null): 'success' | 'interrupted' | 'failure' | null {
  if (code === null) return null
  if (code === 0) return 'success'
  return INTERRUPT_CODES.has(code) ? 'interrupted' : 'failure'
}

const TYPE_LABELS: Record<SignInType, { activity: string; category: string }> = {
  interactive: { activity: 'Interactive user sign-in', category: 'SignInLogs' },
  'non-interactive': { activity: 'Non-interactive user sign-in', category: 'NonInteractiveUserSignInLogs' },
  'service-principal': { activity: 'Service principal sign-in', category: 'ServicePrincipalSignInLogs' },
  'managed-identity': { activity: 'Managed identity sign-in', category: 'ManagedIdentitySignInLogs' }
}

/** Sign-in type from an Azure Monitor category, a Log Analytics table name or Graph signInEventTypes. */
export function signInTypeFrom(label: string | null): SignInType | null {
  if (!label) return null
  const l = label.toLowerCase()
  if (l.includes('managedidentity') || l.includes('msi')) return 'managed-identity'
  if (l.includes('serviceprincipal')) return 'service-principal'
  if (l.includes('noninteractive')) return 'non-interactive'
  if (l.includes('interactive') || l === 'signinlogs') return 'interactive'
  return null
}

export interface SignInFallbacks {
  time?: string | null
  type?: SignInType | null
  ip?: string | null
  errorCode?: number | null
  resultDescription?: string | null
  country?: string | null
}

/**
 * Maps a Graph `signIn` in any of its spellings: Graph v1.0/beta and portal JSON (camelCase),
 * Log Analytics `SigninLogs`/`AADNonInteractiveUserSignInLogs` (PascalCase, dynamic columns as JSON
 * text), and the `properties` of Azure Monitor sign-in records (FORMATS.md §4, §6b–6d).
 */
export function mapSignIn(o: Obj, fallbacks: SignInFallbacks = {}, timeOptions: TimeOptions = {}): MapResult {
  const t = readTime(
    pickStr(o, 'createdDateTime', 'CreatedDateTime', 'TimeGenerated') ?? fallbacks.time ?? null,
    'sign-in time',
    timeOptions
  )
  if ('reject' in t) return t

  const e = blankEvent('signin', t.time)
  const eventTypes = pickArr(o, 'signInEventTypes', 'SignInEventTypes')
  const type =
    fallbacks.type ??
    signInTypeFrom(pickStr(o, 'Type', 'category')) ??
    signInTypeFrom(eventTypes ? str(eventTypes[0]) : null) ??
    (pickStr(o, 'managedIdentityType', 'ManagedIdentityType') ? 'managed-identity' : null) ??
    (pickStr(o, 'userPrincipalName', 'UserPrincipalName') === null &&
    pickStr(o, 'servicePrincipalId', 'ServicePrincipalId') !== null
      ? 'service-principal'
      : null)

  const interactive = bool(pick(o, 'isInteractive', 'IsInteractive'))
  const resolved: SignInType | null =
    type ?? (interactive === true ? 'interactive' : interactive === false ? 'non-interactive' : null)
  e.activity = resolved ? TYPE_LABELS[resolved].activity : 'Sign-in'
  e.category = resolved ? TYPE_LABELS[resolved].category : null
  e.service = 'Sign-in logs'
  e.interactive = interactive ?? (resolved === 'interactive' ? true : resolved ? false : null)

  const status = pickObj(o, 'status', 'Status', 'Status_dynamic', 'Status_string')
  const code =
    num(pick(status, 'errorCode', 'ErrorCode')) ??
    num(pick(o, 'ResultType', 'resultType')) ??
    fallbacks.errorCode ??
    null
  e.errorCode = code
  e.result = signInResult(code)
  const failure =
    pickStr(status, 'failureReason', 'FailureReason') ??
    pickStr(o, 'ResultDescription') ??
    fallbacks.resultDescription ??
    null
  const details = pickStr(status, 'additionalDetails', 'AdditionalDetails')
  // "MFA denied; user declined the authentication" lives in additionalDetails: keep it searchable.
  e.resultReason =
    [code === 0 ? null : failure, details].filter((x) => x !== null && x !== 'Other.').join(' — ') || null

  const spId = pickStr(o, 'servicePrincipalId', 'ServicePrincipalId')
  const isApp = resolved === 'service-principal' || resolved === 'managed-identity'
  if (isApp) {
    e.actorType = 'app'
    e.actorId = spId
    e.actorName =
      pickStr(o, 'servicePrincipalName', 'ServicePrincipalName') ??
      pickStr(o, 'appDisplayName', 'AppDisplayName')
    e.actorAppId = pickStr(o, 'appId', 'AppId')
  } else {
    e.actorType = 'user'
    e.actorUpn = upn(pick(o, 'userPrincipalName', 'UserPrincipalName'))
    e.actorId = pickStr(o, 'userId', 'UserId')
    e.actorName = pickStr(o, 'userDisplayName', 'UserDisplayName')
    e.userUpn = e.actorUpn
    e.userId = e.actorId
  }

  e.ip = pickStr(o, 'ipAddress', 'IPAddress', 'IpAddress') ?? fallbacks.ip ?? null
  e.userAgent = pickStr(o, 'userAgent', 'UserAgent')
  e.correlationId = pickStr(o, 'correlationId', 'CorrelationId')
  e.sessionId = pickStr(o, 'sessionId', 'SessionId')
  e.requestId = pickStr(o, 'originalRequestId', 'OriginalRequestId', 'id', 'Id')
  e.appName = pickStr(o, 'appDisplayName', 'AppDisplayName')
  e.appId = pickStr(o, 'appId', 'AppId')
  e.resource = pickStr(o, 'resourceDisplayName', 'ResourceDisplayName')
  e.clientApp = pickStr(o, 'clientAppUsed', 'ClientAppUsed')

  const location = pickObj(
    o,
    'location',
    'LocationDetails',
    'LocationDetails_dynamic',
    'LocationDetails_string'
  )
  e.country =
    pickStr(location, 'countryOrRegion', 'CountryOrRegion') ??
    pickStr(o, 'Location') ??
    fallbacks.country ??
    null
  e.city = pickStr(location, 'city', 'City')
  e.asn = num(pick(o, 'autonomousSystemNumber', 'AutonomousSystemNumber'))

  e.riskLevel =
    pickStr(o, 'riskLevelDuringSignIn', 'RiskLevelDuringSignIn') ??
    pickStr(o, 'riskLevelAggregated', 'RiskLevelAggregated')
  e.riskState = pickStr(o, 'riskState', 'RiskState')
  const risks = (
    pickArr(o, 'riskEventTypes_v2', 'RiskEventTypes_V2') ??
    pickArr(o, 'riskEventTypes', 'RiskEventTypes') ??
    []
  )
    .map(str)
    .filter((x): x is string => x !== null)
  e.riskEventTypes = risks.length ? risks : null
  e.authRequirement = pickStr(o, 'authenticationRequirement', 'AuthenticationRequirement')
  e.conditionalAccess = pickStr(o, 'conditionalAccessStatus', 'ConditionalAccessStatus')

  const device = pickObj(o, 'deviceDetail', 'DeviceDetail', 'DeviceDetail_dynamic', 'DeviceDetail_string')
  e.deviceId = pickStr(device, 'deviceId', 'DeviceId')
  e.deviceName = pickStr(device, 'displayName', 'DisplayName')
  e.os = pickStr(device, 'operatingSystem', 'OperatingSystem')
  e.browser = pickStr(device, 'browser', 'Browser')

  const steps = pickArr(o, 'authenticationDetails', 'AuthenticationDetails') ?? []
  const mfa = pickObj(o, 'mfaDetail', 'MfaDetail', 'MfaDetail_dynamic', 'MfaDetail_string')
  applyAuthSteps(
    e,
    steps
      .map(asObj)
      .filter((x): x is Obj => x !== null)
      .map((s) => ({
        label: pickStr(s, 'authenticationMethod', 'AuthenticationMethod'),
        detail: pickStr(s, 'authenticationMethodDetail', 'AuthenticationMethodDetail'),
        succeeded: bool(pick(s, 'succeeded', 'Succeeded'))
      })),
    (asArr(pick(o, 'authenticationMethodsUsed', 'AuthenticationMethodsUsed')) ?? []).map(str),
    pickStr(mfa, 'authMethod', 'AuthMethod'),
    pickStr(mfa, 'authDetail', 'AuthDetail')
  )

  return { event: { fields: e, ms: t.ms, nativeId: pickStr(o, 'id', 'Id'), assumptions: t.assumptions } }
}

export interface AuthStep {
  label: string | null
  detail: string | null
  succeeded: boolean | null
}

const stepMethods = new Map<string, Method | null>()

/**
 * methodFromSigninStep, remembered per label: a few dozen step labels ("Password", "Mobile app
 * notification"…) recur in every sign-in, and each reading runs up to twenty regular expressions.
 */
export function signInStepMethod(label: string | null): Method | null {
  if (!label) return methodFromSigninStep(label)
  let method = stepMethods.get(label)
  if (method === undefined) {
    method = methodFromSigninStep(label)
    if (stepMethods.size >= 4096) stepMethods.clear()
    stepMethods.set(label, method)
  }
  return method
}

/** Sets authMethods, method and methodDetail from the authentication steps a sign-in went through. */
export function applyAuthSteps(
  e: { authMethods: Method[] | null; method: Method | null; methodDetail: string | null },
  steps: readonly AuthStep[],
  methodsUsed: readonly (string | null)[] = [],
  mfaMethod: string | null = null,
  mfaDetail: string | null = null,
  knownMethods: readonly Method[] = []
): void {
  const methods: Method[] = [...knownMethods]
  const detailOf = new Map<Method, string>()
  for (const s of steps) if (s.succeeded !== false) addStep(methods, detailOf, s.label, s.detail)
  for (const label of methodsUsed) addStep(methods, detailOf, label, null)
  addStep(methods, detailOf, mfaMethod, mfaDetail)
  if (!methods.length) return
  e.authMethods = methods
  e.method = primaryMethod(methods)
  e.methodDetail = e.method ? (detailOf.get(e.method) ?? null) : null
}

/** A step's method joins `methods` once; the first detail given for a method is its detail. */
function addStep(
  methods: Method[],
  detailOf: Map<Method, string>,
  label: string | null,
  detail: string | null
): void {
  const m = signInStepMethod(label)
  if (!m) return
  if (!methods.includes(m)) methods.push(m)
  if (detail && !detailOf.has(m)) detailOf.set(m, detail)
}
