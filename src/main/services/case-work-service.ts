import type { WireHandlers } from '../../shared/ipc/contract'
import { annotationHandlers } from './annotation-service'
import type { CaseSession } from './case-session'
import { caseRecordHandlers } from './case-record-service'
import type { CaseWriter } from './case-writer'
import type { Dialogs } from './dialogs'
import { findingsService, type FindingsService } from './findings-service'
import { guard } from './guard'
import type { Emit } from './import-service'
import type { QueryRunner } from './query-runner'

export interface CaseWorkDeps {
  session: CaseSession
  writer: CaseWriter
  dialogs: Dialogs
  emit: Emit
  importing: () => boolean
  /** Annotations changed: aggregates cached by the caller may be stale. */
  annotationsChanged: () => void
  /** Where the user and entity views run (the query workers). */
  runner: QueryRunner
}

type CaseWorkCalls =
  | 'scan'
  | 'listFindings'
  | 'findingDetail'
  | 'setTriage'
  | 'listSuppressions'
  | 'addSuppression'
  | 'removeSuppression'
  | 'userView'
  | 'entityView'
  | 'annotate'
  | 'listAnnotations'
  | 'listTags'
  | 'caseLog'
  | 'verifyCase'
  | 'exportReport'

/**
 * The investigation calls (issue 6): findings and triage, suppressions, the user and entity views,
 * annotations, and the case record (case-record-service).
 */
export function caseWork(deps: CaseWorkDeps): {
  handlers: Pick<WireHandlers, CaseWorkCalls>
  findings: FindingsService
} {
  const findings = findingsService(deps)
  return {
    findings,
    handlers: {
      ...findings.handlers,
      // Off the main thread: a busy address, actor, phone or device page reads for a second or more.
      userView: (arg) => guard(() => deps.runner.run('userView', arg, 'userView', 2)),
      entityView: (arg) => guard(() => deps.runner.run('entityView', arg, 'entityView', 2)),
      ...annotationHandlers({ ...deps, changed: deps.annotationsChanged }),
      ...caseRecordHandlers(deps)
    }
  }
}
