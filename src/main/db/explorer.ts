/**
 * The explorer's reads: keyset pages, facet counts, the time histogram and the detail of one event.
 * Every statement is built from explorer-filter.ts (bound values, allowlisted columns) and prepared
 * once per connection. None of these reads more rows than it returns, except the aggregates, which
 * read covering indexes only (EXPLAIN QUERY PLAN assertions in test/integration/explorer-plan.test.ts).
 */
import type { Database, Statement } from 'better-sqlite3'
import Papa from 'papaparse'
import type {
  Cursor,
  EventDetail,
  EventSourceDetail,
  FacetResult,
  FacetValue,
  FileIssue,
  GridRow,
  Histogram,
  SortOrder
} from '../../shared/ipc/contract'
import type { ExplorerQuery, FacetField } from '../../shared/ipc/query'
import { zoneOffsetMs } from '../../shared/ipc/time-zone'
import type { EventJson } from '../../shared/model/event'
import { annotationOf } from './annotations'
import { hasIndex } from './bulk-load'
import { explorerWhere, FIELD_SQL, type ExplorerWhere } from './explorer-filter'
import { noteQuery } from './slow-query-log'

type Param = string | number | Uint8Array

const statements = new WeakMap<Database, Map<string, Statement>>()

/** Prepared once per connection and SQL text; the texts come from a small set of shapes. */
function prepared(db: Database, sql: string): Statement {
  let map = statements.get(db)
  if (!map) {
    map = new Map()
    statements.set(db, map)
  }
  let st = map.get(sql)
  if (!st) {
    if (map.size > 500) map.clear()
    st = db.prepare(sql)
    map.set(sql, st)
  }
  return st
}

// ---------------------------------------------------------------------------------------------
// Row shape

type ColumnKind = 'text' | 'int' | 'bool' | 'json'

/** Grid row keys, the column each reads and how its value is decoded. */
const ROW_COLUMNS: readonly (readonly [keyof GridRow & string, string, ColumnKind])[] = [
  ['id', 'id', 'int'],
  ['ts', 'ts', 'int'],
  ['kind', 'kind', 'text'],
  ['activity', 'activity', 'text'],
  ['category', 'category', 'text'],
  ['service', 'service', 'text'],
  ['operationType', 'operation_type', 'text'],
  ['result', 'result', 'text'],
  ['resultReason', 'result_reason', 'text'],
  ['errorCode', 'error_code', 'int'],
  ['actorType', 'actor_type', 'text'],
  ['actorUpn', 'actor_upn', 'text'],
  ['actorId', 'actor_id', 'text'],
  ['actorName', 'actor_name', 'text'],
  ['actorAppId', 'actor_app_id', 'text'],
  ['ip', 'ip', 'text'],
  ['userAgent', 'user_agent', 'text'],
  ['targetType', 'target_type', 'text'],
  ['targetUpn', 'target_upn', 'text'],
  ['targetId', 'target_id', 'text'],
  ['targetName', 'target_name', 'text'],
  ['userUpn', 'user_upn', 'text'],
  ['userId', 'user_id', 'text'],
  ['method', 'method', 'text'],
  ['methodDetail', 'method_detail', 'text'],
  ['correlationId', 'correlation_id', 'text'],
  ['sessionId', 'session_id', 'text'],
  ['requestId', 'request_id', 'text'],
  ['appName', 'app_name', 'text'],
  ['appId', 'app_id', 'text'],
  ['resource', 'resource', 'text'],
  ['clientApp', 'client_app', 'text'],
  ['interactive', 'interactive', 'bool'],
  ['country', 'country', 'text'],
  ['city', 'city', 'text'],
  ['asn', 'asn', 'int'],
  ['riskLevel', 'risk_level', 'text'],
  ['riskState', 'risk_state', 'text'],
  ['riskEventTypes', 'risk_event_types', 'json'],
  ['authRequirement', 'auth_requirement', 'text'],
  ['authMethods', 'auth_methods', 'json'],
  ['deviceId', 'device_id', 'text'],
  ['deviceName', 'device_name', 'text'],
  ['os', 'os', 'text'],
  ['browser', 'browser', 'text'],
  ['conditionalAccess', 'conditional_access', 'text']
]

