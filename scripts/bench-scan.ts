/**
 * npm run bench:scan -- [--events N] [--data DIR]
 *
 * Scans a case of ~N events (sign-ins and audit events of one synthetic tenant, mixed as the
 * sample generator's scale mode writes them to Azure Monitor Event Hub files) with the whole
 * detection catalog, next to a floor measured in the same run: one sequential read of every event
 * row of the case (`SELECT * FROM events`, rows fetched and dropped). Each measurement runs in its
 * own process so its peak RSS is its own. The case is built once with the real importer into a
 * git-ignored folder and reused.
 *
 * Targets (issue 4): the whole catalog in at most 3× the floor, and under 20 s for 1M events.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { openCase } from '../src/main/db/open'
import { importIntoCase } from '../src/main/import/import-job'
import { scanCase } from '../src/main/scan/scan-service'

const ROOT = resolve(import.meta.dirname, '..')

interface Measure {
  ms: number
  events: number
  rssMb: number
  extra?: Record<string, number>
}

/**
 * Peak RSS of this process image: VmHWM is reset by exec, whereas getrusage's maxrss survives it
 * (a child spawned by a big parent would report the parent's peak).
 */
function rssMb(): number {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  return Math.round((hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024)
}

function floorStage(casePath: string): Measure {
  const db = openCase(casePath, { readonly: true })
  const t = performance.now()
  let n = 0
  for (const _row of db.prepare(`SELECT * FROM events`).raw().iterate()) n++
  const ms = performance.now() - t
  db.close()
  return { ms, events: n, rssMb: rssMb() }
}

function scanStage(casePath: string): Measure {
  const db = openCase(casePath)
  const t = performance.now()
  const result = scanCase(db)
  const ms = performance.now() - t
  db.close()
  const could = result.runs.filter((r) => r.status === 'could-not-run').length
  return {
    ms,
    events: result.events,
    rssMb: rssMb(),
    extra: {
      readMs: Math.round(result.timings.readMs),
      evaluateMs: Math.round(result.timings.evaluateMs),
      saveMs: Math.round(result.timings.saveMs),
      rowsRead: result.rowsRead,
      findings: result.findings.length,
      couldNotRun: could
    }
  }
}

function measure(stage: string, casePath: string): Measure {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/bench-scan.ts'), '--stage', stage, '--case', casePath],
    { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 20 }
  )
  if (r.status !== 0) throw new Error(`${stage} failed:\n${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as Measure
}

async function buildCase(dir: string, events: number, casePath: string): Promise<void> {
  const marker = join(dir, '.case-done')
  if (existsSync(marker) && existsSync(casePath)) return
  const gen = join(dir, 'generated')
  console.log(`generating ${events} mixed records (azure-monitor-eventhub) …`)
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/samples/generate.ts',
      '--events',
      String(events),
      '--formats',
      'azure-monitor-eventhub',
      '--out',
      gen
    ],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] }
  )
  for (const suffix of ['', '-wal', '-shm']) rmSync(casePath + suffix, { force: true })
  console.log('importing them with the real importer …')
  const db = openCase(casePath, { create: true })
  const report = await importIntoCase(db, [join(gen, 'azure-monitor-eventhub')])
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  const failed = report.files.filter((f) => f.status !== 'imported')
  if (failed.length) throw new Error(`import failed: ${JSON.stringify(failed.map((f) => f.error))}`)
  rmSync(gen, { recursive: true, force: true })
  writeFileSync(marker, JSON.stringify({ events, importedAt: new Date().toISOString() }) + '\n')
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

function row(label: string, m: Measure, floor: Measure | null): string {
  const s = m.ms / 1000
  const ratio = floor ? `${fmt(m.ms / floor.ms, 2)}×` : ''
  return `  ${label.padEnd(40)} ${fmt(s, 2).padStart(7)} s  ${`${fmt(m.events / s)}/s`.padStart(12)}  ${String(m.rssMb).padStart(5)} MB RSS  ${ratio}`
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      data: { type: 'string' },
      stage: { type: 'string' },
      case: { type: 'string' }
    }
  })
  if (values.stage) {
    const m = values.stage === 'floor' ? floorStage(values.case ?? '') : scanStage(values.case ?? '')
    process.stdout.write(JSON.stringify(m) + '\n')
    return
  }
  const events = Number(values.events)
  const dir = resolve(values.data ?? join(ROOT, 'bench-data', `scan-${events}`))
  mkdirSync(dir, { recursive: true })
  const casePath = join(dir, 'scan.authtrail')
  await buildCase(dir, events, casePath)
  // A case built by an older Authtrail is brought to the current schema once (the stages open it read-only).
  openCase(casePath).close()
  const counts = execFileSync(
    'sqlite3',
    [casePath, `SELECT kind || '=' || count(*) FROM events GROUP BY kind`],
    { encoding: 'utf8' }
  )
    .trim()
    .split('\n')
    .join(', ')
  console.log(
    `bench:scan — case ${casePath} (${fmt(statSync(casePath).size / 1024 / 1024)} MB; ${counts}), ${existsSync(join(dir, '.case-done')) ? JSON.parse(readFileSync(join(dir, '.case-done'), 'utf8')).importedAt : ''}`
  )
  measure('floor', casePath) // warm the page cache; not reported
  const floor = measure('floor', casePath)
  const scan = measure('scan', casePath)
  console.log(
    `  ${'measurement'.padEnd(40)} ${'time'.padStart(9)}  ${'events'.padStart(12)}  ${'peak'.padStart(12)}  vs floor`
  )
  console.log(row('read every event row (floor)', floor, null))
  console.log(row('authtrail scan, whole catalog', scan, floor))
  const x = scan.extra ?? {}
  console.log(
    `  scan phases: read ${fmt((x.readMs ?? 0) / 1000, 2)} s (${fmt(x.rowsRead ?? 0)} rows: every sign-in and the relevant audit events), evaluate ${fmt((x.evaluateMs ?? 0) / 1000, 2)} s, store ${fmt((x.saveMs ?? 0) / 1000, 2)} s; ${x.findings ?? 0} findings, ${x.couldNotRun ?? 0} rule(s) could not run`
  )
  const ratio = scan.ms / floor.ms
  console.log(
    `  targets: ≤ 3× floor ${ratio <= 3 ? 'met' : 'MISSED'} (${fmt(ratio, 2)}×); < 20 s for 1M events ${scan.ms / 1000 / (scan.events / 1e6) < 20 ? 'met' : 'MISSED'} (${fmt(scan.ms / 1000 / (scan.events / 1e6), 1)} s per 1M events)`
  )
}

await main()
