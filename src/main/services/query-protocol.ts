import type { FacetRequest, FacetResult, Histogram, HistogramRequest } from '../../shared/ipc/contract'
import type { AppError } from '../../shared/ipc/result'

/** The aggregate reads that run off the main thread (they scan covering indexes: tens to hundreds of ms). */
export interface QueryOps {
  facet: { arg: FacetRequest; value: FacetResult }
  histogram: { arg: HistogramRequest; value: Histogram }
}
export type QueryOp = keyof QueryOps

export type QueryRequest =
  | { type: 'open'; path: string | null; nativeBinding?: string }
  | { [K in QueryOp]: { type: 'run'; id: number; op: K; arg: QueryOps[K]['arg'] } }[QueryOp]

export type QueryResponse =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: AppError }
