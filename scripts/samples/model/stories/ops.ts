/**
 * Composite security-info operations. Each one emits the real pair of audit events (the
 * Authentication Methods event and the Core Directory `Update user` 1-3 s before it, each with
 * its own correlation id) and records the new state in the state book, so the answer key's
 * before/after inventories and the noise that follows agree with the logs.
 */
import { prop } from '../audit'
import { fido2AddEvent, securityInfoEvent, strongAuthUpdate, type UpdateInitiator } from '../activities'
import type { IpInfo } from '../geo'
import { MT, type AuthenticatorDevice, type TapState } from '../security-state'
import type { Risk } from '../signin'
import { newDevice } from '../tenant'
import { graphTime, MINUTE } from '../time'
import type { DeviceProfile, User } from '../types'
import type { StoryContext } from './context'

export const ATTACKER_LINUX: DeviceProfile = {
  deviceId: '',
  displayName: null,
  operatingSystem: 'Linux',
  browser: 'Chrome 131.0.0',
  isCompliant: false,
  isManaged: false,
  trustType: null,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  clientAppUsed: 'Browser'
}

export const ATTACKER_WINDOWS: DeviceProfile = {
  deviceId: '',
  displayName: null,
  operatingSystem: 'Windows10',
  browser: 'Chrome 130.0.0',
  isCompliant: false,
  isManaged: false,
  trustType: null,
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  clientAppUsed: 'Browser'
}

export const PYTHON_CLIENT: DeviceProfile = {
  deviceId: '',
  displayName: null,
  operatingSystem: 'Linux',
  browser: 'Python Requests 2.32',
  isCompliant: false,
  isManaged: false,
  trustType: null,
  userAgent: 'python-requests/2.32.3',
  clientAppUsed: 'Mobile Apps and Desktop clients'
}

export function risk(level: Risk['level'], types: string[], state: Risk['state'] = 'atRisk', detail = 'none'): Risk {
  return { level, aggregated: level, state, detail, types }
}

const STRONG_AUTH: UpdateInitiator = { kind: 'service', key: 'strongAuth' }
const CREDENTIAL_ENDPOINT: UpdateInitiator = { kind: 'service', key: 'credentialConfig' }

interface SelfChange {
  user: User
  at: number
  /** The user's (or attacker's) address. */
  ip: IpInfo
  /** A Microsoft service address written on the audit event instead (DETECTIONS.md §2.2-2). */
  auditIp?: IpInfo
  userAgent: string
  what?: string
}

export function registerAuthenticator(
  ctx: StoryContext,
  o: SelfChange & {
    name: string
    os: 'iOS' | 'Android'
    owner: 'user' | 'attacker'
    codeOnly?: boolean
    started?: boolean
    allRequired?: boolean
    /** Reuse a push token (one attacker phone bound to several accounts, or an admin's twin account). */
    token?: string
  }
): AuthenticatorDevice {
  const label = o.codeOnly ? 'Authenticator App with Code' : 'Authenticator App with Notification and Code'
  const ip = (o.auditIp ?? o.ip).ip
  if (o.started) {
    ctx.emitAudit(
      securityInfoEvent(
        {
          at: o.at - 52_000,
          target: o.user,
          ip,
          activity: 'User started security info registration',
          reason: `User started the registration for ${label}`,
          operationType: 'Add',
          userAgent: o.userAgent
        },
        ctx.rng
      )
    )
  }
  const before = ctx.book.at(o.user, o.at)
  const after = ctx.book.at(o.user, o.at)
  const made = newDevice(ctx.rng, o.name, o.os, o.owner, o.at - 2600, !o.codeOnly)
  const device = o.token ? { ...made, token: o.token } : made
  after.devices.push(device)
  const hasDefault = after.strongAuth.some((m) => m.isDefault)
  if (o.codeOnly) {
    if (!after.strongAuth.some((m) => m.type === MT.appOtp)) after.strongAuth.push({ type: MT.appOtp, isDefault: !hasDefault })
  } else {
    if (!after.strongAuth.some((m) => m.type === MT.appNotification)) {
      after.strongAuth.push({ type: MT.appNotification, isDefault: !hasDefault })
    }
    if (!after.strongAuth.some((m) => m.type === MT.appOtp)) after.strongAuth.push({ type: MT.appOtp, isDefault: false })
  }
  const update = strongAuthUpdate(ctx.tenant, o.at - 2600, o.user, before, after, STRONG_AUTH, ctx.rng)
  if (update) ctx.emitAudit(update, `Update user: StrongAuthenticationPhoneAppDetail adds ${o.name}`)
  ctx.book.set(o.user, o.at - 2600, after)
  ctx.emitAudit(
    securityInfoEvent(
      {
        at: o.at,
        target: o.user,
        ip,
        activity: 'User registered security info',
        reason: `User registered ${label}`,
        operationType: 'Add',
        userAgent: o.userAgent
      },
      ctx.rng
    ),
    o.what ?? `User registered ${label} (${o.name})`
  )
  if (o.allRequired) {
    ctx.emitAudit(
      securityInfoEvent(
        {
          at: o.at + 14_000,
          target: o.user,
          ip,
          activity: 'User registered all required security info',
          reason: 'User registered all required security info.',
          operationType: 'Add',
          userAgent: o.userAgent
        },
        ctx.rng
      )
    )
  }
  return device
}

