import type { WireHandlers } from '../../shared/ipc/contract'
import { err } from '../../shared/ipc/result'
import { listCaseLog } from '../db/case-log'
import type { CaseSession } from './case-session'
import type { CaseWriter } from './case-writer'
import { guard } from './guard'

export interface CaseWorkDeps {
  session: CaseSession
  writer: CaseWriter
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

const notYet = <T>(): Promise<ReturnType<typeof err<T>>> =>
  Promise.resolve(err<T>('internal', 'not available yet'))

/** The investigation calls (issue 6): findings, triage, suppressions, views, annotations, case log. */
export function caseWorkHandlers(deps: CaseWorkDeps): Pick<WireHandlers, CaseWorkCalls> {
  const { session } = deps
  return {
    scan: () => notYet(),
    listFindings: () => notYet(),
    findingDetail: () => notYet(),
    setTriage: () => notYet(),
    listSuppressions: () => notYet(),
    addSuppression: () => notYet(),
    removeSuppression: () => notYet(),
    userView: () => notYet(),
    entityView: () => notYet(),
    annotate: () => notYet(),
    listAnnotations: () => notYet(),
    listTags: () => notYet(),
    caseLog: ({ limit, before }) => guard(() => listCaseLog(session.connection(), limit, before)),
    verifyCase: () => notYet(),
    exportReport: () => notYet()
  }
}
