import { afterEach, describe, expect, it } from 'vitest'
import {
  PORTAL_AUDIT_HEADER,
  PORTAL_SIGNIN_HEADER,
  REGISTERED,
  SIGN_IN,
  UPDATE_USER,
  portalAuditRow,
  portalSignInRow
} from '../helpers/entra-fixtures'
import { BOM, csvLine, importFixtures, utf16be, utf16le, type Case } from '../helpers/import-fixture'

let cases: Case[] = []
afterEach(() => {
  for (const c of cases) c.cleanup()
  cases = []
})
async function load(files: Record<string, string | Buffer>): ReturnType<typeof importFixtures> {
  const r = await importFixtures(files)
  cases.push(r.c)
  return r
}

const json = (v: unknown): string => JSON.stringify(v)
const pretty = (v: unknown): string => JSON.stringify(v, null, 4)

describe('Graph directoryAudits and portal audit JSON', () => {
  it('normalizes a security-info registration and its paired Update user', async () => {
    const { file, events } = await load({ 'audit.json': pretty([REGISTERED, UPDATE_USER]) })
    expect(file('audit.json')).toMatchObject({
      format: 'graph-audit-json',
      layout: 'json-array',
      records: 2,
      imported: 2
    })
    const [reg, upd] = events
    expect(reg).toMatchObject({
      kind: 'audit',
      time: '2026-10-06T09:14:02.516Z',
      activity: 'User registered security info',
      service: 'Authentication Methods',
      category: 'UserManagement',
      result: 'success',
      actorType: 'user',
      actorUpn: 'alice@corp.example.com',
      ip: '203.0.113.45',
      userUpn: 'alice@corp.example.com',
      targetType: 'User',
      method: 'microsoft-authenticator',
      methodDetail: null
    })
    expect(upd).toMatchObject({
      time: '2026-10-06T09:14:05.100Z',
      actorType: 'app',
      actorName: 'Azure MFA StrongAuthenticationService',
      userUpn: 'alice@corp.example.com',
      method: 'microsoft-authenticator',
      methodDetail: 'SM-A546E'
    })
    expect(upd?.modifiedProperties?.[0]?.name).toBe('StrongAuthenticationPhoneAppDetail')
    expect(reg?.sources).toEqual([
      {
        file: expect.stringMatching(/audit\.json$/),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        line: 2
      }
    ])
  })

  it('reads Graph pages with @odata.nextLink, `][` seams, bare objects and JSON lines alike', async () => {
    const page = json({
      '@odata.context': 'https://graph.microsoft.com/beta/$metadata#auditLogs/directoryAudits',
      value: [REGISTERED],
      '@odata.nextLink': 'https://graph.microsoft.com/beta/auditLogs/directoryAudits?$skiptoken=x'
    })
    const { file, events } = await load({
      'page.json': page,
      'seam.json': `${pretty([REGISTERED])}\r\n${pretty([UPDATE_USER])}`,
      'bare.json': pretty(UPDATE_USER),
      'goose.json': `${json(REGISTERED)}\n${json(UPDATE_USER)}\n`
    })
    expect(file('page.json')).toMatchObject({ layout: 'graph-pages', records: 1, imported: 1 })
    expect(file('seam.json')).toMatchObject({ layout: 'json-array', records: 2, imported: 1, duplicates: 1 })
    expect(file('bare.json')).toMatchObject({ layout: 'json-objects', records: 1, duplicates: 1 })
    expect(file('goose.json')).toMatchObject({ layout: 'json-lines', records: 2, duplicates: 2 })
    expect(events).toHaveLength(2)
    expect(events.map((e) => e.sources.length)).toEqual([3, 3])
  })

  it('reads PascalCase exports (PowerShell, older Extractor Suite) the same way', async () => {
    const pascal = {
      Id: REGISTERED.id,
      Category: REGISTERED.category,
      CorrelationId: REGISTERED.correlationId,
      Result: 'success',
      ResultReason: REGISTERED.resultReason,
      ActivityDisplayName: REGISTERED.activityDisplayName,
      ActivityDateTime: '2026-10-06T09:14:02.5168093Z',
      LoggedByService: REGISTERED.loggedByService,
      OperationType: 'Add',
      InitiatedBy: {
        User: {
          Id: REGISTERED.initiatedBy.user.id,
          UserPrincipalName: 'alice@corp.example.com',
          IPAddress: '203.0.113.45'
        }
      },
      TargetResources: [
        { Id: REGISTERED.targetResources[0]?.id, Type: 'User', UserPrincipalName: 'alice@corp.example.com' }
      ]
    }
    const { events } = await load({ 'hawk.json': pretty([pascal]) })
    expect(events[0]).toMatchObject({
      activity: 'User registered security info',
      userUpn: 'alice@corp.example.com',
      ip: '203.0.113.45',
      method: 'microsoft-authenticator'
    })
  })
})