/**
 * The SELECT list of a grid row, in raw (array) mode; after the columns come the modified-property
 * names and the analyst's annotation (star, tags), each a primary-key lookup per row.
 */
const ROW_SELECT = [
  ...ROW_COLUMNS.map(([, col]) => col),
  `(SELECT group_concat(value ->> '$.name', ', ') FROM json_each(modified_properties)) AS modified`,
  `(SELECT starred FROM annotations WHERE event_id = events.id) AS starred`,
  `(SELECT group_concat(tag, ', ') FROM (SELECT tag FROM annotation_tags WHERE event_id = events.id ORDER BY tag)) AS tags`
].join(', ')
/** Where the columns after a row's own start in a raw row. */
const AFTER_ROW = ROW_COLUMNS.length + 3

function decode(kind: ColumnKind, v: unknown): unknown {
  if (v === null || v === undefined) return null
  switch (kind) {
    case 'bool':
      return v === 1
    case 'json':
      return typeof v === 'string' ? (JSON.parse(v) as unknown) : null
    default:
      return v
  }
}

function toGridRow(values: unknown[]): GridRow {
  const row: Record<string, unknown> = {}
  for (let i = 0; i < ROW_COLUMNS.length; i++) {
    const [key, , kind] = ROW_COLUMNS[i] as (typeof ROW_COLUMNS)[number]
    row[key] = decode(kind, values[i])
  }
  row.time = new Date(row.ts as number).toISOString()
  row.modified = (values[ROW_COLUMNS.length] as string | null) ?? null
  row.starred = values[ROW_COLUMNS.length + 1] === 1
  row.tags = (values[ROW_COLUMNS.length + 2] as string | null) ?? null
  return row as unknown as GridRow
}

// ---------------------------------------------------------------------------------------------
// Search strategy

/**
 * Up to this many matches, free text joins as `id IN (SELECT rowid FROM events_fts …)` and the
 * planner fetches and sorts the matches (cheap: few rows). Above it, the matches are read once per
 * connection, and pages walk the time index testing each entry against them: the first page ends
 * after a few hundred index entries instead of sorting every match (1.5 s for a common term at 1M,
 * TOOLCHAIN.md §4h). Measured crossover: about 2,000 matches at 1M events.
 */
export const FTS_SMALL = 2000

/**
 * How a large match set is tested per index entry. Under a quarter of the case, the matches go
 * into a temporary rowid table, so aggregates can fetch just those rows by id. From a quarter up,
 * aggregates walk a whole covering index anyway and only need "is this id a match": one byte per
 * event id in a blob bound to the statement, read with `substr(?, id + 1, 1)`. At 1M events with
 * half matching (load 8), probing a 513k-row temporary b-tree per index entry added 0.75 µs per
 * entry (facet 1.0–1.8 s), a JavaScript function 0.7 µs, the blob byte 0.3 µs; and no b-tree is
 * built (~0.3 s per new search).
 */
interface FtsState {
  /** Exact for large sets; capped at FTS_SMALL + 1 for small ones. */
  count: number
  /** The temporary table holding the matching ids, for large sets under a quarter of the case. */
  table: string | null
  /** One byte per event id, 1 for a match, for the largest sets. */
  bits: Uint8Array | null
  expr: string
}

/** The SQL testing a match against a bound `bits` blob (ids are 1-based, substr too). */
export const MATCH_BYTE = `substr(?, id + 1, 1) = x'01'`

const ftsStates = new WeakMap<Database, Map<string, FtsState>>()
let tempSeq = 0
/** Large match sets kept per connection (tables and blobs together). */
const MAX_TEMP_TABLES = 4

