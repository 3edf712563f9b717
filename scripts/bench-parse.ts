/**
 * npm run bench:parse -- [--base DIR] [--repeat N] [--check] [--dump DIR]
 *                        [--set audit|signin|signin-all|all]
 *                        [--size 50000|200000|1000000] [FILE|DIR …]
 *
 * Measures the import's parse worker alone: the real `parse-worker.ts` runs on its own thread over
 * the given files (or a bench-data set), every batch is acknowledged at once, and the CPU time of
 * the worker thread itself (/proc/self/task/<tid>/stat) is reported per record, beside the CPU of
 * all threads but the main one (the worker plus V8's GC helpers and libuv's pool). CPU, not wall
 * time, because the machine is shared: a busy neighbour slows the wall clock, not the thread's CPU.
 *
 * With `--base DIR` (e.g. a `git worktree add /tmp/parse-base HEAD` with node_modules symlinked)
 * the worker of that tree runs too, alternately with this tree's, each run in its own process, and
 * the ratio of the medians is printed. With `--check`, every posted event row, AuthDetails row,
 * issue and `done` message is hashed (and written as JSON lines with `--dump`), so both trees can
 * be shown to produce the same output.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync
} from 'node:fs'
import { loadavg } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import { detectEncoding, readHead } from '../src/main/import/source-file'
import { rawRecord, type RawRecords } from '../src/main/db/event-row'

const utf8 = new TextDecoder()

const ROOT = resolve(import.meta.dirname, '..')
const TICKS_PER_SECOND = 100

interface RunResult {
  root: string
  records: number
  events: number
  authDetails: number
  issues: number
  wallMs: number
  /** CPU of the worker thread alone. */
  workerCpuMs: number
  /** CPU of every thread of the process except the main one. */
  offMainCpuMs: number
  /** CPU of the main thread: receiving (deserializing) the batches and acknowledging them. */
  mainCpuMs: number
  /** Per file: the hash of everything the worker posted for it (with --check). */
  hashes: Record<string, string>
}

/** utime + stime of one thread, in milliseconds. */
function threadCpuMs(tid: number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
  // The command name (field 2) may contain spaces; the fields after it are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
}

function processCpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** JSON text that still tells `undefined` from `null` (both are posted, and bind differently). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v === undefined ? '\u0000undefined' : v))
}

/**
 * Starts `<root>/src/main/import/parse-worker.ts` the way startWorker does from source (tsx
 * registered first, the same young-generation limit as ParseWorkerSlot), after posting the
 * thread's id, and says when the worker module is loaded so compiling it is not counted.
 */
function startParseWorker(root: string): Worker {
  const entry = new URL(`file://${join(root, 'src/main/import/parse-worker.ts')}`).href
  const api = import.meta.resolve('tsx/esm/api')
  const bootstrap = `
    const { parentPort } = require('node:worker_threads')
    const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop())
    parentPort.postMessage({ type: 'tid', tid })
    import(${JSON.stringify(api)})
      .then((m) => { m.register(); return import(${JSON.stringify(entry)}) })
      .then(() => parentPort.postMessage({ type: 'ready' }))`
  return new Worker(bootstrap, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 16 } })
}

interface WorkerMessage {
  type: string
  tid?: number
  events?: unknown[]
  authDetails?: unknown[]
  issues?: unknown[]
  rejected?: number
  [key: string]: unknown
}

