/**
 * Guards for every argument that crosses into main. The renderer is treated as untrusted: each
 * argument is checked for shape, size and allowed values before a service sees it, and unknown keys
 * are refused (a typo or an injected field fails loudly instead of being ignored).
 */
import { SEVERITIES } from '../rules/types'
import {
  ENTITY_KINDS,
  REPORT_FORMATS,
  SUPPRESSION_SCOPES,
  TRIAGE_STATUSES,
  type AnnotateRequest,
  type FindingsRequest
} from './case-work'
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

function zone(value: unknown, path: string): string {
  const z = string(value, path, 64, 1)
  if (!isValidZone(z)) fail(path, `unknown time zone '${z}'`)
  return z
}

/** Bounds of the investigation calls (issue 6). */
export const CASE_WORK_LIMITS = {
  /** Events per annotate call, findings per triage call: a whole selection of the grid. */
  ids: 10_000,
  noteLength: 10_000,
  tagLength: 64,
  tagsPerCall: 32,
  /** The user view's window around each change: up to a week either side. */
  windowMinutes: 7 * 24 * 60,
  listRows: 1000
} as const

const FINDING_ID_RE = /^[a-z0-9-]{1,64}$/i
const RULE_ID_RE = /^SI-\d{3}$/i

function findingIdArg(value: unknown, path: string): string {
  const id = string(value, path, 64, 1)
  if (!FINDING_ID_RE.test(id)) fail(path, 'is not a finding id')
  return id
}

function ruleId(value: unknown, path: string): string {
  const id = string(value, path, 16, 1).trim()
  if (!RULE_ID_RE.test(id)) fail(path, 'is not a rule id (SI-001 …)')
  return id.toUpperCase()
}

function note(value: unknown, path: string): string | null {
  return nullable(value, (v) => string(v, path, CASE_WORK_LIMITS.noteLength))
}

function list<T>(
  value: unknown,
  path: string,
  max: number,
  item: (v: unknown, p: string) => T,
  min = 0
): T[] {
  if (!Array.isArray(value)) fail(path, 'must be a list')
  if (value.length > max) fail(path, `more than ${max} items`)
  if (value.length < min) fail(path, min === 1 ? 'must not be empty' : `fewer than ${min} items`)
  return value.map((v, i) => item(v, `${path}[${i}]`))
}

function eventId(value: unknown, path: string): number {
  return integer(value, path, 1, Number.MAX_SAFE_INTEGER)
}

/** Tags are trimmed and lower-cased, so `Phish ` and `phish` are one tag. */
export function normalizeTag(value: unknown, path: string): string {
  const tag = string(value, path, 256).trim().toLowerCase()
  if (tag.length === 0) fail(path, 'must not be empty')
  if (tag.length > CASE_WORK_LIMITS.tagLength)
    fail(path, `longer than ${CASE_WORK_LIMITS.tagLength} characters`)
  if ([...tag].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    fail(path, 'contains a control character')
  return tag
}

function tags(value: unknown, path: string): string[] {
  return [...new Set(list(value, path, CASE_WORK_LIMITS.tagsPerCall, normalizeTag))]
}

function isoTime(value: unknown, path: string): string {
  const s = string(value, path, 40, 1)
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(s) || Number.isNaN(Date.parse(s)))
    fail(path, 'must be an ISO 8601 UTC time')
  return s
}

function annotateArg(a: unknown): AnnotateRequest {
  const o = object(a, 'annotate', ['ids', 'addTags', 'removeTags', 'starred', 'comment'])
  const out: AnnotateRequest = {
    ids: [...new Set(list(o.ids, 'annotate.ids', CASE_WORK_LIMITS.ids, eventId, 1))]
  }
  if (o.addTags !== undefined) out.addTags = tags(o.addTags, 'annotate.addTags')
  if (o.removeTags !== undefined) out.removeTags = tags(o.removeTags, 'annotate.removeTags')
  if (o.starred !== undefined) out.starred = boolean(o.starred, 'annotate.starred')
  if (o.comment !== undefined) out.comment = note(o.comment, 'annotate.comment')
  if (!out.addTags?.length && !out.removeTags?.length && out.starred === undefined && !('comment' in out))
    fail('annotate', 'changes nothing (give addTags, removeTags, starred or comment)')
  const both = out.addTags?.filter((t) => out.removeTags?.includes(t)) ?? []
  if (both.length) fail('annotate', `tag '${both[0]}' is both added and removed`)
  return out
}

