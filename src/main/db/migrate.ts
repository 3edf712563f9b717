import type { Database } from 'better-sqlite3'
import { up as initial } from './migrations/0010-initial'
import { up as findings } from './migrations/0020-findings'
import { up as explorerIndexes } from './migrations/0030-explorer-indexes'
import { up as caseWork } from './migrations/0040-case-work'
import { up as partyIndexes } from './migrations/0050-party-indexes'
import { up as methodHolders } from './migrations/0060-method-holders'

export interface Migration {
  version: number
  name: string
  up: (db: Database) => void
}

/** Append only: a shipped migration is never edited, a change is a new entry. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 10, name: 'initial', up: initial },
  { version: 20, name: 'findings', up: findings },
  { version: 30, name: 'explorer-indexes', up: explorerIndexes },
  { version: 40, name: 'case-work', up: caseWork },
  { version: 50, name: 'party-indexes', up: partyIndexes },
  { version: 60, name: 'method-holders', up: methodHolders }
]

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0

export class CaseVersionError extends Error {}

/**
 * Brings a case file to the current schema in one transaction, or refuses a file written by a
 * newer Authtrail (opening it would risk misreading or damaging the evidence).
 */
export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION) {
    throw new CaseVersionError(
      `this case was written by a newer version of Authtrail (schema ${current}; this version reads up to ${SCHEMA_VERSION}); update Authtrail to open it`
    )
  }
  const pending = MIGRATIONS.filter((m) => m.version > current)
  if (pending.length === 0) return
  db.transaction(() => {
    for (const m of pending) m.up(db)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  }).immediate()
}
