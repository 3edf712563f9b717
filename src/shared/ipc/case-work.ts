/**
 * The contract types of the investigation workbench (issue 6): findings and their triage,
 * suppressions, the user and entity views, annotations, the case log and reports. The calls that
 * carry them are listed in `Calls` (contract.ts) like every other call.
 */
import type { Method } from '../model/event'
import type { InventoryOp } from '../inventory/inventory'
import type { Facts, ResponseGuidance, Severity } from '../rules/types'
import type { GridRow } from './contract'

// ---------------------------------------------------------------------------------------------
// Findings and triage

export const TRIAGE_STATUSES = ['new', 'investigating', 'malicious', 'benign', 'false-positive'] as const
export type TriageStatus = (typeof TRIAGE_STATUSES)[number]

export interface Triage {
  status: TriageStatus
  note: string | null
  /** ISO 8601 UTC; null while untouched ('new'). */
  updatedAt: string | null
}

export interface FindingRow {
  id: string
  rule: string
  title: string
  severity: Severity
  users: string[]
  /** Epoch ms. */
  start: number
  end: number
  summary: string
  evidenceCount: number
  triage: Triage
  /** The active suppression that hides this finding, if any. */
  suppressedBy: number | null
}

export interface RuleCount {
  rule: string
  title: string
  severity: Severity
  /** Findings of the last scan, suppressed ones included: how noisy the rule is. */
  findings: number
  suppressed: number
  /** 'ran' or 'could-not-run' with the reason (e.g. no sign-ins imported). */
  status: 'ran' | 'could-not-run' | 'not-run'
  reason: string | null
}

export interface ScanInfo {
  /** ISO 8601 UTC. */
  finishedAt: string
  events: number
  findings: number
}

export interface FindingsRequest {
  minSeverity: Severity
  rule: string | null
  user: string | null
  status: TriageStatus | null
  includeSuppressed: boolean
}

export interface FindingsOverview {
  /** Most severe first, then by rule, then by time. */
  findings: FindingRow[]
  rules: RuleCount[]
  lastScan: ScanInfo | null
  /** Events imported after the last scan finished: the findings may be stale. */
  staleBy: number
}

export interface RuleInfo {
  id: string
  title: string
  severity: Severity
  attack: string[]
  description: string
  falsePositives: string[]
  references: string[]
  guidance: ResponseGuidance
}

export interface FindingDetail {
  finding: FindingRow
  facts: Facts
  rule: RuleInfo
  /** The evidence events in the finding's order (the anchor first). */
  evidence: GridRow[]
}

export interface ScanResult {
  scan: ScanInfo
  added: number
  updated: number
  removed: number
  ms: number
}

export const SUPPRESSION_SCOPES = ['user', 'ip'] as const
export type SuppressionScope = (typeof SUPPRESSION_SCOPES)[number]

export interface Suppression {
  id: number
  rule: string
  scope: SuppressionScope
  value: string
  note: string | null
  createdAt: string
  /** Set when lifted; lifted suppressions stay listed for the record. */
  removedAt: string | null
  /** Findings it hides now. */
  hides: number
}

// ---------------------------------------------------------------------------------------------
// The user view

export interface UserMethod {
  method: Method
  detail: string | null
  isDefault: boolean
  /** Epoch ms it appeared in the data; null when present before the data starts. */
  since: number | null
  evidence: number | null
  source: 'audit' | 'sign-in'
}

/** A sign-in near a change, with what was new about it for this user at that time. */
export interface SignInMark {
  row: GridRow
  newIp: boolean
  newCountry: boolean
  newAsn: boolean
  risky: boolean
}

export interface UserChange {
  ts: number
  op: InventoryOp
  method: Method | null
  detail: string | null
  evidence: number[]
  activity: string | null
  reason: string | null
  actor: string | null
  byOther: boolean
  ip: string | null
  /** Sign-ins of the user within ±windowMinutes of the change. */
  around: SignInMark[]
  /** For an added method: the first sign-ins that used it (at most a few). */
  usedBy: GridRow[]
}

export interface UserView {
  user: string
  displayName: string | null
  userId: string | null
  events: number
  signins: number
  first: number | null
  last: number | null
  /** Privileged (role events) and the case lists the user is on (vip, break-glass, …). */
  privileged: boolean
  lists: string[]
  /** Methods at the first and last event of the case. */
  methodsAtStart: UserMethod[]
  methodsNow: UserMethod[]
  changes: UserChange[]
  /** Authenticator version rewrites that were not counted as changes. */
  rewrites: number
  /** Baseline: distinct sign-in IPs, countries and ASNs seen for the user. */
  knownIps: number
  knownCountries: string[]
  findings: FindingRow[]
  windowMinutes: number
}

// ---------------------------------------------------------------------------------------------
// Entity views

export const ENTITY_KINDS = ['ip', 'phone', 'device', 'actor'] as const
export type EntityKind = (typeof ENTITY_KINDS)[number]

export interface EntityUser {
  user: string
  events: number
  signins: number
  changes: number
  first: number
  last: number
}

export interface EntityHolder {
  user: string
  /** As logged. */
  value: string
  first: number
  evidence: number
  /** Registered inside the data (rather than already there when the data starts). */
  added: boolean
  /** Who registered it, when known. */
  actor: string | null
}

export interface EntityView {
  kind: EntityKind
  value: string
  first: number | null
  last: number | null
  /** ip: the users seen from it; actor: the users it changed. */
  users: EntityUser[]
  /** phone and device: every account it was registered on. */
  holders: EntityHolder[]
  /** ip: countries, cities and ASNs logged for it. */
  places: { country: string | null; city: string | null; asn: number | null; events: number }[]
  /** Security-info changes made from this IP, to or by this actor, or with this phone or device. */
  changes: GridRow[]
  signins: number
  events: number
  findings: FindingRow[]
}

// ---------------------------------------------------------------------------------------------
// Annotations

export interface Annotation {
  eventId: number
  starred: boolean
  tags: string[]
  comment: string | null
  updatedAt: string
}

/** Changes applied to every event of `ids`; absent keys leave that part as it is. */
export interface AnnotateRequest {
  ids: number[]
  addTags?: string[]
  removeTags?: string[]
  starred?: boolean
  /** A string sets the comment, null clears it. */
  comment?: string | null
}

export interface AnnotatedEvent {
  annotation: Annotation
  row: GridRow
}

// ---------------------------------------------------------------------------------------------
// Case log and reports

export const CASE_LOG_ACTIONS = [
  'case-created',
  'import',
  'scan',
  'triage',
  'suppress',
  'unsuppress',
  'annotate',
  'list-change',
  'export',
  'report'
] as const
export type CaseLogAction = (typeof CASE_LOG_ACTIONS)[number]

export interface CaseLogEntry {
  seq: number
  /** ISO 8601 UTC. */
  at: string
  action: CaseLogAction
  summary: string
  detail: Record<string, unknown>
  hash: string
}

export interface VerifyReport {
  ok: boolean
  entries: number
  /** The first entry whose hash does not follow from its text and the previous hash. */
  brokenAt: number | null
  /** The hash of the last entry: a copy kept outside the case pins the whole log. */
  lastHash: string
  /** Per source file: whether it was found at its recorded path and still has its hash. */
  sources: { path: string; sha256: string; status: 'match' | 'changed' | 'missing' }[]
  problems: string[]
}

export const REPORT_FORMATS = ['html', 'json', 'timesketch'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]
