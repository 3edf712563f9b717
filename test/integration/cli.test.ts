import { spawn } from 'node:child_process'
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main, type Io } from '../../src/main/cli/main'
import { EVENT_JSON_FIELDS } from '../../src/shared/model/event'
import { REGISTERED, SIGN_IN, UPDATE_USER } from '../helpers/entra-fixtures'
import { tempDir, type TempDir } from '../helpers/temp-case'

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), isTty: false }
  const code = await main(argv, io)
  return { code, out, err }
}

let t: TempDir
let casePath: string
beforeAll(() => {
  t = tempDir()
  casePath = t.path('case.authtrail')
  writeFileSync(t.path('audit.json'), JSON.stringify([REGISTERED, UPDATE_USER], null, 2))
  writeFileSync(t.path('signins.json'), JSON.stringify({ value: [SIGN_IN] }))
  writeFileSync(t.path('broken.csv'), Buffer.from('89504e470d0a1a0a', 'hex'))
})
afterAll(() => t.cleanup())

describe('authtrail import', () => {
  it('prints one JSON object per the contract, exit 2 when a file could not be read, the others imported', async () => {
    const r = await cli(
      'import',
      casePath,
      t.path('audit.json'),
      t.path('signins.json'),
      t.path('broken.csv'),
      '--json'
    )
    expect(r.code).toBe(2)
    const report = JSON.parse(r.out)
    expect(report.events).toEqual({ audit: 2, signin: 1 })
    expect(report.files).toHaveLength(3)
    for (const f of report.files) {
      for (const key of [
        'path',
        'sha256',
        'format',
        'records',
        'imported',
        'duplicates',
        'rejected',
        'issues'
      ])
        expect(f).toHaveProperty(key)
    }
    expect(report.files[0]).toMatchObject({
      format: 'graph-audit-json',
      records: 2,
      imported: 2,
      duplicates: 0,
      rejected: 0,
      issues: []
    })
    expect(report.files[2]).toMatchObject({
      status: 'failed',
      error: 'this file is a PNG image, not a log export'
    })
  })

  it('exit 0 when every file was read, and re-importing adds nothing', async () => {
    const r = await cli('import', casePath, t.path('audit.json'), t.path('signins.json'))
    expect(r.code).toBe(0)
    expect(r.out).toContain('already in this case')
    expect(r.out).toContain('2 audit and 1 sign-in events')
  })

  it('exit 1 on usage errors, with the usage text', async () => {
    expect((await cli('import', casePath)).code).toBe(1)
    expect((await cli('frobnicate')).err).toContain("unknown command 'frobnicate'")
    expect((await cli('events', casePath, '--kind', 'mail')).code).toBe(1)
    expect((await cli('events', casePath, '--limit', 'many')).code).toBe(1)
  })
})

describe('authtrail info', () => {
  it('counts by kind, time range and sources with hash and format', async () => {
    const r = await cli('info', casePath, '--json')
    expect(r.code).toBe(0)
    const info = JSON.parse(r.out)
    expect(info.events).toEqual({ audit: 2, signin: 1, total: 3 })
    expect(info.timeRange).toEqual({ first: '2026-10-06T09:05:41.619Z', last: '2026-10-06T09:14:05.100Z' })
    expect(info.sources.map((s: { format: string }) => s.format)).toEqual([
      'graph-audit-json',
      'graph-signin-json'
    ])
    expect(info.sources[0].sha256).toMatch(/^[0-9a-f]{64}$/)
    const text = await cli('info', casePath)
    expect(text.out).toContain('time range (UTC): 2026-10-06T09:05:41.619Z')
  })
})

