import type { Database } from 'better-sqlite3'
import { entityView } from '../db/entity-view'
import { facetCounts, histogram } from '../db/explorer'
import { userView } from '../db/user-view'
import { ExplorerFilterError } from '../db/explorer-filter'
import { AppFailure } from '../../shared/ipc/result'
import type { QueryOp, QueryOps } from './query-protocol'

function timed<T extends object>(fn: () => T): T & { ms: number } {
  const t0 = performance.now()
  const value = fn()
  return { ...value, ms: Math.round((performance.now() - t0) * 10) / 10 }
}

/** Runs one read on a connection; shared by the query worker and the in-thread runner. */
export function runQueryOp<K extends QueryOp>(
  db: Database,
  op: K,
  arg: QueryOps[K]['arg']
): QueryOps[K]['value'] {
  try {
    if (op === 'facet') {
      const a = arg as QueryOps['facet']['arg']
      return timed(() => facetCounts(db, a.query, a.field, a.limit)) as QueryOps[K]['value']
    }
    if (op === 'userView') {
      const a = arg as QueryOps['userView']['arg']
      return userView(db, a.user, a.windowMinutes) as QueryOps[K]['value']
    }
    if (op === 'entityView') {
      const a = arg as QueryOps['entityView']['arg']
      return entityView(db, a.kind, a.value) as QueryOps[K]['value']
    }
    const a = arg as QueryOps['histogram']['arg']
    return timed(() => histogram(db, a.query, a.buckets, a.zone)) as QueryOps[K]['value']
  } catch (err) {
    if (err instanceof ExplorerFilterError) throw new AppFailure('invalid-argument', err.message)
    throw err
  }
}
