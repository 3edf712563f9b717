/**
 * The user and entity views are answered by the query worker (their busiest pages read for a
 * second or more at 1M events, which would freeze the UI on the main thread): through the
 * services and the dispatcher they return exactly what the views return on a connection of their
 * own, and a newer request for the same view supersedes a queued one.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { entityView } from '../../src/main/db/entity-view'
import { openCase } from '../../src/main/db/open'
import { userView } from '../../src/main/db/user-view'
import { importIntoCase } from '../../src/main/import/import-job'
import { scanCase } from '../../src/main/scan/scan-service'
import { createAppServices, type AppServices } from '../../src/main/services/app-services'
import { ScriptedDialogs } from '../../src/main/services/dialogs'
import { createDispatcher, type Dispatch } from '../../src/main/services/dispatch'
import { CHANNELS } from '../../src/shared/ipc/contract'
import type { UserView } from '../../src/shared/ipc/case-work'
import type { Result } from '../../src/shared/ipc/result'
import { tempCase } from '../helpers/temp-case'

const SAMPLES = resolve(import.meta.dirname, '../../samples')
const A01 = (
  JSON.parse(readFileSync(join(SAMPLES, 'EXPECTED.json'), 'utf8')) as {
    stories: { id: string; users: string[]; facts: Record<string, unknown> }[]
  }
).stories.find((s) => s.id.startsWith('A01'))

describe('views in the query worker', () => {
  let c: ReturnType<typeof tempCase>
  let services: AppServices
  let dispatch: Dispatch
  const dialogs = new ScriptedDialogs()
  const call = async <T>(channel: string, arg: unknown): Promise<Result<T>> =>
    (await dispatch(channel, arg)) as Result<T>

  beforeAll(async () => {
    c = tempCase()
    await importIntoCase(c.db, [SAMPLES])
    scanCase(c.db)
    c.db.close()
    services = createAppServices({
      dataDir: c.dir,
      dialogs,
      emit: () => {},
      version: 'test',
      shell: 'harness',
      queryWorker: true,
      queryWorkers: 1,
      scanAfterImport: false
    })
    dispatch = createDispatcher(services.handlers)
    dialogs.answer('openCase', c.casePath)
    const opened = await call(CHANNELS.openCase, { recent: null })
    expect(opened.ok).toBe(true)
  }, 300_000)
  afterAll(async () => {
    await services?.close()
    c?.cleanup()
  })

  it('answers the user and address views as the views themselves do', async () => {
    if (!A01) throw new Error('no story A01')
    const user = A01.users[0] as string
    const ip = A01.facts.attackerIp as string
    const db = openCase(c.casePath, { readonly: true })
    try {
      const u = await call<UserView>(CHANNELS.userView, { user, windowMinutes: 60 })
      expect(u).toEqual({ ok: true, value: userView(db, user, 60) })
      const e = await call(CHANNELS.entityView, { kind: 'ip', value: ip })
      expect(e).toEqual({ ok: true, value: entityView(db, 'ip', ip) })
      if (u.ok) expect(u.value.changes.length).toBeGreaterThan(0)
    } finally {
      db.close()
    }
  })

  it('lets a newer request for a view supersede a queued one', async () => {
    if (!A01) throw new Error('no story A01')
    const user = A01.users[0] as string
    // The worker is busy with a histogram; both user views queue behind it.
    const busy = call(CHANNELS.histogram, {
      query: { terms: [], text: '', from: null, to: null },
      buckets: 200,
      zone: 'UTC'
    })
    const first = call(CHANNELS.userView, { user, windowMinutes: 60 })
    const second = call(CHANNELS.userView, { user, windowMinutes: 120 })
    const [, a, b] = await Promise.all([busy, first, second])
    expect(a).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect(b).toMatchObject({ ok: true, value: { user, windowMinutes: 120 } })
  })
})
