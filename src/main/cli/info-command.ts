import { openCase } from '../db/open'
import { caseCounts, sourceFiles } from '../db/queries'
import { unindexedCount } from '../db/search-index'
import { pendingIndexes } from '../db/bulk-load'
import type { Io } from './main'

export function runInfo(casePath: string, options: { json: boolean }, io: Io): number {
  const db = openCase(casePath, { readonly: true })
  try {
    const counts = caseCounts(db)
    const sources = sourceFiles(db)
    const unindexed = unindexedCount(db)
    const pending = pendingIndexes(db)
    if (options.json) {
      io.out(
        JSON.stringify(
          {
            case: casePath,
            events: { audit: counts.audit, signin: counts.signin, total: counts.audit + counts.signin },
            timeRange: { first: counts.first, last: counts.last },
            searchIndex: { pending: unindexed },
            filterIndexes: { pending },
            sources
          },
          null,
          2
        ) + '\n'
      )
      return 0
    }
    io.out(`case ${casePath}\n`)
    io.out(
      `events: ${counts.audit} audit, ${counts.signin} sign-in (${counts.audit + counts.signin} total)\n`
    )
    io.out(`time range (UTC): ${counts.first ?? '-'} … ${counts.last ?? '-'}\n`)
    if (unindexed > 0) io.out(`search index: ${unindexed} events not yet indexed\n`)
    if (pending.length > 0)
      io.out(
        `filter indexes: ${pending.length} not built yet (queries scan until the next import builds them): ${pending.join(', ')}\n`
      )
    io.out(`sources (${sources.length}):\n`)
    for (const s of sources) {
      io.out(
        `  ${s.path}\n    ${s.format}${s.layout ? ` (${s.layout})` : ''}, ${s.encoding}, ${s.size} bytes, sha256 ${s.sha256}\n`
      )
      io.out(
        `    ${s.records} records: ${s.imported} imported, ${s.duplicates} duplicates, ${s.rejected} rejected; imported ${s.importedAt}\n`
      )
    }
    return 0
  } finally {
    db.close()
  }
}
