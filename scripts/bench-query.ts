/**
 * Explorer query benchmark: `npm run bench:query [-- --events N] [--only-build] [--only TEXT] [--runs N]`.
 *
 * Builds (once) a case of N events (default 1,000,000: 80 % sign-ins, 20 % audit) with the sample
 * generator's scale mode, imported with importIntoCase, then times each interaction of the explorer
 * next to a floor measured in the same run (a bare indexed `SELECT … ORDER BY ts LIMIT 200`).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { Database } from 'better-sqlite3'
import {
  eventDetail,
  eventPage,
  facetCounts,
  facetSql,
  histogram,
  histogramSql,
  pageSql,
  resetExplorerCaches
} from '../src/main/db/explorer'
import { openCase } from '../src/main/db/open'
import { entityView } from '../src/main/db/entity-view'
import { findingDetail, findingsOverview } from '../src/main/db/findings-overview'
import { SCHEMA_VERSION } from '../src/main/db/migrate'
import { configureSlowQueryLog } from '../src/main/db/slow-query-log'
import { up as findingsTables } from '../src/main/db/migrations/0020-findings'
import { userView } from '../src/main/db/user-view'
import { scanCase } from '../src/main/scan/scan-service'
import { importIntoCase } from '../src/main/import/import-job'
import { FACET_FIELDS, type ExplorerQuery, type Term } from '../src/shared/ipc/query'

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'only-build': { type: 'boolean', default: false },
    runs: { type: 'string', default: '7' },
    /** Only the interactions whose name contains this text (the floor always runs). */
    only: { type: 'string' }
  }
})
const EVENTS = Number(values.events)
if (!Number.isInteger(EVENTS) || EVENTS < 1000) throw new Error('--events must be an integer >= 1000')
const DIR = resolve('bench-data', `query-${EVENTS}`)
const CASE = join(DIR, 'case.authtrail')
const DONE = join(DIR, '.done')

function generate(format: string, events: number): void {
  console.log(`generating ${events} records of ${format}…`)
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
      '--out',
      join(DIR, 'data')
    ],
    { stdio: 'inherit' }
  )
}

async function build(): Promise<void> {
  rmSync(DIR, { recursive: true, force: true })
  mkdirSync(DIR, { recursive: true })
  const audit = Math.round(EVENTS * 0.2)
  generate('la-signin-jsonl', EVENTS - audit)
  generate('graph-audit-ndjson', audit)
  const db = openCase(CASE, { create: true })
  const t0 = performance.now()
  let last = 0
  const report = await importIntoCase(db, [join(DIR, 'data')], {
    onProgress: (p) => {
      const now = performance.now()
      if (now - last < 2000) return
      last = now
      process.stdout.write(
        `  ${p.phase} ${p.fileIndex + 1}/${p.fileCount} ${((p.bytesRead / Math.max(1, p.bytesTotal)) * 100).toFixed(0)}% ${p.events} events\n`
      )
    }
  })
  db.close()
  const seconds = (performance.now() - t0) / 1000
  console.log(
    `imported ${report.events.audit} audit + ${report.events.signin} sign-in events in ${seconds.toFixed(0)} s`
  )
  rmSync(join(DIR, 'data'), { recursive: true, force: true })
  writeFileSync(DONE, JSON.stringify({ events: report.events, seconds }) + '\n')
}

const Q = (q: Partial<ExplorerQuery>): ExplorerQuery => ({ terms: [], text: '', from: null, to: null, ...q })
const term = (field: Term['field'], value: string): Term => ({ field, value, negate: false })

interface Row {
  name: string
  median: number
  first: number
  target: number | null
  detail: string
}

function measure(
  runs: number,
  fn: () => unknown,
  before?: () => void
): { median: number; first: number; result: unknown } {
  before?.()
  let t0 = performance.now()
  let result = fn()
  const first = performance.now() - t0
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    before?.()
    t0 = performance.now()
    result = fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)] as number, first, result }
}

function plan(db: Database, sql: string, params: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
    .map((r) => r.detail)
    .join('; ')
}

/**
 * Brings a case built by an earlier version up to date once: the current schema (openCase
 * migrates), the findings tables of migration 20 where a case built before migrations were
 * renumbered lacks them (it was stamped 30 without them), and one scan so the findings views
 * have findings to show.
 */
function prepareCase(path: string): void {
  const check = openCase(path, { create: false, readonly: false })
  try {
    const has = (name: string): boolean =>
      check.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined
    if (!has('findings')) {
      console.log('adding the findings tables (case built before migration 20 had them)…')
      check.transaction(() => findingsTables(check))()
    }
    if (check.prepare(`SELECT count(*) FROM scans`).pluck().get() === 0) {
      const t0 = performance.now()
      const r = scanCase(check)
      console.log(
        `scanned: ${r.findings.length} findings in ${((performance.now() - t0) / 1000).toFixed(1)} s`
      )
    }
    if ((check.pragma('user_version', { simple: true }) as number) !== SCHEMA_VERSION)
      throw new Error('the case did not reach the current schema')
  } finally {
    check.close()
  }
}

