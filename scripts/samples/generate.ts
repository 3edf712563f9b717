/**
 * The sample generator CLI (`npm run samples -- …`).
 *
 *   npm run samples                        the committed set: samples/ (mixed formats, broken files, EXPECTED.json)
 *   npm run samples -- --mix --out DIR     the same layout for other options (--seed, --users, --days, --start)
 *   npm run samples -- --formats a,b --out DIR
 *                                          the whole tenant in each listed format, one folder per format
 *   npm run samples -- --events 1000000 --formats graph-audit-ndjson --out DIR [--kind audit]
 *                                          scale mode: streams exactly N records (of --kind, if given)
 *                                          through the writers in bounded memory, for benchmarks
 *
 * Output is deterministic: the same options give the same bytes.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { SampleRecord } from './graph-types'
import { answerKey, type ExpectedFile } from './model/answer-key'
import { writeBroken } from './model/broken'
import { samplesReadme } from './model/readme'
import { buildModel, castSize, DEFAULT_OPTIONS, timedRecords, type Model, type ModelOptions } from './model/index'
import { accepts, formatSlices, MIX, mixSlices, writeSlices, type Totals } from './model/layout'
import { SAMPLE_FORMATS, writeFormat, type SampleFormat } from './writers/index'

const USAGE = `usage: npm run samples -- [--users N] [--days N] [--start ISO] [--seed S] [--out DIR]
                      [--mix] [--formats a,b,...] [--events N [--kind audit|signin]]
formats: ${SAMPLE_FORMATS.join(', ')}`

/** Top-level entries the mix layout owns in its output folder (removed before writing). */
const MIX_ENTRIES = [...new Set(MIX.map((s) => s.dir.split('/')[0] ?? s.dir)), 'broken', 'EXPECTED.json', 'README.md']

