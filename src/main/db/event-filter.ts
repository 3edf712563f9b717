import type { EventFilter } from '../../shared/query/filter'
import { activityKey } from './event-row'

export class FilterError extends Error {}

export interface Where {
  sql: string
  params: (string | number)[]
}

function instant(value: string, name: string): number {
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) throw new FilterError(`${name} is not an ISO 8601 time: '${value}'`)
  return ms
}

/** Free text as an FTS5 query: every word must occur, each quoted so no input is FTS syntax. */
export function ftsQuery(text: string): string | null {
  const words = text.split(/\s+/).filter((w) => w.length > 0)
  if (words.length === 0) return null
  return words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' ')
}

/** The WHERE clause of a filter: values are always bound parameters, never spliced into SQL. */
export function buildWhere(filter: EventFilter): Where {
  const clauses: string[] = []
  const params: (string | number)[] = []
  const add = (sql: string, value: string | number): void => {
    clauses.push(sql)
    params.push(value)
  }
  if (filter.kind) add('kind = ?', filter.kind)
  if (filter.user) add('user_upn = ?', filter.user.toLowerCase())
  if (filter.activity) add('activity_key = ?', activityKey(filter.activity) ?? '')
  if (filter.ip) add('ip = ?', filter.ip)
  if (filter.method) add('method = ?', filter.method)
  if (filter.from) add('ts >= ?', instant(filter.from, 'from'))
  if (filter.to) add('ts < ?', instant(filter.to, 'to'))
  if (filter.search) {
    const q = ftsQuery(filter.search)
    if (q) add('id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)', q)
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}