export function registerPhone(
  ctx: StoryContext,
  o: SelfChange & { phone: string; attacker: boolean; makeDefault?: boolean; allRequired?: boolean }
): void {
  if (o.attacker) ctx.attackerPhones.add(o.phone)
  const before = ctx.book.at(o.user, o.at)
  const after = ctx.book.at(o.user, o.at)
  after.phone = o.phone
  const hasDefault = after.strongAuth.some((m) => m.isDefault)
  if (o.makeDefault) for (const m of after.strongAuth) m.isDefault = false
  if (!after.strongAuth.some((m) => m.type === MT.sms)) {
    after.strongAuth.push({ type: MT.sms, isDefault: o.makeDefault === true || !hasDefault })
  }
  if (!after.strongAuth.some((m) => m.type === MT.voiceMobile)) after.strongAuth.push({ type: MT.voiceMobile, isDefault: false })
  const update = strongAuthUpdate(ctx.tenant, o.at - 2200, o.user, before, after, CREDENTIAL_ENDPOINT, ctx.rng)
  if (update) ctx.emitAudit(update, `Update user: StrongAuthenticationUserDetails PhoneNumber ${o.phone}`)
  ctx.book.set(o.user, o.at - 2200, after)
  ctx.emitAudit(
    securityInfoEvent(
      {
        at: o.at,
        target: o.user,
        ip: (o.auditIp ?? o.ip).ip,
        activity: 'User registered security info',
        reason: 'User registered Mobile Phone SMS',
        operationType: 'Add',
        userAgent: o.userAgent
      },
      ctx.rng
    ),
    o.what ?? `User registered Mobile Phone SMS (${o.phone})`
  )
  if (o.allRequired) {
    ctx.emitAudit(
      securityInfoEvent(
        {
          at: o.at + 11_000,
          target: o.user,
          ip: (o.auditIp ?? o.ip).ip,
          activity: 'User registered all required security info',
          reason: 'User registered all required security info.',
          operationType: 'Add',
          userAgent: o.userAgent
        },
        ctx.rng
      )
    )
  }
}

/** The masked form the default-method reason uses: "+X XXXXXXXXXX". */
export function maskedPhone(phone: string): string {
  const national = phone.replace(/^\+\d+\s*/, '').replace(/\D/g, '')
  return `+X ${'X'.repeat(national.length)}`
}

export function makePhoneDefault(ctx: StoryContext, o: SelfChange & { voice?: boolean }): void {
  const before = ctx.book.at(o.user, o.at)
  const after = ctx.book.at(o.user, o.at)
  const type = o.voice ? MT.voiceMobile : MT.sms
  for (const m of after.strongAuth) m.isDefault = m.type === type
  const phone = after.phone ?? ''
  const update = strongAuthUpdate(ctx.tenant, o.at - 1900, o.user, before, after, STRONG_AUTH, ctx.rng)
  if (update) ctx.emitAudit(update, 'Update user: StrongAuthenticationMethod default moves to a phone type')
  ctx.book.set(o.user, o.at - 1900, after)
  const label = o.voice ? `Call ${maskedPhone(phone)}` : `Text a code to ${maskedPhone(phone)}`
  ctx.emitAudit(
    securityInfoEvent(
      {
        at: o.at,
        target: o.user,
        ip: (o.auditIp ?? o.ip).ip,
        activity: 'User changed default security info',
        reason: `User changed the default security info for ${label}`,
        operationType: 'Update',
        userAgent: o.userAgent
      },
      ctx.rng
    ),
    o.what ?? `User changed default security info to ${label}`
  )
}

