import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../scripts/samples/generate'
import { buildModel } from '../../scripts/samples/model/index'
import { formatSlices, writeSlices } from '../../scripts/samples/model/layout'
import type { Expected } from '../../scripts/samples/model/answer-key'
import { importIntoCase, type ImportReport } from '../../src/main/import/import-job'
import { tempCase } from '../helpers/temp-case'

const SAMPLES = resolve(__dirname, '../../samples')
const key = JSON.parse(readFileSync(join(SAMPLES, 'EXPECTED.json'), 'utf8')) as Expected

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((p) => statSync(join(dir, p)).isFile())
    .map((p) => p.split('\\').join('/'))
    .sort()
}

describe('the committed sample set', () => {
  let regenerated = ''
  beforeAll(async () => {
    regenerated = mkdtempSync(join(tmpdir(), 'authtrail-samples-'))
    const log = console.log
    console.log = () => undefined
    try {
      await main(['--out', regenerated])
    } finally {
      console.log = log
    }
  })
  afterAll(() => rmSync(regenerated, { recursive: true, force: true }))

  it('is exactly what `npm run samples` writes (deterministic and up to date)', () => {
    const committed = walk(SAMPLES)
    expect(committed).toEqual(walk(regenerated))
    for (const path of committed) {
      expect(readFileSync(join(SAMPLES, path)).equals(readFileSync(join(regenerated, path))), path).toBe(true)
    }
  })

  it('stays small: about 3 MB at most', () => {
    const bytes = walk(SAMPLES).reduce((sum, p) => sum + statSync(join(SAMPLES, p)).size, 0)
    expect(bytes).toBeLessThan(3.2e6)
  })

  it('lists every data file in EXPECTED.json, with at least one UTF-16 LE, one UTF-8 BOM and one CRLF file', () => {
    const onDisk = walk(SAMPLES).filter((p) => !p.startsWith('broken/') && p !== 'EXPECTED.json' && p !== 'README.md')
    expect(key.files.map((f) => f.path).sort()).toEqual(onDisk)
    const head = (p: string): Buffer => readFileSync(join(SAMPLES, p)).subarray(0, 3)
    const utf16 = key.files.filter((f) => f.encoding === 'utf16le')
    expect(utf16.length).toBeGreaterThan(0)
    for (const f of utf16) expect(head(f.path).subarray(0, 2).equals(Buffer.from([0xff, 0xfe]))).toBe(true)
    const bom = key.files.filter((f) => f.encoding === 'utf8-bom')
    expect(bom.length).toBeGreaterThan(0)
    for (const f of bom) expect(head(f.path).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true)
    const crlf = key.files.filter((f) => f.eol === 'crlf' && f.encoding !== 'utf16le')
    expect(crlf.length).toBeGreaterThan(0)
    for (const f of crlf) expect(readFileSync(join(SAMPLES, f.path), 'utf8')).toContain('\r\n')
    // Overlaps: more records are written than there are distinct events.
    const written = key.files.reduce((sum, f) => sum + f.audit + f.signin, 0)
    expect(written).toBeGreaterThan(key.totals.audit + key.totals.signin)
    expect(new Set(key.files.map((f) => f.format)).size).toBe(15)
  })

  it('holds one damaged file per kind of damage, described in broken/README.md', () => {
    expect(key.broken.length).toBeGreaterThanOrEqual(7)
    const readme = readFileSync(join(SAMPLES, 'broken/README.md'), 'utf8')
    for (const b of key.broken) {
      expect(existsSync(join(SAMPLES, b.path)), b.path).toBe(true)
      expect(readme).toContain(b.path.replace(/^broken\//, ''))
    }
    expect(readFileSync(join(SAMPLES, 'broken/empty.csv')).length).toBe(0)
    expect(readFileSync(join(SAMPLES, 'broken/screenshot.csv')).subarray(1, 4).toString('ascii')).toBe('PNG')
  })
})

describe('whole-tenant format folders (--formats)', () => {
  it('write formats that hold both kinds into one folder per kind, every event in each', async () => {
    const out = mkdtempSync(join(tmpdir(), 'authtrail-formats-'))
    try {
      const model = buildModel({ days: 2 })
      const written = await writeSlices(model, out, formatSlices(['purview-csv', 'azure-monitor-eventhub', 'la-signin-csv']))
      const paths = written.files.map((f) => f.path)
      expect(new Set(paths).size).toBe(paths.length)
      expect(paths.some((p) => p.startsWith('purview-csv/audit/'))).toBe(true)
      expect(paths.some((p) => p.startsWith('purview-csv/signin/'))).toBe(true)
      expect(paths.every((p) => !p.startsWith('la-signin-csv/audit'))).toBe(true)
      expect(walk(out).sort()).toEqual(paths.slice().sort())
      const hub = written.files.filter((f) => f.format === 'azure-monitor-eventhub')
      expect(hub.reduce((n, f) => n + f.audit + f.signin, 0)).toBe(written.totals.audit + written.totals.signin)
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  })
})

describe('the committed sample set through the real importer', () => {
  let report: ImportReport
  const kase = tempCase()
  beforeAll(async () => {
    report = await importIntoCase(kase.db, [SAMPLES])
  })
  afterAll(() => kase.cleanup())

  const fileReport = (path: string) => {
    const r = report.files.find((f) => relative(SAMPLES, f.path).split('\\').join('/') === path)
    if (!r) throw new Error(`no import report for ${path}`)
    return r
  }

  it('reads every data file with the record count the answer key states', () => {
    for (const f of key.files) {
      const r = fileReport(f.path)
      expect(r.status, f.path).toBe('imported')
      expect(r.format, f.path).not.toBeNull()
      expect(r.records, f.path).toBe(f.records)
      expect(r.rejected, f.path).toBe(0)
    }
  })

  it('survives every broken file as the answer key says', () => {
    for (const b of key.broken) {
      const r = fileReport(b.path)
      if (b.fileError) {
        expect(r.status, b.path).toBe('failed')
        expect(r.error, b.path).toBeTruthy()
      } else {
        expect(r.imported + r.duplicates, b.path).toBe(b.validRecords)
        expect(r.rejected, b.path).toBeGreaterThanOrEqual(b.rejectedAtLeast)
      }
    }
  })

  it('deduplicates the overlapping audit files exactly', () => {
    // Unified-audit-log copies are kept as their own events, linked to the Entra event they mirror.
    expect(report.events.audit).toBe(key.totals.audit + key.totals.ualRecords.audit - key.totals.ualOnly.audit)
  })

  // The two 50079 interrupts present in both the portal CSV and Log Analytics (liam.foster
  // 2026-10-09T15:20:31Z, lily.chen 2026-10-12T15:33Z) must be stored once each.
  it('deduplicates the overlapping sign-in files exactly', () => {
    expect(report.events.signin).toBe(key.totals.signin + key.totals.ualRecords.signin - key.totals.ualOnly.signin)
  })
})
