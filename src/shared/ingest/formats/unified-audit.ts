import { blankEvent, type ModifiedProperty } from '../../model/event'
import { auditMethod } from '../../model/audit-method'
import { asObj, keyValue, num, pick, pickArr, pickStr, str, upn, type Obj } from '../access'
import { readTime, type MapResult, type TimeOptions } from '../mapped'

/** UAL RecordType 15 (AzureActiveDirectoryStsLogon) is a sign-in; the rest are audit records. */
const SIGN_IN_RECORD_TYPES = new Set([15])

/** The typed ID list of UAL `Actor`/`Target`: Type 5 = UPN, 3 = PUID, 2 = object id or class, 1 = name. */
function idsOfType(list: unknown[] | null, type: number): string[] {
  const out: string[] = []
  for (const item of list ?? []) {
    const o = asObj(item)
    if (num(pick(o, 'Type')) === type) {
      const id = pickStr(o, 'ID', 'Id')
      if (id) out.push(id)
    }
  }
  return out
}

/**
 * Exchange records keep what they did in their own lists rather than ModifiedProperties: cmdlet
 * `Parameters` (New-InboxRule's From, MoveToFolder, DeleteMessage…), `OperationProperties` of
 * Outlook rule updates (UpdateInboxRules), and the `AffectedItems` (or `Item`) of mailbox item
 * operations (SoftDelete, HardDelete, MoveToDeletedItems) with their subject and folder. They
 * become modified properties named after their source (`Parameters.From`, `AffectedItems.Subject`),
 * each as a new value, so a rule or an investigator can read them like any other change.
 */
function exchangeProperties(a: Obj): ModifiedProperty[] {
  const out: ModifiedProperty[] = []
  for (const list of ['Parameters', 'OperationProperties']) {
    for (const item of pickArr(a, list) ?? []) {
      const o = asObj(item)
      const name = pickStr(o, 'Name', 'name')
      if (name !== null)
        out.push({ name: `${list}.${name}`, oldValue: null, newValue: str(pick(o, 'Value', 'value')) })
    }
  }
  const single = asObj(pick(a, 'Item'))
  for (const item of [...(pickArr(a, 'AffectedItems') ?? []), ...(single ? [single] : [])]) {
    const o = asObj(item)
    const subject = pickStr(o, 'Subject')
    if (subject !== null) out.push({ name: 'AffectedItems.Subject', oldValue: null, newValue: subject })
    const folder = pickStr(asObj(pick(o, 'ParentFolder')), 'Path')
    if (folder !== null) out.push({ name: 'AffectedItems.ParentFolder', oldValue: null, newValue: folder })
  }
  return out
}

/** Exchange writes the client's address with its port ("185.73.124.135:19823", "[2001:db8::1]:443"). */
export function withoutPort(ip: string | null): string | null {
  if (ip === null) return null
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(ip)
  if (v4) return v4[1] as string
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d+)?$/i.exec(ip)
  return bracketed ? (bracketed[1] as string) : ip
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface UalFallbacks {
  /** `CreationDate` of the CSV row, used only when AuditData has no CreationTime. */
  time?: string | null
  operation?: string | null
  userId?: string | null
}

/**
 * Maps a Microsoft 365 unified audit log `AuditData` object (Purview / Search-UnifiedAuditLog
 * exports, FORMATS.md §5). Entra directory records keep their UAL spelling (`Update user.` with
 * its period); the `--activity` filter and the rules ignore the trailing period.
 */
