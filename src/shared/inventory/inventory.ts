import type { Method } from '../model/event'
import { isPlaceholderToken } from '../model/strong-auth'
import type { StrongAuthMethod } from '../model/strong-auth'
import { hasTag, isPhoneMethod, type Change } from '../scan/changes'
import type { ScanAudit, ScanSignIn } from '../scan/scan-event'
import { strongAuthDiff, phoneKey, summarizeDiff, type AuthenticatorDevice, type PhoneDetails } from './diff'

/**
 * The security-info state of every user over time: which methods, phone numbers and
 * Authenticator devices a user had at any instant, rebuilt from the paired security-info changes
 * (Authentication Methods events, StrongAuthentication* old/new values on `Update user`, Device
 * Registration events) and from the methods the user's sign-ins show in use.
 *
 * Each StrongAuthentication* property carries its whole value, so the first diff of a property
 * also tells what the user had before the data starts. Authenticator version rewrites (same
 * DeviceToken) are counted but are not changes; a placeholder token (NO_DEVICE_TOKEN) identifies
 * nothing, so such devices are told apart by name. Phone numbers are compared normalized and
 * shown as logged.
 */
export interface InventoryMethod {
  method: Method
  /** Device name, phone number, key name: as logged. */
  detail: string | null
  isDefault: boolean
  /** When it appeared in the data; null when it was there before the data starts. */
  since: number | null
  /** The event that added it, or the first sign-in that used it. */
  evidence: number | null
  /** `audit`: known from the audit log; `sign-in`: only seen in use in sign-ins. */
  source: 'audit' | 'sign-in'
}

export type InventoryOp = 'added' | 'removed' | 'default' | 'mfa-disabled'

export interface InventoryChange {
  ts: number
  op: InventoryOp
  method: Method | null
  detail: string | null
  /** Event ids: the announcing event first, then the diffs paired with it. */
  evidence: number[]
  activity: string | null
  reason: string | null
  actor: string | null
  byOther: boolean
  ip: string | null
}

export interface Holding {
  user: string
  /** As logged. */
  value: string
  firstTs: number
  evidence: number
  /** Put on the account inside the data (rather than already present in the first value seen). */
  added: boolean
}

export interface UserInventory {
  user: string
  changes: readonly InventoryChange[]
  /** Authenticator app rewrites (same devices, new version or last-use time) that were not counted as changes. */
  rewrites: number
  methodsAt(t: number): InventoryMethod[]
}

export interface Inventory {
  of(user: string): UserInventory
  users(): string[]
  /** Normalized phone number → who held it (from StrongAuthenticationUserDetails and admin phone events). */
  phoneHolders: ReadonlyMap<string, readonly Holding[]>
  /** Real Authenticator DeviceToken → who had it bound. */
  tokenHolders: ReadonlyMap<string, readonly Holding[]>
}

export interface InventorySource {
  users(): IterableIterator<string>
  changesOf(user: string): readonly Change[]
  signinsOf(user: string | null): readonly ScanSignIn[]
  auditsAbout(user: string | null): readonly ScanAudit[]
}

interface Entry {
  method: Method
  detail: string | null
  since: number | null
  evidence: number | null
}

interface State {
  strongAuth: readonly StrongAuthMethod[] | null
  devices: Map<string, Entry & { token: string | null }> | null
  details: PhoneDetails | null
  other: Map<string, Entry & { until: number | null }>
}

function deviceEntries(list: readonly AuthenticatorDevice[], since: number | null, evidence: number | null) {
  const m = new Map<string, Entry & { token: string | null }>()
  for (const d of list)
    m.set(d.key, { method: 'microsoft-authenticator', detail: d.name, since, evidence, token: d.token })
  return m
}

const PHONE_TYPE_METHOD: ReadonlyArray<readonly [number, Method, keyof PhoneDetails]> = [
  [1, 'phone-sms', 'phone'],
  [5, 'phone-sms', 'phone'],
  [0, 'phone-voice', 'phone'],
  [3, 'alternate-phone', 'alternatePhone'],
  [4, 'alternate-phone', 'alternatePhone'],
  [2, 'office-phone', 'voicePhone']
]

