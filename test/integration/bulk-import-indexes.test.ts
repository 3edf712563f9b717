import { resolve } from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { buildPendingIndexes, pendingIndexes } from '../../src/main/db/bulk-load'
import { eventPage, facetCounts, histogram } from '../../src/main/db/explorer'
import {
  expandPaths,
  finishPendingWork,
  ImportCancelled,
  importFiles,
  importIntoCase
} from '../../src/main/import/import-job'
import { EMPTY_QUERY, type ExplorerQuery } from '../../src/shared/ipc/query'
import { createAppServices } from '../../src/main/services/app-services'
import { ScriptedDialogs } from '../../src/main/services/dialogs'
import { openCase } from '../../src/main/db/open'
import type { MainEvents } from '../../src/shared/ipc/contract'
import { runInfo } from '../../src/main/cli/info-command'
import { tempCase, tempDir } from '../helpers/temp-case'

/**
 * A bulk import (much larger than the case) drops the filter indexes for the load and rebuilds them
 * after its commit. The samples are small, so the tests lower the threshold to load them in bulk.
 */
const SAMPLES = resolve(import.meta.dirname, '../../samples')
const BULK = { bulkThreshold: 0 }

const cases: ReturnType<typeof tempCase>[] = []
afterEach(() => {
  for (const c of cases.splice(0)) c.cleanup()
})

function newCase(): ReturnType<typeof tempCase> {
  const c = tempCase()
  cases.push(c)
  return c
}

function filesUnder(dir: string): string[] {
  return expandPaths([dir]).files
}