export function deleteAuthenticator(ctx: StoryContext, o: SelfChange & { deviceName: string }): void {
  const before = ctx.book.at(o.user, o.at)
  const after = ctx.book.at(o.user, o.at)
  after.devices = after.devices.filter((d) => d.name !== o.deviceName)
  if (after.devices.length === 0) {
    const wasDefault = after.strongAuth.some((m) => m.isDefault && (m.type === MT.appNotification || m.type === MT.appOtp))
    after.strongAuth = after.strongAuth.filter((m) => m.type !== MT.appNotification && m.type !== MT.appOtp)
    const first = after.strongAuth[0]
    if (wasDefault && first) first.isDefault = true
  }
  const update = strongAuthUpdate(ctx.tenant, o.at - 2400, o.user, before, after, STRONG_AUTH, ctx.rng)
  if (update) ctx.emitAudit(update, `Update user: StrongAuthenticationPhoneAppDetail drops ${o.deviceName}`)
  ctx.book.set(o.user, o.at - 2400, after)
  ctx.emitAudit(
    securityInfoEvent(
      {
        at: o.at,
        target: o.user,
        ip: (o.auditIp ?? o.ip).ip,
        activity: 'User deleted security info',
        reason: 'User deleted Authenticator App with Notification and Code',
        operationType: 'Delete',
        userAgent: o.userAgent,
        additional: [{ key: 'AuthenticationMethod', value: 'PhoneAppNotification' }]
      },
      ctx.rng
    ),
    o.what ?? `User deleted Authenticator App (${o.deviceName})`
  )
}

export function registerFido2(ctx: StoryContext, o: SelfChange & { keyName: string; owner: 'user' | 'attacker' }): void {
  const after = ctx.book.at(o.user, o.at)
  after.fido2.push({ name: o.keyName, model: 'FIDO2 security key', owner: o.owner })
  ctx.emitAudit(fido2AddEvent(o.at - 3100, o.user, o.ip.ip, o.keyName, ctx.rng), `Add FIDO2 security key (${o.keyName})`)
  ctx.book.set(o.user, o.at - 3100, after)
  ctx.emitAudit(
    securityInfoEvent(
      {
        at: o.at,
        target: o.user,
        ip: (o.auditIp ?? o.ip).ip,
        activity: 'User registered security info',
        reason: 'User registered Fido',
        operationType: 'Add',
        userAgent: o.userAgent
      },
      ctx.rng
    ),
    o.what ?? `User registered Fido (${o.keyName})`
  )
}

interface AdminChange {
  admin: User
  ip: IpInfo
  user: User
  at: number
  what?: string
}

/** "Admin required re-registration of MFA authentication methods.": every phone and app method goes. */
export function requireReregistration(ctx: StoryContext, o: AdminChange): void {
  const before = ctx.book.at(o.user, o.at)
  const after = ctx.book.at(o.user, o.at)
  after.strongAuth = []
  after.devices = []
  after.phone = null
  after.altPhone = null
  ctx.emitAudit(
    securityInfoEvent(
      {
        at: o.at,
        target: o.user,
        admin: o.admin,
        ip: o.ip.ip,
        activity: 'Admin deleted security info',
        reason: 'Admin required re-registration of MFA authentication methods.',
        operationType: 'Delete',
        userAgent: o.admin.laptop.userAgent
      },
      ctx.rng
    ),
    o.what ?? 'Admin required re-registration of MFA authentication methods.'
  )
  const update = strongAuthUpdate(ctx.tenant, o.at + 1300, o.user, before, after, { kind: 'admin', admin: o.admin, ip: o.ip.ip }, ctx.rng)
  if (update) ctx.emitAudit(update, 'Update user: StrongAuthenticationMethod emptied')
  ctx.book.set(o.user, o.at + 1300, after)
}

