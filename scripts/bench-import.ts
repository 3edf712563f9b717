/**
 * npm run bench:import -- [--events N] [--data DIR] [--only json|csv]
 *
 * Measures the real import pipeline on ~N Graph audit events written as one JSON array (the
 * portal's JSON download) and ~N portal sign-in CSV rows, next to floors measured in the same run
 * on the same bytes: reading the file; reading plus per-record JSON.parse (papaparse for the CSV)
 * without storing; storing alone (the same rows, parsed beforehand, written by the import's writer:
 * the most any import on one SQLite connection can do); and, for the CSV, the sqlite3 shell's
 * `.import` into a bare table. Each
 * measurement runs in its own process so its peak RSS is its own. Data is generated once by the
 * sample generator's scale mode into a git-ignored folder and reused.
 */
import { isAscii } from 'node:buffer'
import { execFileSync, spawnSync } from 'node:child_process'
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import Papa from 'papaparse'
import { openCase } from '../src/main/db/open'
import { importIntoCase, withImportTransaction } from '../src/main/import/import-job'
import { ParseWorkerSlot } from '../src/main/import/parse-worker-slot'
import type { ParseControl, ParseMessage } from '../src/main/import/protocol'
import { detectEncoding, readHead } from '../src/main/import/source-file'
import { JsonSplitter } from '../src/shared/ingest/json-splitter'
import type { SplitItem } from '../src/shared/ingest/record'

interface Measure {
  ms: number
  records: number
  bytes: number
  rssMb: number
  extra?: Record<string, number>
}

const ROOT = resolve(import.meta.dirname, '..')

/** Peak resident memory of this process (VmHWM): getrusage's maxRSS can carry the parent's peak over a fork. */
function rssMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8')
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1]
  return kb ? Math.round(Number(kb) / 1024) : Math.round(process.resourceUsage().maxRSS / 1024)
}

async function readFloor(files: string[]): Promise<Measure> {
  const t = performance.now()
  let bytes = 0
  for (const f of files)
    for await (const chunk of createReadStream(f, { highWaterMark: 1 << 20 }))
      bytes += (chunk as Buffer).length
  return { ms: performance.now() - t, records: 0, bytes, rssMb: rssMb(), extra: cpuMs() }
}

/** `scan`: records cut character by character, the floor TOOLCHAIN.md §4b measured (≈52k/s there). */
async function jsonParseFloor(files: string[], scan = false): Promise<Measure> {
  const t = performance.now()
  let bytes = 0
  let records = 0
  const decoder = new TextDecoder()
  // One JSON.parse a record: the splitter's own (it checks its guess of where a record ends by
  // parsing it), or here when it cut the record by scanning.
  const parse = (out: SplitItem[]): void => {
    for (const item of out)
      if ('record' in item && (item.record.value ?? JSON.parse(item.record.text))) records++
    out.length = 0
  }
  for (const f of files) {
    const splitter = new JsonSplitter({ guessEnds: !scan })
    const out: SplitItem[] = []
    // Decoded as the importer does: an all-ASCII chunk after a clean one is copied as Latin-1.
    let clean = false
    for await (const chunk of createReadStream(f, { highWaterMark: 1 << 20 })) {
      const bytesOf = chunk as Buffer
      bytes += bytesOf.length
      const text =
        clean && isAscii(bytesOf) ? bytesOf.toString('latin1') : decoder.decode(bytesOf, { stream: true })
      clean = bytesOf.length > 0 && (bytesOf[bytesOf.length - 1] as number) < 0x80
      splitter.push(text, out)
      parse(out)
    }
    splitter.end(out)
    parse(out)
  }
  return { ms: performance.now() - t, records, bytes, rssMb: rssMb(), extra: cpuMs() }
}

async function papaparseFloor(files: string[]): Promise<Measure> {
  const t = performance.now()
  let records = 0
  let bytes = 0
  for (const f of files) {
    bytes += statSync(f).size
    await new Promise<void>((done, fail) => {
      Papa.parse(createReadStream(f, { encoding: 'utf8', highWaterMark: 1 << 20 }) as unknown as File, {
        header: false,
        step: () => {
          records++
        },
        complete: () => done(),
        error: fail
      })
    })
    records-- // the header row
  }
  return { ms: performance.now() - t, records, bytes, rssMb: rssMb(), extra: cpuMs() }
}

