/**
 * The explorer's query: what the renderer sends and main turns into SQL (src/main/db/explorer-filter.ts).
 * Terms on the same field are alternatives (OR), terms on different fields must all hold (AND),
 * negated terms exclude; free text goes to the search index; from/to bound the time.
 */

/** Fields a term can name: the key is what the filter bar accepts before the colon. */
export const QUERY_FIELDS = [
  'kind',
  'activity',
  'category',
  'service',
  'operation',
  'result',
  'reason',
  'error',
  'user',
  'actor',
  'actorType',
  'target',
  'ip',
  'country',
  'city',
  'asn',
  'method',
  'app',
  'resource',
  'client',
  'correlation',
  'session',
  'request',
  'device',
  'os',
  'browser',
  'risk',
  'ca',
  'interactive',
  'finding',
  'tag',
  'starred'
] as const
export type QueryField = (typeof QUERY_FIELDS)[number]

export interface FieldInfo {
  label: string
  /** Other spellings the filter bar accepts. */
  aliases: readonly string[]
  /** Values are whole numbers. */
  numeric?: boolean
  /** What the facet sidebar and chips call the field in a sentence ("user is …"). */
  noun?: string
}

export const FIELD_INFO: { readonly [K in QueryField]: FieldInfo } = {
  kind: { label: 'Kind', aliases: ['type'] },
  activity: { label: 'Activity', aliases: ['act', 'activityDisplayName', 'operationName'] },
  category: { label: 'Category', aliases: ['cat'] },
  service: { label: 'Service', aliases: ['svc', 'loggedByService'] },
  operation: { label: 'Operation type', aliases: ['operationType', 'optype'] },
  result: { label: 'Result', aliases: ['status'] },
  reason: { label: 'Result reason', aliases: ['resultReason', 'failureReason'] },
  error: { label: 'Error code', aliases: ['errorCode', 'code'], numeric: true },
  user: { label: 'User', aliases: ['upn', 'userPrincipalName'] },
  actor: { label: 'Actor', aliases: ['initiatedBy', 'by'] },
  actorType: { label: 'Actor type', aliases: ['actortype'] },
  target: { label: 'Target', aliases: ['targetUpn'] },
  ip: { label: 'IP address', aliases: ['ipAddress', 'addr'] },
  country: { label: 'Country', aliases: ['cc'] },
  city: { label: 'City', aliases: [] },
  asn: { label: 'ASN', aliases: ['as'], numeric: true },
  method: { label: 'Method', aliases: ['authMethod'] },
  app: { label: 'Application', aliases: ['appName', 'application', 'appDisplayName'] },
  resource: { label: 'Resource', aliases: ['resourceDisplayName'] },
  client: { label: 'Client app', aliases: ['clientApp', 'clientAppUsed'] },
  correlation: { label: 'Correlation id', aliases: ['correlationId', 'corr'] },
  session: { label: 'Session id', aliases: ['sessionId'] },
  request: { label: 'Request id', aliases: ['requestId'] },
  device: { label: 'Device', aliases: ['deviceName'] },
  os: { label: 'Operating system', aliases: [] },
  browser: { label: 'Browser', aliases: [] },
  risk: { label: 'Risk level', aliases: ['riskLevel'] },
  ca: { label: 'Conditional Access', aliases: ['conditionalAccess', 'conditionalAccessStatus'] },
  interactive: { label: 'Interactive', aliases: [] },
  finding: { label: 'Evidence of finding', aliases: ['findingId'], noun: 'evidence of finding' },
  tag: { label: 'Tag', aliases: ['tags'] },
  starred: { label: 'Starred', aliases: ['star'] }
}

/** The facet sidebar, in display order. Each has a covering (column, ts) index (migration 0030). */
export const FACET_FIELDS = [
  'kind',
  'activity',
  'service',
  'result',
  'user',
  'actor',
  'ip',
  'country',
  'method',
  'app'
] as const satisfies readonly QueryField[]
export type FacetField = (typeof FACET_FIELDS)[number]

export interface Term {
  field: QueryField
  /** null matches events without a value for the field ("(none)" in the sidebar). */
  value: string | null
  negate: boolean
}

export interface ExplorerQuery {
  terms: Term[]
  /** Free text for the search index: every word must occur (as a word prefix); "quoted phrases" stay together. */
  text: string
  /** Inclusive lower bound, epoch ms. */
  from: number | null
  /** Exclusive upper bound, epoch ms. */
  to: number | null
}

