/**
 * The audit activities the tenant produces, composed from audit.ts. Security-info changes come
 * as the real pair (DETECTIONS.md §2.2-1): the descriptive Authentication Methods event (method
 * only in resultReason) and, a few seconds apart with its own correlation id, the Core Directory
 * `Update user` whose StrongAuthentication* old/new values say exactly what changed.
 */
import type { DirectoryAudit, KeyValue, ModifiedPropertyJson } from '../graph-types'
import { audit, objectTarget, prop, rawProp, serviceInitiator, userTarget, type Initiator } from './audit'
import { APPS, ROLES, SERVICE_ACTORS, type RoleKey } from './directory'
import type { Rng } from './rng'
import {
  phoneAppDetailJson,
  strongAuthMethodJson,
  strongAuthRequirementJson,
  userDetailsJson,
  type MethodState
} from './security-state'
import { graphTime } from './time'
import type { Tenant, User } from './types'

export const AUTH_METHODS = 'Authentication Methods'
export const CORE_DIRECTORY = 'Core Directory'
export const SSPR = 'Self-service Password Management'

export interface SecurityInfoSpec {
  at: number
  target: User
  /** The acting admin; absent for the user's own change. */
  admin?: User
  /** An app acting for an admin (e.g. automation with UserAuthenticationMethod.ReadWrite.All). */
  app?: { displayName: string; appId: string; servicePrincipalId: string }
  ip: string | null
  activity: string
  reason: string
  operationType: 'Add' | 'Update' | 'Delete'
  userAgent?: string | null
  result?: DirectoryAudit['result']
  modifiedProperties?: ModifiedPropertyJson[]
  additional?: KeyValue[]
}

/** The Authentication Methods half of a change: "User registered security info" and friends. */
export function securityInfoEvent(spec: SecurityInfoSpec, rng: Rng): DirectoryAudit {
  const initiator: Initiator = spec.app
    ? { kind: 'app', displayName: spec.app.displayName, appId: spec.app.appId, servicePrincipalId: spec.app.servicePrincipalId }
    : { kind: 'user', user: spec.admin ?? spec.target, ip: spec.ip }
  return audit(
    {
      at: spec.at,
      service: AUTH_METHODS,
      category: 'UserManagement',
      activity: spec.activity,
      operationType: spec.operationType,
      result: spec.result ?? 'success',
      resultReason: spec.reason,
      initiator,
      targets: [userTarget(spec.target, spec.modifiedProperties ?? [])],
      additional: spec.additional,
      userAgent: spec.userAgent ?? null
    },
    rng
  )
}

/** Which Microsoft service writes the Core Directory half: phones via the credential endpoint, apps via MFA. */
export type UpdateInitiator = { kind: 'service'; key: 'strongAuth' | 'credentialConfig' } | { kind: 'admin'; admin: User; ip: string | null }

/**
 * The Core Directory `Update user` for a change between two states, with only the
 * StrongAuthentication* properties that differ, plus "Included Updated Properties" and
 * "TargetId.UserType" as Core Directory writes them. Returns null when nothing differs.
 */
export function strongAuthUpdate(
  tenant: Tenant,
  at: number,
  user: User,
  before: MethodState,
  after: MethodState,
  by: UpdateInitiator,
  rng: Rng
): DirectoryAudit | null {
  const props: ModifiedPropertyJson[] = []
  const pairs: Array<readonly [string, string, string]> = [
    ['StrongAuthenticationMethod', strongAuthMethodJson(before), strongAuthMethodJson(after)],
    ['StrongAuthenticationUserDetails', userDetailsJson(before), userDetailsJson(after)],
    ['StrongAuthenticationPhoneAppDetail', phoneAppDetailJson(before, at), phoneAppDetailJson(after, at)],
    ['StrongAuthenticationRequirement', strongAuthRequirementJson(before), strongAuthRequirementJson(after)]
  ]
  for (const [name, oldValue, newValue] of pairs) if (oldValue !== newValue) props.push(rawProp(name, oldValue, newValue))
  if (props.length === 0) return null
  return updateUserEvent(tenant, at, user, props, by, rng)
}

/** An `Update user` of arbitrary properties (also used for the Authenticator version rewrites). */
export function updateUserEvent(
  tenant: Tenant,
  at: number,
  user: User,
  changed: ModifiedPropertyJson[],
  by: UpdateInitiator,
  rng: Rng
): DirectoryAudit {
  const included = changed.map((p) => p.displayName).join(', ')
  const props = [...changed, prop('Included Updated Properties', null, included), prop('TargetId.UserType', null, 'Member')]
  const initiator: Initiator =
    by.kind === 'admin'
      ? { kind: 'user', user: by.admin, ip: by.ip }
      : serviceInitiator(tenant, by.key, SERVICE_ACTORS[by.key])
  return audit(
    {
      at,
      service: CORE_DIRECTORY,
      category: 'UserManagement',
      activity: 'Update user',
      operationType: 'Update',
      initiator,
      targets: [userTarget(user, props, false)],
      additional: [{ key: 'UserType', value: 'Member' }],
      idStyle: 'directory'
    },
    rng
  )
}

