import { describe, expect, it } from 'vitest'
import {
  adminAction,
  at,
  authenticatorDiff,
  contextOf,
  deleted,
  phoneDiff,
  plus,
  registered,
  signIn
} from '../../helpers/scan-events'

const USER = 'amy@contoso.com'

describe('method inventory', () => {
  it('pairs the Authentication Methods event with its Update user diff into one change with the device name', () => {
    const diff = authenticatorDiff(
      USER,
      at(2, '10:00'),
      [{ name: 'iPhone 14', token: 't1' }],
      [
        { name: 'iPhone 14', token: 't1' },
        { name: 'SM-A155F', token: 't2' }
      ]
    )
    const reg = registered(USER, plus(at(2, '10:00'), 0.05), '203.0.113.45')
    const ctx = contextOf([diff, reg])
    const changes = ctx.changesOf(USER)
    expect(changes).toHaveLength(1)
    expect(changes[0]?.events.map((e) => e.id)).toEqual([reg.id, diff.id])
    expect(changes[0]?.detail).toBe('SM-A155F')
    const inv = ctx.inventory.of(USER)
    expect(inv.changes.map((c) => [c.op, c.method, c.detail, c.evidence[0]])).toEqual([
      ['added', 'microsoft-authenticator', 'SM-A155F', reg.id]
    ])
  })

  it('knows what the user had before the data from the first diff’s old value', () => {
    const ctx = contextOf([
      authenticatorDiff(
        USER,
        at(2),
        [{ name: 'iPhone 14', token: 't1' }],
        [
          { name: 'iPhone 14', token: 't1' },
          { name: 'SM-A155F', token: 't2' }
        ]
      )
    ])
    const inv = ctx.inventory.of(USER)
    expect(inv.methodsAt(at(1)).map((m) => m.detail)).toEqual(['iPhone 14'])
    expect(inv.methodsAt(at(1))[0]?.since).toBeNull()
    const after = inv.methodsAt(at(3))
    expect(after.map((m) => m.detail)).toEqual(['iPhone 14', 'SM-A155F'])
    expect(after[1]?.since).toBe(at(2))
  })

  it('does not count an Authenticator version rewrite (same DeviceToken) as a change', () => {
    const ctx = contextOf([
      authenticatorDiff(
        USER,
        at(2),
        [{ name: 'iPhone 14', token: 't1', version: '6.8.53' }],
        [{ name: 'iPhone 14', token: 't1', version: '6.8.54' }]
      )
    ])
    expect(ctx.changesOf(USER)).toEqual([])
    const inv = ctx.inventory.of(USER)
    expect(inv.changes).toEqual([])
    expect(inv.rewrites).toBe(1)
  })

  it('tells placeholder-token devices apart by name, and never groups accounts by NO_DEVICE_TOKEN', () => {
    const ctx = contextOf([
      authenticatorDiff('a@contoso.com', at(2), [], [{ name: 'iPhone 15', token: 'NO_DEVICE_TOKEN' }]),
      authenticatorDiff('b@contoso.com', at(2), [], [{ name: 'Pixel 8', token: 'NO_DEVICE_TOKEN' }]),
      authenticatorDiff(
        'a@contoso.com',
        at(3),
        [{ name: 'iPhone 15', token: 'NO_DEVICE_TOKEN' }],
        [
          { name: 'iPhone 15', token: 'NO_DEVICE_TOKEN' },
          { name: 'iPad', token: 'NO_DEVICE_TOKEN' }
        ]
      )
    ])
    expect(ctx.inventory.tokenHolders.size).toBe(0)
    expect(ctx.changesOf('a@contoso.com').map((c) => c.detail)).toEqual(['iPhone 15', 'iPad'])
    expect(
      ctx.inventory
        .of('a@contoso.com')
        .methodsAt(at(4))
        .map((m) => m.detail)
    ).toEqual(['iPhone 15', 'iPad'])
  })

  it('compares phone numbers normalized but shows them as logged', () => {
    const ctx = contextOf([
      phoneDiff(
        'a@contoso.com',
        at(2),
        {},
        { phone: '+1 (305) 555-0188', types: [{ type: 1, isDefault: true }] }
      ),
      phoneDiff('b@contoso.com', at(3), {}, { phone: '+13055550188', types: [{ type: 1, isDefault: true }] })
    ])
    const holders = ctx.inventory.phoneHolders.get('+13055550188')
    expect(holders?.map((h) => [h.user, h.value])).toEqual([
      ['a@contoso.com', '+1 (305) 555-0188'],
      ['b@contoso.com', '+13055550188']
    ])
    expect(ctx.inventory.of('a@contoso.com').methodsAt(at(4))).toMatchObject([
      { method: 'phone-sms', detail: '+1 (305) 555-0188', isDefault: true }
    ])
  })

  it('shows SMS and voice on one number with the default where StrongAuthenticationMethod says', () => {
    const ctx = contextOf([
      phoneDiff(
        USER,
        at(2),
        {
          phone: '+1 2065550107',
          types: [
            { type: 1, isDefault: false },
            { type: 0, isDefault: true }
          ]
        },
        {
          phone: '+1 2065550107',
          types: [
            { type: 1, isDefault: true },
            { type: 0, isDefault: false }
          ]
        }
      )
    ])
    const inv = ctx.inventory.of(USER)
    expect(inv.methodsAt(at(1))).toMatchObject([
      { method: 'phone-sms', isDefault: false },
      { method: 'phone-voice', isDefault: true }
    ])
    expect(inv.methodsAt(at(3))).toMatchObject([
      { method: 'phone-sms', isDefault: true },
      { method: 'phone-voice', isDefault: false }
    ])
    expect(inv.changes.map((c) => [c.op, c.method])).toEqual([['default', 'phone-sms']])
  })

  it('a new phone replaces the old one: add first, then delete, and both steps are in the timeline', () => {
    const ctx = contextOf([
      authenticatorDiff(
        USER,
        at(2, '18:00'),
        [{ name: 'iPhone 12', token: 'a' }],
        [
          { name: 'iPhone 12', token: 'a' },
          { name: 'iPhone 16', token: 'b' }
        ]
      ),
      registered(USER, plus(at(2, '18:00'), 0.05), '192.0.2.33'),
      authenticatorDiff(
        USER,
        plus(at(2, '18:00'), 4),
        [
          { name: 'iPhone 12', token: 'a' },
          { name: 'iPhone 16', token: 'b' }
        ],
        [{ name: 'iPhone 16', token: 'b' }]
      ),
      deleted(USER, plus(at(2, '18:00'), 4.05), '192.0.2.33')
    ])
    const inv = ctx.inventory.of(USER)
    expect(inv.changes.map((c) => [c.op, c.detail])).toEqual([
      ['added', 'iPhone 16'],
      ['removed', 'iPhone 12']
    ])
    expect(inv.methodsAt(at(3)).map((m) => m.detail)).toEqual(['iPhone 16'])
  })

  it('a re-registration requirement without a diff empties the phone and app methods', () => {
    const ctx = contextOf([
      authenticatorDiff(USER, at(1), [], [{ name: 'iPhone 14', token: 't1' }]),
      adminAction(
        'helpdesk@contoso.com',
        USER,
        at(2),
        'Admin deleted security info',
        'Admin required re-registration of MFA authentication methods.'
      )
    ])
    const inv = ctx.inventory.of(USER)
    expect(inv.methodsAt(plus(at(1), 1)).map((m) => m.detail)).toEqual(['iPhone 14'])
    expect(inv.methodsAt(at(3))).toEqual([])
    expect(inv.changes.at(-1)).toMatchObject({ op: 'removed', byOther: true, actor: 'helpdesk@contoso.com' })
  })

  it('adds methods seen only in sign-ins when the audit log says nothing about them', () => {
    const ctx = contextOf([
      signIn({
        user: USER,
        ts: at(1),
        methods: ['microsoft-authenticator', 'password'],
        methodDetail: 'iPhone 14'
      })
    ])
    expect(ctx.inventory.of(USER).methodsAt(at(2))).toMatchObject([
      { method: 'microsoft-authenticator', detail: 'iPhone 14', source: 'sign-in' }
    ])
  })
})
