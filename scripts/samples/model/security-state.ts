/**
 * A user's security info at an instant, and how Core Directory renders it in `Update user`
 * modifiedProperties (FORMATS.md §5b): StrongAuthenticationMethod (MethodType/Default pairs),
 * StrongAuthenticationUserDetails (phone numbers, email) and StrongAuthenticationPhoneAppDetail
 * (one entry per Authenticator registration, keyed by DeviceToken).
 *
 * Authenticator app updates rewrite PhoneAppVersion and LastAuthenticatedTimestamp without
 * changing the DeviceToken; each device therefore keeps a small history of (from, version,
 * lastAuth) so that every event rendered at time t shows the values current at t.
 */
import type { Method } from '../../../src/shared/model/event'

/** StrongAuthenticationMethod MethodType numbers (FORMATS.md §5b). */
export const MT = {
  voiceMobile: 0,
  sms: 1,
  voiceOffice: 2,
  voiceAlternate: 3,
  smsAlternate: 4,
  oneWaySms: 5,
  appNotification: 6,
  appOtp: 7
} as const

export interface DeviceVersion {
  from: number
  version: string
  /** Graph-style timestamp string of the last approval at that point. */
  lastAuth: string
}

export interface AuthenticatorDevice {
  /** The registration's Id inside PhoneAppDetail. */
  id: string
  name: string
  os: 'iOS' | 'Android'
  token: string
  /** Code-only registrations have no push channel (AuthenticationType 1). */
  notification: boolean
  owner: 'user' | 'attacker'
  history: DeviceVersion[]
}

export interface Fido2Key {
  name: string
  model: string
  owner: 'user' | 'attacker'
}

export interface TapState {
  id: string
  start: number
  end: number
  usage: 'OneTime' | 'Multiple'
}

export interface MethodState {
  strongAuth: Array<{ type: number; isDefault: boolean }>
  devices: AuthenticatorDevice[]
  phone: string | null
  altPhone: string | null
  email: string | null
  fido2: Fido2Key[]
  tap: TapState | null
  /** Per-user MFA (StrongAuthenticationRequirement State): 1 enabled, 2 enforced, null off. */
  perUserMfa: 1 | 2 | null
  perUserMfaSince: string | null
}

export function emptyState(): MethodState {
  return {
    strongAuth: [],
    devices: [],
    phone: null,
    altPhone: null,
    email: null,
    fido2: [],
    tap: null,
    perUserMfa: null,
    perUserMfaSince: null
  }
}

export function cloneState(s: MethodState): MethodState {
  return {
    strongAuth: s.strongAuth.map((m) => ({ ...m })),
    devices: s.devices.map((d) => ({ ...d, history: d.history.slice() })),
    phone: s.phone,
    altPhone: s.altPhone,
    email: s.email,
    fido2: s.fido2.map((k) => ({ ...k })),
    tap: s.tap ? { ...s.tap } : null,
    perUserMfa: s.perUserMfa,
    perUserMfaSince: s.perUserMfaSince
  }
}

export function versionAt(device: AuthenticatorDevice, t: number): DeviceVersion {
  let current = device.history[0]
  for (const v of device.history) if (v.from <= t) current = v
  if (!current) throw new Error(`device ${device.name} has no version history`)
  return current
}

export function strongAuthMethodJson(s: MethodState): string {
  return JSON.stringify(s.strongAuth.map((m) => ({ MethodType: m.type, Default: m.isDefault })))
}

export function userDetailsJson(s: MethodState): string {
  if (!s.phone && !s.altPhone && !s.email) return '[]'
  return JSON.stringify([
    { PhoneNumber: s.phone, AlternativePhoneNumber: s.altPhone, Email: s.email, VoiceOnlyPhoneNumber: null }
  ])
}

export function phoneAppDetailJson(s: MethodState, t: number): string {
  return JSON.stringify(
    s.devices.map((d) => {
      const v = versionAt(d, t)
      return {
        DeviceName: d.name,
        DeviceToken: d.token,
        DeviceTag: d.notification ? 'SoftwareTokenActivated' : 'SoftwareToken',
        PhoneAppVersion: v.version,
        OathTokenTimeDrift: 0,
        DeviceId: '00000000-0000-0000-0000-000000000000',
        Id: d.id,
        TimeInterval: null,
        AuthenticationType: d.notification ? 3 : 1,
        NotificationType: d.notification ? (d.os === 'iOS' ? 2 : 4) : 1,
        LastAuthenticatedTimestamp: v.lastAuth,
        AuthenticatorFlavor: null,
        HashFunction: null,
        TenantDeviceId: null,
        SecuredPartitionId: 0,
        SecuredKeyId: 0
      }
    })
  )
}

export function strongAuthRequirementJson(s: MethodState): string {
  if (!s.perUserMfa) return '[]'
  return JSON.stringify([
    { RelyingParty: '*', State: s.perUserMfa, RememberDevicesNotIssuedBefore: s.perUserMfaSince }
  ])
}

/** One entry of a method inventory in the answer key, in the canonical vocabulary. */
export interface InventoryEntry {
  method: Method
  detail: string | null
  isDefault: boolean
  owner: 'user' | 'attacker' | 'admin'
}

const PHONE_TYPES: ReadonlyArray<readonly [number, Method]> = [
  [MT.sms, 'phone-sms'],
  [MT.voiceMobile, 'phone-voice']
]

/** What an investigator should reconstruct: every method, its detail, and which is default. */
export function inventory(s: MethodState, attackerPhones: ReadonlySet<string> = new Set()): InventoryEntry[] {
  const out: InventoryEntry[] = []
  const isDefault = (types: number[]): boolean => s.strongAuth.some((m) => m.isDefault && types.includes(m.type))
  const appDefault = isDefault([MT.appNotification, MT.appOtp])
  for (const d of s.devices) {
    out.push({ method: 'microsoft-authenticator', detail: d.name, isDefault: appDefault, owner: d.owner })
  }
  if (s.phone) {
    const owner = attackerPhones.has(s.phone) ? 'attacker' : 'user'
    for (const [type, method] of PHONE_TYPES) {
      if (s.strongAuth.some((m) => m.type === type)) {
        out.push({ method, detail: s.phone, isDefault: isDefault([type]), owner })
      }
    }
  }
  if (s.altPhone) {
    out.push({
      method: 'alternate-phone',
      detail: s.altPhone,
      isDefault: isDefault([MT.voiceAlternate, MT.smsAlternate]),
      owner: 'user'
    })
  }
  if (s.email) out.push({ method: 'email', detail: s.email, isDefault: false, owner: 'user' })
  for (const k of s.fido2) out.push({ method: 'fido2', detail: k.name, isDefault: false, owner: k.owner })
  if (s.tap) out.push({ method: 'temporary-access-pass', detail: null, isDefault: false, owner: 'admin' })
  return out
}
