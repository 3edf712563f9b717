import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { caseCounts } from '../../src/main/db/queries'
import { importIntoCase } from '../../src/main/import/import-job'
import { REGISTERED, UPDATE_USER } from '../helpers/entra-fixtures'
import { writeFixtures } from '../helpers/import-fixture'
import { tempCase } from '../helpers/temp-case'

const cases: ReturnType<typeof tempCase>[] = []
afterEach(() => {
  for (const c of cases.splice(0)) c.cleanup()
})

describe('import pipeline', () => {
  it('reads several files with one parse worker, a failing file in the middle included', async () => {
    const c = tempCase()
    cases.push(c)
    const paths = writeFixtures(c, {
      'a.json': JSON.stringify(REGISTERED) + '\n',
      'b.csv': 'not,a,known,header\n1,2,3,4\n',
      'c.json': JSON.stringify(UPDATE_USER) + '\n'
    })
    const report = await importIntoCase(c.db, paths)
    expect(report.files.map((f) => [f.status, f.imported])).toEqual([
      ['imported', 1],
      ['failed', 0],
      ['imported', 1]
    ])
    expect(caseCounts(c.db).audit).toBe(2)
  })

  it('commits without the automatic checkpoint, then checkpoints and restores the setting', async () => {
    const c = tempCase()
    cases.push(c)
    const records = Array.from({ length: 400 }, (_, i) => ({
      ...UPDATE_USER,
      id: `Directory_wal_${i}`,
      correlationId: `wal-${i}`
    }))
    const paths = writeFixtures(c, { 'audit.json': JSON.stringify(records) })
    const phases: string[] = []
    await importIntoCase(c.db, paths, { onProgress: (p) => phases.push(p.phase) })
    expect(phases).toContain('indexing')
    expect(c.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    // Everything committed was copied into the case file: nothing is left to checkpoint.
    const [result] = c.db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[]
    expect(result?.log).toBe(result?.checkpointed)
    expect(statSync(c.casePath).size).toBeGreaterThan(0)
  })

  it('uses temporary files while importing, and leaves the connection as it was', async () => {
    const c = tempCase()
    cases.push(c)
    expect(c.db.pragma('temp_store', { simple: true })).toBe(2)
    await importIntoCase(c.db, writeFixtures(c, { 'a.json': JSON.stringify(REGISTERED) + '\n' }))
    expect(c.db.pragma('temp_store', { simple: true })).toBe(2)
    // A connection with temporary tables keeps them: changing temp_store would drop them.
    c.db.exec('CREATE TEMP TABLE picked (id INTEGER PRIMARY KEY)')
    c.db.exec('INSERT INTO picked VALUES (1)')
    await importIntoCase(c.db, writeFixtures(c, { 'b.json': JSON.stringify(UPDATE_USER) + '\n' }))
    expect(c.db.prepare('SELECT count(*) FROM temp.picked').pluck().get()).toBe(1)
    expect(caseCounts(c.db).audit).toBe(2)
  })
})

describe('source hashing', () => {
  it('hashes a new file while reading it, and first only when a source of the same size could be its copy', async () => {
    const c = tempCase()
    cases.push(c)
    const a = JSON.stringify(REGISTERED) + '\n'
    // Same size as `a`, other content: it must be hashed first, found new, and imported.
    const b = a.replace(/"id":"(.)/, (_m, ch: string) => `"id":"${ch === 'x' ? 'y' : 'x'}`)
    expect(b.length).toBe(a.length)
    expect(b).not.toBe(a)
    const [pa, pb, pcopy] = writeFixtures(c, { 'a.json': a, 'b.json': b, 'copy.json': a })
    const phases = async (path: string): Promise<string[]> => {
      const seen: string[] = []
      await importIntoCase(c.db, [path as string], { onProgress: (p) => seen.push(p.phase) })
      return seen
    }
    expect(await phases(pa as string)).not.toContain('hashing')
    expect(await phases(pb as string)).toContain('hashing')
    expect(await phases(pcopy as string)).toContain('hashing')
    const rows = c.db.prepare(`SELECT name, sha256 FROM files ORDER BY id`).all() as {
      name: string
      sha256: string
    }[]
    expect(rows.map((r) => r.name)).toEqual(['a.json', 'b.json'])
    for (const r of rows)
      expect(r.sha256).toBe(
        createHash('sha256')
          .update(readFileSync(c.path(r.name)))
          .digest('hex')
      )
  })
})
