import { afterEach, describe, expect, it } from 'vitest'
import { importFixtures, type Case } from '../helpers/import-fixture'

/**
 * The parse worker posts batches as they fill, but not while the file may still be refused as a
 * whole: a refused file's report must not count records that were read before the refusal.
 */
describe('a file refused after its first records', () => {
  let c: Case | undefined
  afterEach(() => c?.cleanup())

  it('reports nothing read from 1,500 JSON records of no known schema', async () => {
    const text = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ foo: i, pad: 'x'.repeat(40) })).join(
      '\n'
    )
    const r = await importFixtures({ 'unknown.jsonl': `${text}\n` })
    c = r.c
    const report = r.file('unknown.jsonl')
    expect(report.status).toBe('failed')
    expect(report.error).toMatch(/first 1,000 JSON records/)
    expect(report.records).toBe(0)
    expect(report.rejected).toBe(0)
  })
})
