import { describe, expect, it } from 'vitest'
import {
  adminAction,
  at,
  audit,
  authenticatorDiff,
  couldNotRunReason,
  findings,
  history,
  phoneDiff,
  plus,
  prop,
  registered,
  roleGrant,
  signIn,
  tap
} from '../../helpers/scan-events'

const OLIVIA = 'olivia@contoso.com'

describe('explanations carry the concrete facts', () => {
  it('SI-014 names the device, the address, the delay and the risk, and picks the high-risk sign-in', () => {
    const events = [
      ...history(OLIVIA, '192.0.2.32', 0, 5),
      signIn({
        user: OLIVIA,
        ts: at(6, '17:02'),
        ip: '203.0.113.45',
        riskLevel: 'high',
        riskState: 'atRisk',
        riskEventTypes: ['anomalousToken']
      }),
      signIn({
        user: OLIVIA,
        ts: at(6, '17:07'),
        ip: '203.0.113.45',
        riskLevel: 'medium',
        riskState: 'atRisk'
      }),
      authenticatorDiff(
        OLIVIA,
        at(6, '17:11'),
        [{ name: 'iPhone 14', token: 'a' }],
        [
          { name: 'iPhone 14', token: 'a' },
          { name: 'SM-A546E', token: 'b' }
        ]
      ),
      registered(OLIVIA, plus(at(6, '17:11'), 0.05), '203.0.113.45')
    ]
    const [f, ...rest] = findings('SI-014', events)
    expect(rest).toEqual([])
    expect(f?.summary).toBe(
      "olivia@contoso.com: Authenticator 'SM-A546E' registered from 203.0.113.45 9 min after a high-risk sign-in (anomalousToken) from the same address; that address was first seen for this user only shortly before."
    )
    expect(f?.facts).toMatchObject({
      tier: 'same address',
      riskLevel: 'high',
      minutesAfterRisk: 9,
      riskyIpKnown: null
    })
    expect(f?.evidence[0]).toBe(events[10]?.id)
  })
})

describe('SI-017 and Microsoft service addresses on audit events', () => {
  const base = history('james@contoso.com', '192.0.2.33', 0, 5)
  it('replaces an address no sign-in ever used by the user’s nearest sign-in (home: silent)', () => {
    const events = [
      ...base,
      signIn({ user: 'james@contoso.com', ts: at(6, '03:24'), ip: '192.0.2.33' }),
      registered('james@contoso.com', at(6, '03:30'), '198.51.100.214')
    ]
    expect(findings('SI-017', events)).toEqual([])
  })
  it('fires with the stand-in address, and says so, when the nearest sign-in is unknown too', () => {
    const events = [
      ...base,
      signIn({ user: 'james@contoso.com', ts: at(6, '03:24'), ip: '203.0.113.5', asn: 65550, country: 'RO' }),
      registered('james@contoso.com', at(6, '03:30'), '198.51.100.214')
    ]
    const [f] = findings('SI-017', events)
    expect(f?.severity).toBe('medium')
    expect(f?.facts).toMatchObject({
      ip: '203.0.113.5',
      addressVia: 'nearest-sign-in',
      auditIp: '198.51.100.214'
    })
    expect(f?.summary).toMatch(/probably a Microsoft service address/)
  })
  it('uses the case’s service-ip list even when no sign-ins were imported for that time', () => {
    const events = [...base, registered('james@contoso.com', at(6, '03:30'), '198.51.100.214')]
    expect(
      findings('SI-017', events, { serviceIps: ['198.51.100.200/29', '198.51.100.208/28'] })
    ).toMatchObject([{ facts: { auditIp: '198.51.100.214' } }])
  })
  it('is high when a risky sign-in preceded the change', () => {
    const events = [
      ...base,
      signIn({
        user: 'james@contoso.com',
        ts: at(6, '03:24'),
        ip: '203.0.113.5',
        riskLevel: 'medium',
        riskState: 'atRisk'
      }),
      registered('james@contoso.com', at(6, '03:30'), '203.0.113.5')
    ]
    expect(findings('SI-017', events)[0]?.severity).toBe('high')
  })
})

describe('SI-011 password reset and registration', () => {
  it('a self-service reset logged twice (SSPR and the directory copy by a service app) is the user’s own', () => {
    const events = [
      audit({
        activity: 'Reset password (self-service)',
        ts: at(6, '03:07'),
        user: 'aisha@contoso.com',
        ip: '203.0.113.88',
        reason: 'Successfully completed reset.'
      }),
      audit({
        activity: 'Reset user password',
        ts: plus(at(6, '03:07'), 0.02),
        user: 'aisha@contoso.com',
        by: 'app:Microsoft password reset service'
      }),
      registered('aisha@contoso.com', at(6, '03:40'), '203.0.113.88')
    ]
    const [f, ...rest] = findings('SI-011', events)
    expect(rest).toEqual([])
    expect(f?.facts).toMatchObject({ resetByOther: false, resetBy: 'aisha@contoso.com', minutesApart: 33 })
    expect(f?.summary).not.toMatch(/ by /)
  })
})

