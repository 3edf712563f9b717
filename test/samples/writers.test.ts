import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import Papa from 'papaparse'
import { afterAll, describe, expect, it } from 'vitest'
import type { DirectoryAudit, SampleRecord, SignIn, TargetResource } from '../../scripts/samples/graph-types'
import {
  SAMPLE_FORMATS,
  textStyle,
  writeFormat,
  type SampleFormat,
  type WriteOptions,
  type WriteResult
} from '../../scripts/samples/writers/index'
import { ps51Compact, ps51Pretty, ps7Pretty } from '../../scripts/samples/writers/json/powershell'
import { pythonDumps } from '../../scripts/samples/writers/json/python'

// ---------------------------------------------------------------------------------------------
// Fixture builder: small, hand-made Graph beta objects (documentation domains and addresses only).
// ---------------------------------------------------------------------------------------------

const USER_ID = '5f0e8d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f'
const TARGET_ID = '7c6b5a49-3827-4165-9a8b-7c6d5e4f3a2b'
const SP_ID = 'b9814691-9ca1-4e55-a1ac-8ef5dd010ec0'

function target(over: Partial<TargetResource> = {}): TargetResource {
  return {
    id: TARGET_ID,
    displayName: 'Björn Müller',
    type: 'User',
    userPrincipalName: 'bjorn@contoso.example',
    groupType: null,
    modifiedProperties: [
      {
        displayName: 'StrongAuthenticationMethod',
        oldValue: '[]',
        newValue: '[{"MethodType":6,"Default":true},{"MethodType":7,"Default":false}]'
      },
      { displayName: 'Included Updated Properties', oldValue: null, newValue: '"StrongAuthenticationMethod"' }
    ],
    ...over
  }
}

function makeAudit(over: Partial<DirectoryAudit> = {}): DirectoryAudit {
  return {
    id: 'Directory_2b1f0a57-0c2e-4d2a-9a55-3f1c6a7e9d10_8QWER_41257781',
    category: 'UserManagement',
    correlationId: '2b1f0a57-0c2e-4d2a-9a55-3f1c6a7e9d10',
    result: 'success',
    resultReason: '',
    activityDisplayName: 'Update user',
    activityDateTime: '2026-10-03T08:15:02.5168093Z',
    loggedByService: 'Core Directory',
    operationType: 'Update',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)',
    initiatedBy: {
      user: {
        id: USER_ID,
        displayName: "Ada O'Neil",
        userPrincipalName: 'ada@contoso.example',
        ipAddress: '203.0.113.7'
      },
      app: null
    },
    targetResources: [target()],
    additionalDetails: [{ key: 'UserType', value: 'Member' }],
    ...over
  }
}

/** An Authentication Methods event: not mirrored into the unified audit log. */
function makeSecurityInfoAudit(): DirectoryAudit {
  return makeAudit({
    id: 'AuthMethods_0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    activityDisplayName: 'User registered security info',
    activityDateTime: '2026-10-03T08:14:58.0000000Z',
    loggedByService: 'Authentication Methods',
    operationType: 'Add',
    resultReason: 'User registered Mobile Phone SMS',
    targetResources: [target({ modifiedProperties: [] })]
  })
}

/** An app-initiated failure on the next day. */
function makeAppAudit(): DirectoryAudit {
  return makeAudit({
    id: 'Directory_3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a_KLQ7R_188214903',
    correlationId: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a',
    activityDisplayName: 'Reset user password',
    activityDateTime: '2026-10-04T23:59:59.9999999Z',
    result: 'failure',
    resultReason: 'The password does not meet requirements, "complexity".',
    userAgent: null,
    initiatedBy: {
      user: null,
      app: {
        appId: null,
        displayName: 'Azure MFA StrongAuthenticationService',
        servicePrincipalId: SP_ID,
        servicePrincipalName: null
      }
    },
    additionalDetails: []
  })
}

/** Four targets with six modified properties each and seven details: more than the portal CSV holds. */
function makeWideAudit(): DirectoryAudit {
  const properties = Array.from({ length: 6 }, (_, p) => ({
    displayName: `Property${p + 1}`,
    oldValue: `["old ${p + 1}"]`,
    newValue: `["new ${p + 1}"]`
  }))
  return makeAudit({
    id: 'Directory_wide',
    activityDateTime: '2026-10-03T09:00:00.0000000Z',
    targetResources: Array.from({ length: 4 }, (_, t) =>
      target({ id: `target-${t + 1}`, displayName: `Target ${t + 1}`, modifiedProperties: properties })
    ),
    additionalDetails: Array.from({ length: 7 }, (_, d) => ({ key: `Key${d + 1}`, value: `Value ${d + 1}` }))
  })
}

function makeSignIn(over: Partial<SignIn> = {}): SignIn {
  return {
    id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c00',
    createdDateTime: '2026-10-03T14:08:45.2213421Z',
    userDisplayName: "Ada O'Neil",
    userPrincipalName: 'ada@contoso.example',
    userId: USER_ID,
    appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
    appDisplayName: 'Azure Portal',
    ipAddress: '198.51.100.23',
    clientAppUsed: 'Browser',
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0',
    correlationId: 'f9ff9ee8-d565-478b-bc95-8b4f0d468fe1',
    conditionalAccessStatus: 'success',
    originalRequestId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c00',
    isInteractive: true,
    tokenIssuerType: 'AzureAD',
    authenticationRequirement: 'multiFactorAuthentication',
    authenticationMethodsUsed: ['Password', 'Mobile app notification'],
    authenticationDetails: [
      {
        authenticationStepDateTime: '2026-10-03T14:08:45.2213421Z',
        authenticationMethod: 'Password',
        authenticationMethodDetail: 'Password in the cloud',
        succeeded: true,
        authenticationStepResultDetail: 'Correct password',
        authenticationStepRequirement: 'Primary authentication'
      },
      {
        authenticationStepDateTime: '2026-10-03T14:08:51.0000000Z',
        authenticationMethod: 'Mobile app notification',
        authenticationMethodDetail: null,
        succeeded: true,
        authenticationStepResultDetail: 'MFA successfully completed',
        authenticationStepRequirement: 'Multi-factor authentication'
      }
    ],
    resourceDisplayName: 'Windows Azure Service Management API',
    resourceId: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes: [],
    riskEventTypes_v2: [],
    autonomousSystemNumber: 64500,
    sessionId: '9dfdecb6-59a0-4714-846e-86c0fc911104',
    uniqueTokenIdentifier: 'MGExYjJjM2QtNGU1Zi00YTZiLThjN2QtOWUwZjFhMmIzYzAw',
    signInEventTypes: ['interactiveUser'],
    servicePrincipalId: null,
    servicePrincipalName: null,
    managedIdentityType: null,
    status: { errorCode: 0, failureReason: null, additionalDetails: null },
    deviceDetail: {
      deviceId: '',
      displayName: null,
      operatingSystem: 'Windows 10',
      browser: 'Edge 120.0.0',
      isCompliant: false,
      isManaged: false,
      trustType: null
    },
    location: {
      city: 'Zürich',
      state: 'Zurich',
      countryOrRegion: 'CH',
      geoCoordinates: { latitude: 47.3769, longitude: 8.5417, altitude: null }
    },
    mfaDetail: { authMethod: 'Mobile app notification', authDetail: null },
    appliedConditionalAccessPolicies: [
      {
        id: 'a1b2c3d4-0000-4000-8000-000000000001',
        displayName: 'Require MFA',
        enforcedGrantControls: ['Mfa'],
        result: 'success'
      }
    ],
    ...over
  }
}

const FAILED_NON_INTERACTIVE = makeSignIn({
  id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d01',
  createdDateTime: '2026-10-04T01:02:03.0400000Z',
  isInteractive: false,
  signInEventTypes: ['nonInteractiveUser'],
  status: {
    errorCode: 50126,
    failureReason: 'Error validating credentials due to invalid username or password.',
    additionalDetails: 'The user didn\'t enter the right credentials, see "aka.ms".'
  },
  authenticationDetails: [],
  mfaDetail: null
})

const INTERRUPTED = makeSignIn({
  id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e02',
  createdDateTime: '2026-10-03T23:30:00.0000000Z',
  status: {
    errorCode: 50140,
    failureReason: 'This error occurred due to "Keep me signed in" interrupt.',
    additionalDetails: null
  }
})