function ftsState(db: Database, expr: string): FtsState {
  let map = ftsStates.get(db)
  if (!map) {
    map = new Map()
    ftsStates.set(db, map)
  }
  const hit = map.get(expr)
  if (hit) {
    map.delete(expr)
    map.set(expr, hit)
    return hit
  }
  const capped = prepared(
    db,
    `SELECT count(*) FROM (SELECT 1 FROM events_fts WHERE events_fts MATCH ? LIMIT ${FTS_SMALL + 1})`
  )
    .pluck()
    .get(expr) as number
  let state: FtsState = { count: capped, table: null, bits: null, expr }
  if (capped > FTS_SMALL) {
    const large = [...map.values()].filter((v) => v.table !== null || v.bits !== null)
    if (large.length >= MAX_TEMP_TABLES) {
      const oldest = large[0] as FtsState
      map.delete(oldest.expr)
      if (oldest.table) {
        statements.delete(db)
        db.exec(`DROP TABLE IF EXISTS temp.${oldest.table}`)
      }
    }
    // The ids as one comma-separated string: 513k numbers crossing into JavaScript one by one cost
    // ~100 ms more than this string and a pass over its characters.
    const list =
      (prepared(db, `SELECT group_concat(rowid) FROM events_fts WHERE events_fts MATCH ?`)
        .pluck()
        .get(expr) as string | null) ?? ''
    let count = list.length ? 1 : 0
    for (let i = 0; i < list.length; i++) if (list.charCodeAt(i) === 44) count++
    if (count * 4 >= eventTotal(db)) {
      const maxId = (prepared(db, 'SELECT max(id) FROM events').pluck().get() as number | null) ?? 0
      const bits = Buffer.alloc(maxId + 1)
      let id = 0
      for (let i = 0; i <= list.length; i++) {
        const ch = i < list.length ? list.charCodeAt(i) : 44
        if (ch !== 44) id = id * 10 + ch - 48
        else {
          if (id <= maxId) bits[id] = 1
          id = 0
        }
      }
      state = { count, table: null, bits, expr }
    } else {
      const table = `fts_matches_${++tempSeq}`
      db.exec(`CREATE TEMP TABLE ${table} (id INTEGER PRIMARY KEY)`)
      db.prepare(`INSERT INTO temp.${table} SELECT value FROM json_each('[' || ? || ']')`).run(list)
      state = { count, table, bits: null, expr }
    }
  }
  map.set(expr, state)
  return state
}

/** Forgets per-connection caches and match tables (after an import changed the case). */
export function resetExplorerCaches(db: Database): void {
  const map = ftsStates.get(db)
  ftsStates.delete(db)
  statements.delete(db)
  if (db.open)
    for (const s of map?.values() ?? []) if (s.table) db.exec(`DROP TABLE IF EXISTS temp.${s.table}`)
}

interface Assembled {
  /** Conditions other than free text. */
  clauses: string[]
  params: Param[]
  fts: FtsState | null
}

function assemble(
  w: ExplorerWhere,
  db: Database,
  extra: string[] = [],
  extraParams: Param[] = []
): Assembled {
  return {
    clauses: [...w.clauses, ...extra],
    params: [...w.params, ...extraParams],
    fts: w.fts ? ftsState(db, w.fts) : null
  }
}

/**
 * WHERE text and parameters, the free-text condition first (so conditions a caller appends, such
 * as a histogram bar's range, take their parameters last).
 */
function whereOf(a: Assembled): { where: string; params: Param[] } {
  const clauses: string[] = []
  const params: Param[] = []
  if (a.fts?.bits) {
    clauses.push(MATCH_BYTE)
    params.push(a.fts.bits)
  } else if (a.fts?.table) clauses.push(`id IN (SELECT id FROM temp.${a.fts.table})`)
  else if (a.fts) {
    clauses.push('id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)')
    params.push(a.fts.expr)
  }
  clauses.push(...a.clauses)
  params.push(...a.params)
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}