class UserInventoryImpl implements UserInventory {
  readonly changes: InventoryChange[] = []
  rewrites = 0
  private readonly initial: State
  private readonly steps: Array<{ ts: number; apply: (s: State) => void }> = []
  private readonly observed: Array<{ ts: number; method: Method; detail: string | null; evidence: number }> =
    []

  constructor(
    readonly user: string,
    changes: readonly Change[],
    signins: readonly ScanSignIn[],
    rewrites: number
  ) {
    this.rewrites = rewrites
    this.initial = { strongAuth: null, devices: null, details: null, other: new Map() }
    // The state before the data: the old value of the first diff of each property.
    for (const c of changes) {
      for (const { diff } of c.diffs) {
        if (diff.methods && this.initial.strongAuth === null) this.initial.strongAuth = diff.methods.before
        if (diff.devices && this.initial.devices === null)
          this.initial.devices = deviceEntries(diff.devices.before, null, null)
        if (diff.details && this.initial.details === null) this.initial.details = diff.details.before
      }
    }
    for (const c of changes) this.record(c)
    const seen = new Set<string>()
    for (const s of signins) {
      if (!s.ok || !s.methods) continue
      for (const m of s.methods) {
        if (m === 'password' || m === 'unknown') continue
        const detail = m === s.methods[0] || s.methods.length === 1 ? s.methodDetail : null
        const k = `${m}\u001f${detail ?? ''}`
        if (seen.has(k)) continue
        seen.add(k)
        this.observed.push({ ts: s.ts, method: m, detail, evidence: s.id })
      }
    }
  }

  private record(c: Change): void {
    const evidence = c.events.map((e) => e.id)
    const base = {
      ts: c.ts,
      evidence,
      activity: c.primary.activity,
      reason: c.reason,
      actor: c.actor,
      byOther: c.tags.has('by-other'),
      ip: c.ip
    }
    const push = (op: InventoryOp, method: Method | null, detail: string | null): void => {
      this.changes.push({ ...base, op, method, detail })
    }
    const isSecurity =
      !hasTag(c, 'password-reset', 'password-change', 'sspr-reset', 'unlock', 'attempt', 'reviewed') ||
      c.diffs.length > 0
    if (!isSecurity) return
    for (const a of c.added) push('added', a.method, a.detail)
    for (const r of c.removed) push('removed', r.method, r.detail)
    // Announced without a diff naming the method: the reason text is all there is.
    if (c.added.length === 0 && c.removed.length === 0) {
      if (hasTag(c, 'registered', 'tap') && c.method) push('added', c.method, c.detail)
      else if (hasTag(c, 'deleted') && !hasTag(c, 'wiped')) push('removed', c.method, c.detail)
      else if (hasTag(c, 'wiped')) push('removed', null, 'every MFA method (re-registration required)')
    }
    for (const d of c.diffs) {
      const s = d.summary
      if (d.diff.methods && s.defaultAfter !== s.defaultBefore && s.defaultAfter !== null)
        push(
          'default',
          PHONE_TYPE_METHOD.find(([t]) => t === s.defaultAfter)?.[1] ?? defaultMethod(s.defaultAfter),
          null
        )
    }
    if (
      c.tags.has('default-changed') &&
      !c.diffs.some((d) => d.summary.defaultAfter !== d.summary.defaultBefore)
    )
      push('default', c.method, c.detail)
    if (c.tags.has('mfa-disabled')) push('mfa-disabled', null, 'per-user MFA')