const SERVICE_PRINCIPAL = makeSignIn({
  id: '3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f03',
  createdDateTime: '2026-10-03T10:00:00.1000000Z',
  userDisplayName: null,
  userPrincipalName: null,
  userId: null,
  isInteractive: false,
  signInEventTypes: ['servicePrincipal'],
  servicePrincipalId: SP_ID,
  servicePrincipalName: 'Payroll sync',
  authenticationDetails: [],
  mfaDetail: null
})

const MANAGED_IDENTITY = makeSignIn({
  ...SERVICE_PRINCIPAL,
  id: '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a04',
  signInEventTypes: ['managedIdentity'],
  servicePrincipalName: 'vm-build-01',
  managedIdentityType: 'systemAssigned'
})

const audit = (value: DirectoryAudit): SampleRecord => ({ kind: 'audit', value })
const signIn = (value: SignIn): SampleRecord => ({ kind: 'signin', value })

/** Every kind of record, interleaved as a tenant model would stream them. */
function mixedRecords(): SampleRecord[] {
  return [
    audit(makeSecurityInfoAudit()),
    audit(makeAudit()),
    signIn(makeSignIn()),
    audit(makeWideAudit()),
    signIn(SERVICE_PRINCIPAL),
    signIn(INTERRUPTED),
    signIn(MANAGED_IDENTITY),
    audit(makeAppAudit()),
    signIn(FAILED_NON_INTERACTIVE)
  ]
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

interface Written {
  dir: string
  result: WriteResult
  /** Relative path → bytes. */
  files: Map<string, Buffer>
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort()
}

const tempDirs: string[] = []
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
})

async function write(
  format: SampleFormat,
  records: Iterable<SampleRecord> | AsyncIterable<SampleRecord>,
  options: WriteOptions = {}
): Promise<Written> {
  const dir = mkdtempSync(join(tmpdir(), `authtrail-writers-${format}-`))
  tempDirs.push(dir)
  const result = await writeFormat(format, records, dir, options)
  const files = new Map(listFiles(dir).map((name) => [name, readFileSync(join(dir, name))]))
  return { dir, result, files }
}

function only(written: Written): [string, Buffer] {
  expect(written.files.size).toBe(1)
  return [...written.files][0] as [string, Buffer]
}

function file(written: Written, name: string): Buffer {
  const bytes = written.files.get(name)
  if (!bytes) throw new Error(`no ${name}; files: ${[...written.files.keys()].join(', ')}`)
  return bytes
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf])

function hasBom(bytes: Buffer): boolean {
  return bytes.subarray(0, 3).equals(UTF8_BOM)
}

/** UTF-8 text without its BOM. */
function text(bytes: Buffer): string {
  return (hasBom(bytes) ? bytes.subarray(3) : bytes).toString('utf8')
}

function parseCsv(source: string): string[][] {
  const parsed = Papa.parse<string[]>(source, { header: false, skipEmptyLines: true })
  expect(parsed.errors).toEqual([])
  return parsed.data
}

function column(rows: string[][], name: string, index = 0): string[] {
  const header = rows[0] ?? []
  let at = -1
  for (let i = 0, seen = 0; i < header.length; i++) if (header[i] === name && seen++ === index) at = i
  if (at < 0) throw new Error(`no column ${JSON.stringify(name)}`)
  return rows.slice(1).map((row) => row[at] ?? '')
}

/** Lines of a text, checking that every line break is `eol` (and none is the other kind). */
function lines(source: string, eol: '\n' | '\r\n'): string[] {
  if (eol === '\n') expect(source).not.toContain('\r')
  else expect(source.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)
  expect(source.endsWith(eol)).toBe(true)
  return source.slice(0, -eol.length).split(eol)
}

// ---------------------------------------------------------------------------------------------
// Portal downloads
// ---------------------------------------------------------------------------------------------

/** FORMATS.md §1a, verbatim. */
const PORTAL_AUDIT_HEADER =
  '"Date (UTC)","CorrelationId","Service","Category","Activity","Result","ResultReason","User Agent","ActorType","ActorDisplayName","ActorObjectId","ActorUserPrincipalName","IPAddress","ActorHomeTenantId","ActorHomeTenantName","ActorServicePrincipalId","ActorServicePrincipalName","Target1Type","Target1DisplayName","Target1ObjectId","Target1UserPrincipalName","Target1ModifiedProperty1Name","Target1ModifiedProperty1OldValue","Target1ModifiedProperty1NewValue","Target1ModifiedProperty2Name","Target1ModifiedProperty2OldValue","Target1ModifiedProperty2NewValue","Target1ModifiedProperty3Name","Target1ModifiedProperty3OldValue","Target1ModifiedProperty3NewValue","Target1ModifiedProperty4Name","Target1ModifiedProperty4OldValue","Target1ModifiedProperty4NewValue","Target1ModifiedProperty5Name","Target1ModifiedProperty5OldValue","Target1ModifiedProperty5NewValue","Target2Type","Target2DisplayName","Target2ObjectId","Target2UserPrincipalName","Target2ModifiedProperty1Name","Target2ModifiedProperty1OldValue","Target2ModifiedProperty1NewValue","Target2ModifiedProperty2Name","Target2ModifiedProperty2OldValue","Target2ModifiedProperty2NewValue","Target2ModifiedProperty3Name","Target2ModifiedProperty3OldValue","Target2ModifiedProperty3NewValue","Target2ModifiedProperty4Name","Target2ModifiedProperty4OldValue","Target2ModifiedProperty4NewValue","Target2ModifiedProperty5Name","Target2ModifiedProperty5OldValue","Target2ModifiedProperty5NewValue","Target3Type","Target3DisplayName","Target3ObjectId","Target3UserPrincipalName","Target3ModifiedProperty1Name","Target3ModifiedProperty1OldValue","Target3ModifiedProperty1NewValue","Target3ModifiedProperty2Name","Target3ModifiedProperty2OldValue","Target3ModifiedProperty2NewValue","Target3ModifiedProperty3Name","Target3ModifiedProperty3OldValue","Target3ModifiedProperty3NewValue","Target3ModifiedProperty4Name","Target3ModifiedProperty4OldValue","Target3ModifiedProperty4NewValue","Target3ModifiedProperty5Name","Target3ModifiedProperty5OldValue","Target3ModifiedProperty5NewValue","AdditionalDetail1Key","AdditionalDetail1Value","AdditionalDetail2Key","AdditionalDetail2Value","AdditionalDetail3Key","AdditionalDetail3Value","AdditionalDetail4Key","AdditionalDetail4Value","AdditionalDetail5Key","AdditionalDetail5Value","AdditionalDetail6Key","AdditionalDetail6Value"'

/** FORMATS.md §6a, verbatim. */
const PORTAL_USER_SIGNIN_HEADER =
  '"Date (UTC)","Request ID","User agent","Correlation ID","User ID","User","Username","User type","Cross tenant access type","Incoming token type","Authentication Protocol","Unique token identifier","Original transfer method","Client credential type","Token Protection - Sign In Session","Token Protection - Sign In Session StatusCode","Application","Application ID ","App owner tenant ID","Resource","Resource ID ","Resource tenant ID","Resource owner tenant ID","Home tenant ID","Home tenant name","IP address","Location","Status","Sign-in error code","Failure reason","Client app","Device ID","Browser","Operating System","Compliant","Managed","Join Type","Multifactor authentication result","Multifactor authentication auth method","Multifactor authentication auth detail","Authentication requirement","Sign-in identifier","Session ID","IP address (seen by resource)","Through Global Secure Access","Global Secure Access IP address","Autonomous system  number","Flagged for review","Token issuer type","Incoming token type","Token issuer name","Latency","Conditional Access","Managed Identity type","Associated Resource Id","Federated Token Id","Federated Token Issuer"'

/** FORMATS.md §6a (MAIA lists the names unquoted; the portal quotes every field). */
const PORTAL_APP_SIGNIN_COLUMNS =
  'Date (UTC),Request ID,Correlation ID,Service principal ID,Service principal name,Credential key ID,Credential thumbprint,Application,Application ID ,App owner tenant ID,Resource,Resource ID ,Resource tenant ID,Resource owner tenant ID,Home tenant ID,Home tenant name,IP address,Location,Status,Sign-in error code,Failure reason,Conditional Access'