function eventTotal(db: Database): number {
  return prepared(db, 'SELECT count(*) FROM events').pluck().get() as number
}

/** A large match set and nothing else to narrow by: the index named here must drive the scan. */
function largeSearchOnly(a: Assembled, ownClauses = 0): boolean {
  return (a.fts?.table != null || a.fts?.bits != null) && a.clauses.length === ownClauses
}

// ---------------------------------------------------------------------------------------------
// Pages

export interface PageResult {
  rows: GridRow[]
  next: Cursor | null
}

/** One keyset page in time order: `(ts, id)` after the cursor, never OFFSET (STYLE.md §3). */
export function eventPage(
  db: Database,
  query: ExplorerQuery,
  order: SortOrder,
  after: Cursor | null,
  limit: number
): PageResult {
  const t0 = performance.now()
  const { sql, params } = pageSql(db, query, order, after)
  const raw = prepared(db, sql)
    .raw(true)
    .all(...params, limit + 1) as unknown[][]
  const more = raw.length > limit
  const rows = (more ? raw.slice(0, limit) : raw).map(toGridRow)
  const last = rows.at(-1)
  noteQuery('page', after ? `${order} after a cursor` : order, query, performance.now() - t0, rows.length)
  return { rows, next: more && last ? { ts: last.ts, id: last.id } : null }
}

/**
 * The SQL of a page (LIMIT is the last parameter). The keyset condition is written as a range on ts
 * plus a tie-break, `ts >= ? AND (ts > ? OR id > ?)`, which SQLite turns into an index range
 * search; the equivalent `ts > ? OR (ts = ? AND id > ?)` made it scan from the start (80 ms deep
 * into 1M rows instead of 0.1 ms).
 */
export function pageSql(
  db: Database,
  query: ExplorerQuery,
  order: SortOrder,
  after: Cursor | null
): { sql: string; params: Param[] } {
  const keyset = after
    ? order === 'asc'
      ? ['ts >= ? AND (ts > ? OR id > ?)']
      : ['ts <= ? AND (ts < ? OR id < ?)']
    : []
  const a = assemble(explorerWhere(query), db, keyset, after ? [after.ts, after.ts, after.id] : [])
  const { where, params } = whereOf(a)
  const from = largeSearchOnly(a, keyset.length) ? indexedBy(db, 'events_ts') : 'events'
  const dir = order === 'asc' ? 'ASC' : 'DESC'
  return { sql: `SELECT ${ROW_SELECT} FROM ${from} ${where} ORDER BY ts ${dir}, id ${dir} LIMIT ?`, params }
}

// ---------------------------------------------------------------------------------------------
// Facets

/** What each facet groups by: the filter expression, so a clicked value filters exactly what was counted. */
export function facetSql(
  db: Database,
  query: ExplorerQuery,
  field: FacetField,
  limit: number
): { sql: string; params: Param[] } {
  const expr = FIELD_SQL[field].expr
  const a = assemble(explorerWhere(query, { exclude: field }), db)
  const { where, params } = whereOf(a)
  let from = 'events'
  if (largeSearchOnly(a)) {
    // A quarter of the case or more: scan the facet's covering index, testing each entry against
    // the matches; fewer: fetch just the matching rows by id.
    from = (a.fts as FtsState).bits ? indexedBy(db, FACET_INDEX[field]) : 'events NOT INDEXED'
  }
  return {
    sql: `SELECT ${expr} AS v, count(*) AS n FROM ${from} ${where} GROUP BY v ORDER BY n DESC, v LIMIT ?`,
    params: [...params, limit + 1]
  }
}

/**
 * `events` read through a named index, or plainly while a bulk import's index is still being
 * built after its commit (naming a missing index is an error, not a slower plan).
 */
function indexedBy(db: Database, index: string): string {
  return hasIndex(db, index) ? `events INDEXED BY ${index}` : 'events'
}

