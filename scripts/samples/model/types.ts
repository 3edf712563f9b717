/** Shapes shared by the tenant model, the noise generator and the stories. */
import type { SampleRecord } from '../graph-types'
import type { RoleKey } from './directory'
import type { IpInfo } from './geo'
import type { MethodState } from './security-state'
import type { Window } from './time'

export type OfficeKey = 'seattle' | 'newYork' | 'london' | 'store'

export interface DeviceProfile {
  deviceId: string
  displayName: string | null
  operatingSystem: string
  browser: string
  isCompliant: boolean
  isManaged: boolean
  trustType: string | null
  userAgent: string
  clientAppUsed: string
}

export type UserKind = 'member' | 'admin' | 'breakglass' | 'frontline' | 'newhire' | 'backdoor'

export interface User {
  key: string
  id: string
  upn: string
  displayName: string
  givenName: string
  surname: string
  jobTitle: string
  department: string
  kind: UserKind
  office: OfficeKey
  timeZone: string
  ips: { office: IpInfo; home: IpInfo; mobile: IpInfo }
  /** Local working hours; an end past 24 means the shift ends the next morning. */
  workStart: number
  workEnd: number
  /** Weekdays (0 = Sunday) on which a shift starts. */
  workDays: number[]
  wfhDays: number[]
  /** Signs in from home in the evening on some days (so evening activity is normal for them). */
  evening: boolean
  laptop: DeviceProfile
  phone: DeviceProfile
  /** Security info at the start of the window. */
  initial: MethodState
  /** Roles the user can activate through PIM during the whole window. */
  eligibleRoles: RoleKey[]
  /** Conditional Access requires MFA for this user (frontline store staff are exempt on the store network). */
  mfaRequired: boolean
  /** No sign-ins before this instant (new hires, dormant or returning accounts). */
  activeFrom: number | null
  /** The same person's other account (admin twins share a phone and an Authenticator). */
  twinOf: string | null
  /** Part of the story cast: noise never gives it password resets or registrations. */
  cast: boolean
}

export interface ServicePrincipal {
  key: string
  appId: string
  id: string
  displayName: string
  kind: 'application' | 'managedIdentity'
  ip: IpInfo
  /** Sign-ins per day in normal operation. */
  perDay: number
  resource: { appId: string; displayName: string }
}

export interface Tenant {
  id: string
  name: string
  domain: string
  window: Window
  users: User[]
  byKey: Map<string, User>
  servicePrincipals: ServicePrincipal[]
  /** Tenant service principal object ids of Microsoft services that act in audit events. */
  serviceSpIds: Record<string, string>
  /** Conditional Access policies applied to user sign-ins. */
  caPolicies: Array<{ id: string; displayName: string }>
  /** Group objects for membership noise. */
  groups: Array<{ id: string; displayName: string }>
  /** Directory role object ids (tenant-specific instances of the role templates). */
  roleObjectIds: Record<RoleKey, string>
}

/** A record with its model time, so merging and sorting never re-parse strings. */
export interface TimedRecord {
  t: number
  record: SampleRecord
}

/**
 * A record that will exist at time t, built only when it is emitted: the stream sorts small
 * plans instead of keeping a day of full Graph objects alive (scale runs were dominated by GC).
 * `seq` breaks ties deterministically.
 */
export interface PlannedRecord {
  t: number
  seq: number
  make: () => SampleRecord
}
