import type { Method, ModifiedProperty } from './event'
import { methodFromStrongAuthType, methodFromText } from './methods'
import { parsePhoneAppDevices, parseStrongAuthMethods, parseUserDetails, plainValue } from './strong-auth'

export interface AuditMethod {
  method: Method | null
  detail: string | null
}

const NONE: AuditMethod = { method: null, detail: null }

/** Activities about authentication methods (Authentication Methods service, Device Registration, MFA). */
const METHOD_ACTIVITY =
  /security info|strong ?authentication|temporary access pass|fido2|passwordless phone|windows hello|phone app detail|hardware oath|suspicious activity|fraud reported/i
const PASSWORD_ACTIVITY = /password/i

/** "... for Text a code to +X XXXXXXXXXX", "... Call +1 5550100": the number as logged. */
const PHONE_IN_TEXT = /(?:text a code to|call)\s+(\+?[\dX][\dX ()-]{4,})/i

/**
 * The method a security-info or password event is about, and its detail (phone number, device
 * name) exactly as logged. The Authentication Methods event names the method only in its status
 * reason; the paired Core Directory `Update user` names it only in StrongAuthentication* values
 * (DETECTIONS.md §2.2-1), so both sources are read.
 */
export function auditMethod(
  activity: string | null,
  reason: string | null,
  authenticationMethodDetail: string | null,
  modified: readonly ModifiedProperty[]
): AuditMethod {
  const fromProps = methodFromModifiedProperties(modified)
  const act = activity ?? ''
  if (METHOD_ACTIVITY.test(act)) {
    const method =
      methodFromText(reason) ??
      methodFromText(authenticationMethodDetail) ??
      methodFromText(act) ??
      fromProps.method
    const phone = reason ? (PHONE_IN_TEXT.exec(reason)?.[1]?.trim() ?? null) : null
    return { method: method ?? 'unknown', detail: phone ?? fromProps.detail }
  }
  if (PASSWORD_ACTIVITY.test(act)) return { method: 'password', detail: null }
  return fromProps
}

function methodFromModifiedProperties(modified: readonly ModifiedProperty[]): AuditMethod {
  for (const p of modified) {
    const name = p.name
    if (/TemporaryAccessPass/i.test(name)) return { method: 'temporary-access-pass', detail: null }
    if (/^StrongAuthenticationPhoneAppDetail$/i.test(name)) {
      const old = parsePhoneAppDevices(p.oldValue)
      const before = new Set(old.map((d) => d.deviceToken))
      const after = parsePhoneAppDevices(p.newValue)
      const added = after.find((d) => !before.has(d.deviceToken)) ?? after[0]
      const removed = old[0]
      return { method: 'microsoft-authenticator', detail: added?.deviceName ?? removed?.deviceName ?? null }
    }
    if (/^StrongAuthenticationUserDetails$/i.test(name)) {
      const before = parseUserDetails(p.oldValue)
      const after = parseUserDetails(p.newValue)
      const pairs: ReadonlyArray<readonly [Method, string | null, string | null]> = [
        ['phone-sms', before?.phoneNumber ?? null, after?.phoneNumber ?? null],
        ['alternate-phone', before?.alternativePhoneNumber ?? null, after?.alternativePhoneNumber ?? null],
        ['phone-voice', before?.voiceOnlyPhoneNumber ?? null, after?.voiceOnlyPhoneNumber ?? null],
        ['email', before?.email ?? null, after?.email ?? null]
      ]
      for (const [method, old, now] of pairs) if (old !== now) return { method, detail: now ?? old }
    }
    if (/^StrongAuthenticationMethod$/i.test(name)) {
      const before = parseStrongAuthMethods(p.oldValue)
      const after = parseStrongAuthMethods(p.newValue)
      const key = (m: { methodType: number }): number => m.methodType
      const added = after.find((m) => !before.some((b) => key(b) === key(m)))
      const removed = before.find((m) => !after.some((a) => key(a) === key(m)))
      const newDefault = after.find(
        (m) => m.isDefault && !before.some((b) => b.isDefault && key(b) === key(m))
      )
      const changed = added ?? removed ?? newDefault
      if (changed) return { method: methodFromStrongAuthType(changed.methodType), detail: null }
    }
    if (/phone ?number|PhoneNumber/i.test(name)) {
      return { method: 'phone-sms', detail: plainValue(p.newValue) ?? plainValue(p.oldValue) }
    }
  }
  return NONE
}
