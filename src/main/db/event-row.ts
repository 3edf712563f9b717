import type { NormalizedFields } from '../../shared/model/event'

/**
 * The flat row an event travels in from the parse worker to the writer: arrays of scalars are
 * cheap to post between threads and bind positionally (TOOLCHAIN.md §6.2, §6.4). The order is
 * the INSERT column order of the events table.
 */
export const EVENT_COLUMNS = [
  'kind',
  'ts',
  'activity',
  'activity_key',
  'category',
  'service',
  'operation_type',
  'result',
  'result_reason',
  'error_code',
  'actor_type',
  'actor_upn',
  'actor_id',
  'actor_name',
  'actor_app_id',
  'ip',
  'user_agent',
  'target_type',
  'target_upn',
  'target_id',
  'target_name',
  'user_upn',
  'user_id',
  'method',
  'method_detail',
  'correlation_id',
  'session_id',
  'request_id',
  'app_name',
  'app_id',
  'resource',
  'client_app',
  'interactive',
  'country',
  'city',
  'asn',
  'risk_level',
  'risk_state',
  'risk_event_types',
  'auth_requirement',
  'auth_methods',
  'device_id',
  'device_name',
  'os',
  'browser',
  'conditional_access',
  'modified_properties',
  'native_id',
  'fp'
] as const

export type Scalar = string | number | null

/** EVENT_COLUMNS values, then the source line and the raw record text. */
export type EventRow = Scalar[]

export const ROW_NATIVE_ID = EVENT_COLUMNS.indexOf('native_id')
export const ROW_FP = EVENT_COLUMNS.indexOf('fp')
export const ROW_KIND = EVENT_COLUMNS.indexOf('kind')
export const ROW_LINE = EVENT_COLUMNS.length
export const ROW_RAW = EVENT_COLUMNS.length + 1

/** Activity names compare trimmed, case-folded and without the UAL's trailing period (FORMATS.md §5b). */
export function activityKey(activity: string | null): string | null {
  if (activity === null) return null
  // An export has a few hundred distinct activities; every event asks twice (row and fingerprint).
  let key = activityKeys.get(activity)
  if (key === undefined) {
    key = activity.trim().replace(/\.$/, '').replace(/\s+/g, ' ').toLowerCase()
    if (activityKeys.size >= 4096) activityKeys.clear()
    activityKeys.set(activity, key)
  }
  return key
}

const activityKeys = new Map<string, string>()

function json(v: unknown): string | null {
  return v === null || v === undefined ? null : JSON.stringify(v)
}

export function toEventRow(
  e: NormalizedFields,
  ms: number,
  nativeId: string | null,
  fp: string,
  line: number,
  raw: string
): EventRow {
  return [
    e.kind,
    ms,
    e.activity,
    activityKey(e.activity),
    e.category,
    e.service,
    e.operationType,
    e.result,
    e.resultReason,
    e.errorCode,
    e.actorType,
    e.actorUpn,
    e.actorId,
    e.actorName,
    e.actorAppId,
    e.ip,
    e.userAgent,
    e.targetType,
    e.targetUpn,
    e.targetId,
    e.targetName,
    e.userUpn,
    e.userId,
    e.method,
    e.methodDetail,
    e.correlationId,
    e.sessionId,
    e.requestId,
    e.appName,
    e.appId,
    e.resource,
    e.clientApp,
    e.interactive === null ? null : e.interactive ? 1 : 0,
    e.country,
    e.city,
    e.asn,
    e.riskLevel,
    e.riskState,
    json(e.riskEventTypes),
    e.authRequirement,
    json(e.authMethods),
    e.deviceId,
    e.deviceName,
    e.os,
    e.browser,
    e.conditionalAccess,
    json(e.modifiedProperties),
    nativeId,
    fp,
    line,
    raw
  ]
}

/**
 * What makes two records the same event when the exporter gave no id (the portal audit CSV has
 * none): kind, second, activity, result, correlation id, actor, target, user, error code, IP, request id and the first
 * modified property (the portal CSV keeps the first ones of each target). Seconds, because the CSV
 * may carry less precision than Graph's 7 digits.
 */
export function fingerprintText(e: NormalizedFields, ms: number): string {
  const second = Math.floor(ms / 1000)
  return [
    e.kind,
    second,
    activityKey(e.activity),
    e.result,
    e.correlationId,
    e.actorId ?? e.actorName,
    e.actorUpn,
    e.targetId ?? e.targetName,
    e.targetUpn,
    e.userUpn,
    e.errorCode,
    e.ip,
    e.requestId,
    e.modifiedProperties?.[0]?.name,
    e.modifiedProperties?.[0]?.newValue?.replace(/\s+/g, '')
  ].join('\u001f')
}
