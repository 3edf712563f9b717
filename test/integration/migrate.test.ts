import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { CaseVersionError, migrate, MIGRATIONS, SCHEMA_VERSION } from '../../src/main/db/migrate'
import { openCase } from '../../src/main/db/open'
import { tempDir, type TempDir } from '../helpers/temp-case'

let t: TempDir
afterEach(() => t?.cleanup())

describe('case migrations', () => {
  it('are numbered in strictly increasing order, the last one being the schema version', () => {
    const versions = MIGRATIONS.map((m) => m.version)
    expect(versions).toEqual([...versions].sort((a, b) => a - b))
    expect(new Set(versions).size).toBe(versions.length)
    expect(SCHEMA_VERSION).toBe(versions.at(-1))
  })

  it('bring a case written at every past version up to the current one, keeping its events', () => {
    t = tempDir()
    for (const [i, past] of MIGRATIONS.slice(0, -1).entries()) {
      const path = t.path(`v${past.version}.authtrail`)
      const db = new Database(path)
      db.transaction(() => {
        for (const m of MIGRATIONS.slice(0, i + 1)) m.up(db)
        db.pragma(`user_version = ${past.version}`)
      })()
      db.prepare(`INSERT INTO events (kind, ts, fp) VALUES ('audit', 1, 'x')`).run()
      db.close()
      const upgraded = openCase(path)
      expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      expect(upgraded.prepare(`SELECT count(*) FROM events`).pluck().get()).toBe(1)
      upgraded.close()
    }
  })

  it('refuse a case from a newer Authtrail and leave it untouched', () => {
    t = tempDir()
    const db = new Database(t.path('newer.authtrail'))
    db.pragma(`user_version = ${SCHEMA_VERSION + 10}`)
    expect(() => migrate(db)).toThrow(CaseVersionError)
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 10)
    db.close()
  })
})
