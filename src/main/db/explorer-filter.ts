import { groupTerms, type ExplorerQuery, type QueryField, type Term } from '../../shared/ipc/query'
import { activityKey } from './event-row'

export class ExplorerFilterError extends Error {}

type Param = string | number

interface FieldSql {
  /** A column or an indexed expression: never user input, only this table's entries reach SQL. */
  expr: string
  /** Turns a typed or clicked value into what the column stores. */
  value: (v: string) => Param
  /**
   * For fields that are not columns of the event but sets of event ids kept beside the evidence
   * (a finding's evidence, the analyst's tags and stars): `of(n)` is the ids with any of n values,
   * `any` the ids with some value. `expr` is then `id`, the column they are matched against.
   */
  set?: { of: (n: number) => string; any: string }
}

const exact = (v: string): string => v.trim()
const lower = (v: string): string => v.trim().toLowerCase()
/** UPNs are stored lower-cased; display names (of applications) keep their case. */
const upnOrName = (v: string): string => (v.includes('@') ? lower(v) : exact(v))

function whole(name: string) {
  return (v: string): number => {
    const t = v.trim()
    if (!/^-?\d{1,15}$/.test(t)) throw new ExplorerFilterError(`${name} must be a whole number, not '${v}'`)
    return Number(t)
  }
}

function yesNo(v: string): number {
  const t = v.trim().toLowerCase()
  if (['true', 'yes', '1'].includes(t)) return 1
  if (['false', 'no', '0'].includes(t)) return 0
  throw new ExplorerFilterError(`interactive must be true or false, not '${v}'`)
}

/** The column allowlist: each query field and the SQL it compares. */
export const FIELD_SQL: { readonly [K in QueryField]: FieldSql } = {
  kind: { expr: 'kind', value: lower },
  activity: { expr: 'activity_key', value: (v) => activityKey(v) ?? '' },
  category: { expr: 'category', value: exact },
  service: { expr: 'service', value: exact },
  operation: { expr: 'operation_type', value: exact },
  result: { expr: 'result', value: lower },
  reason: { expr: 'result_reason', value: exact },
  error: { expr: 'error_code', value: whole('error') },
  user: { expr: 'user_upn', value: lower },
  actor: { expr: 'coalesce(actor_upn, actor_name)', value: upnOrName },
  actorType: { expr: 'actor_type', value: lower },
  target: { expr: 'coalesce(target_upn, target_name)', value: upnOrName },
  ip: { expr: 'ip', value: exact },
  country: { expr: 'country', value: exact },
  city: { expr: 'city', value: exact },
  asn: { expr: 'asn', value: whole('asn') },
  method: { expr: 'method', value: lower },
  app: { expr: 'app_name', value: exact },
  resource: { expr: 'resource', value: exact },
  client: { expr: 'client_app', value: exact },
  correlation: { expr: 'correlation_id', value: exact },
  session: { expr: 'session_id', value: exact },
  request: { expr: 'request_id', value: exact },
  device: { expr: 'device_name', value: exact },
  os: { expr: 'os', value: exact },
  browser: { expr: 'browser', value: exact },
  risk: { expr: 'risk_level', value: lower },
  ca: { expr: 'conditional_access', value: exact },
  interactive: { expr: 'interactive', value: yesNo },
  finding: {
    expr: 'id',
    value: exact,
    set: {
      of: (n) => `SELECT event_id FROM finding_evidence WHERE finding_id IN (${marks(n)})`,
      any: 'SELECT event_id FROM finding_evidence'
    }
  },
  tag: {
    expr: 'id',
    value: lower,
    set: {
      of: (n) => `SELECT event_id FROM annotation_tags WHERE tag IN (${marks(n)})`,
      any: 'SELECT event_id FROM annotation_tags'
    }
  },
  starred: {
    expr: 'id',
    value: (v) => {
      const t = v.trim().toLowerCase()
      if (['true', 'yes', '1'].includes(t)) return 1
      if (['false', 'no', '0'].includes(t)) return 0
      throw new ExplorerFilterError(`starred must be true or false, not '${v}'`)
    },
    set: { of: () => 'SELECT event_id FROM annotations WHERE starred = 1', any: '' }
  }
}

function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ')
}

/**
 * A set field's terms: `id IN (…)` for values wanted, `id NOT IN (…)` for values excluded. A star
 * is yes or no rather than a value: starred:false (or -starred:true) means not starred, and
 * starred:(none) the same.
 */
