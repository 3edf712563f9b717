/**
 * Well-known Microsoft first-party applications and directory roles. Their ids are public
 * constants that appear in every tenant's logs (they identify Microsoft's apps and role
 * templates, not anyone's data), so the samples use them as-is; everything tenant-specific is
 * drawn from the seeded PRNG instead.
 */

export interface AppRef {
  appId: string
  displayName: string
}

export const APPS = {
  officeHome: { appId: '4765445b-32c6-49b0-83e6-1d93765276ca', displayName: 'OfficeHome' },
  teams: { appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', displayName: 'Microsoft Teams' },
  exchange: { appId: '00000002-0000-0ff1-ce00-000000000000', displayName: 'Office 365 Exchange Online' },
  sharePoint: { appId: '00000003-0000-0ff1-ce00-000000000000', displayName: 'Office 365 SharePoint Online' },
  office: { appId: 'd3590ed6-52b3-4102-aeff-aad2292ab01c', displayName: 'Microsoft Office' },
  azurePortal: { appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', displayName: 'Azure Portal' },
  mySignins: { appId: '19db86c3-b2b9-44cc-b339-36da233a3be2', displayName: 'My Signins' },
  authenticatorApp: { appId: '4813382a-8fa7-425e-ab75-3b753aab3abb', displayName: 'Microsoft Authenticator App' },
  authBroker: { appId: '29d9ed98-a469-4536-ade2-f981bc1d605e', displayName: 'Microsoft Authentication Broker' },
  graph: { appId: '00000003-0000-0000-c000-000000000000', displayName: 'Microsoft Graph' },
  officeShell: { appId: '5f09333a-842c-47da-a157-57da27fcbca5', displayName: 'Office365 Shell WCSS-Server' },
  teamsService: { appId: 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe', displayName: 'Microsoft Teams Services' },
  serviceManagement: { appId: '797f4846-ba00-4fd7-ba43-dac1f8f63013', displayName: 'Windows Azure Service Management API' },
  credentialConfig: {
    appId: 'ea890292-c8c8-4433-b5ea-b09d0668e1a6',
    displayName: 'Azure Credential Configuration Endpoint Service'
  },
  passwordReset: { appId: '93625bc8-bfe2-437a-97e0-3d0060024faa', displayName: 'Microsoft password reset service' },
  keyVault: { appId: 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093', displayName: 'Azure Key Vault' }
} as const satisfies Record<string, AppRef>

export type AppKey = keyof typeof APPS

export interface RoleRef {
  displayName: string
  templateId: string
  wellKnownObjectName: string
}

export const ROLES = {
  globalAdmin: {
    displayName: 'Global Administrator',
    templateId: '62e90394-69f5-4237-9190-012177145e10',
    wellKnownObjectName: 'TenantAdmins'
  },
  privilegedRoleAdmin: {
    displayName: 'Privileged Role Administrator',
    templateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
    wellKnownObjectName: 'PrivilegedRoleAdmins'
  },
  privilegedAuthAdmin: {
    displayName: 'Privileged Authentication Administrator',
    templateId: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
    wellKnownObjectName: 'PrivilegedAuthenticationAdmins'
  },
  userAdmin: {
    displayName: 'User Administrator',
    templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
    wellKnownObjectName: 'UserAccountAdmins'
  },
  authAdmin: {
    displayName: 'Authentication Administrator',
    templateId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
    wellKnownObjectName: 'AuthenticationAdministrators'
  },
  helpdeskAdmin: {
    displayName: 'Helpdesk Administrator',
    templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
    wellKnownObjectName: 'HelpDeskAdmins'
  }
} as const satisfies Record<string, RoleRef>

export type RoleKey = keyof typeof ROLES

/** Microsoft services that initiate the Core Directory half of a security-info change. */
export const SERVICE_ACTORS = {
  strongAuth: 'Azure MFA StrongAuthenticationService',
  credentialConfig: 'Azure Credential Configuration Endpoint Service',
  passwordReset: 'Microsoft password reset service',
  pim: 'MS-PIM',
  deviceRegistration: 'Device Registration Service'
} as const

export type ServiceActorKey = keyof typeof SERVICE_ACTORS
