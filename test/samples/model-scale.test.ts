import { describe, expect, it } from 'vitest'
import { kindsOf, scaleOptions } from '../../scripts/samples/generate'
import { buildModel, DEFAULT_OPTIONS, records, timedRecords } from '../../scripts/samples/model/index'

describe('scale mode', () => {
  it('streams 200k records from a generator without building an array', () => {
    const model = buildModel({ users: 400, days: 70, density: 3, auditDensity: 60 })
    const stream = records(model, 200_000)
    expect(Array.isArray(stream)).toBe(false)
    expect(typeof stream.next).toBe('function')
    let count = 0
    let audit = 0
    let last = -Infinity
    let outOfOrder = 0
    const seenStories = new Set<string>()
    const storyIds = new Map(model.stories.flatMap((s) => s.records.map((r) => [r.record.value.id, s.def.id] as const)))
    for (const r of timedRecords(model, 200_000)) {
      count++
      if (r.record.kind === 'audit') audit++
      if (r.t < last) outOfOrder++
      last = r.t
      const story = storyIds.get(r.record.value.id)
      if (story) seenStories.add(story)
    }
    expect(count).toBe(200_000)
    expect(outOfOrder).toBe(0)
    expect(audit).toBeGreaterThan(5_000)
    expect(count - audit).toBeGreaterThan(100_000)
    // The stories sit in the first two weeks, well before the 200,000th record.
    expect(seenStories.size).toBe(model.stories.length)
    // The stream can be started again and gives the same first records (it holds no state of its own).
    const first = records(model, 3)
    const again = records(model, 3)
    expect([...first].map((r) => r.value.id)).toEqual([...again].map((r) => r.value.id))
  })

  it('sizes large runs with more users and days, capped so that a day stays small', () => {
    const signins = scaleOptions(DEFAULT_OPTIONS, 1_000_000, ['portal-signin-csv'], null)
    expect(signins.users).toBeGreaterThan(DEFAULT_OPTIONS.users)
    expect(signins.users).toBeLessThanOrEqual(2000)
    expect(signins.days).toBeGreaterThanOrEqual(40)
    expect(signins.auditDensity).toBe(1)
    const auditOnly = scaleOptions(DEFAULT_OPTIONS, 1_000_000, ['graph-audit-ndjson'], null)
    expect(auditOnly.auditDensity).toBeGreaterThan(100)
    expect(auditOnly.users).toBe(DEFAULT_OPTIONS.users)
    expect(kindsOf('azure-monitor-eventhub')).toEqual(['audit', 'signin'])
    expect(kindsOf('la-signin-csv')).toEqual(['signin'])
  })
})
