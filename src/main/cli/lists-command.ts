import { LIST_KINDS, type ListKind } from '../../shared/scan/case-lists'
import { addListEntry, isListKind, listEntries, removeListEntry } from '../db/case-lists'
import { appendCaseLog } from '../db/case-log'
import { openCase } from '../db/open'
import type { Io } from './main'
import { UsageError } from './main'

function parse(spec: string): { list: ListKind; value: string } {
  const at = spec.indexOf('=')
  const list = at < 0 ? '' : spec.slice(0, at)
  if (!isListKind(list))
    throw new UsageError(`list entries are KIND=VALUE with KIND one of ${LIST_KINDS.join(', ')}`)
  return { list, value: spec.slice(at + 1) }
}

/** `authtrail lists CASE [--add KIND=VALUE]... [--remove KIND=VALUE]...`: the case's VIP, break-glass, help-desk, twin and address lists. */
export function runLists(
  casePath: string,
  options: { add: string[]; remove: string[]; json: boolean },
  io: Io
): number {
  const changes = [
    ...options.add.map((s) => ({ ...parse(s), add: true })),
    ...options.remove.map((s) => ({ ...parse(s), add: false }))
  ]
  const db = openCase(casePath, { readonly: changes.length === 0 })
  try {
    // All changes and their case-log entry in one transaction: a bad entry changes nothing.
    const apply = db.transaction(() => {
      const added: string[] = []
      const removed: string[] = []
      for (const c of changes) {
        let done: boolean
        try {
          done = c.add ? addListEntry(db, c.list, c.value) : removeListEntry(db, c.list, c.value)
        } catch (err) {
          throw new UsageError((err as Error).message)
        }
        if (!done) io.err(`authtrail: ${c.list} ${c.value} was ${c.add ? 'already listed' : 'not listed'}\n`)
        else (c.add ? added : removed).push(`${c.list}=${c.value}`)
      }
      if (added.length || removed.length)
        appendCaseLog(
          db,
          'list-change',
          [
            added.length ? `added ${added.join(', ')}` : '',
            removed.length ? `removed ${removed.join(', ')}` : ''
          ]
            .filter(Boolean)
            .join('; ')
            .replace(/^./, (ch) => ch.toUpperCase()),
          { added, removed, from: 'cli' }
        )
    })
    if (changes.length) apply()
    const entries = listEntries(db)
    if (options.json) io.out(JSON.stringify(entries, null, 2) + '\n')
    else if (entries.length === 0) io.out('no list entries (kinds: ' + LIST_KINDS.join(', ') + ')\n')
    else for (const e of entries) io.out(`${e.list.padEnd(14)} ${e.value}\n`)
    return 0
  } finally {
    db.close()
  }
}
