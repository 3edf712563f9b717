import { AppFailure, err, ok, type Result } from '../../shared/ipc/result'
import { ExplorerFilterError } from '../db/explorer-filter'

/** Any thrown error as an error Result: a code the UI can act on and a sentence for the user. */
export function toErr<T>(e: unknown): Result<T> {
  if (e instanceof AppFailure) return err(e.code, e.message, e.details)
  if (e instanceof ExplorerFilterError) return err('invalid-argument', e.message)
  const code = (e as { code?: unknown }).code
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return err('db-busy', 'The case file is busy; try again in a moment.', String(e))
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
