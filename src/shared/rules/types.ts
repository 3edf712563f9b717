import type { ScanContext } from '../scan/context'
import type { ScanEvent } from '../scan/scan-event'
import type { CaseLists } from '../scan/case-lists'

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s)
}

export function atLeast(s: Severity, min: Severity): boolean {
  return severityRank(s) >= severityRank(min)
}

/** One step up (or down with a negative step), clamped to the scale. */
export function shiftSeverity(s: Severity, step: number): Severity {
  const i = Math.max(0, Math.min(SEVERITIES.length - 1, severityRank(s) + step))
  return SEVERITIES[i] as Severity
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b
}

/** DETECTIONS.md §1 type codes. */
export type RuleType =
  'single-event' | 'sequence' | 'sign-in-aggregate' | 'cross-user' | 'timing' | 'privileged'

export type LogKind = 'audit' | 'signin'

/** A rule's configurable numbers, with the catalog's defaults in its metadata. */
export type Thresholds = Readonly<Record<string, number>>

/** One step of the response guidance: what to do, where in the portal, and the API call. */
export interface ResponseStep {
  action: string
  /** Microsoft Entra admin center path, e.g. "Entra ID > Users > All users > (user) > Authentication methods". */
  portal: string | null
  /** Microsoft Graph request, e.g. "POST /users/{id}/revokeSignInSessions". */
  graph: string | null
  /** Microsoft Graph PowerShell, e.g. "Revoke-MgUserSignInSession -UserId <upn>". */
  powershell: string | null
}

export interface ResponseGuidance {
  confirm: readonly ResponseStep[]
  contain: readonly ResponseStep[]
  remediate: readonly ResponseStep[]
}

export interface RuleMeta {
  id: string
  title: string
  type: RuleType
  /** The base severity; findings may be raised or lowered by context, as the description says. */
  severity: Severity
  attack: readonly string[]
  /** Logs without which the rule cannot run at all. */
  requires: readonly LogKind[]
  /** Logs that sharpen the rule when present (e.g. sign-ins for the TAP lifecycle). */
  uses: readonly LogKind[]
  description: string
  falsePositives: readonly string[]
  references: readonly string[]
  thresholds: Thresholds
  /** What each threshold means, for the UI and `--help`. */
  thresholdNotes: Readonly<Record<string, string>>
  guidance: ResponseGuidance
}

/** Structured facts of a finding: plain data the UI can lay out as a table. */
export type FactValue = string | number | boolean | null | readonly string[] | readonly number[]
export type Facts = Readonly<Record<string, FactValue>>

/** A finding as a rule produces it; the engine adds the rule, the stable id and ISO times. */
export interface FindingDraft {
  severity: Severity
  /** User keys (lower-cased UPNs), the primary user first. */
  users: readonly string[]
  start: number
  end: number
  /** Event ids, the anchor first; every finding links to its evidence. */
  evidence: readonly number[]
  /**
   * What makes this finding itself, for its stable id: an event id (resolved to the event's
   * content fingerprint, which survives re-imports) or a literal key such as an hour bucket.
   */
  anchor: { event: number } | { key: string }
  /** One or two sentences with the concrete facts. */
  summary: string
  facts: Facts
}

export interface Finding {
  id: string
  rule: string
  title: string
  severity: Severity
  users: readonly string[]
  /** ISO 8601 UTC. */
  start: string
  end: string
  evidence: readonly number[]
  summary: string
  facts: Facts
}

/** Why a rule produced nothing although it was asked to run. */
export interface CouldNotRun {
  couldNotRun: string
}

export type RuleOutput = readonly FindingDraft[] | CouldNotRun

/** An embedded example (panther-analysis style): a few events and what the rule must do with them. */
export interface RuleExample {
  name: string
  events: readonly ScanEvent[]
  lists?: Partial<CaseLists>
  /**
   * `{ fires: s }`: at least one finding at severity s or higher; `{ silent: s }`: no finding at s or
   * higher (`silent: 'info'` means no finding at all); `'could-not-run'`: the rule reports that it could not run.
   */
  expect: { fires: Severity } | { silent: Severity } | 'could-not-run'
  /** Mirrors a known false positive of the catalog (the spec lists them apart). */
  falsePositive?: boolean
}

export interface Rule {
  meta: RuleMeta
  evaluate(ctx: ScanContext, thresholds: Thresholds): RuleOutput
  examples: readonly RuleExample[]
}

export function couldNotRun(reason: string): CouldNotRun {
  return { couldNotRun: reason }
}

export function isCouldNotRun(o: RuleOutput): o is CouldNotRun {
  return !Array.isArray(o) && typeof (o as CouldNotRun).couldNotRun === 'string'
}
