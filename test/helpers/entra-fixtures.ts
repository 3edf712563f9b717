/**
 * Hand-made Entra records in Graph shape (FORMATS.md §2, §6c, §8), with documentation IPs and
 * example domains, for the importer's format tests.
 */

export const REGISTERED = {
  id: 'AuthMethods_11111111-aaaa-4bbb-8ccc-000000000001_ABC12_1',
  category: 'UserManagement',
  correlationId: '11111111-aaaa-4bbb-8ccc-000000000001',
  result: 'success',
  resultReason: 'User registered Authenticator App with Notification and Code',
  activityDisplayName: 'User registered security info',
  activityDateTime: '2026-10-06T09:14:02.5168093Z',
  loggedByService: 'Authentication Methods',
  operationType: 'Add',
  userAgent: null,
  initiatedBy: {
    user: {
      id: '22222222-0000-4000-8000-000000000001',
      displayName: 'Alice Example',
      userPrincipalName: 'Alice@Corp.Example.com',
      ipAddress: '203.0.113.45'
    },
    app: null
  },
  targetResources: [
    {
      id: '22222222-0000-4000-8000-000000000001',
      displayName: 'Alice Example',
      type: 'User',
      userPrincipalName: 'Alice@Corp.Example.com',
      groupType: null,
      modifiedProperties: []
    }
  ],
  additionalDetails: [{ key: 'UserAgent', value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' }]
}

export const UPDATE_USER = {
  id: 'Directory_33333333-aaaa-4bbb-8ccc-000000000002_XY9_7',
  category: 'UserManagement',
  correlationId: '33333333-aaaa-4bbb-8ccc-000000000002',
  result: 'success',
  resultReason: '',
  activityDisplayName: 'Update user',
  activityDateTime: '2026-10-06T09:14:05.1000000+00:00',
  loggedByService: 'Core Directory',
  operationType: 'Update',
  userAgent: null,
  initiatedBy: {
    user: null,
    app: {
      appId: null,
      displayName: 'Azure MFA StrongAuthenticationService',
      servicePrincipalId: '44444444-0000-4000-8000-00000000000a',
      servicePrincipalName: null
    }
  },
  targetResources: [
    {
      id: '22222222-0000-4000-8000-000000000001',
      displayName: null,
      type: 'User',
      userPrincipalName: 'alice@corp.example.com',
      groupType: null,
      modifiedProperties: [
        {
          displayName: 'StrongAuthenticationPhoneAppDetail',
          oldValue: '[]',
          newValue: JSON.stringify([
            { DeviceName: 'SM-A546E', DeviceToken: 'tok-alice-1', PhoneAppVersion: '6.2401.0119' }
          ])
        },
        {
          displayName: 'Included Updated Properties',
          oldValue: null,
          newValue: '"StrongAuthenticationPhoneAppDetail"'
        }
      ]
    }
  ],
  additionalDetails: []
}

export const SIGN_IN = {
  id: '55555555-0000-4000-8000-000000000003',
  createdDateTime: '2026-10-06T09:05:41.6195833Z',
  userDisplayName: 'Alice Example',
  userPrincipalName: 'alice@corp.example.com',
  userId: '22222222-0000-4000-8000-000000000001',
  appId: '4765445b-32c6-49b0-83e6-1d93765276ca',
  appDisplayName: 'OfficeHome',
  ipAddress: '203.0.113.45',
  clientAppUsed: 'Browser',
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
  correlationId: '66666666-0000-4000-8000-000000000004',
  conditionalAccessStatus: 'notApplied',
  originalRequestId: '55555555-0000-4000-8000-000000000003',
  isInteractive: true,
  authenticationRequirement: 'multiFactorAuthentication',
  authenticationMethodsUsed: [],
  authenticationDetails: [
    {
      authenticationStepDateTime: '2026-10-06T09:05:41Z',
      authenticationMethod: 'Password',
      authenticationMethodDetail: 'Password in the cloud',
      succeeded: true,
      authenticationStepResultDetail: 'Correct password',
      authenticationStepRequirement: 'Primary authentication'
    },
    {
      authenticationStepDateTime: '2026-10-06T09:05:52Z',
      authenticationMethod: 'Text message',
      authenticationMethodDetail: '+1 555 0100',
      succeeded: true,
      authenticationStepResultDetail: 'MFA successfully completed',
      authenticationStepRequirement: 'Multi-factor authentication'
    }
  ],
  resourceDisplayName: 'Office 365 Exchange Online',
  riskDetail: 'none',
  riskLevelAggregated: 'high',
  riskLevelDuringSignIn: 'high',
  riskState: 'atRisk',
  riskEventTypes_v2: ['unfamiliarFeatures'],
  autonomousSystemNumber: 64500,
  sessionId: '77777777-0000-4000-8000-000000000005',
  status: { errorCode: 0, failureReason: 'Other.', additionalDetails: null },
  deviceDetail: {
    deviceId: '',
    displayName: null,
    operatingSystem: 'Windows10',
    browser: 'Edge 120.0.0',
    isCompliant: false,
    isManaged: false,
    trustType: null
  },
  location: {
    city: 'Lisbon',
    state: 'Lisboa',
    countryOrRegion: 'PT',
    geoCoordinates: { latitude: 38.7, longitude: -9.1, altitude: null }
  }
}

/** The portal audit CSV header, verbatim (FORMATS.md §1a). */
export const PORTAL_AUDIT_HEADER = (() => {
  const cols = [
    'Date (UTC)',
    'CorrelationId',
    'Service',
    'Category',
    'Activity',
    'Result',
    'ResultReason',
    'User Agent',
    'ActorType',
    'ActorDisplayName',
    'ActorObjectId',
    'ActorUserPrincipalName',
    'IPAddress',
    'ActorHomeTenantId',
    'ActorHomeTenantName',
    'ActorServicePrincipalId',
    'ActorServicePrincipalName'
  ]
  for (let t = 1; t <= 3; t++) {
    cols.push(`Target${t}Type`, `Target${t}DisplayName`, `Target${t}ObjectId`, `Target${t}UserPrincipalName`)
    for (let p = 1; p <= 5; p++)
      cols.push(
        `Target${t}ModifiedProperty${p}Name`,
        `Target${t}ModifiedProperty${p}OldValue`,
        `Target${t}ModifiedProperty${p}NewValue`
      )
  }
  for (let d = 1; d <= 6; d++) cols.push(`AdditionalDetail${d}Key`, `AdditionalDetail${d}Value`)
  return cols
})()

/** A portal CSV row for a Graph directoryAudit, as the download flattens it. */
export function portalAuditRow(a: typeof REGISTERED | typeof UPDATE_USER): (string | null)[] {
  const user = a.initiatedBy.user
  const app = a.initiatedBy.app
  const row: (string | null)[] = [
    a.activityDateTime,
    a.correlationId,
    a.loggedByService,
    a.category,
    a.activityDisplayName,
    a.result === 'success' ? 'Success' : 'Failure',
    a.resultReason,
    a.userAgent,
    user ? 'User' : 'Application',
    user?.displayName ?? app?.displayName ?? null,
    user?.id ?? null,
    user?.userPrincipalName ?? null,
    user?.ipAddress ?? null,
    null,
    null,
    app?.servicePrincipalId ?? null,
    app?.servicePrincipalName ?? null
  ]
  for (let t = 0; t < 3; t++) {
    const target = a.targetResources[t]
    row.push(
      target?.type ?? null,
      target?.displayName ?? null,
      target?.id ?? null,
      target?.userPrincipalName ?? null
    )
    for (let p = 0; p < 5; p++) {
      const mp = target?.modifiedProperties[p]
      row.push(mp?.displayName ?? null, mp?.oldValue ?? null, mp?.newValue ?? null)
    }
  }
  for (let d = 0; d < 6; d++) {
    const kv = a.additionalDetails[d]
    row.push(kv?.key ?? null, kv?.value ?? null)
  }
  return row
}

/** The portal's interactive / non-interactive sign-in CSV header, verbatim (FORMATS.md §6a): 57 columns. */
export const PORTAL_SIGNIN_HEADER = [
  'Date (UTC)',
  'Request ID',
  'User agent',
  'Correlation ID',
  'User ID',
  'User',
  'Username',
  'User type',
  'Cross tenant access type',
  'Incoming token type',
  'Authentication Protocol',
  'Unique token identifier',
  'Original transfer method',
  'Client credential type',
  'Token Protection - Sign In Session',
  'Token Protection - Sign In Session StatusCode',
  'Application',
  'Application ID ',
  'App owner tenant ID',
  'Resource',
  'Resource ID ',
  'Resource tenant ID',
  'Resource owner tenant ID',
  'Home tenant ID',
  'Home tenant name',
  'IP address',
  'Location',
  'Status',
  'Sign-in error code',
  'Failure reason',
  'Client app',
  'Device ID',
  'Browser',
  'Operating System',
  'Compliant',
  'Managed',
  'Join Type',
  'Multifactor authentication result',
  'Multifactor authentication auth method',
  'Multifactor authentication auth detail',
  'Authentication requirement',
  'Sign-in identifier',
  'Session ID',
  'IP address (seen by resource)',
  'Through Global Secure Access',
  'Global Secure Access IP address',
  'Autonomous system  number',
  'Flagged for review',
  'Token issuer type',
  'Incoming token type',
  'Token issuer name',
  'Latency',
  'Conditional Access',
  'Managed Identity type',
  'Associated Resource Id',
  'Federated Token Id',
  'Federated Token Issuer'
]

export function portalSignInRow(values: Record<string, string>): string[] {
  return PORTAL_SIGNIN_HEADER.map((h) => values[h] ?? '')
}