/** An Authenticator app update: same DeviceToken, new PhoneAppVersion/LastAuthenticatedTimestamp. */
export function phoneAppRewrite(tenant: Tenant, at: number, user: User, before: string, after: string, rng: Rng): DirectoryAudit {
  return updateUserEvent(
    tenant,
    at,
    user,
    [rawProp('StrongAuthenticationPhoneAppDetail', before, after)],
    { kind: 'service', key: 'strongAuth' },
    rng
  )
}

/** Offsets (ms) of the events adminPasswordReset and pimActivation write, for planning them ahead. */
export const RESET_OFFSETS = [0, 900, 1400] as const
export const PIM_OFFSETS = [0, 2100] as const

/** "Reset password (by admin)" (SSPR service) with its Core Directory "Reset user password" and token revocation. */
export function adminPasswordReset(at: number, admin: User, ip: string, target: User, rng: Rng): DirectoryAudit[] {
  const byAdmin: Initiator = { kind: 'user', user: admin, ip }
  return [
    audit(
      {
        at,
        service: SSPR,
        category: 'UserManagement',
        activity: 'Reset password (by admin)',
        operationType: 'Update',
        initiator: byAdmin,
        targets: [userTarget(target)],
        additional: [{ key: 'OnPremisesAgent', value: 'None' }]
      },
      rng
    ),
    audit(
      {
        at: at + RESET_OFFSETS[1],
        service: CORE_DIRECTORY,
        category: 'UserManagement',
        activity: 'Reset user password',
        operationType: 'Update',
        initiator: byAdmin,
        targets: [userTarget(target, [], false)],
        additional: [{ key: 'UserType', value: 'Member' }],
        idStyle: 'directory'
      },
      rng
    ),
    audit(
      {
        at: at + RESET_OFFSETS[2],
        service: CORE_DIRECTORY,
        category: 'UserManagement',
        activity: 'Update StsRefreshTokenValidFrom Timestamp',
        operationType: 'Update',
        initiator: byAdmin,
        targets: [userTarget(target, [prop('StsRefreshTokensValidFrom', null, [graphTime(at + RESET_OFFSETS[2], rng)])], false)],
        idStyle: 'directory'
      },
      rng
    )
  ]
}

/** One step of the SSPR flow ("User submitted their user ID", "User was presented with verification options"...). */
export function ssprProgress(at: number, user: User, ip: string, reason: string, rng: Rng, result: DirectoryAudit['result'] = 'success'): DirectoryAudit {
  return audit(
    {
      at,
      service: SSPR,
      category: 'UserManagement',
      activity: 'Self-service password reset flow activity progress',
      operationType: 'Update',
      result,
      resultReason: reason,
      initiator: { kind: 'user', user, ip },
      targets: [userTarget(user)]
    },
    rng
  )
}

/** A completed self-service reset: the SSPR event and the Core Directory reset by the password reset service. */
export function selfServiceReset(tenant: Tenant, at: number, user: User, ip: string, rng: Rng): DirectoryAudit[] {
  return [
    audit(
      {
        at,
        service: SSPR,
        category: 'UserManagement',
        activity: 'Reset password (self-service)',
        operationType: 'Update',
        resultReason: 'Successfully completed reset.',
        initiator: { kind: 'user', user, ip },
        targets: [userTarget(user)]
      },
      rng
    ),
    audit(
      {
        at: at - 1800,
        service: CORE_DIRECTORY,
        category: 'UserManagement',
        activity: 'Reset user password',
        operationType: 'Update',
        initiator: { kind: 'app', displayName: APPS.passwordReset.displayName, appId: APPS.passwordReset.appId, servicePrincipalId: tenant.serviceSpIds.passwordReset ?? null },
        targets: [userTarget(user, [], false)],
        additional: [{ key: 'UserType', value: 'Member' }],
        idStyle: 'directory'
      },
      rng
    )
  ]
}

function roleProps(tenant: Tenant, role: RoleKey): ModifiedPropertyJson[] {
  const r = ROLES[role]
  return [
    prop('Role.ObjectID', null, tenant.roleObjectIds[role]),
    prop('Role.DisplayName', null, r.displayName),
    prop('Role.TemplateId', null, r.templateId),
    prop('Role.WellKnownObjectName', null, r.wellKnownObjectName)
  ]
}

