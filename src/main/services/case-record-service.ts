import type { WireHandlers } from '../../shared/ipc/contract'
import type { ReportFormat } from '../../shared/ipc/case-work'
import { AppFailure } from '../../shared/ipc/result'
import { listCaseLog } from '../db/case-log'
import { openCase } from '../db/open'
import { verifyCase } from '../report/verify-case'
import { reportLogEntry, writeReport } from '../report/write-report'
import { logCaseAction } from './case-log-writer'
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
  /** "Authtrail 1.2.3", printed in reports. */
  generator?: string
}): Pick<WireHandlers, 'caseLog' | 'verifyCase' | 'exportReport'> {
  const { session } = deps
  return {
    caseLog: ({ limit, before }) => guard(() => listCaseLog(session.connection(), limit, before)),
    // The contract's VerifyReport plus lastHash and the changed/missing counts.
    verifyCase: () => guard(() => verifyCase(session.connection())),
    exportReport: ({ format, zone, all }) =>
      guard(async () => {
        const current = session.summary()
        const casePath = session.casePath
        if (!current || !casePath) throw new AppFailure('no-case', 'No case is open.')
        const path = await deps.dialogs.reportPath(reportFileName(current.name, format), format)
        if (!path) return null
        // A connection of its own: the report reads one snapshot for as long as it writes,
        // while the explorer keeps reading the live case through the session's connection.
        const binding = session.nativeBinding
        const db = openCase(casePath, { readonly: true, ...(binding ? { nativeBinding: binding } : {}) })
        let r
        try {
          r = await writeReport(db, casePath, path, {
            format,
            zone,
            all: all ?? false,
            generator: deps.generator ?? 'Authtrail'
          })
        } finally {
          db.close()
        }
        const entry = reportLogEntry(r, zone, all ?? false)
        logCaseAction(session, 'report', entry.summary, entry.detail)
        return { path: r.path, events: r.events, ms: r.ms }
      })
  }
}