export function mapAuditData(a: Obj, fallbacks: UalFallbacks = {}, timeOptions: TimeOptions = {}): MapResult {
  const t = readTime(pickStr(a, 'CreationTime') ?? fallbacks.time ?? null, 'CreationTime', timeOptions)
  if ('reject' in t) return t

  const recordType = num(pick(a, 'RecordType'))
  const kind = recordType !== null && SIGN_IN_RECORD_TYPES.has(recordType) ? 'signin' : 'audit'
  const e = blankEvent(kind, t.time)
  e.activity = pickStr(a, 'Operation') ?? fallbacks.operation ?? null
  e.service = pickStr(a, 'Workload')
  e.category = recordType === null ? null : `UAL RecordType ${recordType}`
  const status = pickStr(a, 'ResultStatus')
  e.result =
    status === null
      ? null
      : /^(success|succeeded|true)$/i.test(status)
        ? 'success'
        : /fail/i.test(status)
          ? 'failure'
          : status.toLowerCase()

  const extended = pickArr(a, 'ExtendedProperties')
  const actors = pickArr(a, 'Actor')
  const userIdField = pickStr(a, 'UserId') ?? fallbacks.userId ?? null
  const actorUpn = idsOfType(actors, 5)[0] ?? (userIdField && userIdField.includes('@') ? userIdField : null)
  const actorName = idsOfType(actors, 1)[0] ?? null
  const actorGuid = idsOfType(actors, 2).find((x) => GUID.test(x)) ?? null
  const userType = num(pick(a, 'UserType'))
  if (userIdField?.startsWith('ServicePrincipal_') || userType === 5 || userType === 6) {
    e.actorType = 'app'
    e.actorName = actorName ?? userIdField
    e.actorId = actorGuid ?? userIdField?.replace(/^ServicePrincipal_/, '') ?? null
  } else if (actorUpn) {
    e.actorType = 'user'
    e.actorUpn = upn(actorUpn)
    e.actorId = actorGuid
    e.actorName = actorName
  } else {
    e.actorType = userType === 4 ? 'system' : null
    e.actorName = actorName ?? userIdField
  }
  e.ip = withoutPort(pickStr(a, 'ActorIpAddress', 'ClientIP', 'ClientIPAddress'))
  e.userAgent = keyValue(extended, 'UserAgent') ?? keyValue(extended, 'User-Agent')
  e.correlationId = keyValue(extended, 'correlationId')

  const targets = pickArr(a, 'Target')
  const objectId = pickStr(a, 'ObjectId')
  // Mailbox item records (deleted or moved mails) are about the mailbox's owner.
  const mailboxOwner = pickStr(a, 'MailboxOwnerUPN')
  const targetUpn =
    idsOfType(targets, 5)[0] ?? (objectId && objectId.includes('@') ? objectId : null) ?? mailboxOwner
  const targetGuid =
    idsOfType(targets, 2).find((x) => GUID.test(x)) ?? (objectId && GUID.test(objectId) ? objectId : null)
  const targetClass = idsOfType(targets, 2).find((x) => /^[A-Za-z]+$/.test(x)) ?? null
  e.targetUpn = upn(targetUpn)
  e.targetId = targetGuid
  e.targetType = targetClass ?? (targetUpn ? 'User' : null)
  e.targetName = keyValue(extended, 'targetName') ?? (targetUpn ? null : objectId)

  const modified: ModifiedProperty[] = []
  for (const p of pickArr(a, 'ModifiedProperties') ?? []) {
    const mp = asObj(p)
    const name = pickStr(mp, 'Name', 'name')
    if (name !== null)
      modified.push({ name, oldValue: str(pick(mp, 'OldValue')), newValue: str(pick(mp, 'NewValue')) })
  }
  modified.push(...exchangeProperties(a))
  e.modifiedProperties = modified.length ? modified : null

  if (kind === 'signin') {
    e.actorType = 'user'
    e.userUpn = e.actorUpn ?? upn(userIdField)
    e.actorUpn = e.userUpn
    e.userId = e.actorId
    e.appId = pickStr(a, 'ApplicationId')
    e.errorCode = num(pick(a, 'LogonError')) ?? (e.result === 'success' ? 0 : null)
    e.resultReason = pickStr(a, 'LogonError') ?? keyValue(extended, 'ResultStatusDetail')
    e.interactive = null
  } else {
    const about = e.targetUpn !== null && e.targetType === 'User'
    e.userUpn = about ? e.targetUpn : e.actorUpn
    e.userId = about ? e.targetId : e.actorId
    const m = auditMethod(e.activity?.replace(/\.$/, '') ?? null, null, null, modified)
    e.method = m.method
    e.methodDetail = m.detail
  }

  return { event: { fields: e, ms: t.ms, nativeId: pickStr(a, 'Id'), assumptions: t.assumptions } }
}