/** The covering index of each facet (0010 and 0030). */
export const FACET_INDEX: { readonly [K in FacetField]: string } = {
  kind: 'events_kind_ts',
  activity: 'events_activity_ts',
  service: 'events_service_ts',
  result: 'events_result_ts',
  user: 'events_user_ts',
  actor: 'events_actor_ts',
  ip: 'events_ip_ts',
  country: 'events_country_ts',
  method: 'events_method_ts',
  app: 'events_app_ts'
}

/**
 * Value counts of one field over the events matching the query without that field's own terms
 * (so the other values stay visible and can be added as alternatives), most frequent first.
 */
export function facetCounts(
  db: Database,
  query: ExplorerQuery,
  field: FacetField,
  limit: number
): Omit<FacetResult, 'ms'> {
  const { sql, params } = facetSql(db, query, field, limit)
  const rows = prepared(db, sql)
    .raw(true)
    .all(...params) as [string | number | null, number][]
  const truncated = rows.length > limit
  const values: FacetValue[] = (truncated ? rows.slice(0, limit) : rows).map(([v, n]) => ({
    value: v === null ? null : String(v),
    label: v === null ? '(none)' : String(v),
    count: n
  }))
  if (field === 'activity') {
    // Counted by the normalized key; shown in the original spelling of one of its events.
    const spell = prepared(db, `SELECT activity FROM events WHERE activity_key = ? LIMIT 1`).pluck()
    for (const v of values)
      if (v.value !== null) v.label = (spell.get(v.value) as string | undefined) ?? v.label
  }
  return { field, values, truncated }
}

// ---------------------------------------------------------------------------------------------
// Histogram

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** Bar widths a responder can read at a glance. */
export const BUCKET_SIZES = [
  1000,
  5000,
  15_000,
  30_000,
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  7 * DAY,
  30 * DAY
] as const

export function bucketSize(spanMs: number, buckets: number): number {
  const want = spanMs / Math.max(1, buckets)
  return BUCKET_SIZES.find((s) => s >= want) ?? Math.ceil(want / DAY) * DAY
}

export function caseTimeRange(db: Database): { first: number; last: number } | null {
  const r = prepared(db, `SELECT min(ts) AS first, max(ts) AS last FROM events`).get() as {
    first: number | null
    last: number | null
  }
  return r.first === null || r.last === null ? null : { first: r.first, last: r.last }
}

/**
 * Event counts per bar over the query's time range (or the whole case), bars aligned to the
 * display zone's midnights and hours. The range follows the case, not the matches, so a filtered
 * histogram shows where in the case its events fall.
 *
 * One range count per bar: each walks the (…, ts) index of the filter for its bar only, so the
 * whole costs one pass over the matching index entries. A single `GROUP BY (ts - origin) / width`
 * feeds every matching row through a sorter instead (500 ms at 1M against 50 ms). A small set of
 * free-text matches is the exception: their rows are fetched by id and grouped in one query.
 */
export function histogram(
  db: Database,
  query: ExplorerQuery,
  buckets: number,
  zone: string
): Omit<Histogram, 'ms'> {
  const range = caseTimeRange(db)
  const from = query.from ?? range?.first ?? 0
  const to = query.to ?? (range ? range.last + 1 : from + DAY)
  const bucketMs = bucketSize(Math.max(1, to - from), buckets)
  const offset = zoneOffsetMs(zone, from)
  const origin = Math.floor((from + offset) / bucketMs) * bucketMs - offset
  const count = Math.max(1, Math.ceil((to - origin) / bucketMs))
  const counts = new Array<number>(count).fill(0)
  const a = assemble(explorerWhere({ ...query, from: null, to: null }), db)
  const plan = histogramPlan(db, a)
  let total = 0
  if (plan.kind === 'grouped') {
    const { where, params } = whereOf({
      ...a,
      clauses: [...a.clauses, 'ts >= ?', 'ts < ?'],
      params: [...a.params, from, to]
    })
    const rows = prepared(
      db,
      `SELECT (ts - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b, count(*) AS n FROM events NOT INDEXED ${where} GROUP BY b`
    )
      .raw(true)
      .all(origin, bucketMs, ...params) as [number, number][]
    for (const [b, n] of rows) {
      if (b >= 0 && b < count) counts[b] = (counts[b] ?? 0) + n
      total += n
    }
  } else {
    const { where, params } = whereOf({ ...a, clauses: [...a.clauses, 'ts >= ?', 'ts < ?'] })
    const st = prepared(db, `SELECT count(*) FROM ${plan.from} ${where}`).pluck()
    for (let i = 0; i < count; i++) {
      const lo = Math.max(from, origin + i * bucketMs)
      const hi = Math.min(to, origin + (i + 1) * bucketMs)
      if (hi <= lo) continue
      const n = st.get(...params, lo, hi) as number
      counts[i] = n
      total += n
    }
  }
  return { origin, bucketMs, counts, from, to, total }
}

