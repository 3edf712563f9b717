import { openCase } from '../db/open'
import { verifyCase } from '../report/verify-case'
import type { Io } from './main'

const MARK = { match: '✓', changed: '✗', missing: '?' } as const

/**
 * `authtrail verify CASE`: the case log's hash chain and every source file against its recorded
 * SHA-256. Exit 0 when everything that can be checked holds, 1 when the chain is broken or a
 * source file present at its recorded path has changed. A source that is no longer there is
 * reported but is not a failure: exports are often moved after import, and what the case holds
 * is still what was imported.
 */
export async function runVerify(casePath: string, options: { json: boolean }, io: Io): Promise<number> {
  const db = openCase(casePath, { readonly: true })
  let v
  try {
    v = await verifyCase(db)
  } finally {
    db.close()
  }
  if (options.json) {
    io.out(JSON.stringify({ case: casePath, ...v }, null, 2) + '\n')
    return v.ok ? 0 : 1
  }
  io.out(`case ${casePath}\n`)
  if (v.brokenAt === null)
    io.out(`case log: ${v.entries} entries, the hash chain holds; last hash ${v.lastHash}\n`)
  else {
    io.out(`case log: BROKEN at entry ${v.brokenAt}\n`)
    for (const p of v.problems.filter((p) => p.startsWith('case log: '))) io.out(`  ${p.slice(10)}\n`)
    io.out(`  the chain holds up to hash ${v.lastHash}\n`)
  }
  const match = v.sources.length - v.changed - v.missing
  io.out(
    `sources: ${v.sources.length} recorded, ${match} match, ${v.changed} changed, ${v.missing} not found\n`
  )
  for (const s of v.sources)
    io.out(`  ${MARK[s.status]} ${s.status.padEnd(7)} ${s.path}\n            sha256 ${s.sha256}\n`)
  for (const p of v.problems.filter((p) => !p.startsWith('case log: ') && !p.endsWith('recorded at import')))
    io.out(`  note: ${p}\n`)
  if (v.missing)
    io.out(
      `${v.missing} source file${v.missing === 1 ? ' is' : 's are'} not at the recorded path: reported, not a failure (the case keeps what was imported)\n`
    )
  io.out(
    v.ok
      ? 'VERIFIED: the case log is intact and every source file present matches its recorded SHA-256\n'
      : `NOT VERIFIED: ${[v.brokenAt !== null ? 'the case log was altered' : '', v.changed ? `${v.changed} source file${v.changed === 1 ? '' : 's'} changed since import` : ''].filter(Boolean).join('; ')}\n`
  )
  return v.ok ? 0 : 1
}
