/**
 * What a case report holds, gathered from the case (gather.ts) and formatted without touching the
 * database (html.ts, json.ts, timesketch.ts). The parts that grow with the case (event rows,
 * annotations, log entries) are functions that return one page at a time.
 */
import type { CaseLogEntry, FindingRow, Suppression, Annotation } from '../../shared/ipc/case-work'
import type { GridRow } from '../../shared/ipc/contract'
import type { Severity } from '../../shared/rules/types'
import type { CaseFileInfo } from '../../shared/ipc/contract'
import type { MethodsReport } from '../scan/scan-service'

export interface ReportCase {
  name: string
  path: string
  /** ISO 8601 UTC, from the case file. */
  createdAt: string | null
  /** Epoch ms of the first and last event. */
  first: number | null
  last: number | null
  events: { audit: number; signin: number; total: number; mirrors: number }
  annotated: number
  starred: number
}

export interface ReportScan {
  /** ISO 8601 UTC. */
  finishedAt: string
  events: number
  /** Events imported after the scan: the findings may not cover them. */
  staleBy: number
  rulesRan: number
  couldNotRun: { rule: string; title: string; reason: string | null }[]
}

export interface ReportFinding extends FindingRow {
  /** The rule's description: what it looks for and why it matters. */
  explanation: string
  attack: string[]
  facts: Record<string, unknown>
  evidence: number[]
  /** The active suppression that hides it (suppressed findings are listed apart). */
  suppression: Suppression | null
}

export interface ReportUser {
  user: string
  /** Findings on the user that are not suppressed, and the most severe of them. */
  findings: number
  maxSeverity: Severity
  timeline: MethodsReport
}

export interface ReportLog {
  entries: number
  /** The hash of the last entry that follows from the ones before it. */
  lastHash: string
  holds: boolean
  problem: string | null
}

export interface AnnotatedRow {
  annotation: Annotation
  row: GridRow
}

/** One event of the exported timeline with what the analyst and the rules said about it. */
export interface TimelineEvent {
  row: GridRow
  annotation: Annotation | null
  /** Ids of the findings citing it. */
  findings: string[]
}

export interface ReportData {
  /** Epoch ms. */
  generatedAt: number
  generator: string
  /** IANA zone every displayed time is shown in (and labelled with). */
  zone: string
  case: ReportCase
  sources: CaseFileInfo[]
  scan: ReportScan | null
  /** Most severe first. */
  findings: ReportFinding[]
  /** Every suppression, lifted ones included. */
  suppressions: Suppression[]
  /** Users of the active findings, most severe first; at most `userLimit` with timelines. */
  users: ReportUser[]
  usersOmitted: number
  log: ReportLog
  /** Grid rows of these events, in the given order. */
  rows(ids: readonly number[]): GridRow[]
  /** Annotated events in event time order, page by page. */
  annotatedPages(): Iterable<AnnotatedRow[]>
  /** Case log entries, oldest first, page by page. */
  logPages(): Iterable<CaseLogEntry[]>
  /** How many events timelinePages(false) yields: those cited by a finding or annotated. */
  eventsOfInterest: number
  /** Events in time order, page by page: those of interest, or every event of the case. */
  timelinePages(all: boolean): Iterable<TimelineEvent[]>
}
