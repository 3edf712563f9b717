import type { WireHandlers } from '../../shared/ipc/contract'
import type { AnnotateRequest } from '../../shared/ipc/case-work'
import { AppFailure } from '../../shared/ipc/result'
import { applyAnnotation, listAnnotationRows, tagCounts } from '../db/annotations'
import { appendCaseLog } from '../db/case-log'
import { gridRowsByIds } from '../db/explorer'
import type { CaseSession } from './case-session'
import type { CaseWriter } from './case-writer'
import { guard } from './guard'

/** What an annotate call did, in words for the case log. */
function describe(req: AnnotateRequest, events: number): string {
  const parts: string[] = []
  if (req.starred !== undefined) parts.push(req.starred ? 'starred' : 'unstarred')
  if (req.addTags?.length) parts.push(`tagged ${req.addTags.join(', ')}`)
  if (req.removeTags?.length) parts.push(`untagged ${req.removeTags.join(', ')}`)
  if (req.comment !== undefined) parts.push(req.comment?.trim() ? 'commented' : 'comment cleared')
  return `${events === 1 ? '1 event' : `${events} events`} ${parts.join('; ')}`
}

export function annotationHandlers(deps: {
  session: CaseSession
  writer: CaseWriter
  /** Annotations changed: cached aggregates that filter on tags or stars are stale. */
  changed: () => void
}): Pick<WireHandlers, 'annotate' | 'listAnnotations' | 'listTags'> {
  const { session, writer } = deps
  return {
    annotate: (req) =>
      guard(() => {
        writer.write((db) => {
          const outcome = applyAnnotation(db, req, new Date().toISOString())
          if (outcome.events === 0) throw new AppFailure('not-found', 'None of those events is in this case.')
          const detail: Record<string, unknown> = { ids: req.ids, missing: outcome.missing }
          if (req.starred !== undefined) detail.starred = req.starred
          if (req.addTags?.length) detail.addTags = req.addTags
          if (req.removeTags?.length) detail.removeTags = req.removeTags
          if (req.comment !== undefined) detail.comment = req.comment?.trim() ? req.comment : null
          appendCaseLog(db, 'annotate', describe(req, outcome.events), detail)
        })
        deps.changed()
        return null
      }),
    listAnnotations: ({ limit, after }) =>
      guard(() => {
        const db = session.connection()
        const annotations = listAnnotationRows(db, limit, after)
        const rows = new Map(
          gridRowsByIds(
            db,
            annotations.map((a) => a.eventId)
          ).map((r) => [r.id, r])
        )
        return annotations.flatMap((annotation) => {
          const row = rows.get(annotation.eventId)
          return row ? [{ annotation, row }] : []
        })
      }),
    listTags: () => guard(() => tagCounts(session.connection()))
  }
}
