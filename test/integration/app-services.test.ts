/**
 * The main-process services exactly as the app and the harness run them (no Electron): dialogs
 * scripted, the import in its worker, facets and histograms in the query worker, every call
 * through the dispatcher that validates arguments.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices, type AppServices } from '../../src/main/services/app-services'
import { ScriptedDialogs } from '../../src/main/services/dialogs'
import { createDispatcher, type Dispatch } from '../../src/main/services/dispatch'
import { csvCell } from '../../src/main/services/export-service'
import { CHANNELS, type MainEvents } from '../../src/shared/ipc/contract'
import type { Result } from '../../src/shared/ipc/result'
import { tempDir, type TempDir } from '../helpers/temp-case'

const SIGNINS = resolve(import.meta.dirname, '../../samples/entra-portal/signins')
const EMPTY = { terms: [], text: '', from: null, to: null }

type Event = { [E in keyof MainEvents]: { event: E; payload: MainEvents[E] } }[keyof MainEvents]

describe('app services (plain Node)', () => {
  let t: TempDir
  let services: AppServices
  let dispatch: Dispatch
  const dialogs = new ScriptedDialogs()
  const events: Event[] = []
  const call = async <T>(channel: string, arg: unknown): Promise<T> => {
    const r = (await dispatch(channel, arg)) as Result<T>
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
    return r.value
  }
  const waitFor = async <E extends keyof MainEvents>(event: E): Promise<MainEvents[E]> => {
    for (let i = 0; i < 1200; i++) {
      const hit = events.find((e) => e.event === event)
      if (hit) return hit.payload as MainEvents[E]
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`no ${event}`)
  }

  beforeAll(() => {
    t = tempDir()
    services = createAppServices({
      dataDir: t.dir,
      dialogs,
      emit: (event, payload) => events.push({ event, payload } as Event),
      version: 'test',
      shell: 'harness',
      queryWorker: true,
      queryWorkers: 1
    })
    dispatch = createDispatcher(services.handlers)
  })
  afterAll(async () => {
    await services?.close()
    t?.cleanup()
  })

  it('starts with no case and says so with a code', async () => {
    expect(await call(CHANNELS.getState, {})).toMatchObject({
      case: null,
      recent: [],
      importJob: null,
      shell: 'harness'
    })
    expect(await dispatch(CHANNELS.chooseImport, { folders: false })).toMatchObject({
      ok: false,
      error: { code: 'no-case' }
    })
    expect(
      await dispatch(CHANNELS.queryPage, { query: EMPTY, order: 'asc', after: null, limit: 10 })
    ).toMatchObject({
      ok: false,
      error: { code: 'no-case' }
    })
  })

  it('refuses unknown calls and invalid arguments before any service runs', async () => {
    expect(await dispatch('fs:read', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' }
    })
    expect(await dispatch(CHANNELS.eventDetail, { id: '1' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringContaining('eventDetail.id') }
    })
  })

  it('creates a case from the New Case dialog (a cancelled dialog changes nothing)', async () => {
    expect(await call(CHANNELS.newCase, {})).toBeNull()
    dialogs.answer('newCase', t.path('case'))
    const summary = await call<{ path: string; events: { total: number } }>(CHANNELS.newCase, {})
    expect(summary.path).toBe(t.path('case.authtrail'))
    expect(summary.events.total).toBe(0)
    expect(events.some((e) => e.event === 'case:changed')).toBe(true)
    dialogs.answer('newCase', t.path('case.authtrail'))
    expect(await dispatch(CHANNELS.newCase, {})).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' }
    })
  })

  it('imports what the dialog chose in the import worker, with progress and a per-file report', async () => {
    events.length = 0
    dialogs.answer('importPaths', [SIGNINS])
    const job = await call<{ jobId: string; files: { path: string }[] }>(CHANNELS.chooseImport, {
      folders: true
    })
    expect(job.files.length).toBe(6)
    expect(await dispatch(CHANNELS.chooseImport, { folders: true })).toMatchObject({
      ok: false,
      error: { code: 'busy' }
    })
    const done = await waitFor('import:finished')
    expect(done.outcome).toBe('done')
    expect(done.files.map((f) => f.status)).toEqual(Array(6).fill('imported'))
    expect(done.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256 ?? ''))).toBe(true)
    const progress = events
      .filter((e) => e.event === 'import:progress')
      .map((e) => e.payload as MainEvents['import:progress'])
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.some((p) => p.phase === 'reading' && p.bytesTotal > 0)).toBe(true)
    const state = await call<{ case: { events: { total: number; signin: number } } }>(CHANNELS.getState, {})
    expect(state.case.events.signin).toBe(done.files.reduce((n, f) => n + f.imported, 0))
  })

  it('answers pages, facets, histograms and detail for the case', async () => {
    const page = await call<{ rows: { id: number; ts: number }[]; next: unknown }>(CHANNELS.queryPage, {
      query: EMPTY,
      order: 'asc',
      after: null,
      limit: 50
    })
    expect(page.rows).toHaveLength(50)
    expect(page.next).not.toBeNull()
    const facet = await call<{ values: { value: string; count: number }[] }>(CHANNELS.facet, {
      query: EMPTY,
      field: 'kind',
      limit: 5
    })
    expect(facet.values[0]).toMatchObject({ value: 'signin' })
    const again = await call<{ ms: number }>(CHANNELS.facet, { query: EMPTY, field: 'kind', limit: 5 })
    expect(again.ms).toBe(0)
    const hist = await call<{ total: number }>(CHANNELS.histogram, { query: EMPTY, buckets: 50, zone: 'UTC' })
    expect(hist.total).toBe(facet.values.reduce((n, v) => n + v.count, 0))
    const detail = await call<{ sources: { line: number; fields: [string, string][] | null }[] }>(
      CHANNELS.eventDetail,
      {
        id: page.rows[0]?.id
      }
    )
    expect(detail.sources[0]?.line).toBeGreaterThan(1)
    expect(detail.sources[0]?.fields?.[0]?.[0]).toMatch(/Date/)
    expect(await dispatch(CHANNELS.eventDetail, { id: 10_000_000 })).toMatchObject({
      ok: false,
      error: { code: 'not-found' }
    })
  })

  it('lets a newer facet request supersede a queued one for the same view', async () => {
    const q = (user: string): unknown => ({
      query: { ...EMPTY, terms: [{ field: 'user', value: user, negate: false }] },
      field: 'ip',
      limit: 5
    })
    const first = dispatch(CHANNELS.histogram, { query: { ...EMPTY, text: 'x' }, buckets: 7, zone: 'UTC' })
    const older = dispatch(CHANNELS.facet, q('a@x.com'))
    const newer = dispatch(CHANNELS.facet, q('b@x.com'))
    expect((await first).ok).toBe(true)
    expect(await older).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect((await newer).ok).toBe(true)
  })

  it('exports the filtered events with sources, times in UTC and formulas neutralized', async () => {
    dialogs.answer('exportPath', t.path('out.csv'))
    const r = await call<{ events: number; path: string }>(CHANNELS.exportEvents, {
      query: { ...EMPTY, terms: [{ field: 'result', value: 'failure', negate: false }] },
      format: 'csv'
    })
    const lines = readFileSync(r.path, 'utf8').trimEnd().split('\r\n')
    expect(lines[0]).toMatch(/^id,kind,time,activity/)
    expect(lines).toHaveLength(r.events + 1)
    expect(lines[1]).toMatch(/,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,/)
    expect(lines[1]).toContain('.csv:')
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell('@SUM(1)')).toBe("'@SUM(1)")
    dialogs.answer('exportPath', t.path('out.jsonl'))
    const nd = await call<{ events: number; path: string }>(CHANNELS.exportEvents, {
      query: EMPTY,
      format: 'ndjson'
    })
    const first = JSON.parse(readFileSync(nd.path, 'utf8').split('\n')[0] as string) as { sources: unknown[] }
    expect(first.sources.length).toBeGreaterThan(0)
    // Both exports are analyst actions on the case log, newest first, with their paths.
    const log = await call<{ action: string; detail: { path?: string } }[]>(CHANNELS.caseLog, {
      limit: 10,
      before: null
    })
    expect(log.filter((e) => e.action === 'export').map((e) => e.detail.path)).toEqual([nd.path, r.path])
  })

  it('saves a copy of the case and works on the copy; opens only recent cases without a dialog', async () => {
    dialogs.answer('saveCaseAs', t.path('copy.authtrail'))
    const copy = await call<{ path: string; events: { total: number } }>(CHANNELS.saveCaseAs, {})
    expect(copy.path).toBe(t.path('copy.authtrail'))
    expect(existsSync(copy.path)).toBe(true)
    expect(copy.events.total).toBeGreaterThan(500)
    expect(await dispatch(CHANNELS.openCase, { recent: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    const reopened = await call<{ path: string }>(CHANNELS.openCase, { recent: t.path('case.authtrail') })
    expect(reopened.path).toBe(t.path('case.authtrail'))
    const state = await call<{ recent: { path: string }[] }>(CHANNELS.getState, {})
    expect(state.recent.map((r) => r.path)).toEqual([t.path('case.authtrail'), t.path('copy.authtrail')])
    expect(JSON.parse(readFileSync(join(t.dir, 'recent-cases.json'), 'utf8'))).toHaveLength(2)
  })

  it('refuses to open a file that is not a case, with a readable reason', async () => {
    dialogs.answer('openCase', join(SIGNINS, 'MSISignIns_2026-10-05_2026-10-17.csv'))
    expect(await dispatch(CHANNELS.openCase, { recent: null })).toMatchObject({
      ok: false,
      error: { code: 'unsupported-format', message: expect.stringContaining('not an Authtrail case file') }
    })
    expect(await dispatch(CHANNELS.cancelImport, { jobId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' }
    })
  })
})
