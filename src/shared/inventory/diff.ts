import type { ModifiedProperty } from '../model/event'
import {
  isPlaceholderToken,
  normalizePhone,
  parsePhoneAppDevices,
  parseStrongAuthMethods,
  parseUserDetails,
  type StrongAuthMethod,
  type StrongAuthUserDetails
} from '../model/strong-auth'

/**
 * What one Core Directory `Update user` says about a user's security info: each StrongAuthentication*
 * property carries the whole value before and after (FORMATS.md §5b), so a diff is a set difference
 * and the first diff of a property also tells the state before it.
 */
export interface AuthenticatorDevice {
  name: string | null
  /** As logged; null or a placeholder (NO_DEVICE_TOKEN) when the registration has no push token. */
  token: string | null
  /** Identity for comparison: the token when it is real, otherwise the device name. */
  key: string
  version: string | null
}

export interface PhoneDetails {
  phone: string | null
  alternatePhone: string | null
  voicePhone: string | null
  email: string | null
}

export type PhoneField = keyof PhoneDetails

export interface StrongAuthDiff {
  methods: { before: readonly StrongAuthMethod[]; after: readonly StrongAuthMethod[] } | null
  devices: { before: readonly AuthenticatorDevice[]; after: readonly AuthenticatorDevice[] } | null
  details: { before: PhoneDetails; after: PhoneDetails } | null
  /** Per-user MFA state (0 disabled, 1 enabled, 2 enforced), before and after. */
  requirement: { before: number; after: number } | null
}

export interface DiffSummary {
  addedTypes: number[]
  removedTypes: number[]
  defaultBefore: number | null
  defaultAfter: number | null
  addedDevices: AuthenticatorDevice[]
  removedDevices: AuthenticatorDevice[]
  /** Only app versions or last-use times changed (same devices): not a change (DETECTIONS.md §2.2-4). */
  rewriteOnly: boolean
  phoneChanges: Array<{ field: PhoneField; before: string | null; after: string | null }>
  requirementDropped: boolean
}

const STRONG_AUTH = /^strongauthentication(method|phoneappdetail|userdetails|requirement)$/i

export function hasStrongAuthProperty(modified: readonly ModifiedProperty[] | null): boolean {
  return modified !== null && modified.some((p) => STRONG_AUTH.test(p.name))
}

export function deviceKey(name: string | null, token: string | null): string {
  return isPlaceholderToken(token) ? `name:${(name ?? '?').toLowerCase()}` : `token:${token}`
}

function devices(value: string | null): AuthenticatorDevice[] {
  return parsePhoneAppDevices(value).map((d) => ({
    name: d.deviceName,
    token: d.deviceToken,
    key: deviceKey(d.deviceName, d.deviceToken),
    version: d.version
  }))
}

function details(d: StrongAuthUserDetails | null): PhoneDetails {
  return {
    phone: d?.phoneNumber ?? null,
    alternatePhone: d?.alternativePhoneNumber ?? null,
    voicePhone: d?.voiceOnlyPhoneNumber ?? null,
    email: d?.email ?? null
  }
}

function requirementState(value: string | null): number {
  if (!value) return 0
  let v: unknown = value
  for (let i = 0; i < 2 && typeof v === 'string'; i++) {
    try {
      v = JSON.parse(v)
    } catch {
      break
    }
  }
  const items = Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : []
  let state = 0
  for (const item of items) {
    if (item && typeof item === 'object') {
      for (const [k, x] of Object.entries(item as Record<string, unknown>))
        if (k.toLowerCase() === 'state' && typeof x === 'number') state = Math.max(state, x)
    }
  }
  return state
}

export function strongAuthDiff(modified: readonly ModifiedProperty[] | null): StrongAuthDiff | null {
  if (!modified) return null
  let found = false
  const diff: StrongAuthDiff = { methods: null, devices: null, details: null, requirement: null }
  for (const p of modified) {
    const name = p.name.toLowerCase()
    if (name === 'strongauthenticationmethod') {
      diff.methods = { before: parseStrongAuthMethods(p.oldValue), after: parseStrongAuthMethods(p.newValue) }
      found = true
    } else if (name === 'strongauthenticationphoneappdetail') {
      diff.devices = { before: devices(p.oldValue), after: devices(p.newValue) }
      found = true
    } else if (name === 'strongauthenticationuserdetails') {
      diff.details = {
        before: details(parseUserDetails(p.oldValue)),
        after: details(parseUserDetails(p.newValue))
      }
      found = true
    } else if (name === 'strongauthenticationrequirement') {
      diff.requirement = { before: requirementState(p.oldValue), after: requirementState(p.newValue) }
      found = true
    }
  }
  return found ? diff : null
}

const PHONE_FIELDS: readonly PhoneField[] = ['phone', 'alternatePhone', 'voicePhone', 'email']

export function phoneKey(value: string): string {
  return /@/.test(value) ? value.trim().toLowerCase() : normalizePhone(value)
}

export function summarizeDiff(d: StrongAuthDiff): DiffSummary {
  const out: DiffSummary = {
    addedTypes: [],
    removedTypes: [],
    defaultBefore: null,
    defaultAfter: null,
    addedDevices: [],
    removedDevices: [],
    rewriteOnly: false,
    phoneChanges: [],
    requirementDropped: false
  }
  if (d.methods) {
    const before = new Set(d.methods.before.map((m) => m.methodType))
    const after = new Set(d.methods.after.map((m) => m.methodType))
    out.addedTypes = [...after].filter((t) => !before.has(t))
    out.removedTypes = [...before].filter((t) => !after.has(t))
    out.defaultBefore = d.methods.before.find((m) => m.isDefault)?.methodType ?? null
    out.defaultAfter = d.methods.after.find((m) => m.isDefault)?.methodType ?? null
  }
  if (d.devices) {
    const before = new Set(d.devices.before.map((x) => x.key))
    const after = new Set(d.devices.after.map((x) => x.key))
    out.addedDevices = d.devices.after.filter((x) => !before.has(x.key))
    out.removedDevices = d.devices.before.filter((x) => !after.has(x.key))
    out.rewriteOnly = out.addedDevices.length === 0 && out.removedDevices.length === 0
  }
  if (d.details) {
    for (const f of PHONE_FIELDS) {
      const b = d.details.before[f]
      const a = d.details.after[f]
      const same = b !== null && a !== null ? phoneKey(b) === phoneKey(a) : b === a
      if (!same) out.phoneChanges.push({ field: f, before: b, after: a })
    }
  }
  if (d.requirement) out.requirementDropped = d.requirement.before > 0 && d.requirement.after === 0
  return out
}

/** True when the diff changes nothing an investigator cares about (an Authenticator version rewrite). */
export function isNoChange(s: DiffSummary, d: StrongAuthDiff): boolean {
  const defaultMoved = s.defaultBefore !== s.defaultAfter && d.methods !== null
  const requirementChanged = d.requirement !== null && d.requirement.before !== d.requirement.after
  return (
    s.addedTypes.length === 0 &&
    s.removedTypes.length === 0 &&
    !defaultMoved &&
    s.addedDevices.length === 0 &&
    s.removedDevices.length === 0 &&
    s.phoneChanges.length === 0 &&
    !requirementChanged
  )
}

/** StrongAuthenticationMethod types that are phone calls or texts (MS10 index map: 0–5). */
export function isPhoneType(t: number | null): boolean {
  return t !== null && t >= 0 && t <= 5
}

/** Types 6 and 7: Authenticator notification and code. */
export function isAppType(t: number | null): boolean {
  return t === 6 || t === 7
}