function sqliteShellImport(files: string[], dir: string): Measure {
  const db = join(dir, 'sqlite3-import.db')
  rmSync(db, { force: true })
  const commands = ['PRAGMA page_size=16384;', '.mode csv']
  files.forEach((f, i) => commands.push(`.import '${f}' t${i}`))
  const t = performance.now()
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', 'sqlite3', db], {
    input: commands.join('\n') + '\n',
    encoding: 'utf8'
  })
  const ms = performance.now() - t
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`)
  const [peakKb, user, sys] = (r.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number) as [
    number,
    number,
    number
  ]
  const rows = files.reduce(
    (n, _f, i) =>
      n + Number(execFileSync('sqlite3', [db, `SELECT count(*) FROM t${i}`], { encoding: 'utf8' }).trim()),
    0
  )
  rmSync(db, { force: true })
  return {
    ms,
    records: rows,
    bytes: files.reduce((n, f) => n + statSync(f).size, 0),
    rssMb: Math.round(peakKb / 1024),
    extra: { cpuMs: (user + sys) * 1000, mainCpuMs: (user + sys) * 1000 }
  }
}

async function importStage(files: string[], dir: string): Promise<Measure> {
  const casePath = join(dir, 'bench.authtrail')
  for (const suffix of ['', '-wal', '-shm']) rmSync(casePath + suffix, { force: true })
  const db = openCase(casePath, { create: true })
  const t = performance.now()
  // After the commit: the filter indexes ('optimizing'), the checkpoint ('indexing' 0/0), then the
  // search index ('indexing' with a total). The first of these marks the commit.
  let committedAt = 0
  let indexesAt = 0
  let textFrom = 0
  let cpuAtCommit = { cpuMs: 0, mainCpuMs: 0 }
  const report = await importIntoCase(db, files, {
    onProgress: (p) => {
      const now = performance.now()
      if ((p.phase === 'optimizing' || p.phase === 'indexing') && committedAt === 0) {
        committedAt = now
        cpuAtCommit = cpuMs()
      }
      if (p.phase === 'indexing' && indexesAt === 0) indexesAt = now
      if (p.phase === 'indexing' && p.bytesTotal > 0 && textFrom === 0) textFrom = now
    }
  })
  if (committedAt === 0) cpuAtCommit = cpuMs()
  const end = performance.now()
  db.close()
  const size = statSync(casePath).size
  rmSync(casePath, { force: true })
  const failed = report.files.filter((f) => f.status !== 'imported')
  if (failed.length) throw new Error(`import failed: ${JSON.stringify(failed.map((f) => f.error))}`)
  const imported = report.files.reduce((n, f) => n + f.imported, 0)
  return {
    ms: (committedAt || end) - t,
    records: imported,
    bytes: files.reduce((n, f) => n + statSync(f).size, 0),
    rssMb: rssMb(),
    extra: {
      searchIndexMs: committedAt ? end - committedAt : 0,
      filterIndexesMs: indexesAt ? indexesAt - committedAt : 0,
      checkpointMs: indexesAt ? (textFrom || end) - indexesAt : 0,
      textIndexMs: textFrom ? end - textFrom : 0,
      caseMb: Math.round(size / 1024 / 1024),
      ...cpuAtCommit
    }
  }
}

type Batch = Extract<ParseMessage, { type: 'batch' }>

/** How many events the writer floor stores: held parsed in memory, a million rows need 3 GB. */
const WRITER_FLOOR_EVENTS = 200_000

/** The first batches the real parse worker posts for a file, up to `limit` events in all. */
async function parsedBatches(path: string, limit: number): Promise<Batch[]> {
  const slot = new ParseWorkerSlot()
  const worker = slot.get()
  const batches: Batch[] = []
  let events = 0
  const encoding = detectEncoding(await readHead(path))
  try {
    await new Promise<void>((resolveDone, reject) => {
      worker.on('message', (msg: ParseMessage) => {
        if (msg.type === 'failed') return reject(new Error(msg.message))
        if (msg.type === 'batch') {
          batches.push(msg)
          events += msg.events.length
        }
        if (msg.type === 'done' || events >= limit) resolveDone()
        else worker.postMessage({ type: 'ack' } satisfies ParseControl)
      })
      worker.on('error', reject)
      worker.postMessage({ type: 'file', path, name: basename(path), encoding } satisfies ParseControl)
    })
  } finally {
    slot.discard()
  }
  return batches
}

/**
 * The writer floor: the first WRITER_FLOOR_EVENTS rows the parse worker produces, parsed
 * beforehand, stored by the import's own writer inside the import's own transaction
 * (`withImportTransaction`: the same bulk load, page cache and finishing steps). Only that is timed, so this is
 * what one SQLite connection costs per event with parsing free (receiving the posted batches
 * excluded). Storing gets dearer per event as the case grows, so on a larger file it is a lower
 * bound.
 */
async function writerFloor(files: string[], dir: string): Promise<Measure> {
  const perFile: { path: string; batches: Batch[] }[] = []
  let wanted = WRITER_FLOOR_EVENTS
  for (const path of files) {
    if (wanted <= 0) break
    const batches = await parsedBatches(path, wanted)
    wanted -= batches.reduce((n, b) => n + b.events.length, 0)
    perFile.push({ path, batches })
  }
  const casePath = join(dir, 'bench-writer.authtrail')
  for (const suffix of ['', '-wal', '-shm']) rmSync(casePath + suffix, { force: true })
  const db = openCase(casePath, { create: true })
  const before = cpuMs()
  const t = performance.now()
  let records = 0
  await withImportTransaction(
    db,
    perFile.map((f) => f.path),
    {},
    async (writer) => {
      const fileIds: number[] = []
      for (const { path, batches } of perFile) {
        const size = statSync(path).size
        const fileId = writer.beginFile({ path, name: basename(path), sha256: null, size, encoding: 'utf-8' })
        for (const b of batches) {
          records += writer.writeEvents(fileId, b.events, b.raws).imported
          writer.writeAuthDetails(fileId, b.authDetails)
          writer.writeIssues(fileId, b.issues)
        }
        writer.setFileHash(fileId, `bench:${fileId}`)
        fileIds.push(fileId)
      }
      return fileIds
    }
  )
  const ms = performance.now() - t
  const after = cpuMs()
  db.close()
  for (const suffix of ['', '-wal', '-shm']) rmSync(casePath + suffix, { force: true })
  return {
    ms,
    records,
    bytes: 0,
    rssMb: rssMb(),
    extra: { cpuMs: after.cpuMs - before.cpuMs, mainCpuMs: after.mainCpuMs - before.mainCpuMs }
  }
}

/** CPU time (user + system) of the whole process and of its main thread, in ms: load-independent costs. */
function cpuMs(): { cpuMs: number; mainCpuMs: number } {
  const u = process.resourceUsage()
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12]) // utime + stime, after the comm field
  return { cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, mainCpuMs: (ticks * 1000) / 100 }
}

/** One measurement in a fresh process: `--stage NAME --files a,b --dir D` prints a Measure as JSON. */
async function runStage(stage: string, files: string[], dir: string): Promise<void> {
  const m =
    stage === 'read'
      ? await readFloor(files)
      : stage === 'json-parse'
        ? await jsonParseFloor(files)
        : stage === 'json-parse-scan'
          ? await jsonParseFloor(files, true)
          : stage === 'papaparse'
            ? await papaparseFloor(files)
            : stage === 'sqlite3'
              ? sqliteShellImport(files, dir)
              : stage === 'writer'
                ? await writerFloor(files, dir)
                : await importStage(files, dir)
  process.stdout.write(JSON.stringify(m) + '\n')
}

function measure(stage: string, files: string[], dir: string): Measure {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'scripts/bench-import.ts'),
      '--stage',
      stage,
      '--files',
      files.join(','),
      '--dir',
      dir
    ],
    {
      encoding: 'utf8',
      cwd: ROOT,
      maxBuffer: 1 << 20
    }
  )
  if (r.status !== 0) throw new Error(`${stage} failed:\n${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as Measure
}

