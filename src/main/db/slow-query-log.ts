import { groupTerms, type ExplorerQuery } from '../../shared/ipc/query'

/**
 * The slow-query log: explorer reads over a threshold, written to the main process's console and
 * kept in a bounded ring (newest last) that tests and diagnostics can read. It lives outside the
 * case, on a machine that may not be the evidence's, so it records the query's shape only — which
 * fields are filtered and how many values each, how many free-text words, whether a time range
 * is set — never the values investigated (users, addresses, search words).
 */
export type SlowOp = 'page' | 'facet' | 'histogram'

export interface SlowQuery {
  /** When it finished, ISO 8601 UTC. */
  at: string
  op: SlowOp
  /** e.g. `facet user; user=1 result!=1 text(2 words) range`. */
  shape: string
  ms: number
  /** Rows returned: grid rows, facet values or histogram bars. */
  rows: number
}

/** The issue's targets: pages under 50 ms, facets and the histogram under 300 ms. */
export const DEFAULT_SLOW_MS: Readonly<Record<SlowOp, number>> = { page: 50, facet: 300, histogram: 300 }
export const SLOW_RING_SIZE = 200

let thresholds: Record<SlowOp, number> = { ...DEFAULT_SLOW_MS }
let ring: SlowQuery[] = []
let write: (line: string) => void = (line) => console.warn(line)

/** The shape of a query: field names with value counts, never the values. */
export function queryShape(query: ExplorerQuery): string {
  const parts: string[] = []
  for (const g of groupTerms(query.terms)) {
    if (g.any.length) parts.push(`${g.field}=${g.any.length}`)
    if (g.none.length) parts.push(`${g.field}!=${g.none.length}`)
  }
  const words = query.text.trim() ? query.text.trim().split(/\s+/).length : 0
  if (words) parts.push(`text(${words} word${words === 1 ? '' : 's'})`)
  if (query.from !== null || query.to !== null) parts.push('range')
  return parts.length ? parts.join(' ') : 'all events'
}

/** Records a read if it took at least its op's threshold. `detail` is shape too (a facet's field, a page's order). */
export function noteQuery(op: SlowOp, detail: string, query: ExplorerQuery, ms: number, rows: number): void {
  if (ms < thresholds[op]) return
  const entry: SlowQuery = {
    at: new Date().toISOString(),
    op,
    shape: `${detail ? `${op} ${detail}` : op}; ${queryShape(query)}`,
    ms: Math.round(ms * 10) / 10,
    rows
  }
  ring.push(entry)
  if (ring.length > SLOW_RING_SIZE) ring = ring.slice(-SLOW_RING_SIZE)
  write(`[slow query] ${entry.shape}: ${entry.ms} ms, ${rows} row${rows === 1 ? '' : 's'}`)
}

/** The recorded slow queries, oldest first. */
export function slowQueries(): readonly SlowQuery[] {
  return [...ring]
}

/** Changes thresholds (all or some ops) and where lines go; returns the previous settings. */
export function configureSlowQueryLog(options: {
  thresholds?: Partial<Record<SlowOp, number>>
  write?: (line: string) => void
  clear?: boolean
}): { thresholds: Record<SlowOp, number>; write: (line: string) => void } {
  const previous = { thresholds: { ...thresholds }, write }
  if (options.thresholds) thresholds = { ...thresholds, ...options.thresholds }
  if (options.write) write = options.write
  if (options.clear) ring = []
  return previous
}