/** One measured run over `files` in this process (the child side of the benchmark). */
async function runOnce(
  root: string,
  files: string[],
  check: boolean,
  dumpDir: string | null
): Promise<RunResult> {
  const worker = startParseWorker(root)
  const mainTid = Number(readlinkSync('/proc/thread-self').split('/').pop())
  let tid = 0
  let onMessage: (msg: WorkerMessage) => void = () => {}
  worker.on('message', (msg: WorkerMessage) => onMessage(msg))
  worker.on('error', (err) => {
    console.error(err)
    process.exit(1)
  })
  await new Promise<void>((done) => {
    onMessage = (msg) => {
      if (msg.type === 'tid') tid = msg.tid as number
      if (msg.type === 'ready') done()
    }
  })

  const result: RunResult = {
    root,
    records: 0,
    events: 0,
    authDetails: 0,
    issues: 0,
    wallMs: 0,
    workerCpuMs: 0,
    offMainCpuMs: 0,
    mainCpuMs: 0,
    hashes: {}
  }
  const cpu0 = threadCpuMs(tid)
  const main0 = threadCpuMs(mainTid)
  const proc0 = processCpuMs() - main0
  const t0 = performance.now()
  for (const file of files) {
    // One hash per kind of output: the order within each is what the writer stores; how events,
    // AuthDetails rows and issues interleave (their batches) is not.
    const hashes = {
      event: createHash('sha256'),
      auth: createHash('sha256'),
      issue: createHash('sha256'),
      file: createHash('sha256')
    }
    const dump = dumpDir ? createWriteStream(join(dumpDir, `${basename(file)}.jsonl`)) : null
    const emit = (tag: keyof typeof hashes, value: unknown): void => {
      if (!check) return
      const line = `${tag} ${canonical(value)}\n`
      hashes[tag].update(line)
      dump?.write(line)
    }
    const digest = (): string =>
      Object.values(hashes)
        .map((h) => h.digest('hex'))
        .join(':')
    let encoding
    try {
      encoding = detectEncoding(await readHead(file))
    } catch (err) {
      emit('file', `refused: ${String(err)}`)
      result.hashes[file] = digest()
      continue
    }
    let rejected = 0
    await new Promise<void>((done) => {
      onMessage = (msg) => {
        if (msg.type === 'batch') {
          worker.postMessage({ type: 'ack' })
          const events = msg.events as unknown[]
          const authDetails = msg.authDetails as unknown[]
          const issues = msg.issues as unknown[]
          result.events += events.length
          result.authDetails += authDetails.length
          result.issues += issues.length
          result.records += events.length + authDetails.length + (msg.rejected as number)
          if (check) {
            // Rows compare with their line and raw text at the end, as rows carried them before.
            const raws = msg.raws as RawRecords | undefined
            events.forEach((row, i) =>
              emit(
                'event',
                raws ? [...(row as unknown[]), raws.lines[i], utf8.decode(rawRecord(raws, i))] : row
              )
            )
            for (const row of authDetails) emit('auth', row)
            for (const issue of issues) emit('issue', issue)
            rejected += msg.rejected as number
          }
        } else if (msg.type === 'done' || msg.type === 'failed') {
          // Batch boundaries are not part of the output: the rejected count is summed per file.
          emit('file', { rejected })
          emit('file', msg)
          done()
        }
      }
      worker.postMessage({ type: 'file', path: file, name: basename(file), encoding })
    })
    dump?.end()
    if (check) result.hashes[file] = digest()
  }
  result.wallMs = performance.now() - t0
  result.workerCpuMs = threadCpuMs(tid) - cpu0
  result.mainCpuMs = threadCpuMs(mainTid) - main0
  result.offMainCpuMs = processCpuMs() - threadCpuMs(mainTid) - proc0
  await worker.terminate()
  return result
}

/**
 * Files of a bench-data set: `audit` is the audit JSON; `signin` the interactive and non-interactive
 * sign-in CSVs that `npm run bench:import` imports; `signin-all` every CSV of the set, with the
 * AuthDetails companions and the service principal and managed identity files.
 */
function benchFiles(set: string, size: string): string[] {
  const sets = set === 'all' ? ['audit', 'signin-all'] : [set]
  const out: string[] = []
  for (const s of sets) {
    const dir = join(
      ROOT,
      'bench-data',
      `import-${size}`,
      s === 'audit' ? 'portal-audit-json' : 'portal-signin-csv'
    )
    if (!existsSync(dir))
      throw new Error(`${dir} is missing: run npm run bench:import -- --events ${size} once`)
    const pattern = s === 'signin' ? /^(Non)?InteractiveSignIns_\d.*\.csv$/ : /./
    out.push(...listFiles(dir).filter((f) => pattern.test(basename(f))))
  }
  return out
}

function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path)
    .sort()
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => listFiles(join(path, name)))
}