function generate(dir: string, events: number, format: string, kind: string): void {
  const marker = join(dir, `.done-${format}`)
  if (existsSync(marker)) return
  console.log(`generating ${events} ${kind} records as ${format} …`)
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/samples/generate.ts',
      '--events',
      String(events),
      '--formats',
      format,
      '--kind',
      kind,
      '--out',
      dir
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit']
    }
  )
  execFileSync('touch', [marker])
}

function files(dir: string, pattern: RegExp): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (pattern.test(e.name)) out.push(p)
    }
  }
  walk(dir)
  return out.sort()
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

function row(label: string, m: Measure, floor: Measure | null): string {
  const s = m.ms / 1000
  const perSec = m.records ? `${fmt(m.records / s)}/s` : '-'
  const cpu = m.extra?.cpuMs ?? 0
  const ratio = floor ? `${fmt(m.ms / floor.ms, 2)}× (CPU ${fmt(cpu / (floor.extra?.cpuMs ?? cpu), 2)}×)` : ''
  return `  ${label.padEnd(34)} ${fmt(s, 1).padStart(7)} s  ${perSec.padStart(11)}  ${fmt(m.bytes / 1024 / 1024 / s, 1).padStart(7)} MB/s  ${String(m.rssMb).padStart(5)} MB RSS  ${fmt(cpu / 1000, 1).padStart(6)} s CPU  ${ratio}`
}