/** A permanent direct assignment ("Add member to role"), as an admin or attacker makes it. */
export function addMemberToRole(tenant: Tenant, at: number, by: Initiator, target: User, role: RoleKey, rng: Rng): DirectoryAudit {
  return audit(
    {
      at,
      service: CORE_DIRECTORY,
      category: 'RoleManagement',
      activity: 'Add member to role',
      operationType: 'Assign',
      initiator: by,
      targets: [
        userTarget(target, roleProps(tenant, role), false),
        objectTarget('Role', tenant.roleObjectIds[role], ROLES[role].displayName)
      ],
      idStyle: 'directory'
    },
    rng
  )
}

/** A PIM activation: the PIM service event and the Core Directory assignment made by MS-PIM. */
export function pimActivation(tenant: Tenant, at: number, user: User, ip: string, role: RoleKey, rng: Rng): DirectoryAudit[] {
  const r = ROLES[role]
  return [
    audit(
      {
        at,
        service: 'PIM',
        category: 'RoleManagement',
        activity: 'Add member to role completed (PIM activation)',
        operationType: 'Assign',
        resultReason: 'Daily administration',
        initiator: { kind: 'user', user, ip },
        targets: [objectTarget('Role', tenant.roleObjectIds[role], r.displayName), userTarget(user)],
        additional: [
          { key: 'RoleDefinitionOriginId', value: r.templateId },
          { key: 'ExpirationTime', value: graphTime(at + 8 * 3_600_000, rng) }
        ]
      },
      rng
    ),
    addMemberToRole(tenant, at + PIM_OFFSETS[1], serviceInitiator(tenant, 'pim', SERVICE_ACTORS.pim), user, role, rng)
  ]
}

/** A new eligible assignment made in PIM by an administrator. */
export function eligibleAssignment(tenant: Tenant, at: number, admin: User, ip: string, target: User, role: RoleKey, rng: Rng): DirectoryAudit {
  const r = ROLES[role]
  return audit(
    {
      at,
      service: 'PIM',
      category: 'RoleManagement',
      activity: 'Add eligible member to role in PIM completed (permanent)',
      operationType: 'Assign',
      resultReason: 'New team member',
      initiator: { kind: 'user', user: admin, ip },
      targets: [objectTarget('Role', tenant.roleObjectIds[role], r.displayName), userTarget(target)],
      additional: [{ key: 'RoleDefinitionOriginId', value: r.templateId }]
    },
    rng
  )
}

export function addUserEvent(at: number, by: Initiator, user: User, rng: Rng): DirectoryAudit {
  return audit(
    {
      at,
      service: CORE_DIRECTORY,
      category: 'UserManagement',
      activity: 'Add user',
      operationType: 'Add',
      initiator: by,
      targets: [
        userTarget(user, [
          prop('AccountEnabled', null, [true]),
          prop('DisplayName', null, [user.displayName]),
          prop('UserPrincipalName', null, [user.upn]),
          prop('UserType', null, ['Member']),
          prop('Included Updated Properties', null, 'AccountEnabled, DisplayName, UserPrincipalName, UserType')
        ])
      ],
      additional: [{ key: 'UserType', value: 'Member' }],
      idStyle: 'directory'
    },
    rng
  )
}

export function groupMemberEvent(
  at: number,
  by: Initiator,
  group: { id: string; displayName: string },
  user: User,
  remove: boolean,
  rng: Rng
): DirectoryAudit {
  return audit(
    {
      at,
      service: CORE_DIRECTORY,
      category: 'GroupManagement',
      activity: remove ? 'Remove member from group' : 'Add member to group',
      operationType: remove ? 'Unassign' : 'Assign',
      initiator: by,
      targets: [
        userTarget(user, [
          prop('Group.ObjectID', remove ? group.id : null, remove ? null : group.id),
          prop('Group.DisplayName', remove ? group.displayName : null, remove ? null : group.displayName)
        ]),
        objectTarget('Group', group.id, null)
      ],
      idStyle: 'directory'
    },
    rng
  )
}

