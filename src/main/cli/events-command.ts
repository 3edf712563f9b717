import { EVENT_JSON_FIELDS } from '../../shared/model/event'
import { csvRow } from '../services/export-service'
import type { EventFilter } from '../../shared/query/filter'
import { openCase } from '../db/open'
import { queryEvents } from '../db/queries'
import type { Io } from './main'

export type EventFormat = 'json' | 'ndjson' | 'csv'

const PAGE = 1000

export function runEvents(
  casePath: string,
  filter: EventFilter,
  options: { limit: number | null; format: EventFormat },
  io: Io
): number {
  const db = openCase(casePath, { readonly: true })
  try {
    let remaining = options.limit ?? Number.POSITIVE_INFINITY
    let after: { ts: number; id: number } | undefined
    let first = true
    if (options.format === 'json') io.out('[')
    if (options.format === 'csv') io.out(EVENT_JSON_FIELDS.join(',') + '\r\n')
    while (remaining > 0) {
      const page = queryEvents(db, filter, Math.min(PAGE, remaining), after)
      for (const e of page.events) {
        if (options.format === 'json') io.out(`${first ? '\n' : ',\n'}${JSON.stringify(e)}`)
        else if (options.format === 'ndjson') io.out(JSON.stringify(e) + '\n')
        else io.out(csvRow(e) + '\r\n')
        first = false
      }
      remaining -= page.events.length
      if (!page.next) break
      after = page.next
    }
    if (options.format === 'json') io.out(first ? ']\n' : '\n]\n')
    return 0
  } finally {
    db.close()
  }
}
