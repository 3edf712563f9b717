import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { openCase } from '../../src/main/db/open'

export interface TempDir {
  dir: string
  path: (name: string) => string
  cleanup: () => void
}

export function tempDir(prefix = 'authtrail-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return {
    dir,
    path: (name) => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true })
  }
}

export function tempCase(): TempDir & { casePath: string; db: Database } {
  const t = tempDir()
  const casePath = t.path('case.authtrail')
  const db = openCase(casePath, { create: true })
  return {
    ...t,
    casePath,
    db,
    cleanup: () => {
      if (db.open) db.close()
      t.cleanup()
    }
  }
}
