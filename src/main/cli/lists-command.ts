import { LIST_KINDS, type ListKind } from '../../shared/scan/case-lists'
import { addListEntry, isListKind, listEntries, removeListEntry } from '../db/case-lists'
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

/** `authtrail lists CASE [--add KIND=VALUE]... [--remove KIND=VALUE]...`: the case's VIP, break-glass, twin and address lists. */
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
    for (const c of changes) {
      try {
        const done = c.add ? addListEntry(db, c.list, c.value) : removeListEntry(db, c.list, c.value)
        if (!done) io.err(`authtrail: ${c.list} ${c.value} was ${c.add ? 'already listed' : 'not listed'}\n`)
      } catch (err) {
        throw new UsageError((err as Error).message)
      }
    }
    const entries = listEntries(db)
    if (options.json) io.out(JSON.stringify(entries, null, 2) + '\n')
    else if (entries.length === 0) io.out('no list entries (kinds: ' + LIST_KINDS.join(', ') + ')\n')
    else for (const e of entries) io.out(`${e.list.padEnd(14)} ${e.value}\n`)
    return 0
  } finally {
    db.close()
  }
}
