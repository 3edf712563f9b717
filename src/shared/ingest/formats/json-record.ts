import { asObj, num, pick, pickStr, type Obj } from '../access'
import type { MapResult } from '../mapped'
import { mapDirectoryAudit } from './directory-audit'
import { mapSignIn, signInTypeFrom } from './sign-in'
import { mapAuditData } from './unified-audit'

/** Which schema a JSON record follows; a file may mix them (Azure Monitor bodies mix categories). */
export type JsonSchema =
  | 'graph-audit'
  | 'graph-signin'
  | 'log-analytics-audit'
  | 'log-analytics-signin'
  | 'azure-monitor'
  | 'unified-audit-log'

export type JsonMapResult = MapResult & { schema?: JsonSchema }

function has(o: Obj, ...names: string[]): boolean {
  return pick(o, ...names) !== undefined
}

/**
 * The mapper's result with the schema added. Every mapper returns a new object, so it is extended
 * in place: copying it with a spread cost more than a microsecond a record.
 */
function withSchema(result: MapResult, schema: JsonSchema): JsonMapResult {
  const r: JsonMapResult = result
  r.schema = schema
  return r
}

/** Classifies a record by its keys (never by file name) and maps it. */
export function mapJsonRecord(o: Obj): JsonMapResult {
  // Fast paths for the common Graph shapes.
  if (o.activityDateTime !== undefined) return withSchema(mapDirectoryAudit(o), 'graph-audit')
  if (o.createdDateTime !== undefined) return withSchema(mapSignIn(o), 'graph-signin')

  const properties = asObj(o.properties)
  const category = pickStr(o, 'category')
  if (
    (properties && (category !== null || has(o, 'operationName'))) ||
    (has(o, 'time') && category !== null && /logs$/i.test(category))
  ) {
    return withSchema(mapAzureMonitor(o, properties ?? {}, category), 'azure-monitor')
  }

  const auditData = pick(o, 'AuditData')
  if (auditData !== undefined) {
    const a = asObj(auditData)
    if (!a) return { reject: 'AuditData is not a JSON object' }
    return withSchema(
      mapAuditData(a, {
        time: pickStr(o, 'CreationDate'),
        operation: pickStr(o, 'Operations', 'Operation'),
        userId: pickStr(o, 'UserIds', 'UserId')
      }),
      'unified-audit-log'
    )
  }
  if (has(o, 'CreationTime') && (has(o, 'Workload') || has(o, 'RecordType')))
    return withSchema(mapAuditData(o), 'unified-audit-log')

  const logAnalytics = has(o, 'TimeGenerated', 'TenantId', 'SourceSystem')
  if (
    has(o, 'activityDateTime', 'activityDisplayName', 'loggedByService', 'initiatedBy', 'targetResources') ||
    (logAnalytics && has(o, 'OperationName') && !has(o, 'ResultType', 'UserPrincipalName', 'AppDisplayName'))
  ) {
    return withSchema(mapDirectoryAudit(o), logAnalytics ? 'log-analytics-audit' : 'graph-audit')
  }
  if (has(o, 'createdDateTime', 'signInEventTypes', 'appDisplayName', 'userPrincipalName', 'ResultType')) {
    return withSchema(mapSignIn(o), logAnalytics ? 'log-analytics-signin' : 'graph-signin')
  }
  return { reject: 'not an Entra audit, sign-in or unified audit log record (no known fields)' }
}

/**
 * Azure Monitor diagnostic records (Event Hub bodies, PT1H.json blobs): the Graph object sits in
 * `properties`; the envelope adds `time`, `callerIpAddress`, `resultType`… (FORMATS.md §4).
 */
function mapAzureMonitor(o: Obj, properties: Obj, category: string | null): MapResult {
  const time = pickStr(o, 'time')
  if (category !== null && /^auditlogs?$/i.test(category)) {
    return mapDirectoryAudit(properties, {
      time,
      ip: pickStr(o, 'callerIpAddress'),
      activity: pickStr(o, 'operationName'),
      correlationId: pickStr(o, 'correlationId'),
      resultReason: pickStr(o, 'resultDescription')
    })
  }
  const type = signInTypeFrom(category)
  // Some producers put the Graph category (e.g. 'Policy') where Azure Monitor puts the log name;
  // then the properties tell which log the record belongs to.
  const looksLikeAudit = has(properties, 'activityDateTime', 'activityDisplayName', 'loggedByService')
  const looksLikeSignIn = has(properties, 'createdDateTime', 'userPrincipalName', 'appDisplayName')
  if (type === null && !/sign-?in/i.test(category ?? '') && looksLikeAudit) {
    return mapDirectoryAudit(properties, {
      time,
      ip: pickStr(o, 'callerIpAddress'),
      activity: pickStr(o, 'operationName'),
      correlationId: pickStr(o, 'correlationId'),
      resultReason: pickStr(o, 'resultDescription')
    })
  }
  if (type !== null || (category !== null && /sign-?in/i.test(category)) || looksLikeSignIn) {
    const location = pickStr(o, 'location')
    return mapSignIn(properties, {
      time,
      type,
      ip: pickStr(o, 'callerIpAddress'),
      errorCode: num(pick(o, 'resultType')),
      resultDescription: pickStr(o, 'resultDescription'),
      country: location && location.length === 2 ? location : null
    })
  }
  return { reject: `Azure Monitor category '${category ?? '(none)'}' is not an audit or sign-in log` }
}