    const evidenceId = c.id
    this.steps.push({
      ts: c.ts,
      apply: (st) => {
        for (const { diff } of c.diffs) {
          if (diff.methods) st.strongAuth = diff.methods.after
          if (diff.devices) {
            const prev = st.devices ?? new Map()
            const next = new Map<string, Entry & { token: string | null }>()
            for (const d of diff.devices.after) {
              const old = prev.get(d.key)
              next.set(
                d.key,
                old
                  ? { ...old, detail: d.name ?? old.detail }
                  : {
                      method: 'microsoft-authenticator',
                      detail: d.name,
                      since: c.ts,
                      evidence: evidenceId,
                      token: d.token
                    }
              )
            }
            st.devices = next
          }
          if (diff.details) st.details = diff.details.after
        }
        if (c.tags.has('wiped') && c.diffs.length === 0) {
          st.strongAuth = []
          st.devices = new Map()
          st.details = {
            phone: null,
            alternatePhone: null,
            voicePhone: null,
            email: st.details?.email ?? null
          }
        }
        // Methods the StrongAuthentication* attributes do not hold: keys, Windows Hello, TAPs, and
        // announced registrations without a diff.
        for (const a of c.added) {
          if (isTracked(a.method, c)) continue
          st.other.set(otherKey(a.method, a.detail), {
            method: a.method,
            detail: a.detail,
            since: c.ts,
            evidence: evidenceId,
            until: a.method === 'temporary-access-pass' ? (c.tap?.end ?? null) : null
          })
        }
        if (c.added.length === 0 && hasTag(c, 'registered') && c.method && !isTracked(c.method, c))
          st.other.set(otherKey(c.method, c.detail), {
            method: c.method,
            detail: c.detail,
            since: c.ts,
            evidence: evidenceId,
            until: null
          })
        if (hasTag(c, 'deleted') && c.diffs.length === 0) {
          const m = c.removed[0]?.method ?? c.method
          for (const [k, e] of st.other) if (e.method === m) st.other.delete(k)
          if (m === 'microsoft-authenticator' && st.devices && c.removed.length === 0 && c.detail)
            for (const [k, e] of st.devices) if (e.detail === c.detail) st.devices.delete(k)
        }
      }
    })
  }

  methodsAt(t: number): InventoryMethod[] {
    const st: State = {
      strongAuth: this.initial.strongAuth,
      devices: this.initial.devices ? new Map(this.initial.devices) : null,
      details: this.initial.details,
      other: new Map()
    }
    for (const step of this.steps) {
      if (step.ts > t) break
      step.apply(st)
    }
    const out: InventoryMethod[] = []
    const defaultType = st.strongAuth?.find((m) => m.isDefault)?.methodType ?? null
    const types = new Set((st.strongAuth ?? []).map((m) => m.methodType))
    if (st.devices) {
      for (const d of st.devices.values())
        out.push({ ...entryOf(d), isDefault: defaultType === 6 || defaultType === 7, source: 'audit' })
    }
    if (st.details) {
      for (const [type, method, field] of PHONE_TYPE_METHOD) {
        const number = st.details[field]
        if (!number) continue
        if (st.strongAuth !== null && !types.has(type)) continue
        if (out.some((o) => o.method === method && o.detail === number)) continue
        out.push({
          method,
          detail: number,
          isDefault: defaultType === type || (method === 'phone-sms' && defaultType === 1),
          since: null,
          evidence: null,
          source: 'audit'
        })
      }
      if (st.details.email)
        out.push({
          method: 'email',
          detail: st.details.email,
          isDefault: false,
          since: null,
          evidence: null,
          source: 'audit'
        })
    } else if (st.strongAuth) {
      for (const [type, method] of PHONE_TYPE_METHOD)
        if (types.has(type) && !out.some((o) => o.method === method))
          out.push({
            method,
            detail: null,
            isDefault: defaultType === type,
            since: null,
            evidence: null,
            source: 'audit'
          })
    }
    for (const e of st.other.values()) {
      if (e.until !== null && e.until < t) continue
      if (out.some((o) => o.method === e.method && (o.detail === e.detail || e.detail === null))) continue
      out.push({ ...entryOf(e), isDefault: false, source: 'audit' })
    }
    // A phone method known only from StrongAuthenticationMethod types has no number; the user's
    // sign-ins name it (SMS and voice share the mobile number).
    for (const e of out) {
      if (e.detail !== null || !isPhoneMethod(e.method)) continue
      const mobile = e.method === 'phone-sms' || e.method === 'phone-voice'
      const seen = this.observed.find(
        (o) =>
          o.ts <= t &&
          o.detail !== null &&
          (o.method === e.method || (mobile && (o.method === 'phone-sms' || o.method === 'phone-voice')))
      )
      if (seen) e.detail = seen.detail
    }
    // Methods the user's sign-ins show in use where the audit log says nothing about them.
    for (const o of this.observed) {
      if (o.ts > t) break
      const tracked =
        (o.method === 'microsoft-authenticator' && st.devices !== null) ||
        (isPhoneMethod(o.method) && st.details !== null)
      if (tracked) continue
      if (
        out.some(
          (x) => x.method === o.method && (x.detail === o.detail || o.detail === null || x.detail === null)
        )
      )
        continue
      out.push({
        method: o.method,
        detail: o.detail,
        isDefault: false,
        since: null,
        evidence: o.evidence,
        source: 'sign-in'
      })
    }
    return out
  }
}

