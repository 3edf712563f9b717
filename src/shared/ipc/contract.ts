/**
 * The one contract between the renderer and main (STYLE.md §2). The preload exposes exactly
 * `AuthtrailApi` (its object ends in `satisfies AuthtrailApi`), main implements `WireCalls` in plain
 * Node services (src/main/services), and the loopback test harness serves the same calls over HTTP.
 * Every call takes one object argument and resolves to a Result; nothing throws across the boundary.
 */
import type { EventJson, EventKind } from '../model/event'
import type { ExplorerQuery, FacetField, QueryField } from './query'
import type { AppError, Result } from './result'
import type {
  AnnotateRequest,
  AnnotatedEvent,
  Annotation,
  CaseLogEntry,
  EntityKind,
  EntityView,
  FindingDetail,
  FindingsOverview,
  FindingsRequest,
  ReportFormat,
  ScanResult,
  Suppression,
  SuppressionScope,
  TriageStatus,
  UserView,
  VerifyReport
} from './case-work'

export type Empty = Record<string, never>

// ---------------------------------------------------------------------------------------------
// Case

export interface CaseSummary {
  path: string
  name: string
  sizeBytes: number
  events: { audit: number; signin: number; total: number }
  /** Epoch ms of the first and last event, null for an empty case. */
  first: number | null
  last: number | null
  files: number
  /** Events not yet in the search index (free text misses them until the index catches up). */
  unindexed: number
  /**
   * Filter indexes a bulk import dropped and has not rebuilt yet (it was stopped after its commit):
   * every query still answers, more slowly, until the next import builds them.
   */
  pendingIndexes: number
  /** Bumped whenever the case's content changes: caches and open views key on it. */
  generation: number
}

export interface RecentCase {
  path: string
  name: string
  openedAt: number
  exists: boolean
}

export interface AppState {
  version: string
  /** 'electron' in the app; 'harness' in the loopback test bridge (no native dialogs or drops). */
  shell: 'electron' | 'harness'
  case: CaseSummary | null
  recent: RecentCase[]
  importJob: ImportJobInfo | null
}

export interface CaseFileInfo {
  id: number
  path: string
  name: string
  sha256: string
  size: number
  format: string
  layout: string | null
  encoding: string
  records: number
  imported: number
  duplicates: number
  rejected: number
  /** Rows of a sign-in AuthDetails companion file joined to their sign-ins. */
  authDetails: number
  issuesTotal: number
  notes: string[]
  importedAt: string
}

export interface FileIssue {
  line: number | null
  reason: string
  excerpt: string | null
}

// ---------------------------------------------------------------------------------------------
// Explorer

export type SortOrder = 'asc' | 'desc'

/** Keyset position: the (ts, id) of the last row of the previous page. */
export interface Cursor {
  ts: number
  id: number
}

/** A grid row: every normalized scalar field; sources and modified properties stay in the detail. */
export type GridRow = Omit<EventJson, 'sources' | 'modifiedProperties'> & {
  ts: number
  kind: EventKind
  /** Names of the modified properties, comma-separated, for a compact column. */
  modified: string | null
  /** The analyst's star on this event (annotations, issue 6). */
  starred: boolean
  /** The analyst's tags on this event, sorted, comma-separated; null when untagged. */
  tags: string | null
}

export interface PageRequest {
  query: ExplorerQuery
  order: SortOrder
  after: Cursor | null
  limit: number
}

export interface EventPage {
  rows: GridRow[]
  next: Cursor | null
  ms: number
}

export interface FacetRequest {
  query: ExplorerQuery
  field: FacetField
  limit: number
}

export interface FacetValue {
  /** The value a term uses; null for "no value". */
  value: string | null
  /** What the sidebar shows (activities keep their original spelling). */
  label: string
  count: number
}

export interface FacetResult {
  field: FacetField
  values: FacetValue[]
  /** More values exist than were returned. */
  truncated: boolean
  /** Counts ignore this field's own terms, so other values stay visible and selectable. */
  ms: number
}