function histogramPlan(db: Database, a: Assembled): { kind: 'grouped' } | { kind: 'ranges'; from: string } {
  if (a.fts && a.fts.bits === null) return { kind: 'grouped' }
  // A bar per range is an index seek each; without the time index (still being built after a
  // bulk import) it would be a scan each, so one grouped scan answers instead.
  if (!hasIndex(db, 'events_ts')) return { kind: 'grouped' }
  return { kind: 'ranges', from: largeSearchOnly(a) ? indexedBy(db, 'events_ts') : 'events' }
}

/** The statement each histogram bar runs, for EXPLAIN QUERY PLAN assertions. */
export function histogramSql(db: Database, query: ExplorerQuery): { sql: string; params: Param[] } {
  const a = assemble(explorerWhere({ ...query, from: null, to: null }), db)
  const plan = histogramPlan(db, a)
  const { where, params } = whereOf({
    ...a,
    clauses: [...a.clauses, 'ts >= ?', 'ts < ?'],
    params: [...a.params, 0, 1]
  })
  return plan.kind === 'grouped'
    ? {
        sql: `SELECT (ts - 0) / 3600000 AS b, count(*) AS n FROM events NOT INDEXED ${where} GROUP BY b`,
        params
      }
    : { sql: `SELECT count(*) FROM ${plan.from} ${where}`, params }
}

// ---------------------------------------------------------------------------------------------
// Detail

function csvFields(header: string | null, raw: string): [string, string][] | null {
  if (!header) return null
  const parse = (text: string): string[] =>
    (Papa.parse<string[]>(text, { header: false }).data[0] ?? []).map(String)
  const names = parse(header)
  const values = parse(raw)
  if (names.length === 0 || values.length === 0) return null
  const n = Math.max(names.length, values.length)
  const out: [string, string][] = []
  for (let i = 0; i < n; i++) out.push([names[i] ?? `column ${i + 1}`, values[i] ?? ''])
  return out
}

export function eventDetail(db: Database, id: number): EventDetail | null {
  const values = prepared(db, `SELECT ${ROW_SELECT}, modified_properties, mirror_of FROM events WHERE id = ?`)
    .raw(true)
    .get(id) as unknown[] | undefined
  if (!values) return null
  const row = toGridRow(values)
  const modifiedProperties = decode('json', values[AFTER_ROW]) as EventJson['modifiedProperties']
  const mirrorOf = (values[AFTER_ROW + 1] as number | null) ?? null
  const sourceRows = prepared(
    db,
    `SELECT s.file_id AS fileId, f.path AS file, f.name AS name, f.sha256 AS sha256, s.line AS line,
            f.format AS format, f.layout AS layout, s.raw AS raw, f.csv_header AS header
       FROM event_sources s JOIN files f ON f.id = s.file_id WHERE s.event_id = ? ORDER BY s.id`
  ).all(id) as (Omit<EventSourceDetail, 'fields'> & { header: string | null })[]
  const sources: EventSourceDetail[] = sourceRows.map(({ header, ...s }) => ({
    ...s,
    fields: csvFields(header, s.raw)
  }))
  const mirrors = prepared(db, `SELECT id FROM events WHERE mirror_of = ? ORDER BY id LIMIT 100`)
    .pluck()
    .all(id) as number[]
  const { modified: _modified, starred: _starred, tags: _tags, ...scalars } = row
  const event: EventJson & { ts: number } = {
    ...scalars,
    modifiedProperties,
    sources: sources.map((s) => ({ file: s.file, sha256: s.sha256, line: s.line }))
  }
  return { event, sources, mirrorOf, mirrors, annotation: annotationOf(db, id) }
}

