/**
 * Case reports (HTML, JSON, Timesketch JSON Lines) from a scanned case with triage, a suppression
 * and an annotation: content, escaping, self-containment, zone labels, the case-log entry, and the
 * app's exportReport call through its dialog.
 */
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/main'
import { allCaseLog, checkCaseLogChain } from '../../src/main/db/case-log'
import { applyAnnotation } from '../../src/main/db/annotations'
import { listFindings } from '../../src/main/db/findings'
import { openCase } from '../../src/main/db/open'
import { insertSuppression } from '../../src/main/db/suppressions'
import { writeTriage } from '../../src/main/db/triage'
import { CaseSession } from '../../src/main/services/case-session'
import { caseRecordHandlers } from '../../src/main/services/case-record-service'
import { ScriptedDialogs } from '../../src/main/services/dialogs'
import { tempDir, type TempDir } from '../helpers/temp-case'

const SAMPLES = 'samples/event-hub'
const NOTE = 'Confirmed with the user: <b>not them</b> & ticket #4711'
const COMMENT = 'Attacker address <script>alert(1)</script>'
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s), isTty: false })
  return { code, out, err }
}

let t: TempDir
let casePath: string
let triaged: { id: string; title: string; rule: string }
let suppressed: { id: string; rule: string; user: string }
let annotatedEvent: number
let totalEvents: number
let sources: { path: string; sha256: string }[]

beforeAll(async () => {
  t = tempDir()
  casePath = t.path('case.authtrail')
  const files = readdirSync(SAMPLES).map((f) => {
    copyFileSync(`${SAMPLES}/${f}`, t.path(f))
    return t.path(f)
  })
  expect((await cli('import', casePath, ...files)).code).toBe(0)
  expect((await cli('scan', casePath)).code).toBe(0)
  const db = openCase(casePath)
  const findings = listFindings(db)
  expect(findings.length).toBeGreaterThanOrEqual(2)
  const a = findings[0] as (typeof findings)[0]
  // Suppress a finding of another rule, so the triaged one stays active.
  const b = findings.find((f) => f.rule !== a.rule) as (typeof findings)[0]
  const now = new Date().toISOString()
  writeTriage(db, [a.id], 'malicious', NOTE, now)
  triaged = { id: a.id, title: a.title, rule: a.rule }
  const user = b.users[0] as string
  insertSuppression(db, b.rule, 'user', user, 'service account, expected', now)
  suppressed = { id: b.id, rule: b.rule, user }
  annotatedEvent = a.evidence[0] as number
  applyAnnotation(
    db,
    { ids: [annotatedEvent], addTags: ['phish', 'initial-access'], starred: true, comment: COMMENT },
    now
  )
  totalEvents = db.prepare(`SELECT count(*) FROM events`).pluck().get() as number
  sources = db.prepare(`SELECT path, sha256 FROM files ORDER BY id`).all() as typeof sources
  db.close()
}, 120_000)
afterAll(() => t?.cleanup())

