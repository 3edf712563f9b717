/**
 * Builds the tenant: the story cast plus generated filler users, their networks, devices and
 * initial security info, the service principals and a managed identity. Every id comes from a
 * PRNG stream forked by a stable name (the user's key), so adding users never changes others.
 */
import { CAST, DEPARTMENTS, GIVEN_NAMES, SURNAMES, type CastMember } from './cast'
import { ROLES, type RoleKey } from './directory'
import { CLOUD_IP, EGRESS, NETWORKS, PLACES, homeIp, ipInfo, mobileIp, type NetworkKey, type PlaceKey } from './geo'
import { Rng } from './rng'
import { MT, emptyState, type AuthenticatorDevice, type MethodState } from './security-state'
import { DAY, graphTime, type Window } from './time'
import type { DeviceProfile, OfficeKey, ServicePrincipal, Tenant, User } from './types'

export const DOMAIN = 'corp.example.com'
export const TENANT_NAME = 'Example Corp'

const OFFICE_ZONE: Record<OfficeKey, string> = {
  seattle: 'America/Los_Angeles',
  newYork: 'America/New_York',
  london: 'Europe/London',
  store: 'America/New_York'
}

const OFFICE_HOURS: Record<OfficeKey, [number, number]> = {
  seattle: [8, 17],
  newYork: [8.5, 17.5],
  london: [8, 17.5],
  store: [7, 15]
}

function homeNetwork(home: PlaceKey, index: number): NetworkKey {
  const place = PLACES[home]
  if (place.country === 'GB') return index % 2 === 0 ? 'homeUk' : 'homeUk2'
  return place.timeZone === 'America/Los_Angeles' ? 'homeUsWest' : 'homeUsEast'
}

function officePlace(office: OfficeKey): PlaceKey {
  return office === 'seattle' ? 'seattle' : office === 'london' ? 'london' : 'newYork'
}

/** Fictional numbers: US 555-0100..0199 (Ofcom/NANP drama ranges), UK +44 7700 900xxx. */
export function userPhone(office: OfficeKey, index: number): string {
  if (office === 'london') return `+44 7700900${String(100 + (index % 400)).padStart(3, '0')}`
  const area = office === 'seattle' ? '206' : '212'
  return `+1 ${area}55501${String(index % 80).padStart(2, '0')}`
}

/** An APNs token is 64 hex digits; an FCM registration token is "<22 chars>:APA91b<134 chars>". */
export function deviceToken(rng: Rng, os: 'iOS' | 'Android'): string {
  return os === 'iOS' ? rng.hex(64) : `${rng.base64url(22)}:APA91b${rng.base64url(134)}`
}

export function appVersion(rng: Rng, os: 'iOS' | 'Android'): string {
  return os === 'iOS' ? `6.8.${rng.int(10, 40)}` : `6.2409.${rng.int(6000, 6999)}`
}

function laptopFor(rng: Rng, prefix: string, mac: boolean): DeviceProfile {
  if (mac) {
    return {
      deviceId: rng.guid(),
      displayName: `${prefix}-MB-${rng.digits(4)}`,
      operatingSystem: 'MacOs',
      browser: 'Safari 17.6',
      isCompliant: true,
      isManaged: true,
      trustType: 'Azure AD registered',
      userAgent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
      clientAppUsed: 'Browser'
    }
  }
  return {
    deviceId: rng.guid(),
    displayName: `${prefix}-LT-${rng.digits(4)}`,
    operatingSystem: 'Windows10',
    browser: 'Edge 129.0.2792',
    isCompliant: true,
    isManaged: true,
    trustType: 'Azure AD joined',
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0',
    clientAppUsed: 'Browser'
  }
}

export function phoneProfile(os: 'iOS' | 'Android'): DeviceProfile {
  return os === 'iOS'
    ? {
        deviceId: '',
        displayName: null,
        operatingSystem: 'Ios',
        browser: 'Mobile Safari',
        isCompliant: false,
        isManaged: false,
        trustType: null,
        userAgent: 'Outlook-iOS/2.0',
        clientAppUsed: 'Mobile Apps and Desktop clients'
      }
    : {
        deviceId: '',
        displayName: null,
        operatingSystem: 'Android',
        browser: 'Chrome Mobile',
        isCompliant: false,
        isManaged: false,
        trustType: null,
        userAgent: 'Outlook-Android/2.0',
        clientAppUsed: 'Mobile Apps and Desktop clients'
      }
}

export function newDevice(
  rng: Rng,
  name: string,
  os: 'iOS' | 'Android',
  owner: 'user' | 'attacker',
  from: number,
  notification = true
): AuthenticatorDevice {
  return {
    id: rng.guid(),
    name,
    os,
    token: notification ? deviceToken(rng, os) : 'NO_DEVICE_TOKEN',
    notification,
    owner,
    history: [{ from, version: appVersion(rng, os), lastAuth: graphTime(from, rng) }]
  }
}

