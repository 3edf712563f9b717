import { describe, expect, it } from 'vitest'
import type { DirectoryAudit, SignIn } from '../../scripts/samples/graph-types'
import { buildModel, collect } from '../../scripts/samples/model/index'
import { auditTarget, audits, auditTime, recordUpns, signIns, signInTime, successfulBefore } from '../../scripts/samples/model/inspect'
import { localClock } from '../../scripts/samples/model/time'
import { STORIES } from '../../scripts/samples/model/stories/index'
import { METHODS } from '../../src/shared/model/event'

const model = buildModel()
const records = collect(model)
const allAudits = audits(records)
const allSignIns = signIns(records)
const HOUR = 3_600_000
const DAY = 24 * HOUR

function story(id: string) {
  const s = model.stories.find((x) => x.def.id.startsWith(`${id}-`))
  if (!s) throw new Error(`no story ${id}`)
  return s
}

function user(key: string) {
  const u = model.tenant.byKey.get(key)
  if (!u) throw new Error(`no user ${key}`)
  return u
}

function inSpan(t: number, s: { start: number; end: number }): boolean {
  return t >= s.start && t <= s.end
}

function registrations(upn: string, s: { start: number; end: number }): DirectoryAudit[] {
  return allAudits.filter(
    (a) => a.activityDisplayName === 'User registered security info' && auditTarget(a) === upn && inSpan(auditTime(a), s)
  )
}

/** IPs of the user's successful sign-ins more than a day before t ("known" in the engine's sense). */
function knownIps(upn: string, t: number): Set<string> {
  return new Set(successfulBefore(records, upn, t - DAY).map((s) => s.ipAddress))
}

function risky(s: SignIn): boolean {
  return ['medium', 'high'].includes(s.riskLevelDuringSignIn) || s.riskState === 'atRisk'
}

const DENIALS = [
  'MFA denied; user declined the authentication',
  'MFA denied; user did not respond to mobile app notification',
  'MFA denied; user did not select the correct number',
  'MFA denied; invalid verification code'
]

function maxDenialsIn10Min(upn: string): number {
  const times = allSignIns
    .filter((s) => s.userPrincipalName === upn && s.status.errorCode === 500121 && DENIALS.includes(s.status.additionalDetails ?? ''))
    .map(signInTime)
    .sort((a, b) => a - b)
  let best = 0
  for (let i = 0; i < times.length; i++) {
    const start = times[i] as number
    best = Math.max(best, times.filter((t) => t >= start && t < start + 10 * 60_000).length)
  }
  return best
}

function maxTargetsPerHour(actorUpn: string, s: { start: number; end: number }): number {
  const resets = allAudits
    .filter((a) => a.activityDisplayName === 'Reset password (by admin)' && a.initiatedBy.user?.userPrincipalName === actorUpn && inSpan(auditTime(a), s))
    .map((a) => ({ t: auditTime(a), target: auditTarget(a) }))
  let best = 0
  for (const r of resets) best = Math.max(best, new Set(resets.filter((x) => x.t >= r.t && x.t < r.t + HOUR).map((x) => x.target)).size)
  return best
}