export function createTap(
  ctx: StoryContext,
  o: {
    user: User
    at: number
    lifetimeMinutes: number
    usage: TapState['usage']
    admin?: User
    ip?: IpInfo
    app?: { displayName: string; appId: string; servicePrincipalId: string }
    what?: string
  }
): TapState {
  const tap: TapState = { id: ctx.rng.guid(), start: o.at, end: o.at + o.lifetimeMinutes * MINUTE, usage: o.usage }
  const after = ctx.book.at(o.user, o.at)
  after.tap = tap
  ctx.emitAudit(
    securityInfoEvent(
      {
        at: o.at,
        target: o.user,
        admin: o.admin,
        app: o.app,
        ip: o.ip?.ip ?? null,
        activity: 'Admin registered security info',
        reason: 'Admin registered temporary access pass method for user',
        operationType: 'Add',
        userAgent: o.admin?.laptop.userAgent ?? null,
        modifiedProperties: [
          prop('TemporaryAccessPass.TemporaryAccessPass.Id', null, tap.id),
          prop('TemporaryAccessPass.TemporaryAccessPass.StartDateTime', null, graphTime(tap.start, ctx.rng)),
          prop('TemporaryAccessPass.TemporaryAccessPass.EndTime', null, graphTime(tap.end, ctx.rng)),
          prop('TemporaryAccessPass.TemporaryAccessPass.AccessPassUsage', null, tap.usage),
          prop('TemporaryAccessPass.TemporaryAccessPass.LifetimeInMinutes', null, String(o.lifetimeMinutes))
        ]
      },
      ctx.rng
    ),
    o.what ?? `Admin registered temporary access pass method for user (${tap.usage}, ${o.lifetimeMinutes} min)`
  )
  ctx.book.set(o.user, o.at, after)
  return tap
}

export function deleteTap(ctx: StoryContext, o: AdminChange): void {
  const after = ctx.book.at(o.user, o.at)
  after.tap = null
  ctx.emitAudit(
    securityInfoEvent(
      {
        at: o.at,
        target: o.user,
        admin: o.admin,
        ip: o.ip.ip,
        activity: 'Admin deleted security info',
        reason: 'Admin deleted temporary access pass method for user',
        operationType: 'Delete',
        userAgent: o.admin.laptop.userAgent,
        additional: [{ key: 'AuthenticationMethod', value: 'TemporaryAccessPass' }]
      },
      ctx.rng
    ),
    o.what ?? 'Admin deleted temporary access pass method for user'
  )
  ctx.book.set(o.user, o.at, after)
}

/** "Admin registered phone method for user": modifiedProperties [0] method id, [1] type, [2] number (RP3). */
export function adminRegisterPhone(ctx: StoryContext, o: AdminChange & { phone: string; attacker: boolean }): void {
  if (o.attacker) ctx.attackerPhones.add(o.phone)
  const before = ctx.book.at(o.user, o.at)
  const after = ctx.book.at(o.user, o.at)
  after.phone = o.phone
  const hasDefault = after.strongAuth.some((m) => m.isDefault)
  if (!after.strongAuth.some((m) => m.type === MT.sms)) after.strongAuth.push({ type: MT.sms, isDefault: !hasDefault })
  if (!after.strongAuth.some((m) => m.type === MT.voiceMobile)) after.strongAuth.push({ type: MT.voiceMobile, isDefault: false })
  ctx.emitAudit(
    securityInfoEvent(
      {
        at: o.at,
        target: o.user,
        admin: o.admin,
        ip: o.ip.ip,
        activity: 'Admin registered security info',
        reason: 'Admin registered phone method for user',
        operationType: 'Add',
        userAgent: ATTACKER_WINDOWS.userAgent,
        modifiedProperties: [
          // The Graph id of the mobile phone method is a fixed, well-known value.
          prop('Id', null, '3179e48a-750b-4051-897c-87b9720928f7'),
          prop('PhoneType', null, 'mobile'),
          prop('PhoneNumber', null, o.phone)
        ]
      },
      ctx.rng
    ),
    o.what ?? `Admin registered phone method for user (${o.phone})`
  )
  const update = strongAuthUpdate(ctx.tenant, o.at + 1500, o.user, before, after, { kind: 'admin', admin: o.admin, ip: o.ip.ip }, ctx.rng)
  if (update) ctx.emitAudit(update, `Update user: StrongAuthenticationUserDetails PhoneNumber ${o.phone}`)
  ctx.book.set(o.user, o.at + 1500, after)
}