export interface HistogramRequest {
  query: ExplorerQuery
  /** Roughly how many bars to draw. */
  buckets: number
  /** Display zone: day and hour bars start at its midnights and hours. */
  zone: string
}

export interface Histogram {
  /** Bar i covers [origin + i·bucketMs, origin + (i+1)·bucketMs). */
  origin: number
  bucketMs: number
  counts: number[]
  /** The range drawn: the query's from/to, or the whole case. */
  from: number
  to: number
  total: number
  ms: number
}

export interface EventSourceDetail {
  fileId: number
  file: string
  name: string
  sha256: string
  line: number
  format: string
  layout: string | null
  /** The record exactly as in the file. */
  raw: string
  /** For CSV records: header → value pairs, in column order. */
  fields: [string, string][] | null
}

export interface EventDetail {
  event: EventJson & { ts: number }
  sources: EventSourceDetail[]
  /** The event this one mirrors (a unified-audit-log copy of a directory audit), if any. */
  mirrorOf: number | null
  /** Events that mirror this one. */
  mirrors: number[]
  /** The analyst's star, tags and comment on this event, if any. */
  annotation: Annotation | null
}

export type ExportFormat = 'csv' | 'ndjson' | 'json'

export interface ExportResult {
  path: string
  events: number
  ms: number
}

// ---------------------------------------------------------------------------------------------
// Import

export interface ImportFilePlan {
  path: string
  size: number
}

export interface ImportJobInfo {
  jobId: string
  files: ImportFilePlan[]
  /** Paths that were named but do not exist, or are not export file types inside folders. */
  skipped: string[]
  startedAt: number
}

export type ImportPhase = 'hashing' | 'reading' | 'finishing' | 'optimizing' | 'indexing'

export interface ImportProgressEvent {
  jobId: string
  file: string
  fileIndex: number
  fileCount: number
  phase: ImportPhase
  bytesRead: number
  bytesTotal: number
  events: number
  duplicates: number
  rejected: number
  /** Over the current file so far. */
  bytesPerSecond: number
  eventsPerSecond: number
  elapsedMs: number
}

export interface ImportFileSummary {
  path: string
  sha256: string | null
  format: string | null
  layout: string | null
  encoding: string | null
  status: 'imported' | 'already-imported' | 'failed'
  error: string | null
  records: number
  imported: number
  duplicates: number
  rejected: number
  authDetails: number
  issues: { line: number; reason: string }[]
  issuesTotal: number
  notes: string[]
}

export interface ImportFinishedEvent {
  jobId: string
  outcome: 'done' | 'cancelled' | 'failed'
  files: ImportFileSummary[]
  skipped: string[]
  error: AppError | null
  elapsedMs: number
}

// ---------------------------------------------------------------------------------------------
// Calls and events

/** Every call: its argument and the value of its Result. */
export interface Calls {
  getState: { arg: Empty; value: AppState }
  newCase: { arg: Empty; value: CaseSummary | null }
  /** `recent` must be a path from AppState.recent; null shows the open dialog. */
  openCase: { arg: { recent: string | null }; value: CaseSummary | null }
  saveCaseAs: { arg: Empty; value: CaseSummary | null }
  closeCase: { arg: Empty; value: null }
  /** Shows the open dialog (files, or folders) and starts importing what was chosen; null if cancelled. */
  chooseImport: { arg: { folders: boolean }; value: ImportJobInfo | null }
  /**
   * Imports files dropped on the window. The renderer passes the dropped File objects; the preload
   * turns them into paths (webUtils.getPathForFile), so only files the user really dropped can be named.
   */
  importDropped: { arg: { files: readonly unknown[] }; value: ImportJobInfo }
  cancelImport: { arg: { jobId: string }; value: null }
  listFiles: { arg: Empty; value: CaseFileInfo[] }
  fileIssues: { arg: { fileId: number; limit: number }; value: FileIssue[] }
  queryPage: { arg: PageRequest; value: EventPage }
  facet: { arg: FacetRequest; value: FacetResult }
  histogram: { arg: HistogramRequest; value: Histogram }
  eventDetail: { arg: { id: number }; value: EventDetail }
  /** Shows the save dialog and writes the events matching the query; null if cancelled. */
  exportEvents: { arg: { query: ExplorerQuery; format: ExportFormat }; value: ExportResult | null }

