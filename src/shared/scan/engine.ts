import { RULES } from '../rules'
import {
  atLeast,
  isCouldNotRun,
  type Finding,
  type FindingDraft,
  type Rule,
  type Severity,
  type Thresholds
} from '../rules/types'
import type { ScanContext } from './context'
import { findingId } from './finding-id'

export interface ScanOptions {
  /** Rule ids to run (default: the whole catalog). */
  rules?: readonly string[]
  /** Per-rule threshold overrides. */
  thresholds?: Readonly<Record<string, Partial<Thresholds>>>
}

export interface RuleRun {
  rule: string
  title: string
  status: 'ran' | 'could-not-run'
  /** Why the rule could not run. */
  reason: string | null
  findings: FindingDraft[]
}

export function selectRules(ids: readonly string[] | undefined): Rule[] {
  if (!ids || ids.length === 0) return [...RULES]
  const want = new Set(ids.map((x) => x.trim().toUpperCase()))
  const unknown = [...want].filter((id) => !RULES.some((r) => r.meta.id === id))
  if (unknown.length) throw new Error(`unknown rule id(s): ${unknown.join(', ')}`)
  return RULES.filter((r) => want.has(r.meta.id))
}

/** Evaluates rules over one scan context. Pure: the same context gives the same findings. */
export function runRules(ctx: ScanContext, options: ScanOptions = {}): RuleRun[] {
  return selectRules(options.rules).map((rule) => {
    const thresholds = {
      ...rule.meta.thresholds,
      ...(options.thresholds?.[rule.meta.id] ?? {})
    } as Thresholds
    const out = rule.evaluate(ctx, thresholds)
    if (isCouldNotRun(out))
      return {
        rule: rule.meta.id,
        title: rule.meta.title,
        status: 'could-not-run',
        reason: out.couldNotRun,
        findings: []
      }
    return { rule: rule.meta.id, title: rule.meta.title, status: 'ran', reason: null, findings: [...out] }
  })
}

/**
 * Gives drafts their stable ids and ISO times. `anchorKey` resolves an anchor event to its
 * content fingerprint (the case's fp column), which survives re-imports; literal anchors are used
 * as they are. Two drafts of one rule with the same id are merged (evidence united, highest severity).
 */
export function finalize(runs: readonly RuleRun[], anchorKey: (eventId: number) => string): Finding[] {
  const out = new Map<string, Finding>()
  for (const run of runs) {
    for (const d of run.findings) {
      const anchor = 'event' in d.anchor ? `event:${anchorKey(d.anchor.event)}` : `key:${d.anchor.key}`
      const id = findingId(run.rule, d.users, anchor)
      const prev = out.get(id)
      if (prev) {
        out.set(id, {
          ...prev,
          severity: atLeast(d.severity, prev.severity) ? d.severity : prev.severity,
          evidence: [...new Set([...prev.evidence, ...d.evidence])],
          start: new Date(Math.min(Date.parse(prev.start), d.start)).toISOString(),
          end: new Date(Math.max(Date.parse(prev.end), d.end)).toISOString()
        })
        continue
      }
      out.set(id, {
        id,
        rule: run.rule,
        title: run.title,
        severity: d.severity,
        users: d.users,
        start: new Date(d.start).toISOString(),
        end: new Date(d.end).toISOString(),
        evidence: [...new Set(d.evidence)],
        summary: d.summary,
        facts: d.facts
      })
    }
  }
  return [...out.values()].sort(compareFindings)
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.start.localeCompare(b.start) || a.rule.localeCompare(b.rule) || a.id.localeCompare(b.id)
}

export function filterBySeverity(findings: readonly Finding[], min: Severity): Finding[] {
  return findings.filter((f) => atLeast(f.severity, min))
}
