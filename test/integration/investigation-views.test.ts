/**
 * The user and entity views against the committed samples (every export path imported, scanned),
 * checked against the answer key's stories: the AiTM registration of A01, the shared phone of A03,
 * the shared Authenticator device of A04 and the helpdesk actor of A02. The per-user and per-value
 * statements read their indexes (EXPLAIN QUERY PLAN), never the whole events table.
 */
import { isRelevantAudit, RELEVANT_AUDIT_SQL } from '../../src/shared/scan/relevance'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { entityView, ENTITY_VIEW_SQL, holderSource, holderView } from '../../src/main/db/entity-view'
import { readCaseLists } from '../../src/main/db/case-lists'
import { readScanSource } from '../../src/main/db/scan-source'
import { userView, USER_VIEW_SQL } from '../../src/main/db/user-view'
import { importIntoCase } from '../../src/main/import/import-job'
import { scanCase } from '../../src/main/scan/scan-service'
import type { Method } from '../../src/shared/model/event'
import { ScanContext } from '../../src/shared/scan/context'
import { tempCase } from '../helpers/temp-case'

const SAMPLES = resolve(import.meta.dirname, '../../samples')
interface Story {
  id: string
  users: string[]
  detections: string[]
  facts: Record<string, unknown>
}
const stories = (JSON.parse(readFileSync(join(SAMPLES, 'EXPECTED.json'), 'utf8')) as { stories: Story[] })
  .stories
const story = (id: string): Story => {
  const s = stories.find((x) => x.id.startsWith(id))
  if (!s) throw new Error(`no story ${id}`)
  return s
}

