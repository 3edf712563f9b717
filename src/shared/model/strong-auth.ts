/**
 * Parsers for the StrongAuthentication* user attributes that Core Directory `Update user` events
 * carry as JSON text in modifiedProperties old/new values (FORMATS.md §5b, DETECTIONS.md §2.1).
 * These are the only place where the exact phone number or Authenticator device of a change is
 * logged, so both the importer (method detail) and the method inventory read them.
 */

export interface StrongAuthMethod {
  methodType: number
  isDefault: boolean
}

export interface PhoneAppDevice {
  deviceName: string | null
  /** Identifies the app registration; placeholder values such as NO_DEVICE_TOKEN identify nothing. */
  deviceToken: string | null
  version: string | null
  lastAuthenticated: string | null
}

export interface StrongAuthUserDetails {
  phoneNumber: string | null
  alternativePhoneNumber: string | null
  voiceOnlyPhoneNumber: string | null
  email: string | null
}

/** Old/new values are JSON text, sometimes JSON text of JSON text; null and "" mean nothing. */
function parseJsonValue(value: string | null | undefined): unknown {
  if (value === null || value === undefined) return null
  let v: unknown = value
  for (let i = 0; i < 2 && typeof v === 'string'; i++) {
    const t = v.trim()
    if (t === '') return null
    if (!(t.startsWith('[') || t.startsWith('{') || t.startsWith('"'))) return v
    try {
      v = JSON.parse(t)
    } catch {
      return v
    }
  }
  return v
}

function listOf(value: string | null | undefined): Record<string, unknown>[] {
  const v = parseJsonValue(value)
  const items = Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : []
  return items.filter(
    (x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x)
  )
}

function field(o: Record<string, unknown>, name: string): unknown {
  if (name in o) return o[name]
  const lower = name.toLowerCase()
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k]
  return undefined
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v
  if (typeof v === 'number') return String(v)
  return null
}

export function parseStrongAuthMethods(value: string | null | undefined): StrongAuthMethod[] {
  return listOf(value)
    .map((o) => ({ methodType: Number(field(o, 'MethodType')), isDefault: field(o, 'Default') === true }))
    .filter((m) => Number.isInteger(m.methodType))
}

export function parsePhoneAppDevices(value: string | null | undefined): PhoneAppDevice[] {
  return listOf(value).map((o) => ({
    deviceName: text(field(o, 'DeviceName')),
    deviceToken: text(field(o, 'DeviceToken')),
    version: text(field(o, 'PhoneAppVersion')),
    lastAuthenticated: text(field(o, 'LastAuthenticatedTimestamp'))
  }))
}

export function parseUserDetails(value: string | null | undefined): StrongAuthUserDetails | null {
  const o = listOf(value)[0]
  if (!o) return null
  return {
    phoneNumber: text(field(o, 'PhoneNumber')),
    alternativePhoneNumber: text(field(o, 'AlternativePhoneNumber')),
    voiceOnlyPhoneNumber: text(field(o, 'VoiceOnlyPhoneNumber')),
    email: text(field(o, 'Email'))
  }
}

/** A modifiedProperties value as a plain string when it is one quoted string or a one-string list. */
export function plainValue(value: string | null | undefined): string | null {
  const v = parseJsonValue(value)
  if (typeof v === 'string') return v.trim() === '' ? null : v
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0]
  return null
}

/** Tokens that Entra writes when a device has no push token; they cannot tie two accounts together. */
export function isPlaceholderToken(token: string | null): boolean {
  return token === null || /^(no_device_token|null|none|0+|)$/i.test(token.trim())
}

/** Digits only, keeping a leading +, so "+1 (555) 010-0" and "+15550100" compare equal. */
export function normalizePhone(phone: string): string {
  const trimmed = phone.trim()
  const digits = trimmed.replace(/\D/g, '')
  return trimmed.startsWith('+') ? `+${digits}` : digits
}