function setClauses(
  field: QueryField,
  f: FieldSql & { set: NonNullable<FieldSql['set']> },
  any: readonly Term[],
  none: readonly Term[],
  clauses: string[],
  params: Param[]
): void {
  if (field === 'starred') {
    const want = (t: Term): boolean => (t.value !== null && f.value(t.value) === 1) !== t.negate
    const wants = new Set([...any, ...none].map(want))
    if (wants.size === 2 && any.length > 1) return // starred or not: every event
    for (const w of wants) clauses.push(`id ${w ? 'IN' : 'NOT IN'} (${f.set.of(0)})`)
    return
  }
  const values = any.filter((t) => t.value !== null).map((t) => f.value(t.value as string))
  if (any.length) {
    const parts: string[] = []
    if (values.length) parts.push(`id IN (${f.set.of(values.length)})`)
    if (any.some((t) => t.value === null)) parts.push(`id NOT IN (${f.set.any})`)
    clauses.push(parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`)
    params.push(...values)
  }
  for (const t of none) {
    if (t.value === null) clauses.push(`id IN (${f.set.any})`)
    else {
      clauses.push(`id NOT IN (${f.set.of(1)})`)
      params.push(f.value(t.value))
    }
  }
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/
const IPV6 = /^[0-9a-f]*(:[0-9a-f]*){2,7}$/i
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whole values that must not match longer ones: 192.0.2.1 is not 192.0.2.14, a GUID is a GUID. */
export function isWholeValue(word: string): boolean {
  return IPV4.test(word) || IPV6.test(word) || GUID.test(word)
}

/**
 * Free text as an FTS5 expression: every word must occur, as a prefix of a token when it has at
 * least two characters ("alice" finds alice@contoso.com) unless it is a whole IP address or GUID,
 * and a "quoted phrase" exactly. Each piece is quoted, so nothing a user types is FTS syntax.
 */
export function ftsExpression(text: string): string | null {
  const pieces: string[] = []
  const re = /"([^"]*)"|(\S+)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(text)) !== null) {
    const phrase = m[1]
    const word = m[2]
    if (phrase !== undefined) {
      if (phrase.trim()) pieces.push(`"${phrase.trim()}"`)
    } else if (word !== undefined) {
      const w = word.replace(/"/g, '')
      if (!w) continue
      pieces.push(w.length < 2 || isWholeValue(w) ? `"${w}"` : `"${w}"*`)
    }
  }
  return pieces.length ? pieces.join(' ') : null
}

export interface ExplorerWhere {
  /** Conditions to AND together; empty means every event. */
  clauses: string[]
  params: Param[]
  /** The FTS5 expression when the query has free text (the caller picks how to join it). */
  fts: string | null
}

export interface WhereOptions {
  /** Leave this field's terms out: a facet counts the other values of its own field. */
  exclude?: QueryField
}

/** The WHERE conditions of an explorer query: values are bound parameters, columns come from FIELD_SQL. */
export function explorerWhere(query: ExplorerQuery, options: WhereOptions = {}): ExplorerWhere {
  const clauses: string[] = []
  const params: Param[] = []
  for (const group of groupTerms(query.terms)) {
    if (group.field === options.exclude) continue
    const f = FIELD_SQL[group.field]
    if (f.set) {
      setClauses(group.field, { ...f, set: f.set }, group.any, group.none, clauses, params)
      continue
    }
    const values = group.any.filter((t) => t.value !== null).map((t) => f.value(t.value as string))
    const wantsNull = group.any.some((t) => t.value === null)
    if (group.any.length) {
      const parts: string[] = []
      if (values.length === 1) parts.push(`${f.expr} = ?`)
      else if (values.length > 1) parts.push(`${f.expr} IN (${values.map(() => '?').join(', ')})`)
      if (wantsNull) parts.push(`${f.expr} IS NULL`)
      clauses.push(parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`)
      params.push(...values)
    }
    for (const t of group.none) {
      if (t.value === null) clauses.push(`${f.expr} IS NOT NULL`)
      else {
        clauses.push(`${f.expr} IS NOT ?`)
        params.push(f.value(t.value))
      }
    }
  }
  if (query.from !== null) {
    clauses.push('ts >= ?')
    params.push(query.from)
  }
  if (query.to !== null) {
    clauses.push('ts < ?')
    params.push(query.to)
  }
  return { clauses, params, fts: ftsExpression(query.text) }
}
