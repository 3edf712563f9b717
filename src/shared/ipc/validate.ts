/**
 * Guards for every argument that crosses into main. The renderer is treated as untrusted: each
 * argument is checked for shape, size and allowed values before a service sees it, and unknown keys
 * are refused (a typo or an injected field fails loudly instead of being ignored).
 */
import type { CallName, Cursor, Empty, ExportFormat, PageRequest, SortOrder, WireCalls } from './contract'
import { FACET_FIELDS, LIMITS, QUERY_FIELDS, type ExplorerQuery, type FacetField, type Term } from './query'
import { isValidZone } from './time-zone'

export class ValidationError extends Error {}

type Obj = Record<string, unknown>

function fail(path: string, what: string): never {
  throw new ValidationError(`${path}: ${what}`)
}

function object(value: unknown, path: string, keys: readonly string[]): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object')
  const proto = Object.getPrototypeOf(value) as unknown
  if (proto !== Object.prototype && proto !== null) fail(path, 'must be a plain object')
  for (const key of Object.keys(value)) if (!keys.includes(key)) fail(path, `unexpected key '${key}'`)
  return value as Obj
}

function string(value: unknown, path: string, max: number, min = 0): string {
  if (typeof value !== 'string') fail(path, 'must be a string')
  if (value.length > max) fail(path, `longer than ${max} characters`)
  if (value.length < min) fail(path, min === 1 ? 'must not be empty' : `shorter than ${min} characters`)
  if (value.includes('\u0000')) fail(path, 'contains a NUL character')
  return value
}

function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(path, 'must be a whole number')
  if (value < min || value > max) fail(path, `must be between ${min} and ${max}`)
  return value
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'must be true or false')
  return value
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    fail(path, `must be one of ${allowed.join(', ')}`)
  return value as T
}

function nullable<T>(value: unknown, check: (v: unknown) => T): T | null {
  return value === null ? null : check(value)
}

/** Epoch milliseconds between 1970 and 2200. */
const MAX_TIME = 7_258_118_400_000

function time(value: unknown, path: string): number {
  return integer(value, path, 0, MAX_TIME)
}

function empty(value: unknown, path: string): Empty {
  if (value === undefined) return {}
  object(value, path, [])
  return {}
}

export function validateTerm(value: unknown, path = 'term'): Term {
  const o = object(value, path, ['field', 'value', 'negate'])
  return {
    field: oneOf(o.field, `${path}.field`, QUERY_FIELDS),
    value: nullable(o.value, (v) => string(v, `${path}.value`, LIMITS.valueLength)),
    negate: boolean(o.negate, `${path}.negate`)
  }
}

export function validateQuery(value: unknown, path = 'query'): ExplorerQuery {
  const o = object(value, path, ['terms', 'text', 'from', 'to'])
  if (!Array.isArray(o.terms)) fail(`${path}.terms`, 'must be a list')
  if (o.terms.length > LIMITS.terms) fail(`${path}.terms`, `more than ${LIMITS.terms} terms`)
  const query: ExplorerQuery = {
    terms: o.terms.map((t, i) => validateTerm(t, `${path}.terms[${i}]`)),
    text: string(o.text, `${path}.text`, LIMITS.textLength),
    from: nullable(o.from, (v) => time(v, `${path}.from`)),
    to: nullable(o.to, (v) => time(v, `${path}.to`))
  }
  if (query.from !== null && query.to !== null && query.from >= query.to) fail(path, 'from must be before to')
  return query
}

function cursor(value: unknown, path: string): Cursor {
  const o = object(value, path, ['ts', 'id'])
  return {
    ts: integer(o.ts, `${path}.ts`, -MAX_TIME, MAX_TIME),
    id: integer(o.id, `${path}.id`, 0, Number.MAX_SAFE_INTEGER)
  }
}

