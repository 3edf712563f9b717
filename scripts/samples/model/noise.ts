/**
 * Normal tenant behaviour, generated one local day at a time so that scale runs stream: every
 * user's interactive and non-interactive sign-ins (with the occasional wrong password, MFA
 * interrupt or unanswered prompt), service-principal and managed-identity sign-ins, PIM
 * activations, group and application changes, HR attribute updates, forgotten-password resets
 * and Authenticator app-version rewrites.
 *
 * Noise keeps away from story moments (NoiseGuards) so that a story's findings are the story's:
 * no reset or PIM activation lands next to a story's security-info change, and a user is quiet
 * while a story says so (e.g. between a help-desk wipe and the re-registration).
 */
import type { DirectoryAudit, SampleRecord } from '../graph-types'
import {
  adminPasswordReset,
  groupMemberEvent,
  phoneAppRewrite,
  PIM_OFFSETS,
  pimActivation,
  RESET_OFFSETS,
  updateApplicationEvent,
  updateUserAttributes
} from './activities'
import { APPS, type AppRef } from './directory'
import type { IpInfo } from './geo'
import { Rng } from './rng'
import { phoneAppDetailJson } from './security-state'
import { servicePrincipalSignIn, userSignIn, type AuthFlow } from './signin'
import type { StateBook } from './state-book'
import type { NoiseGuards } from './stories/context'
import { ownFactor } from './stories/helpers'
import { DAY, graphTime, HOUR, localToUtc, MINUTE, weekdayOf, type Window } from './time'
import type { DeviceProfile, PlannedRecord, Tenant, User } from './types'

export interface NoiseModel {
  tenant: Tenant
  window: Window
  book: StateBook
  guards: NoiseGuards
  /** 1 for the committed set; scale mode raises it to put more sign-ins in each user-day. */
  density: number
  /** 1 for the committed set; scale mode raises it for more directory changes per day. */
  auditDensity: number
  seed: string
  rewrites: Map<number, Array<{ user: User; t: number; token: string }>>
}

/** Sorted-array proximity test: is any time in `times` within `margin` of t? */
function near(times: number[] | undefined, t: number, margin: number): boolean {
  if (!times || times.length === 0) return false
  let lo = 0
  let hi = times.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const v = times[mid] as number
    if (Math.abs(v - t) <= margin) return true
    if (v < t) lo = mid + 1
    else hi = mid - 1
  }
  return false
}

function quiet(guards: NoiseGuards, user: User, t: number): boolean {
  return guards.quiet.some((q) => q.user === user.key && t >= q.from && t <= q.to)
}

function travelIp(guards: NoiseGuards, user: User, t: number): IpInfo | null {
  return guards.travel.find((x) => x.user === user.key && t >= x.from && t <= x.to)?.ip ?? null
}

function bumpVersion(v: string, rng: Rng): string {
  const parts = v.split('.').map(Number)
  const [major = 6, minor = 8, patch = 0] = parts
  // iOS builds count patches (6.8.53 -> 6.8.54); Android builds are yymm.build (6.2409.6512 -> 6.2410.7021).
  return minor > 100 ? `${major}.${minor + 1}.${patch + rng.int(100, 900)}` : `${major}.${minor}.${patch + 1}`
}

/**
 * Plans Authenticator app updates for the devices users hold at the start of the window, and
 * writes each new version into the device history (so every event rendered later shows the
 * version current at its time). Twin accounts share a phone: one update rewrites both.
 */
