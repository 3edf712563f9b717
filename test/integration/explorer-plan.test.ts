/**
 * The explorer's statements against a case of 40,000 synthetic events: results agree with plain
 * SQL, and EXPLAIN QUERY PLAN shows the intended index for the default sort, keyset pages, each
 * facet and the histogram — never a sort of the whole table, never a full table scan.
 */
import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  eventDetail,
  eventPage,
  facetCounts,
  facetSql,
  FACET_INDEX,
  FTS_SMALL,
  histogram,
  histogramSql,
  MATCH_BYTE,
  pageSql,
  resetExplorerCaches
} from '../../src/main/db/explorer'
import { openCase } from '../../src/main/db/open'
import { indexPendingText } from '../../src/main/db/search-index'
import { FACET_FIELDS, type ExplorerQuery, type Term } from '../../src/shared/ipc/query'
import { tempCase, type TempDir } from '../helpers/temp-case'

const N = 40_000
const T0 = Date.UTC(2026, 9, 1)
const Q = (q: Partial<ExplorerQuery> = {}): ExplorerQuery => ({
  terms: [],
  text: '',
  from: null,
  to: null,
  ...q
})
const term = (field: Term['field'], value: string | null, negate = false): Term => ({ field, value, negate })

function fill(db: Database): void {
  const insert = db.prepare(
    `INSERT INTO events (kind, ts, activity, activity_key, service, result, actor_upn, actor_name, ip, user_upn, method,
       country, app_name, correlation_id, session_id, user_agent, fp)
     VALUES (?, ?, ?, lower(?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const activities = [
    'Sign-in activity',
    'User registered security info',
    'Admin deleted security info',
    'Reset user password',
    'Update user'
  ]
  const services = [
    'Sign-in logs',
    'Authentication Methods',
    'Core Directory',
    'Self-service Password Management'
  ]
  db.transaction(() => {
    // mulberry32: every value of every range occurs (an LCG's low bits would not).
    let seed = 7
    const rnd = (n: number): number => {
      seed = (seed + 0x6d2b79f5) | 0
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
      return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n)
    }
    for (let i = 0; i < N; i++) {
      const signin = rnd(10) < 8
      const user = `user${rnd(300)}@corp.example.com`
      const act = signin ? activities[0] : activities[1 + rnd(4)]
      insert.run(
        signin ? 'signin' : 'audit',
        T0 + rnd(30 * 86_400_000),
        act,
        act,
        signin ? services[0] : services[1 + rnd(3)],
        rnd(20) === 0 ? 'failure' : 'success',
        signin ? user : null,
        signin ? null : rnd(2) ? 'MS-PIM' : 'Azure MFA',
        rnd(50) === 0 ? null : `192.0.2.${rnd(250)}`,
        user,
        signin ? ['microsoft-authenticator', 'phone-sms', 'password'][rnd(3)] : null,
        ['GB', 'US', 'DE', 'RO'][rnd(4)],
        signin ? ['Office 365', 'Azure Portal', 'Microsoft Teams'][rnd(3)] : null,
        `corr-${rnd(5000)}`,
        signin ? `sess-${rnd(3000)}` : null,
        signin && rnd(3) ? 'Mozilla/5.0 Chrome/129.0' : 'python-requests/2.31',
        `fp${i}`
      )
    }
    db.prepare(
      `INSERT INTO files (path, name, sha256, size, format, encoding, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)`
    ).run(
      '/evidence/x.csv',
      'x.csv',
      'ab'.repeat(32),
      10,
      'entra-portal-signin-csv',
      'utf-8',
      new Date(0).toISOString()
    )
    db.prepare(
      `INSERT INTO event_sources (event_id, file_id, line, raw) VALUES (1, 1, 2, '{"id":"x"}')`
    ).run()
  })()
  indexPendingText(db)
  db.exec('ANALYZE')
}

describe('explorer statements and their query plans', () => {
  let t: TempDir & { casePath: string; db: Database }
  let db: Database

  beforeAll(() => {
    t = tempCase()
    fill(t.db)
    t.db.close()
    db = openCase(t.casePath, { readonly: true })
  })
  afterAll(() => {
    db?.close()
    t?.cleanup()
  })

  const planOf = (sql: string, params: unknown[]): string =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
      .map((r) => r.detail)
      .join('; ')
  const pagePlan = (
    q: ExplorerQuery,
    order: 'asc' | 'desc' = 'asc',
    after: { ts: number; id: number } | null = null
  ): string => {
    const { sql, params } = pageSql(db, q, order, after)
    return planOf(sql, [...params, 201])
  }

  it('pages through every event in (ts, id) order without gaps or repeats, both directions', () => {
    for (const order of ['asc', 'desc'] as const) {
      const q = Q({ terms: [term('result', 'failure')] })
      const ids: number[] = []
      let after = null
      for (;;) {
        const page = eventPage(db, q, order, after, 333)
        ids.push(...page.rows.map((r) => r.id))
        if (!page.next) break
        after = page.next
      }
      const dir = order === 'asc' ? 'ASC' : 'DESC'
      const expected = db
        .prepare(`SELECT id FROM events WHERE result = 'failure' ORDER BY ts ${dir}, id ${dir}`)
        .pluck()
        .all()
      expect(ids).toEqual(expected)
    }
  })

  it('serves the default sort from the time index, with no sort step', () => {
    for (const order of ['asc', 'desc'] as const) {
      const plan = pagePlan(Q(), order)
      expect(plan).toMatch(/SCAN events USING (COVERING )?INDEX events_ts/)
      expect(plan).not.toMatch(/TEMP B-TREE/)
    }
  })

  it('turns a keyset cursor into an index range search (constant cost at any depth)', () => {
    const plan = pagePlan(Q(), 'asc', { ts: T0 + 15 * 86_400_000, id: 5 })
    expect(plan).toMatch(/SEARCH events USING (COVERING )?INDEX events_ts \(ts>\?\)/)
    expect(pagePlan(Q(), 'desc', { ts: T0, id: 5 })).toMatch(
      /SEARCH events USING (COVERING )?INDEX events_ts \(ts<\?\)/
    )
  })

  it('serves a filtered page from the filter’s (column, ts) index, with no sort step', () => {
    const plan = pagePlan(Q({ terms: [term('user', 'user7@corp.example.com')] }))
    expect(plan).toMatch(/SEARCH events USING INDEX events_user_ts \(user_upn=\?\)/)
    expect(plan).not.toMatch(/TEMP B-TREE/)
  })

  it.each(FACET_FIELDS)('counts the %s facet from its covering index', (field) => {
    const { sql, params } = facetSql(db, Q(), field, 8)
    const plan = planOf(sql, params)
    expect(plan).toMatch(new RegExp(`SCAN events USING (COVERING )?INDEX ${FACET_INDEX[field]}\\b`))
    if (field !== 'actor') expect(plan).toMatch(/COVERING INDEX/)
    expect(plan).not.toMatch(/USE TEMP B-TREE FOR GROUP BY/)
  })

  it('facet counts agree with GROUP BY and ignore the field’s own terms', () => {
    const q = Q({ terms: [term('country', 'GB'), term('result', 'failure', true)] })
    const r = facetCounts(db, q, 'country', 10)
    const expected = db
      .prepare(
        `SELECT country AS v, count(*) AS n FROM events WHERE result IS NOT 'failure' GROUP BY v ORDER BY n DESC, v`
      )
      .all() as { v: string; n: number }[]
    expect(r.values.map((v) => [v.value, v.count])).toEqual(expected.map((e) => [e.v, e.n]))
    const ips = facetCounts(db, Q(), 'ip', 5)
    expect(ips.truncated).toBe(true)
    expect(ips.values).toHaveLength(5)
    const activity = facetCounts(db, Q(), 'activity', 10)
    expect(activity.values.map((v) => v.label)).toContain('User registered security info')
    expect(activity.values.map((v) => v.value)).toContain('user registered security info')
  })

  it('draws the histogram with one index range count per bar, and its bars add up', () => {
    const { sql, params } = histogramSql(db, Q())
    expect(planOf(sql, params)).toMatch(/SEARCH events USING COVERING INDEX events_ts \(ts>\? AND ts<\?\)/)
    const byUser = histogramSql(db, Q({ terms: [term('user', 'user7@corp.example.com')] }))
    expect(planOf(byUser.sql, byUser.params)).toMatch(
      /SEARCH events USING COVERING INDEX events_user_ts \(user_upn=\? AND ts>\? AND ts<\?\)/
    )
    const h = histogram(db, Q(), 60, 'UTC')
    expect(h.total).toBe(N)
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(N)
    const zoomed = histogram(
      db,
      Q({ from: T0 + 86_400_000, to: T0 + 2 * 86_400_000, terms: [term('result', 'failure')] }),
      24,
      'Europe/Berlin'
    )
    const expected = db
      .prepare(`SELECT count(*) FROM events WHERE result = 'failure' AND ts >= ? AND ts < ?`)
      .pluck()
      .get(T0 + 86_400_000, T0 + 2 * 86_400_000)
    expect(zoomed.total).toBe(expected)
    expect(zoomed.bucketMs).toBe(3_600_000)
    // Bars start on the display zone's hours.
    expect((zoomed.origin + 2 * 3_600_000) % 3_600_000).toBe(0)
  })

  it('searches free text: a rare value sorts its few matches, a common one walks the time index testing the matches', () => {
    resetExplorerCaches(db)
    const rare = Q({ text: 'user7@corp.example.com' })
    const rarePage = eventPage(db, rare, 'asc', null, 50)
    const rareExpected = db
      .prepare(`SELECT id FROM events WHERE user_upn = 'user7@corp.example.com' ORDER BY ts, id LIMIT 50`)
      .pluck()
      .all()
    expect(rarePage.rows.map((r) => r.id)).toEqual(rareExpected)
    expect(pagePlan(rare)).toMatch(/VIRTUAL TABLE INDEX/)

    const common = Q({ text: 'chrome' })
    const expectedCount = db
      .prepare(`SELECT count(*) FROM events WHERE user_agent LIKE '%Chrome%'`)
      .pluck()
      .get() as number
    expect(expectedCount).toBeGreaterThan(FTS_SMALL)
    const plan = pagePlan(common)
    expect(plan).toMatch(/SCAN events USING INDEX events_ts/)
    expect(plan).not.toMatch(/TEMP B-TREE/)
    const page = eventPage(db, common, 'asc', null, 100)
    const expected = db
      .prepare(`SELECT id FROM events WHERE user_agent LIKE '%Chrome%' ORDER BY ts, id LIMIT 100`)
      .pluck()
      .all()
    expect(page.rows.map((r) => r.id)).toEqual(expected)
    expect(histogram(db, common, 30, 'UTC').total).toBe(expectedCount)
    const users = facetCounts(db, common, 'kind', 5)
    expect(users.values).toEqual([{ value: 'signin', label: 'signin', count: expectedCount }])
    // Whole IPs match whole tokens only: 192.0.2.1 is not 192.0.2.10–19.
    const short = db
      .prepare(`SELECT ip FROM events WHERE ip LIKE '192.0.2._' GROUP BY ip ORDER BY count(*) DESC LIMIT 1`)
      .pluck()
      .get() as string
    expect(
      db.prepare(`SELECT count(*) FROM events WHERE ip LIKE ?`).pluck().get(`${short}_%`)
    ).toBeGreaterThan(0)
    const ip = eventPage(db, Q({ text: short }), 'asc', null, 1000)
    expect(ip.rows.length).toBeGreaterThan(0)
    expect(new Set(ip.rows.map((r) => r.ip))).toEqual(new Set([short]))
  })

  it('aggregates over a search matching a quarter of the case or more walk covering indexes, testing matches without a b-tree', () => {
    resetExplorerCaches(db)
    const common = Q({ text: 'chrome' })
    const like = `user_agent LIKE '%Chrome%'`
    const matches = db.prepare(`SELECT count(*) FROM events WHERE ${like}`).pluck().get() as number
    expect(matches * 4).toBeGreaterThanOrEqual(N)
    for (const field of FACET_FIELDS) {
      const { sql, params } = facetSql(db, common, field, 8)
      expect(sql).toContain(MATCH_BYTE)
      const plan = planOf(sql, params)
      expect(plan).toMatch(new RegExp(`SCAN events USING (COVERING )?INDEX ${FACET_INDEX[field]}\\b`))
      expect(plan).not.toMatch(/fts_matches|USE TEMP B-TREE FOR GROUP BY/)
    }
    const bar = histogramSql(db, common)
    expect(planOf(bar.sql, bar.params)).toMatch(
      /^SEARCH events USING COVERING INDEX events_ts \(ts>\? AND ts<\?\)$/
    )
    const users = facetCounts(db, common, 'user', 400)
    const expected = db
      .prepare(`SELECT user_upn AS v, count(*) AS n FROM events WHERE ${like} GROUP BY v ORDER BY n DESC, v`)
      .raw()
      .all() as [string, number][]
    expect(users.values.map((v) => [v.value, v.count])).toEqual(expected)
    expect(histogram(db, common, 30, 'UTC').total).toBe(matches)
    // With another filter, that filter's index drives and the matches are tested per row.
    const q = { ...common, terms: [term('user', 'user7@corp.example.com')] }
    const { sql, params } = pageSql(db, q, 'asc', null)
    expect(planOf(sql, [...params, 201])).toMatch(/SEARCH events USING INDEX events_user_ts \(user_upn=\?\)/)
    const page = eventPage(db, q, 'asc', null, 1000)
    const want = db
      .prepare(`SELECT id FROM events WHERE user_upn = 'user7@corp.example.com' AND ${like} ORDER BY ts, id`)
      .pluck()
      .all()
    expect(page.rows.map((r) => r.id)).toEqual(want)
  })

  it('puts a search matching under a quarter of the case in a match table and counts its rows by id', () => {
    resetExplorerCaches(db)
    const q = Q({ text: 'MS-PIM' })
    const matches = db
      .prepare(`SELECT count(*) FROM events WHERE actor_name = 'MS-PIM'`)
      .pluck()
      .get() as number
    expect(matches).toBeGreaterThan(FTS_SMALL)
    expect(matches * 4).toBeLessThan(N)
    const { sql, params } = facetSql(db, q, 'country', 8)
    expect(planOf(sql, params)).toMatch(/SEARCH events USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    expect(sql).toMatch(/temp\.fts_matches_\d+/)
    const total = facetCounts(db, q, 'kind', 5).values.reduce((a, v) => a + v.count, 0)
    expect(total).toBe(matches)
  })

  it('returns the detail of an event with its source, and null for an unknown id', () => {
    const d = eventDetail(db, 1)
    expect(d?.event.id).toBe(1)
    expect(d?.sources).toEqual([
      expect.objectContaining({
        file: '/evidence/x.csv',
        line: 2,
        raw: '{"id":"x"}',
        sha256: 'ab'.repeat(32)
      })
    ])
    expect(eventDetail(db, N + 10)).toBeNull()
  })
})