  // Investigation (issue 6)
  /** Runs every rule over the case, off the UI thread, and stores the findings. */
  scan: { arg: Empty; value: ScanResult }
  listFindings: { arg: FindingsRequest; value: FindingsOverview }
  findingDetail: { arg: { id: string }; value: FindingDetail }
  /** Triage of one or many findings; the note replaces the old one (null clears it). */
  setTriage: { arg: { ids: string[]; status: TriageStatus; note: string | null }; value: null }
  listSuppressions: { arg: Empty; value: Suppression[] }
  addSuppression: {
    arg: { rule: string; scope: SuppressionScope; value: string; note: string | null }
    value: Suppression
  }
  removeSuppression: { arg: { id: number }; value: null }
  userView: { arg: { user: string; windowMinutes: number }; value: UserView }
  entityView: { arg: { kind: EntityKind; value: string }; value: EntityView }
  annotate: { arg: AnnotateRequest; value: null }
  /** Everything annotated, newest change first; keyset on (updatedAt, eventId) of the last row. */
  listAnnotations: {
    arg: { limit: number; after: { updatedAt: string; eventId: number } | null }
    value: AnnotatedEvent[]
  }
  /** Every tag in the case with its count, for the tag picker. */
  listTags: { arg: Empty; value: { tag: string; count: number }[] }
  /** Newest first; `before` is the seq of the last entry shown. */
  caseLog: { arg: { limit: number; before: number | null }; value: CaseLogEntry[] }
  verifyCase: { arg: Empty; value: VerifyReport }
  /** Shows the save dialog and writes the report; times in `zone`, always labelled; null if cancelled. */
  exportReport: {
    /** `all`: the Timesketch export carries every event, not only evidence and annotated ones. */
    arg: { format: ReportFormat; zone: string; all?: boolean }
    value: ExportResult | null
  }
}

export type CallName = keyof Calls

export type MenuCommand = 'export' | 'focus-filter' | 'report'

/** Pushed from main to the renderer. */
export interface MainEvents {
  'case:changed': { case: CaseSummary | null }
  'import:started': ImportJobInfo
  'import:progress': ImportProgressEvent
  'import:finished': ImportFinishedEvent
  'menu:command': { command: MenuCommand }
  /** A scan finished (from the app or after an import): findings views refresh. */
  'findings:changed': { scan: ScanResult['scan'] }
  /** An event export running in its worker: events written so far (after each 1,000). */
  'export:progress': { events: number }
}

export type MainEventName = keyof MainEvents

export const MAIN_EVENTS = [
  'case:changed',
  'import:started',
  'import:progress',
  'import:finished',
  'menu:command',
  'findings:changed',
  'export:progress'
] as const satisfies readonly MainEventName[]

type Listener<E extends MainEventName> = (payload: MainEvents[E]) => void

/** What `window.api` is. */
export type AuthtrailApi = {
  [K in CallName]: (arg: Calls[K]['arg']) => Promise<Result<Calls[K]['value']>>
} & {
  /** Subscribes to a push event; returns the unsubscribe function. */
  on<E extends MainEventName>(event: E, listener: Listener<E>): () => void
}

