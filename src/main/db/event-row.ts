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

/**
 * EVENT_COLUMNS values, exactly the INSERT's parameters after the id (no copy to bind them). The
 * record's line and raw text travel beside it, in `RawRecords`.
 */
export type EventRow = Scalar[]

/**
 * Where a batch's events come from: the line of each, and their raw texts as one UTF-8 buffer with
 * the end offset of each. Strings
 * were a structured-clone copy each on both threads and a UTF-16 to UTF-8 conversion when bound;
 * the buffer moves between threads without a copy and binds as bytes (CAST to TEXT in SQL):
 * about 2.5 µs less per event on the writer's thread, which is the import's bottleneck.
 */
export interface RawRecords {
  bytes: Uint8Array
  ends: Int32Array
  lines: Int32Array
}

/** The raw text of the i-th event of a batch, as UTF-8 bytes (a view, not a copy). */
export function rawRecord(raws: RawRecords, i: number): Uint8Array {
  return raws.bytes.subarray(i === 0 ? 0 : (raws.ends[i - 1] as number), raws.ends[i] as number)
}

const utf8 = new TextEncoder()

/** Collects the raw texts of one batch (on the parse worker). */
export class RawRecordsBuilder {
  private bytes = new Uint8Array(1 << 20)
  private ends: number[] = []
  private lines: number[] = []
  private used = 0

  add(line: number, text: string): void {
    this.lines.push(line)
    // A UTF-16 unit becomes at most 3 bytes: grow before writing rather than retry a short write.
    const need = this.used + text.length * 3
    if (need > this.bytes.length) {
      const grown = new Uint8Array(Math.max(need, this.bytes.length * 2))
      grown.set(this.bytes.subarray(0, this.used))
      this.bytes = grown
    }
    this.used += utf8.encodeInto(text, this.bytes.subarray(this.used)).written
    this.ends.push(this.used)
  }

  /** The batch's records; the builder starts over with a fresh buffer (the old one is transferred). */
  seal(): RawRecords {
    const raws = {
      bytes: this.bytes.subarray(0, this.used),
      ends: Int32Array.from(this.ends),
      lines: Int32Array.from(this.lines)
    }
    this.bytes = new Uint8Array(Math.max(1 << 20, this.used))
    this.ends = []
    this.lines = []
    this.used = 0
    return raws
  }
}

export const ROW_NATIVE_ID = EVENT_COLUMNS.indexOf('native_id')
export const ROW_FP = EVENT_COLUMNS.indexOf('fp')
export const ROW_KIND = EVENT_COLUMNS.indexOf('kind')

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

export function toEventRow(e: NormalizedFields, ms: number, nativeId: string | null, fp: string): EventRow {
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
    fp
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