describe('the stories', () => {
  it('are all built into the default two-week window', () => {
    expect(model.stories.map((s) => s.def.id)).toEqual(STORIES.map((s) => s.id))
    expect(model.stories.length).toBeGreaterThanOrEqual(29)
  })

  it('cover every detection SI-001..SI-029 with an attack story', () => {
    const covered = new Set(model.stories.filter((s) => !s.def.lookalike).flatMap((s) => s.def.detections))
    const catalog = Array.from({ length: 29 }, (_, i) => `SI-${String(i + 1).padStart(3, '0')}`)
    expect(catalog.filter((id) => !covered.has(id as `SI-${string}`))).toEqual([])
  })

  it('give every look-alike an attack to imitate and rules that must stay quiet', () => {
    const ids = new Set(model.stories.map((s) => s.def.id))
    const lookalikes = model.stories.filter((s) => s.def.lookalike)
    expect(lookalikes.length).toBeGreaterThanOrEqual(12)
    for (const s of lookalikes) {
      expect(s.def.detections).toEqual([])
      expect(s.def.mustNotFire.length).toBeGreaterThan(0)
      expect(s.def.mustNotFire.filter((r) => s.def.mayFire.includes(r))).toEqual([])
      expect(ids.has(s.def.imitates ?? '')).toBe(true)
      expect(s.def.benignSignals?.length ?? 0).toBeGreaterThan(0)
    }
    for (const s of model.stories.filter((x) => !x.def.lookalike)) expect(s.def.detections.length).toBeGreaterThan(0)
    for (const s of model.stories) for (const r of [...s.def.detections, ...s.def.mustNotFire, ...s.def.mayFire]) expect(r).toMatch(/^SI-0(0[1-9]|1\d|2\d)$/)
  })

  it('put their users in the generated records inside their time span, with their key events', () => {
    const byId = new Map(records.map((r) => [r.value.id, r]))
    for (const s of model.stories) {
      expect(s.users.length, s.def.id).toBeGreaterThan(0)
      for (const upn of s.users) {
        const hits = records.filter((r) => recordUpns(r).includes(upn) && s.records.some((x) => x.record.value.id === r.value.id))
        expect(hits.length, `${s.def.id} ${upn}`).toBeGreaterThan(0)
      }
      for (const r of s.records) expect(byId.get(r.record.value.id), `${s.def.id} ${r.record.value.id}`).toBeDefined()
      for (const k of s.keyEvents) {
        // Exchange mailbox records are audit events of the unified audit log.
        const r = byId.get(k.id)
        expect(r && (r.kind === 'signin' ? 'signin' : 'audit')).toBe(k.kind)
        expect(Date.parse(k.time)).toBeGreaterThanOrEqual(s.start)
        expect(Date.parse(k.time)).toBeLessThanOrEqual(s.end)
      }
    }
  })

  it('name the attacker address, which the story records carry', () => {
    const withIp = model.stories.filter((s) => s.facts.attackerIp !== undefined)
    expect(withIp.length).toBeGreaterThanOrEqual(14)
    for (const s of withIp) {
      const ip = s.facts.attackerIp
      expect(typeof ip, s.def.id).toBe('string')
      expect(String(ip)).toMatch(/^203\.0\.113\.\d+$/)
      const carried = s.records.some((r) => (r.record.kind === 'signin' ? r.record.value.ipAddress : r.record.kind === 'audit' ? r.record.value.initiatedBy.user?.ipAddress : null) === ip)
      expect(carried, s.def.id).toBe(true)
    }
  })

  it('state method inventories in the canonical vocabulary', () => {
    const vocabulary = new Set<string>(METHODS)
    let seen = 0
    for (const s of model.stories) {
      for (const key of ['methodsBefore', 'methodsAfter']) {
        const list = s.facts[key] as Array<{ method: string }> | undefined
        for (const m of list ?? []) {
          expect(vocabulary.has(m.method), `${s.def.id} ${m.method}`).toBe(true)
          seen++
        }
      }
    }
    expect(seen).toBeGreaterThan(30)
    expect(story('A02').facts.methodsAfter).toEqual([{ method: 'microsoft-authenticator', detail: 'iPhone 11', isDefault: true, owner: 'attacker' }])
  })
})

