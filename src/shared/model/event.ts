/**
 * The normalized event: one shape for audit and sign-in records from every export format.
 *
 * Field names are the JSON form the CLI prints; absent values are null, never undefined,
 * so that every consumer sees the same keys whatever the source format was.
 */

export const EVENT_KINDS = ['audit', 'signin'] as const
export type EventKind = (typeof EVENT_KINDS)[number]

export const ACTOR_TYPES = ['user', 'app', 'system'] as const
export type ActorType = (typeof ACTOR_TYPES)[number]

/** The canonical authentication-method vocabulary (see methods.ts for how it is derived). */
export const METHODS = [
  'microsoft-authenticator',
  'phone-sms',
  'phone-voice',
  'alternate-phone',
  'office-phone',
  'email',
  'fido2',
  'passkey',
  'windows-hello',
  'software-oath',
  'hardware-oath',
  'temporary-access-pass',
  'security-questions',
  'app-password',
  'password',
  'unknown'
] as const
export type Method = (typeof METHODS)[number]

export interface ModifiedProperty {
  name: string
  oldValue: string | null
  newValue: string | null
}

export interface EventSource {
  file: string
  sha256: string
  line: number
}

/** What a format mapper produces: every normalized field except the case-assigned id and sources. */
export interface NormalizedFields {
  kind: EventKind
  /** ISO 8601 UTC with milliseconds, ending in Z. */
  time: string
  activity: string | null
  category: string | null
  service: string | null
  operationType: string | null
  result: string | null
  resultReason: string | null
  errorCode: number | null
  actorType: ActorType | null
  actorUpn: string | null
  actorId: string | null
  actorName: string | null
  actorAppId: string | null
  ip: string | null
  userAgent: string | null
  targetType: string | null
  targetUpn: string | null
  targetId: string | null
  targetName: string | null
  userUpn: string | null
  userId: string | null
  method: Method | null
  methodDetail: string | null
  correlationId: string | null
  sessionId: string | null
  requestId: string | null
  appName: string | null
  appId: string | null
  resource: string | null
  clientApp: string | null
  interactive: boolean | null
  country: string | null
  city: string | null
  asn: number | null
  riskLevel: string | null
  riskState: string | null
  riskEventTypes: string[] | null
  authRequirement: string | null
  authMethods: Method[] | null
  deviceId: string | null
  deviceName: string | null
  os: string | null
  browser: string | null
  conditionalAccess: string | null
  modifiedProperties: ModifiedProperty[] | null
}

/** The JSON form of an event as stored in a case. */
export interface EventJson extends NormalizedFields {
  id: number
  sources: EventSource[]
}

/** Field order of the JSON form; the CLI and exports print keys in this order. */
export const EVENT_JSON_FIELDS = [
  'id',
  'kind',
  'time',
  'activity',
  'category',
  'service',
  'operationType',
  'result',
  'resultReason',
  'errorCode',
  'actorType',
  'actorUpn',
  'actorId',
  'actorName',
  'actorAppId',
  'ip',
  'userAgent',
  'targetType',
  'targetUpn',
  'targetId',
  'targetName',
  'userUpn',
  'userId',
  'method',
  'methodDetail',
  'correlationId',
  'sessionId',
  'requestId',
  'appName',
  'appId',
  'resource',
  'clientApp',
  'interactive',
  'country',
  'city',
  'asn',
  'riskLevel',
  'riskState',
  'riskEventTypes',
  'authRequirement',
  'authMethods',
  'deviceId',
  'deviceName',
  'os',
  'browser',
  'conditionalAccess',
  'modifiedProperties',
  'sources'
] as const satisfies readonly (keyof EventJson)[]

/** An empty event of a kind, so mappers only set what their format carries. */
export function blankEvent(kind: EventKind, time: string): NormalizedFields {
  return {
    kind,
    time,
    activity: null,
    category: null,
    service: null,
    operationType: null,
    result: null,
    resultReason: null,
    errorCode: null,
    actorType: null,
    actorUpn: null,
    actorId: null,
    actorName: null,
    actorAppId: null,
    ip: null,
    userAgent: null,
    targetType: null,
    targetUpn: null,
    targetId: null,
    targetName: null,
    userUpn: null,
    userId: null,
    method: null,
    methodDetail: null,
    correlationId: null,
    sessionId: null,
    requestId: null,
    appName: null,
    appId: null,
    resource: null,
    clientApp: null,
    interactive: null,
    country: null,
    city: null,
    asn: null,
    riskLevel: null,
    riskState: null,
    riskEventTypes: null,
    authRequirement: null,
    authMethods: null,
    deviceId: null,
    deviceName: null,
    os: null,
    browser: null,
    conditionalAccess: null,
    modifiedProperties: null
  }
}
