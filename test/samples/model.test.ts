import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { SampleRecord } from '../../scripts/samples/graph-types'
import { buildModel, collect } from '../../scripts/samples/model/index'
import { audits, recordTime, signIns } from '../../scripts/samples/model/inspect'
import { writeFormat } from '../../scripts/samples/writers/index'

const model = buildModel()
const records = collect(model)
const GRAPH_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/

/** Documentation-only networks: RFC 5737 IPv4, RFC 3849 IPv6, RFC 5398 ASNs. */
function documentationIp(ip: string): boolean {
  return /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/.test(ip) || /^2001:db8:/i.test(ip)
}
function documentationAsn(asn: number): boolean {
  return (asn >= 64496 && asn <= 64511) || (asn >= 65536 && asn <= 65551)
}

const scratch: string[] = []
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('determinism', () => {
  it('builds identical objects for the same seed', () => {
    const again = collect(buildModel())
    expect(again.length).toBe(records.length)
    expect(JSON.stringify(again)).toBe(JSON.stringify(records))
  })

  it('builds different tenants for different seeds', () => {
    const other = collect(buildModel({ seed: 'another seed' }))
    const ids = new Set(records.map((r) => r.value.id))
    expect(other.filter((r) => ids.has(r.value.id))).toHaveLength(0)
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(records))
    // The stories do not depend on the seed: the same cast meets the same attacks.
    expect(buildModel({ seed: 'another seed' }).stories.map((s) => s.def.id)).toEqual(model.stories.map((s) => s.def.id))
  })

  it('writes byte-identical files for the same seed', async () => {
    const bytes = async (recs: SampleRecord[]): Promise<Buffer> => {
      const dir = mkdtempSync(join(tmpdir(), 'authtrail-model-'))
      scratch.push(dir)
      const result = await writeFormat('portal-signin-csv', recs, dir)
      return Buffer.concat(result.files.map((f) => readFileSync(f.path)))
    }
    const a = await bytes(records)
    const b = await bytes(collect(buildModel()))
    expect(a.length).toBeGreaterThan(100_000)
    expect(a.equals(b)).toBe(true)
  })
})