describe('HTML report', () => {
  let html: string
  beforeAll(async () => {
    const r = await cli(
      'report',
      casePath,
      '--format',
      'html',
      '-o',
      t.path('r.html'),
      '--zone',
      'Europe/Berlin'
    )
    expect(r.code).toBe(0)
    html = readFileSync(t.path('r.html'), 'utf8')
  })

  it('is self-contained: no script, no src, no url(), links only inside the page, a CSP that loads nothing', () => {
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/\ssrc\s*=/i)
    expect(html).not.toMatch(/url\s*\(/i)
    expect(html).not.toMatch(/@import/i)
    const hrefs = [...html.matchAll(/href\s*=\s*"([^"]*)"/gi)].map((m) => m[1])
    expect(hrefs.length).toBeGreaterThan(0)
    for (const h of hrefs) expect(h).toMatch(/^#/)
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`)
  })

  it('holds the findings with triage and note, the suppressed one apart, sources with hashes, annotation, log hash', () => {
    expect(html).toContain(`${triaged.rule} · ${triaged.title.replace(/&/g, '&amp;')}`)
    expect(html).toContain('Confirmed with the user: &lt;b&gt;not them&lt;/b&gt; &amp; ticket #4711')
    expect(html).toContain('Attacker address &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('<span class="tag">phish</span>')
    const [findingsPart, rest] = html.split('<h2 id="suppressed">') as [string, string]
    expect(findingsPart).not.toContain(`id="f-${suppressed.id}"`)
    const suppressedPart = rest.split('<h2 id="users">')[0] as string
    expect(suppressedPart).toContain(`user = <span class="mono">${suppressed.user}</span>`)
    expect(suppressedPart).toContain('service account, expected')
    for (const s of sources) {
      expect(html).toContain(s.sha256)
      expect(html).toContain(s.path)
    }
    const db = openCase(casePath, { readonly: true })
    const entries = [...allCaseLog(db)]
    db.close()
    // The report shows the log as it was before its own 'report' entry.
    const before = entries.at(-2)
    expect(entries.at(-1)?.action).toBe('report')
    expect(html).toContain(`Last hash: <span class="hash">${before?.hash}</span>`)
  })

  it('labels the zone and shows every time with its offset', () => {
    expect(html).toContain('All times: Europe/Berlin (UTC+02:00')
    const times = [
      ...html.matchAll(/<time datetime="([^"]+)">([^<]+)<span class="off"> ([^<]+)<\/span><\/time>/g)
    ]
    expect(times.length).toBeGreaterThan(20)
    for (const [, iso, wall, off] of times) {
      const offMin = Math.round(
        (Date.parse(`${(wall as string).replace(' ', 'T')}Z`) - Date.parse(iso as string)) / 60_000
      )
      expect(off).toBe(offMin === 120 ? 'UTC+02:00' : 'UTC+01:00')
    }
    expect(html).not.toMatch(/<time datetime="[^"]+">[^<]+<\/time>/)
  })
})

describe('JSON report', () => {
  it('has the same content in ISO UTC, streamed into valid JSON', async () => {
    expect(
      (await cli('report', casePath, '--format', 'json', '-o', t.path('r.json'), '--zone', 'Asia/Tokyo')).code
    ).toBe(0)
    const r = JSON.parse(readFileSync(t.path('r.json'), 'utf8'))
    expect(r.report).toMatchObject({ format: 'authtrail-case-report', version: 1, times: 'ISO 8601 UTC' })
    expect(r.case.events.total).toBe(totalEvents)
    expect(r.case.first).toMatch(/Z$/)
    const f = r.findings.find((x: { id: string }) => x.id === triaged.id)
    expect(f.triage).toMatchObject({ status: 'malicious', note: NOTE })
    expect(f.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(f.evidence[0].id).toBe(annotatedEvent)
    expect(f.evidence[0].time).toMatch(/Z$/)
    expect(r.suppressedFindings.map((x: { id: string }) => x.id)).toEqual([suppressed.id])
    expect(r.findings.map((x: { id: string }) => x.id)).not.toContain(suppressed.id)
    expect(r.suppressedFindings[0].suppressedBy).toMatchObject({ scope: 'user', value: suppressed.user })
    expect(r.annotated).toHaveLength(1)
    expect(r.annotated[0]).toMatchObject({
      eventId: annotatedEvent,
      starred: true,
      tags: ['initial-access', 'phish'],
      comment: COMMENT
    })
    expect(r.sources.map((s: { sha256: string }) => s.sha256)).toEqual(sources.map((s) => s.sha256))
    expect(r.caseLog.chainHolds).toBe(true)
    expect(r.caseLog.log.at(-1).hash).toBe(r.caseLog.lastHash)
    expect(r.users.length).toBeGreaterThan(0)
    expect(r.users[0]).toHaveProperty('changes')
  })
})

describe('Timesketch export', () => {
  it('one valid line per event of interest with Timesketch fields; --all writes every event', async () => {
    expect((await cli('report', casePath, '--format', 'timesketch', '-o', t.path('ts.jsonl'))).code).toBe(0)
    const lines = readFileSync(t.path('ts.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    const db = openCase(casePath, { readonly: true })
    const interest = db
      .prepare(
        `SELECT count(*) FROM (SELECT event_id FROM finding_evidence UNION SELECT event_id FROM annotations)`
      )
      .pluck()
      .get()
    db.close()
    expect(lines.length).toBe(interest)
    let prev = 0
    for (const l of lines) {
      expect(typeof l.message).toBe('string')
      expect(l.message.length).toBeGreaterThan(5)
      expect(l.datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/)
      expect(l.timestamp).toBe(Date.parse(l.datetime) * 1000)
      expect(['Activity time', 'Sign-in time']).toContain(l.timestamp_desc)
      expect(Array.isArray(l.tag)).toBe(true)
      expect(l.timestamp).toBeGreaterThanOrEqual(prev)
      prev = l.timestamp
    }
    const marked = lines.find((l) => l.authtrail_event_id === annotatedEvent)
    expect(marked.tag).toEqual(expect.arrayContaining([triaged.rule, 'starred', 'phish', 'initial-access']))
    expect(marked.comment).toBe(COMMENT)
    expect(marked.finding_ids).toContain(triaged.id)
    expect(marked.triage).toContain('malicious')

    expect(
      (await cli('report', casePath, '--format', 'timesketch', '--all', '-o', t.path('all.jsonl'))).code
    ).toBe(0)
    const all = readFileSync(t.path('all.jsonl'), 'utf8').trimEnd().split('\n')
    expect(all.length).toBe(totalEvents)
  })
})

describe('report in the case log, CLI usage', () => {
  it('each report is logged with its SHA-256; the chain still holds; bad arguments exit 1', async () => {
    const out = t.path('logged.html')
    const r = await cli('report', casePath, '--format', 'html', '-o', out)
    expect(r.out).toContain(`sha256 ${sha(out)}`)
    const db = openCase(casePath, { readonly: true })
    const last = [...allCaseLog(db)].at(-1)
    expect(checkCaseLogChain(db).brokenAt).toBeNull()
    db.close()
    expect(last).toMatchObject({
      action: 'report',
      detail: { path: out, format: 'html', zone: 'UTC', sha256: sha(out) }
    })
    expect(readFileSync(out, 'utf8')).toContain('All times: UTC</div>')
    expect(existsSync(`${out}.partial`)).toBe(false)

    expect((await cli('report', casePath, '--format', 'pdf', '-o', out)).code).toBe(1)
    expect(
      (await cli('report', casePath, '--format', 'html', '-o', out, '--zone', 'Mars/Olympus')).err
    ).toContain('not an IANA time zone')
    expect((await cli('report', casePath, '--format', 'html', '--all', '-o', out)).code).toBe(1)
    expect((await cli('report', casePath, '--format', 'html')).code).toBe(1)
    const unwritable = await cli('report', casePath, '--format', 'html', '-o', t.path('no/such/dir/r.html'))
    expect(unwritable.code).toBe(2)
    expect(unwritable.err).toContain('cannot write')
  })
})

describe('exportReport (the app)', () => {
  it('asks where to save, writes from its own snapshot, logs it; cancelled dialog: null', async () => {
    const session = new CaseSession()
    await session.open(casePath)
    const dialogs = new ScriptedDialogs()
    const handlers = caseRecordHandlers({ session, dialogs, generator: 'Authtrail test' })
    try {
      expect(await handlers.exportReport({ format: 'html', zone: 'UTC' })).toEqual({ ok: true, value: null })
      dialogs.answer('reportPath', t.path('app.html'))
      const r = await handlers.exportReport({ format: 'html', zone: 'America/New_York' })
      if (!r.ok) throw new Error(r.error.message)
      expect(r.value?.path).toBe(t.path('app.html'))
      const html = readFileSync(t.path('app.html'), 'utf8')
      expect(html).toContain('All times: America/New_York (UTC-04:00')
      expect(html).toContain('Authtrail test')
      const log = await handlers.caseLog({ limit: 1, before: null })
      if (!log.ok) throw new Error(log.error.message)
      expect(log.value[0]).toMatchObject({ action: 'report', detail: { sha256: sha(t.path('app.html')) } })
      const v = await handlers.verifyCase({})
      expect(v.ok && v.value.ok).toBe(true)
    } finally {
      session.close()
    }
  })
})
