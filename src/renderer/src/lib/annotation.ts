import type { AnnotateRequest } from '../../../shared/ipc/case-work'
import type { GridRow } from '../../../shared/ipc/contract'

/**
 * A loaded grid row with an annotation change applied, so the grid shows a star or tag at once
 * without reloading its pages (which would lose the scroll position deep in a large case).
 */
export function annotateRow(row: GridRow, change: AnnotateRequest): GridRow {
  let tags = row.tags ? row.tags.split(',') : []
  if (change.addTags) tags = [...new Set([...tags, ...change.addTags.map((t) => t.trim().toLowerCase())])]
  if (change.removeTags) {
    const gone = new Set(change.removeTags.map((t) => t.trim().toLowerCase()))
    tags = tags.filter((t) => !gone.has(t))
  }
  tags.sort()
  return {
    ...row,
    starred: change.starred ?? row.starred,
    tags: tags.length ? tags.join(',') : null
  }
}
