import { describe, expect, it } from 'vitest'
import type { ScanEvent } from '../../../src/shared/scan/scan-event'
import {
  adminAction,
  at,
  audit,
  findings,
  history,
  phoneReplacement,
  plus,
  prop,
  registered,
  signIn,
  tap
} from '../../helpers/scan-events'

/**
 * The catalog's named false positives of the single-event rules, lowered to low only where the
 * data shows the benign outcome; the attack with the same first step keeps its severity.
 */
const HELPDESK = 'helpdesk@contoso.com'
const EMMA = 'emma@contoso.com'
const lists = { helpdesk: [HELPDESK] }
const severities = (id: string, events: readonly ScanEvent[], l: object = lists): string[] =>
  findings(id, events, l).map((f) => f.severity)

const wipe = adminAction(
  HELPDESK,
  EMMA,
  at(7, '08:22'),
  'Admin deleted security info',
  'Admin required re-registration of MFA authentication methods.'
)

describe('a help-desk reset the user restored from a known place', () => {
  const restored = [
    ...history(EMMA, '192.0.2.12', 0, 7),
    wipe,
    signIn({ user: EMMA, ts: at(8, '07:55'), ip: '192.0.2.12' }),
    registered(EMMA, at(8, '07:58'), '192.0.2.12')
  ]

  it('is low in SI-004 and SI-002, with the reason', () => {
    expect(severities('SI-004', restored)).toEqual(['low'])
    expect(severities('SI-002', restored)).toEqual(['low'])
    expect(findings('SI-004', restored, lists)[0]?.summary).toMatch(
      /routine: a help-desk reset: helpdesk@contoso\.com on the case's help-desk list; the user re-registered 23 h 36 min later from 192\.0\.2\.12/
    )
  })

  it('counts a help-desk role from the role events as well as the list', () => {
    const role = audit({
      activity: 'Add member to role completed (PIM activation)',
      ts: at(7, '08:05'),
      user: HELPDESK,
      resource: 'Authentication Administrator'
    })
    expect(severities('SI-004', [role, ...restored], {})).toEqual(['low'])
  })

  it('stays high when someone registers from an unknown address, or signs in from one first', () => {
    const attacker = [
      ...history(EMMA, '192.0.2.12', 0, 7),
      wipe,
      signIn({ user: EMMA, ts: plus(at(7, '08:22'), 20), ip: '203.0.113.77', asn: 65540, country: 'RO' }),
      registered(EMMA, plus(at(7, '08:22'), 25), '203.0.113.77')
    ]
    expect(severities('SI-004', attacker)).toEqual(['high'])
    expect(severities('SI-002', attacker)).toEqual(['medium'])
    const foreignSignIn = [
      ...history(EMMA, '192.0.2.12', 0, 7),
      wipe,
      signIn({ user: EMMA, ts: at(7, '22:00'), ip: '203.0.113.77', asn: 65540, country: 'RO' }),
      registered(EMMA, at(8, '07:58'), '192.0.2.12')
    ]
    expect(severities('SI-004', foreignSignIn)).toEqual(['high'])
  })

  it('stays high when the actor is no help-desk operator, or the target is privileged', () => {
    expect(severities('SI-004', restored, {})).toEqual(['high'])
    expect(severities('SI-004', restored, { ...lists, vip: [EMMA] })).toEqual(['high'])
  })
})

describe('a user replacing a phone', () => {
  const james = 'james@contoso.com'
  const device = (name: string, token: string) => ({ name, token })

  it('is low in SI-004 when both steps come from an address known for the user', () => {
    const events = [
      ...history(james, '192.0.2.33', 0, 5),
      ...phoneReplacement(
        james,
        at(6, '18:00'),
        '192.0.2.33',
        device('iPhone 12', 'a'),
        device('iPhone 16', 'b')
      )
    ]
    expect(severities('SI-004', events)).toEqual(['low'])
  })

  it('stays medium when the new device came from an address the user never used', () => {
    const events = [
      ...history(james, '192.0.2.33', 0, 5),
      ...phoneReplacement(
        james,
        at(6, '18:00'),
        '203.0.113.9',
        device('iPhone 12', 'a'),
        device('SM-A155F', 'b')
      )
    ]
    expect(severities('SI-004', events)).toEqual(['medium'])
  })
})

describe('an onboarding Temporary Access Pass', () => {
  const zoe = 'zoe@contoso.com'
  const created = audit({ activity: 'Add user', ts: at(4, '21:06'), user: zoe, by: 'app:HR Provisioning' })
  const pass = tap(HELPDESK, zoe, at(7, '13:05'), 'OneTime')

  it('is low in SI-002 and SI-003 for a new account, from a help-desk operator', () => {
    expect(severities('SI-003', [created, pass])).toEqual(['low'])
    expect(severities('SI-002', [created, pass])).toEqual(['low'])
  })

  it('stays medium for an older account, and high when multi-use', () => {
    expect(severities('SI-003', [pass])).toEqual(['medium'])
    expect(severities('SI-003', [created, tap(HELPDESK, zoe, at(7, '13:05'), 'Multiple')])).toEqual(['high'])
  })
})

