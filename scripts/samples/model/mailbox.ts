/**
 * Exchange mailbox records of the unified audit log (Workload `Exchange`), the few a story needs:
 * an inbox rule made with New-InboxRule (RecordType 1, ExchangeAdmin, shaped like the corpus's
 * Purview export: `ClientIP` with its port, `Parameters` as Name/Value pairs, `ResultStatus`
 * "True") and mails moved to Deleted Items (RecordType 3, ExchangeItemGroup, as the Office 365
 * Management Activity schema describes it: `MailboxOwnerUPN`, `ClientIPAddress`, `Folder`,
 * `DestFolder`, `AffectedItems` with `Subject` and `ParentFolder`). Only the UAL writers hold them.
 */
import type { MailboxRecord } from '../graph-types'
import type { Rng } from './rng'
import { graphTime } from './time'
import type { Tenant, User } from './types'

interface Common {
  tenant: Tenant
  at: number
  user: User
  ip: string
  rng: Rng
}

function base(c: Common, operation: string, recordType: number): MailboxRecord {
  const id = c.rng.guid()
  // The unified audit log keeps whole seconds; the Graph-style time says the same instant.
  const at = Math.floor(c.at / 1000) * 1000
  return {
    id,
    activityDateTime: graphTime(at, c.rng).replace(/\.\d+Z$/, '.0000000Z'),
    recordType,
    operation,
    userId: c.user.upn,
    auditData: {
      CreationTime: new Date(at).toISOString().slice(0, 19),
      Id: id,
      Operation: operation,
      OrganizationId: c.tenant.id,
      RecordType: recordType,
      UserKey: c.user.id,
      UserType: 0,
      Version: 1,
      Workload: 'Exchange',
      UserId: c.user.upn
    }
  }
}

export function newInboxRule(c: Common, parameters: Array<[string, string]>): MailboxRecord {
  const r = base(c, 'New-InboxRule', 1)
  const name = parameters.find(([k]) => k === 'Name')?.[1] ?? 'Rule'
  Object.assign(r.auditData, {
    ResultStatus: 'True',
    ClientIP: `${c.ip}:${c.rng.int(1025, 65535)}`,
    ObjectId: `${c.tenant.domain}/${c.user.id}\\${name}`,
    AppId: '00000002-0000-0ff1-ce00-000000000000',
    ExternalAccess: false,
    OrganizationName: c.tenant.domain,
    Parameters: [
      { Name: 'AlwaysDeleteOutlookRulesBlob', Value: 'False' },
      { Name: 'Force', Value: 'False' },
      ...parameters.map(([Name, Value]) => ({ Name, Value }))
    ],
    SessionId: c.rng.guid()
  })
  return r
}

export function moveToDeletedItems(c: Common, subjects: string[]): MailboxRecord {
  const r = base(c, 'MoveToDeletedItems', 3)
  Object.assign(r.auditData, {
    ResultStatus: 'Succeeded',
    ClientIPAddress: c.ip,
    ClientInfoString: 'Client=OWA;Action=ViaProxy',
    ExternalAccess: false,
    LogonType: 0,
    LogonUserSid: `S-1-5-21-${c.rng.int(1_000_000_000, 2_000_000_000)}-${c.rng.int(1000, 9999)}`,
    MailboxGuid: c.rng.guid(),
    MailboxOwnerUPN: c.user.upn,
    OrganizationName: c.tenant.domain,
    Folder: { Id: c.rng.guid(), Path: '\\Inbox' },
    DestFolder: { Id: c.rng.guid(), Path: '\\Deleted Items' },
    AffectedItems: subjects.map((Subject) => ({
      Id: c.rng.guid(),
      Subject,
      ParentFolder: { Id: c.rng.guid(), Path: '\\Inbox' }
    }))
  })
  return r
}