describe('SI-022 shared phone numbers', () => {
  it('a front-desk phone both accounts already had before the export is medium, not high', () => {
    // Only the email changes; the number is in both old and new values.
    const details = (email: string | null) => [
      { PhoneNumber: '+1 2065550100', AlternativePhoneNumber: null, Email: email }
    ]
    const update = (user: string, ts: number) =>
      audit({
        activity: 'Update user',
        ts,
        user,
        by: 'app:Azure Credential Configuration Endpoint Service',
        modified: [prop('StrongAuthenticationUserDetails', details(null), details(`${user}`))]
      })
    const events = [update('desk1@contoso.com', at(2)), update('desk2@contoso.com', at(3))]
    expect(findings('SI-022', events).map((f) => f.severity)).toEqual(['medium'])
  })
  it('twin accounts named in the case list are low even without an admin marker in the name', () => {
    const events = [
      phoneDiff(
        'jsmith@contoso.com',
        at(2),
        {},
        { phone: '+1 2065550150', types: [{ type: 1, isDefault: true }] }
      ),
      phoneDiff(
        'root-js@contoso.com',
        at(3),
        {},
        { phone: '+1 2065550150', types: [{ type: 1, isDefault: true }] }
      )
    ]
    expect(findings('SI-022', events)[0]?.severity).toBe('high')
    expect(
      findings('SI-022', events, { twins: [['jsmith@contoso.com', 'root-js@contoso.com']] })[0]?.severity
    ).toBe('low')
  })
})

describe('privileged set', () => {
  it('SI-028: a change before the role grant is not a privileged-account change; after it, it is', () => {
    const events = [
      registered('kim@contoso.com', at(1), '192.0.2.10'),
      roleGrant('root@contoso.com', 'kim@contoso.com', at(2), 'Global Administrator', 'TenantAdmins'),
      registered('kim@contoso.com', at(3), '192.0.2.10')
    ]
    expect(findings('SI-028', events).map((f) => f.start)).toEqual([at(3)])
  })
  it('SI-028: a PIM activation counts from the eligible assignment in the data', () => {
    const events = [
      registered('felix@contoso.com', at(1), '192.0.2.10', 'User registered Fido'),
      audit({
        activity: 'Add eligible member to role in PIM completed (permanent)',
        ts: at(4),
        user: 'felix@contoso.com',
        by: 'ava@contoso.com'
      }),
      audit({
        activity: 'Add member to role completed (PIM activation)',
        ts: at(5),
        user: 'felix@contoso.com',
        by: 'felix@contoso.com'
      }),
      registered('felix@contoso.com', at(6), '192.0.2.10')
    ]
    expect(findings('SI-028', events).map((f) => f.start)).toEqual([at(6)])
  })
  it('SI-028: a PIM activation with no eligible assignment in the data means the eligibility predates it', () => {
    const events = [
      registered('ben@contoso.com', at(1), '192.0.2.10'),
      audit({
        activity: 'Add member to role completed (PIM activation)',
        ts: at(5),
        user: 'ben@contoso.com',
        by: 'ben@contoso.com'
      })
    ]
    expect(findings('SI-028', events).map((f) => f.start)).toEqual([at(1)])
  })
  it('SI-028: the VIP list makes any account privileged', () => {
    expect(
      findings('SI-028', [registered('ceo@contoso.com', at(1), '192.0.2.10')], { vip: ['ceo@contoso.com'] })
    ).toHaveLength(1)
  })
})

describe('SI-019 needs enough sign-in history to call an account dormant', () => {
  const dormant = (days: number) => [
    signIn({ user: 'other@contoso.com', ts: at(0), ip: '192.0.2.1' }),
    registered('victor@contoso.com', at(days, '22:00'), '203.0.113.90'),
    signIn({ user: 'victor@contoso.com', ts: plus(at(days, '22:00'), 10), ip: '203.0.113.90' })
  ]
  it('not raised with less than 5 days of sign-ins before the registration', () => {
    expect(findings('SI-019', dormant(3))).toEqual([])
  })
  it('medium with 5 to 14 days, high with 14 or more', () => {
    expect(findings('SI-019', dormant(8)).map((f) => f.severity)).toEqual(['medium'])
    expect(findings('SI-019', dormant(20)).map((f) => f.severity)).toEqual(['high'])
  })
})

describe('SI-013 without sign-in logs', () => {
  it('falls back to TAP issued → registration before the pass ends', () => {
    const events = [
      tap('app:Automation', 'ben@contoso.com', at(2), 'Multiple', 480),
      registered('ben@contoso.com', plus(at(2), 30), '203.0.113.61', 'User registered Fido')
    ]
    expect(findings('SI-013', events)).toMatchObject([{ severity: 'high', facts: { auditOnly: true } }])
  })
  it('does not fire when the registration comes after the pass expired', () => {
    const events = [
      tap('helpdesk@contoso.com', 'amy@contoso.com', at(2), 'OneTime', 60),
      registered('amy@contoso.com', plus(at(2), 120), '192.0.2.10')
    ]
    expect(findings('SI-013', events)).toEqual([])
  })
})

