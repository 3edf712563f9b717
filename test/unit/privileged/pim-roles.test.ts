import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Obj } from '../../../src/shared/ingest/access'
import { mapJsonRecord } from '../../../src/shared/ingest/formats/json-record'
import type { NormalizedFields } from '../../../src/shared/model/event'
import { PrivilegedSet, roleGrantOf } from '../../../src/shared/privileged/privileged'
import { EMPTY_LISTS } from '../../../src/shared/scan/case-lists'
import { audit, prop } from '../../helpers/scan-events'

/**
 * PIM writes the role only as a target of its own (`{"type":"Role","displayName":"User
 * Administrator"}` next to the User target) and its template as "TemplateId"; Core Directory
 * writes Role.* properties on the user target. Both must name the role.
 */
function mapped(record: Obj): NormalizedFields {
  const r = mapJsonRecord(record)
  if (!('event' in r)) throw new Error(`not mapped: ${JSON.stringify(r)}`)
  return r.event.fields
}

const USER = {
  id: 'b2c1d7e0-5f4a-4c8e-9a3b-1d2e3f4a5b6c',
  type: 'User',
  userPrincipalName: 'Felix@corp.example.com'
}
const ROLE = { id: 'fe930be7-5e62-47db-91af-98c3a49a38b1', type: 'Role', displayName: 'User Administrator' }

const pimActivation = {
  id: 'PIM_0b1f',
  activityDateTime: '2026-10-12T14:12:40.5Z',
  activityDisplayName: 'Add member to role completed (PIM activation)',
  category: 'RoleManagement',
  loggedByService: 'PIM',
  operationType: 'Assign',
  result: 'success',
  resultReason: 'Daily administration',
  initiatedBy: {
    user: { id: USER.id, userPrincipalName: USER.userPrincipalName, ipAddress: '198.51.100.20' }
  },
  targetResources: [ROLE, USER],
  additionalDetails: [{ key: 'RoleDefinitionOriginId', value: ROLE.id }]
}

describe('the role of a role event', () => {
  it('is kept from the Role target of a PIM event, whose user stays the target', () => {
    const e = mapped(pimActivation)
    expect(e).toMatchObject({
      targetType: 'User',
      targetUpn: 'felix@corp.example.com',
      userUpn: 'felix@corp.example.com',
      resource: 'User Administrator'
    })
  })

  it('is kept from a Core Directory assignment too (its Role.* properties stay as they are)', () => {
    const e = mapped({
      ...pimActivation,
      id: 'Directory_1',
      activityDisplayName: 'Add member to role',
      loggedByService: 'Core Directory',
      targetResources: [
        {
          ...USER,
          modifiedProperties: [
            { displayName: 'Role.DisplayName', oldValue: null, newValue: '"User Administrator"' }
          ]
        },
        ROLE
      ]
    })
    expect(e.resource).toBe('User Administrator')
    expect(e.modifiedProperties?.map((p) => p.name)).toEqual(['Role.DisplayName'])
  })

  it('names the group of a membership change, and nothing when the user is the only target', () => {
    expect(
      mapped({
        ...pimActivation,
        activityDisplayName: 'Add member to group',
        targetResources: [USER, { id: 'g1', type: 'Group', displayName: 'Finance Team' }]
      }).resource
    ).toBe('Finance Team')
    expect(mapped({ ...pimActivation, targetResources: [USER] }).resource).toBeNull()
  })

  it('gives the privileged set the role name of a PIM activation', () => {
    const a = audit({
      activity: 'Add member to role completed (PIM activation)',
      ts: Date.UTC(2026, 9, 12, 14, 12),
      user: 'felix@corp.example.com',
      resource: 'User Administrator'
    })
    const g = roleGrantOf(a)
    expect(g).toMatchObject({ role: 'User Administrator', activation: true, direct: false })
    const set = new PrivilegedSet({ audits: [a], lists: EMPTY_LISTS })
    expect(set.at('felix@corp.example.com', a.ts).why).toMatch(/^activates User Administrator through PIM/)
    expect(set.members()).toEqual([{ user: 'felix@corp.example.com', why: 'User Administrator' }])
  })

  it('does not count a PIM activation of a reader role as administrator', () => {
    const a = audit({
      activity: 'Add member to role completed (PIM activation)',
      ts: Date.UTC(2026, 9, 12, 14, 12),
      user: 'gina@corp.example.com',
      resource: 'Global Reader'
    })
    const set = new PrivilegedSet({ audits: [a], lists: EMPTY_LISTS })
    expect(set.at('gina@corp.example.com', a.ts + 1).privileged).toBe(false)
  })

  it('treats a completed PIM assignment as a new grant, a request as no grant, and reads TemplateId', () => {
    const base = {
      ts: Date.UTC(2026, 9, 12, 13, 31),
      user: 'felix@corp.example.com',
      by: 'ava@corp.example.com'
    }
    const completed = roleGrantOf(
      audit({
        ...base,
        activity: 'Add eligible member to role in PIM completed (permanent)',
        resource: 'Privileged Authentication Administrator',
        modified: [prop('TemplateId', '""', '"7be44c8a-adaf-4e2a-84d6-ab2649e08a13"')]
      })
    )
    expect(completed).toMatchObject({
      direct: true,
      activation: false,
      role: 'Privileged Authentication Administrator',
      templateId: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13'
    })
    expect(
      roleGrantOf(
        audit({ ...base, activity: 'Add member to role in PIM requested (permanent)', resource: 'X' })
      )
    ).toBeNull()
  })
})

const PANTHER = resolve(
  import.meta.dirname,
  '../../../../shared/corpus/panther-test-events/panther-azure-audit-test-events.ndjson'
)

describe.skipIf(!existsSync(PANTHER))('the corpus PIM events (panther-analysis test events)', () => {
  it('name the role of "Add member to role in PIM completed (permanent)"', () => {
    const line = readFileSync(PANTHER, 'utf8')
      .split('\n')
      .find((l) => l.includes('"operationName": "Add member to role in PIM completed (permanent)"'))
    expect(line).toBeDefined()
    const e = mapped(JSON.parse(line as string) as Obj)
    // targetResources: Role "Application Administrator", Request, User "Malenia", Directory, Other.
    expect(e).toMatchObject({
      targetType: 'User',
      targetName: 'Malenia',
      resource: 'Application Administrator'
    })
  })
})