function runBench(path: string, runs: number): void {
  // Many rows here are over their targets on a loaded machine: the table says so, not the console.
  configureSlowQueryLog({ write: () => {} })
  const db = openCase(path, { readonly: true })
  const rows: Row[] = []
  const add = (
    name: string,
    target: number | null,
    fn: () => unknown,
    detail = '',
    before?: () => void
  ): unknown => {
    if (values.only && rows.length > 0 && !name.includes(values.only)) return null
    const m = measure(runs, fn, before)
    rows.push({ name, median: m.median, first: m.first, target, detail })
    process.stdout.write('.')
    return m.result
  }
  const total = db.prepare('SELECT count(*) FROM events').pluck().get() as number
  const topUser = db
    .prepare(
      `SELECT user_upn FROM events INDEXED BY events_user_ts WHERE user_upn IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`
    )
    .pluck()
    .get() as string
  const someIp = db
    .prepare(`SELECT ip FROM events WHERE ip IS NOT NULL AND kind = 'audit' LIMIT 1 OFFSET 500`)
    .pluck()
    .get() as string
  const mid = db
    .prepare(`SELECT ts, id FROM events ORDER BY ts, id LIMIT 1 OFFSET ?`)
    .get(Math.floor(total / 2)) as {
    ts: number
    id: number
  }
  const range = db.prepare(`SELECT min(ts) AS a, max(ts) AS b FROM events`).get() as { a: number; b: number }
  const week = { from: mid.ts, to: mid.ts + 7 * 86_400_000 }
  const all = Q({})
  const byUser = Q({ terms: [term('user', topUser)] })
  const failures = Q({ terms: [term('result', 'failure')] })
  const localPart = topUser.split('@')[0] as string

  add('floor: SELECT * … ORDER BY ts LIMIT 200', null, () =>
    db.prepare('SELECT * FROM events ORDER BY ts LIMIT 200').all()
  )
  add('first page (oldest first)', 50, () => eventPage(db, all, 'asc', null, 200))
  add('first page (newest first)', 50, () => eventPage(db, all, 'desc', null, 200))
  add('page deep into the data (keyset at N/2)', 50, () => eventPage(db, all, 'asc', mid, 200))
  add(`filtered page: user ${topUser}`, 50, () => eventPage(db, byUser, 'asc', null, 200))
  add('filtered page: result failure', 50, () => eventPage(db, failures, 'asc', null, 200))
  add('filtered page: failure + 7-day window, deep', 50, () =>
    eventPage(db, Q({ ...failures, ...week }), 'asc', { ts: mid.ts + 86_400_000, id: 0 }, 200)
  )
  for (const f of FACET_FIELDS) add(`facet ${f} (all events)`, 300, () => facetCounts(db, all, f, 8))
  add('all 10 facets (all events, sequential)', null, () =>
    FACET_FIELDS.map((f) => facetCounts(db, all, f, 8))
  )
  add(`facet activity (user ${topUser})`, 300, () => facetCounts(db, byUser, 'activity', 8))
  add('facet user (7-day window)', 300, () => facetCounts(db, Q(week), 'user', 8))
  add('histogram (all events)', 300, () => histogram(db, all, 240, 'UTC'))
  add('histogram (all events, Europe/Berlin bars)', 300, () => histogram(db, all, 240, 'Europe/Berlin'))
  add('histogram (result failure)', 300, () => histogram(db, failures, 240, 'UTC'))
  add('histogram (7-day zoom)', 300, () => histogram(db, Q(week), 240, 'UTC'))
  const fresh = (): void => resetExplorerCaches(db)
  for (const text of [localPart, someIp, 'passkey']) {
    const q = Q({ text })
    add(`search page "${text}"`, 200, () => eventPage(db, q, 'asc', null, 200), '', fresh)
  }
  const common = Q({ text: 'chrome' })
  add(
    'search page "chrome" (half the case matches)',
    200,
    () => eventPage(db, common, 'asc', null, 200),
    '',
    fresh
  )
  add(`search "${localPart}": histogram`, 300, () => histogram(db, Q({ text: localPart }), 240, 'UTC'))
  add(`search "${localPart}": facet activity`, 300, () =>
    facetCounts(db, Q({ text: localPart }), 'activity', 8)
  )
  add('search "chrome": histogram', null, () => histogram(db, common, 240, 'UTC'))
  add('search "chrome": facet user', null, () => facetCounts(db, common, 'user', 8))
  add('detail panel (fields, sources, raw)', 50, () => eventDetail(db, mid.id))

  // Investigation views (issue 6): the busiest user, an affected user, entity pages, findings.
  const affected = db
    .prepare(`SELECT user FROM finding_users GROUP BY user ORDER BY count(*) DESC, user LIMIT 1`)
    .pluck()
    .get() as string | undefined
  const busyActor = db
    .prepare(
      `SELECT coalesce(actor_upn, actor_name) FROM events INDEXED BY events_kind_ts
        WHERE kind = 'audit' AND actor_type = 'user' AND actor_upn IS NOT user_upn
        GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`
    )
    .pluck()
    .get() as string | undefined
  // Phone numbers are masked in method_detail; the full number is in the StrongAuthentication details.
  const phoneJson = db
    .prepare(
      `SELECT modified_properties FROM events INDEXED BY events_activity_ts
        WHERE activity_key = 'update user' AND instr(modified_properties, 'PhoneNumber\\":\\"+') > 0 LIMIT 1`
    )
    .pluck()
    .get() as string | undefined
  const phone = /PhoneNumber\\":\\"(\+[\d ]+)/.exec(phoneJson ?? '')?.[1]
  // An address with a typical number of events (the median of those with more than one).
  const typicalIp = db
    .prepare(
      `SELECT ip FROM (SELECT ip, count(*) AS n FROM events INDEXED BY events_ip_ts WHERE ip IS NOT NULL GROUP BY ip HAVING n > 1)
        ORDER BY n LIMIT 1 OFFSET (SELECT count(DISTINCT ip) FROM events INDEXED BY events_ip_ts) / 2`
    )
    .pluck()
    .get() as string | undefined
  const device = db
    .prepare(
      `SELECT method_detail FROM events INDEXED BY events_method_ts
        WHERE method = 'microsoft-authenticator' AND kind = 'audit' AND method_detail IS NOT NULL LIMIT 1`
    )
    .pluck()
    .get() as string | undefined
  const anyFinding = db
    .prepare(`SELECT id FROM findings ORDER BY json_array_length(evidence) DESC, id LIMIT 1`)
    .pluck()
    .get() as string | undefined
  const all5 = { minSeverity: 'info', rule: null, user: null, status: null, includeSuppressed: true } as const
  add(`user view ${topUser} (±60 min)`, 300, () => userView(db, topUser, 60))
  if (affected) add(`user view ${affected} (most findings)`, 300, () => userView(db, affected, 60))
  add(`entity view: ip ${someIp} (busiest: a quarter of the case)`, 300, () => entityView(db, 'ip', someIp))
  if (typicalIp) add(`entity view: ip ${typicalIp} (typical)`, 300, () => entityView(db, 'ip', typicalIp))
  if (busyActor) add(`entity view: actor ${busyActor}`, 300, () => entityView(db, 'actor', busyActor))
  if (phone) add(`entity view: phone ${phone}`, 300, () => entityView(db, 'phone', phone))
  if (device) add(`entity view: device ${device}`, 300, () => entityView(db, 'device', device))
  add('findings list (all, with triage and per-rule counts)', 300, () => findingsOverview(db, all5))
  if (anyFinding) add('finding detail (largest evidence)', 50, () => findingDetail(db, anyFinding))
  process.stdout.write('\n')

  const floor = rows[0]?.median ?? 1
  const span = ((range.b - range.a) / 86_400_000).toFixed(0)
  console.log(
    `\n${path}: ${total.toLocaleString('en-US')} events over ${span} days; median of ${runs} runs after one first run (ms); load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`
  )
  console.log('| interaction | median ms | first ms | × floor | target | |')
  console.log('|---|---:|---:|---:|---:|---|')
  for (const r of rows) {
    const ok = r.target === null ? '' : r.median <= r.target ? 'ok' : '**over**'
    console.log(
      `| ${r.name} | ${r.median.toFixed(1)} | ${r.first.toFixed(1)} | ${(r.median / floor).toFixed(1)} | ${r.target === null ? '' : `< ${r.target}`} | ${ok} |`
    )
  }
  console.log('\nPlans:')
  const show = (name: string, q: { sql: string; params: unknown[] }): void =>
    console.log(`- ${name}: ${plan(db, q.sql, q.params)}`)
  const withLimit = (q: { sql: string; params: unknown[] }): { sql: string; params: unknown[] } => ({
    ...q,
    params: [...q.params, 201]
  })
  show('first page', withLimit(pageSql(db, all, 'asc', null)))
  show('deep page', withLimit(pageSql(db, all, 'asc', mid)))
  show('user page', withLimit(pageSql(db, byUser, 'asc', null)))
  show('facet result', facetSql(db, all, 'result', 8))
  show('histogram bar', histogramSql(db, all))
  show(`search "${localPart}" page`, withLimit(pageSql(db, Q({ text: localPart }), 'asc', null)))
  db.close()
}

async function main(): Promise<void> {
  if (!existsSync(DONE)) await build()
  prepareCase(CASE)
  if (values['only-build']) return
  runBench(CASE, Number(values.runs))
}

await main()
