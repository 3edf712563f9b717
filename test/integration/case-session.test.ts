import { writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/db/migrate'
import { CaseSession } from '../../src/main/services/case-session'
import { tempCase, tempDir } from '../helpers/temp-case'

describe('opening cases', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => {
    for (const c of cleanups.splice(0)) c()
  })

  it('upgrades a case written at an older schema in a worker, then reads it read-only', async () => {
    const t = tempCase()
    cleanups.push(t.cleanup)
    // Make it look like a case from before the explorer indexes (the schema before migration 30):
    // without the indexes of 30, the case-work tables of 40, the indexes of 50 and the tables of 60.
    for (const table of [
      'triage',
      'suppressions',
      'annotations',
      'annotation_tags',
      'case_log',
      'method_holders',
      'method_holders_scan'
    ])
      t.db.exec(`DROP TABLE ${table}`)
    for (const name of [
      'events_service_ts',
      'events_result_ts',
      'events_actor_ts',
      'events_country_ts',
      'events_app_ts',
      'events_session',
      'events_mirror',
      'events_user_kind_ts',
      'events_target_upn',
      'events_actor_upn'
    ])
      t.db.exec(`DROP INDEX ${name}`)
    const before = MIGRATIONS.filter((m) => m.version < 30).at(-1)?.version ?? 0
    t.db.pragma(`user_version = ${before}`)
    t.db.close()
    const session = new CaseSession()
    const summary = await session.open(t.casePath)
    expect(summary.events.total).toBe(0)
    const db = session.connection()
    expect(db.readonly).toBe(true)
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all()
    expect(indexes).toEqual(expect.arrayContaining(['events_result_ts', 'events_actor_ts', 'events_session']))
    session.close()
  })

  it('opens a current case read-only without writing to it, and refuses files that are not cases', async () => {
    const t = tempCase()
    cleanups.push(t.cleanup)
    t.db.close()
    const session = new CaseSession()
    await session.open(t.casePath)
    expect(session.connection().readonly).toBe(true)
    session.close()

    const d = tempDir()
    cleanups.push(d.cleanup)
    writeFileSync(d.path('notes.txt'), 'not a database at all')
    await expect(session.open(d.path('notes.txt'))).rejects.toMatchObject({ code: 'unsupported-format' })
    const other = new Database(d.path('other.sqlite'))
    other.exec('CREATE TABLE t (x)')
    other.close()
    await expect(session.open(d.path('other.sqlite'))).rejects.toMatchObject({
      code: 'unsupported-format',
      message: expect.stringContaining('not an Authtrail case file')
    })
    const newer = new Database(d.path('newer.authtrail'))
    newer.exec('CREATE TABLE t (x)')
    newer.pragma(`user_version = ${SCHEMA_VERSION + 100}`)
    newer.close()
    await expect(session.open(d.path('newer.authtrail'))).rejects.toMatchObject({
      code: 'unsupported-format',
      message: expect.stringContaining('newer version of Authtrail')
    })
    await expect(session.open(d.path('missing.authtrail'))).rejects.toMatchObject({ code: 'not-found' })
  })
})