export const EMPTY_QUERY: ExplorerQuery = { terms: [], text: '', from: null, to: null }

export const LIMITS = {
  terms: 64,
  valueLength: 512,
  textLength: 1024,
  pageRows: 1000,
  facetValues: 200,
  histogramBuckets: 400,
  pathLength: 4096,
  paths: 10_000
} as const

/** Field keys and aliases, lower-cased, to the field. */
const FIELD_BY_NAME: ReadonlyMap<string, QueryField> = new Map(
  QUERY_FIELDS.flatMap((f) => [f, ...FIELD_INFO[f].aliases].map((name) => [name.toLowerCase(), f] as const))
)

export function fieldByName(name: string): QueryField | null {
  return FIELD_BY_NAME.get(name.toLowerCase()) ?? null
}

export function sameTerm(a: Term, b: Term): boolean {
  return a.field === b.field && a.value === b.value && a.negate === b.negate
}

/** Adds a term unless present; a term replaces its opposite (user:x replaces -user:x). */
export function withTerm(query: ExplorerQuery, term: Term): ExplorerQuery {
  const terms = query.terms.filter(
    (t) => !(t.field === term.field && t.value === term.value) || sameTerm(t, term)
  )
  if (!terms.some((t) => sameTerm(t, term))) terms.push(term)
  return { ...query, terms }
}

export function withoutTerm(query: ExplorerQuery, term: Term): ExplorerQuery {
  return { ...query, terms: query.terms.filter((t) => !sameTerm(t, term)) }
}

/** The query with only this field's term: the one-click pivot ("everything about this IP"). */
export function pivotQuery(field: QueryField, value: string | null): ExplorerQuery {
  return { ...EMPTY_QUERY, terms: [{ field, value, negate: false }] }
}

export function isEmptyQuery(q: ExplorerQuery): boolean {
  return q.terms.length === 0 && q.text.trim() === '' && q.from === null && q.to === null
}

function quoteValue(value: string): string {
  return /^[^\s"():]+$/.test(value) ? value : `"${value.replace(/(["\\])/g, '\\$1')}"`
}

/** The filter-bar spelling of a term: `user:alice@contoso.com`, `-result:success`, `ip:(none)`. */
export function termText(t: Term): string {
  return `${t.negate ? '-' : ''}${t.field}:${t.value === null ? '(none)' : quoteValue(t.value)}`
}

/** A readable sentence fragment for a chip: "user is alice@…", "result is not success", "IP address is empty". */
export function describeTerm(t: Term): string {
  const name = FIELD_INFO[t.field].label
  if (t.value === null) return `${name} ${t.negate ? 'is set' : 'is empty'}`
  return `${name} ${t.negate ? 'is not' : 'is'} ${t.value}`
}

/** Terms grouped the way they combine: alternatives per field, fields in first-use order. */
export function groupTerms(terms: readonly Term[]): { field: QueryField; any: Term[]; none: Term[] }[] {
  const groups = new Map<QueryField, { field: QueryField; any: Term[]; none: Term[] }>()
  for (const t of terms) {
    const g = groups.get(t.field) ?? { field: t.field, any: [], none: [] }
    ;(t.negate ? g.none : g.any).push(t)
    groups.set(t.field, g)
  }
  return [...groups.values()]
}

/**
 * The whole query as one sentence (Datasette's "where … and …"), with times rendered by the
 * caller so the time zone is always named.
 */
export function describeQuery(q: ExplorerQuery, formatTime: (ms: number) => string): string {
  const parts: string[] = []
  for (const g of groupTerms(q.terms)) {
    const name = FIELD_INFO[g.field].label
    if (g.any.length === 1 && g.any[0]) parts.push(describeTerm(g.any[0]))
    else if (g.any.length > 1)
      parts.push(`${name} is one of ${g.any.map((t) => (t.value === null ? 'empty' : t.value)).join(', ')}`)
    for (const t of g.none) parts.push(describeTerm(t))
  }
  if (q.text.trim()) parts.push(`text contains ${q.text.trim()}`)
  if (q.from !== null) parts.push(`time ≥ ${formatTime(q.from)}`)
  if (q.to !== null) parts.push(`time < ${formatTime(q.to)}`)
  return parts.length ? `where ${parts.join(' and ')}` : 'all events'
}
