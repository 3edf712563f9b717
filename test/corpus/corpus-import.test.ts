import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importIntoCase, type ImportReport } from '../../src/main/import/import-job'
import { queryEvents } from '../../src/main/db/queries'
import { tempCase } from '../helpers/temp-case'

const CORPUS = resolve(__dirname, '../../../shared/corpus')
const present = existsSync(CORPUS)
if (!present)
  console.warn(`corpus tests skipped: ${CORPUS} is absent (the shared/ folder sits beside the repository)`)

/**
 * Expected counts per corpus file, established by reading each file (see SOURCES.md):
 * - otrf: 4 JSON lines; lines 1 and 2 are one audit event (same Id) projected twice by the hunting
 *   query (only the query's `target`/`keyEvents` columns differ) → 3 events, 1 duplicate.
 * - AuditLogs_Hunting.csv and disable_accounts.csv have no time column at all (FORMATS.md §3b, §6d):
 *   every row is rejected with a reason and kept in the case's issue list.
 * - panther azure: 48 records, 40 events. Synthetic test cases reuse ids: lines 12, 23, 34–38 are one
 *   sign-in (same id, time, user and IP; only the risk fields vary), 13 and 48 are byte-identical,
 *   19 and 20 differ only in an additionalDetails value → 8 duplicates. Records that share an id but
 *   differ in user, actor, target or modified value stay separate events.
 * - panther UAL: lines 2 and 3 share an Id but are opposite StrongAuthenticationMethod changes → 3 events.
 */
const EXPECTED: Record<
  string,
  { format: string; records: number; imported: number; duplicates: number; rejected: number }
> = {
  'azure-monitor-diagnostic/elastic-auditlogs-test-audit-logs-sample.log': {
    format: 'azure-monitor-json',
    records: 3,
    imported: 3,
    duplicates: 0,
    rejected: 0
  },
  'azure-monitor-diagnostic/elastic-auditlogs-test-auditlogs-result-reason.log': {
    format: 'azure-monitor-json',
    records: 1,
    imported: 1,
    duplicates: 0,
    rejected: 0
  },
  'azure-monitor-diagnostic/elastic-auditlogs-test-time-formats-corner-cases.log': {
    format: 'azure-monitor-json',
    records: 11,
    imported: 11,
    duplicates: 0,
    rejected: 0
  },
  'azure-monitor-diagnostic/elastic-signinlogs-test-signinlogs-sample.log': {
    format: 'azure-monitor-json',
    records: 2,
    imported: 2,
    duplicates: 0,
    rejected: 0
  },
  'log-analytics-export/otrf-goldensaml-AADAuditEvents.json': {
    format: 'log-analytics-audit-json',
    records: 4,
    imported: 3,
    duplicates: 1,
    rejected: 0
  },
  'log-analytics-export/sentinel-training-lab-AuditLogs_Hunting.csv': {
    format: 'log-analytics-audit-csv',
    records: 5,
    imported: 0,
    duplicates: 0,
    rejected: 5
  },
  'log-analytics-export/sentinel-training-lab-disable_accounts.csv': {
    format: 'log-analytics-signin-csv',
    records: 4,
    imported: 0,
    duplicates: 0,
    rejected: 4
  },
  'log-analytics-export/sentinel-training-lab-sign-in_adelete.csv': {
    format: 'log-analytics-signin-csv',
    records: 56,
    imported: 56,
    duplicates: 0,
    rejected: 0
  },
  'panther-test-events/panther-azure-audit-test-events.ndjson': {
    format: 'azure-monitor-json',
    records: 48,
    imported: 40,
    duplicates: 8,
    rejected: 0
  },
  'panther-test-events/panther-m365-azuread-ual-test-events.ndjson': {
    format: 'unified-audit-log-json',
    records: 3,
    imported: 3,
    duplicates: 0,
    rejected: 0
  },
  'purview-ual-csv/huntress-ctf-2023-rogue-inbox-purview.csv': {
    format: 'purview-audit-csv',
    records: 219,
    imported: 219,
    duplicates: 0,
    rejected: 0
  },
  'ual-auditdata-jsonl/plaso-microsoft_audit_log.jsonl': {
    format: 'unified-audit-log-json',
    records: 4,
    imported: 4,
    duplicates: 0,
    rejected: 0
  }
}