/** `domain:verb` per call. */
export const CHANNELS = {
  getState: 'app:state',
  newCase: 'case:new',
  openCase: 'case:open',
  saveCaseAs: 'case:save-as',
  closeCase: 'case:close',
  chooseImport: 'import:choose',
  importDropped: 'import:dropped',
  cancelImport: 'import:cancel',
  listFiles: 'case:files',
  fileIssues: 'case:file-issues',
  queryPage: 'events:page',
  facet: 'events:facet',
  histogram: 'events:histogram',
  eventDetail: 'events:detail',
  exportEvents: 'events:export',
  scan: 'findings:scan',
  listFindings: 'findings:list',
  findingDetail: 'findings:detail',
  setTriage: 'findings:triage',
  listSuppressions: 'suppressions:list',
  addSuppression: 'suppressions:add',
  removeSuppression: 'suppressions:remove',
  userView: 'entities:user',
  entityView: 'entities:entity',
  annotate: 'annotations:set',
  listAnnotations: 'annotations:list',
  listTags: 'annotations:tags',
  caseLog: 'case:log',
  verifyCase: 'case:verify',
  exportReport: 'case:report'
} as const satisfies { readonly [K in CallName]: `${string}:${string}` }

export type Channel = (typeof CHANNELS)[CallName]

/**
 * What travels over the wire differs from the renderer API in one call: dropped files leave the
 * preload as paths.
 */
export type WireCalls = Omit<Calls, 'importDropped'> & {
  importDropped: { arg: { paths: string[] }; value: ImportJobInfo }
}

/** Main's side: one function per call, given an already validated argument. */
export type WireHandlers = {
  [K in CallName]: (arg: WireCalls[K]['arg']) => Promise<Result<WireCalls[K]['value']>>
}

export const CALL_BY_CHANNEL: ReadonlyMap<string, CallName> = new Map(
  (Object.entries(CHANNELS) as [CallName, string][]).map(([call, channel]) => [channel, call])
)

/** Grid columns a user can show, with their header labels (field names of the JSON form). */
export const GRID_COLUMNS = [
  ['time', 'Time'],
  ['kind', 'Kind'],
  ['activity', 'Activity'],
  ['result', 'Result'],
  ['userUpn', 'User'],
  ['actorUpn', 'Actor UPN'],
  ['actorName', 'Actor name'],
  ['ip', 'IP address'],
  ['country', 'Country'],
  ['city', 'City'],
  ['method', 'Method'],
  ['methodDetail', 'Method detail'],
  ['appName', 'Application'],
  ['service', 'Service'],
  ['category', 'Category'],
  ['operationType', 'Operation'],
  ['resultReason', 'Result reason'],
  ['errorCode', 'Error'],
  ['actorType', 'Actor type'],
  ['actorId', 'Actor id'],
  ['actorAppId', 'Actor app id'],
  ['targetType', 'Target type'],
  ['targetUpn', 'Target UPN'],
  ['targetName', 'Target name'],
  ['targetId', 'Target id'],
  ['userId', 'User id'],
  ['correlationId', 'Correlation id'],
  ['sessionId', 'Session id'],
  ['requestId', 'Request id'],
  ['appId', 'App id'],
  ['resource', 'Resource'],
  ['clientApp', 'Client app'],
  ['interactive', 'Interactive'],
  ['asn', 'ASN'],
  ['riskLevel', 'Risk level'],
  ['riskState', 'Risk state'],
  ['riskEventTypes', 'Risk events'],
  ['authRequirement', 'Auth requirement'],
  ['authMethods', 'Auth methods'],
  ['deviceId', 'Device id'],
  ['deviceName', 'Device'],
  ['os', 'OS'],
  ['browser', 'Browser'],
  ['userAgent', 'User agent'],
  ['conditionalAccess', 'Conditional Access'],
  ['modified', 'Modified properties'],
  ['id', 'Event id']
] as const satisfies readonly (readonly [keyof GridRow, string])[]

export type GridColumn = (typeof GRID_COLUMNS)[number][0]

/** The grid field each pivot button and facet value filters on. */
export const PIVOTS = [
  ['user', 'userUpn', 'this user'],
  ['ip', 'ip', 'this IP'],
  ['correlation', 'correlationId', 'this correlation id'],
  ['session', 'sessionId', 'this session']
] as const satisfies readonly (readonly [QueryField, keyof GridRow, string])[]
