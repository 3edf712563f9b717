import { writeFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { main, type Io } from '../../src/main/cli/main'
import { listFindings, ruleRuns } from '../../src/main/db/findings'
import { openCase } from '../../src/main/db/open'
import { tempDir, type TempDir } from '../helpers/temp-case'

/**
 * The scan end to end: Graph exports written to disk, imported by the real importer, scanned
 * through the CLI; findings stored in the case with stable ids, updated by a scan after a new
 * import, and the method inventory and case lists through their commands.
 */
const DAY = 86_400_000
const T0 = Date.UTC(2026, 2, 2)
const iso = (ms: number): string => new Date(ms).toISOString()
const at = (day: number, h: number, m = 0): number => T0 + day * DAY + (h * 60 + m) * 60_000

const OLIVIA = { id: 'c9457b3d-0000-4000-8000-000000000001', upn: 'olivia@corp.example.com' }
let seq = 0
const guid = (): string => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`

function signIn(user: typeof OLIVIA, ms: number, ip: string, extra: Record<string, unknown> = {}) {
  return {
    id: guid(),
    createdDateTime: iso(ms),
    userPrincipalName: user.upn,
    userId: user.id,
    userDisplayName: 'Olivia',
    appDisplayName: 'OfficeHome',
    ipAddress: ip,
    isInteractive: true,
    correlationId: guid(),
    status: { errorCode: 0, failureReason: null, additionalDetails: null },
    location: { city: 'Seattle', state: 'WA', countryOrRegion: 'US' },
    autonomousSystemNumber: 64496,
    authenticationRequirement: 'multiFactorAuthentication',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes_v2: [],
    ...extra
  }
}

function audit(activity: string, ms: number, fields: Record<string, unknown>) {
  return {
    id: `Directory_${guid()}`,
    category: 'UserManagement',
    correlationId: guid(),
    result: 'success',
    activityDisplayName: activity,
    activityDateTime: iso(ms),
    loggedByService: 'Authentication Methods',
    operationType: 'Add',
    additionalDetails: [],
    ...fields
  }
}

const userTarget = (user: typeof OLIVIA, modifiedProperties: unknown[] = []) => [
  { id: user.id, type: 'User', userPrincipalName: user.upn, displayName: 'Olivia', modifiedProperties }
]
const byUser = (user: typeof OLIVIA, ip: string) => ({
  user: { id: user.id, userPrincipalName: user.upn, ipAddress: ip, displayName: 'Olivia' },
  app: null
})
const device = (name: string, token: string) => ({
  DeviceName: name,
  DeviceToken: token,
  PhoneAppVersion: '6.8.13'
})

/** Five days at home, a high-risk sign-in from a VPS, and a new Authenticator from it 9 minutes later. */
function attack() {
  const signins = []
  for (let d = 0; d < 5; d++) {
    signins.push(signIn(OLIVIA, at(d, 9), '192.0.2.32'), signIn(OLIVIA, at(d, 15), '192.0.2.32'))
  }
  const risky = signIn(OLIVIA, at(6, 17, 2), '203.0.113.45', {
    location: { city: 'Amsterdam', countryOrRegion: 'NL' },
    autonomousSystemNumber: 65536,
    riskLevelDuringSignIn: 'high',
    riskState: 'atRisk',
    riskEventTypes_v2: ['anomalousToken']
  })
  signins.push(
    risky,
    signIn(OLIVIA, at(6, 17, 14), '203.0.113.45', {
      location: { countryOrRegion: 'NL' },
      autonomousSystemNumber: 65536
    })
  )
  const audits = [
    audit('Update user', at(6, 17, 11), {
      loggedByService: 'Core Directory',
      operationType: 'Update',
      initiatedBy: {
        user: null,
        app: { displayName: 'Azure MFA StrongAuthenticationService', servicePrincipalId: guid() }
      },
      targetResources: userTarget(OLIVIA, [
        {
          displayName: 'StrongAuthenticationPhoneAppDetail',
          oldValue: JSON.stringify([device('iPhone 14', 'tok-olivia')]),
          newValue: JSON.stringify([device('iPhone 14', 'tok-olivia'), device('SM-A546E', 'tok-attacker')])
        }
      ])
    }),
    audit('User registered security info', at(6, 17, 11) + 2500, {
      resultReason: 'User registered Authenticator App with Notification and Code',
      initiatedBy: byUser(OLIVIA, '203.0.113.45'),
      targetResources: userTarget(OLIVIA)
    })
  ]
  return { signins, audits, risky }
}

function io(): Io & { stdout: () => string; stderr: () => string } {
  let out = ''
  let err = ''
  return {
    out: (t) => {
      out += t
    },
    err: (t) => {
      err += t
    },
    isTty: false,
    stdout: () => out,
    stderr: () => err
  }
}

async function cli(args: string[]) {
  const o = io()
  const code = await main(args, o)
  return { code, out: o.stdout(), err: o.stderr() }
}

interface JsonFinding {
  id: string
  rule: string
  severity: string
  users: string[]
  start: string
  end: string
  evidence: number[]
  summary: string
}

describe('authtrail scan on an imported case', () => {
  let dir: TempDir
  afterEach(() => dir?.cleanup())

  it('stores findings with evidence and stable ids, and updates them after a new import', async () => {
    dir = tempDir()
    const casePath = dir.path('case.authtrail')
    const { signins, audits, risky } = attack()
    writeFileSync(dir.path('AuditLogs_2026-03-08.json'), JSON.stringify(audits))
    writeFileSync(dir.path('SignIns_2026-03-08.json'), JSON.stringify(signins))
    expect(
      (
        await cli([
          'import',
          casePath,
          dir.path('AuditLogs_2026-03-08.json'),
          dir.path('SignIns_2026-03-08.json')
        ])
      ).code
    ).toBe(0)

    const first = await cli(['scan', casePath, '--json'])
    expect(first.code).toBe(0)
    const found = JSON.parse(first.out) as JsonFinding[]
    const rules = [...new Set(found.map((f) => f.rule))].sort()
    expect(rules).toEqual(expect.arrayContaining(['SI-001', 'SI-007', 'SI-014', 'SI-017', 'SI-018']))
    for (const f of found)
      expect(Object.keys(f)).toEqual([
        'id',
        'rule',
        'severity',
        'users',
        'start',
        'end',
        'evidence',
        'summary'
      ])
    const si014 = found.find((f) => f.rule === 'SI-014')
    expect(si014?.summary).toBe(
      "olivia@corp.example.com: Authenticator 'SM-A546E' registered from 203.0.113.45 9 min after a high-risk sign-in (anomalousToken) from the same address; that address was first seen for this user only shortly before."
    )

    const db = openCase(casePath, { readonly: true })
    const stored = listFindings(db)
    expect(stored.map((f) => f.id).sort()).toEqual(found.map((f) => f.id).sort())
    // Every finding links to events that exist, the anchor first.
    const exists = db.prepare(`SELECT count(*) FROM events WHERE id = ?`).pluck()
    for (const f of stored) for (const e of f.evidence) expect(exists.get(e)).toBe(1)
    const riskyId = db.prepare(`SELECT id FROM events WHERE request_id = ?`).pluck().get(risky.id) as number
    expect(stored.find((f) => f.rule === 'SI-014')?.evidence[0]).toBe(riskyId)
    expect(listFindings(db, { eventId: riskyId }).map((f) => f.rule)).toContain('SI-014')
    expect(listFindings(db, { user: 'OLIVIA@corp.example.com' }).length).toBe(stored.length)
    // Two days of audit history are too few for a tenant-wide spike baseline; every other rule ran.
    expect(
      ruleRuns(db)
        .filter((r) => r.status === 'could-not-run')
        .map((r) => r.rule)
    ).toEqual(['SI-026'])
    db.close()

    // A re-scan finds the same findings under the same ids.
    const again = JSON.parse((await cli(['scan', casePath, '--json'])).out) as JsonFinding[]
    expect(again.map((f) => f.id).sort()).toEqual(found.map((f) => f.id).sort())

    // A later export shows the user at that address two days before: the address is no longer
    // unseen, so SI-017 goes and SI-014 (same anchor) is updated in place.
    const earlier = [
      signIn(OLIVIA, at(4, 11), '203.0.113.45', {
        location: { countryOrRegion: 'NL' },
        autonomousSystemNumber: 65536
      })
    ]
    writeFileSync(dir.path('SignIns_2026-03-06.json'), JSON.stringify(earlier))
    expect((await cli(['import', casePath, dir.path('SignIns_2026-03-06.json')])).code).toBe(0)
    const after = JSON.parse((await cli(['scan', casePath, '--json'])).out) as JsonFinding[]
    expect(after.some((f) => f.rule === 'SI-017')).toBe(false)
    const si014After = after.find((f) => f.rule === 'SI-014')
    expect(si014After?.id).toBe(si014?.id)
    expect(si014After?.summary).toMatch(/that address was seen in this user’s sign-ins before\.$/)
    const db2 = openCase(casePath, { readonly: true })
    const kept = listFindings(db2).find((f) => f.id === si014?.id)
    expect(kept?.firstScan).toBe(1)
    expect(kept?.lastScan).toBe(3)
    expect(listFindings(db2, { rules: ['SI-017'] })).toEqual([])
    db2.close()
  })

  it('text output groups by severity, --rules and --min-severity narrow it, and missing logs are reported', async () => {
    dir = tempDir()
    const casePath = dir.path('case.authtrail')
    const { audits } = attack()
    writeFileSync(dir.path('AuditLogs.json'), JSON.stringify(audits))
    await cli(['import', casePath, dir.path('AuditLogs.json')])
    const text = await cli(['scan', casePath])
    expect(text.out).toMatch(/^scan of .*: 2 events, 29 rules \(\d+ ran, \d+ could not run\)/)
    expect(text.out).toMatch(
      /\nINFO \(1\)\n {2}SI-001 {2}New security info registered \(self-service\) {2}\[si001-[0-9a-f]{16}\]\n/
    )
    expect(text.out).toMatch(/\nCould not run:\n(.|\n)* {2}SI-014 .*: no sign-in logs in the case\n/)
    const two = JSON.parse(
      (await cli(['scan', casePath, '--rules', 'SI-007,si-001', '--json'])).out
    ) as JsonFinding[]
    expect(two.map((f) => [f.rule, f.severity])).toEqual([
      ['SI-007', 'low'],
      ['SI-001', 'info']
    ])
    const narrowed = JSON.parse(
      (await cli(['scan', casePath, '--rules', 'SI-007,si-001', '--min-severity', 'low', '--json'])).out
    ) as JsonFinding[]
    expect(narrowed.map((f) => f.rule)).toEqual(['SI-007'])
    // Scanning two rules leaves the other rules' stored findings alone.
    const db = openCase(casePath, { readonly: true })
    expect(listFindings(db).length).toBeGreaterThanOrEqual(narrowed.length)
    db.close()
    expect((await cli(['scan', casePath, '--rules', 'SI-099'])).code).toBe(1)
    expect((await cli(['scan', casePath, '--min-severity', 'severe'])).code).toBe(1)
  })

  it('prints the method inventory timeline, and the case lists change what the scan finds', async () => {
    dir = tempDir()
    const casePath = dir.path('case.authtrail')
    const { signins, audits } = attack()
    writeFileSync(dir.path('AuditLogs.json'), JSON.stringify(audits))
    writeFileSync(dir.path('SignIns.json'), JSON.stringify(signins))
    await cli(['import', casePath, dir.path('AuditLogs.json'), dir.path('SignIns.json')])

    const methods = JSON.parse(
      (await cli(['methods', casePath, '--user', 'Olivia@corp.example.com', '--json'])).out
    )
    expect(methods.before).toMatchObject([
      { method: 'microsoft-authenticator', detail: 'iPhone 14', since: null }
    ])
    expect(methods.changes).toMatchObject([
      {
        time: iso(at(6, 17, 11) + 2500),
        change: 'added',
        method: 'microsoft-authenticator',
        detail: 'SM-A546E',
        ip: '203.0.113.45'
      }
    ])
    expect(methods.changes[0].evidence).toHaveLength(2)
    expect(methods.current.map((m: { detail: string }) => m.detail)).toEqual(['iPhone 14', 'SM-A546E'])
    const text = (await cli(['methods', casePath, '--user', 'olivia@corp.example.com'])).out
    expect(text).toMatch(
      /\n {2}2026-03-08 17:11:02 {2}added +Authenticator 'SM-A546E' {2}from 203\.0\.113\.45 {2}\[event \d+, \d+\]\n/
    )

    const before = JSON.parse((await cli(['scan', casePath, '--rules', 'SI-028', '--json'])).out)
    expect(before).toEqual([])
    expect((await cli(['lists', casePath, '--add', 'vip=Olivia@corp.example.com'])).out).toMatch(
      /^vip +olivia@corp\.example\.com/
    )
    const after = JSON.parse(
      (await cli(['scan', casePath, '--rules', 'SI-028', '--json'])).out
    ) as JsonFinding[]
    expect(after.map((f) => [f.rule, f.severity])).toEqual([['SI-028', 'high']])
    expect((await cli(['lists', casePath, '--add', 'pets=cat'])).code).toBe(1)
  })
})
