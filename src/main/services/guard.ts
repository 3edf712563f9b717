import { AppFailure, err, ok, type Result } from '../../shared/ipc/result'
import { ExplorerFilterError } from '../db/explorer-filter'

/** Node's file-system error codes a responder can act on, in words. */
const FILE_SYSTEM_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'the file or folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EEXIST: 'it already exists'
}

/** Any thrown error as an error Result: a code the UI can act on and a sentence for the user. */
export function toErr<T>(e: unknown): Result<T> {
  if (e instanceof AppFailure) return err(e.code, e.message, e.details)
  if (e instanceof ExplorerFilterError) return err('invalid-argument', e.message)
  const code = (e as { code?: unknown }).code
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return err('db-busy', 'The case file is busy; try again in a moment.', String(e))
  const fsReason = typeof code === 'string' ? FILE_SYSTEM_REASONS[code] : undefined
  if (fsReason) {
    const path = (e as { path?: unknown }).path
    return err(
      'file-system',
      `Cannot use ${typeof path === 'string' ? path : 'that file'}: ${fsReason}.`,
      String(e)
    )
  }
  return err(
    'internal',
    'Something went wrong inside Authtrail.',
    e instanceof Error ? (e.stack ?? e.message) : String(e)
  )
}

/** Runs a handler body; whatever it throws comes back as an error Result. */
export async function guard<T>(fn: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn())
  } catch (e) {
    return toErr(e)
  }
}
