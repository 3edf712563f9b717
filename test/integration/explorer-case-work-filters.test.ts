/**
 * The explorer's investigation filters: `finding:<id>` (the finding's evidence), `tag:<tag>` and
 * `tag:(none)`, `starred:true|false`, their exclusions, and the grid's annotation columns, against
 * a case of 20,000 synthetic events; EXPLAIN QUERY PLAN shows each set read by its index and the
 * events fetched by id, never a scan of the events table.
 */
import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyAnnotation } from '../../src/main/db/annotations'
import { eventPage, facetCounts, histogram, pageSql } from '../../src/main/db/explorer'
import type { ExplorerQuery, Term } from '../../src/shared/ipc/query'
import { tempCase } from '../helpers/temp-case'

const N = 20_000
const T0 = Date.UTC(2026, 9, 1)
const Q = (terms: Term[]): ExplorerQuery => ({ terms, text: '', from: null, to: null })
const t = (field: Term['field'], value: string | null, negate = false): Term => ({ field, value, negate })

describe('explorer filters on findings, tags and stars', () => {
  let c: ReturnType<typeof tempCase>
  let db: Database
  const evidence = [17, 4_000, 12_345, 19_999]
  const starred = [5, 6, 7, 15_000]
  const phish = [5, 100, 200, 300]

  const ids = (q: ExplorerQuery, order: 'asc' | 'desc' = 'asc'): number[] => {
    const out: number[] = []
    let after = null
    for (;;) {
      const p = eventPage(db, q, order, after, 1000)
      out.push(...p.rows.map((r) => r.id))
      if (!p.next) return out
      after = p.next
    }
  }
  const plan = (q: ExplorerQuery): string => {
    const { sql, params } = pageSql(db, q, 'desc', null)
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, 201) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n')
  }

  beforeAll(() => {
    c = tempCase()
    db = c.db
    const insert = db.prepare(
      `INSERT INTO events (id, kind, ts, user_upn, ip, fp) VALUES (?, 'signin', ?, ?, ?, ?)`
    )
    db.transaction(() => {
      for (let i = 1; i <= N; i++)
        insert.run(i, T0 + i * 60_000, `user${i % 97}@corp.example.com`, `192.0.2.${i % 200}`, `fp${i}`)
      db.prepare(
        `INSERT INTO findings (id, rule, severity, severity_rank, start_ts, end_ts, users, evidence, summary, facts, first_scan, last_scan)
         VALUES ('si017-aaaa', 'SI-017', 'high', 3, 0, 0, '[]', ?, 's', '{}', 1, 1)`
      ).run(JSON.stringify(evidence))
      const ev = db.prepare(`INSERT INTO finding_evidence (finding_id, event_id, position) VALUES (?, ?, ?)`)
      evidence.forEach((id, i) => ev.run('si017-aaaa', id, i))
      ev.run('si001-bbbb', 300, 0)
      applyAnnotation(db, { ids: starred, starred: true }, '2026-10-01T00:00:00.000Z')
      applyAnnotation(db, { ids: phish, addTags: ['phish'] }, '2026-10-01T00:00:01.000Z')
      applyAnnotation(db, { ids: [100], addTags: ['c2'] }, '2026-10-01T00:00:02.000Z')
    })()
    db.exec('ANALYZE')
  }, 120_000)
  afterAll(() => c?.cleanup())

  it('finds the evidence of a finding, in time order, and excludes it', () => {
    expect(ids(Q([t('finding', 'si017-aaaa')]))).toEqual(evidence)
    expect(ids(Q([t('finding', 'si017-aaaa')]), 'desc')).toEqual([...evidence].reverse())
    expect(ids(Q([t('finding', 'si017-aaaa'), t('finding', 'si001-bbbb')]))).toEqual([
      17, 300, 4_000, 12_345, 19_999
    ])
    expect(ids(Q([t('finding', 'nothing')]))).toEqual([])
    expect(ids(Q([t('finding', null)]))).toHaveLength(N - 5)
    expect(ids(Q([t('finding', null, true)]))).toEqual([17, 300, 4_000, 12_345, 19_999])
    const rest = ids(Q([t('finding', 'si017-aaaa', true)]))
    expect(rest).toHaveLength(N - evidence.length)
    expect(rest).not.toContain(17)
    // Combined with an ordinary field.
    expect(ids(Q([t('finding', 'si017-aaaa'), t('ip', '192.0.2.17')]))).toEqual([17])
  })

  it('finds tagged, untagged and starred events; tags match in any case', () => {
    expect(ids(Q([t('tag', 'PHISH')]))).toEqual(phish)
    expect(ids(Q([t('tag', 'phish'), t('tag', 'c2')]))).toEqual(phish)
    expect(ids(Q([t('tag', 'phish'), t('tag', 'c2', true)]))).toEqual([5, 200, 300])
    expect(ids(Q([t('tag', null)]))).toHaveLength(N - phish.length)
    expect(ids(Q([t('starred', 'true')]))).toEqual(starred)
    expect(ids(Q([t('starred', 'false')]))).toHaveLength(N - starred.length)
    expect(ids(Q([t('starred', 'true', true)]))).toHaveLength(N - starred.length)
    expect(ids(Q([t('starred', 'true'), t('tag', 'phish')]))).toEqual([5])
    expect(() => ids(Q([t('starred', 'maybe')]))).toThrow(/true or false/)
  })

  it('shows the star and the tags in grid rows', () => {
    const rows = eventPage(db, Q([t('tag', 'phish')]), 'asc', null, 10).rows
    expect(rows.map((r) => [r.id, r.starred, r.tags])).toEqual([
      [5, true, 'phish'],
      [100, false, 'c2, phish'],
      [200, false, 'phish'],
      [300, false, 'phish']
    ])
  })

  it('counts facets and histograms under these filters', () => {
    expect(
      facetCounts(db, Q([t('finding', 'si017-aaaa')]), 'user', 10).values.reduce((n, v) => n + v.count, 0)
    ).toBe(evidence.length)
    expect(histogram(db, Q([t('starred', 'true')]), 20, 'UTC').total).toBe(starred.length)
  })

  it('reads each set by its index and fetches the events by id', () => {
    for (const [q, index] of [
      [Q([t('finding', 'si017-aaaa')]), /SEARCH finding_evidence USING (COVERING )?(INDEX|PRIMARY KEY)/],
      [Q([t('tag', 'phish')]), /SEARCH annotation_tags USING COVERING INDEX annotation_tags_tag \(tag=\?\)/],
      [Q([t('starred', 'true')]), /annotations USING (COVERING )?INDEX annotations_starred/]
    ] as const) {
      const p = plan(q)
      expect(p).toMatch(index)
      expect(p).toMatch(/SEARCH events USING INTEGER PRIMARY KEY \(rowid=\?\)/)
      expect(p).not.toMatch(/SCAN events(?! USING)/)
    }
  })
})