export function planRewrites(tenant: Tenant, seed: string): NoiseModel['rewrites'] {
  const plan: NoiseModel['rewrites'] = new Map()
  const byToken = new Map<string, Array<{ t: number; version: string; lastAuth: string }>>()
  const days = tenant.window.days
  for (const user of tenant.users) {
    for (const device of user.initial.devices) {
      if (!device.notification) continue
      let updates = byToken.get(device.token)
      if (!updates) {
        const rng = new Rng(seed, `rewrite:${user.key}:${device.id}`)
        updates = []
        let current = device.history[device.history.length - 1]?.version ?? '6.8.1'
        for (let day = rng.int(1, 9); day < days - 1; day += rng.int(8, 20)) {
          const t = localToUtc(tenant.window, day, user.workStart + rng.int(1, 6) + rng.next(), user.timeZone)
          current = bumpVersion(current, rng)
          updates.push({ t, version: current, lastAuth: graphTime(t - rng.int(3000, 60_000), rng) })
        }
        byToken.set(device.token, updates)
      }
      for (const u of updates) {
        device.history.push({ from: u.t, version: u.version, lastAuth: u.lastAuth })
        const day = Math.floor((u.t - tenant.window.start) / DAY)
        const list = plan.get(day) ?? []
        list.push({ user, t: u.t, token: device.token })
        plan.set(day, list)
      }
    }
  }
  return plan
}

const NO_RESPONSE = 'MFA denied; user did not respond to mobile app notification'

interface DayCtx {
  m: NoiseModel
  day: number
  out: PlannedRecord[]
}

function plan(c: DayCtx, t: number, make: () => SampleRecord): void {
  c.out.push({ t, seq: c.out.length, make })
}

function planAudit(c: DayCtx, t: number, rng: Rng, build: (rng: Rng) => DirectoryAudit): void {
  const r = rng.child()
  plan(c, t, () => ({ kind: 'audit', value: build(r) }))
}

/** Several events one builder writes together (times known from its offsets): built once, on first use. */
function planGroup(c: DayCtx, at: number, offsets: readonly number[], rng: Rng, build: (rng: Rng) => DirectoryAudit[]): void {
  const r = rng.child()
  let built: DirectoryAudit[] | null = null
  offsets.forEach((offset, i) =>
    plan(c, at + offset, () => {
      built ??= build(r)
      const value = built[i]
      if (!value) throw new Error('planned group is shorter than its offsets')
      return { kind: 'audit', value }
    })
  )
}