/** CPU spent until the commit: unlike wall time, it barely moves with the machine's load. */
/** What runs after the commit, while the case is already usable. */
function afterCommitLine(m: Measure, floor: Measure, floorName: string): string {
  const e = m.extra ?? {}
  const s = (ms: number | undefined): string => fmt((ms ?? 0) / 1000, 1)
  const indexed = m.ms + (e.filterIndexesMs ?? 0)
  return `  after the commit (case usable): filter indexes ${s(e.filterIndexesMs)} s (all built at ${s(indexed)} s, ${fmt(indexed / floor.ms, 2)}× the ${floorName}), WAL checkpoint ${s(e.checkpointMs)} s, search index ${s(e.textIndexMs)} s; case file ${e.caseMb} MB`
}

function cpuLine(m: Measure): string {
  const all = m.extra?.cpuMs ?? 0
  const main = m.extra?.mainCpuMs ?? 0
  const us = (ms: number): string => fmt((ms * 1000) / Math.max(1, m.records), 1)
  return `  CPU until commit: ${fmt(all / 1000, 1)} s (${us(all)} µs/event): main thread ${fmt(main / 1000, 1)} s (${us(main)} µs/event), other threads ${fmt((all - main) / 1000, 1)} s`
}

/** The writer floor, per event and scaled to the whole file (a lower bound, see writerFloor). */
function storeLine(store: Measure, records: number): string {
  const us = (store.ms * 1000) / Math.max(1, store.records)
  return `  storing alone (writer floor: the first ${fmt(store.records)} events, parsed beforehand): ${fmt(us, 1)} µs/event, so at least ${fmt((us * records) / 1e6, 1)} s for this file`
}

/**
 * What a JSON target leaves to spend: an import at 2× a floor may take twice the floor's time, so
 * at most that much CPU on each of the machine's cores, parsing and storing together.
 */
