import type { CaseLogAction, CaseLogEntry } from '../../shared/ipc/case-work'
import { AppFailure } from '../../shared/ipc/result'
import { appendCaseLog } from '../db/case-log'
import { openCase } from '../db/open'
import type { CaseSession } from './case-session'

/**
 * Appends a case log entry from main, where the session only holds a read-only connection: a
 * short-lived writer connection (WAL lets it write beside the readers; busy_timeout waits out an
 * import's transaction) records the entry and closes.
 */
export function logCaseAction(
  session: Pick<CaseSession, 'casePath' | 'nativeBinding'>,
  action: CaseLogAction,
  summary: string,
  detail: Record<string, unknown> = {}
): CaseLogEntry {
  const path = session.casePath
  if (!path) throw new AppFailure('no-case', 'No case is open.')
  const db = openCase(path, session.nativeBinding ? { nativeBinding: session.nativeBinding } : {})
  try {
    return appendCaseLog(db, action, summary, detail)
  } finally {
    db.close()
  }
}