function initialState(rng: Rng, m: CastMember, phone: string, window: Window, twin: User | null): MethodState {
  const s = emptyState()
  const before = window.start - rng.int(20, 400) * DAY
  if (m.auth) {
    const own = newDevice(rng, m.auth.name, m.auth.os, 'user', before)
    // Twin accounts register the same phone: same DeviceToken and name, its own registration Id.
    const twinDevice = twin?.initial.devices[0]
    s.devices.push(
      twinDevice
        ? { ...own, token: twinDevice.token, name: twinDevice.name, history: twinDevice.history.slice() }
        : own
    )
    s.strongAuth.push({ type: MT.appNotification, isDefault: true }, { type: MT.appOtp, isDefault: false })
  }
  if (m.phone) {
    s.phone = phone
    const smsDefault = !m.auth && m.phone === 'sms'
    const voiceDefault = !m.auth && m.phone === 'voice'
    s.strongAuth.push({ type: MT.sms, isDefault: smsDefault }, { type: MT.voiceMobile, isDefault: voiceDefault })
  }
  if (m.email) s.email = `${m.given.toLowerCase()}.${m.surname.toLowerCase()}@example.org`
  if (m.fido2) s.fido2.push({ name: m.fido2, model: 'YubiKey 5 Series', owner: 'user' })
  if (m.perUserMfa) {
    s.perUserMfa = 1
    s.perUserMfaSince = graphTime(before, rng)
  }
  return s
}

export interface TenantOptions {
  seed: string
  window: Window
  /** Total user accounts wanted; the cast is always present, fillers make up the rest. */
  users: number
}

export function castSize(): number {
  return CAST.length
}