function defaultMethod(type: number): Method {
  return type === 6 || type === 7 ? 'microsoft-authenticator' : 'unknown'
}

function entryOf(e: Entry): Pick<InventoryMethod, 'method' | 'detail' | 'since' | 'evidence'> {
  return { method: e.method, detail: e.detail, since: e.since, evidence: e.evidence }
}

function otherKey(method: Method, detail: string | null): string {
  return `${method}\u001f${detail ?? ''}`
}

/** Methods held in StrongAuthentication* attributes, when this change came with the diff that says so. */
function isTracked(method: Method, c: Change): boolean {
  if (method === 'microsoft-authenticator') return c.diffs.some((d) => d.diff.devices !== null)
  if (isPhoneMethod(method) || method === 'email') return c.diffs.some((d) => d.diff.details !== null)
  return false
}

/** Rebuilds every user's inventory from the scan context. */
export function buildInventory(source: InventorySource): Inventory {
  const cache = new Map<string, UserInventoryImpl>()
  const phoneHolders = new Map<string, Holding[]>()
  const tokenHolders = new Map<string, Holding[]>()
  const hold = (map: Map<string, Holding[]>, key: string, h: Holding): void => {
    const list = map.get(key) ?? []
    const same = list.find((x) => x.user === h.user)
    if (!same) list.push(h)
    else if (!same.added && h.added) Object.assign(same, h)
    map.set(key, list)
  }
  const users = [...source.users()].sort()
  for (const user of users) {
    for (const c of source.changesOf(user)) {
      for (const d of c.diffs) {
        if (d.diff.details) {
          for (const side of ['before', 'after'] as const) {
            const det = d.diff.details[side]
            for (const v of [det.phone, det.alternatePhone, det.voicePhone]) {
              if (!v || /x{3,}/i.test(v)) continue
              const added = side === 'after' && d.summary.phoneChanges.some((p) => p.after === v)
              hold(phoneHolders, phoneKey(v), { user, value: v, firstTs: c.ts, evidence: d.event.id, added })
            }
          }
        }
        if (d.diff.devices) {
          for (const side of ['before', 'after'] as const) {
            for (const dev of d.diff.devices[side]) {
              if (isPlaceholderToken(dev.token) || dev.token === null) continue
              const added = side === 'after' && d.summary.addedDevices.some((x) => x.key === dev.key)
              hold(tokenHolders, dev.token, {
                user,
                value: dev.name ?? dev.token,
                firstTs: c.ts,
                evidence: d.event.id,
                added
              })
            }
          }
        }
      }
      for (const p of c.phonesAdded) {
        if (/x{3,}/i.test(p.value) || p.field === 'email') continue
        hold(phoneHolders, phoneKey(p.value), {
          user,
          value: p.value,
          firstTs: c.ts,
          evidence: c.id,
          added: true
        })
      }
    }
  }
  const rewritesOf = (user: string): number => {
    let n = 0
    for (const a of source.auditsAbout(user)) {
      if (a.act !== 'update user') continue
      const diff = strongAuthDiff(a.modified)
      if (!diff?.devices) continue
      const s = summarizeDiff(diff)
      if (
        s.rewriteOnly &&
        s.addedTypes.length === 0 &&
        s.removedTypes.length === 0 &&
        s.phoneChanges.length === 0
      )
        n++
    }
    return n
  }
  return {
    of(user: string): UserInventory {
      let inv = cache.get(user)
      if (!inv) {
        inv = new UserInventoryImpl(user, source.changesOf(user), source.signinsOf(user), rewritesOf(user))
        cache.set(user, inv)
      }
      return inv
    },
    users: () => users,
    phoneHolders,
    tokenHolders
  }
}
