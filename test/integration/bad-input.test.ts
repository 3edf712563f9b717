import { afterEach, describe, expect, it } from 'vitest'
import { openCase } from '../../src/main/db/open'
import { caseCounts } from '../../src/main/db/queries'
import { importIntoCase } from '../../src/main/import/import-job'
import { PORTAL_AUDIT_HEADER, REGISTERED, UPDATE_USER, portalAuditRow } from '../helpers/entra-fixtures'
import { csvLine, importFixtures, writeFixtures, type Case } from '../helpers/import-fixture'
import { tempCase } from '../helpers/temp-case'

let cases: Case[] = []
afterEach(() => {
  for (const c of cases) c.cleanup()
  cases = []
})
async function load(files: Record<string, string | Buffer>): ReturnType<typeof importFixtures> {
  const r = await importFixtures(files)
  cases.push(r.c)
  return r
}

const line = (o: unknown): string => JSON.stringify(o)
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')

describe('bad files end their own import with a clear reason and leave the case as it was', () => {
  it.each([
    ['empty.json', '', 'the file is empty'],
    ['blank.csv', '\r\n  \n', 'the file is empty'],
    ['picture.csv', PNG, 'this file is a PNG image, not a log export'],
    [
      'package.json',
      '{"name":"not-a-log","version":"1.0.0"}',
      'no Entra audit, sign-in or unified audit log records were found in this JSON'
    ],
    ['notes.csv', 'name,colour\nalice,blue\n', 'unrecognized CSV header: name, colour'],
    ['archive.json', Buffer.from('504b0304140000000800', 'hex'), 'ZIP archive']
  ])('%s', async (name, content, reason) => {
    const { file, events, c } = await load({ 'good.json': line(REGISTERED) + '\n', [name]: content })
    expect(file(name)).toMatchObject({ status: 'failed', imported: 0 })
    expect(file(name).error).toContain(reason)
    expect(file('good.json')).toMatchObject({ status: 'imported', imported: 1 })
    expect(events).toHaveLength(1)
    expect(c.db.prepare(`SELECT count(*) FROM files`).pluck().get()).toBe(1)
  })

  it('a failed file leaves no trace: the case is byte-for-byte the same data as before', async () => {
    const c = tempCase()
    cases.push(c)
    await importIntoCase(c.db, writeFixtures(c, { 'first.json': line(REGISTERED) + '\n' }))
    const before = c.db.prepare(`SELECT * FROM events`).all()
    const report = await importIntoCase(c.db, writeFixtures(c, { 'bad.csv': PNG }))
    expect(report.files[0]?.status).toBe('failed')
    expect(c.db.prepare(`SELECT * FROM events`).all()).toEqual(before)
    expect(c.db.prepare(`SELECT count(*) FROM files`).pluck().get()).toBe(1)
    expect(c.db.prepare(`SELECT count(*) FROM import_issues`).pluck().get()).toBe(0)
  })
})

