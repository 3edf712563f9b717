/**
 * Every analyst action that changes or leaves the case is in its log: creating the case, imports
 * (app and CLI, each file with its SHA-256 and counts), CLI scans and event exports.
 */
import { copyFileSync, readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { allCaseLog, checkCaseLogChain } from '../../src/main/db/case-log'
import { openCase } from '../../src/main/db/open'
import { main, type Io } from '../../src/main/cli/main'
import { CaseSession } from '../../src/main/services/case-session'
import { exportEvents } from '../../src/main/services/export-service'
import { logCaseAction } from '../../src/main/services/case-log-writer'
import { ImportService } from '../../src/main/services/import-service'
import type { ImportFinishedEvent, MainEvents } from '../../src/shared/ipc/contract'
import type { CaseLogEntry } from '../../src/shared/ipc/case-work'
import { tempDir, type TempDir } from '../helpers/temp-case'

const AUDIT = 'samples/event-hub/insights-logs-auditlogs.jsonl'
const SIGNINS = 'samples/event-hub/insights-logs-signinlogs.jsonl'
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), isTty: false }
  const code = await main(argv, io)
  return { code, out, err }
}

function logOf(path: string): CaseLogEntry[] {
  const db = openCase(path, { readonly: true })
  try {
    expect(checkCaseLogChain(db).brokenAt).toBeNull()
    return [...allCaseLog(db)]
  } finally {
    db.close()
  }
}

let t: TempDir | null = null
afterEach(() => {
  t?.cleanup()
  t = null
})

describe('case log entries', () => {
  it('CLI: case-created, one import entry per import with every file, SHA-256 and counts, scan', async () => {
    t = tempDir()
    const casePath = t.path('case.authtrail')
    const a = t.path('audit.jsonl')
    copyFileSync(AUDIT, a)
    expect((await cli('import', casePath, a, t.path('nope.json'))).code).toBe(2)
    expect((await cli('import', casePath, a)).code).toBe(0)
    expect((await cli('scan', casePath)).code).toBe(0)

    const log = logOf(casePath)
    expect(log.map((e) => e.action)).toEqual(['case-created', 'import', 'import', 'scan'])
    const first = log[1] as CaseLogEntry
    expect(first.summary).toMatch(
      /^1 file imported: \d+ events added, 0 duplicates, 0 rejected; 1 file could not be read$/
    )
    const files = first.detail.files as Record<string, unknown>[]
    expect(files[0]).toMatchObject({ path: a, sha256: sha(a), status: 'imported', rejected: 0 })
    expect(files[0]?.imported).toBeGreaterThan(0)
    expect(files[1]).toMatchObject({ status: 'failed', error: 'no such file or folder' })
    expect(log[2]?.summary).toBe(
      '0 files imported: 0 events added, 0 duplicates, 0 rejected; 1 file already in the case'
    )
    expect(log[3]?.summary).toMatch(/^Scanned \d+ events with 29 rules: \d+ findings/)
    expect(log[3]?.detail).toMatchObject({ from: 'cli' })
  })

  it('app: an import through the import worker is logged once it has committed', async () => {
    t = tempDir()
    const casePath = t.path('app.authtrail')
    const s = t.path('signins.jsonl')
    copyFileSync(SIGNINS, s)
    const session = new CaseSession()
    await session.create(casePath)
    const finished: ImportFinishedEvent[] = []
    const imports = new ImportService(
      session,
      <E extends keyof MainEvents>(event: E, payload: MainEvents[E]) => {
        if (event === 'import:finished') finished.push(payload as ImportFinishedEvent)
      },
      () => {}
    )
    imports.start([s])
    await imports.whenIdle()
    session.close()
    expect(finished[0]).toMatchObject({ outcome: 'done', error: null })
    const log = logOf(casePath)
    expect(log.map((e) => e.action)).toEqual(['case-created', 'import'])
    expect((log[1]?.detail.files as { sha256: string }[])[0]?.sha256).toBe(sha(s))
  })

  it('an event export is logged with its path, format, count and query', async () => {
    t = tempDir()
    const casePath = t.path('x.authtrail')
    const a = t.path('audit.jsonl')
    copyFileSync(AUDIT, a)
    expect((await cli('import', casePath, a)).code).toBe(0)
    const session = new CaseSession()
    await session.open(casePath)
    const query = { terms: [], text: '', from: null, to: null }
    const out = t.path('events.csv')
    const r = await exportEvents(session.connection(), query, 'csv', out, (summary, detail) =>
      logCaseAction(session, 'export', summary, detail)
    )
    session.close()
    const last = logOf(casePath).at(-1)
    expect(last).toMatchObject({
      action: 'export',
      summary: `Exported ${r.events} events as csv to events.csv`,
      detail: { path: out, format: 'csv', events: r.events, query }
    })
  })
})

describe('list changes', () => {
  it('CLI lists: one list-change entry per invocation that changed something', async () => {
    t = tempDir()
    const casePath = t.path('l.authtrail')
    const a = t.path('audit.jsonl')
    copyFileSync(AUDIT, a)
    expect((await cli('import', casePath, a)).code).toBe(0)
    expect(
      (await cli('lists', casePath, '--add', 'vip=ceo@contoso.com', '--add', 'trusted-ip=192.0.2.10')).code
    ).toBe(0)
    expect((await cli('lists', casePath, '--add', 'vip=ceo@contoso.com')).code).toBe(0)
    expect((await cli('lists', casePath, '--remove', 'vip=ceo@contoso.com')).code).toBe(0)
    const log = logOf(casePath).filter((e) => e.action === 'list-change')
    expect(log.map((e) => e.summary)).toEqual([
      'Added vip=ceo@contoso.com, trusted-ip=192.0.2.10',
      'Removed vip=ceo@contoso.com'
    ])
    expect(log[0]?.detail).toMatchObject({
      added: ['vip=ceo@contoso.com', 'trusted-ip=192.0.2.10'],
      removed: []
    })
  })
})