describe('portal-audit-csv', () => {
  it('starts with a BOM and the 86-column portal header byte for byte, rows end in CRLF', async () => {
    const written = await write('portal-audit-csv', mixedRecords())
    const [name, bytes] = only(written)
    expect(name).toBe('AuditLogs_2026-10-04.csv')
    expect(hasBom(bytes)).toBe(true)
    const body = text(bytes)
    expect(body.startsWith(PORTAL_AUDIT_HEADER + '\r\n')).toBe(true)
    const rows = lines(body, '\r\n')
    expect(rows).toHaveLength(5)
    expect(written.result.files).toEqual([{ path: join(written.dir, name), records: 4, bytes: bytes.length }])
  })

  it('quotes every field, keeps Graph JSON values intact and formats the row', async () => {
    const written = await write('portal-audit-csv', [audit(makeAudit()), audit(makeAppAudit())])
    const body = text(only(written)[1])
    const rows = parseCsv(body)
    // Re-quoting every parsed field reproduces each physical line: nothing was left unquoted.
    const physical = lines(body, '\r\n')
    rows.forEach((row, i) =>
      expect('"' + row.map((f) => f.replaceAll('"', '""')).join('","') + '"').toBe(physical[i])
    )
    expect(rows.every((row) => row.length === 86)).toBe(true)
    expect(column(rows, 'Date (UTC)')).toEqual([
      '2026-10-03T08:15:02.5168093Z',
      '2026-10-04T23:59:59.9999999Z'
    ])
    expect(column(rows, 'Result')).toEqual(['Success', 'Failure'])
    expect(column(rows, 'ResultReason')[1]).toBe('The password does not meet requirements, "complexity".')
    expect(column(rows, 'ActorType')).toEqual(['User', 'Application'])
    expect(column(rows, 'ActorDisplayName')).toEqual(["Ada O'Neil", 'Azure MFA StrongAuthenticationService'])
    expect(column(rows, 'ActorServicePrincipalId')).toEqual(['', SP_ID])
    expect(column(rows, 'IPAddress')).toEqual(['203.0.113.7', ''])
    expect(column(rows, 'Target1UserPrincipalName')[0]).toBe('bjorn@contoso.example')
    const newValue = column(rows, 'Target1ModifiedProperty1NewValue')[0] ?? ''
    expect(JSON.parse(newValue)).toEqual([
      { MethodType: 6, Default: true },
      { MethodType: 7, Default: false }
    ])
    expect(column(rows, 'Target1ModifiedProperty2NewValue')[0]).toBe('"StrongAuthenticationMethod"')
    expect(column(rows, 'Target1ModifiedProperty2OldValue')[0]).toBe('')
    expect(column(rows, 'AdditionalDetail1Key')[0]).toBe('UserType')
  })

  it('flattens 3 targets × 5 modified properties and 6 details, dropping the rest', async () => {
    const written = await write('portal-audit-csv', [audit(makeWideAudit())])
    const body = text(only(written)[1])
    const rows = parseCsv(body)
    expect(column(rows, 'Target3ObjectId')).toEqual(['target-3'])
    expect(column(rows, 'Target3ModifiedProperty5Name')).toEqual(['Property5'])
    expect(column(rows, 'Target3ModifiedProperty5NewValue')).toEqual(['["new 5"]'])
    expect(column(rows, 'AdditionalDetail6Value')).toEqual(['Value 6'])
    expect(body).not.toContain('target-4')
    expect(body).not.toContain('Property6')
    expect(body).not.toContain('Key7')
  })

  it('uses the Spanish names for the localized columns only', async () => {
    const written = await write('portal-audit-csv', [audit(makeAudit())], { locale: 'es' })
    const header = parseCsv(text(only(written)[1]))[0] ?? []
    const english = parseCsv(PORTAL_AUDIT_HEADER)[0] ?? []
    const renamed: Record<string, string> = {}
    header.forEach((name, i) => {
      if (name !== english[i]) renamed[english[i] ?? ''] = name
    })
    expect(renamed).toEqual({
      'Date (UTC)': 'Fecha (UTC)',
      Service: 'Servicio',
      Category: 'Categoría',
      Activity: 'Actividad',
      Result: 'Resultado',
      'User Agent': 'Agente de usuario',
      Target1UserPrincipalName: 'Objetivo1NombrePrincipalDeUsuario',
      Target2UserPrincipalName: 'Objetivo2NombrePrincipalDeUsuario',
      Target3UserPrincipalName: 'Objetivo3NombrePrincipalDeUsuario'
    })
  })

  it('splits at maxRecordsPerFile like repeated downloads, each part with its header', async () => {
    const records = [1, 2, 3].map((n) => audit(makeAudit({ correlationId: `correlation-${n}` })))
    const written = await write('portal-audit-csv', records, { maxRecordsPerFile: 2 })
    expect([...written.files.keys()]).toEqual(['AuditLogs_2026-10-03 (1).csv', 'AuditLogs_2026-10-03.csv'])
    expect(written.result.files.map((f) => f.records)).toEqual([1, 2])
    for (const bytes of written.files.values()) expect(text(bytes).startsWith(PORTAL_AUDIT_HEADER)).toBe(true)
    expect(text(file(written, 'AuditLogs_2026-10-03 (1).csv'))).toContain('"correlation-3"')
    expect(text(file(written, 'AuditLogs_2026-10-03.csv'))).not.toContain('"correlation-3"')
  })
})

describe('portal-audit-json', () => {
  it('is one array pretty-printed with 2 spaces that parses back to the input', async () => {
    const audits = [makeAudit(), makeWideAudit(), makeAppAudit()]
    const written = await write('portal-audit-json', [...audits.map(audit), signIn(makeSignIn())])
    const [name, bytes] = only(written)
    expect(name).toBe('AuditLogs_2026-10-04.json')
    expect(hasBom(bytes)).toBe(false)
    const body = text(bytes)
    expect(body.startsWith('[\n  {\n    "id": "Directory_2b1f0a57')).toBe(true)
    expect(body).toContain('\n  },\n  {\n    "id": "Directory_wide",')
    expect(body.endsWith('\n  }\n]\n')).toBe(true)
    expect(body).toBe(JSON.stringify(audits, null, 2) + '\n')
    expect(written.result.files[0]?.records).toBe(3)
  })
})

