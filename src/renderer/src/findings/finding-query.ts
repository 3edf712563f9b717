import type { ExplorerQuery } from '../../../shared/ipc/query'

/** The explorer filter that shows a finding's evidence events. */
export function findingQuery(id: string): ExplorerQuery {
  return { terms: [{ field: 'finding', value: id, negate: false }], text: '', from: null, to: null }
}
