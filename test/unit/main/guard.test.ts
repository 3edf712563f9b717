import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { guard, toErr } from '../../../src/main/services/guard'
import { AppFailure } from '../../../src/shared/ipc/result'

describe('errors crossing to the renderer', () => {
  it('names a file-system failure and its path in words, keeping the system message as detail', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'authtrail-guard-')), 'no-such-folder', 'report.html')
    const r = await guard(() => writeFileSync(missing, 'x'))
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'file-system', message: `Cannot use ${missing}: the file or folder does not exist.` }
    })
    expect(!r.ok && r.error.details).toMatch(/ENOENT/)
  })

  it('keeps AppFailures as they are and hides other errors behind a generic sentence with details', () => {
    expect(toErr(new AppFailure('busy', 'An import is running.'))).toEqual({
      ok: false,
      error: { code: 'busy', message: 'An import is running.' }
    })
    const r = toErr(new TypeError('x is undefined'))
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside Authtrail.' }
    })
    expect(!r.ok && r.error.details).toContain('TypeError: x is undefined')
  })
})