describe('user and entity views on the samples', () => {
  let c: ReturnType<typeof tempCase>
  let db: Database

  beforeAll(async () => {
    c = tempCase()
    db = c.db
    await importIntoCase(db, [SAMPLES])
    scanCase(db)
  }, 300_000)
  afterAll(() => c?.cleanup())

  it('shows the AiTM registration with the attacker sign-ins around it marked new and risky', () => {
    const s = story('A01')
    const user = s.users[0] as string
    const attackerIp = s.facts.attackerIp as string
    const newMethod = s.facts.newMethod as { method: Method; detail: string }
    const v = userView(db, user.toUpperCase(), 60)
    expect(v.user).toBe(user)
    expect(v.signins).toBeGreaterThan(0)
    expect(v.displayName).not.toBeNull()
    const added = v.changes.find((ch) => ch.op === 'added' && ch.detail === newMethod.detail)
    if (!added) throw new Error('the registration is not on the timeline')
    expect(added.method).toBe(newMethod.method)
    expect(added.ip).toBe(attackerIp)
    expect(added.actor).toBe(user)
    const fromAttacker = added.around.filter((m) => m.row.ip === attackerIp)
    expect(fromAttacker.length).toBeGreaterThan(0)
    expect(fromAttacker.every((m) => m.newIp && m.newCountry && m.newAsn)).toBe(true)
    expect(fromAttacker.some((m) => m.risky)).toBe(true)
    // Only sign-ins inside the window are shown.
    for (const m of added.around) expect(Math.abs(m.row.ts - added.ts)).toBeLessThanOrEqual(60 * 60_000)
    expect(added.usedBy.length).toBeGreaterThan(0)
    expect(added.usedBy.every((r) => r.ts >= added.ts && r.authMethods?.includes(newMethod.method))).toBe(
      true
    )
    expect(v.methodsNow.map((m) => m.detail)).toContain(newMethod.detail)
    expect(v.methodsAtStart.map((m) => m.detail)).not.toContain(newMethod.detail)
    for (const rule of ['SI-001', 'SI-007', 'SI-014']) expect(v.findings.map((f) => f.rule)).toContain(rule)
    expect(v.findings.every((f) => f.users.includes(user))).toBe(true)
    // A narrower window shows fewer (or as many) sign-ins.
    const narrow = userView(db, user, 5).changes.find((ch) => ch.ts === added.ts)
    expect(narrow?.around.length ?? 0).toBeLessThanOrEqual(added.around.length)
  })

  it('answers an unknown user with an empty view rather than an error', () => {
    const v = userView(db, 'nobody@corp.example.com', 60)
    expect(v).toMatchObject({ events: 0, signins: 0, changes: [], findings: [], first: null })
  })

  it('lists every account a shared phone number was registered on, whatever its spelling', () => {
    const s = story('A03')
    const phone = s.facts.sharedPhone as string
    const digits = phone.replace(/\D/g, '')
    const typed = `+${digits.slice(0, 1)} (${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7)}`
    const v = entityView(db, 'phone', typed)
    expect(v.holders.map((h) => h.user).sort()).toEqual([...s.users].sort())
    expect(v.holders.every((h) => h.added && h.value.replace(/\D/g, '') === digits)).toBe(true)
    // Registered by the account holders themselves (the attacker in their sessions), not by a service.
    expect(v.holders.map((h) => h.actor).sort()).toEqual([...s.users].sort())
    expect(v.findings.map((f) => f.rule)).toContain('SI-022')
    expect(v.changes.map((r) => r.id).sort()).toEqual(v.holders.map((h) => h.evidence).sort())
  })

  it('lists the accounts of a shared Authenticator device by token and by name', () => {
    const s = story('A04')
    for (const value of [s.facts.sharedDeviceToken as string, s.facts.sharedDeviceName as string]) {
      const v = entityView(db, 'device', value)
      expect(v.holders.map((h) => h.user).sort()).toEqual([...s.users].sort())
      expect(v.findings.map((f) => f.rule)).toContain('SI-023')
    }
  })

  it('reads the holders the scan stored exactly as rebuilding them finds them, for every phone and device', () => {
    expect(holderSource(db)).toBe('stored')
    // Every phone and device of the whole case's inventory, spelled as logged and as the pages are asked.
    const inventory = new ScanContext(readScanSource(db).events, readCaseLists(db)).inventory
    const phones = new Set<string>()
    for (const list of inventory.phoneHolders.values()) for (const h of list) phones.add(h.value)
    const devices = new Set<string>()
    for (const [token, list] of inventory.tokenHolders) {
      devices.add(token).add(token.toUpperCase())
      for (const h of list) devices.add(h.value).add(h.value.toUpperCase())
    }
    const a03 = story('A03').facts.sharedPhone as string
    const a04 = story('A04').facts
    phones.add(a03).add(`+${a03.replace(/\D/g, '').replace(/^(\d)(\d{3})(\d{3})/, '$1 ($2) $3-')}`)
    devices.add(a04.sharedDeviceToken as string).add(a04.sharedDeviceName as string)
    expect(phones.size).toBeGreaterThan(3)
    expect(devices.size).toBeGreaterThan(3)
    let holders = 0
    for (const [kind, values] of [
      ['phone', phones],
      ['device', devices]
    ] as const) {
      for (const value of values) {
        const stored = holderView(db, kind, value, 'stored')
        expect(stored, `${kind} ${value}`).toEqual(holderView(db, kind, value, 'rebuilt'))
        expect(entityView(db, kind, value)).toEqual(stored)
        holders += stored.holders.length
      }
    }
    expect(holders).toBeGreaterThan(phones.size)
    // Values that name nothing: both paths answer empty.
    for (const [kind, value] of [
      ['phone', '+1 555 0000000'],
      ['phone', 'none'],
      ['device', 'no such device'],
      ['device', '']
    ] as const)
      expect(holderView(db, kind, value, 'stored')).toEqual(holderView(db, kind, value, 'rebuilt'))
  })

  it('rebuilds the holders once events were imported after the scan that stored them', () => {
    db.exec('SAVEPOINT later_import')
    try {
      db.prepare(
        `INSERT INTO files (path, name, sha256, size, format, encoding, imported, imported_at)
         VALUES ('/later.csv', 'later.csv', 'later', 1, 'csv', 'utf-8', 1, '9999-01-01T00:00:00.000Z')`
      ).run()
      expect(holderSource(db)).toBe('rebuilt')
    } finally {
      db.exec('ROLLBACK TO later_import; RELEASE later_import')
    }
    expect(holderSource(db)).toBe('stored')
  })

  it('shows who used an address, from where, what was changed from it and its findings', () => {
    const s = story('A01')
    const v = entityView(db, 'ip', s.facts.attackerIp as string)
    expect(v.users.map((u) => u.user)).toContain(s.users[0])
    expect(v.signins).toBeGreaterThan(0)
    expect(v.places.some((p) => p.country === 'NL' && p.asn === 65536)).toBe(true)
    expect(v.changes.some((r) => r.activity === 'User registered security info')).toBe(true)
    expect(v.findings.map((f) => f.rule)).toContain('SI-017')
    expect(v.first).not.toBeNull()
  })

  it("reads one user's audit events exactly as the OR of user, target and actor does", () => {
    const users = db
      .prepare(`SELECT DISTINCT user_upn FROM events WHERE user_upn IS NOT NULL ORDER BY 1`)
      .pluck()
      .all() as string[]
    expect(users.length).toBeGreaterThan(20)
    const or = db
      .prepare(
        `SELECT id, activity_key, modified_properties FROM events WHERE kind = 'audit' AND mirror_of IS NULL
           AND ${RELEVANT_AUDIT_SQL} AND (user_upn = @u OR target_upn = @u OR actor_upn = @u) ORDER BY id`
      )
      .raw()
    let audits = 0
    for (const user of users) {
      const read = readScanSource(db, { user })
        .events.filter((e) => e.kind === 'audit')
        .map((e) => e.id)
        .sort((a, b) => a - b)
      const want = (or.all({ u: user }) as [number, string | null, string | null][])
        .filter(([, act, modified]) => isRelevantAudit(act, modified))
        .map(([id]) => id)
      expect(read).toEqual(want)
      audits += read.length
    }
    expect(audits).toBeGreaterThan(50)
  })

  it('counts an address in one pass exactly as grouping by user, by place and in total does', () => {
    const CHANGE = `kind = 'audit' AND mirror_of IS NULL AND ${RELEVANT_AUDIT_SQL}`
    const ips = db
      .prepare(`SELECT ip FROM events WHERE ip IS NOT NULL GROUP BY ip ORDER BY count(*) DESC LIMIT 5`)
      .pluck()
      .all() as string[]
    ips.push(story('A01').facts.attackerIp as string)
    for (const ip of ips) {
      const v = entityView(db, 'ip', ip)
      expect(v.users).toEqual(
        db
          .prepare(
            `SELECT user_upn AS user, count(*) AS events, coalesce(sum(kind = 'signin'), 0) AS signins,
                    coalesce(sum(${CHANGE}), 0) AS changes, min(ts) AS first, max(ts) AS last
               FROM events WHERE ip = ? AND user_upn IS NOT NULL GROUP BY user_upn ORDER BY events DESC, user_upn`
          )
          .all(ip)
      )
      expect(v.places).toEqual(
        db
          .prepare(
            `SELECT country, city, asn, count(*) AS events FROM events WHERE ip = ?
              GROUP BY country, city, asn ORDER BY events DESC, country, city, asn`
          )
          .all(ip)
      )
      expect({ events: v.events, signins: v.signins, first: v.first, last: v.last }).toEqual(
        db
          .prepare(
            `SELECT count(*) AS events, coalesce(sum(kind = 'signin'), 0) AS signins, min(ts) AS first, max(ts) AS last
               FROM events WHERE ip = ?`
          )
          .get(ip)
      )
    }
  })

  it('shows every change a helpdesk actor made to others', () => {
    const s = story('A02')
    const actor = s.facts.helpdeskActor as string
    const v = entityView(db, 'actor', actor.toUpperCase())
    expect(v.value).toBe(actor)
    expect(v.users.map((u) => u.user)).toContain(s.users[0])
    expect(v.users.map((u) => u.user)).not.toContain(actor)
    expect(v.changes.length).toBeGreaterThan(0)
    expect(v.changes.every((r) => r.userUpn !== actor)).toBe(true)
    expect(v.findings.map((f) => f.rule)).toContain('SI-002')
  })

  it('reads by user, address and actor through their indexes', () => {
    const uses = (sql: string, params: unknown[], index: RegExp): void => {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n')
      expect(plan).toMatch(index)
      expect(plan).not.toMatch(/SCAN events(?! USING)/)
    }
    const u = 'a@b.c'
    const byUser = /USING (COVERING )?INDEX events_user_(kind_)?ts \(user_upn=\?/
    uses(USER_VIEW_SQL.counts, [u], byUser)
    uses(USER_VIEW_SQL.known, [u], byUser)
    uses(USER_VIEW_SQL.names, [{ u }], byUser)
    uses(
      USER_VIEW_SQL.around,
      [u, 0, 1],
      /SEARCH events USING INDEX events_user_kind_ts \(user_upn=\? AND kind=\? AND ts>\? AND ts<\?\)/
    )
    uses(
      USER_VIEW_SQL.usedBy,
      [u, 0, 'x'],
      /SEARCH events USING INDEX events_user_kind_ts \(user_upn=\? AND kind=\? AND ts>\?\)/
    )
    for (const sql of [ENTITY_VIEW_SQL.ipGroups, ENTITY_VIEW_SQL.ipChanges])
      uses(sql, ['192.0.2.1'], /USING (COVERING )?INDEX events_ip_ts \(ip=\?/)
    // A phone's or device's stored holders: one search of (kind, key) (migration 60).
    const holdersPlan = (
      db
        .prepare(`EXPLAIN QUERY PLAN ${ENTITY_VIEW_SQL.storedHolders}`)
        .all({ kind: 'phone', key: '+15550100' }) as {
        detail: string
      }[]
    )
      .map((r) => r.detail)
      .join('\n')
    expect(holdersPlan).toMatch(
      /SEARCH method_holders USING INDEX method_holders_kind_key \(kind=\? AND key=\?\)/
    )
    expect(holdersPlan).not.toMatch(/SCAN method_holders/)
    uses(ENTITY_VIEW_SQL.actorCounts, [u], /INDEX events_actor_ts/)
    uses(ENTITY_VIEW_SQL.actorUsers, [{ u }], /INDEX events_actor_ts/)
    uses(ENTITY_VIEW_SQL.actorChanges, [{ u }], /INDEX events_actor_ts/)
    // One user's inventory (readScanSource with a user, scan-source.ts): the audit events about or
    // by the user are the ids of three index searches (migration 50), not a walk of every audit event.
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT id FROM events WHERE kind = 'audit' AND mirror_of IS NULL AND ${RELEVANT_AUDIT_SQL}
             AND id IN (SELECT id FROM events WHERE user_upn = ? AND kind = 'audit' UNION ALL
               SELECT id FROM events WHERE target_upn = ? UNION ALL
               SELECT id FROM events WHERE actor_upn = ? AND kind = 'audit')`
        )
        .all(u, u, u) as { detail: string }[]
    )
      .map((r) => r.detail)
      .join('\n')
    expect(plan).toMatch(/^SEARCH events USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    expect(plan).toMatch(/INDEX events_user_kind_ts \(user_upn=\? AND kind=\?\)/)
    expect(plan).toMatch(/INDEX events_target_upn \(target_upn=\?\)/)
    expect(plan).toMatch(/INDEX events_actor_upn \(actor_upn=\? AND kind=\?\)/)
    expect(plan).not.toMatch(/events_kind_ts|SCAN events(?! USING)/)
  })
})

describe('the user view of a case of sign-ins only', () => {
  it('counts a method seen only in sign-ins as held at the start as well as now', async () => {
    const c = tempCase()
    try {
      await importIntoCase(c.db, [
        join(SAMPLES, 'entra-portal', 'signins', 'InteractiveSignIns_2026-10-05_2026-10-17.csv')
      ])
      const users = c.db
        .prepare(`SELECT DISTINCT user_upn FROM events WHERE kind = 'signin' AND method IS NOT NULL LIMIT 20`)
        .pluck()
        .all() as string[]
      expect(users.length).toBeGreaterThan(0)
      let checked = 0
      for (const user of users) {
        const v = userView(c.db, user, 60)
        const before = v.methodsNow.filter((m) => m.source === 'sign-in' && m.since === null)
        for (const m of before) {
          expect(v.methodsAtStart).toContainEqual(m)
          checked++
        }
      }
      expect(checked).toBeGreaterThan(0)
    } finally {
      c.cleanup()
    }
  })
})