function userDay(c: DayCtx, user: User): void {
  const { m, day } = c
  if (user.activeFrom === Infinity) return
  const rng = new Rng(m.seed, `signins:${day}:${user.key}`)
  const weekday = weekdayOf(m.window, day)
  const shift = user.workDays.includes(weekday)
  const tz = user.timeZone
  const laptopSession = rng.guid()
  const mobileSession = rng.guid()
  const allowed = (t: number): boolean => !(user.activeFrom !== null && t < user.activeFrom) && !quiet(m.guards, user, t)
  const ipFor = (t: number, where: 'work' | 'home' | 'mobile'): IpInfo => {
    const away = travelIp(m.guards, user, t)
    if (away) return away
    if (where === 'mobile') return user.ips.mobile
    if (where === 'home') return user.ips.home
    return user.wfhDays.includes(weekday) ? user.ips.home : user.ips.office
  }
  const emit = (
    t: number,
    app: AppRef,
    resource: AppRef,
    ip: IpInfo,
    device: DeviceProfile,
    interactive: boolean,
    flow: AuthFlow,
    sessionId: string,
    correlationId?: string
  ): void => {
    if (!allowed(t)) return
    const r = rng.child()
    plan(c, t, () => ({
      kind: 'signin',
      value: userSignIn(m.tenant, { at: t, user, app, resource, ip, device, interactive, flow, sessionId, correlationId }, r)
    }))
  }
  const mfaFlow = (t: number): AuthFlow => {
    const f = ownFactor(m.book, user, t)
    return user.mfaRequired && f ? { kind: 'mfa', factor: f } : { kind: 'password' }
  }
  const extra = Math.max(0, m.density - 1)

  if (shift) {
    const start = localToUtc(m.window, day, user.workStart + rng.int(0, 40) / 60, tz) + rng.int(0, 59_999)
    const end = localToUtc(m.window, day, user.workEnd - rng.int(0, 30) / 60, tz) + rng.int(0, 59_999)
    const work = ipFor(start, 'work')
    const freshApp = rng.chance(0.6) ? APPS.officeHome : APPS.teams
    const freshResource = freshApp === APPS.officeHome ? APPS.officeShell : APPS.teamsService
    const roll = rng.next()
    const corr = rng.guid()
    if (roll < 0.04) {
      emit(start - rng.int(60, 180) * 1000, freshApp, freshResource, work, user.laptop, true, { kind: 'badPassword' }, laptopSession)
    } else if (roll < 0.09 && user.mfaRequired) {
      // 50076 ("you moved to a new location") from home, 50074 ("strong authentication is required") at the office.
      const code = work === user.ips.home ? 50076 : 50074
      emit(start - 12_000, freshApp, freshResource, work, user.laptop, true, { kind: 'interrupt', code }, laptopSession, corr)
    } else if (roll < 0.115 && user.mfaRequired) {
      const f = ownFactor(m.book, user, start)
      if (f && f.kind === 'push') {
        emit(start - rng.int(120, 300) * 1000, freshApp, freshResource, work, user.laptop, true, { kind: 'denied', factor: f, detail: NO_RESPONSE }, laptopSession)
      }
    }
    emit(start, freshApp, freshResource, work, user.laptop, true, mfaFlow(start), laptopSession, corr)
    const span = Math.max(HOUR, end - start - 20 * MINUTE)
    const at = (): number => start + 20 * MINUTE + Math.floor(rng.next() * span)
    const nSso = (rng.chance(0.3) ? 1 : 0) + Math.floor(extra * 3 * rng.next())
    for (let i = 0; i < nSso; i++) {
      const t = at()
      const app = rng.chance(0.5) ? APPS.exchange : APPS.sharePoint
      emit(t, app, app, ipFor(t, 'work'), user.laptop, true, { kind: 'sso' }, laptopSession)
    }
    const nNon = (rng.chance(0.8) ? 1 : 0) + Math.floor(extra * 5 * rng.next())
    for (let i = 0; i < nNon; i++) {
      const t = at()
      const resource = rng.pick([APPS.graph, APPS.exchange, APPS.sharePoint, APPS.teamsService])
      const app = resource === APPS.teamsService ? APPS.teams : APPS.office
      emit(t, app, resource, ipFor(t, 'work'), user.laptop, false, { kind: 'sso' }, laptopSession)
    }
    // Everyone's phone shows up in the first days of activity, so its address is part of the baseline.
    const firstDays = day <= 1 || (user.activeFrom !== null && day - Math.floor((user.activeFrom - m.window.start) / DAY) <= 1)
    const nMobile = (rng.chance(firstDays ? 1 : 0.25) ? 1 : 0) + Math.floor(extra * 2 * rng.next())
    for (let i = 0; i < nMobile; i++) {
      const t = at()
      emit(t, APPS.authBroker, APPS.exchange, ipFor(t, 'mobile'), user.phone, false, { kind: 'sso' }, mobileSession)
    }
    if (user.eligibleRoles.length > 0 && user.kind === 'admin' && rng.chance(0.5)) {
      const t = start + rng.int(20, 90) * MINUTE
      emit(t, APPS.azurePortal, APPS.serviceManagement, ipFor(t, 'work'), user.laptop, true, { kind: 'sso' }, laptopSession)
    }
  } else if (rng.chance(0.25)) {
    const t = localToUtc(m.window, day, 10 + rng.int(0, 9) + rng.next(), tz)
    emit(t, APPS.authBroker, APPS.exchange, ipFor(t, 'mobile'), user.phone, false, { kind: 'sso' }, mobileSession)
  }

  if (user.evening && rng.chance(shift ? 0.6 : 0.4)) {
    const t = localToUtc(m.window, day, 19.5 + rng.int(0, 2) + rng.next(), tz)
    emit(t, APPS.exchange, APPS.exchange, ipFor(t, 'home'), user.laptop, true, mfaFlow(t), laptopSession)
    if (rng.chance(0.5)) {
      const t2 = t + rng.int(10, 50) * MINUTE
      emit(t2, APPS.office, APPS.graph, ipFor(t2, 'home'), user.laptop, false, { kind: 'sso' }, laptopSession)
    }
  }
}

