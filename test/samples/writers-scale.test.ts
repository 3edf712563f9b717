import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { DirectoryAudit, SampleRecord, SignIn } from '../../scripts/samples/graph-types'
import { writeFormat, type SampleFormat } from '../../scripts/samples/writers/index'

/**
 * Streaming and backpressure at scale. The records come from a *synchronous* generator, so the
 * writer's loop only lets the event loop run (and the file stream reach the disk) when it waits for
 * `drain`. If it held the output in memory, or ignored backpressure and let the stream queue it,
 * almost nothing would be on disk until the end; so the bytes already on disk while the generator
 * is still producing show the output is streamed in bounded memory.
 */

const RECORDS = 50_000
const CHECK_AT = 40_000
/** What may still be in flight at any moment: ~1 MB pending text, ~1 MB stream buffer, a write in progress. */
const IN_FLIGHT = 4 * 1024 * 1024

function time(i: number): string {
  return new Date(Date.UTC(2026, 9, 1) + i * 1000).toISOString().replace('Z', '0000Z')
}

function auditAt(i: number): DirectoryAudit {
  return {
    id: `Directory_${i.toString(16).padStart(8, '0')}-0c2e-4d2a-9a55-3f1c6a7e9d10_ABCDE_${i}`,
    category: 'UserManagement',
    correlationId: `${i.toString(16).padStart(8, '0')}-0c2e-4d2a-9a55-3f1c6a7e9d10`,
    result: 'success',
    resultReason: '',
    activityDisplayName: 'Update user',
    activityDateTime: time(i),
    loggedByService: 'Core Directory',
    operationType: 'Update',
    userAgent: null,
    initiatedBy: {
      user: {
        id: 'user-1',
        displayName: 'Ada',
        userPrincipalName: 'ada@contoso.example',
        ipAddress: '203.0.113.7'
      },
      app: null
    },
    targetResources: [
      {
        id: `target-${i % 100}`,
        displayName: null,
        type: 'User',
        userPrincipalName: `user${i % 100}@contoso.example`,
        groupType: null,
        modifiedProperties: [
          {
            displayName: 'StrongAuthenticationMethod',
            oldValue: '[]',
            newValue: '[{"MethodType":6,"Default":true}]'
          },
          {
            displayName: 'Included Updated Properties',
            oldValue: null,
            newValue: '"StrongAuthenticationMethod"'
          }
        ]
      }
    ],
    additionalDetails: [{ key: 'UserType', value: 'Member' }]
  }
}

function signInAt(i: number): SignIn {
  return {
    id: `${i.toString(16).padStart(8, '0')}-4e5f-4a6b-8c7d-9e0f1a2b3c00`,
    createdDateTime: time(i),
    userDisplayName: 'Ada',
    userPrincipalName: 'ada@contoso.example',
    userId: 'user-1',
    appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
    appDisplayName: 'Azure Portal',
    ipAddress: '198.51.100.23',
    clientAppUsed: 'Browser',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
    correlationId: 'f9ff9ee8-d565-478b-bc95-8b4f0d468fe1',
    conditionalAccessStatus: 'notApplied',
    originalRequestId: 'f9ff9ee8-d565-478b-bc95-8b4f0d468fe1',
    isInteractive: i % 4 !== 0,
    tokenIssuerType: 'AzureAD',
    authenticationRequirement: 'singleFactorAuthentication',
    authenticationMethodsUsed: ['Password'],
    authenticationDetails: [
      {
        authenticationStepDateTime: time(i),
        authenticationMethod: 'Password',
        authenticationMethodDetail: 'Password in the cloud',
        succeeded: true,
        authenticationStepResultDetail: 'Correct password',
        authenticationStepRequirement: 'Primary authentication'
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
    sessionId: null,
    uniqueTokenIdentifier: null,
    signInEventTypes: [i % 4 !== 0 ? 'interactiveUser' : 'nonInteractiveUser'],
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
      city: 'Redmond',
      state: 'Washington',
      countryOrRegion: 'US',
      geoCoordinates: { latitude: 47.67, longitude: -122.12, altitude: null }
    },
    mfaDetail: null,
    appliedConditionalAccessPolicies: []
  }
}

function bytesOnDisk(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => statSync(join(dir, name)))
    .filter((stat) => stat.isFile())
    .reduce((sum, stat) => sum + stat.size, 0)
}

const tempDirs: string[] = []
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
})

async function streamed(format: SampleFormat, make: (i: number) => SampleRecord) {
  const dir = mkdtempSync(join(tmpdir(), `authtrail-writers-scale-${format}-`))
  tempDirs.push(dir)
  let onDiskAtCheck = -1
  function* records(): Generator<SampleRecord> {
    for (let i = 0; i < RECORDS; i++) {
      if (i === CHECK_AT) onDiskAtCheck = bytesOnDisk(dir)
      yield make(i)
    }
  }
  const result = await writeFormat(format, records(), dir)
  const total = result.files.reduce((sum, f) => sum + f.bytes, 0)
  return { dir, result, total, onDiskAtCheck }
}

describe('writers at scale', () => {
  it('portal-audit-json streams 50,000 audits to disk while they are produced', async () => {
    const { result, total, onDiskAtCheck } = await streamed('portal-audit-json', (i) => ({
      kind: 'audit',
      value: auditAt(i)
    }))
    expect(result.files).toHaveLength(1)
    expect(result.files[0]?.records).toBe(RECORDS)
    expect(total).toBeGreaterThan(RECORDS * 1000)
    expect(onDiskAtCheck).toBeGreaterThan((total * CHECK_AT) / RECORDS - IN_FLIGHT)
    const path = result.files[0]?.path ?? ''
    expect(statSync(path).size).toBe(total)
    const tail = readFileSync(path).subarray(-200).toString('utf8')
    expect(tail.endsWith('"value": "Member"\n      }\n    ]\n  }\n]\n')).toBe(true)
  })

  it('portal-signin-csv streams 50,000 sign-ins into its files while they are produced', async () => {
    const { result, total, onDiskAtCheck } = await streamed('portal-signin-csv', (i) => ({
      kind: 'signin',
      value: signInAt(i)
    }))
    const names = result.files.map((f) => f.path.split(/[\\/]/).pop())
    expect(names).toEqual([
      'InteractiveSignIns_2026-10-01_2026-10-02.csv',
      'InteractiveSignIns_AuthDetails_2026-10-01_2026-10-02.csv',
      'NonInteractiveSignIns_2026-10-01_2026-10-02.csv',
      'NonInteractiveSignIns_AuthDetails_2026-10-01_2026-10-02.csv'
    ])
    expect(result.files.map((f) => f.records)).toEqual([37_500, 37_500, 12_500, 12_500])
    // Four files fill at once, each with its own buffers in flight.
    expect(onDiskAtCheck).toBeGreaterThan((total * CHECK_AT) / RECORDS - 4 * IN_FLIGHT)
    const interactive = readFileSync(result.files[0]?.path ?? '', 'utf8')
    expect(interactive.split('\r\n')).toHaveLength(37_500 + 2)
  })
})
