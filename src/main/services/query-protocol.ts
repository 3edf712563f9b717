import type { Calls, FacetRequest, FacetResult, Histogram, HistogramRequest } from '../../shared/ipc/contract'
import type { AppError } from '../../shared/ipc/result'

/**
 * The reads that run off the main thread: aggregates (they scan covering indexes: tens to hundreds
 * of ms) and the investigation views (a busy address, actor, phone or device page reads up to
 * hundreds of thousands of rows at 1M events: 0.5-1.5 s the UI would otherwise freeze for).
 */
export interface QueryOps {
  facet: { arg: FacetRequest; value: FacetResult }
  histogram: { arg: HistogramRequest; value: Histogram }
  userView: Calls['userView']
  entityView: Calls['entityView']
}
export type QueryOp = keyof QueryOps

export type QueryRequest =
  | { type: 'open'; path: string | null; nativeBinding?: string }
  | { [K in QueryOp]: { type: 'run'; id: number; op: K; arg: QueryOps[K]['arg'] } }[QueryOp]

export type QueryResponse =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: AppError }