describe('portal-signin-csv', () => {
  it('writes one file per log, named by date range, with the verbatim headers', async () => {
    const written = await write('portal-signin-csv', mixedRecords())
    expect([...written.files.keys()]).toEqual([
      'ApplicationSignIns_2026-10-03_2026-10-04.csv',
      'InteractiveSignIns_2026-10-03_2026-10-04.csv',
      'InteractiveSignIns_AuthDetails_2026-10-03_2026-10-04.csv',
      'MSISignIns_2026-10-03_2026-10-04.csv',
      'NonInteractiveSignIns_2026-10-04_2026-10-05.csv'
    ])
    const interactive = file(written, 'InteractiveSignIns_2026-10-03_2026-10-04.csv')
    expect(hasBom(interactive)).toBe(true)
    expect(text(interactive).startsWith(PORTAL_USER_SIGNIN_HEADER + '\r\n')).toBe(true)
    expect(text(file(written, 'NonInteractiveSignIns_2026-10-04_2026-10-05.csv')).split('\r\n')[0]).toBe(
      PORTAL_USER_SIGNIN_HEADER
    )
    const app = text(file(written, 'ApplicationSignIns_2026-10-03_2026-10-04.csv'))
    expect(app.split('\r\n')[0]).toBe('"' + PORTAL_APP_SIGNIN_COLUMNS.split(',').join('","') + '"')
    const msiHeader = parseCsv(text(file(written, 'MSISignIns_2026-10-03_2026-10-04.csv')))[0]
    expect(msiHeader).toHaveLength(22)
    expect(msiHeader).toContain('Managed Identity type')
    expect(written.result.files.map((f) => f.records)).toEqual([1, 2, 4, 1, 1])
  })

  it('keeps the duplicated and oddly spaced columns and flattens the values like the portal', async () => {
    const written = await write('portal-signin-csv', [signIn(makeSignIn()), signIn(INTERRUPTED)])
    const rows = parseCsv(text(file(written, 'InteractiveSignIns_2026-10-03_2026-10-04.csv')))
    const header = rows[0] ?? []
    expect(header).toHaveLength(57)
    expect(header.indexOf('Incoming token type')).toBe(9)
    expect(header.lastIndexOf('Incoming token type')).toBe(49)
    expect(header).toContain('Application ID ')
    expect(header).toContain('Resource ID ')
    expect(header).toContain('Autonomous system  number')
    expect(column(rows, 'Date (UTC)')).toEqual(['2026-10-03T14:08:45Z', '2026-10-03T23:30:00Z'])
    expect(column(rows, 'Location')).toEqual(['Zürich, Zurich, CH', 'Zürich, Zurich, CH'])
    expect(column(rows, 'Status')).toEqual(['Success', 'Interrupted'])
    expect(column(rows, 'Sign-in error code')).toEqual(['0', '50140'])
    expect(column(rows, 'Failure reason')[1]).toBe(
      'This error occurred due to "Keep me signed in" interrupt.'
    )
    expect(column(rows, 'Compliant')).toEqual(['No', 'No'])
    expect(column(rows, 'Autonomous system  number')).toEqual(['64500', '64500'])
    expect(column(rows, 'Application ID ')[0]).toBe('c44b4083-3bb0-49c1-b47d-974e53cbdf3c')
    expect(column(rows, 'Multifactor authentication result')[0]).toBe('MFA successfully completed')
    expect(column(rows, 'Latency')[0]).toMatch(/^\d+ms$/)
    expect(column(rows, 'Incoming token type', 1)).toEqual(['None', 'None'])
  })

  it('writes one AuthDetails row per step, joined to the main file on Request ID', async () => {
    const written = await write('portal-signin-csv', [signIn(makeSignIn())])
    const main = parseCsv(text(file(written, 'InteractiveSignIns_2026-10-03_2026-10-04.csv')))
    const details = parseCsv(text(file(written, 'InteractiveSignIns_AuthDetails_2026-10-03_2026-10-04.csv')))
    expect(details[0]).toEqual([
      'Request ID',
      'Date (UTC)',
      'Authentication method',
      'Authentication method detail',
      'Succeeded',
      'Result detail',
      'Requirement'
    ])
    expect(details.slice(1)).toEqual([
      [
        '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c00',
        '2026-10-03T14:08:45Z',
        'Password',
        'Password in the cloud',
        'true',
        'Correct password',
        'Primary authentication'
      ],
      [
        '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c00',
        '2026-10-03T14:08:51Z',
        'Mobile app notification',
        '',
        'true',
        'MFA successfully completed',
        'Multi-factor authentication'
      ]
    ])
    expect(column(main, 'Request ID')).toEqual([details[1]?.[0]])
  })

  it('honours from/to and the Spanish header names', async () => {
    const written = await write('portal-signin-csv', [signIn(makeSignIn())], {
      from: '2026-09-13',
      to: '2026-10-13',
      locale: 'es'
    })
    const header = parseCsv(text(file(written, 'InteractiveSignIns_2026-09-13_2026-10-13.csv')))[0] ?? []
    expect(header.slice(0, 7)).toEqual([
      'Fecha (UTC)',
      'Request ID',
      'User agent',
      'Id. de correlación',
      'Id. de usuario',
      'Usuario',
      'Nombre de usuario'
    ])
    expect(header).toContain('Número de sistema autónomo')
    expect(header).toContain('Application ID ')
  })
})

// ---------------------------------------------------------------------------------------------
// Graph pages (Microsoft-Extractor-Suite) and NDJSON (Untitled Goose Tool)
// ---------------------------------------------------------------------------------------------

describe('PowerShell ConvertTo-Json', () => {
  it('5.1: 4-space steps, two spaces after colons, containers indented from their key', () => {
    const value = { a: [1, 2], b: { c: "x'y<&>" }, e: [], f: null, g: true, h: 'Zürich' }
    expect(ps51Pretty(value)).toBe(
      [
        '{',
        '    "a":  [',
        '              1,',
        '              2',
        '          ],',
        '    "b":  {',
        '              "c":  "x\\u0027y\\u003c\\u0026\\u003e"',
        '          },',
        '    "e":  [',
        '',
        '          ],',
        '    "f":  null,',
        '    "g":  true,',
        '    "h":  "Zürich"',
        '}'
      ].join('\r\n')
    )
  })

  it('5.1: arrays of objects, nested empty arrays and escapes', () => {
    expect(ps51Pretty([{ x: 1 }, { y: [], z: 'a"b\\c\nd' }])).toBe(
      [
        '[',
        '    {',
        '        "x":  1',
        '    },',
        '    {',
        '        "y":  [',
        '',
        '              ],',
        '        "z":  "a\\"b\\\\c\\nd"',
        '    }',
        ']'
      ].join('\r\n')
    )
    expect(ps51Compact({ a: [1, { b: "it's" }], c: {} })).toBe('{"a":[1,{"b":"it\\u0027s"}],"c":{}}')
  })

  it('7: Newtonsoft indentation and .NET round-trip times without trailing zeros', () => {
    expect(ps7Pretty({ t: '2026-10-03T14:08:51.0000000Z', u: '2026-10-03T14:08:51.2500000Z', a: [] })).toBe(
      '{\r\n  "t": "2026-10-03T14:08:51Z",\r\n  "u": "2026-10-03T14:08:51.25Z",\r\n  "a": []\r\n}'
    )
  })
})

/** Splits a Microsoft-Extractor-Suite page file into the JSON values it holds. */
function mesValues(body: string): unknown[] {
  return body
    .trimEnd()
    .split(/(?<=[\]}])\r\n(?=[[{])/)
    .flatMap((chunk) => {
      const value: unknown = JSON.parse(chunk)
      return Array.isArray(value) ? value : [value]
    })
}

describe('graph-audit-pages', () => {
  const audits = [1, 2, 3, 4, 5].map((n) =>
    makeAudit({ id: `Directory_${n}`, activityDateTime: `2026-10-0${n}T08:00:00.0000000Z` })
  )

  it('writes Windows PowerShell 5.1 pages: BOM, `]`CRLF`[` seams, a bare object for a one-record page', async () => {
    const written = await write('graph-audit-pages', audits.map(audit), { pageSize: 2 })
    // Pages 1 and 2 arrive in the same second (page p at floor(0.6 p) s), page 3 a second later.
    expect([...written.files.keys()]).toEqual([
      '20261006080000-AuditLogs.json',
      '20261006080001-AuditLogs.json'
    ])
    const first = file(written, '20261006080000-AuditLogs.json')
    const second = file(written, '20261006080001-AuditLogs.json')
    expect(hasBom(first) && hasBom(second)).toBe(true)
    const firstText = text(first)
    expect(firstText.startsWith('[\r\n    {\r\n        "id":  "Directory_1",\r\n')).toBe(true)
    expect(firstText.match(/\]\r\n\[/g)).toHaveLength(1)
    expect(firstText.endsWith('    }\r\n]\r\n')).toBe(true)
    expect(firstText).toContain(
      '        "initiatedBy":  {\r\n                            "user":  {\r\n                                         "id":  '
    )
    expect(firstText).toContain('"displayName":  "Ada O\\u0027Neil"')
    const secondText = text(second)
    expect(secondText.startsWith('{\r\n    "id":  "Directory_5",\r\n')).toBe(true)
    expect(secondText.endsWith('\r\n}\r\n')).toBe(true)
    expect([...mesValues(firstText), ...mesValues(secondText)]).toEqual(audits)
    expect(written.result.files.map((f) => f.records)).toEqual([4, 1])
  })

  it('uses acquiredAt for the file-name clock and PowerShell 7 layout without BOM', async () => {
    const written = await write('graph-audit-pages', audits.slice(0, 3).map(audit), {
      pageSize: 3,
      powershell: '7',
      acquiredAt: '2026-11-01T10:20:30Z'
    })
    const [name, bytes] = only(written)
    expect(name).toBe('20261101102030-AuditLogs.json')
    expect(hasBom(bytes)).toBe(false)
    const body = text(bytes)
    expect(body.startsWith('[\r\n  {\r\n    "id": "Directory_1",\r\n')).toBe(true)
    expect(body).toContain('"activityDateTime": "2026-10-01T08:00:00Z"')
    expect(body).toContain('"displayName": "Ada O\'Neil"')
  })

  it('writes raw Graph response pages with nextLink on all but the last', async () => {
    const written = await write('graph-audit-pages', audits.map(audit), { pageSize: 2, graphEnvelope: true })
    expect([...written.files.keys()]).toEqual([
      'directoryAudits-page00001.json',
      'directoryAudits-page00002.json',
      'directoryAudits-page00003.json'
    ])
    const pages = [...written.files.values()].map(
      (bytes) => JSON.parse(text(bytes)) as Record<string, unknown>
    )
    expect(pages.map((p) => p['@odata.context'])).toEqual(
      Array(3).fill('https://graph.microsoft.com/beta/$metadata#auditLogs/directoryAudits')
    )
    expect(pages.flatMap((p) => p.value as unknown[])).toEqual(audits)
    expect(pages[0]?.['@odata.nextLink']).toMatch(
      /^https:\/\/graph\.microsoft\.com\/beta\/auditLogs\/directoryAudits\?\$top=2&\$skiptoken=[\w-]+$/
    )
    expect(pages[2]).not.toHaveProperty('@odata.nextLink')
    expect(Object.keys(pages[0] ?? {})).toEqual(['@odata.context', 'value', '@odata.nextLink'])
  })
})

