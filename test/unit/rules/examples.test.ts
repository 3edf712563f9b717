import { describe, expect, it } from 'vitest'
import { RULES } from '../../../src/shared/rules'
import { atLeast, isCouldNotRun, type Rule, type RuleExample } from '../../../src/shared/rules/types'
import { EMPTY_LISTS } from '../../../src/shared/scan/case-lists'
import { ScanContext } from '../../../src/shared/scan/context'

function run(rule: Rule, example: RuleExample) {
  const ctx = new ScanContext(example.events, { ...EMPTY_LISTS, ...example.lists })
  return rule.evaluate(ctx, rule.meta.thresholds)
}

/** Every rule's embedded examples (panther-analysis style): what fires, what stays silent, what cannot run. */
describe.each(RULES.map((r) => [r.meta.id, r] as const))('%s examples', (_id, rule) => {
  it('has a positive example and a known-false-positive or negative example', () => {
    expect(rule.examples.some((e) => e.expect !== 'could-not-run' && 'fires' in e.expect)).toBe(true)
    expect(rule.examples.some((e) => e.expect !== 'could-not-run' && 'silent' in e.expect)).toBe(true)
  })
  it('mirrors at least one false positive the catalog names', () => {
    expect(rule.examples.some((e) => e.falsePositive)).toBe(true)
  })
  for (const example of rule.examples) {
    it(example.name, () => {
      const out = run(rule, example)
      if (example.expect === 'could-not-run') {
        expect(isCouldNotRun(out)).toBe(true)
        return
      }
      if (isCouldNotRun(out)) throw new Error(`could not run: ${out.couldNotRun}`)
      const expectation = example.expect
      if ('fires' in expectation) {
        const severities = out.map((f) => f.severity)
        expect(
          severities.some((s) => atLeast(s, expectation.fires)),
          `severities: ${severities.join(', ')}`
        ).toBe(true)
        for (const f of out) {
          expect(f.evidence.length).toBeGreaterThan(0)
          expect(f.summary).toMatch(/\.$/)
        }
      } else {
        const loud = out.filter((f) => atLeast(f.severity, expectation.silent))
        expect(loud.map((f) => `${f.severity}: ${f.summary}`)).toEqual([])
      }
    })
  }
})
