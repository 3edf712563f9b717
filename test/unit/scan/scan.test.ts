import { describe, expect, it } from 'vitest'
import { RULES } from '../../../src/shared/rules'
import { ipMatcher, normalizeListValue } from '../../../src/shared/scan/case-lists'
import { finalize, runRules, selectRules } from '../../../src/shared/scan/engine'
import { findingId } from '../../../src/shared/scan/finding-id'
import { sameOwner } from '../../../src/shared/scan/twins'
import { at, audit, contextOf, history, registered, signIn } from '../../helpers/scan-events'

describe('finding ids', () => {
  it('depend on rule, users (in any order) and anchor only', () => {
    const a = findingId('SI-014', ['b@x.com', 'a@x.com'], 'event:signin:abc')
    expect(a).toBe(findingId('SI-014', ['a@x.com', 'b@x.com'], 'event:signin:abc'))
    expect(a).toMatch(/^si014-[0-9a-f]{16}$/)
    expect(a).not.toBe(findingId('SI-017', ['a@x.com', 'b@x.com'], 'event:signin:abc'))
    expect(a).not.toBe(findingId('SI-014', ['a@x.com'], 'event:signin:abc'))
    expect(a).not.toBe(findingId('SI-014', ['a@x.com', 'b@x.com'], 'event:signin:abd'))
  })

  it('finalize derives ids from the anchor’s fingerprint, not from event ids', () => {
    const events = [...history('u@x.com', '192.0.2.1', 0, 3), registered('u@x.com', at(4), '203.0.113.1')]
    const runs = runRules(contextOf(events), { rules: ['SI-001'] })
    const once = finalize(runs, (id) => `fp-of-${id === events.at(-1)?.id ? 'registration' : id}`)
    // The same content under other row ids (a re-created case) gives the same id.
    const shifted = runs.map((r) => ({
      ...r,
      findings: r.findings.map((f) => ({
        ...f,
        anchor: { event: 9999 },
        evidence: f.evidence.map((e) => e + 1000)
      }))
    }))
    const again = finalize(shifted, () => 'fp-of-registration')
    expect(again.map((f) => f.id)).toEqual(once.map((f) => f.id))
    expect(again[0]?.evidence).not.toEqual(once[0]?.evidence)
  })
})

describe('engine', () => {
  it('runs every rule of the catalog in id order, and only those asked for', () => {
    expect(RULES.map((r) => r.meta.id)).toEqual(
      Array.from({ length: 29 }, (_, i) => `SI-${String(i + 1).padStart(3, '0')}`)
    )
    expect(selectRules(['si-014', 'SI-001']).map((r) => r.meta.id)).toEqual(['SI-001', 'SI-014'])
    expect(() => selectRules(['SI-099'])).toThrow(/SI-099/)
  })

  it('is deterministic: the same events in another order give the same findings', () => {
    const events = [
      ...history('u@x.com', '192.0.2.1', 0, 5),
      signIn({
        user: 'u@x.com',
        ts: at(6, '10:00'),
        ip: '203.0.113.9',
        riskLevel: 'high',
        riskState: 'atRisk'
      }),
      registered('u@x.com', at(6, '10:05'), '203.0.113.9'),
      audit({
        activity: 'Reset password (self-service)',
        ts: at(6, '10:30'),
        user: 'u@x.com',
        ip: '203.0.113.9',
        reason: 'Successfully completed reset.'
      })
    ]
    const key = (list: typeof events) => finalize(runRules(contextOf(list)), (id) => String(id))
    const a = key(events)
    expect(a.length).toBeGreaterThan(3)
    expect(key([...events].reverse())).toEqual(a)
  })

  it('every rule has metadata, response guidance with portal paths and API calls, and false positives', () => {
    for (const r of RULES) {
      expect(r.meta.title.length).toBeGreaterThan(10)
      expect(r.meta.attack.length).toBeGreaterThan(0)
      expect(r.meta.falsePositives.length).toBeGreaterThan(0)
      for (const phase of ['confirm', 'contain', 'remediate'] as const)
        expect(r.meta.guidance[phase].length).toBeGreaterThan(0)
      const steps = [...r.meta.guidance.confirm, ...r.meta.guidance.contain, ...r.meta.guidance.remediate]
      expect(steps.some((s) => s.graph !== null && s.powershell !== null)).toBe(true)
      for (const k of Object.keys(r.meta.thresholds))
        expect(r.meta.thresholdNotes[k], `${r.meta.id} ${k}`).toBeTruthy()
    }
    const calls = RULES.flatMap((r) => [...r.meta.guidance.contain]).map((s) => s.graph)
    expect(calls).toContain('POST /users/{id}/revokeSignInSessions')
  })
})

describe('case lists and twins', () => {
  it('normalizes entries', () => {
    expect(normalizeListValue('vip', ' CEO@Contoso.com ')).toBe('ceo@contoso.com')
    expect(normalizeListValue('twin-accounts', 'b@x.com, A@x.com')).toBe('a@x.com b@x.com')
    expect(() => normalizeListValue('trusted-ip', 'office')).toThrow()
    expect(() => normalizeListValue('vip', 'ceo')).toThrow()
  })
  it('matches addresses and IPv4 ranges', () => {
    const m = ipMatcher(['192.0.2.0/24', '2001:db8::1'])
    expect([m('192.0.2.200'), m('192.0.3.1'), m('2001:DB8::1'), m(null)]).toEqual([true, false, true, false])
  })
  it('takes accounts that differ only by an admin marker for one person', () => {
    expect(sameOwner('ava.thompson@x.com', 'ava.thompson.admin@x.com')).toBe(true)
    expect(sameOwner('adm-jsmith@x.com', 'jsmith@x.com')).toBe(true)
    expect(sameOwner('ava.thompson@x.com', 'ava.thomson.admin@x.com')).toBe(false)
    expect(sameOwner('ava@x.com', 'ava.admin@y.com')).toBe(false)
    expect(sameOwner('sean@x.com', 'tara@x.com')).toBe(false)
  })
})
