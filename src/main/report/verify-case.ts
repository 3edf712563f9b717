import { statSync } from 'node:fs'
import type { Database } from 'better-sqlite3'
import type { VerifyReport } from '../../shared/ipc/case-work'
import { checkCaseLogChain } from '../db/case-log'
import { sourceFiles } from '../db/queries'
import { sha256File } from '../import/source-file'

export interface CaseVerification extends VerifyReport {
  /** The hash of the last entry that follows: a copy kept elsewhere pins the whole log. */
  lastHash: string
  /** Sources not found at their recorded path: reported, not a failure (evidence is often moved). */
  missing: number
  changed: number
}

/**
 * Checks a case: the case log's hash chain, and every recorded source file against its SHA-256
 * where it still is at its recorded path. `ok` is false when the chain is broken or a present
 * source no longer has its recorded hash; a missing source is listed but does not fail the check
 * (exports are routinely moved off the analysis machine after import).
 */
export async function verifyCase(db: Database): Promise<CaseVerification> {
  const chain = checkCaseLogChain(db)
  const problems: string[] = []
  if (chain.problem) problems.push(`case log: ${chain.problem}`)
  const sources: VerifyReport['sources'] = []
  for (const f of sourceFiles(db)) {
    let status: 'match' | 'changed' | 'missing'
    let isFile: boolean
    try {
      isFile = statSync(f.path).isFile()
    } catch {
      isFile = false
    }
    if (!isFile) status = 'missing'
    else {
      try {
        status = (await sha256File(f.path)) === f.sha256 ? 'match' : 'changed'
      } catch (e) {
        status = 'missing'
        problems.push(`${f.path}: could not be read (${(e as Error).message})`)
      }
    }
    if (status === 'changed') problems.push(`${f.path}: its SHA-256 is not the one recorded at import`)
    sources.push({ path: f.path, sha256: f.sha256, status })
  }
  const changed = sources.filter((s) => s.status === 'changed').length
  const missing = sources.filter((s) => s.status === 'missing').length
  return {
    ok: chain.brokenAt === null && changed === 0,
    entries: chain.entries,
    brokenAt: chain.brokenAt,
    sources,
    problems,
    lastHash: chain.lastHash,
    missing,
    changed
  }
}
