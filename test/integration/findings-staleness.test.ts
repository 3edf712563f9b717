/** How stale the findings are: events imported (by their files' import time) after the last scan. */
import { afterAll, describe, expect, it } from 'vitest'
import { saveScan } from '../../src/main/db/findings'
import { findingsOverview } from '../../src/main/db/findings-overview'
import { tempCase } from '../helpers/temp-case'

const REQ = { minSeverity: 'info', rule: null, user: null, status: null, includeSuppressed: true } as const

describe('findings staleness', () => {
  const c = tempCase()
  afterAll(() => c.cleanup())
  const file = (sha: string, imported: number, at: string): void => {
    c.db
      .prepare(
        `INSERT INTO files (path, name, sha256, size, format, encoding, imported, imported_at)
         VALUES ('/x', 'x', ?, 1, 'csv', 'utf-8', ?, ?)`
      )
      .run(sha, imported, at)
  }

  it('is zero before any scan and counts only files imported after the last scan', () => {
    file('a', 100, '2026-10-01T10:00:00.000Z')
    expect(findingsOverview(c.db, REQ)).toMatchObject({ lastScan: null, staleBy: 0 })
    saveScan(c.db, {
      startedAt: '2026-10-01T11:00:00.000Z',
      finishedAt: '2026-10-01T11:00:05.000Z',
      events: 100,
      runs: [],
      findings: []
    })
    expect(findingsOverview(c.db, REQ).staleBy).toBe(0)
    file('b', 40, '2026-10-01T12:00:00.000Z')
    file('c', 2, '2026-10-01T12:30:00.000Z')
    const o = findingsOverview(c.db, REQ)
    expect(o.staleBy).toBe(42)
    expect(o.lastScan).toMatchObject({ finishedAt: '2026-10-01T11:00:05.000Z', events: 100, findings: 0 })
  })
})