function findingsArg(a: unknown): FindingsRequest {
  const o = object(a, 'listFindings', ['minSeverity', 'rule', 'user', 'status', 'includeSuppressed'])
  return {
    minSeverity: oneOf(o.minSeverity, 'listFindings.minSeverity', SEVERITIES),
    rule: nullable(o.rule, (v) => ruleId(v, 'listFindings.rule')),
    user: nullable(o.user, (v) => string(v, 'listFindings.user', LIMITS.valueLength, 1)),
    status: nullable(o.status, (v) => oneOf(v, 'listFindings.status', TRIAGE_STATUSES)),
    includeSuppressed: boolean(o.includeSuppressed, 'listFindings.includeSuppressed')
  }
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
    return {
      query: validateQuery(o.query, 'histogram.query'),
      buckets: integer(o.buckets, 'histogram.buckets', 1, LIMITS.histogramBuckets),
      zone: zone(o.zone, 'histogram.zone')
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
  },

  // Investigation (issue 6)
  scan: (a) => empty(a, 'scan'),
  listFindings: findingsArg,
  findingDetail: (a) => {
    const o = object(a, 'findingDetail', ['id'])
    return { id: findingIdArg(o.id, 'findingDetail.id') }
  },
  setTriage: (a) => {
    const o = object(a, 'setTriage', ['ids', 'status', 'note'])
    return {
      ids: [...new Set(list(o.ids, 'setTriage.ids', CASE_WORK_LIMITS.ids, findingIdArg, 1))],
      status: oneOf(o.status, 'setTriage.status', TRIAGE_STATUSES),
      note: note(o.note, 'setTriage.note')
    }
  },
  listSuppressions: (a) => empty(a, 'listSuppressions'),
  addSuppression: (a) => {
    const o = object(a, 'addSuppression', ['rule', 'scope', 'value', 'note'])
    const value = string(o.value, 'addSuppression.value', LIMITS.valueLength, 1).trim()
    if (!value) fail('addSuppression.value', 'must not be empty')
    return {
      rule: ruleId(o.rule, 'addSuppression.rule'),
      scope: oneOf(o.scope, 'addSuppression.scope', SUPPRESSION_SCOPES),
      value,
      note: note(o.note, 'addSuppression.note')
    }
  },
  removeSuppression: (a) => {
    const o = object(a, 'removeSuppression', ['id'])
    return { id: integer(o.id, 'removeSuppression.id', 1, Number.MAX_SAFE_INTEGER) }
  },
  userView: (a) => {
    const o = object(a, 'userView', ['user', 'windowMinutes'])
    const user = string(o.user, 'userView.user', LIMITS.valueLength, 1).trim()
    if (!user) fail('userView.user', 'must not be empty')
    return {
      user,
      windowMinutes: integer(o.windowMinutes, 'userView.windowMinutes', 1, CASE_WORK_LIMITS.windowMinutes)
    }
  },
  entityView: (a) => {
    const o = object(a, 'entityView', ['kind', 'value'])
    const value = string(o.value, 'entityView.value', LIMITS.valueLength, 1).trim()
    if (!value) fail('entityView.value', 'must not be empty')
    return { kind: oneOf(o.kind, 'entityView.kind', ENTITY_KINDS), value }
  },
  annotate: annotateArg,
  listAnnotations: (a) => {
    const o = object(a, 'listAnnotations', ['limit', 'after'])
    return {
      limit: integer(o.limit, 'listAnnotations.limit', 1, CASE_WORK_LIMITS.listRows),
      after: nullable(o.after, (v) => {
        const c = object(v, 'listAnnotations.after', ['updatedAt', 'eventId'])
        return {
          updatedAt: isoTime(c.updatedAt, 'listAnnotations.after.updatedAt'),
          eventId: eventId(c.eventId, 'listAnnotations.after.eventId')
        }
      })
    }
  },
  listTags: (a) => empty(a, 'listTags'),
  caseLog: (a) => {
    const o = object(a, 'caseLog', ['limit', 'before'])
    return {
      limit: integer(o.limit, 'caseLog.limit', 1, CASE_WORK_LIMITS.listRows),
      before: nullable(o.before, (v) => integer(v, 'caseLog.before', 1, Number.MAX_SAFE_INTEGER))
    }
  },
  verifyCase: (a) => empty(a, 'verifyCase'),
  exportReport: (a) => {
    const o = object(a, 'exportReport', ['format', 'zone', 'all'])
    return {
      format: oneOf(o.format, 'exportReport.format', REPORT_FORMATS),
      zone: zone(o.zone, 'exportReport.zone'),
      ...(o.all === undefined ? {} : { all: boolean(o.all, 'exportReport.all') })
    }
  }
}