export function buildTenant(opts: TenantOptions): Tenant {
  const root = new Rng(opts.seed, 'tenant')
  const window = opts.window
  const users: User[] = []
  const byKey = new Map<string, User>()

  const members: CastMember[] = [...CAST]
  const fillerCount = Math.max(0, opts.users - CAST.length)
  const seen = new Set(members.map((m) => (m.upnLocal ?? `${m.given}.${m.surname}`).toLowerCase()))
  const fr = root.fork('fillers')
  for (let i = 0; i < fillerCount; i++) {
    const given = GIVEN_NAMES[i % GIVEN_NAMES.length] ?? 'Alex'
    const surname = SURNAMES[(i * 7 + Math.floor(i / GIVEN_NAMES.length)) % SURNAMES.length] ?? 'Smith'
    let local = `${given}.${surname}`.toLowerCase()
    for (let n = 2; seen.has(local); n++) local = `${given}.${surname}${n}`.toLowerCase()
    seen.add(local)
    const office = fr.weighted<OfficeKey>([
      ['seattle', 3],
      ['newYork', 3],
      ['london', 3],
      ['store', 1]
    ])
    const homes: Record<OfficeKey, PlaceKey[]> = {
      seattle: ['seattle', 'bellevue', 'redmond', 'tacoma', 'kirkland'],
      newYork: ['newYork', 'brooklyn', 'jerseyCity', 'hoboken', 'yonkers'],
      london: ['london', 'reading', 'croydon', 'cambridge', 'guildford'],
      store: ['brooklyn', 'yonkers', 'jerseyCity']
    }
    const [department, jobTitle] = fr.pick(DEPARTMENTS)
    const os = fr.chance(0.55) ? 'iOS' : 'Android'
    members.push({
      key: `filler${i}`,
      given,
      surname,
      upnLocal: local,
      office,
      home: fr.pick(homes[office]),
      jobTitle,
      department,
      kind: office === 'store' ? 'frontline' : 'member',
      mfaRequired: office !== 'store',
      auth:
        office === 'store'
          ? undefined
          : { name: os === 'iOS' ? fr.pick(['iPhone 13', 'iPhone 14', 'iPhone 15']) : fr.pick(['Pixel 7a', 'SM-A546E']), os },
      wfh: fr.chance(0.5) ? [fr.int(1, 5)] : [],
      evening: fr.chance(0.2),
      workDays: office === 'store' ? [1, 2, 3, 4, 6] : undefined,
      hours: office === 'store' ? [7, 15] : undefined
    })
  }

  members.forEach((m, index) => {
    const rng = root.fork('user', m.key)
    const local = (m.upnLocal ?? `${m.given}.${m.surname}`).toLowerCase()
    const timeZone = OFFICE_ZONE[m.office]
    const officeKey = officePlace(m.office)
    const mobileNet: NetworkKey = PLACES[m.home].country === 'GB' ? 'mobileUk' : 'mobileUs'
    const twin = m.twinOf ? (byKey.get(m.twinOf) ?? null) : null
    const phone = userPhone(m.office, index)
    const prefix = m.office === 'london' ? 'LON' : m.office === 'seattle' ? 'SEA' : 'NYC'
    const activeFrom =
      m.activeFromDay === undefined ? null : m.activeFromDay === 'never' ? Infinity : window.start + m.activeFromDay * DAY
    const user: User = {
      key: m.key,
      id: rng.guid(),
      upn: `${local}@${DOMAIN}`,
      displayName: m.displayName ?? `${m.given} ${m.surname}`,
      givenName: m.given,
      surname: m.surname,
      jobTitle: m.jobTitle,
      department: m.department,
      kind: m.kind ?? 'member',
      office: m.office,
      timeZone,
      ips: {
        office: EGRESS[m.office],
        // Twins are one person at one home: the same broadband address.
        home: twin ? twin.ips.home : ipInfo(homeIp(index), homeNetwork(m.home, index), m.home),
        mobile: twin ? twin.ips.mobile : ipInfo(mobileIp(index), mobileNet, officeKey)
      },
      workStart: (m.hours ?? OFFICE_HOURS[m.office])[0],
      workEnd: (m.hours ?? OFFICE_HOURS[m.office])[1],
      workDays: m.workDays ?? [1, 2, 3, 4, 5],
      wfhDays: m.wfh ?? [],
      evening: m.evening ?? false,
      laptop: twin ? twin.laptop : laptopFor(rng, prefix, m.department === 'Product' || m.department === 'Marketing'),
      phone: phoneProfile(m.auth?.os ?? 'iOS'),
      initial: initialState(rng, m, twin?.initial.phone ?? phone, window, twin),
      eligibleRoles: m.roles ?? [],
      mfaRequired: m.mfaRequired ?? true,
      activeFrom,
      twinOf: m.twinOf ?? null,
      cast: !m.key.startsWith('filler')
    }
    users.push(user)
    byKey.set(user.key, user)
  })

  const sp = root.fork('service-principals')
  const servicePrincipals: ServicePrincipal[] = [
    {
      key: 'hrProvisioning',
      appId: sp.guid(),
      id: sp.guid(),
      displayName: 'HR Provisioning Connector',
      kind: 'application',
      ip: EGRESS.datacenter,
      perDay: 2,
      resource: { appId: '00000003-0000-0000-c000-000000000000', displayName: 'Microsoft Graph' }
    },
    {
      key: 'lifecycle',
      appId: sp.guid(),
      id: sp.guid(),
      displayName: 'Identity Lifecycle Automation',
      kind: 'application',
      ip: EGRESS.datacenter,
      perDay: 1,
      resource: { appId: '00000003-0000-0000-c000-000000000000', displayName: 'Microsoft Graph' }
    },
    {
      key: 'backup',
      appId: sp.guid(),
      id: sp.guid(),
      displayName: 'Backup Vault Sync',
      kind: 'application',
      ip: EGRESS.datacenter,
      perDay: 1,
      resource: { appId: '00000003-0000-0ff1-ce00-000000000000', displayName: 'Office 365 SharePoint Online' }
    },
    {
      key: 'invoiceFunction',
      appId: sp.guid(),
      id: sp.guid(),
      displayName: 'func-invoice-processor',
      kind: 'managedIdentity',
      ip: CLOUD_IP,
      perDay: 2,
      resource: { appId: 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093', displayName: 'Azure Key Vault' }
    }
  ]

  const misc = root.fork('directory')
  const roleObjectIds = Object.fromEntries(Object.keys(ROLES).map((k) => [k, misc.guid()])) as Record<RoleKey, string>
  return {
    id: misc.guid(),
    name: TENANT_NAME,
    domain: DOMAIN,
    window,
    users,
    byKey,
    servicePrincipals,
    serviceSpIds: {
      strongAuth: misc.guid(),
      credentialConfig: misc.guid(),
      passwordReset: misc.guid(),
      pim: misc.guid(),
      deviceRegistration: misc.guid()
    },
    caPolicies: [
      { id: misc.guid(), displayName: 'Require MFA for all users' },
      { id: misc.guid(), displayName: 'Block legacy authentication' },
      { id: misc.guid(), displayName: 'Require compliant device for administrators' }
    ],
    groups: [
      'All Staff',
      'Finance Team',
      'Sales EMEA',
      'Engineering',
      'VPN Users',
      'Store Staff',
      'M365 E5 Licensing',
      'Project Atlas'
    ].map((displayName) => ({ id: misc.guid(), displayName })),
    roleObjectIds
  }
}

export function networkName(key: NetworkKey): string {
  return NETWORKS[key].name
}