function absolutePath(value: unknown, path: string): string {
  const p = string(value, path, LIMITS.pathLength, 1)
  // POSIX absolute, Windows drive-absolute, or UNC: paths from dialogs and drops are always absolute.
  if (!(p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')))
    fail(path, 'must be an absolute path')
  return p
}

const SORT_ORDERS: readonly SortOrder[] = ['asc', 'desc']
const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'ndjson', 'json']
const ID_RE = /^[A-Za-z0-9-]{1,64}$/

type Validators = { readonly [K in CallName]: (arg: unknown) => WireCalls[K]['arg'] }

/** One guard per call; each returns a fresh, fully checked argument or throws ValidationError. */
export const VALIDATORS: Validators = {
  getState: (a) => empty(a, 'getState'),
  newCase: (a) => empty(a, 'newCase'),
  openCase: (a) => {
    const o = object(a, 'openCase', ['recent'])
    return { recent: nullable(o.recent, (v) => absolutePath(v, 'openCase.recent')) }
  },
  saveCaseAs: (a) => empty(a, 'saveCaseAs'),
  closeCase: (a) => empty(a, 'closeCase'),
  chooseImport: (a) => {
    const o = object(a, 'chooseImport', ['folders'])
    return { folders: boolean(o.folders, 'chooseImport.folders') }
  },
  importDropped: (a) => {
    const o = object(a, 'importDropped', ['paths'])
    if (!Array.isArray(o.paths)) fail('importDropped.paths', 'must be a list')
    if (o.paths.length === 0) fail('importDropped.paths', 'must name at least one file or folder')
    if (o.paths.length > LIMITS.paths) fail('importDropped.paths', `more than ${LIMITS.paths} paths`)
    return { paths: o.paths.map((p, i) => absolutePath(p, `importDropped.paths[${i}]`)) }
  },
  cancelImport: (a) => {
    const o = object(a, 'cancelImport', ['jobId'])
    const jobId = string(o.jobId, 'cancelImport.jobId', 64, 1)
    if (!ID_RE.test(jobId)) fail('cancelImport.jobId', 'is not a job id')
    return { jobId }
  },
  listFiles: (a) => empty(a, 'listFiles'),
  fileIssues: (a) => {
    const o = object(a, 'fileIssues', ['fileId', 'limit'])
    return {
      fileId: integer(o.fileId, 'fileIssues.fileId', 1, Number.MAX_SAFE_INTEGER),
      limit: integer(o.limit, 'fileIssues.limit', 1, 1000)
    }
  },
  queryPage: (a): PageRequest => {
    const o = object(a, 'queryPage', ['query', 'order', 'after', 'limit'])
    return {
      query: validateQuery(o.query, 'queryPage.query'),
      order: oneOf(o.order, 'queryPage.order', SORT_ORDERS),
      after: nullable(o.after, (v) => cursor(v, 'queryPage.after')),
      limit: integer(o.limit, 'queryPage.limit', 1, LIMITS.pageRows)
    }
  },
  facet: (a) => {
    const o = object(a, 'facet', ['query', 'field', 'limit'])
    return {
      query: validateQuery(o.query, 'facet.query'),
      field: oneOf<FacetField>(o.field, 'facet.field', FACET_FIELDS),
      limit: integer(o.limit, 'facet.limit', 1, LIMITS.facetValues)
    }
  },
  histogram: (a) => {
    const o = object(a, 'histogram', ['query', 'buckets', 'zone'])
    const zone = string(o.zone, 'histogram.zone', 64, 1)
    if (!isValidZone(zone)) fail('histogram.zone', `unknown time zone '${zone}'`)
    return {
      query: validateQuery(o.query, 'histogram.query'),
      buckets: integer(o.buckets, 'histogram.buckets', 1, LIMITS.histogramBuckets),
      zone
    }
  },
  eventDetail: (a) => {
    const o = object(a, 'eventDetail', ['id'])
    return { id: integer(o.id, 'eventDetail.id', 1, Number.MAX_SAFE_INTEGER) }
  },
  exportEvents: (a) => {
    const o = object(a, 'exportEvents', ['query', 'format'])
    return {
      query: validateQuery(o.query, 'exportEvents.query'),
      format: oneOf(o.format, 'exportEvents.format', EXPORT_FORMATS)
    }
  }
}