describe('portal audit CSV', () => {
  const csv = (header: readonly string[]): string =>
    BOM +
    [csvLine(header), csvLine(portalAuditRow(REGISTERED)), csvLine(portalAuditRow(UPDATE_USER))].join(
      '\r\n'
    ) +
    '\r\n'

  it('maps the 86-column download by name, with a BOM', async () => {
    expect(PORTAL_AUDIT_HEADER).toHaveLength(86)
    const { file, events } = await load({ 'AuditLogs_2026-10-06.csv': csv(PORTAL_AUDIT_HEADER) })
    expect(file('AuditLogs_2026-10-06.csv')).toMatchObject({
      format: 'entra-portal-audit-csv',
      encoding: 'utf-8-bom',
      records: 2,
      imported: 2,
      rejected: 0
    })
    expect(events[0]).toMatchObject({
      activity: 'User registered security info',
      actorUpn: 'alice@corp.example.com',
      userUpn: 'alice@corp.example.com',
      method: 'microsoft-authenticator'
    })
    expect(events[1]).toMatchObject({ actorType: 'app', methodDetail: 'SM-A546E' })
  })

  it('accepts the Spanish portal headers', async () => {
    const es = PORTAL_AUDIT_HEADER.map(
      (h) =>
        ({
          'Date (UTC)': 'Fecha (UTC)',
          Category: 'Categoría',
          Result: 'Resultado',
          Service: 'Servicio',
          Activity: 'Actividad',
          'User Agent': 'Agente de usuario',
          Target1UserPrincipalName: 'Objetivo1NombrePrincipalDeUsuario'
        })[h] ?? h
    )
    const { file, events } = await load({ 'registros.csv': csv(es) })
    expect(file('registros.csv')).toMatchObject({ format: 'entra-portal-audit-csv', imported: 2 })
    expect(events[0]).toMatchObject({
      activity: 'User registered security info',
      service: 'Authentication Methods',
      targetUpn: 'alice@corp.example.com'
    })
  })

  it('is deduplicated against the JSON download of the same events, which has ids the CSV lacks', async () => {
    const { file, events, c } = await load({
      'AuditLogs.csv': csv(PORTAL_AUDIT_HEADER),
      'AuditLogs.json': pretty([REGISTERED, UPDATE_USER])
    })
    expect(file('AuditLogs.csv')).toMatchObject({ imported: 2, duplicates: 0 })
    expect(file('AuditLogs.json')).toMatchObject({ imported: 0, duplicates: 2 })
    expect(events).toHaveLength(2)
    expect(events.every((e) => e.sources.length === 2)).toBe(true)
    const native = c.db.prepare(`SELECT native_id FROM events ORDER BY id`).pluck().all()
    expect(native).toEqual([REGISTERED.id, UPDATE_USER.id])
  })
})

