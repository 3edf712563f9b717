import type { DirectoryAudit, SampleRecord, SignIn, SignInEventType } from '../../graph-types'

export type RecordSource = Iterable<SampleRecord> | AsyncIterable<SampleRecord>

/**
 * Calls `fn` for every record. A synchronous source is looped without an `await` per record; the
 * loop only pauses when `fn` returns a promise (a flush into a full stream), which is the backpressure.
 */
export async function forEachRecord(
  records: RecordSource,
  fn: (record: SampleRecord) => void | Promise<void>
): Promise<void> {
  if (Symbol.asyncIterator in records) {
    for await (const record of records) {
      const wait = fn(record)
      if (wait) await wait
    }
    return
  }
  for (const record of records) {
    const wait = fn(record)
    if (wait) await wait
  }
}

/** The log a record counts in: Exchange mailbox records are audit events of the unified audit log. */
export function logKind(record: SampleRecord): 'audit' | 'signin' {
  return record.kind === 'signin' ? 'signin' : 'audit'
}

/** Same as forEachRecord, for writers that hold only directory audits. */
export function forEachAudit(
  records: RecordSource,
  fn: (audit: DirectoryAudit) => void | Promise<void>
): Promise<void> {
  return forEachRecord(records, (record) => (record.kind === 'audit' ? fn(record.value) : undefined))
}

/** Same as forEachRecord, for writers that hold only sign-ins. */
export function forEachSignIn(
  records: RecordSource,
  fn: (signIn: SignIn) => void | Promise<void>
): Promise<void> {
  return forEachRecord(records, (record) => (record.kind === 'signin' ? fn(record.value) : undefined))
}

/**
 * The one log a sign-in belongs to. Graph lists several event types only for odd records; the first
 * one decides, and `isInteractive` is the fallback when the list is empty.
 */
export function signInClass(signIn: SignIn): SignInEventType {
  return signIn.signInEventTypes[0] ?? (signIn.isInteractive ? 'interactiveUser' : 'nonInteractiveUser')
}

/** Applies `fn` to a value that is usually ready, without an async hop when it is. */
export function whenReady<T>(
  value: T | Promise<T>,
  fn: (ready: T) => void | Promise<void>
): void | Promise<void> {
  return value instanceof Promise ? value.then(fn) : fn(value)
}