function indexNames(db: Database): string[] {
  return (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('events', 'event_sources') AND sql IS NOT NULL`
      )
      .pluck()
      .all() as string[]
  ).sort()
}

/** Everything a reader sees of the events, in id order. */
function eventsOf(db: Database): unknown[] {
  return db.prepare(`SELECT * FROM events ORDER BY id`).raw().all()
}

const BY_USER: ExplorerQuery = {
  ...EMPTY_QUERY,
  terms: [{ field: 'user', value: 'priya.shah@corp.example.com', negate: false }]
}

/** What the explorer answers: a page, a facet and the histogram. */
function explorerAnswers(db: Database, query: ExplorerQuery): unknown {
  return {
    page: eventPage(db, query, 'asc', null, 50).rows.map((r) => r.id),
    facet: facetCounts(db, query, 'activity', 20).values,
    histogram: histogram(db, query, 60, 'UTC').counts
  }
}

describe('bulk import: filter indexes rebuilt after the commit', () => {
  it('commits with the filter indexes pending, answers queries meanwhile, then builds them all', async () => {
    const reference = newCase()
    await importIntoCase(reference.db, [SAMPLES])
    const allIndexes = indexNames(reference.db)

    const c = newCase()
    await importFiles(c.db, filesUnder(SAMPLES), BULK)
    // Committed: the events are there, the lookup index the import needs is kept, the rest wait
    // (the fingerprint index too: identities were looked up in memory meanwhile).
    const pending = pendingIndexes(c.db)
    expect(pending).toContain('events_ts')
    expect(pending).toContain('events_method_ts')
    expect(pending).toContain('events_fp')
    expect(pending).not.toContain('event_sources_event')
    // The samples hold AuthDetails files and unified audit log records: the join and the mirror
    // links ran before the commit, through the indexes they look up by, built for them.
    for (const needed of ['events_request', 'event_sources_file', 'events_activity_ts', 'events_user_ts'])
      expect(indexNames(c.db)).toContain(needed)
    expect(indexNames(c.db)).not.toContain('events_ts')
    expect([...indexNames(c.db), ...pending].sort()).toEqual(allIndexes)
    // A bulk load gives the same events as a row-by-row one, AuthDetails joins and UAL mirror links included.
    expect(eventsOf(c.db)).toEqual(eventsOf(reference.db))
    expect(
      c.db.prepare(`SELECT count(*) FROM events WHERE mirror_of IS NOT NULL`).pluck().get()
    ).toBeGreaterThan(0)

    const withoutIndexes = explorerAnswers(c.db, BY_USER)
    expect(withoutIndexes).toEqual(explorerAnswers(reference.db, BY_USER))

    const phases: string[] = []
    finishPendingWork(c.db, (p) => phases.push(`${p.phase} ${p.bytesRead}/${p.bytesTotal}`))
    expect(phases).toContain(`optimizing ${pending.length}/${pending.length}`)
    expect(pendingIndexes(c.db)).toEqual([])
    expect(indexNames(c.db)).toEqual(allIndexes)
    // The planner has statistics for every index built after the commit.
    const analyzed = c.db.prepare(`SELECT DISTINCT idx FROM sqlite_stat1 WHERE idx IS NOT NULL`).pluck().all()
    expect(analyzed).toEqual(expect.arrayContaining(pending))
    expect(explorerAnswers(c.db, BY_USER)).toEqual(withoutIndexes)
    const plan = c.db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM events WHERE user_upn = ? ORDER BY ts`)
      .all('x') as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX events_user/)
  })

  it('while the fingerprint index is missing, imports find every duplicate through identities held in memory', async () => {
    const portal = resolve(SAMPLES, 'entra-portal')
    const reference = newCase()
    await importIntoCase(reference.db, [portal])
    await importIntoCase(reference.db, [SAMPLES])
    const sources = (db: Database): unknown[] =>
      db.prepare(`SELECT * FROM event_sources ORDER BY id`).raw().all()
    // The samples repeat events across formats, so duplicates are really looked for.
    expect(sources(reference.db).length).toBeGreaterThan(eventsOf(reference.db).length)

    // After a bulk import the fingerprint index waits; the next import, row by row or in bulk,
    // looks identities up in memory, among the events already in the case and its own.
    for (const options of [{}, BULK]) {
      const c = newCase()
      await importFiles(c.db, filesUnder(portal), BULK)
      expect(pendingIndexes(c.db)).toContain('events_fp')
      await importFiles(c.db, filesUnder(SAMPLES), options)
      expect(pendingIndexes(c.db)).toContain('events_fp')
      expect(eventsOf(c.db)).toEqual(eventsOf(reference.db))
      expect(sources(c.db)).toEqual(sources(reference.db))
    }

    // Memory stays bounded: once the map holds as many identities as it may, the index is built,
    // inside the import, and answers from then on; when the case already holds that many, at once.
    const total = eventsOf(reference.db).length
    for (const [capacity, indexBuilt] of [
      [total * 10, false],
      ['portal + 5', true],
      ['portal', true]
    ] as const) {
      const c = newCase()
      await importFiles(c.db, filesUnder(portal), BULK)
      const inCase = eventsOf(c.db).length
      const identitiesInMemory =
        capacity === 'portal' ? inCase : capacity === 'portal + 5' ? inCase + 5 : capacity
      await importFiles(c.db, filesUnder(SAMPLES), { ...BULK, identitiesInMemory })
      expect(pendingIndexes(c.db).includes('events_fp')).toBe(!indexBuilt)
      expect(eventsOf(c.db)).toEqual(eventsOf(reference.db))
      expect(sources(c.db)).toEqual(sources(reference.db))
    }
  })

  it('a bulk import that is cancelled leaves the indexes as they were', async () => {
    const c = newCase()
    const before = indexNames(c.db)
    const controller = new AbortController()
    controller.abort()
    await expect(
      importFiles(c.db, filesUnder(SAMPLES), { ...BULK, signal: controller.signal })
    ).rejects.toBeInstanceOf(ImportCancelled)
    expect(indexNames(c.db)).toEqual(before)
    expect(pendingIndexes(c.db)).toEqual([])
    expect(c.db.prepare(`SELECT count(*) FROM events`).pluck().get()).toBe(0)
  })

  it('an index build stopped part-way keeps what it built, and the next import finishes it', async () => {
    const c = newCase()
    await importFiles(c.db, filesUnder(resolve(SAMPLES, 'entra-portal')), BULK)
    const pending = pendingIndexes(c.db)
    expect(pending.length).toBeGreaterThan(2)
    // The process stops after the first index (the worker is ended while building the second).
    expect(() =>
      buildPendingIndexes(c.db, (done) => {
        if (done === 1) throw new Error('stopped')
      })
    ).toThrow('stopped')
    expect(pendingIndexes(c.db)).toEqual(pending.slice(1))
    expect(indexNames(c.db)).toContain(pending[0])
    // `authtrail info` says what is still missing.
    let out = ''
    runInfo(c.casePath, { json: false }, { out: (t) => (out += t), err: () => {}, isTty: false })
    expect(out).toContain(`filter indexes: ${pending.length - 1} not built yet`)

    // The next import (here one that adds a small file, row by row) builds the rest after its commit.
    await importIntoCase(c.db, [resolve(SAMPLES, 'log-analytics')])
    expect(pendingIndexes(c.db)).toEqual([])
    expect(indexNames(c.db)).toEqual(expect.arrayContaining(pending))
  })

  it('the app finishes the indexes of a stopped import when it opens the case, without logging an import', async () => {
    const c = newCase()
    await importFiles(c.db, filesUnder(resolve(SAMPLES, 'entra-portal')), BULK)
    const pending = pendingIndexes(c.db)
    expect(pending.length).toBeGreaterThan(0)
    const logBefore = c.db.prepare(`SELECT count(*) FROM case_log`).pluck().get()
    c.db.close()

    const data = tempDir()
    const events: { event: keyof MainEvents; payload: unknown }[] = []
    const dialogs = new ScriptedDialogs().answer('openCase', c.casePath)
    const services = createAppServices({
      dataDir: data.dir,
      dialogs,
      emit: (event, payload) => events.push({ event, payload }),
      version: 'test',
      shell: 'harness'
    })
    try {
      const opened = await services.handlers.openCase({ recent: null })
      expect(opened.ok && opened.value?.pendingIndexes).toBe(pending.length)
      await services.imports.whenIdle()
      const started = events.find((e) => e.event === 'import:started')
        ?.payload as MainEvents['import:started']
      expect(started.files).toEqual([])
      const finished = events.find((e) => e.event === 'import:finished')
        ?.payload as MainEvents['import:finished']
      expect(finished.outcome).toBe('done')
      const changed = events.filter((e) => e.event === 'case:changed').at(-1)
        ?.payload as MainEvents['case:changed']
      expect(changed.case?.pendingIndexes).toBe(0)
    } finally {
      await services.close()
      data.cleanup()
    }
    const db = openCase(c.casePath, { readonly: true })
    try {
      expect(pendingIndexes(db)).toEqual([])
      expect(indexNames(db)).toEqual(expect.arrayContaining(pending))
      expect(db.prepare(`SELECT count(*) FROM case_log`).pluck().get()).toBe(logBefore)
    } finally {
      db.close()
    }
  })
})
