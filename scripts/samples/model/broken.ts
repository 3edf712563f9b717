/**
 * samples/broken/: one deliberately damaged file per kind of damage the importer must survive.
 * The readable records in them are copies of events that are also in the good files, so
 * importing the whole samples/ folder still yields exactly EXPECTED.json's totals: the broken
 * files add rejections and file errors, never events.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import type { DirectoryAudit, SampleRecord, SignIn } from '../graph-types'
import { writeFormat, type SampleFormat } from '../writers/index'
import type { BrokenFile } from './answer-key'
import { timedRecords, type Model } from './index'
import { DAY } from './time'

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** A valid 1x1 PNG (one opaque pixel), built from bytes: what a screenshot saved as .csv starts with. */
export function tinyPng(): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(1, 0)
  ihdr.writeUInt32BE(1, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  const scanline = Buffer.from([0, 0x1f, 0x6f, 0xb4, 0xff]) // filter 0, one blue pixel
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(scanline)),
    pngChunk('IEND', Buffer.alloc(0))
  ])
}

/** Writes records with a real writer into a scratch folder and returns the files' text by name. */
async function render(format: SampleFormat, records: SampleRecord[]): Promise<Map<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'authtrail-broken-'))
  try {
    const result = await writeFormat(format, records, dir)
    const out = new Map<string, string>()
    for (const f of result.files) out.set(f.path.slice(dir.length + 1).split('\\').join('/'), readFileSync(f.path, 'utf8'))
    return out
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function only(files: Map<string, string>, pattern: RegExp): [string, string] {
  for (const [name, text] of files) if (pattern.test(name)) return [name.split('/').pop() ?? name, text]
  throw new Error(`no rendered file matches ${pattern}`)
}

/** Splits CSV text into physical lines, keeping the line ending style. */
function csvLines(text: string): { lines: string[]; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  return { lines: text.split(eol).filter((l, i, all) => !(i === all.length - 1 && l === '')), eol }
}

export async function writeBroken(model: Model, outDir: string): Promise<BrokenFile[]> {
  const dir = join(outDir, 'broken')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  // Day 2 records are in the good files (portal audit JSON and CSV, portal sign-in CSV).
  const day2Start = model.window.start + DAY
  const audits: DirectoryAudit[] = []
  const signIns: SignIn[] = []
  for (const r of timedRecords(model)) {
    if (r.t < day2Start) continue
    if (r.t >= day2Start + DAY) break
    if (r.record.kind === 'audit' && audits.length < 6) audits.push(r.record.value)
    if (r.record.kind === 'signin' && r.record.value.isInteractive && signIns.length < 6) signIns.push(r.record.value)
  }
  if (audits.length < 6 || signIns.length < 6) throw new Error('not enough day-2 records for the broken files')
  const asAudit = (a: DirectoryAudit[]): SampleRecord[] => a.map((value) => ({ kind: 'audit', value }))
  const out: BrokenFile[] = []

  writeFileSync(join(dir, 'empty.csv'), '')
  out.push({ path: 'broken/empty.csv', damage: 'empty file (0 bytes)', fileError: true, validRecords: 0, rejectedAtLeast: 0, expect: 'reported as unreadable or of no recognizable format; nothing imported; the other files still import' })

  writeFileSync(join(dir, 'screenshot.csv'), tinyPng())
  out.push({ path: 'broken/screenshot.csv', damage: 'a PNG image renamed .csv', fileError: true, validRecords: 0, rejectedAtLeast: 0, expect: 'recognized as binary / not a log export; nothing imported' })

  const head = audits.slice(0, 4).map((a) => JSON.stringify(a, null, 2))
  const last = JSON.stringify(audits[4], null, 2)
  writeFileSync(join(dir, 'truncated-array.json'), `[\n${head.join(',\n')},\n${last.slice(0, Math.floor(last.length * 0.6))}`)
  out.push({ path: 'broken/truncated-array.json', damage: 'JSON array of directoryAudit objects cut off inside its fifth record (no closing bracket)', fileError: false, validRecords: 4, rejectedAtLeast: 1, expect: 'the four complete records are read (duplicates of good events); the cut record is reported with its line' })

  {
    const [name, text] = only(await render('portal-audit-csv', asAudit(audits.slice(0, 4))), /\.csv$/)
    const { lines, eol } = csvLines(text)
    // The last row loses the closing quote of its last cell: the field stays open to the end of the file.
    lines[4] = (lines[4] ?? '').slice(0, -1)
    mkdirSync(join(dir, 'unterminated-quote'), { recursive: true })
    writeFileSync(join(dir, 'unterminated-quote', name), lines.join(eol) + eol)
    out.push({ path: `broken/unterminated-quote/${name}`, damage: 'portal audit CSV whose last (fourth) row opens a quoted cell that never closes', fileError: false, validRecords: 3, rejectedAtLeast: 1, expect: 'the first three rows are read; the unterminated row is reported' })
  }

  {
    const files = await render('portal-signin-csv', signIns.map((value) => ({ kind: 'signin', value })))
    const [name, text] = only(files, /^InteractiveSignIns_\d/)
    const { lines, eol } = csvLines(text)
    const short = (lines[4] ?? '').split('","').slice(0, 10).join('","') + '"'
    lines[4] = short
    mkdirSync(join(dir, 'short-row'), { recursive: true })
    writeFileSync(join(dir, 'short-row', name), lines.join(eol) + eol)
    out.push({ path: `broken/short-row/${name}`, damage: 'portal interactive sign-in CSV whose fourth row has 10 of the 57 columns', fileError: false, validRecords: 5, rejectedAtLeast: 1, expect: 'five rows are read; the short row is reported' })
  }

  {
    const [name, text] = only(await render('portal-audit-csv', asAudit(audits.slice(0, 4))), /\.csv$/)
    const { lines, eol } = csvLines(text)
    lines[3] = (lines[3] ?? '').replace(/^"[^"]*"/, '"32/13/2026 25:61:00"')
    mkdirSync(join(dir, 'bad-date'), { recursive: true })
    writeFileSync(join(dir, 'bad-date', name), lines.join(eol) + eol)
    out.push({ path: `broken/bad-date/${name}`, damage: 'portal audit CSV whose third row has the date "32/13/2026 25:61:00"', fileError: false, validRecords: 3, rejectedAtLeast: 1, expect: 'three rows are read; the row with the unparseable date is reported, not imported with a guessed time' })
  }

  {
    const [name, text] = only(await render('graph-audit-ndjson', asAudit(audits.slice(0, 5))), /\.json$/)
    const lines = text.split('\n').filter((l) => l !== '')
    // An unquoted string value: the line is invalid JSON but its braces and quotes stay balanced,
    // so a line-oriented reader can reject it and carry on with the next line.
    lines[2] = (lines[2] ?? '').replace(/"activityDisplayName": "([^"]*)"/, '"activityDisplayName": $1')
    mkdirSync(join(dir, 'invalid-json-line'), { recursive: true })
    writeFileSync(join(dir, 'invalid-json-line', name), lines.join('\n') + '\n')
    out.push({ path: `broken/invalid-json-line/${name}`, damage: 'Untitled Goose Tool NDJSON whose third line has an unquoted string value (invalid JSON)', fileError: false, validRecords: 4, rejectedAtLeast: 1, expect: 'four lines are read; the invalid line is reported with its line number' })
  }

  writeFileSync(join(dir, 'README.md'), brokenReadme(out))
  return out
}

function brokenReadme(files: BrokenFile[]): string {
  const rows = files.map((f) => `| \`${f.path.replace(/^broken\//, '')}\` | ${f.damage} | ${f.expect} |`)
  return [
    '# Deliberately broken files',
    '',
    'Generated by `npm run samples` (scripts/samples/model/broken.ts). Each file has one kind of damage the',
    'importer must survive: it reports the problem (file, line, reason) and goes on with the other files.',
    'Every readable record here is a copy of an event that is also in the good files, so importing the whole',
    '`samples/` folder adds rejections and file errors but no events: the totals stay those of `EXPECTED.json`',
    '(whose `broken` section lists the same expectations as data).',
    '',
    '| File | Damage | Expected outcome |',
    '|---|---|---|',
    ...rows,
    ''
  ].join('\n')
}