describe('bad records are skipped with file, line and reason; good records still import', () => {
  it('a truncated JSON array', async () => {
    const text = JSON.stringify([REGISTERED, UPDATE_USER], null, 2)
    const { file } = await load({ 'cut.json': text.slice(0, text.length - 200) })
    expect(file('cut.json')).toMatchObject({ status: 'imported', imported: 1, rejected: 1 })
    expect(file('cut.json').issues).toEqual([
      { line: expect.any(Number), reason: 'the file ends inside this record (truncated JSON)' }
    ])
  })

  it('an invalid JSON line among good ones', async () => {
    const { file } = await load({
      'lines.json': `${line(REGISTERED)}\n{"id": "x", oops}\n${line(UPDATE_USER)}\n`
    })
    expect(file('lines.json')).toMatchObject({ imported: 2, rejected: 1 })
    expect(file('lines.json').issues[0]).toMatchObject({
      line: 2,
      reason: expect.stringMatching(/^invalid JSON/)
    })
  })

  const header = csvLine(PORTAL_AUDIT_HEADER)
  const good = csvLine(portalAuditRow(REGISTERED))
  const good2 = csvLine(portalAuditRow(UPDATE_USER))

  it('an unterminated quote costs one line, not the file', async () => {
    const broken =
      '"2026-10-06T10:00:00Z","corr","Core Directory","UserManagement","Update user","Success","unterminated'
    const { file } = await load({ 'quote.csv': [header, good, broken, good2].join('\r\n') + '\r\n' })
    expect(file('quote.csv')).toMatchObject({ imported: 2, rejected: 1 })
    expect(file('quote.csv').issues).toEqual([
      { line: 3, reason: 'unterminated quoted field: the quote opened on this line never closes' }
    ])
  })

  it('a row with too few columns', async () => {
    const { file } = await load({
      'short.csv': [header, good, '"2026-10-06T10:00:00Z","corr","Core Directory"', good2].join('\r\n')
    })
    expect(file('short.csv')).toMatchObject({ imported: 2, rejected: 1 })
    expect(file('short.csv').issues).toEqual([{ line: 3, reason: 'row has 3 columns, the header has 86' }])
  })

  it('an unparseable date', async () => {
    const bad = csvLine(portalAuditRow({ ...REGISTERED, activityDateTime: 'last Tuesday' }))
    const { file } = await load({ 'date.csv': [header, bad, good2].join('\n') })
    expect(file('date.csv')).toMatchObject({ imported: 1, rejected: 1 })
    expect(file('date.csv').issues).toEqual([{ line: 2, reason: "unparseable activity time 'last Tuesday'" }])
  })

  it('a 10 MB single line, in JSON lines and in CSV, without holding up the rest', async () => {
    const huge = `{"id":"huge","activityDateTime":"2026-10-06T10:00:00Z","blob":"${'x'.repeat(10 * 1024 * 1024)}"}`
    const hugeCsv = `"2026-10-06T10:00:00Z",${'y'.repeat(10 * 1024 * 1024)}`
    const { file } = await load({
      'big.json': `${line(REGISTERED)}\n${huge}\n${line(UPDATE_USER)}\n`,
      'big.csv': [header, good, hugeCsv, good2].join('\n')
    })
    expect(file('big.json')).toMatchObject({ imported: 2, rejected: 1 })
    expect(file('big.json').issues).toEqual([
      { line: 2, reason: 'record is larger than the 4 MiB limit and was skipped' }
    ])
    expect(file('big.csv')).toMatchObject({ duplicates: 2, rejected: 1 })
    expect(file('big.csv').issues).toEqual([
      { line: 3, reason: 'line is longer than the 4 MiB limit and was skipped' }
    ])
  })

  it('keeps what it skipped in the case, with an excerpt of the text', async () => {
    const { c } = await load({ 'lines.json': `${line(REGISTERED)}\nnot json\n` })
    expect(c.db.prepare(`SELECT line, reason, excerpt FROM import_issues`).all()).toEqual([
      { line: 2, reason: 'text that is not JSON was skipped', excerpt: 'not json' }
    ])
    expect(caseCounts(c.db).audit).toBe(1)
  })
})

describe('cancelling an import', () => {
  it('rolls everything back, including files that had finished', async () => {
    const c = tempCase()
    cases.push(c)
    await importIntoCase(c.db, writeFixtures(c, { 'first.json': line(REGISTERED) + '\n' }))
    const records = Array.from({ length: 20_000 }, (_, i) => ({
      ...UPDATE_USER,
      id: `Directory_cancel_${i}`,
      correlationId: `c-${i}`
    }))
    const paths = writeFixtures(c, {
      'small.json': line(UPDATE_USER) + '\n',
      'big.json': JSON.stringify(records)
    })
    const controller = new AbortController()
    const run = importIntoCase(c.db, paths, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.fileIndex === 1 && p.events > 0) controller.abort()
      }
    })
    await expect(run).rejects.toThrow('import cancelled; the case is unchanged')
    expect(caseCounts(c.db).audit).toBe(1)
    expect(c.db.prepare(`SELECT name FROM files`).pluck().all()).toEqual(['first.json'])
    expect(c.db.inTransaction).toBe(false)
  })
})

describe('two writers', () => {
  it('a second import into a case that is being written is refused with a clear message', async () => {
    const c = tempCase()
    cases.push(c)
    const paths = writeFixtures(c, { 'a.json': line(REGISTERED) + '\n' })
    const other = openCase(c.casePath)
    other.pragma('busy_timeout = 0')
    c.db.pragma('busy_timeout = 0')
    other.exec('BEGIN IMMEDIATE')
    try {
      await expect(importIntoCase(c.db, paths)).rejects.toThrow(
        'the case is busy: another import is writing to it'
      )
    } finally {
      other.exec('ROLLBACK')
      other.close()
    }
    expect((await importIntoCase(c.db, paths)).files[0]?.status).toBe('imported')
  })
})
