import type { Method, NormalizedFields } from '../model/event'
import { ASSUMED_UTC, formatUtc, parseTime, type DateOrder } from '../time/parse-time'

/** A record turned into an event, with its identity in the source system when it has one. */
export interface MappedEvent {
  fields: NormalizedFields
  /** `fields.time` as epoch milliseconds, so consumers need not parse it again. */
  ms: number
  /** The exporter's own id (directoryAudit id, sign-in request id, UAL record id), or null. */
  nativeId: string | null
  /** What had to be assumed to read this record (e.g. a zone-less time read as UTC). */
  assumptions: string[]
}

/** One authentication step from a portal "AuthDetails" companion file, joined on the request id. */
export interface AuthDetailRow {
  requestId: string
  time: string | null
  label: string
  method: Method | null
  detail: string | null
  succeeded: boolean | null
  resultDetail: string | null
  requirement: string | null
}

export type MapResult = { event: MappedEvent } | { authDetail: AuthDetailRow } | { reject: string }

export interface TimeOptions {
  order?: DateOrder
  /** The column itself says UTC (e.g. `Date (UTC)`, `CreatedDateTime [UTC]`), so no zone is assumed. */
  knownUtc?: boolean
}

export type TimeResult = { time: string; ms: number; assumptions: string[] } | { reject: string }

export function readTime(raw: string | null, what: string, options: TimeOptions = {}): TimeResult {
  if (raw === null) return { reject: `no ${what}` }
  const parsed = parseTime(raw, options.order)
  if (!parsed) return { reject: `unparseable ${what} '${raw.slice(0, 60)}'` }
  const assumptions =
    options.knownUtc && parsed.assumptions.length > 0
      ? parsed.assumptions.filter((a) => a !== ASSUMED_UTC)
      : parsed.assumptions
  return { time: formatUtc(parsed.ms), ms: parsed.ms, assumptions }
}
