import type { WireHandlers } from '../../shared/ipc/contract'
import { entityView } from '../db/entity-view'
import { userView } from '../db/user-view'
import { annotationHandlers } from './annotation-service'
import type { CaseSession } from './case-session'
import { caseRecordHandlers } from './case-record-service'
import type { CaseWriter } from './case-writer'
import type { Dialogs } from './dialogs'
import { findingsService, type FindingsService } from './findings-service'
import { guard } from './guard'
import type { Emit } from './import-service'

export interface CaseWorkDeps {
  session: CaseSession
  writer: CaseWriter
  dialogs: Dialogs
  emit: Emit
  importing: () => boolean
  /** Annotations changed: aggregates cached by the caller may be stale. */
  annotationsChanged: () => void
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
      userView: ({ user, windowMinutes }) =>
        guard(() => userView(deps.session.connection(), user, windowMinutes)),
      entityView: ({ kind, value }) => guard(() => entityView(deps.session.connection(), kind, value)),
      ...annotationHandlers({ ...deps, changed: deps.annotationsChanged }),
      ...caseRecordHandlers(deps)
    }
  }
}