function budgetLine(imp: Measure, floor: Measure, name: string): string {
  const wall = (2 * floor.ms) / 1000
  const cores = availableParallelism()
  return `  2× the ${name} allows ${fmt(wall, 1)} s, i.e. ${fmt(wall * cores, 1)} s of CPU on ${cores} cores; the import spent ${fmt((imp.extra?.cpuMs ?? 0) / 1000, 1)} s`
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      data: { type: 'string' },
      only: { type: 'string' },
      stage: { type: 'string' },
      files: { type: 'string' },
      dir: { type: 'string' }
    }
  })
  if (values.stage) return runStage(values.stage, (values.files ?? '').split(','), values.dir ?? '.')

  const events = Number(values.events)
  const dir = resolve(values.data ?? join(ROOT, 'bench-data', `import-${events}`))
  mkdirSync(dir, { recursive: true })
  console.log(`bench:import — ${fmt(events)} events per format, data in ${dir}`)
  console.log(
    `  ${'measurement'.padEnd(34)} ${'time'.padStart(9)}  ${'events'.padStart(11)}  ${'throughput'.padStart(12)}  ${'peak'.padStart(12)}  ${'CPU'.padStart(10)}  vs floor`
  )
  console.log(
    `  load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  )

  if (values.only !== 'csv') {
    generate(dir, events, 'portal-audit-json', 'audit')
    const json = files(dir, /^AuditLogs_.*\.json$/)
    const read = measure('read', json, dir)
    const parse = measure('json-parse', json, dir)
    const scanned = measure('json-parse-scan', json, dir)
    const imp = measure('import', json, dir)
    const store = measure('writer', json, dir)
    console.log(
      `Graph audit JSON array: ${json.length} file(s), ${fmt(read.bytes / 1024 / 1024)} MB, ${fmt(parse.records)} records`
    )
    console.log(row('read the file (floor)', read, null))
    console.log(row('read + JSON.parse per record (floor)', parse, null))
    console.log(row('  the same, records cut by scanning', scanned, null))
    console.log(row('authtrail import (committed)', imp, parse))
    console.log(
      `  vs the scanning floor (TOOLCHAIN.md §4b's, which the issue's ≈26k/s is half of): ${fmt(imp.ms / scanned.ms, 2)}×`
    )
    console.log(afterCommitLine(imp, parse, 'parse floor'))
    console.log(cpuLine(imp))
    const half = parse.records / (parse.ms / 1000) / 2
    const halfScanned = scanned.records / (scanned.ms / 1000) / 2
    console.log(
      `  load average now: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`
    )
    console.log(
      `  target: ≥ half the parse floor (${fmt(half)}/s): ${imp.records / (imp.ms / 1000) >= half ? 'met' : 'NOT met'}; ≥ half the scanning floor (${fmt(halfScanned)}/s): ${imp.records / (imp.ms / 1000) >= halfScanned ? 'met' : 'NOT met'}; peak RSS < 500 MB: ${imp.rssMb < 500 ? 'met' : 'NOT met'}`
    )
    console.log(storeLine(store, imp.records))
    console.log(budgetLine(imp, parse, 'parse floor'))
    console.log(budgetLine(imp, scanned, 'scanning floor'))
  }

  if (values.only !== 'json') {
    generate(dir, events, 'portal-signin-csv', 'signin')
    const csv = files(dir, /^(Non)?InteractiveSignIns_\d.*\.csv$/)
    const read = measure('read', csv, dir)
    const parse = measure('papaparse', csv, dir)
    const shell = measure('sqlite3', csv, dir)
    const imp = measure('import', csv, dir)
    const store = measure('writer', csv, dir)
    console.log(
      `portal sign-in CSV: ${csv.length} file(s), ${fmt(read.bytes / 1024 / 1024)} MB, ${fmt(parse.records)} rows`
    )
    console.log(row('read the files (floor)', read, null))
    console.log(row('read + papaparse rows (floor)', parse, null))
    console.log(row('sqlite3 shell .import (peer)', shell, null))
    console.log(row('authtrail import (committed)', imp, shell))
    console.log(afterCommitLine(imp, shell, 'sqlite3 shell'))
    console.log(cpuLine(imp))
    console.log(storeLine(store, imp.records))
    console.log(
      `  load average now: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`
    )
    console.log(
      `  target: within 1.3× of sqlite3 .import: ${imp.ms <= shell.ms * 1.3 ? 'met' : 'NOT met'} (${fmt(imp.ms / shell.ms, 2)}×); peak RSS < 500 MB: ${imp.rssMb < 500 ? 'met' : 'NOT met'}`
    )
  }
}

await main()