describe('Graph objects', () => {
  it('has unique ids, Graph-style times inside the window, in time order', () => {
    expect(new Set(records.map((r) => r.value.id)).size).toBe(records.length)
    let last = -Infinity
    for (const r of records) {
      const text = r.kind === 'signin' ? r.value.createdDateTime : r.value.activityDateTime
      expect(text).toMatch(GRAPH_TIME)
      const t = recordTime(r)
      expect(t).toBeGreaterThanOrEqual(model.window.start)
      expect(t).toBeLessThan(model.window.end)
      expect(t).toBeGreaterThanOrEqual(last)
      last = t
    }
  })

  it('has a two-week tenant of both kinds with the cast and its services', () => {
    expect(model.tenant.users.length).toBeGreaterThanOrEqual(30)
    expect(audits(records).length).toBeGreaterThan(200)
    expect(signIns(records).length).toBeGreaterThan(800)
    const types = new Set(signIns(records).flatMap((s) => s.signInEventTypes))
    expect([...types].sort()).toEqual(['interactiveUser', 'managedIdentity', 'nonInteractiveUser', 'servicePrincipal'])
    const codes = new Set(signIns(records).map((s) => s.status.errorCode))
    for (const code of [0, 50126, 50074, 50076, 50079, 500121]) expect(codes).toContain(code)
  })

  it('keeps audit events within the portal CSV limits and their values as JSON text', () => {
    for (const a of audits(records)) {
      expect(a.targetResources.length).toBeLessThanOrEqual(3)
      expect(a.additionalDetails.length).toBeLessThanOrEqual(6)
      expect((a.initiatedBy.user === null) !== (a.initiatedBy.app === null)).toBe(true)
      for (const t of a.targetResources) {
        expect(t.modifiedProperties.length).toBeLessThanOrEqual(5)
        for (const p of t.modifiedProperties) {
          for (const v of [p.oldValue, p.newValue]) if (v !== null) expect(() => JSON.parse(v)).not.toThrow()
        }
      }
    }
  })

  it('uses documentation addresses, ASNs, domains and fictional phone numbers only', () => {
    for (const s of signIns(records)) {
      expect(documentationIp(s.ipAddress), s.ipAddress).toBe(true)
      if (s.autonomousSystemNumber !== null) expect(documentationAsn(s.autonomousSystemNumber)).toBe(true)
      if (s.userPrincipalName) expect(s.userPrincipalName).toMatch(/@corp\.example\.com$/)
    }
    for (const a of audits(records)) {
      const ip = a.initiatedBy.user?.ipAddress
      if (ip) expect(documentationIp(ip), ip).toBe(true)
    }
    const text = JSON.stringify(records)
    const phones = text.match(/\+(1|44) ?\d[\d ]{8,}/g) ?? []
    expect(phones.length).toBeGreaterThan(10)
    for (const p of phones) expect(p, p).toMatch(/^\+1 \d{3}55501\d{2}$|^\+44 7700900\d{3}$/)
    const emails = text.match(/[\w.]+@[\w.-]+\.[a-z]+/gi) ?? []
    for (const e of emails) expect(e.toLowerCase(), e).toMatch(/@(corp\.example\.com|example\.org)$/)
  })

  it('gives the audit and sign-in sides different correlation ids', () => {
    const auditCorr = new Set(audits(records).map((a) => a.correlationId))
    expect(signIns(records).filter((s) => auditCorr.has(s.correlationId))).toHaveLength(0)
  })

  it('pairs each self-service registration with a Core Directory Update user a few seconds apart', () => {
    const updates = audits(records).filter((a) => a.activityDisplayName === 'Update user')
    const registrations = audits(records).filter(
      (a) => a.activityDisplayName === 'User registered security info' && /Authenticator|Mobile Phone/.test(a.resultReason)
    )
    expect(registrations.length).toBeGreaterThan(20)
    for (const reg of registrations) {
      const target = reg.targetResources[0]?.id
      const t = recordTime({ kind: 'audit', value: reg })
      const pair = updates.find(
        (u) => u.targetResources[0]?.id === target && Math.abs(recordTime({ kind: 'audit', value: u }) - t) <= 5000
      )
      expect(pair, `${reg.resultReason} for ${reg.targetResources[0]?.userPrincipalName}`).toBeDefined()
      const names = pair?.targetResources[0]?.modifiedProperties.map((p) => p.displayName) ?? []
      expect(names.some((n) => n.startsWith('StrongAuthentication'))).toBe(true)
      expect(names).toContain('Included Updated Properties')
      expect(pair?.correlationId).not.toBe(reg.correlationId)
    }
  })

  it('rewrites Authenticator versions without changing the device token', () => {
    type Device = { DeviceToken: string; PhoneAppVersion: string }
    const all = audits(records)
    const phoneAppOnly = all.filter((a) => {
      const props = a.targetResources[0]?.modifiedProperties ?? []
      return a.activityDisplayName === 'Update user' && props.length === 3 && props[0]?.displayName === 'StrongAuthenticationPhoneAppDetail'
    })
    let rewrites = 0
    for (const a of phoneAppOnly) {
      const p = a.targetResources[0]?.modifiedProperties[0]
      const before = JSON.parse(p?.oldValue ?? '[]') as Device[]
      const after = JSON.parse(p?.newValue ?? '[]') as Device[]
      expect(a.initiatedBy.app?.displayName).toBe('Azure MFA StrongAuthenticationService')
      if (JSON.stringify(after.map((d) => d.DeviceToken)) === JSON.stringify(before.map((d) => d.DeviceToken))) {
        // An app update: only the version (and last-approval time) moves.
        expect(after.map((d) => d.PhoneAppVersion)).not.toEqual(before.map((d) => d.PhoneAppVersion))
        rewrites++
      } else {
        // A real change: an Authentication Methods event for the same user within seconds.
        const t = recordTime({ kind: 'audit', value: a })
        const partner = all.find(
          (b) =>
            b.loggedByService === 'Authentication Methods' &&
            b.targetResources[0]?.id === a.targetResources[0]?.id &&
            Math.abs(recordTime({ kind: 'audit', value: b }) - t) <= 5000
        )
        expect(partner).toBeDefined()
      }
    }
    expect(rewrites).toBeGreaterThanOrEqual(10)
  })

  it('puts Microsoft-service addresses on some audit events, never on sign-ins', () => {
    const service = (ip: string | null | undefined): boolean => /^198\.51\.100\.(2[0-4]\d|25[0-4])$/.test(ip ?? '')
    expect(audits(records).filter((a) => service(a.initiatedBy.user?.ipAddress)).length).toBeGreaterThanOrEqual(2)
    expect(signIns(records).filter((s) => service(s.ipAddress))).toHaveLength(0)
  })
})