describe('Graph and portal sign-ins', () => {
  it('normalizes a beta signIn with authentication details, risk and location', async () => {
    const { file, events } = await load({ 'signins.json': json({ value: [SIGN_IN] }) })
    expect(file('signins.json').format).toBe('graph-signin-json')
    expect(events[0]).toMatchObject({
      kind: 'signin',
      time: '2026-10-06T09:05:41.619Z',
      activity: 'Interactive user sign-in',
      result: 'success',
      errorCode: 0,
      resultReason: null,
      userUpn: 'alice@corp.example.com',
      ip: '203.0.113.45',
      country: 'PT',
      city: 'Lisbon',
      asn: 64500,
      riskLevel: 'high',
      riskState: 'atRisk',
      riskEventTypes: ['unfamiliarFeatures'],
      authRequirement: 'multiFactorAuthentication',
      authMethods: ['password', 'phone-sms'],
      method: 'phone-sms',
      methodDetail: '+1 555 0100',
      interactive: true,
      sessionId: SIGN_IN.sessionId,
      requestId: SIGN_IN.id
    })
  })

  const portalRow = (requestId: string, extra: Record<string, string> = {}): string =>
    csvLine(
      portalSignInRow({
        'Date (UTC)': '2026-10-06T09:05:41Z',
        'Request ID': requestId,
        'User agent': 'Mozilla/5.0, with a comma',
        'Correlation ID': SIGN_IN.correlationId,
        'User ID': SIGN_IN.userId,
        User: 'Alice Example',
        Username: 'Alice@corp.example.com',
        Application: 'OfficeHome',
        'Application ID ': SIGN_IN.appId,
        'IP address': '203.0.113.45',
        Location: 'Lisbon, Lisboa, PT',
        Status: 'Success',
        'Sign-in error code': '0',
        'Multifactor authentication auth method': 'Mobile app notification',
        'Multifactor authentication auth detail': 'SM-A546E',
        'Session ID': SIGN_IN.sessionId,
        'Autonomous system  number': '64500',
        ...extra
      })
    )

  it('reads the 57-column portal CSV with its duplicated and space-padded names; the file name tells interactive from not', async () => {
    const header = csvLine(PORTAL_SIGNIN_HEADER)
    const { file, events } = await load({
      'InteractiveSignIns_2026-10-06_2026-10-07.csv': [
        header,
        portalRow('aaaaaaaa-0000-4000-8000-000000000001')
      ].join('\r\n'),
      'NonInteractiveSignIns_2026-10-06_2026-10-07.csv': [
        header,
        portalRow('aaaaaaaa-0000-4000-8000-000000000002')
      ].join('\r\n'),
      'signins-export.csv': [header, portalRow('aaaaaaaa-0000-4000-8000-000000000003')].join('\r\n')
    })
    expect(PORTAL_SIGNIN_HEADER).toHaveLength(57)
    const [a, b, c] = events
    expect(a).toMatchObject({
      interactive: true,
      activity: 'Interactive user sign-in',
      userUpn: 'alice@corp.example.com',
      appId: SIGN_IN.appId,
      country: 'PT',
      city: 'Lisbon',
      asn: 64500,
      method: 'microsoft-authenticator',
      methodDetail: 'SM-A546E',
      userAgent: 'Mozilla/5.0, with a comma'
    })
    expect(b).toMatchObject({ interactive: false, category: 'NonInteractiveUserSignInLogs' })
    expect(c).toMatchObject({ interactive: null })
    expect(file('signins-export.csv').notes[0]).toMatch(/only by file name/)
  })

  it('gives an interrupted sign-in the same result in the portal CSV and in Graph, so the two copies are one event', async () => {
    const requestId = 'aaaaaaaa-0000-4000-8000-0000000000aa'
    const csv = [
      csvLine(PORTAL_SIGNIN_HEADER),
      portalRow(requestId, { Status: 'Interrupted', 'Sign-in error code': '50074' })
    ].join('\r\n')
    const graph = {
      ...SIGN_IN,
      id: requestId,
      originalRequestId: requestId,
      createdDateTime: '2026-10-06T09:05:41.4420000Z',
      status: {
        errorCode: 50074,
        failureReason: 'Strong Authentication is required.',
        additionalDetails: null
      }
    }
    const { events, file } = await load({
      'InteractiveSignIns_2026-10-06_2026-10-07.csv': csv,
      'signins.json': json([graph])
    })
    expect(file('signins.json')).toMatchObject({ imported: 0, duplicates: 1 })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ result: 'interrupted', errorCode: 50074, riskLevel: 'high' })
  })

  it('joins the AuthDetails companion file on Request ID, whichever file comes first', async () => {
    const requestId = 'aaaaaaaa-0000-4000-8000-00000000000f'
    const details =
      'Request ID,Date (UTC),Authentication method,Authentication method detail,Succeeded,Result detail,Requirement\r\n' +
      `${requestId},2026-10-06T09:05:41Z,Password,Password in the cloud,true,Correct password,Primary authentication\r\n` +
      `${requestId},2026-10-06T09:05:50Z,Temporary Access Pass,,true,MFA successfully completed,Multi-factor authentication\r\n`
    const main = [
      csvLine(PORTAL_SIGNIN_HEADER),
      portalRow(requestId, {
        'Multifactor authentication auth method': '',
        'Multifactor authentication auth detail': ''
      })
    ].join('\r\n')
    const { file, events } = await load({
      'a/InteractiveSignIns_AuthDetails_2026-10-06_2026-10-07.csv': details,
      'b/InteractiveSignIns_2026-10-06_2026-10-07.csv': main
    })
    expect(file('InteractiveSignIns_AuthDetails_2026-10-06_2026-10-07.csv')).toMatchObject({
      format: 'entra-portal-signin-authdetails-csv',
      records: 2,
      authDetails: 2,
      imported: 0
    })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      authMethods: ['password', 'temporary-access-pass'],
      method: 'temporary-access-pass'
    })
  })

  it('reads application and managed-identity sign-ins as app actors', async () => {
    const header =
      'Date (UTC),Request ID,Correlation ID,Service principal ID,Service principal name,Credential key ID,Credential thumbprint,Application,Application ID ,App owner tenant ID,Resource,Resource ID ,Resource tenant ID,Resource owner tenant ID,Home tenant ID,Home tenant name,IP address,Location,Status,Sign-in error code,Failure reason,Conditional Access'
    const row =
      '2026-10-06T10:00:00Z,bbbbbbbb-0000-4000-8000-000000000001,cc,44444444-0000-4000-8000-00000000000b,backup-job,,,backup-job,99999999-0000-4000-8000-000000000001,,Microsoft Graph,00000003-0000-0000-c000-000000000000,,,,,198.51.100.7,"Dublin, Leinster, IE",Success,0,,Not Applied'
    const { events, file } = await load({
      'ApplicationSignIns_2026-10-06_2026-10-07.csv': `${header}\n${row}\n`
    })
    expect(file('ApplicationSignIns_2026-10-06_2026-10-07.csv').format).toBe('entra-portal-signin-csv')
    expect(events[0]).toMatchObject({
      actorType: 'app',
      actorName: 'backup-job',
      userUpn: null,
      activity: 'Service principal sign-in',
      country: 'IE',
      ip: '198.51.100.7'
    })
  })
})