function spawnRun(root: string, files: string[], check: boolean, dump: string | null): RunResult {
  const args = ['--import', 'tsx', join(ROOT, 'scripts/bench-parse.ts'), '--child', root]
  if (check) args.push('--check')
  if (dump) args.push('--dump', dump)
  const r = spawnSync(process.execPath, [...args, ...files], {
    encoding: 'utf8',
    cwd: ROOT,
    maxBuffer: 64 << 20
  })
  if (r.status !== 0) throw new Error(`run in ${root} failed:\n${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as RunResult
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

const us = (ms: number, n: number): string => ((ms * 1000) / Math.max(n, 1)).toFixed(1)

function describe(label: string, r: RunResult): string {
  return (
    `  ${label.padEnd(5)} ${String(r.records).padStart(8)} records  wall ${(r.wallMs / 1000).toFixed(1).padStart(6)} s` +
    `  worker CPU ${(r.workerCpuMs / 1000).toFixed(1).padStart(6)} s = ${us(r.workerCpuMs, r.records).padStart(5)} µs/record` +
    `  (all but main ${us(r.offMainCpuMs, r.records).padStart(5)} µs; main, receiving ${us(r.mainCpuMs, r.records).padStart(4)} µs)` +
    (r.authDetails ? `  per event: ${us(r.workerCpuMs, r.events)} (${us(r.offMainCpuMs, r.events)}) µs` : '')
  )
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      child: { type: 'string' },
      base: { type: 'string' },
      repeat: { type: 'string', default: '3' },
      check: { type: 'boolean', default: false },
      dump: { type: 'string' },
      set: { type: 'string' },
      size: { type: 'string', default: '200000' }
    }
  })
  if (values.child) {
    const r = await runOnce(values.child, positionals, values.check, values.dump ?? null)
    console.log(JSON.stringify(r))
    return
  }

  const files = [
    ...(values.set ? benchFiles(values.set, values.size) : []),
    ...positionals.flatMap((p) => listFiles(resolve(p)))
  ]
  if (files.length === 0) throw new Error('no files: give --set audit|signin|all or files/folders')
  const roots: Array<[string, string]> = values.base ? [['base', resolve(values.base)]] : []
  roots.push(['work', ROOT])
  const repeat = Number(values.repeat)
  console.log(
    `${files.length} file(s); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  )

  const runs = new Map<string, RunResult[]>(roots.map(([label]) => [label, []]))
  for (let i = 0; i < repeat; i++) {
    for (const [label, root] of roots) {
      const dump = values.dump ? join(resolve(values.dump), label) : null
      if (dump) mkdirSync(dump, { recursive: true })
      const r = spawnRun(root, files, values.check, dump)
      runs.get(label)?.push(r)
      console.log(describe(label, r))
    }
  }

  console.log(
    `medians; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  )
  const perRecord = (label: string, cpu: (r: RunResult) => number): number[] =>
    (runs.get(label) ?? []).map((r) => (cpu(r) * 1000) / Math.max(r.records, 1))
  const medianOf = (label: string, cpu: (r: RunResult) => number): number => median(perRecord(label, cpu))
  const minOf = (label: string, cpu: (r: RunResult) => number): number => Math.min(...perRecord(label, cpu))
  const worker = (r: RunResult): number => r.workerCpuMs
  const offMain = (r: RunResult): number => r.offMainCpuMs
  for (const [label] of roots) {
    console.log(
      `  ${label}: worker CPU ${medianOf(label, worker).toFixed(1)} µs per record (min ${minOf(label, worker).toFixed(1)}), ` +
        `all but main ${medianOf(label, offMain).toFixed(1)} µs (min ${minOf(label, offMain).toFixed(1)})`
    )
  }
  if (values.base) {
    const ratio = (cpu: (r: RunResult) => number): string =>
      (medianOf('work', cpu) / medianOf('base', cpu)).toFixed(3)
    console.log(`  work / base (medians): worker ${ratio(worker)}, all but main ${ratio(offMain)}`)
  }

  if (values.check) {
    const [first, ...rest] = [...runs.values()].flat()
    let same = true
    for (const r of rest) {
      for (const file of files) {
        if (r.hashes[file] !== first?.hashes[file]) {
          same = false
          console.log(`  DIFFERENT: ${file} (${r.root} vs ${first?.root})`)
        }
      }
    }
    const all = createHash('sha256')
    for (const file of files) all.update(`${file} ${first?.hashes[file]}\n`)
    console.log(
      same
        ? `  output identical in every run: ${all.digest('hex')} over ${files.length} file(s)`
        : '  OUTPUT DIFFERS'
    )
    if (!same) process.exitCode = 1
  }
}

await main()
