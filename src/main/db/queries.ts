import type { Database } from 'better-sqlite3'
import type { CaseFileInfo } from '../../shared/ipc/contract'
import type { EventJson, EventSource } from '../../shared/model/event'
import type { EventFilter } from '../../shared/query/filter'
import { buildWhere } from './event-filter'

export interface CaseCounts {
  audit: number
  signin: number
  first: string | null
  last: string | null
}

export function caseCounts(db: Database): CaseCounts {
  const kinds = db.prepare(`SELECT kind, count(*) AS n FROM events GROUP BY kind`).all() as {
    kind: string
    n: number
  }[]
  const range = db.prepare(`SELECT min(ts) AS first, max(ts) AS last FROM events`).get() as {
    first: number | null
    last: number | null
  }
  return {
    audit: kinds.find((k) => k.kind === 'audit')?.n ?? 0,
    signin: kinds.find((k) => k.kind === 'signin')?.n ?? 0,
    first: range.first === null ? null : new Date(range.first).toISOString(),
    last: range.last === null ? null : new Date(range.last).toISOString()
  }
}

/** Every source file of the case, in import order: the Sources page, `info`, reports and `verify`. */
export function sourceFiles(db: Database): CaseFileInfo[] {
  const rows = db
    .prepare(
      `SELECT id, path, name, sha256, size, format, layout, encoding, records, imported, duplicates, rejected,
              auth_details AS authDetails, issues_total AS issuesTotal, notes, imported_at AS importedAt
         FROM files ORDER BY id`
    )
    .all() as (Omit<CaseFileInfo, 'notes'> & { notes: string })[]
  return rows.map((r) => ({ ...r, notes: JSON.parse(r.notes) as string[] }))
}

export function fileIssues(
  db: Database,
  fileId: number,
  limit = 100
): { line: number | null; reason: string; excerpt: string | null }[] {
  return db
    .prepare(`SELECT line, reason, excerpt FROM import_issues WHERE file_id = ? ORDER BY id LIMIT ?`)
    .all(fileId, limit) as {
    line: number | null
    reason: string
    excerpt: string | null
  }[]
}

interface EventDbRow {
  id: number
  kind: 'audit' | 'signin'
  ts: number
  [column: string]: unknown
}

function parseJson<T>(v: unknown): T | null {
  return typeof v === 'string' ? (JSON.parse(v) as T) : null
}

function toEventJson(r: EventDbRow, sources: EventSource[]): EventJson {
  const s = (c: string): string | null => (r[c] as string | null) ?? null
  const n = (c: string): number | null => (r[c] as number | null) ?? null
  return {
    id: r.id,
    kind: r.kind,
    time: new Date(r.ts).toISOString(),
    activity: s('activity'),
    category: s('category'),
    service: s('service'),
    operationType: s('operation_type'),
    result: s('result'),
    resultReason: s('result_reason'),
    errorCode: n('error_code'),
    actorType: s('actor_type') as EventJson['actorType'],
    actorUpn: s('actor_upn'),
    actorId: s('actor_id'),
    actorName: s('actor_name'),
    actorAppId: s('actor_app_id'),
    ip: s('ip'),
    userAgent: s('user_agent'),
    targetType: s('target_type'),
    targetUpn: s('target_upn'),
    targetId: s('target_id'),
    targetName: s('target_name'),
    userUpn: s('user_upn'),
    userId: s('user_id'),
    method: s('method') as EventJson['method'],
    methodDetail: s('method_detail'),
    correlationId: s('correlation_id'),
    sessionId: s('session_id'),
    requestId: s('request_id'),
    appName: s('app_name'),
    appId: s('app_id'),
    resource: s('resource'),
    clientApp: s('client_app'),
    interactive: r.interactive === null || r.interactive === undefined ? null : r.interactive === 1,
    country: s('country'),
    city: s('city'),
    asn: n('asn'),
    riskLevel: s('risk_level'),
    riskState: s('risk_state'),
    riskEventTypes: parseJson(r.risk_event_types),
    authRequirement: s('auth_requirement'),
    authMethods: parseJson(r.auth_methods),
    deviceId: s('device_id'),
    deviceName: s('device_name'),
    os: s('os'),
    browser: s('browser'),
    conditionalAccess: s('conditional_access'),
    modifiedProperties: parseJson(r.modified_properties),
    sources
  }
}

function sourcesOf(db: Database, ids: readonly number[]): Map<number, EventSource[]> {
  const map = new Map<number, EventSource[]>()
  if (ids.length === 0) return map
  const rows = db
    .prepare(
      `SELECT s.event_id AS eventId, f.path AS file, f.sha256 AS sha256, s.line AS line
         FROM event_sources s JOIN files f ON f.id = s.file_id
        WHERE s.event_id IN (SELECT value FROM json_each(?)) ORDER BY s.id`
    )
    .all(JSON.stringify(ids)) as { eventId: number; file: string; sha256: string; line: number }[]
  for (const r of rows) {
    const list = map.get(r.eventId) ?? []
    list.push({ file: r.file, sha256: r.sha256, line: r.line })
    map.set(r.eventId, list)
  }
  return map
}

export interface EventPage {
  events: EventJson[]
  /** Pass back as `after` for the next page; null at the end. */
  next: { ts: number; id: number } | null
}

/** Events matching a filter, oldest first, in keyset pages (never OFFSET: constant cost at any depth). */
export function queryEvents(
  db: Database,
  filter: EventFilter,
  limit: number,
  after?: { ts: number; id: number }
): EventPage {
  const where = buildWhere(filter)
  const clauses = where.sql ? [where.sql.replace(/^WHERE /, '')] : []
  const params: (string | number)[] = [...where.params]
  if (after) {
    clauses.push('(ts > ? OR (ts = ? AND id > ?))')
    params.push(after.ts, after.ts, after.id)
  }
  const sql = `SELECT * FROM events ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY ts, id LIMIT ?`
  const rows = db.prepare(sql).all(...params, limit + 1) as EventDbRow[]
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : rows
  const sources = sourcesOf(
    db,
    page.map((r) => r.id)
  )
  const last = page.at(-1)
  return {
    events: page.map((r) => toEventJson(r, sources.get(r.id) ?? [])),
    next: more && last ? { ts: last.ts, id: last.id } : null
  }
}
