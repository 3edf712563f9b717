import { blankEvent, type ActorType, type ModifiedProperty } from '../../model/event'
import { auditMethod } from '../../model/audit-method'
import { asObj, keyValue, pick, pickArr, pickObj, pickStr, upn, type Obj } from '../access'
import { readTime, type MapResult, type TimeOptions } from '../mapped'

/** Values an envelope (Azure Monitor record, Log Analytics row) supplies when the Graph object lacks them. */
export interface AuditFallbacks {
  time?: string | null
  ip?: string | null
  activity?: string | null
  correlationId?: string | null
  resultReason?: string | null
}

/**
 * Maps a Graph `directoryAudit` in any of its spellings: Graph and portal JSON (camelCase),
 * PowerShell and Log Analytics (PascalCase, `OperationName`, `AADOperationType`, dynamic columns
 * as JSON text), and the `properties` of Azure Monitor records (FORMATS.md §1b, §2, §3, §4).
 */
export function mapDirectoryAudit(
  o: Obj,
  fallbacks: AuditFallbacks = {},
  timeOptions: TimeOptions = {}
): MapResult {
  const t = readTime(
    pickStr(o, 'activityDateTime', 'ActivityDateTime', 'TimeGenerated') ?? fallbacks.time ?? null,
    'activity time',
    timeOptions
  )
  if ('reject' in t) return t

  const e = blankEvent('audit', t.time)
  e.activity =
    pickStr(o, 'activityDisplayName', 'ActivityDisplayName', 'OperationName') ?? fallbacks.activity ?? null
  e.category = pickStr(o, 'category', 'Category')
  e.service = pickStr(o, 'loggedByService', 'LoggedByService')
  e.operationType = pickStr(o, 'operationType', 'AADOperationType', 'OperationType')
  const result = pickStr(o, 'result', 'Result')
  e.result = result === null ? null : result.toLowerCase()
  e.resultReason =
    pickStr(o, 'resultReason', 'ResultReason', 'ResultDescription') ?? fallbacks.resultReason ?? null
  e.correlationId = pickStr(o, 'correlationId', 'CorrelationId') ?? fallbacks.correlationId ?? null

  const additionalDetails = pickArr(o, 'additionalDetails', 'AdditionalDetails')
  e.userAgent = pickStr(o, 'userAgent', 'UserAgent') ?? keyValue(additionalDetails, 'User-Agent')

  const initiatedBy = pickObj(o, 'initiatedBy', 'InitiatedBy')
  const user = asObj(pick(initiatedBy, 'user', 'User'))
  const app = asObj(pick(initiatedBy, 'app', 'App'))
  const userId = pickStr(user, 'id', 'Id')
  const userUpn = upn(pick(user, 'userPrincipalName', 'UserPrincipalName'))
  let actorType: ActorType | null = null
  if (userId || userUpn) {
    actorType = 'user'
    e.actorUpn = userUpn
    e.actorId = userId
    e.actorName = pickStr(user, 'displayName', 'DisplayName')
  } else if (app && pickStr(app, 'servicePrincipalId', 'appId', 'displayName') !== null) {
    actorType = 'app'
    e.actorId = pickStr(app, 'servicePrincipalId', 'ServicePrincipalId')
    e.actorName = pickStr(app, 'displayName', 'DisplayName', 'servicePrincipalName')
    e.actorAppId = pickStr(app, 'appId', 'AppId')
  } else if (initiatedBy) {
    actorType = 'system'
  }
  e.actorType = actorType
  e.ip = pickStr(user, 'ipAddress', 'IpAddress') ?? fallbacks.ip ?? null

  const targets = (pickArr(o, 'targetResources', 'TargetResources') ?? [])
    .map(asObj)
    .filter((x): x is Obj => x !== null)
  const userTarget = targets.find((x) => (pickStr(x, 'type', 'Type') ?? '').toLowerCase() === 'user') ?? null
  const target = userTarget ?? targets[0] ?? null
  if (target) {
    e.targetType = pickStr(target, 'type', 'Type')
    e.targetId = pickStr(target, 'id', 'Id')
    e.targetUpn = upn(pick(target, 'userPrincipalName', 'UserPrincipalName'))
    e.targetName = pickStr(target, 'displayName', 'DisplayName')
  }

  // The person the event is about: the user it changed, otherwise the user who acted.
  if (userTarget) {
    e.userUpn = e.targetUpn
    e.userId = e.targetId
    // The object the user was changed in relation to: the role of a role assignment (PIM writes
    // the role only as its own target, `{"type":"Role","displayName":"User Administrator"}`), the
    // group of a membership change. Kept as the event's resource so it survives the choice of
    // the user as the target.
    e.resource = otherObjectName(targets, userTarget)
  } else if (actorType === 'user') {
    e.userUpn = e.actorUpn
    e.userId = e.actorId
  }

  const modified: ModifiedProperty[] = []
  for (const x of targets) {
    for (const p of pickArr(x, 'modifiedProperties', 'ModifiedProperties') ?? []) {
      const mp = asObj(p)
      const name = pickStr(mp, 'displayName', 'DisplayName', 'Name')
      if (name === null) continue
      modified.push({
        name,
        oldValue: jsonText(pick(mp, 'oldValue', 'OldValue')),
        newValue: jsonText(pick(mp, 'newValue', 'NewValue'))
      })
    }
  }
  e.modifiedProperties = modified.length ? modified : null

  const m = auditMethod(
    e.activity,
    e.resultReason,
    keyValue(additionalDetails, 'AuthenticationMethod'),
    modified
  )
  e.method = m.method
  e.methodDetail = m.detail

  return {
    event: { fields: e, ms: t.ms, nativeId: pickStr(o, 'id', 'Id'), assumptions: t.assumptions }
  }
}

/** The display name of the first non-user target (a Role target first), e.g. the role a user was assigned. */
function otherObjectName(targets: readonly Obj[], userTarget: Obj): string | null {
  const others = targets.filter(
    (x) => x !== userTarget && (pickStr(x, 'type', 'Type') ?? '').toLowerCase() !== 'user'
  )
  const role = others.find((x) => (pickStr(x, 'type', 'Type') ?? '').toLowerCase() === 'role')
  for (const x of role ? [role, ...others] : others) {
    const name = pickStr(x, 'displayName', 'DisplayName')
    if (name !== null) return name
  }
  return null
}

/** Old/new values are JSON text in Graph; a parsed value (from a re-serialising exporter) is re-encoded. */
function jsonText(v: unknown): string | null {
  if (v === undefined || v === null) return null
  return typeof v === 'string' ? v : JSON.stringify(v)
}