describe('per-user MFA disabled while MFA is still required', () => {
  const hugo = 'hugo@contoso.com'
  const disabled = audit({
    activity: 'Update user',
    ts: at(9, '09:34'),
    user: hugo,
    by: 'admin@contoso.com',
    modified: [prop('StrongAuthenticationRequirement', [{ RelyingParty: '*', State: 1 }], [])]
  })

  it('is low when every later sign-in of the day satisfied MFA (Conditional Access)', () => {
    const after = [
      signIn({ user: hugo, ts: at(9, '12:00'), authRequirement: 'multiFactorAuthentication' }),
      signIn({ user: hugo, ts: at(10, '08:00'), authRequirement: 'multiFactorAuthentication' })
    ]
    expect(severities('SI-005', [disabled, ...after])).toEqual(['low'])
  })

  it('stays medium when a sign-in after it passed with a password alone, or none followed', () => {
    const after = [
      signIn({ user: hugo, ts: at(9, '12:00'), authRequirement: 'multiFactorAuthentication' }),
      signIn({ user: hugo, ts: at(9, '13:00'), authRequirement: 'singleFactorAuthentication' })
    ]
    expect(severities('SI-005', [disabled, ...after])).toEqual(['medium'])
    expect(severities('SI-005', [disabled])).toEqual(['medium'])
  })
})

describe('a registration spike of new accounts', () => {
  const users = ['a@contoso.com', 'b@contoso.com', 'c@contoso.com']
  const quiet = [registered('x@contoso.com', at(1, '10:00'), '192.0.2.1')]
  const spike = users.map((u, i) => registered(u, plus(at(9, '13:10'), i * 10), '192.0.2.11'))

  it('is low in SI-026 when every account in it was just created', () => {
    const created = users.map((u) => audit({ activity: 'Add user', ts: at(6), user: u, by: 'app:HR' }))
    expect(severities('SI-026', [...quiet, ...created, ...spike])).toEqual(['low'])
  })

  it('stays medium when one of them is an existing account', () => {
    const created = users
      .slice(1)
      .map((u) => audit({ activity: 'Add user', ts: at(6), user: u, by: 'app:HR' }))
    expect(severities('SI-026', [...quiet, ...created, ...spike])).toEqual(['medium'])
  })
})

describe('an SMS phone added or made the default in routine circumstances (SI-006)', () => {
  const george = 'george@contoso.com'
  const office = '192.0.2.39'
  const phone = prop(
    'StrongAuthenticationUserDetails',
    [],
    [{ PhoneNumber: '+1 2065550107', AlternativePhoneNumber: null, Email: null, VoiceOnlyPhoneNumber: null }]
  )
  const added = (ts: number, ip: string, by = george): ScanEvent[] => [
    audit({
      activity: 'Update user',
      ts,
      user: george,
      by: 'app:Azure MFA StrongAuthenticationService',
      modified: [phone]
    }),
    audit({
      activity: by === george ? 'User registered security info' : 'Admin registered security info',
      ts: plus(ts, 0.05),
      user: george,
      by,
      ip,
      reason: by === george ? 'User registered Mobile Phone SMS' : 'Admin registered phone method for user'
    })
  ]
  const base = history(george, office, 0, 3)

  it('is low, with the reason, when the user adds it from a known address with nothing risky before', () => {
    const f = findings('SI-006', [...base, ...added(at(3, '10:00'), office)], {})
    expect(f.map((x) => x.severity)).toEqual(['low'])
    expect(f[0]?.summary).toMatch(
      /phishable method added in routine circumstances \(posture issue\): made by the user themself from 192\.0\.2\.39/
    )
    expect(f[0]?.facts.routine).toMatch(/^phishable method added in routine circumstances; posture issue/)
  })

  it('keeps medium by another account, from an unseen address, or after a risky or unseen-address sign-in', () => {
    expect(severities('SI-006', [...base, ...added(at(3, '10:00'), office, HELPDESK)], {})).toEqual([
      'medium'
    ])
    expect(severities('SI-006', [...base, ...added(at(3, '10:00'), '203.0.113.45')], {})).toEqual(['medium'])
    const risky = signIn({
      user: george,
      ts: at(3, '08:00'),
      ip: office,
      riskLevel: 'high',
      riskState: 'atRisk'
    })
    expect(severities('SI-006', [...base, risky, ...added(at(3, '10:00'), office)], {})).toEqual(['medium'])
    const foreign = signIn({
      user: george,
      ts: at(3, '09:30'),
      ip: '203.0.113.45',
      asn: 65540,
      country: 'RO'
    })
    expect(severities('SI-006', [...base, foreign, ...added(at(3, '10:00'), office)], {})).toEqual(['medium'])
  })

  it('keeps medium for a user with no history (the address cannot be known)', () => {
    expect(severities('SI-006', added(at(3, '10:00'), office), {})).toEqual(['medium'])
  })
})

