/**
 * Builds scan events for rule, inventory and baseline tests: the rules' own example builder
 * (src/shared/rules/examples.ts) plus shortcuts to run one rule over a few events.
 */
import { ruleById } from '../../src/shared/rules'
import { isCouldNotRun, type FindingDraft, type Thresholds } from '../../src/shared/rules/types'
import { EMPTY_LISTS, type CaseLists } from '../../src/shared/scan/case-lists'
import { ScanContext } from '../../src/shared/scan/context'
import type { ScanEvent } from '../../src/shared/scan/scan-event'

export * from '../../src/shared/rules/examples'

export function contextOf(events: readonly ScanEvent[], lists: Partial<CaseLists> = {}): ScanContext {
  return new ScanContext(events, { ...EMPTY_LISTS, ...lists })
}

/** Findings of one rule (throws when the rule could not run). */
export function findings(
  id: string,
  events: readonly ScanEvent[],
  lists: Partial<CaseLists> = {},
  thresholds: Partial<Thresholds> = {}
): FindingDraft[] {
  const rule = ruleById(id)
  if (!rule) throw new Error(`no rule ${id}`)
  const out = rule.evaluate(contextOf(events, lists), {
    ...rule.meta.thresholds,
    ...thresholds
  } as Thresholds)
  if (isCouldNotRun(out)) throw new Error(`${id} could not run: ${out.couldNotRun}`)
  return [...out]
}

/** Why a rule could not run, or null when it ran. */
export function couldNotRunReason(id: string, events: readonly ScanEvent[]): string | null {
  const rule = ruleById(id)
  if (!rule) throw new Error(`no rule ${id}`)
  const out = rule.evaluate(contextOf(events), rule.meta.thresholds)
  return isCouldNotRun(out) ? out.couldNotRun : null
}