describe('graph-signin-pages', () => {
  it("puts each of MES's event-type groups in its own folder, one group after another", async () => {
    const written = await write('graph-signin-pages', mixedRecords(), { acquiredAt: '2026-10-05T08:00:00Z' })
    expect([...written.files.keys()]).toEqual([
      'interactiveUser & nonInteractiveUser/20261005080000-interactiveUser-nonInteractiveUser-SignInLogs.json',
      'managedIdentity/20261005080004-managedIdentity-SignInLogs.json',
      'servicePrincipal/20261005080002-servicePrincipal-SignInLogs.json'
    ])
    const users = mesValues(text([...written.files.values()][0] as Buffer)) as SignIn[]
    expect(users.map((s) => s.id)).toEqual([makeSignIn().id, INTERRUPTED.id, FAILED_NON_INTERACTIVE.id])
    // A single service-principal sign-in is a one-record page: a bare object.
    expect(text([...written.files.values()][2] as Buffer).startsWith('{\r\n    "id":  "3d4e5f6a')).toBe(true)
  })
})

describe('graph-*-ndjson', () => {
  it('Goose: json.dumps lines (", " and ": ", \\u-escaped non-ASCII), LF, one file per day', async () => {
    const emoji = makeAudit({ id: 'Directory_emoji', resultReason: 'Done 😀 — ok' })
    const written = await write('graph-audit-ndjson', [
      audit(makeAudit()),
      audit(emoji),
      audit(makeAppAudit())
    ])
    expect([...written.files.keys()]).toEqual([
      'azuread/azure_audit_logs/azureadauditlog_2026-10-03.json',
      'azuread/azure_audit_logs/azureadauditlog_2026-10-04.json'
    ])
    const day = file(written, 'azuread/azure_audit_logs/azureadauditlog_2026-10-03.json')
    expect(hasBom(day)).toBe(false)
    const rows = lines(day.toString('utf8'), '\n')
    expect(rows).toHaveLength(2)
    expect(
      rows[0]?.startsWith(
        '{"id": "Directory_2b1f0a57-0c2e-4d2a-9a55-3f1c6a7e9d10_8QWER_41257781", "category": '
      )
    ).toBe(true)
    expect(rows[0]).toContain('"displayName": "Bj\\u00f6rn M\\u00fcller"')
    expect(rows[1]).toContain('"resultReason": "Done \\ud83d\\ude00 \\u2014 ok"')
    expect(day.every((byte) => byte < 0x80)).toBe(true)
    expect(rows.map((row) => JSON.parse(row) as unknown)).toEqual([makeAudit(), emoji])
    expect(rows[0]).toBe(pythonDumps(makeAudit()))
  })

  it('Goose: sign-ins go to adfs, rt, sp and msi folders', async () => {
    const written = await write('graph-signin-ndjson', mixedRecords())
    expect([...written.files.keys()]).toEqual([
      'azuread/adfs/adfs_signin_log_2026-10-03.json',
      'azuread/msi/msi_signin_log_2026-10-03.json',
      'azuread/rt/rt_signin_log_2026-10-04.json',
      'azuread/sp/sp_signin_log_2026-10-03.json'
    ])
    expect(written.result.files.map((f) => f.records)).toEqual([2, 1, 1, 1])
  })

  it('pythonDumps matches Python json.dumps', () => {
    expect(pythonDumps({ a: 'Zürich 😀', b: [1, true, null, 2.5], c: {}, d: [], e: 'tab\t"q"\\' })).toBe(
      '{"a": "Z\\u00fcrich \\ud83d\\ude00", "b": [1, true, null, 2.5], "c": {}, "d": [], "e": "tab\\t\\"q\\"\\\\"}'
    )
  })

  it('SOF-ELK: one compact PowerShell object per CRLF line, in MES page files with BOM', async () => {
    const written = await write('graph-audit-ndjson', [audit(makeAudit()), audit(makeAppAudit())], {
      ndjsonStyle: 'sof-elk',
      acquiredAt: '2026-10-05T08:00:00Z'
    })
    const [name, bytes] = only(written)
    expect(name).toBe('20261005080000-AuditLogs.json')
    expect(hasBom(bytes)).toBe(true)
    const rows = lines(text(bytes), '\r\n')
    expect(rows).toHaveLength(2)
    expect(rows[0]?.startsWith('{"id":"Directory_2b1f0a57')).toBe(true)
    expect(rows[0]).toContain('"displayName":"Ada O\\u0027Neil"')
    expect(rows.map((row) => JSON.parse(row) as unknown)).toEqual([makeAudit(), makeAppAudit()])
  })
})

// ---------------------------------------------------------------------------------------------
// Log Analytics / Sentinel exports
// ---------------------------------------------------------------------------------------------

const LA_AUDIT_HEADER =
  'TenantId,SourceSystem,TimeGenerated [UTC],ResourceId,OperationName,OperationVersion,Category,ResultType,ResultSignature,ResultDescription,DurationMs,CorrelationId,Resource,ResourceGroup,ResourceProvider,Identity,Level,Location,AdditionalDetails,Id,InitiatedBy,LoggedByService,Result,ResultReason,TargetResources,AADTenantId,ActivityDisplayName,ActivityDateTime [UTC],AADOperationType,Type'

/** The 71 columns of the corpus `sign-in_adelete.csv`, in order. */
const LA_SIGNIN_CORPUS_COLUMNS =
  'TenantId,SourceSystem,ResourceId,OperationName,OperationVersion,Category,ResultType,ResultSignature,ResultDescription,DurationMs,CorrelationId,Resource,ResourceGroup,ResourceProvider,Identity,Level,Location,AlternateSignInName,AppDisplayName,AppId,AuthenticationDetails,AuthenticationMethodsUsed,AuthenticationProcessingDetails,AuthenticationRequirement,AuthenticationRequirementPolicies,ClientAppUsed,ConditionalAccessPolicies_dynamic,ConditionalAccessPolicies_string,ConditionalAccessStatus,CreatedDateTime [UTC],DeviceDetail_dynamic,DeviceDetail_string,IsInteractive,Id,IPAddress,IsRisky,LocationDetails_dynamic,LocationDetails_string,MfaDetail_dynamic,MfaDetail_string,NetworkLocationDetails,OriginalRequestId,ProcessingTimeInMilliseconds,RiskDetail,RiskEventTypes,RiskEventTypes_V2,RiskLevelAggregated,RiskLevelDuringSignIn,RiskState,ResourceDisplayName,ResourceIdentity,ServicePrincipalId,ServicePrincipalName,Status_dynamic,Status_string,TokenIssuerName,TokenIssuerType,UserAgent,UserDisplayName,UserId,UserPrincipalName,AADTenantId,UserType,FlaggedForReview,SignInIdentifier,SignInIdentifierType,ResourceTenantId,HomeTenantId,Type,AdditionalDetails,InitiatedBy'

const TENANT = '11111111-2222-4333-8444-555555555555'

