/**
 * The investigation calls end to end through the dispatcher, as the app and the harness run them:
 * a case built from the committed portal samples, imported in the import worker, scanned in the
 * scan worker (automatically after the import), then triaged, suppressed and annotated, each
 * action in the case log.
 */
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices, type AppServices } from '../../src/main/services/app-services'
import { ScriptedDialogs } from '../../src/main/services/dialogs'
import { createDispatcher, type Dispatch } from '../../src/main/services/dispatch'
import type {
  AnnotatedEvent,
  CaseLogEntry,
  FindingDetail,
  FindingsOverview,
  Suppression
} from '../../src/shared/ipc/case-work'
import { CHANNELS, type EventDetail, type EventPage, type MainEvents } from '../../src/shared/ipc/contract'
import type { Result } from '../../src/shared/ipc/result'
import { RULES } from '../../src/shared/rules'
import { factIps } from '../../src/shared/views/finding-ips'
import { tempDir, type TempDir } from '../helpers/temp-case'

const PORTAL = resolve(import.meta.dirname, '../../samples/entra-portal')
const ALL = { minSeverity: 'info', rule: null, user: null, status: null, includeSuppressed: true } as const

type Event = { [E in keyof MainEvents]: { event: E; payload: MainEvents[E] } }[keyof MainEvents]

