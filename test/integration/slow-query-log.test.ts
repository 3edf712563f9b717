/**
 * The slow-query log: pages (main thread) and aggregates (through the query runners, timed where
 * they ran) over their threshold reach the console and the ring with their shape — field names
 * and counts — and never the values investigated.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { eventPage } from '../../src/main/db/explorer'
import {
  configureSlowQueryLog,
  DEFAULT_SLOW_MS,
  queryShape,
  SLOW_RING_SIZE,
  slowQueries
} from '../../src/main/db/slow-query-log'
import { importIntoCase } from '../../src/main/import/import-job'
import { CaseSession } from '../../src/main/services/case-session'
import { InlineQueryRunner, WorkerQueryRunner } from '../../src/main/services/query-runner'
import type { ExplorerQuery } from '../../src/shared/ipc/query'
import { tempCase } from '../helpers/temp-case'

const USER = 'isabella.garcia@corp.example.com'
const Q: ExplorerQuery = {
  terms: [
    { field: 'user', value: USER, negate: false },
    { field: 'result', value: 'failure', negate: true },
    { field: 'ip', value: '203.0.113.7', negate: false },
    { field: 'ip', value: '203.0.113.8', negate: false }
  ],
  text: 'passkey chrome',
  from: 0,
  to: Date.UTC(2100, 0, 1)
}

describe('slow-query log', () => {
  let t: ReturnType<typeof tempCase>
  let session: CaseSession
  const lines: string[] = []
  let restore: ReturnType<typeof configureSlowQueryLog>
  beforeAll(async () => {
    t = tempCase()
    await importIntoCase(t.db, ['samples/event-hub'])
    t.db.close()
    session = new CaseSession()
    await session.open(t.casePath)
    restore = configureSlowQueryLog({ write: (l) => lines.push(l) })
  })
  afterEach(() => {
    configureSlowQueryLog({ thresholds: DEFAULT_SLOW_MS, clear: true })
    lines.length = 0
  })
  afterAll(() => {
    configureSlowQueryLog({ ...restore, clear: true })
    session?.close()
    t?.cleanup()
  })

  it('describes a query by its fields and counts, without values', () => {
    const shape = queryShape(Q)
    expect(shape).toBe('user=1 result!=1 ip=2 text(2 words) range')
    for (const value of [USER, 'failure', '203.0.113', 'passkey', 'chrome'])
      expect(shape).not.toContain(value)
    expect(queryShape({ terms: [], text: '', from: null, to: null })).toBe('all events')
  })

  it('records pages and aggregates over their thresholds, in the ring and on the console', async () => {
    configureSlowQueryLog({ thresholds: { page: 0, facet: 0, histogram: 0 } })
    const page = eventPage(session.connection(), { ...Q, text: '' }, 'desc', null, 10)
    const inline = new InlineQueryRunner(session)
    const facet = await inline.run('facet', { query: Q, field: 'user', limit: 5 })
    const worker = new WorkerQueryRunner(session, 1)
    try {
      const h = await worker.run('histogram', { query: Q, buckets: 20, zone: 'UTC' }, 'h')
      const log = slowQueries()
      expect(log.map((e) => [e.op, e.shape, e.rows])).toEqual([
        ['page', 'page desc; user=1 result!=1 ip=2 range', page.rows.length],
        ['facet', 'facet user; user=1 result!=1 ip=2 text(2 words) range', facet.values.length],
        ['histogram', 'histogram; user=1 result!=1 ip=2 text(2 words) range', h.counts.length]
      ])
      // The worker's own measurement, not the time spent queued.
      expect(log[2]?.ms).toBe(h.ms)
      expect(log.every((e) => /^\d{4}-\d\d-\d\dT.*Z$/.test(e.at))).toBe(true)
      expect(lines).toHaveLength(3)
      expect(lines[1]).toMatch(/^\[slow query\] facet user; .*: [\d.]+ ms, \d+ rows?$/)
      for (const l of lines) expect(l).not.toMatch(/isabella|203\.0\.113|passkey|chrome|failure/)
    } finally {
      await worker.close()
    }
  })

  it('leaves fast queries out and keeps only the newest entries', () => {
    configureSlowQueryLog({ thresholds: { page: 60_000 } })
    eventPage(session.connection(), Q, 'asc', null, 10)
    expect(slowQueries()).toHaveLength(0)
    configureSlowQueryLog({ thresholds: { page: 0 } })
    for (let i = 0; i < SLOW_RING_SIZE + 5; i++)
      eventPage(
        session.connection(),
        { ...Q, terms: [], text: '' },
        i < SLOW_RING_SIZE ? 'asc' : 'desc',
        null,
        1
      )
    const log = slowQueries()
    expect(log).toHaveLength(SLOW_RING_SIZE)
    expect(log.filter((e) => e.shape === 'page desc; range')).toHaveLength(5)
    expect(log.at(-1)?.shape).toBe('page desc; range')
  })
})
