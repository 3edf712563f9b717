import type { EventKind, Method } from '../model/event'

/**
 * What a user can filter events by, shared by the CLI, the explorer and exports. Text fields
 * match exactly after the normalization the column stores (UPNs lower-cased; activities trimmed,
 * case-folded and without a trailing period); `search` is free text over the search index.
 */
export interface EventFilter {
  kind?: EventKind
  user?: string
  activity?: string
  ip?: string
  method?: Method
  /** Inclusive lower bound, ISO 8601. */
  from?: string
  /** Exclusive upper bound, ISO 8601. */
  to?: string
  search?: string
}