describe('la-audit-csv', () => {
  it('has BOM, LF, the AuditLogs columns with [UTC] times in US format and JSON text cells', async () => {
    const written = await write('la-audit-csv', mixedRecords(), {
      tenantId: TENANT,
      workspaceId: 'workspace-1'
    })
    const [name, bytes] = only(written)
    expect(name).toBe('query_data.csv')
    expect(hasBom(bytes)).toBe(true)
    const body = text(bytes)
    expect(body.startsWith(LA_AUDIT_HEADER + '\n')).toBe(true)
    expect(body).not.toContain('\r')
    const rows = parseCsv(body)
    expect(rows).toHaveLength(5)
    // Truncated to milliseconds, never rounded up: .9999999 stays in the same second.
    expect(column(rows, 'TimeGenerated [UTC]')).toEqual([
      '10/3/2026, 8:14:58.000 AM',
      '10/3/2026, 8:15:02.516 AM',
      '10/3/2026, 9:00:00.000 AM',
      '10/4/2026, 11:59:59.999 PM'
    ])
    expect(column(rows, 'TenantId')[0]).toBe('workspace-1')
    expect(column(rows, 'AADTenantId')[0]).toBe(TENANT)
    expect(column(rows, 'ResourceId')[0]).toBe(`/tenants/${TENANT}/providers/Microsoft.aadiam`)
    expect(column(rows, 'Level')).toEqual(['4', '4', '4', '4'])
    expect(column(rows, 'Type')).toEqual(['AuditLogs', 'AuditLogs', 'AuditLogs', 'AuditLogs'])
    expect(JSON.parse(column(rows, 'InitiatedBy')[1] ?? '')).toEqual({
      user: {
        id: USER_ID,
        displayName: "Ada O'Neil",
        userPrincipalName: 'ada@contoso.example',
        ipAddress: '203.0.113.7',
        roles: []
      }
    })
    expect(JSON.parse(column(rows, 'InitiatedBy')[3] ?? '')).toEqual({
      app: {
        appId: null,
        displayName: 'Azure MFA StrongAuthenticationService',
        servicePrincipalId: SP_ID,
        servicePrincipalName: null
      }
    })
    const targets = JSON.parse(column(rows, 'TargetResources')[1] ?? '') as Record<string, unknown>[]
    expect(targets[0]?.administrativeUnits).toEqual([])
    expect(targets[0]?.modifiedProperties).toEqual(makeAudit().targetResources[0]?.modifiedProperties)
    expect(column(rows, 'ResultDescription')[3]).toBe(
      'The password does not meet requirements, "complexity".'
    )
    // Quotes only where needed: plain cells stay bare in the physical line.
    expect(body.split('\n')[2]).toMatch(/^workspace-1,Azure AD,"10\/3\/2026, 8:15:02\.516 AM",\/tenants\//)
  })
})

describe('la-signin-csv', () => {
  it('unions SigninLogs and AADNonInteractiveUserSignInLogs with X_dynamic / X_string pairs', async () => {
    const written = await write('la-signin-csv', mixedRecords(), { tenantId: TENANT })
    const body = text(only(written)[1])
    const rows = parseCsv(body)
    const header = rows[0] ?? []
    const corpus = LA_SIGNIN_CORPUS_COLUMNS.split(',')
    expect(header.filter((name) => corpus.includes(name))).toEqual(corpus)
    expect(header.slice(0, 4)).toEqual(['TenantId', 'SourceSystem', 'TimeGenerated [UTC]', 'ResourceId'])
    // Service-principal and managed-identity sign-ins live in other tables.
    expect(written.result.files[0]?.records).toBe(3)
    expect(column(rows, 'Type')).toEqual(['SigninLogs', 'SigninLogs', 'AADNonInteractiveUserSignInLogs'])
    expect(column(rows, 'Category')).toEqual(['SignInLogs', 'SignInLogs', 'NonInteractiveUserSignInLogs'])
    expect(column(rows, 'CreatedDateTime [UTC]')).toEqual([
      '10/3/2026, 2:08:45.221 PM',
      '10/3/2026, 11:30:00.000 PM',
      '10/4/2026, 1:02:03.040 AM'
    ])
    expect(column(rows, 'IsInteractive')).toEqual(['TRUE', 'TRUE', 'FALSE'])
    expect(column(rows, 'ResultType')).toEqual(['0', '50140', '50126'])
    expect(column(rows, 'Status_dynamic')).toEqual(['{"errorCode":0}', expect.stringContaining('50140'), ''])
    expect(column(rows, 'Status_string')[0]).toBe('')
    expect(JSON.parse(column(rows, 'Status_string')[2] ?? '')).toEqual({
      errorCode: 50126,
      failureReason: 'Error validating credentials due to invalid username or password.',
      additionalDetails: 'The user didn\'t enter the right credentials, see "aka.ms".'
    })
    expect(JSON.parse(column(rows, 'DeviceDetail_dynamic')[0] ?? '')).toEqual({
      deviceId: '',
      operatingSystem: 'Windows 10',
      browser: 'Edge 120.0.0'
    })
    const details = column(rows, 'AuthenticationDetails')[0] ?? ''
    expect(details.split('\n')).toHaveLength(21)
    expect(
      details.startsWith('[\n  {\n    "authenticationStepDateTime": "2026-10-03T14:08:45.2213421+00:00",')
    ).toBe(true)
    expect(JSON.parse(details)).toHaveLength(2)
    // The multi-line cell is one quoted field in the physical file.
    expect(body).toContain(
      ',"[\n  {\n    ""authenticationStepDateTime"": ""2026-10-03T14:08:45.2213421+00:00"",\n'
    )
  })
})

describe('la-*-jsonl', () => {
  it('writes PascalCase rows with JSON-string dynamic columns, millisecond times and CRLF', async () => {
    const written = await write('la-audit-jsonl', mixedRecords(), {
      tenantId: TENANT,
      workspaceId: 'workspace-1'
    })
    const [name, bytes] = only(written)
    expect(name).toBe('AuditLogs.json')
    expect(hasBom(bytes)).toBe(false)
    const rows = lines(text(bytes), '\r\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(rows).toHaveLength(4)
    const row = rows[1] ?? {}
    expect(Object.keys(row).slice(0, 4)).toEqual(['TenantId', 'SourceSystem', 'TimeGenerated', 'ResourceId'])
    expect(row.TimeGenerated).toBe('2026-10-03T08:15:02.516Z')
    expect(row.ActivityDateTime).toBe('2026-10-03T08:15:02.516Z')
    expect(row.Level).toBe('4')
    expect(row).not.toHaveProperty('ResultReason')
    expect(typeof row.TargetResources).toBe('string')
    expect(JSON.parse(row.AdditionalDetails as string)).toEqual([{ key: 'UserType', value: 'Member' }])
    expect(rows[3]?.ResultReason).toBe('The password does not meet requirements, "complexity".')
  })

  it('writes sign-in rows with AuthenticationDetails as a pretty-printed JSON string', async () => {
    const written = await write('la-signin-jsonl', mixedRecords())
    const [name, bytes] = only(written)
    expect(name).toBe('SigninLogs.json')
    const rows = lines(text(bytes), '\r\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(rows.map((r) => r.Type)).toEqual(['SigninLogs', 'SigninLogs', 'AADNonInteractiveUserSignInLogs'])
    expect(rows[0]?.IsInteractive).toBe(true)
    expect(rows[0]?.CreatedDateTime).toBe('2026-10-03T14:08:45.221Z')
    expect((rows[0]?.AuthenticationDetails as string).startsWith('[\n  {\n')).toBe(true)
    expect(JSON.parse(rows[0]?.DeviceDetail as string)).toEqual({
      deviceId: '',
      operatingSystem: 'Windows 10',
      browser: 'Edge 120.0.0'
    })
    expect(rows[0]).not.toHaveProperty('DeviceDetail_dynamic')
  })
})

// ---------------------------------------------------------------------------------------------
// Azure Monitor diagnostic settings
// ---------------------------------------------------------------------------------------------

describe('azure-monitor-eventhub', () => {
  it('writes {"records":[…]} bodies per category hub, records in the diagnostic byte style', async () => {
    const written = await write('azure-monitor-eventhub', mixedRecords(), {
      tenantId: TENANT,
      recordsPerBody: 3
    })
    expect([...written.files.keys()]).toEqual([
      'insights-logs-auditlogs.jsonl',
      'insights-logs-managedidentitysigninlogs.jsonl',
      'insights-logs-noninteractiveusersigninlogs.jsonl',
      'insights-logs-serviceprincipalsigninlogs.jsonl',
      'insights-logs-signinlogs.jsonl'
    ])
    const auditBodies = lines(text(file(written, 'insights-logs-auditlogs.jsonl')), '\n')
    expect(auditBodies).toHaveLength(2)
    expect(
      auditBodies[0]?.startsWith('{"records":[{ "time": "2026-10-03T08:14:58.0000000Z", "resourceId": ')
    ).toBe(true)
    const bodies = auditBodies.map((line) => JSON.parse(line) as { records: Record<string, unknown>[] })
    expect(bodies.map((b) => b.records.length)).toEqual([3, 1])
    const record = bodies[0]?.records[1] ?? {}
    expect(Object.keys(record)).toEqual([
      'time',
      'resourceId',
      'operationName',
      'operationVersion',
      'category',
      'tenantId',
      'resultSignature',
      'durationMs',
      'callerIpAddress',
      'correlationId',
      'identity',
      'Level',
      'properties'
    ])
    expect(record.resourceId).toBe(`/tenants/${TENANT}/providers/Microsoft.aadiam`)
    expect(record.Level).toBe(4)
    const properties = record.properties as Record<string, unknown>
    expect(properties.activityDateTime).toBe('2026-10-03T08:15:02.5168093+00:00')
    expect(properties.initiatedBy).toEqual({
      user: {
        id: USER_ID,
        displayName: "Ada O'Neil",
        userPrincipalName: 'ada@contoso.example',
        ipAddress: '203.0.113.7',
        roles: []
      }
    })
    const failure = bodies[1]?.records[0] ?? {}
    expect(failure.resultDescription).toBe('The password does not meet requirements, "complexity".')
    expect(failure).not.toHaveProperty('callerIpAddress')

    const signInRecord = (
      JSON.parse(text(file(written, 'insights-logs-noninteractiveusersigninlogs.jsonl'))) as {
        records: Record<string, unknown>[]
      }
    ).records[0]
    expect(signInRecord).toMatchObject({
      category: 'NonInteractiveUserSignInLogs',
      operationName: 'Sign-in activity',
      resultType: '50126',
      resultDescription: 'Error validating credentials due to invalid username or password.',
      callerIpAddress: '198.51.100.23',
      location: 'CH',
      Level: 4
    })
    expect((signInRecord?.properties as Record<string, unknown>).createdDateTime).toBe(
      '2026-10-04T01:02:03.0400000+00:00'
    )
  })
})

describe('azure-monitor-pt1h', () => {
  it('writes one record per line into hourly PT1H.json blobs per category container', async () => {
    const written = await write('azure-monitor-pt1h', mixedRecords(), { tenantId: TENANT })
    const prefix = `resourceId=/tenants/${TENANT}/providers/Microsoft.aadiam`
    expect([...written.files.keys()]).toEqual([
      `insights-logs-auditlogs/${prefix}/y=2026/m=10/d=03/h=08/m=00/PT1H.json`,
      `insights-logs-auditlogs/${prefix}/y=2026/m=10/d=03/h=09/m=00/PT1H.json`,
      `insights-logs-auditlogs/${prefix}/y=2026/m=10/d=04/h=23/m=00/PT1H.json`,
      `insights-logs-managedidentitysigninlogs/${prefix}/y=2026/m=10/d=03/h=10/m=00/PT1H.json`,
      `insights-logs-noninteractiveusersigninlogs/${prefix}/y=2026/m=10/d=04/h=01/m=00/PT1H.json`,
      `insights-logs-serviceprincipalsigninlogs/${prefix}/y=2026/m=10/d=03/h=10/m=00/PT1H.json`,
      `insights-logs-signinlogs/${prefix}/y=2026/m=10/d=03/h=14/m=00/PT1H.json`,
      `insights-logs-signinlogs/${prefix}/y=2026/m=10/d=03/h=23/m=00/PT1H.json`
    ])
    const hour = lines(
      text(file(written, `insights-logs-auditlogs/${prefix}/y=2026/m=10/d=03/h=08/m=00/PT1H.json`)),
      '\n'
    )
    expect(hour).toHaveLength(2)
    expect(hour.map((line) => (JSON.parse(line) as { category: string }).category)).toEqual([
      'AuditLogs',
      'AuditLogs'
    ])
    expect(hour[0]?.startsWith('{ "time": "2026-10-03T08:14:58.0000000Z", ')).toBe(true)
    expect(hour[0]?.endsWith('}}')).toBe(true)
  })
})

// ---------------------------------------------------------------------------------------------
// Unified audit log (Purview)
// ---------------------------------------------------------------------------------------------

interface AuditData {
  [key: string]: unknown
  CreationTime: string
  Operation: string
  RecordType: number
}

describe('purview-csv', () => {
  it('writes the new 8-column export: CRLF, no BOM, US CreationDate, ""-escaped AuditData', async () => {
    const written = await write('purview-csv', mixedRecords(), { tenantId: TENANT })
    const [name, bytes] = only(written)
    expect(name).toBe('purview.csv')
    expect(hasBom(bytes)).toBe(false)
    const body = text(bytes)
    const physical = lines(body, '\r\n')
    expect(physical[0]).toBe(
      'RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames'
    )
    const rows = parseCsv(body)
    // Mirrored: the Core Directory audits and the interactive user sign-ins, not the
    // Authentication Methods event, the non-interactive or the service sign-ins.
    expect(column(rows, 'Operation')).toEqual([
      'Update user.',
      'UserLoggedIn',
      'Update user.',
      'UserLoggedIn',
      'Reset user password.'
    ])
    expect(column(rows, 'RecordType')).toEqual(['8', '15', '8', '15', '8'])
    expect(column(rows, 'CreationDate')).toEqual([
      '10/3/2026 8:15:02 AM',
      '10/3/2026 2:08:45 PM',
      '10/3/2026 9:00:00 AM',
      '10/3/2026 11:30:00 PM',
      '10/4/2026 11:59:59 PM'
    ])
    expect(column(rows, 'UserId')).toEqual([
      'ada@contoso.example',
      'ada@contoso.example',
      'ada@contoso.example',
      'ada@contoso.example',
      `ServicePrincipal_${SP_ID}`
    ])
    // AuditData is the service's JSON text: `/` escaped, quotes doubled in the CSV.
    expect(physical[2]).toContain('{""Name"":""UserAgent"",""Value"":""Mozilla\\/5.0 (Windows NT 10.0;')
    const data = column(rows, 'AuditData').map((cell) => JSON.parse(cell) as AuditData)
    expect(column(rows, 'RecordId')).toEqual(data.map((d) => d.Id))
    expect(data[0]).toMatchObject({
      CreationTime: '2026-10-03T08:15:02',
      Operation: 'Update user.',
      OrganizationId: TENANT,
      RecordType: 8,
      ResultStatus: 'Success',
      UserType: 0,
      Workload: 'AzureActiveDirectory',
      ObjectId: 'bjorn@contoso.example',
      InterSystemsId: '2b1f0a57-0c2e-4d2a-9a55-3f1c6a7e9d10'
    })
    expect(data[0]?.ModifiedProperties).toEqual([
      {
        Name: 'StrongAuthenticationMethod',
        NewValue:
          '[\r\n  {\r\n    "MethodType": 6,\r\n    "Default": true\r\n  },\r\n  {\r\n    "MethodType": 7,\r\n    "Default": false\r\n  }\r\n]',
        OldValue: '[]'
      },
      { Name: 'Included Updated Properties', NewValue: 'StrongAuthenticationMethod', OldValue: '' }
    ])
    expect(data[0]?.Actor).toEqual([
      { ID: 'ada@contoso.example', Type: 5 },
      { ID: expect.stringMatching(/^1003[0-9A-F]{12}$/), Type: 3 },
      { ID: `User_${USER_ID}`, Type: 2 },
      { ID: USER_ID, Type: 2 },
      { ID: 'User', Type: 2 }
    ])
    expect(data[0]?.Target).toContainEqual({ ID: `User_${TARGET_ID}`, Type: 2 })
    expect(data[1]).toMatchObject({
      Operation: 'UserLoggedIn',
      RecordType: 15,
      ClientIP: '198.51.100.23',
      ErrorNumber: '0'
    })
    expect(data[3]).toMatchObject({ Operation: 'UserLoggedIn', ErrorNumber: '50140' })
    expect(data[4]).toMatchObject({ ResultStatus: 'Failure', UserType: 4, UserKey: 'Not Available' })
  })

  it('writes UserLoginFailed with LogonError for a failed interactive sign-in', async () => {
    const failed = makeSignIn({
      ...FAILED_NON_INTERACTIVE,
      isInteractive: true,
      signInEventTypes: ['interactiveUser']
    })
    const written = await write('purview-csv', [signIn(failed)])
    const data = JSON.parse(column(parseCsv(text(only(written)[1])), 'AuditData')[0] ?? '') as AuditData
    expect(data).toMatchObject({
      Operation: 'UserLoginFailed',
      ErrorNumber: '50126',
      LogonError: 'InvalidUserNameOrPassword'
    })
  })

  it('writes the classic 4-column export', async () => {
    const written = await write('purview-csv', [audit(makeAudit())], { purviewLayout: 'classic' })
    const [name, bytes] = only(written)
    expect(name).toBe('AuditLog.csv')
    const rows = parseCsv(text(bytes))
    expect(rows[0]).toEqual(['CreationDate', 'UserIds', 'Operations', 'AuditData'])
    expect(rows[1]?.slice(0, 3)).toEqual([
      '2026-10-03T08:15:02.0000000Z',
      'ada@contoso.example',
      'Update user.'
    ])
  })

  it('writes Search-UnifiedAuditLog | Export-Csv sessions: all quoted, enum names, result index/count', async () => {
    const written = await write('purview-csv', mixedRecords(), {
      purviewLayout: 'powershell',
      culture: 'en-AU'
    })
    expect([...written.files.keys()]).toEqual(['UAL-20261003000000.csv', 'UAL-20261004000000.csv'])
    const day = file(written, 'UAL-20261003000000.csv')
    expect(hasBom(day)).toBe(true)
    const physical = lines(text(day), '\r\n')
    expect(physical[0]).toBe(
      '"RecordType","CreationDate","UserIds","Operations","AuditData","ResultIndex","ResultCount","Identity","IsValid","ObjectState"'
    )
    const rows = parseCsv(text(day))
    expect(column(rows, 'RecordType')).toEqual([
      'AzureActiveDirectory',
      'AzureActiveDirectoryStsLogon',
      'AzureActiveDirectory',
      'AzureActiveDirectoryStsLogon'
    ])
    expect(column(rows, 'CreationDate')[0]).toBe('3/10/2026 8:15:02 AM')
    expect(column(rows, 'ResultIndex')).toEqual(['1', '2', '3', '4'])
    expect(column(rows, 'ResultCount')).toEqual(['4', '4', '4', '4'])
    expect(column(rows, 'IsValid')).toEqual(['True', 'True', 'True', 'True'])
    expect(
      physical[1]?.startsWith(
        '"AzureActiveDirectory","3/10/2026 8:15:02 AM","ada@contoso.example","Update user.","{'
      )
    ).toBe(true)
  })
})

describe('ual-jsonl', () => {
  it('writes one AuditData object per LF line, `\\/` escaped, per UTC day', async () => {
    const written = await write('ual-jsonl', mixedRecords())
    expect([...written.files.keys()]).toEqual(['UAL-20261003000000.jsonl', 'UAL-20261004000000.jsonl'])
    const day = text(file(written, 'UAL-20261003000000.jsonl'))
    const rows = lines(day, '\n')
    expect(rows).toHaveLength(4)
    expect(rows[0]?.startsWith('{"CreationTime":"2026-10-03T08:15:02","Id":"')).toBe(true)
    expect(rows[1]).toContain('"Value":"Mozilla\\/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit\\/537.36')
    expect(rows.map((row) => (JSON.parse(row) as AuditData).Operation)).toEqual([
      'Update user.',
      'UserLoggedIn',
      'Update user.',
      'UserLoggedIn'
    ])
  })
})

// ---------------------------------------------------------------------------------------------
// Every format
// ---------------------------------------------------------------------------------------------

const AUDIT_ONLY: SampleFormat[] = [
  'portal-audit-csv',
  'portal-audit-json',
  'graph-audit-pages',
  'graph-audit-ndjson',
  'la-audit-csv',
  'la-audit-jsonl'
]
const SIGNIN_ONLY: SampleFormat[] = [
  'portal-signin-csv',
  'graph-signin-pages',
  'graph-signin-ndjson',
  'la-signin-csv',
  'la-signin-jsonl'
]

function concat(written: Written): Buffer {
  return Buffer.concat([...written.files].flatMap(([name, bytes]) => [Buffer.from(name + '\0'), bytes]))
}

async function* later(records: SampleRecord[]): AsyncGenerator<SampleRecord> {
  for (const record of records) {
    await new Promise((resolve) => setImmediate(resolve))
    yield record
  }
}

describe('every format', () => {
  it.each(SAMPLE_FORMATS)('%s: is deterministic and accepts an async iterable', async (format) => {
    const first = await write(format, mixedRecords())
    const second = await write(format, later(mixedRecords()))
    expect(first.files.size).toBeGreaterThan(0)
    expect(concat(second).equals(concat(first))).toBe(true)
    // The result lists exactly the files on disk, with their sizes.
    expect(first.result.files.map((f) => relative(first.dir, f.path)).sort()).toEqual([...first.files.keys()])
    for (const f of first.result.files)
      expect(f.bytes).toBe(first.files.get(relative(first.dir, f.path))?.length)
    // No working files are left behind.
    expect([...first.files.keys()].some((name) => name.includes('.partial'))).toBe(false)
  })

  it.each(SAMPLE_FORMATS)('%s: writes the BOM and line breaks textStyle announces', async (format) => {
    const { encoding, eol } = textStyle(format)
    expect(['utf8', 'utf8-bom']).toContain(encoding)
    const written = await write(format, mixedRecords())
    for (const bytes of written.files.values()) {
      expect(hasBom(bytes)).toBe(encoding === 'utf8-bom')
      const body = text(bytes)
      if (eol === '\r\n') expect(body.replaceAll('\r\n', '')).not.toContain('\r')
      // Line breaks outside quoted CSV cells: every record ends with the announced one.
      expect(body.endsWith(eol)).toBe(true)
      if (eol === '\n') expect(body.endsWith('\r\n')).toBe(false)
    }
  })

  it('announces the tool-specific styles of the variants', () => {
    expect(textStyle('graph-audit-pages')).toEqual({ encoding: 'utf8-bom', eol: '\r\n' })
    expect(textStyle('graph-audit-pages', { powershell: '7' })).toEqual({ encoding: 'utf8', eol: '\r\n' })
    expect(textStyle('graph-signin-ndjson', { ndjsonStyle: 'sof-elk' })).toEqual({
      encoding: 'utf8-bom',
      eol: '\r\n'
    })
    expect(textStyle('purview-csv', { purviewLayout: 'powershell' })).toEqual({
      encoding: 'utf8-bom',
      eol: '\r\n'
    })
    expect(textStyle('la-audit-csv', { encoding: 'utf16le', eol: '\r\n' })).toEqual({
      encoding: 'utf16le',
      eol: '\r\n'
    })
  })

  it.each(AUDIT_ONLY)('%s: skips sign-ins', async (format) => {
    const written = await write(
      format,
      mixedRecords().filter((r) => r.kind === 'signin')
    )
    expect(written.files.size).toBe(0)
    expect(written.result.files).toEqual([])
  })

  it.each(SIGNIN_ONLY)('%s: skips audits', async (format) => {
    const written = await write(
      format,
      mixedRecords().filter((r) => r.kind === 'audit')
    )
    expect(written.files.size).toBe(0)
  })

  it('encodes as UTF-16 LE/BE with BOM and as UTF-8 with BOM on request', async () => {
    const records = [audit(makeAudit())]
    const plain = text(only(await write('la-audit-jsonl', records))[1])
    const le = only(await write('la-audit-jsonl', records, { encoding: 'utf16le' }))[1]
    expect([...le.subarray(0, 2)]).toEqual([0xff, 0xfe])
    expect(le.subarray(2).toString('utf16le')).toBe(plain)
    const be = only(await write('la-audit-jsonl', records, { encoding: 'utf16be' }))[1]
    expect([...be.subarray(0, 2)]).toEqual([0xfe, 0xff])
    expect(Buffer.from(be.subarray(2)).swap16().toString('utf16le')).toBe(plain)
    const bom = only(await write('la-audit-jsonl', records, { encoding: 'utf8-bom' }))[1]
    expect(hasBom(bom)).toBe(true)
    expect(text(bom)).toBe(plain)
    // A BOM-less default stays BOM-less; a BOM default can be turned off.
    const csv = only(await write('portal-audit-csv', records, { encoding: 'utf8' }))[1]
    expect(hasBom(csv)).toBe(false)
  })

  it('changes line endings on request, including inside PowerShell output', async () => {
    const csv = text(only(await write('portal-audit-csv', [audit(makeAudit())], { eol: '\n' }))[1])
    expect(lines(csv, '\n')).toHaveLength(2)
    const pages = text(only(await write('graph-audit-pages', [audit(makeAudit())], { eol: '\n' }))[1])
    expect(pages).not.toContain('\r')
    expect(JSON.parse(pages)).toEqual(makeAudit())
    const jsonl = text(only(await write('la-audit-jsonl', [audit(makeAudit())], { eol: '\n' }))[1])
    expect(lines(jsonl, '\n')).toHaveLength(1)
  })
})