interface Cli {
  options: ModelOptions
  out: string
  mix: boolean
  formats: SampleFormat[] | null
  events: number | null
  kind: 'audit' | 'signin' | null
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`)
  return n
}

export function parseCli(argv: string[]): Cli {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string' },
      days: { type: 'string' },
      events: { type: 'string' },
      seed: { type: 'string' },
      start: { type: 'string' },
      out: { type: 'string' },
      formats: { type: 'string' },
      kind: { type: 'string' },
      mix: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const formats = values.formats
    ? values.formats.split(',').map((f) => {
        const name = f.trim() as SampleFormat
        if (!SAMPLE_FORMATS.includes(name)) throw new Error(`unknown format "${f}"\n${USAGE}`)
        return name
      })
    : null
  const kind = values.kind ?? null
  if (kind !== null && kind !== 'audit' && kind !== 'signin') throw new Error(`--kind must be audit or signin, got "${kind}"`)
  const events = positiveInt('events', values.events) ?? null
  if (events !== null && !formats) throw new Error(`--events needs --formats\n${USAGE}`)
  return {
    options: {
      ...DEFAULT_OPTIONS,
      seed: values.seed ?? DEFAULT_OPTIONS.seed,
      start: values.start ?? DEFAULT_OPTIONS.start,
      days: positiveInt('days', values.days) ?? DEFAULT_OPTIONS.days,
      users: positiveInt('users', values.users) ?? DEFAULT_OPTIONS.users
    },
    out: values.out ?? 'samples',
    mix: values.mix ?? !formats,
    formats,
    events,
    kind
  }
}

async function writeMix(model: Model, out: string): Promise<void> {
  for (const entry of MIX_ENTRIES) rmSync(join(out, entry), { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  const written = await writeSlices(model, out, mixSlices(model.window.days))
  const broken = await writeBroken(model, out)
  const missing = model.storyRecords.filter((r) => !written.ids.has(r.record.value.id))
  if (missing.length > 0) throw new Error(`story events missing from every file: ${missing.map((r) => r.record.value.id).join(', ')}`)
  const key = answerKey(model, written.files, broken, written.totals)
  writeFileSync(join(out, 'EXPECTED.json'), JSON.stringify(key, null, 2) + '\n')
  writeFileSync(join(out, 'README.md'), samplesReadme(key))
  report(out, written.files, written.totals)
}

async function writeWhole(model: Model, out: string, formats: SampleFormat[]): Promise<void> {
  for (const f of formats) rmSync(join(out, f), { recursive: true, force: true })
  rmSync(join(out, 'EXPECTED.json'), { force: true })
  const written = await writeSlices(model, out, formatSlices(formats))
  writeFileSync(join(out, 'EXPECTED.json'), JSON.stringify(answerKey(model, written.files, [], written.totals), null, 2) + '\n')
  report(out, written.files, written.totals)
}

function report(out: string, files: ExpectedFile[], totals: Totals): void {
  const bytes = files.length
  console.log(`${resolve(out)}: ${bytes} files, ${totals.audit} audit events and ${totals.signin} sign-ins (distinct)`)
}

const AUDIT_ONLY = /^(portal-audit|graph-audit|la-audit)/
const SIGNIN_ONLY = /^(portal-signin|graph-signin|la-signin)/

/** The kinds of record a format holds (the writers skip the others). */
export function kindsOf(format: SampleFormat): Array<'audit' | 'signin'> {
  if (AUDIT_ONLY.test(format)) return ['audit']
  if (SIGNIN_ONLY.test(format)) return ['signin']
  return ['audit', 'signin']
}

/**
 * Sizes the tenant for N records per format: about 20,000 records per day (so a day's plans stay
 * small), up to 2,000 users, denser user-days and more directory changes as needed, then enough
 * days (measured on a one-week probe) to reach N.
 */
export function scaleOptions(
  base: ModelOptions,
  events: number,
  formats: SampleFormat[],
  kind: 'audit' | 'signin' | null
): ModelOptions {
  const needs = (k: 'audit' | 'signin'): boolean =>
    (kind === null || kind === k) && formats.some((f) => kindsOf(f).includes(k))
  const perDay = events / Math.min(1000, Math.max(21, Math.ceil(events / 20_000)))
  let users = castSize()
  let density = 1
  let auditDensity = 1
  if (needs('signin')) {
    users = Math.max(castSize(), Math.min(2000, Math.ceil(perDay / 10)))
    density = Math.max(1, 1 + (perDay / users - 1.9) / 3.6)
  }
  if (needs('audit')) auditDensity = Math.max(1, 1 + (perDay / 0.7 - 1) / 2.7)
  const probe = buildModel({ ...base, users, density, auditDensity, days: 7 })
  const week = { audit: 0, signin: 0 }
  for (const r of timedRecords(probe)) week[r.record.kind === 'signin' ? 'signin' : 'audit']++
  let days = base.days
  for (const format of formats) {
    const ks = kindsOf(format).filter((k) => kind === null || k === kind)
    const weekly = ks.reduce((sum, k) => sum + week[k], 0)
    days = Math.max(days, Math.ceil((events / Math.max(1, weekly / 7)) * 1.15) + 2)
  }
  return { ...base, users, density, auditDensity, days }
}

async function scale(cli: Cli, formats: SampleFormat[], events: number): Promise<void> {
  const started = performance.now()
  const options = scaleOptions(cli.options, events, formats, cli.kind)
  const model = buildModel(options)
  console.log(
    `scale: ${options.users} users, ${options.days} days, density ${options.density.toFixed(2)} (sign-ins) and ${options.auditDensity.toFixed(0)} (audit); ${events} records per format`
  )
  for (const format of formats) {
    const t0 = performance.now()
    const counts = { audit: 0, signin: 0 }
    let lastTime = 0
    function* source(): Generator<SampleRecord> {
      let n = 0
      const ks = kindsOf(format).filter((k) => cli.kind === null || k === cli.kind)
      for (const r of timedRecords(model, Infinity, ks.length === 1 ? (ks[0] ?? null) : null)) {
        if (cli.kind && r.record.kind !== cli.kind) continue
        if (!accepts(format, r.record)) continue
        counts[r.record.kind === 'signin' ? 'signin' : 'audit']++
        lastTime = r.t
        yield r.record
        if (++n >= events) return
      }
    }
    rmSync(join(cli.out, format), { recursive: true, force: true })
    const result = await writeFormat(format, source(), join(cli.out, format))
    const seconds = (performance.now() - t0) / 1000
    const n = counts.audit + counts.signin
    const bytes = result.files.reduce((s, f) => s + f.bytes, 0)
    console.log(
      `${format}: ${n} records in ${seconds.toFixed(1)} s (${Math.round(n / seconds)} records/s), ${(bytes / 1e6).toFixed(1)} MB, ${result.files.length} files`
    )
    if (n < events) console.warn(`  only ${n} records: the window ran out before ${events}`)
    const files: ExpectedFile[] = result.files.map((f) => ({
      path: relative(cli.out, f.path).split('\\').join('/'),
      format,
      records: f.records,
      audit: 0,
      signin: 0
    }))
    const ual = format === 'purview-csv' || format === 'ual-jsonl'
    const none = { audit: 0, signin: 0 }
    const totals: Totals = { ...counts, ualRecords: ual ? counts : none, ualOnly: ual ? counts : none }
    // One answer key per format: each format folder holds its own N records.
    const key = answerKey(model, files, [], totals, lastTime)
    writeFileSync(join(cli.out, `EXPECTED.${format}.json`), JSON.stringify(key, null, 2) + '\n')
  }
  const rss = process.resourceUsage().maxRSS / 1024
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS ${rss.toFixed(0)} MB`)
}

export async function main(argv: string[]): Promise<void> {
  const cli = parseCli(argv)
  mkdirSync(cli.out, { recursive: true })
  if (cli.events !== null && cli.formats) return scale(cli, cli.formats, cli.events)
  const model = buildModel(cli.options)
  if (cli.formats) return writeWhole(model, cli.out, cli.formats)
  return writeMix(model, cli.out)
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]).endsWith(join('samples', 'generate.ts'))
if (invokedDirectly) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  })
}