describe('case work through the services', () => {
  let t: TempDir
  let services: AppServices
  let dispatch: Dispatch
  const dialogs = new ScriptedDialogs()
  const events: Event[] = []
  const call = async <T>(channel: string, arg: unknown): Promise<T> => {
    const r = (await dispatch(channel, arg)) as Result<T>
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
    return r.value
  }
  const waitFor = async <E extends keyof MainEvents>(event: E, after = 0): Promise<MainEvents[E]> => {
    for (let i = 0; i < 3000; i++) {
      const hit = events.slice(after).find((e) => e.event === event)
      if (hit) return hit.payload as MainEvents[E]
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`no ${event}`)
  }
  const overview = (arg: object = {}): Promise<FindingsOverview> =>
    call(CHANNELS.listFindings, { ...ALL, ...arg })
  const log = (): Promise<CaseLogEntry[]> => call(CHANNELS.caseLog, { limit: 1000, before: null })

  beforeAll(async () => {
    t = tempDir()
    services = createAppServices({
      dataDir: t.dir,
      dialogs,
      emit: (event, payload) => events.push({ event, payload } as Event),
      version: 'test',
      shell: 'harness',
      queryWorker: false
    })
    dispatch = createDispatcher(services.handlers)
    dialogs.answer('newCase', t.path('work.authtrail'))
    await call(CHANNELS.newCase, {})
    // Before anything is imported or scanned, the findings say so.
    const empty = await overview()
    expect(empty.lastScan).toBeNull()
    expect(empty.rules.every((r) => r.status === 'not-run')).toBe(true)
    await call(CHANNELS.importDropped, { paths: [PORTAL] })
    await waitFor('import:finished')
    await waitFor('findings:changed')
  }, 300_000)
  afterAll(async () => {
    await services?.close()
    t?.cleanup()
  })

  it('scans after the import, off the main thread, and logs the scan', async () => {
    const o = await overview()
    expect(o.lastScan).not.toBeNull()
    expect(o.findings.length).toBeGreaterThan(0)
    expect(o.lastScan?.findings).toBe(o.findings.length)
    expect(o.staleBy).toBe(0)
    // One count per rule of the catalog, adding up to the findings.
    expect(o.rules.map((r) => r.rule)).toEqual(RULES.map((r) => r.meta.id))
    expect(o.rules.reduce((n, r) => n + r.findings, 0)).toBe(o.findings.length)
    expect(o.rules.every((r) => r.status !== 'not-run')).toBe(true)
    // Most severe first.
    const ranks = o.findings.map((f) => ['info', 'low', 'medium', 'high', 'critical'].indexOf(f.severity))
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks)
    const entries = await log()
    expect(entries.map((e) => e.action)).toContain('scan')
    expect(entries.find((e) => e.action === 'scan')?.detail).toMatchObject({ findings: o.findings.length })
  })

  it('refuses a second scan while one runs, and a re-scan keeps the same finding ids', async () => {
    const before = (await overview()).findings.map((f) => f.id).sort()
    const first = dispatch(CHANNELS.scan, {})
    const second = await dispatch(CHANNELS.scan, {})
    expect(second).toMatchObject({ ok: false, error: { code: 'busy' } })
    const r = (await first) as Result<{ added: number; updated: number; removed: number }>
    expect(r.ok && r.value).toMatchObject({ added: 0, removed: 0, updated: before.length })
    expect((await overview()).findings.map((f) => f.id).sort()).toEqual(before)
  })

  it('gives a finding with its rule, guidance and evidence rows in finding order', async () => {
    const f = (await overview()).findings[0]
    if (!f) throw new Error('no finding')
    const d = await call<FindingDetail>(CHANNELS.findingDetail, { id: f.id })
    expect(d.finding).toEqual(f)
    expect(d.rule.id).toBe(f.rule)
    expect(d.rule.guidance.contain.length + d.rule.guidance.confirm.length).toBeGreaterThan(0)
    expect(d.evidence).toHaveLength(f.evidenceCount)
    expect(d.evidence[0]?.starred).toBe(false)
    expect(await dispatch(CHANNELS.findingDetail, { id: 'si001-0000000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' }
    })
  })

  it('triages findings in bulk; the triage survives a re-scan and is logged', async () => {
    const o = await overview()
    const ids = o.findings.slice(0, 3).map((f) => f.id)
    await call(CHANNELS.setTriage, { ids, status: 'malicious', note: 'attacker infrastructure' })
    const after = await overview({ status: 'malicious' })
    expect(after.findings.map((f) => f.id).sort()).toEqual([...ids].sort())
    expect(after.findings[0]?.triage).toMatchObject({ status: 'malicious', note: 'attacker infrastructure' })
    await call(CHANNELS.scan, {})
    expect((await overview({ status: 'malicious' })).findings.map((f) => f.id).sort()).toEqual(
      [...ids].sort()
    )
    expect((await overview({ status: 'new' })).findings).toHaveLength(o.findings.length - 3)
    const entry = (await log()).find((e) => e.action === 'triage')
    expect(entry?.detail).toMatchObject({ ids, status: 'malicious', note: 'attacker infrastructure' })
  })

  it('suppresses by rule and user and by rule and IP, lists them and lifts them', async () => {
    const o = await overview()
    const byUser = o.findings.find((f) => f.users.length > 0)
    if (!byUser) throw new Error('no finding with a user')
    const s = await call<Suppression>(CHANNELS.addSuppression, {
      rule: byUser.rule,
      scope: 'user',
      value: byUser.users[0]?.toUpperCase(),
      note: 'known admin'
    })
    expect(s).toMatchObject({ rule: byUser.rule, scope: 'user', value: byUser.users[0], removedAt: null })
    const hidden = o.findings.filter(
      (f) => f.rule === byUser.rule && f.users.includes(byUser.users[0] as string)
    )
    expect(s.hides).toBe(hidden.length)
    const visible = await overview({ includeSuppressed: false })
    expect(visible.findings.map((f) => f.id)).not.toContain(byUser.id)
    expect(visible.rules.find((r) => r.rule === byUser.rule)?.suppressed).toBe(hidden.length)
    expect((await overview()).findings.find((f) => f.id === byUser.id)?.suppressedBy).toBe(s.id)

    // Adding the same suppression again gives the same one back.
    const again = await call<Suppression>(CHANNELS.addSuppression, {
      rule: byUser.rule,
      scope: 'user',
      value: byUser.users[0],
      note: null
    })
    expect(again.id).toBe(s.id)

    // An IP from a finding's facts.
    let ipFinding: { rule: string; id: string; ip: string } | null = null
    for (const f of o.findings) {
      const d = await call<FindingDetail>(CHANNELS.findingDetail, { id: f.id })
      const ip = factIps(d.facts)[0]
      if (ip) {
        ipFinding = { rule: f.rule, id: f.id, ip }
        break
      }
    }
    if (!ipFinding) throw new Error('no finding with an address')
    const byIp = await call<Suppression>(CHANNELS.addSuppression, {
      rule: ipFinding.rule,
      scope: 'ip',
      value: ipFinding.ip,
      note: null
    })
    expect(byIp.hides).toBeGreaterThan(0)
    expect((await overview()).findings.find((f) => f.id === ipFinding?.id)?.suppressedBy).not.toBeNull()
    expect(
      await dispatch(CHANNELS.addSuppression, { rule: 'SI-001', scope: 'ip', value: 'alice', note: null })
    ).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(
      await dispatch(CHANNELS.addSuppression, { rule: 'SI-099', scope: 'user', value: 'a@b.c', note: null })
    ).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })

    await call(CHANNELS.removeSuppression, { id: s.id })
    const list = await call<Suppression[]>(CHANNELS.listSuppressions, {})
    expect(list.map((x) => x.id)).toEqual([byIp.id, s.id])
    expect(list[1]?.removedAt).not.toBeNull()
    expect((await overview()).findings.find((f) => f.id === byUser.id)?.suppressedBy ?? null).not.toBe(s.id)
    const actions = (await log()).map((e) => e.action)
    expect(actions.filter((a) => a === 'suppress')).toHaveLength(2)
    expect(actions).toContain('unsuppress')
    await call(CHANNELS.removeSuppression, { id: byIp.id })
  })

  it('annotates events in bulk, lists them newest first and shows them in grid rows and detail', async () => {
    const page = await call<EventPage>(CHANNELS.queryPage, {
      query: { terms: [], text: '', from: null, to: null },
      order: 'asc',
      after: null,
      limit: 5
    })
    const ids = page.rows.map((r) => r.id)
    await call(CHANNELS.annotate, { ids, addTags: ['Phish', 'c2'], starred: true })
    // Times have millisecond resolution and equal times order by event id: let the clock move so
    // that the second change is the newer one.
    await new Promise((resolve) => setTimeout(resolve, 5))
    await call(CHANNELS.annotate, {
      ids: [ids[0]],
      comment: 'first sign of the attacker',
      removeTags: ['c2']
    })
    const tags = await call<{ tag: string; count: number }[]>(CHANNELS.listTags, {})
    expect(tags).toEqual([
      { tag: 'phish', count: 5 },
      { tag: 'c2', count: 4 }
    ])
    const detail = await call<EventDetail>(CHANNELS.eventDetail, { id: ids[0] })
    expect(detail.annotation).toMatchObject({
      starred: true,
      tags: ['phish'],
      comment: 'first sign of the attacker'
    })
    expect(detail.event).not.toHaveProperty('starred')
    const rows = await call<EventPage>(CHANNELS.queryPage, {
      query: { terms: [], text: '', from: null, to: null },
      order: 'asc',
      after: null,
      limit: 5
    })
    expect(rows.rows.map((r) => [r.starred, r.tags])).toEqual([
      [true, 'phish'],
      ...ids.slice(1).map(() => [true, 'c2, phish'])
    ])

    const first = await call<AnnotatedEvent[]>(CHANNELS.listAnnotations, { limit: 2, after: null })
    expect(first[0]?.annotation.eventId).toBe(ids[0])
    const last = first.at(-1) as AnnotatedEvent
    const rest = await call<AnnotatedEvent[]>(CHANNELS.listAnnotations, {
      limit: 10,
      after: { updatedAt: last.annotation.updatedAt, eventId: last.annotation.eventId }
    })
    expect([...first, ...rest].map((a) => a.annotation.eventId).sort()).toEqual([...ids].sort())

    // Clearing everything removes the annotation.
    await call(CHANNELS.annotate, { ids, starred: false, removeTags: ['phish', 'c2'], comment: null })
    expect(await call(CHANNELS.listAnnotations, { limit: 10, after: null })).toEqual([])
    expect(await dispatch(CHANNELS.annotate, { ids: [99_999_999], starred: true })).toMatchObject({
      ok: false,
      error: { code: 'not-found' }
    })
    const annotateEntries = (await log()).filter((e) => e.action === 'annotate')
    expect(annotateEntries).toHaveLength(3)
    expect(annotateEntries.at(-1)?.summary).toMatch(/5 events starred; tagged phish, c2/)
  })

  it('refuses to scan while an import runs, and re-scans by itself when the import is done', async () => {
    const scans = (await log()).filter((e) => e.action === 'scan').length
    const mark = events.length
    await call(CHANNELS.importDropped, { paths: [resolve(PORTAL, '../unified-audit-log')] })
    expect(await dispatch(CHANNELS.scan, {})).toMatchObject({ ok: false, error: { code: 'busy' } })
    await waitFor('import:finished', mark)
    const changed = await waitFor('findings:changed', mark)
    const o = await overview()
    expect(o.lastScan?.finishedAt).toBe(changed.scan.finishedAt)
    expect(o.staleBy).toBe(0)
    expect((await log()).filter((e) => e.action === 'scan')).toHaveLength(scans + 1)
  })

  it('keeps the case log chain intact across every action', async () => {
    const r = await call<{ ok: boolean; entries: number }>(CHANNELS.verifyCase, {})
    expect(r.ok).toBe(true)
    expect(r.entries).toBeGreaterThan(5)
  })
})