describe('look-alikes differ from their attacks for the right reason', () => {
  it('A01 registers from an unseen IP right after a risky sign-in; L01 and L14 from known addresses without live risk', () => {
    const a01 = story('A01')
    const olivia = user('olivia').upn
    const [reg] = registrations(olivia, a01)
    if (!reg) throw new Error('no A01 registration')
    expect(knownIps(olivia, auditTime(reg)).has(reg.initiatedBy.user?.ipAddress ?? '')).toBe(false)
    expect(allSignIns.some((s) => s.userPrincipalName === olivia && risky(s) && auditTime(reg) - signInTime(s) < 2 * HOUR && signInTime(s) < auditTime(reg))).toBe(true)

    const l01 = story('L01')
    const james = user('james').upn
    const [jreg] = registrations(james, l01)
    if (!jreg) throw new Error('no L01 registration')
    expect(knownIps(james, auditTime(jreg)).has(jreg.initiatedBy.user?.ipAddress ?? '')).toBe(true)
    expect(allSignIns.filter((s) => s.userPrincipalName === james && risky(s))).toHaveLength(0)
    const deletion = allAudits.find((a) => a.activityDisplayName === 'User deleted security info' && auditTarget(a) === james)
    expect(deletion && auditTime(deletion)).toBeGreaterThan(auditTime(jreg))

    const l14 = story('L14')
    const tom = user('tom').upn
    const [treg] = registrations(tom, l14)
    if (!treg) throw new Error('no L14 registration')
    expect(knownIps(tom, auditTime(treg)).has(treg.initiatedBy.user?.ipAddress ?? '')).toBe(true)
    const tomRisk = allSignIns.filter((s) => s.userPrincipalName === tom && s.riskLevelDuringSignIn !== 'none')
    expect(tomRisk.length).toBeGreaterThan(0)
    for (const s of tomRisk) expect(s.riskState).toBe('remediated')
  })

  it('A02 re-registers within the help-desk windows; L02 the next day', () => {
    const gap = (key: string, id: string): number => {
      const s = story(id)
      const upn = user(key).upn
      const reset = allAudits.find((a) => a.activityDisplayName === 'Reset password (by admin)' && auditTarget(a) === upn && inSpan(auditTime(a), s))
      const [reg] = registrations(upn, s)
      if (!reset || !reg) throw new Error(`${id}: no reset or registration`)
      return (auditTime(reg) - auditTime(reset)) / HOUR
    }
    expect(gap('daniel', 'A02')).toBeLessThan(1)
    expect(gap('emma', 'L02')).toBeGreaterThan(4)
  })

  it('A04 binds one attacker token to two unrelated users; L03 one token to one person\'s twin accounts', () => {
    const holders = (token: string): string[] =>
      [...new Set(allAudits.filter((a) => a.targetResources[0]?.modifiedProperties.some((p) => p.displayName === 'StrongAuthenticationPhoneAppDetail' && (p.newValue ?? '').includes(token))).map((a) => auditTarget(a) ?? ''))].sort()
    const twins = model.tenant.users.filter((u) => u.twinOf).map((u) => [model.tenant.byKey.get(u.twinOf ?? '')?.upn, u.upn].sort().join(' '))
    const a04 = holders(String(story('A04').facts.sharedDeviceToken))
    const l03 = holders(String(story('L03').facts.sharedDeviceToken))
    expect(a04).toHaveLength(2)
    expect(l03).toHaveLength(2)
    expect(twins).not.toContain(a04.join(' '))
    expect(twins).toContain(l03.join(' '))
  })

  it('A05 bursts denials and is approved; L05 never has two denials in ten minutes', () => {
    expect(maxDenialsIn10Min(user('lucas').upn)).toBeGreaterThanOrEqual(10)
    expect(maxDenialsIn10Min(user('hannah').upn)).toBeLessThanOrEqual(1)
  })

  it('A06 issues a multi-use TAP from an app to a privileged user; L06 a one-time TAP to a three-day-old account', () => {
    const tap = (id: string): DirectoryAudit => {
      const s = story(id)
      const a = allAudits.find((x) => x.resultReason === 'Admin registered temporary access pass method for user' && inSpan(auditTime(x), s))
      if (!a) throw new Error(`${id}: no TAP`)
      return a
    }
    const usage = (a: DirectoryAudit): string | null | undefined =>
      a.targetResources[0]?.modifiedProperties.find((p) => p.displayName.endsWith('AccessPassUsage'))?.newValue
    expect(usage(tap('A06'))).toBe('"Multiple"')
    expect(tap('A06').initiatedBy.app).not.toBeNull()
    expect(user('ben').eligibleRoles.length).toBeGreaterThan(0)
    expect(usage(tap('L06'))).toBe('"OneTime"')
    const zoe = user('zoe').upn
    const created = allAudits.find((a) => a.activityDisplayName === 'Add user' && auditTarget(a) === zoe)
    expect(created).toBeDefined()
    expect(auditTime(tap('L06')) - auditTime(created as DirectoryAudit)).toBeLessThan(7 * DAY)
  })

  it('A07 enrols an account with no earlier successful sign-in; L07 after a sign-in the day before', () => {
    const before = (key: string, id: string): SignIn[] => {
      const upn = user(key).upn
      const [reg] = registrations(upn, story(id))
      if (!reg) throw new Error(`${id}: no registration`)
      return successfulBefore(records, upn, auditTime(reg))
    }
    expect(before('victor', 'A07')).toHaveLength(0)
    const isabel = before('isabel', 'L07')
    expect(isabel.length).toBeGreaterThan(0)
    const [reg] = registrations(user('isabel').upn, story('L07'))
    expect(Math.min(...isabel.map(signInTime))).toBeLessThan(auditTime(reg as DirectoryAudit) - 12 * HOUR)
  })

  it('A08 is followed by a medium-risk sign-in from an unseen IP; L08 by a quiet one from the hotel', () => {
    const after = (key: string, id: string): SignIn[] => {
      const upn = user(key).upn
      const reset = allAudits.find((a) => a.activityDisplayName === 'Reset password (self-service)' && auditTarget(a) === upn && inSpan(auditTime(a), story(id)))
      if (!reset) throw new Error(`${id}: no reset`)
      const t = auditTime(reset)
      return allSignIns.filter((s) => s.userPrincipalName === upn && signInTime(s) > t && signInTime(s) < t + 2 * HOUR)
    }
    expect(after('aisha', 'A08').some(risky)).toBe(true)
    const tom = after('tom', 'L08')
    expect(tom.length).toBeGreaterThan(0)
    expect(tom.some((s) => risky(s) || s.riskLevelDuringSignIn !== 'none')).toBe(false)
  })

  it('A09 re-enables phone methods and drops mfa from CA; L09 disables SMS and adds an MFA policy', () => {
    const policy = (id: string): { old: string; new: string } => {
      const a = allAudits.find((x) => x.activityDisplayName === 'Authentication Methods Policy Update' && inSpan(auditTime(x), story(id)))
      const p = a?.targetResources[0]?.modifiedProperties[0]
      return { old: p?.oldValue ?? '', new: p?.newValue ?? '' }
    }
    const state = (json: string, id: string): string | undefined =>
      (JSON.parse(json) as { authenticationMethodConfigurations: Array<{ id: string; state: string }> }).authenticationMethodConfigurations.find((c) => c.id === id)?.state
    const a09 = policy('A09')
    expect(state(a09.old, 'Sms')).toBe('disabled')
    expect(state(a09.new, 'Sms')).toBe('enabled')
    expect(state(a09.new, 'Voice')).toBe('enabled')
    expect(a09.new).toContain('discoveryUrl')
    const l09 = policy('L09')
    expect(state(l09.old, 'Sms')).toBe('enabled')
    expect(state(l09.new, 'Sms')).toBe('disabled')
    for (const c of ['Fido2', 'MicrosoftAuthenticator', 'TemporaryAccessPass', 'Voice']) expect(state(l09.new, c)).toBe(state(l09.old, c))
    const ca = (id: string): DirectoryAudit | undefined => allAudits.find((x) => x.loggedByService === 'Conditional Access' && inSpan(auditTime(x), story(id)))
    expect(ca('A09')?.targetResources[0]?.modifiedProperties[0]?.oldValue).toContain('"mfa"')
    expect(ca('A09')?.targetResources[0]?.modifiedProperties[0]?.newValue).not.toContain('"mfa"')
    expect(ca('L09')?.activityDisplayName).toBe('Add conditional access policy')
    expect(ca('L09')?.targetResources[0]?.modifiedProperties[0]?.newValue).toContain('"mfa"')
  })

  it('A11 makes a new attacker number the default; L11 the number the user always had', () => {
    const rachel = user('rachel')
    expect(rachel.initial.phone).toBeNull()
    expect(model.attackerPhones.has(String(story('A11').facts.attackerPhone))).toBe(true)
    const george = user('george')
    expect(story('L11').facts.phone).toBe(george.initial.phone)
  })

  it('A12 reports a prompt from an attacker address; L12 a prompt for her own office sign-in', () => {
    const reported = (key: string, id: string): SignIn => {
      const s = allSignIns.find((x) => x.userPrincipalName === user(key).upn && x.status.additionalDetails === 'MFA denied; Phone App Reported Fraud' && inSpan(signInTime(x), story(id)))
      if (!s) throw new Error(`${id}: no reported prompt`)
      return s
    }
    const nina = reported('nina', 'A12')
    expect(knownIps(user('nina').upn, signInTime(nina)).has(nina.ipAddress)).toBe(false)
    const paula = reported('paula', 'L12')
    expect(knownIps(user('paula').upn, signInTime(paula)).has(paula.ipAddress)).toBe(true)
    expect(paula.deviceDetail.deviceId).toBe(user('paula').laptop.deviceId)
  })

  it('A14 grants a role hours after an MFA takeover; L13 days after the security-info change', () => {
    const grantGap = (key: string, id: string): number => {
      const upn = user(key).upn
      const grant = allAudits.find(
        (a) => /member to role/.test(a.activityDisplayName) && a.targetResources.some((t) => t.userPrincipalName === upn) && inSpan(auditTime(a), story(id))
      )
      const change = allAudits.filter((a) => a.loggedByService === 'Authentication Methods' && auditTarget(a) === upn && grant && auditTime(a) < auditTime(grant))
      const last = change[change.length - 1]
      if (!grant || !last) throw new Error(`${id}: no grant or change`)
      return (auditTime(grant) - auditTime(last)) / HOUR
    }
    expect(grantGap('daniel', 'A14')).toBeLessThan(24)
    expect(grantGap('felix', 'L13')).toBeGreaterThan(24)
  })

  it('A17 registers many users from an attacker IP; L15 from the office egress everyone uses', () => {
    const a17 = story('A17')
    const ip = String(a17.facts.attackerIp)
    expect(allSignIns.some((s) => s.ipAddress === ip && signInTime(s) < a17.start)).toBe(false)
    const l15 = story('L15')
    const egress = String(l15.facts.registrationIp)
    const earlierUsers = new Set(allSignIns.filter((s) => s.ipAddress === egress && s.status.errorCode === 0 && signInTime(s) < l15.start).map((s) => s.userPrincipalName))
    expect(earlierUsers.size).toBeGreaterThanOrEqual(5)
    for (const upn of l15.users) expect(allAudits.some((a) => a.activityDisplayName === 'Add user' && auditTarget(a) === upn)).toBe(true)
    const tokens = allAudits
      .filter((a) => l15.users.includes(auditTarget(a) ?? '') && a.activityDisplayName === 'Update user')
      .flatMap((a) => a.targetResources[0]?.modifiedProperties.filter((p) => p.displayName === 'StrongAuthenticationPhoneAppDetail') ?? [])
      .flatMap((p) => (JSON.parse(p.newValue ?? '[]') as Array<{ DeviceToken: string }>).map((d) => d.DeviceToken))
    expect(tokens.filter((t) => t === 'NO_DEVICE_TOKEN')).toHaveLength(2)
  })

  it('A17 resets three users within an hour; L17 never more than two', () => {
    expect(maxTargetsPerHour(user('zara').upn, story('A17'))).toBeGreaterThanOrEqual(3)
    expect(maxTargetsPerHour(user('leo').upn, story('L17'))).toBeLessThanOrEqual(2)
  })

  it('A18 acts at an hour the user never works; L18 in the middle of the usual night shift', () => {
    const habitual = (key: string, id: string): number => {
      const u = user(key)
      const [reg] = registrations(u.upn, story(id))
      if (!reg) throw new Error(`${id}: no registration`)
      const t = auditTime(reg)
      const hour = Math.floor(localClock(t, u.timeZone).hour)
      const days = new Set(
        successfulBefore(records, u.upn, t - 12 * HOUR)
          .filter((s) => s.isInteractive || s.signInEventTypes.includes('nonInteractiveUser'))
          .filter((s) => Math.abs(Math.floor(localClock(signInTime(s), u.timeZone).hour) - hour) <= 1)
          .map((s) => Math.floor(signInTime(s) / DAY))
      )
      return days.size
    }
    expect(habitual('hugo', 'A18')).toBe(0)
    expect(habitual('maya', 'L18')).toBeGreaterThanOrEqual(3)
  })

  it('A03 and A17 share one phone number across unrelated users', () => {
    for (const id of ['A03', 'A17']) {
      const phone = String(story(id).facts.sharedPhone)
      const users = new Set(
        allAudits
          .filter((a) => a.targetResources[0]?.modifiedProperties.some((p) => p.displayName === 'StrongAuthenticationUserDetails' && (p.newValue ?? '').includes(phone)))
          .map((a) => auditTarget(a))
      )
      expect(users.size, id).toBeGreaterThanOrEqual(2)
      expect(model.attackerPhones.has(phone)).toBe(true)
    }
  })
})
