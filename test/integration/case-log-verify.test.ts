import { appendFileSync, copyFileSync, rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { appendCaseLog, checkCaseLogChain, entryHash, listCaseLog } from '../../src/main/db/case-log'
import { openCase } from '../../src/main/db/open'
import { importIntoCase } from '../../src/main/import/import-job'
import { verifyCase } from '../../src/main/report/verify-case'
import { main } from '../../src/main/cli/main'
import { tempCase, tempDir, type TempDir } from '../helpers/temp-case'

const SAMPLE = 'samples/event-hub/insights-logs-auditlogs.jsonl'

let c: (TempDir & { casePath: string; db: Database.Database }) | null = null
afterEach(() => {
  c?.cleanup()
  c = null
})

function caseWithLog(n: number): NonNullable<typeof c> {
  c = tempCase()
  for (let i = 0; i < n; i++) appendCaseLog(c.db, 'triage', `entry ${i}`, { i })
  return c
}

/** Edits the file behind the case's back, as someone with sqlite3 would. */
function tamper(path: string, sql: string): void {
  const raw = new Database(path)
  raw.exec(sql)
  raw.close()
}

describe('case log chain', () => {
  it('a new case starts with its case-created entry and the chain holds as it grows', () => {
    const t = caseWithLog(3)
    const log = listCaseLog(t.db, 10, null)
    expect(log.map((e) => e.action)).toEqual(['triage', 'triage', 'triage', 'case-created'])
    expect(log.map((e) => e.seq)).toEqual([4, 3, 2, 1])
    const check = checkCaseLogChain(t.db)
    expect(check).toMatchObject({ entries: 4, brokenAt: null, problem: null })
    expect(check.lastHash).toBe(log[0]?.hash)
  })

  it('detects an entry edited with sqlite', () => {
    const t = caseWithLog(4)
    t.db.close()
    tamper(t.casePath, `UPDATE case_log SET summary = 'nothing to see' WHERE seq = 3`)
    const db = openCase(t.casePath, { readonly: true })
    expect(checkCaseLogChain(db)).toMatchObject({
      brokenAt: 3,
      problem: 'entry 3 was changed after it was written'
    })
    db.close()
  })

  it('detects a detail edited with sqlite, even when the hash of that entry is recomputed', () => {
    const t = caseWithLog(4)
    t.db.close()
    tamper(t.casePath, `UPDATE case_log SET detail = '{"i":99}' WHERE seq = 2`)
    let db = openCase(t.casePath, { readonly: true })
    expect(checkCaseLogChain(db).brokenAt).toBe(2)
    db.close()
    // Rewriting that entry's own hash is not enough: the next entry links to the old one.
    const raw = new Database(t.casePath)
    const r = raw.prepare(`SELECT * FROM case_log WHERE seq = 2`).get() as Record<string, string | number>
    const hash = entryHash(
      String(r.prev_hash),
      2,
      String(r.at),
      String(r.action),
      String(r.summary),
      String(r.detail)
    )
    raw.prepare(`UPDATE case_log SET hash = ? WHERE seq = 2`).run(hash)
    raw.close()
    db = openCase(t.casePath, { readonly: true })
    expect(checkCaseLogChain(db)).toMatchObject({
      brokenAt: 3,
      problem: 'entry 3 does not link to the entry before it'
    })
    db.close()
  })

  it('detects a deleted entry in the middle and at the end', () => {
    const t = caseWithLog(4)
    t.db.close()
    tamper(t.casePath, `DELETE FROM case_log WHERE seq = 2`)
    let db = openCase(t.casePath, { readonly: true })
    expect(checkCaseLogChain(db)).toMatchObject({
      brokenAt: 3,
      problem: 'entry 2 is missing (the next one is 3)'
    })
    db.close()

    const u = caseWithLog(4)
    u.db.close()
    tamper(u.casePath, `DELETE FROM case_log WHERE seq = 5`)
    db = openCase(u.casePath, { readonly: true })
    const check = checkCaseLogChain(db)
    expect(check.brokenAt).toBe(5)
    expect(check.problem).toContain('the newest were removed')
    db.close()
  })
})

describe('verifyCase', () => {
  it('matches, then reports a changed source (failure) and a missing one (not a failure)', async () => {
    const t = tempCase()
    c = t
    const a = t.path('audit.jsonl')
    const b = t.path('copy-of-audit-with-one-more-line.jsonl')
    copyFileSync(SAMPLE, a)
    copyFileSync('samples/event-hub/insights-logs-signinlogs.jsonl', b)
    await importIntoCase(t.db, [a, b])

    let v = await verifyCase(t.db)
    expect(v.ok).toBe(true)
    expect(v.sources.map((s) => s.status)).toEqual(['match', 'match'])

    rmSync(b)
    v = await verifyCase(t.db)
    expect(v).toMatchObject({ ok: true, missing: 1, changed: 0 })
    expect(v.sources.map((s) => s.status)).toEqual(['match', 'missing'])

    appendFileSync(a, '\n')
    v = await verifyCase(t.db)
    expect(v).toMatchObject({ ok: false, missing: 1, changed: 1, brokenAt: null })
    expect(v.sources.map((s) => s.status)).toEqual(['changed', 'missing'])
    expect(v.problems.join('\n')).toContain('audit.jsonl: its SHA-256 is not the one recorded at import')
  })
})

describe('authtrail verify', () => {
  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = ''
    let err = ''
    const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s), isTty: false })
    return { code, out, err }
  }

  it('exit 0 when all holds; 0 with a note when a source is missing; 1 when a source changed or the log was altered', async () => {
    const t = tempDir()
    try {
      const casePath = t.path('v.authtrail')
      const a = t.path('audit.jsonl')
      const s = t.path('signins.jsonl')
      copyFileSync(SAMPLE, a)
      copyFileSync('samples/event-hub/insights-logs-signinlogs.jsonl', s)
      expect((await cli('import', casePath, a, s)).code).toBe(0)

      let r = await cli('verify', casePath)
      expect(r.code).toBe(0)
      expect(r.out).toContain('case log: 2 entries, the hash chain holds')
      expect(r.out).toContain('sources: 2 recorded, 2 match, 0 changed, 0 not found')
      expect(r.out).toContain('VERIFIED')

      rmSync(s)
      r = await cli('verify', casePath)
      expect(r.code).toBe(0)
      expect(r.out).toContain(`? missing ${s}`)
      expect(r.out).toContain('not at the recorded path: reported, not a failure')

      appendFileSync(a, '{}\n')
      r = await cli('verify', casePath, '--json')
      expect(r.code).toBe(1)
      const json = JSON.parse(r.out)
      expect(json).toMatchObject({ ok: false, brokenAt: null, changed: 1, missing: 1, entries: 2 })
      expect(json.sources.map((x: { status: string }) => x.status)).toEqual(['changed', 'missing'])

      copyFileSync(SAMPLE, a)
      expect((await cli('verify', casePath)).code).toBe(0)
      tamper(casePath, `UPDATE case_log SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 1`)
      r = await cli('verify', casePath)
      expect(r.code).toBe(1)
      expect(r.out).toContain('case log: BROKEN at entry 1')
      expect(r.out).toContain('entry 1 was changed after it was written')
      expect(r.out).toContain('NOT VERIFIED: the case log was altered')

      expect((await cli('verify')).code).toBe(1)
      expect((await cli('verify', t.path('none.authtrail'))).code).toBe(2)
    } finally {
      t.cleanup()
    }
  })
})
