import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main as generateSamples } from '../../scripts/samples/generate'
import { importFiles } from '../../src/main/import/import-job'
import { applyAuthSteps } from '../../src/shared/ingest/formats/sign-in'
import type { Method } from '../../src/shared/model/event'
import { tempCase, tempDir, type TempDir } from '../helpers/temp-case'

/**
 * The AuthDetails join at a scale that spans many of its chunks of request ids: the sample
 * generator's portal sign-in CSVs, 20,000 sign-ins, thousands of them with steps in the companion
 * files.
 */
let data: TempDir
let signIns: string[]
let authDetails: string[]

beforeAll(async () => {
  data = tempDir()
  const log = vi.spyOn(console, 'log').mockImplementation(() => {})
  try {
    await generateSamples([
      '--events',
      '20000',
      '--formats',
      'portal-signin-csv',
      '--kind',
      'signin',
      '--out',
      data.dir
    ])
  } finally {
    log.mockRestore()
  }
  const dir = join(data.dir, 'portal-signin-csv')
  const names = readdirSync(dir).sort()
  signIns = names.filter((n) => /^(Non)?InteractiveSignIns_\d/.test(n)).map((n) => join(dir, n))
  authDetails = names.filter((n) => /^(Non)?InteractiveSignIns_AuthDetails_/.test(n)).map((n) => join(dir, n))
}, 60_000)

afterAll(() => data.cleanup())

/** Each sign-in's methods, by its identity (ids differ with the order of import). */
function methodsOf(db: Database): Map<string, string> {
  const rows = db
    .prepare(
      `SELECT kind || ' ' || fp || ' ' || coalesce(native_id, ''), coalesce(auth_methods, '') || ' ' || coalesce(method, '') || ' ' || coalesce(method_detail, '')
         FROM events WHERE kind = 'signin'`
    )
    .raw()
    .all() as [string, string][]
  return new Map(rows)
}

const cleanups: (() => void)[] = []
afterAll(() => cleanups.forEach((c) => c()))

async function imported(...batches: string[][]): Promise<Database> {
  const c = tempCase()
  cleanups.push(c.cleanup)
  for (const files of batches) {
    const reports = await importFiles(c.db, files)
    expect(reports.every((r) => r.status === 'imported')).toBe(true)
  }
  return c.db
}

describe('AuthDetails join across many request ids', () => {
  it('gives every sign-in the methods of all its steps, whichever files come first and however they are split', async () => {
    expect(signIns).toHaveLength(2)
    expect(authDetails).toHaveLength(2)
    const before = methodsOf(await imported(signIns))
    const together = await imported([...signIns, ...authDetails])
    const after = methodsOf(together)

    // The join looks at thousands of request ids (it reads 2,000 a round), and thousands of
    // sign-ins gain methods from their steps.
    const requests = together.prepare(`SELECT count(DISTINCT request_id) FROM auth_details`).pluck().get()
    expect(requests).toBeGreaterThan(6000)
    const changed = [...after].filter(([k, v]) => before.get(k) !== v).length
    expect(changed).toBeGreaterThan(1500)

    // None was left out: recomputing any sign-in from all its steps changes nothing.
    const steps = together.prepare(
      `SELECT label, detail, succeeded FROM auth_details WHERE request_id = ? ORDER BY ts, id`
    )
    let checked = 0
    const missed: number[] = []
    for (const e of together
      .prepare(
        `SELECT id, request_id AS requestId, auth_methods AS authMethods, method, method_detail AS methodDetail
                  FROM events WHERE kind = 'signin' AND request_id IN (SELECT request_id FROM auth_details)`
      )
      .all() as {
      id: number
      requestId: string
      authMethods: string | null
      method: string | null
      methodDetail: string | null
    }[]) {
      const target = {
        authMethods: null as Method[] | null,
        method: null as Method | null,
        methodDetail: null
      }
      const rows = steps.all(e.requestId) as {
        label: string | null
        detail: string | null
        succeeded: number | null
      }[]
      const known = e.authMethods ? (JSON.parse(e.authMethods) as Method[]) : []
      applyAuthSteps(
        target,
        rows.map((r) => ({ ...r, succeeded: r.succeeded === null ? null : r.succeeded === 1 })),
        [],
        null,
        null,
        known
      )
      checked++
      if (target.authMethods && JSON.stringify(target.authMethods) !== (e.authMethods ?? ''))
        missed.push(e.id)
      else if (target.authMethods && target.method !== e.method) missed.push(e.id)
    }
    expect(checked).toBeGreaterThan(1500)
    expect(missed).toEqual([])

    // The same result whatever comes first, in one import or in several.
    expect(methodsOf(await imported([...authDetails, ...signIns]))).toEqual(after)
    expect(methodsOf(await imported(authDetails, signIns))).toEqual(after)
    expect(methodsOf(await imported(signIns, authDetails))).toEqual(after)
  }, 120_000)
})