describe('rules say when their logs are missing', () => {
  const audits = [registered('a@contoso.com', at(1), '192.0.2.1')]
  it.each(['SI-010', 'SI-014', 'SI-015', 'SI-016', 'SI-017', 'SI-018', 'SI-019', 'SI-027'])(
    '%s without sign-ins',
    (id) => {
      expect(couldNotRunReason(id, audits)).toBe('no sign-in logs in the case')
    }
  )
  it.each(['SI-001', 'SI-004', 'SI-011', 'SI-022', 'SI-028'])('%s without audit logs', (id) => {
    expect(couldNotRunReason(id, [signIn({ user: 'a@contoso.com', ts: at(1) })])).toBe(
      'no audit logs in the case'
    )
  })
  it('SI-014 without risk information (no Entra ID P2)', () => {
    expect(
      couldNotRunReason('SI-014', [
        ...audits,
        signIn({ user: 'a@contoso.com', ts: at(1), riskLevel: 'hidden' })
      ])
    ).toMatch(/P2/)
  })
  it('SI-026 with less than two days of audit history before every registration', () => {
    expect(
      couldNotRunReason('SI-026', [...audits, registered('b@contoso.com', at(1, '10:00'), '192.0.2.1')])
    ).toMatch(/2 days/)
  })
  it('SI-008 runs on sign-ins alone', () => {
    expect(couldNotRunReason('SI-008', [signIn({ user: 'a@contoso.com', ts: at(1) })])).toBeNull()
  })
})

describe('SI-010 thresholds', () => {
  const denials = (n: number, everyMinutes: number) =>
    Array.from({ length: n }, (_, i) =>
      signIn({
        user: 'u@contoso.com',
        ts: plus(at(2), i * everyMinutes),
        errorCode: 500121,
        ok: false,
        reason: 'MFA denied; user declined the authentication'
      })
    )
  it('three denials in ten minutes fire medium; with an approval within the hour, high', () => {
    expect(findings('SI-010', denials(3, 3)).map((f) => f.severity)).toEqual(['medium'])
    const approved = [
      ...denials(3, 3),
      signIn({ user: 'u@contoso.com', ts: plus(at(2), 30), methods: ['microsoft-authenticator'] })
    ]
    expect(findings('SI-010', approved).map((f) => f.severity)).toEqual(['high'])
  })
  it('two denials and an approval in the window fire; two denials alone do not', () => {
    expect(findings('SI-010', denials(2, 3))).toEqual([])
    const approved = [
      ...denials(2, 3),
      signIn({ user: 'u@contoso.com', ts: plus(at(2), 5), methods: ['microsoft-authenticator'] })
    ]
    expect(findings('SI-010', approved)).toHaveLength(1)
  })
  it('a privileged user fires on two denials in twenty minutes', () => {
    const events = [
      roleGrant('root@contoso.com', 'u@contoso.com', at(0), 'Global Administrator', 'TenantAdmins'),
      ...denials(2, 15)
    ]
    expect(findings('SI-010', events)).toHaveLength(1)
  })
  it('thresholds can be changed per rule', () => {
    expect(findings('SI-010', denials(3, 3), {}, { minDenials: 4 })).toEqual([])
  })
})

describe('SI-002 and SI-025 on help-desk work', () => {
  it('a lost-phone ticket is medium (the catalog’s base), not high', () => {
    const events = [
      adminAction(
        'helpdesk@contoso.com',
        'emma@contoso.com',
        at(2),
        'Admin deleted security info',
        'Admin required re-registration of MFA authentication methods.'
      )
    ]
    expect(findings('SI-002', events).map((f) => f.severity)).toEqual(['medium'])
  })
  it('SI-025 counts distinct targets, not the two log lines of one reset', () => {
    const reset = (u: string, m: number) => [
      audit({ activity: 'Reset password (by admin)', ts: plus(at(2), m), user: u, by: 'zara@contoso.com' }),
      audit({ activity: 'Reset user password', ts: plus(at(2), m + 0.01), user: u, by: 'zara@contoso.com' })
    ]
    expect(findings('SI-025', [...reset('a@contoso.com', 0), ...reset('b@contoso.com', 10)])).toEqual([])
    expect(
      findings('SI-025', [
        ...reset('a@contoso.com', 0),
        ...reset('b@contoso.com', 10),
        ...reset('c@contoso.com', 20)
      ])
    ).toHaveLength(1)
  })
  it('SI-025 is low when the same actor handles as many users every day (a help desk’s volume)', () => {
    const day = (d: number) =>
      ['a', 'b', 'c'].map((u, i) =>
        audit({
          activity: 'Reset password (by admin)',
          ts: plus(at(d, '10:00'), i * 10),
          user: `${u}${d}@contoso.com`,
          by: 'leo@contoso.com'
        })
      )
    const out = findings('SI-025', [0, 1, 2, 3].flatMap(day))
    expect(out.map((f) => f.severity)).toEqual(['high', 'high', 'low', 'low'])
    expect(out[3]?.facts).toMatchObject({ routineDays: 3 })
  })
})