describe('authtrail events', () => {
  const events = async (...args: string[]): Promise<Record<string, unknown>[]> => {
    const r = await cli('events', casePath, ...args)
    expect(r.code, r.err).toBe(0)
    return JSON.parse(r.out)
  }

  it('prints every field of the event model, oldest first, absent ones null', async () => {
    const all = await events()
    expect(all.map((e) => e.kind)).toEqual(['signin', 'audit', 'audit'])
    for (const e of all) expect(Object.keys(e)).toEqual([...EVENT_JSON_FIELDS])
    expect(all[1]?.category).toBe('UserManagement')
    expect(all[0]?.targetUpn).toBeNull()
  })

  it('filters by kind, user (any case), activity (any case, trailing period), IP, method, time and text', async () => {
    expect((await events('--kind', 'signin')).length).toBe(1)
    expect((await events('--user', 'ALICE@corp.example.com')).length).toBe(3)
    expect((await events('--activity', 'user registered security info.')).length).toBe(1)
    expect((await events('--ip', '203.0.113.45')).length).toBe(2)
    expect((await events('--method', 'phone-sms')).map((e) => e.kind)).toEqual(['signin'])
    expect((await events('--from', '2026-10-06T09:10:00Z')).length).toBe(2)
    expect((await events('--to', '2026-10-06T09:10:00Z')).length).toBe(1)
    expect((await events('--search', 'SM-A546E')).map((e) => e.activity)).toEqual(['Update user'])
    expect((await events('--limit', '1')).length).toBe(1)
  })

  it('writes NDJSON and CSV', async () => {
    const nd = await cli('events', casePath, '--format', 'ndjson')
    expect(
      nd.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).kind)
    ).toEqual(['signin', 'audit', 'audit'])
    const csv = await cli('events', casePath, '--format', 'csv', '--kind', 'signin')
    const [head, row] = csv.out.trim().split('\r\n')
    expect(head).toBe(EVENT_JSON_FIELDS.join(','))
    expect(row).toContain(`,'+1 555 0100,`) // a cell starting with + is defused for spreadsheets
  })
})

describe('clear one-line errors', () => {
  it('for a missing case file, a file that is not a case, and a case from a newer version', async () => {
    const missing = await cli('info', t.path('nope.authtrail'))
    expect(missing).toMatchObject({
      code: 2,
      err: `authtrail: no case file at ${t.path('nope.authtrail')}\n`
    })
    const notCase = await cli('info', t.path('audit.json'))
    expect(notCase.err).toBe(`authtrail: ${t.path('audit.json')} is not an Authtrail case file\n`)
    const newer = t.path('newer.authtrail')
    await cli('import', newer, t.path('audit.json'))
    const db = new Database(newer)
    db.pragma('user_version = 999')
    db.close()
    const r = await cli('events', newer)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(
      /^authtrail: this case was written by a newer version of Authtrail \(schema 999; this version reads up to \d+\); update Authtrail to open it\n$/
    )
    expect((await cli('import', newer, t.path('audit.json'))).err).toMatch(/newer version/)
  })
})

describe('an import killed mid-way leaves the case unchanged', () => {
  it('SIGKILL during a large import: same events, intact database', async () => {
    const big = t.path('big.json')
    const records = Array.from({ length: 60_000 }, (_, i) => ({
      ...UPDATE_USER,
      id: `Directory_kill_${i}`,
      correlationId: `kill-${i}`,
      activityDateTime: new Date(Date.UTC(2026, 9, 7) + i * 1000).toISOString()
    }))
    writeFileSync(big, JSON.stringify(records, null, 2))
    const before = await cli('info', casePath, '--json')
    const child = spawn(
      process.execPath,
      [resolve(__dirname, '../../bin/authtrail.mjs'), 'import', casePath, big],
      { stdio: 'ignore' }
    )
    const wal = `${casePath}-wal`
    const started = Date.now()
    // Kill once the import has written a good part of its transaction to the WAL.
    while (!(existsSync(wal) && statSync(wal).size > 8 * 1024 * 1024)) {
      if (Date.now() - started > 60_000 || child.exitCode !== null) break
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(child.exitCode, 'the import must still be running when it is killed').toBeNull()
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    const after = await cli('info', casePath, '--json')
    expect(JSON.parse(after.out)).toEqual(JSON.parse(before.out))
    const db = new Database(casePath)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
  })
})