function servicePrincipalDay(c: DayCtx): void {
  const { m, day } = c
  const dayStart = m.window.start + day * DAY
  for (const sp of m.tenant.servicePrincipals) {
    const rng = new Rng(m.seed, `sp:${day}:${sp.key}`)
    const n = Math.max(1, Math.round(sp.perDay * m.density * (0.6 + rng.next() * 0.8)))
    for (let i = 0; i < n; i++) {
      const t = dayStart + Math.floor(rng.next() * DAY)
      const r = rng.child()
      plan(c, t, () => ({ kind: 'signin', value: servicePrincipalSignIn(sp, t, r) }))
    }
  }
}

const ACTIVE_KINDS = new Set(['member', 'admin', 'frontline', 'newhire'])

function auditDay(c: DayCtx): void {
  const { m, day } = c
  const { tenant, guards } = m
  const rng = new Rng(m.seed, `audit:${day}`)
  const weekday = weekdayOf(m.window, day)
  const workday = weekday >= 1 && weekday <= 5
  const active = (u: User, t: number): boolean =>
    ACTIVE_KINDS.has(u.kind) && u.activeFrom !== Infinity && (u.activeFrom === null || u.activeFrom <= t)

  // Authenticator app updates planned for this day (skipped if the device is gone by then).
  for (const r of m.rewrites.get(day) ?? []) {
    if (near(guards.storyTimes.get(r.user.key), r.t, 6 * HOUR)) continue
    const state = m.book.peek(r.user, r.t)
    if (!state.devices.some((d) => d.token === r.token)) continue
    const before = phoneAppDetailJson(state, r.t - 1)
    const after = phoneAppDetailJson(state, r.t)
    if (before !== after) planAudit(c, r.t, rng, (x) => phoneAppRewrite(tenant, r.t, r.user, before, after, x))
  }
  if (!workday) return

  // PIM activations at the start of an administrator's day.
  for (const u of tenant.users) {
    if (u.kind !== 'admin' || u.eligibleRoles.length === 0 || !u.workDays.includes(weekday)) continue
    const r = new Rng(m.seed, `pim:${day}:${u.key}`)
    if (!r.chance(0.6)) continue
    const t = localToUtc(m.window, day, u.workStart + r.int(5, 40) / 60, u.timeZone) + r.int(0, 59_999)
    if (near(guards.actorTimes.get(u.key), t, 14 * HOUR) || near(guards.storyTimes.get(u.key), t, 30 * HOUR)) continue
    if (quiet(guards, u, t)) continue
    const role = u.eligibleRoles[0]
    if (!role) continue
    planGroup(c, t, PIM_OFFSETS, r, (x) => pimActivation(tenant, t, u, u.ips.office.ip, role, x))
  }

  const admins = tenant.users.filter((u) => u.eligibleRoles.includes('helpdeskAdmin') || u.eligibleRoles.includes('authAdmin'))
  const pickActor = (t: number): User | null => {
    const free = admins.filter((a) => !near(guards.actorTimes.get(a.key), t, 3 * HOUR) && !near(guards.storyTimes.get(a.key), t, 3 * HOUR))
    return free.length > 0 ? rng.pick(free) : null
  }
  const anyone = tenant.users.filter((u) => ACTIVE_KINDS.has(u.kind))
  const dayStart = m.window.start + day * DAY
  // Group membership changes by the service desk / identity team.
  const more = Math.max(0, m.auditDensity - 1)
  const nGroups = rng.int(0, 2) + Math.floor(more * 2 * rng.next())
  for (let i = 0; i < nGroups; i++) {
    const t = dayStart + 14 * HOUR + Math.floor(rng.next() * 6 * HOUR)
    const actor = pickActor(t)
    const target = rng.pick(anyone)
    if (!actor || !active(target, t)) continue
    const group = rng.pick(tenant.groups)
    const remove = rng.chance(0.2)
    planAudit(c, t, rng, (x) => groupMemberEvent(t, { kind: 'user', user: actor, ip: actor.ips.office.ip }, group, target, remove, x))
  }
  // HR attribute sync.
  const hr = tenant.servicePrincipals.find((s) => s.key === 'hrProvisioning')
  const nHr = (rng.chance(0.5) ? 1 : 0) + Math.floor(more * rng.next())
  for (let i = 0; hr && i < nHr; i++) {
    const t = dayStart + 2 * HOUR + Math.floor(rng.next() * 3 * HOUR)
    const target = rng.pick(anyone)
    if (active(target, t)) {
      const by = { kind: 'app' as const, displayName: hr.displayName, appId: hr.appId, servicePrincipalId: hr.id }
      const from = `CC-${rng.int(1000, 1099)}`
      const to = `CC-${rng.int(1100, 1199)}`
      planAudit(c, t, rng, (x) => updateUserAttributes(t, by, target, 'ExtensionAttribute1', from, to, x))
    }
  }
  // Application maintenance by engineers.
  const nApps = (rng.chance(0.3) ? 1 : 0) + Math.floor(more * 0.6 * rng.next())
  const engineers = tenant.users.filter((u) => u.department === 'Engineering' && u.kind === 'member' && u.activeFrom === null)
  for (let i = 0; i < nApps; i++) {
    const t = dayStart + 16 * HOUR + Math.floor(rng.next() * 4 * HOUR)
    if (engineers.length > 0) {
      const dev = rng.pick(engineers)
      if (!near(guards.storyTimes.get(dev.key), t, 24 * HOUR)) {
        const apps = appObjects(tenant)
        const app = rng.pick(apps)
        planAudit(c, t, rng, (x) => updateApplicationEvent(t, { kind: 'user', user: dev, ip: dev.ips.office.ip }, app, x))
      }
    }
  }
  // A forgotten password now and then.
  const nResets = (rng.chance(0.3) ? 1 : 0) + Math.floor(more * 0.3 * rng.next())
  const noon = dayStart + 14 * HOUR
  const pool =
    nResets === 0
      ? []
      : anyone.filter(
          (u) => u.eligibleRoles.length === 0 && u.kind !== 'newhire' && active(u, noon) && !near(guards.storyTimes.get(u.key), noon, 48 * HOUR)
        )
  for (let i = 0; i < nResets && pool.length > 0; i++) {
    const t = noon + Math.floor(rng.next() * 5 * HOUR)
    const actor = pickActor(t)
    const target = rng.pick(pool)
    if (actor) planGroup(c, t, RESET_OFFSETS, rng, (x) => adminPasswordReset(t, actor, actor.ips.office.ip, target, x))
  }
}