describe('Log Analytics exports', () => {
  it('reads a SigninLogs CSV: BOM, `[UTC]` US-locale times, _dynamic/_string pairs, multi-line JSON cells, TRUE', async () => {
    const header =
      'TenantId,TimeGenerated [UTC],CreatedDateTime [UTC],Id,UserPrincipalName,UserId,IPAddress,ResultType,ResultDescription,AppDisplayName,IsInteractive,Status_dynamic,Status_string,LocationDetails_dynamic,LocationDetails_string,AuthenticationDetails,RiskLevelDuringSignIn,Type'
    const auth = JSON.stringify(
      [
        {
          authenticationMethod: 'Mobile app notification',
          authenticationMethodDetail: 'SM-A546E',
          succeeded: true
        }
      ],
      null,
      2
    ).replace(/"/g, '""')
    const row = `t,"4/28/2021, 2:08:46.000 PM","4/28/2021, 2:08:45.221 PM",cccccccc-0000-4000-8000-000000000001,Bob@Corp.Example.com,u-bob,192.0.2.10,500121,Authentication failed during strong authentication request.,Azure Portal,TRUE,,"{""errorCode"":500121,""additionalDetails"":""MFA denied; user declined the authentication""}","{""city"":""Porto"",""countryOrRegion"":""PT""}",,"${auth}",none,SigninLogs`
    const { file, events } = await load({ 'query_data.csv': BOM + header + '\n' + row + '\n' })
    expect(file('query_data.csv')).toMatchObject({
      format: 'log-analytics-signin-csv',
      encoding: 'utf-8-bom',
      imported: 1,
      notes: []
    })
    expect(events[0]).toMatchObject({
      time: '2021-04-28T14:08:45.221Z',
      userUpn: 'bob@corp.example.com',
      errorCode: 500121,
      result: 'failure',
      resultReason:
        'Authentication failed during strong authentication request. — MFA denied; user declined the authentication',
      interactive: true,
      city: 'Porto',
      country: 'PT',
      method: 'microsoft-authenticator',
      methodDetail: 'SM-A546E'
    })
  })

  it('reads AuditLogs JSON lines whose dynamic columns are JSON strings, keeping the en-dash and trailing space', async () => {
    const row = {
      TimeGenerated: '2021-08-02T13:29:25.983Z',
      OperationName: 'Update application – Certificates and secrets management ',
      Category: 'ApplicationManagement',
      Id: 'Directory_la_1',
      CorrelationId: 'la-corr',
      Result: 'success',
      LoggedByService: 'Core Directory',
      AADOperationType: 'Update',
      InitiatedBy: JSON.stringify({
        user: { id: 'u1', userPrincipalName: 'Carol@corp.example.com', ipAddress: '198.51.100.20' }
      }),
      TargetResources: JSON.stringify([
        {
          id: 'app1',
          displayName: 'BillingApp',
          type: 'Application',
          modifiedProperties: [{ displayName: 'KeyDescription', oldValue: '[]', newValue: '["k"]' }]
        }
      ]),
      AdditionalDetails: JSON.stringify([{ key: 'User-Agent', value: 'WindowsPowerShell/5.1' }]),
      Type: 'Application'
    }
    const { events, file } = await load({ 'AuditLogs.json': json(row) + '\r\n' })
    expect(file('AuditLogs.json').format).toBe('log-analytics-audit-json')
    expect(events[0]).toMatchObject({
      activity: 'Update application – Certificates and secrets management ',
      operationType: 'Update',
      actorUpn: 'carol@corp.example.com',
      userUpn: 'carol@corp.example.com',
      ip: '198.51.100.20',
      targetType: 'Application',
      targetName: 'BillingApp',
      userAgent: 'WindowsPowerShell/5.1',
      modifiedProperties: [{ name: 'KeyDescription', oldValue: '[]', newValue: '["k"]' }]
    })
  })
})

describe('Azure Monitor diagnostic records', () => {
  it('reads Event Hub bodies mixing categories, and storage PT1H lines', async () => {
    const audit = {
      time: '2026-10-06T09:14:02.5168093Z',
      category: 'AuditLogs',
      operationName: 'User registered security info',
      callerIpAddress: '203.0.113.45',
      properties: { ...REGISTERED, activityDateTime: '2026-10-06T09:14:02.5168093+00:00' }
    }
    const signin = {
      time: SIGN_IN.createdDateTime,
      category: 'NonInteractiveUserSignInLogs',
      resultType: '0',
      location: 'PT',
      properties: { ...SIGN_IN, isInteractive: false }
    }
    const { file, events } = await load({
      'eventhub.json': json({ records: [audit, signin] }),
      'PT1H.json': `${json(audit)}\n${json(signin)}\n`
    })
    expect(file('eventhub.json')).toMatchObject({
      format: 'azure-monitor-json',
      layout: 'event-hub-records',
      imported: 2
    })
    expect(file('PT1H.json')).toMatchObject({ layout: 'json-lines', imported: 0, duplicates: 2 })
    expect(events.map((e) => [e.kind, e.activity, e.interactive])).toEqual([
      ['signin', 'Non-interactive user sign-in', false],
      ['audit', 'User registered security info', null]
    ])
  })
})

describe('unified audit log (Purview)', () => {
  const auditData = {
    CreationTime: '2026-10-06T09:14:05',
    Id: 'dddddddd-0000-4000-8000-000000000001',
    Operation: 'Update user.',
    RecordType: 8,
    ResultStatus: 'Success',
    UserType: 4,
    Workload: 'AzureActiveDirectory',
    ObjectId: 'alice@corp.example.com',
    UserId: 'ServicePrincipal_44444444-0000-4000-8000-00000000000a',
    Actor: [{ ID: 'Azure MFA StrongAuthenticationService', Type: 1 }],
    Target: [
      { ID: 'User_22222222-0000-4000-8000-000000000001', Type: 2 },
      { ID: '22222222-0000-4000-8000-000000000001', Type: 2 },
      { ID: 'User', Type: 2 },
      { ID: 'alice@corp.example.com', Type: 5 }
    ],
    ModifiedProperties: [
      {
        Name: 'StrongAuthenticationPhoneAppDetail',
        NewValue: UPDATE_USER.targetResources[0]?.modifiedProperties[0]?.newValue,
        OldValue: '[]'
      }
    ]
  }
  const cell = (s: string): string => `"${s.replace(/"/g, '""')}"`

  it('reads the new 8-column, classic 4-column and PowerShell CSV layouts', async () => {
    const text = JSON.stringify(auditData)
    const { file, events } = await load({
      'purview.csv': `RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames\r\n${auditData.Id},10/6/2026 9:14:05 AM,8,Update user.,${auditData.UserId},${cell(text)},,\r\n`,
      'classic.csv': `CreationDate,UserIds,Operations,AuditData\r\n10/6/2026 9:14:05 AM,${auditData.UserId},Update user.,${cell(text)}\r\n`,
      'UAL-20261006.csv': `"RecordType","CreationDate","UserIds","Operations","AuditData","ResultIndex","ResultCount","Identity","IsValid","ObjectState"\r\n"AzureActiveDirectory","10/6/2026 9:14:05 AM","${auditData.UserId}","Update user.",${cell(text)},"1","1","${auditData.Id}","True","Unchanged"\r\n`
    })
    expect(file('purview.csv').format).toBe('purview-audit-csv')
    expect(file('classic.csv').format).toBe('purview-classic-audit-csv')
    expect(file('UAL-20261006.csv').format).toBe('powershell-unified-audit-csv')
    expect(events).toHaveLength(1)
    expect(events[0]?.sources).toHaveLength(3)
    expect(events[0]).toMatchObject({
      time: '2026-10-06T09:14:05.000Z',
      activity: 'Update user.',
      actorType: 'app',
      actorName: 'Azure MFA StrongAuthenticationService',
      userUpn: 'alice@corp.example.com',
      userId: '22222222-0000-4000-8000-000000000001',
      method: 'microsoft-authenticator',
      methodDetail: 'SM-A546E'
    })
    expect(file('purview.csv').notes).toEqual(['1 record(s): no time zone in the source, read as UTC'])
  })

  it('links a UAL record to the Entra event it mirrors, only when the match is unique', async () => {
    const { c } = await load({
      'entra.json': pretty([UPDATE_USER]),
      'ual.jsonl': JSON.stringify(auditData) + '\n'
    })
    const rows = c.db.prepare(`SELECT id, service, mirror_of AS mirrorOf FROM events ORDER BY id`).all()
    expect(rows).toEqual([
      { id: 1, service: 'Core Directory', mirrorOf: null },
      { id: 2, service: 'AzureActiveDirectory', mirrorOf: 1 }
    ])
  })
})

describe('unified audit log sign-ins', () => {
  it('links a UserLoggedIn record to the Entra sign-in it repeats', async () => {
    const logon = {
      CreationTime: '2026-10-06T09:05:41',
      Id: 'eeeeeeee-0000-4000-8000-000000000001',
      Operation: 'UserLoggedIn',
      RecordType: 15,
      ResultStatus: 'Success',
      UserType: 0,
      Workload: 'AzureActiveDirectory',
      UserId: 'alice@corp.example.com',
      ClientIP: '203.0.113.45',
      Actor: [{ ID: 'alice@corp.example.com', Type: 5 }]
    }
    const { c, events } = await load({ 'signins.json': json([SIGN_IN]), 'UAL.jsonl': json(logon) + '\n' })
    // Oldest first: the UAL copy has whole seconds, so it sorts before the Graph record.
    expect(events.map((e) => [e.kind, e.service, e.userUpn, e.ip])).toEqual([
      ['signin', 'AzureActiveDirectory', 'alice@corp.example.com', '203.0.113.45'],
      ['signin', 'Sign-in logs', 'alice@corp.example.com', '203.0.113.45']
    ])
    expect(c.db.prepare(`SELECT mirror_of FROM events ORDER BY id`).pluck().all()).toEqual([null, 1])
  })
})

describe('encodings', () => {
  const text = `${json(REGISTERED)}\n${json(UPDATE_USER)}\n`
  it.each([
    ['utf-8', Buffer.from(text, 'utf8')],
    ['utf-8-bom', Buffer.from(BOM + text, 'utf8')],
    ['utf-16le', utf16le(text)],
    ['utf-16be', utf16be(text)],
    ['utf-16le', Buffer.from(text, 'utf16le')]
  ])('reads %s', async (encoding, bytes) => {
    const { file, events } = await load({ 'audit.json': bytes })
    expect(file('audit.json')).toMatchObject({ encoding, imported: 2, rejected: 0 })
    expect(events[0]?.actorUpn).toBe('alice@corp.example.com')
  })

  it('reads a CSV re-saved as Windows-1252', async () => {
    const header = csvLine(PORTAL_AUDIT_HEADER)
    const row = portalAuditRow({
      ...REGISTERED,
      initiatedBy: {
        ...REGISTERED.initiatedBy,
        user: { ...REGISTERED.initiatedBy.user, displayName: 'José Müller' }
      }
    })
    const { file, events } = await load({
      'excel.csv': Buffer.from(`${header}\r\n${csvLine(row)}\r\n`, 'latin1')
    })
    expect(file('excel.csv').encoding).toBe('windows-1252')
    expect(events[0]?.actorName).toBe('José Müller')
  })
})