/**
 * Grid rows of the given events in the order given (a finding's evidence, the anchor first); ids
 * not in the case are left out.
 */
export function gridRowsByIds(db: Database, ids: readonly number[]): GridRow[] {
  if (ids.length === 0) return []
  const raw = prepared(db, `SELECT ${ROW_SELECT} FROM events WHERE id IN (SELECT value FROM json_each(?))`)
    .raw(true)
    .all(JSON.stringify(ids)) as unknown[][]
  const byId = new Map(raw.map((v) => [v[0] as number, v]))
  const out: GridRow[] = []
  for (const id of ids) {
    const v = byId.get(id)
    if (v) out.push(toGridRow(v))
  }
  return out
}

/** Grid rows of a statement whose SELECT list is `gridSelect()`: for views that pick their own rows. */
export function gridSelect(): string {
  return ROW_SELECT
}

export function toGridRows(raw: unknown[][]): GridRow[] {
  return raw.map(toGridRow)
}

// ---------------------------------------------------------------------------------------------
// Case contents

export function caseFileIssues(db: Database, fileId: number, limit: number): FileIssue[] {
  return prepared(
    db,
    `SELECT line, reason, excerpt FROM import_issues WHERE file_id = ? ORDER BY id LIMIT ?`
  ).all(fileId, limit) as FileIssue[]
}

/** Matching events in their full JSON form (with sources), one keyset page at a time: for exports. */
export function eventJsonPage(
  db: Database,
  query: ExplorerQuery,
  after: Cursor | null,
  limit: number
): { events: EventJson[]; next: Cursor | null } {
  const page = pageSql(db, query, 'asc', after)
  const raw = prepared(
    db,
    page.sql.replace(`SELECT ${ROW_SELECT} FROM`, `SELECT ${ROW_SELECT}, modified_properties FROM`)
  )
    .raw(true)
    .all(...page.params, limit + 1) as unknown[][]
  const more = raw.length > limit
  const rowsOut = more ? raw.slice(0, limit) : raw
  const ids = rowsOut.map((v) => v[0] as number)
  const sources = new Map<number, EventJson['sources']>()
  const sourceRows = prepared(
    db,
    `SELECT s.event_id AS eventId, f.path AS file, f.sha256 AS sha256, s.line AS line
       FROM event_sources s JOIN files f ON f.id = s.file_id
      WHERE s.event_id IN (SELECT value FROM json_each(?)) ORDER BY s.id`
  ).all(JSON.stringify(ids)) as { eventId: number; file: string; sha256: string; line: number }[]
  for (const r of sourceRows) {
    const list = sources.get(r.eventId) ?? []
    list.push({ file: r.file, sha256: r.sha256, line: r.line })
    sources.set(r.eventId, list)
  }
  const events = rowsOut.map((values) => {
    const { modified: _m, ts: _ts, starred: _s, tags: _t, ...scalars } = toGridRow(values)
    return {
      ...scalars,
      modifiedProperties: decode('json', values[AFTER_ROW]) as EventJson['modifiedProperties'],
      sources: sources.get(scalars.id) ?? []
    } satisfies EventJson
  })
  const last = rowsOut.at(-1)
  return {
    events,
    next: more && last ? { ts: last[1] as number, id: last[0] as number } : null
  }
}
