import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readScanSource } from '../../src/main/db/scan-source'
import { importIntoCase } from '../../src/main/import/import-job'
import { scanCase } from '../../src/main/scan/scan-service'
import { REGISTERED } from '../helpers/entra-fixtures'
import { importFixtures, type Case } from '../helpers/import-fixture'
import { tempCase } from '../helpers/temp-case'

/**
 * SI-021's Exchange signals through the real importer and the scan's SQL selection: the Purview
 * log's inbox rules, forwarding and deleted notification mails reach the rule; the rest of a
 * mailbox's activity is not read at all.
 */
let cases: Case[] = []
afterEach(() => {
  for (const c of cases) c.cleanup()
  cases = []
})

const ualLine = (o: Record<string, unknown>): string => JSON.stringify(o)
const mail = (id: string, operation: string, time: string, subjects: string[]): string =>
  ualLine({
    CreationTime: time,
    Id: id,
    Operation: operation,
    RecordType: 3,
    ResultStatus: 'Succeeded',
    UserType: 0,
    Workload: 'Exchange',
    UserId: 'alice@corp.example.com',
    MailboxOwnerUPN: 'alice@corp.example.com',
    ClientIPAddress: '203.0.113.45',
    AffectedItems: subjects.map((Subject) => ({ Subject, ParentFolder: { Path: '\\Inbox' } }))
  })

describe('SI-021 with the Purview unified audit log', () => {
  it('finds the security-info notification deleted minutes after a registration, and reads no other mail', async () => {
    const { c } = await importFixtures({
      'audit.json': JSON.stringify([REGISTERED]),
      'ual.jsonl': [
        // 09:14:02 registration (REGISTERED); 3 minutes later the notice goes.
        mail('7a1e0000-0000-4000-8000-000000000001', 'MoveToDeletedItems', '2026-10-06T09:17:10', [
          'Security info was added to your account'
        ]),
        mail('7a1e0000-0000-4000-8000-000000000002', 'SoftDelete', '2026-10-06T09:20:00', ['Team lunch']),
        ualLine({
          CreationTime: '2026-10-06T09:21:00',
          Id: '7a1e0000-0000-4000-8000-000000000003',
          Operation: 'Set-Mailbox',
          RecordType: 1,
          ResultStatus: 'True',
          Workload: 'Exchange',
          UserId: 'alice@corp.example.com',
          Parameters: [{ Name: 'MaxSendSize', Value: '35 MB' }]
        })
      ].join('\n')
    })
    cases.push(c)
    const read = readScanSource(c.db)
      .events.filter((e) => e.kind === 'audit')
      .map((e) => e.kind === 'audit' && e.act)
    expect(read.sort()).toEqual(['movetodeleteditems', 'user registered security info'])

    const found = scanCase(c.db, { rules: ['SI-021'] }).findings
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ rule: 'SI-021', severity: 'high', users: ['alice@corp.example.com'] })
    expect(found[0]?.summary).toContain(
      "MoveToDeletedItems of the mail 'Security info was added to your account'"
    )
    expect(found[0]?.facts.deletedNotices).toEqual(['Security info was added to your account'])
  })
})

const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus/purview-ual-csv')

describe.skipIf(!existsSync(CORPUS))(
  'SI-021 on the real Purview export of the corpus (Huntress CTF "Rogue Inbox")',
  () => {
    it('finds the inbox rules DebraB created minutes after the bulk password reset', async () => {
      const c = tempCase()
      cases.push(c)
      await importIntoCase(c.db, [CORPUS])
      const found = scanCase(c.db, { rules: ['SI-021'] }).findings
      expect(found.map((f) => f.users)).toEqual([['debrab@m365b132131.onmicrosoft.com']])
      const f = found[0]
      expect(f?.summary).toMatch(
        /^debrab@m365b132131\.onmicrosoft\.com: password reset at 2023-09-26T01:43Z, then 12 min later the account itself did: New-InboxRule 'f' \(From=flag@ctf\.com, MoveToFolder=Conversation History, MarkAsRead=True\);/
      )
      // Every rule created within the hour after the reset (the file's rules for her run from 01:56 on).
      expect(f?.facts.inboxRules).toBeGreaterThan(30)
    })
  }
)