describe.skipIf(!present)('the shared corpus imports with the counts established by reading it', () => {
  let c: ReturnType<typeof tempCase>
  let report: ImportReport

  beforeAll(async () => {
    c = tempCase()
    report = await importIntoCase(c.db, [CORPUS])
  })
  afterAll(() => c?.cleanup())

  it('reads every file, recognises its format and counts its records exactly', () => {
    const byName = new Map(report.files.map((f) => [f.path.slice(CORPUS.length + 1), f]))
    expect([...byName.keys()].sort()).toEqual(Object.keys(EXPECTED).sort())
    for (const [name, want] of Object.entries(EXPECTED)) {
      const got = byName.get(name)
      expect(got?.status, name).toBe('imported')
      expect(
        {
          format: got?.format,
          records: got?.records,
          imported: got?.imported,
          duplicates: got?.duplicates,
          rejected: got?.rejected
        },
        name
      ).toEqual(want)
    }
    expect(report.skipped.map((s) => s.slice(CORPUS.length + 1))).toEqual(['SOURCES.md'])
    expect(report.events).toEqual({ audit: 241, signin: 101 })
  })

  it('explains every rejected record', () => {
    const hunting = report.files.find((f) => f.path.endsWith('AuditLogs_Hunting.csv'))
    expect(hunting?.issues).toEqual([2, 3, 4, 5, 6].map((line) => ({ line, reason: 'no activity time' })))
    const disabled = report.files.find((f) => f.path.endsWith('disable_accounts.csv'))
    expect(disabled?.issues.map((i) => i.line)).toEqual([2, 19, 36, 53])
  })

  it('reads every time format of the Elastic corner-case file as the same instant, noting what it assumed', () => {
    const file = report.files.find((f) => f.path.endsWith('time-formats-corner-cases.log'))
    expect(file?.notes).toEqual([
      '5 record(s): no time zone in the source, read as UTC',
      '5 record(s): ambiguous day/month order, read as month/day (US)'
    ])
    const page = queryEvents(c.db, { from: '2007-01-01T00:00:00Z', to: '2008-01-01T00:00:00Z' }, 100)
    expect(page.events).toHaveLength(11)
    for (const e of page.events) expect(e.time.slice(0, 19)).toBe('2007-01-09T09:41:00')
  })

  it('normalizes Log Analytics CSV sign-ins: US-locale time, split dynamic columns, multi-line JSON cells', () => {
    const page = queryEvents(
      c.db,
      { kind: 'signin', from: '2021-04-28T14:08:45Z', to: '2021-04-28T14:08:46Z' },
      10
    )
    const e = page.events.find((x) => x.sources[0]?.file.endsWith('sign-in_adelete.csv'))
    expect(e).toBeDefined()
    expect(e?.time).toBe('2021-04-28T14:08:45.221Z')
    expect(e?.userUpn).toBe(e?.userUpn?.toLowerCase())
    expect(e?.sources[0]?.line).toBeGreaterThan(1)
  })

  it('reads the unified audit log, including Update user with a StrongAuthenticationMethod change', () => {
    const page = queryEvents(c.db, { activity: 'update user' }, 10)
    const ual = page.events.filter((e) => e.service === 'AzureActiveDirectory')
    expect(ual).toHaveLength(2)
    expect(ual.every((e) => e.activity === 'Update user.' && e.method === 'microsoft-authenticator')).toBe(
      true
    )
    expect(ual[0]?.actorType).toBe('app')
    const resets = queryEvents(c.db, { activity: 'Reset user password.' }, 100).events
    expect(resets).toHaveLength(34)
    // One admin reset 34 different accounts' passwords (the CTF's bulk reset).
    expect(
      resets.every((e) => e.method === 'password' && e.actorUpn === 'admin@m365b132131.onmicrosoft.com')
    ).toBe(true)
    expect(new Set(resets.map((e) => e.userUpn)).size).toBe(34)
  })

  it('re-importing the corpus adds nothing', async () => {
    const again = await importIntoCase(c.db, [join(CORPUS)])
    expect(again.files.every((f) => f.status === 'already-imported')).toBe(true)
    expect(again.events).toEqual(report.events)
  })
})