export function consentEvent(at: number, user: User, ip: string, app: { id: string; displayName: string }, scopes: string, rng: Rng): DirectoryAudit {
  return audit(
    {
      at,
      service: CORE_DIRECTORY,
      category: 'ApplicationManagement',
      activity: 'Consent to application',
      operationType: 'Assign',
      initiator: { kind: 'user', user, ip },
      targets: [
        objectTarget('ServicePrincipal', app.id, app.displayName, [
          prop('ConsentContext.IsAdminConsent', null, 'False'),
          prop('ConsentContext.IsAppOnly', null, 'False'),
          prop('ConsentContext.OnBehalfOfAll', null, 'False'),
          prop('ConsentAction.Permissions', null, `[] => [[Scope: ${scopes}, ConsentType: Principal]]`)
        ])
      ],
      additional: [{ key: 'User-Agent', value: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' }],
      idStyle: 'directory'
    },
    rng
  )
}

export function fido2AddEvent(at: number, user: User, ip: string, keyName: string, rng: Rng): DirectoryAudit {
  return audit(
    {
      at,
      service: 'Device Registration Service',
      category: 'UserManagement',
      activity: 'Add FIDO2 security key',
      operationType: 'Add',
      initiator: { kind: 'user', user, ip },
      targets: [userTarget(user, [prop('FIDO2 security key', null, keyName)])]
    },
    rng
  )
}

export function updateApplicationEvent(at: number, by: Initiator, app: { id: string; displayName: string }, rng: Rng): DirectoryAudit {
  return audit(
    {
      at,
      service: CORE_DIRECTORY,
      category: 'ApplicationManagement',
      activity: 'Update application',
      operationType: 'Update',
      initiator: by,
      targets: [
        objectTarget('Application', app.id, app.displayName, [
          prop('AppAddress', null, [{ AddressType: 0, Address: 'https://portal.example.org/signin-oidc' }]),
          prop('Included Updated Properties', null, 'AppAddress')
        ])
      ],
      idStyle: 'directory'
    },
    rng
  )
}

export function updateUserAttributes(
  at: number,
  by: Initiator,
  user: User,
  name: string,
  oldValue: string,
  newValue: string,
  rng: Rng
): DirectoryAudit {
  const changed = [prop(name, [oldValue], [newValue])]
  return audit(
    {
      at,
      service: CORE_DIRECTORY,
      category: 'UserManagement',
      activity: 'Update user',
      operationType: 'Update',
      initiator: by,
      targets: [
        userTarget(user, [...changed, prop('Included Updated Properties', null, name), prop('TargetId.UserType', null, 'Member')], false)
      ],
      additional: [{ key: 'UserType', value: 'Member' }],
      idStyle: 'directory'
    },
    rng
  )
}

/** Tenant policy events (SI-009): Authentication Methods policy and Conditional Access. */
export function authMethodsPolicyUpdate(at: number, admin: User, ip: string, oldPolicy: unknown, newPolicy: unknown, rng: Rng): DirectoryAudit {
  return audit(
    {
      at,
      service: AUTH_METHODS,
      category: 'ApplicationManagement',
      activity: 'Authentication Methods Policy Update',
      operationType: 'Update',
      initiator: { kind: 'user', user: admin, ip },
      targets: [objectTarget('Policy', 'authenticationMethodsPolicy', 'Authentication Methods Policy', [prop('AuthenticationMethodsPolicy', oldPolicy, newPolicy)])]
    },
    rng
  )
}

export function conditionalAccessEvent(
  at: number,
  admin: User,
  ip: string,
  activity: 'Add conditional access policy' | 'Update conditional access policy',
  policy: { id: string; displayName: string },
  oldValue: unknown,
  newValue: unknown,
  rng: Rng
): DirectoryAudit {
  return audit(
    {
      at,
      service: 'Conditional Access',
      category: 'Policy',
      activity,
      operationType: activity.startsWith('Add') ? 'Add' : 'Update',
      initiator: { kind: 'user', user: admin, ip },
      targets: [objectTarget('Policy', policy.id, policy.displayName, [prop('ConditionalAccessPolicy', oldValue, newValue)])],
      idStyle: 'ipc'
    },
    rng
  )
}

/** "Disable Strong Authentication" with the Core Directory StrongAuthenticationRequirement diff. */
export function disableStrongAuth(
  tenant: Tenant,
  at: number,
  admin: User,
  ip: string,
  user: User,
  before: MethodState,
  after: MethodState,
  rng: Rng
): DirectoryAudit[] {
  const out: DirectoryAudit[] = [
    audit(
      {
        at,
        service: CORE_DIRECTORY,
        category: 'UserManagement',
        activity: 'Disable Strong Authentication',
        operationType: 'Update',
        initiator: { kind: 'user', user: admin, ip },
        targets: [userTarget(user, [], false)],
        idStyle: 'directory'
      },
      rng
    )
  ]
  const update = strongAuthUpdate(tenant, at + 1100, user, before, after, { kind: 'admin', admin, ip }, rng)
  if (update) out.push(update)
  return out
}

/** Azure MFA fraud reporting (SI-008). */
export function mfaFraudEvent(
  at: number,
  user: User,
  ip: string,
  activity: 'Suspicious activity reported' | 'Fraud reported - user is blocked for MFA' | 'Fraud reported - no action taken',
  rng: Rng
): DirectoryAudit {
  return audit(
    {
      at,
      service: 'Azure MFA',
      category: 'UserManagement',
      activity,
      operationType: 'Update',
      resultReason: activity === 'Suspicious activity reported' ? 'Successfully reported suspicious activity' : '',
      initiator: { kind: 'user', user, ip },
      targets: [userTarget(user)],
      additional: [{ key: 'AuthenticationMethod', value: 'PhoneAppNotification' }]
    },
    rng
  )
}
