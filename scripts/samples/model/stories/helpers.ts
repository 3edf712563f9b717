/** Small helpers shared by the story files. */
import { APPS, type AppRef } from '../directory'
import type { IpInfo } from '../geo'
import { MT } from '../security-state'
import type { AuthFlow, Risk, SecondFactor } from '../signin'
import type { StateBook } from '../state-book'
import { isoMs, SECOND } from '../time'
import type { DeviceProfile, User } from '../types'
import type { StoryContext } from './context'

/** The factor a user's own sign-in uses at t: their newest Authenticator, else phone, else key. */
export function ownFactor(book: StateBook, user: User, t: number): SecondFactor | null {
  const s = book.peek(user, t)
  const own = s.devices.filter((d) => d.owner === 'user')
  const newest = own[own.length - 1]
  if (newest) return newest.notification ? { kind: 'push', device: newest.name } : { kind: 'otp', device: newest.name }
  const def = s.strongAuth.find((m) => m.isDefault)
  if (s.phone && def && (def.type === MT.sms || def.type === MT.voiceMobile)) {
    return def.type === MT.sms ? { kind: 'sms', phone: s.phone } : { kind: 'voice', phone: s.phone }
  }
  if (s.phone) return { kind: 'sms', phone: s.phone }
  const key = s.fido2.find((k) => k.owner === 'user')
  if (key) return { kind: 'fido2', key: key.name }
  return null
}

export interface QuickSignIn {
  user: User
  at: number
  ip: IpInfo
  device?: DeviceProfile
  flow: AuthFlow
  app?: AppRef
  resource?: AppRef
  interactive?: boolean
  risk?: Risk
  correlationId?: string
  sessionId?: string
  what?: string
}

/** A browser sign-in to OfficeHome (or another app) with sensible defaults. */
export function signIn(ctx: StoryContext, q: QuickSignIn): string {
  const app = q.app ?? APPS.officeHome
  const resource = q.resource ?? (app === APPS.officeHome ? APPS.officeShell : app)
  const s = ctx.signIn(
    {
      at: q.at,
      user: q.user,
      app,
      resource,
      ip: q.ip,
      device: q.device ?? q.user.laptop,
      interactive: q.interactive ?? true,
      flow: q.flow,
      risk: q.risk,
      correlationId: q.correlationId,
      sessionId: q.sessionId
    },
    q.what
  )
  return s.id
}

/** The user's own MFA sign-in (their current factor), as a legitimate morning sign-in looks. */
export function ownMfa(ctx: StoryContext, user: User, at: number, ip: IpInfo, what?: string, device?: DeviceProfile): string {
  const factor = ownFactor(ctx.book, user, at)
  return signIn(ctx, {
    user,
    at,
    ip,
    device,
    flow: factor && user.mfaRequired ? { kind: 'mfa', factor } : { kind: 'password' },
    what
  })
}

/** A burst of sign-ins with a fixed spacing, for denial and recon patterns. */
export function every(start: number, count: number, spacingSeconds: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i * spacingSeconds * SECOND)
}

export const MY_SIGNINS = APPS.mySignins
export const CREDENTIAL_ENDPOINT = APPS.credentialConfig

export function ipFact(ip: IpInfo): { ip: string; asn: number; network: string; country: string; city: string } {
  return { ip: ip.ip, asn: ip.network.asn, network: ip.network.name, country: ip.place.country, city: ip.place.city }
}

export { isoMs }