let cachedApps: { tenant: string; apps: Array<{ id: string; displayName: string }> } | null = null

function appObjects(tenant: Tenant): Array<{ id: string; displayName: string }> {
  if (cachedApps?.tenant === tenant.id) return cachedApps.apps
  const rng = new Rng(tenant.id, 'apps')
  const apps = ['Expense Portal', 'Atlas API', 'Intranet', 'Field Service App'].map((displayName) => ({ id: rng.guid(), displayName }))
  cachedApps = { tenant: tenant.id, apps }
  return apps
}

/** The break-glass account's scheduled test sign-in (no security-info change). */
function routines(c: DayCtx): void {
  const bg = c.m.tenant.byKey.get('breakglass')
  if (!bg || c.day !== 3) return
  const key = bg.initial.fido2[0]?.name ?? 'security key'
  const rng = new Rng(c.m.seed, 'breakglass-test')
  const at = c.m.window.start + 3 * DAY + 10 * HOUR + 4 * MINUTE + rng.int(0, 59_999)
  plan(c, at, () => ({
    kind: 'signin',
    value: userSignIn(
      c.m.tenant,
      {
        at,
        user: bg,
        app: APPS.azurePortal,
        resource: APPS.serviceManagement,
        ip: bg.ips.office,
        device: bg.laptop,
        interactive: true,
        flow: { kind: 'mfa', factor: { kind: 'fido2', key } }
      },
      rng
    )
  }))
}

/** All noise of one local day (events may fall on the UTC days around it), as plans. */
export function noiseForDay(m: NoiseModel, day: number, only: 'audit' | 'signin' | null = null): PlannedRecord[] {
  const c: DayCtx = { m, day, out: [] }
  if (only !== 'audit') {
    for (const u of m.tenant.users) userDay(c, u)
    servicePrincipalDay(c)
    routines(c)
  }
  if (only !== 'signin') auditDay(c)
  return c.out
}
