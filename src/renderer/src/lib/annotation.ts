import type { Annotation } from '../../../shared/ipc/case-work'
import type { EventDetail } from '../../../shared/ipc/contract'

/**
 * The event's annotation, when main sends it with the detail. EventDetail has no annotation field
 * in the contract yet (asked of the lead); until it does, the editor starts empty.
 */
export function annotationOf(detail: EventDetail): Annotation | null {
  const a = (detail as EventDetail & { annotation?: Annotation | null }).annotation
  return a ?? null
}
