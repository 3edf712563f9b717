/**
 * Exports written in the export worker (the app) are byte for byte the files written on the
 * calling thread (the CLI), for every format; progress arrives per page and the case-log callback
 * once, after the file is complete.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importIntoCase } from '../../src/main/import/import-job'
import { openCase } from '../../src/main/db/open'
import { exportEvents } from '../../src/main/services/export-service'
import { EXPORT_PAGE } from '../../src/main/services/export-writer'
import type { ExplorerQuery } from '../../src/shared/ipc/query'
import type { Database } from 'better-sqlite3'
import { tempCase } from '../helpers/temp-case'

/** Every committed sample format (about 1,300 distinct events: more than one page). */
const SAMPLES = [
  'entra-portal',
  'event-hub',
  'log-analytics',
  'extractor-suite',
  'goose',
  'storage-account'
].map((d) => `samples/${d}`)
const ALL: ExplorerQuery = { terms: [], text: '', from: null, to: null }

describe('exports in the export worker', () => {
  let t: ReturnType<typeof tempCase>
  let db: Database
  beforeAll(async () => {
    t = tempCase()
    await importIntoCase(t.db, SAMPLES)
    t.db.close()
    db = openCase(t.casePath, { readonly: true })
  })
  afterAll(() => {
    db?.close()
    t?.cleanup()
  })

  it.each(['csv', 'json', 'ndjson'] as const)(
    'writes the same %s file as the calling thread',
    async (format) => {
      const inline = t.path(`inline.${format}`)
      const worker = t.path(`worker.${format}`)
      const a = await exportEvents(db, ALL, format, inline)
      const progress: number[] = []
      const logged: { summary: string; detail: Record<string, unknown> }[] = []
      const b = await exportEvents(
        db,
        ALL,
        format,
        worker,
        (summary, detail) => {
          // The file is complete when the export is logged.
          expect(readFileSync(worker).equals(readFileSync(inline))).toBe(true)
          logged.push({ summary, detail })
        },
        { worker: {}, onProgress: (n) => progress.push(n) }
      )
      expect(a.events).toBeGreaterThan(EXPORT_PAGE)
      expect(b.events).toBe(a.events)
      expect(readFileSync(worker).equals(readFileSync(inline))).toBe(true)
      expect(progress.length).toBe(Math.ceil(a.events / EXPORT_PAGE))
      expect(progress.at(-1)).toBe(a.events)
      expect(progress).toEqual([...progress].sort((x, y) => x - y))
      expect(logged).toEqual([
        {
          summary: `Exported ${a.events} events as ${format} to worker.${format}`,
          detail: { path: worker, format, events: a.events, query: ALL }
        }
      ])
    }
  )

  it('writes a filtered export and reports a failure as an error with its reason', async () => {
    const q: ExplorerQuery = { ...ALL, terms: [{ field: 'kind', value: 'audit', negate: false }] }
    const inline = t.path('audit-inline.csv')
    const worker = t.path('audit-worker.csv')
    const a = await exportEvents(db, q, 'csv', inline)
    const b = await exportEvents(db, q, 'csv', worker, undefined, { worker: {} })
    expect(b.events).toBe(a.events)
    expect(readFileSync(worker, 'utf8')).toBe(readFileSync(inline, 'utf8'))
    await expect(
      exportEvents(db, ALL, 'csv', t.path('no/such/folder/x.csv'), undefined, { worker: {} })
    ).rejects.toMatchObject({ code: 'internal', details: expect.stringMatching(/ENOENT/) })
  })
})