describe("a fraud report on the user's own prompt (SI-008, mis-tap)", () => {
  const paula = 'paula@contoso.com'
  const office = '192.0.2.48'
  const base = history(paula, office, 0, 3, { device: 'laptop-7' })
  const prompt = (ip: string, device: string | null): ScanEvent =>
    signIn({
      user: paula,
      ts: at(3, '13:40'),
      errorCode: 500121,
      reason: 'MFA denied; Phone App Reported Fraud',
      ip,
      device
    })
  const report = audit({
    activity: 'Fraud reported - no action taken',
    ts: plus(at(3, '13:40'), 0.4),
    user: paula,
    service: 'Azure MFA'
  })

  it('is low, with the reason, when the reported prompt was her own sign-in from a known address and device', () => {
    const f = findings('SI-008', [...base, prompt(office, 'laptop-7'), report], {})
    expect(f.map((x) => x.severity)).toEqual(['low'])
    expect(f[0]?.summary).toMatch(
      /routine: the reported prompt was the user's own sign-in from 192\.0\.2\.48, an address known for them, on laptop-7/
    )
  })

  it('matches an audit-only report to her 500121 sign-in in the minutes before it', () => {
    const denied = signIn({
      user: paula,
      ts: at(3, '13:38'),
      errorCode: 500121,
      reason: 'MFA denied',
      ip: office,
      device: 'laptop-7'
    })
    expect(severities('SI-008', [...base, denied, report], {})).toEqual(['low'])
    expect(severities('SI-008', [...base, report], {})).toEqual(['high'])
  })

  it("stays high when the prompt came from the attacker's sign-in, an unknown device, or an unknown address tried around it", () => {
    expect(
      severities('SI-008', [...base, prompt('203.0.113.60', 'Windows 10 / Chrome'), report], {})
    ).toEqual(['high'])
    expect(severities('SI-008', [...base, prompt(office, 'Windows 10 / Chrome'), report], {})).toEqual([
      'high'
    ])
    const tried = signIn({
      user: paula,
      ts: at(3, '13:55'),
      errorCode: 500121,
      reason: 'MFA denied; user is blocked',
      ip: '203.0.113.60'
    })
    expect(severities('SI-008', [...base, prompt(office, 'laptop-7'), report, tried], {})).toEqual(['high'])
  })
})

describe("a privileged account's own routine change (SI-028, admin phone replacement)", () => {
  const ava = 'ava.admin@contoso.com'
  const home = '192.0.2.64'
  const grant = audit({
    activity: 'Add member to role',
    ts: at(0, '08:00'),
    user: ava,
    by: 'root@contoso.com',
    resource: 'Global Administrator'
  })
  const base = [grant, ...history(ava, home, 0, 2, { device: 'laptop-ava' })]
  const change = (device: string, ip = home, by = ava): ScanEvent[] => [
    signIn({ user: ava, ts: at(2, '10:50'), ip, device }),
    by === ava
      ? registered(ava, at(2, '11:00'), ip)
      : adminAction(
          by,
          ava,
          at(2, '11:00'),
          'Admin registered security info',
          'Admin registered phone method for user'
        )
  ]

  it('is low with "review anyway" from a known address and device, nothing unusual around it', () => {
    const f = findings('SI-028', [...base, ...change('laptop-ava')], {})
    expect(f.map((x) => x.severity)).toEqual(['low'])
    expect(f[0]?.summary).toMatch(
      /routine self-service change on a privileged account, from a known address and device; review anyway/
    )
  })

  it('keeps high from an unknown device or address, by another account, or with an unseen sign-in the day after', () => {
    expect(severities('SI-028', [...base, ...change('Windows 10 / Edge')], {})).toEqual(['high'])
    expect(severities('SI-028', [...base, ...change('laptop-ava', '203.0.113.9')], {})).toEqual(['high'])
    expect(severities('SI-028', [...base, ...change('laptop-ava', home, HELPDESK)], {})).toEqual(['high'])
    const later = signIn({ user: ava, ts: at(2, '20:00'), ip: '203.0.113.9', asn: 65540, country: 'RO' })
    expect(severities('SI-028', [...base, ...change('laptop-ava'), later], {})).toEqual(['high'])
  })

  it('keeps critical on a break-glass account', () => {
    expect(severities('SI-028', [...base, ...change('laptop-ava')], { breakGlass: [ava] })).toEqual([
      'critical'
    ])
  })
})
