/**
 * Read-only helpers over generated records, shared by the tests and the answer-key checks: who a
 * record is about, when it happened, and a user's sign-in history as a responder would rebuild it.
 */
import type { DirectoryAudit, SampleRecord, SignIn } from '../graph-types'

/** Epoch ms of a record (Graph prints 7 fractional digits; Date.parse is specified for 3). */
export function recordTime(r: SampleRecord): number {
  const text = r.kind === 'signin' ? r.value.createdDateTime : r.value.activityDateTime
  return Date.parse(`${text.slice(0, 23)}Z`)
}

/** Every UPN a record names: the signing user, or the audit initiator and user targets. */
export function recordUpns(r: SampleRecord): string[] {
  if (r.kind === 'signin') return r.value.userPrincipalName ? [r.value.userPrincipalName] : []
  if (r.kind === 'mailbox') return [r.value.userId]
  const out: string[] = []
  const init = r.value.initiatedBy.user?.userPrincipalName
  if (init) out.push(init)
  for (const t of r.value.targetResources) if (t.userPrincipalName) out.push(t.userPrincipalName)
  return out
}

export function isSuccess(s: SignIn): boolean {
  return s.status.errorCode === 0
}

export function signIns(records: readonly SampleRecord[]): SignIn[] {
  return records.flatMap((r) => (r.kind === 'signin' ? [r.value] : []))
}

export function audits(records: readonly SampleRecord[]): DirectoryAudit[] {
  return records.flatMap((r) => (r.kind === 'audit' ? [r.value] : []))
}

export function signInTime(s: SignIn): number {
  return recordTime({ kind: 'signin', value: s })
}

export function auditTime(a: DirectoryAudit): number {
  return recordTime({ kind: 'audit', value: a })
}

/** The user's successful sign-ins strictly before t. */
export function successfulBefore(records: readonly SampleRecord[], upn: string, t: number): SignIn[] {
  return signIns(records).filter((s) => s.userPrincipalName === upn && isSuccess(s) && signInTime(s) < t)
}

/** The target user of an audit event (first target of type User). */
export function auditTarget(a: DirectoryAudit): string | null {
  return a.targetResources.find((t) => t.type === 'User')?.userPrincipalName ?? null
}
