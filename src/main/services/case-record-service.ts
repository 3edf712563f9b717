import type { WireHandlers } from '../../shared/ipc/contract'
import type { ReportFormat } from '../../shared/ipc/case-work'
import { AppFailure } from '../../shared/ipc/result'
import { listCaseLog } from '../db/case-log'
import { verifyCase } from '../report/verify-case'
import { guard } from './guard'
import type { CaseSession } from './case-session'
import type { Dialogs } from './dialogs'

/** The report's file name: the case's name, the format's extension. */
export function reportFileName(caseName: string, format: ReportFormat): string {
  const base = caseName.replace(/\.authtrail$/i, '')
  return format === 'html'
    ? `${base}-report.html`
    : format === 'json'
      ? `${base}-report.json`
      : `${base}-timesketch.jsonl`
}

/**
 * The case record: the case log, `verify` (the log's hash chain and the source files' hashes) and
 * reports. Plain Node like every service; app-services spreads these handlers into its own.
 */
export function caseRecordHandlers(deps: {
  session: CaseSession
  dialogs: Dialogs
}): Pick<WireHandlers, 'caseLog' | 'verifyCase' | 'exportReport'> {
  const { session } = deps
  return {
    caseLog: ({ limit, before }) => guard(() => listCaseLog(session.connection(), limit, before)),
    // The contract's VerifyReport plus lastHash and the changed/missing counts.
    verifyCase: () => guard(() => verifyCase(session.connection())),
    exportReport: () =>
      guard(() => {
        throw new AppFailure('internal', 'Reports are not available yet.')
      })
  }
}
