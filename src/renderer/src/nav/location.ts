import type { EntityKind } from '../../../shared/ipc/case-work'
import type { ExplorerQuery } from '../../../shared/ipc/query'

/** Where the analyst is: one entry of the back/forward history. */
export type Location =
  | { page: 'events'; query: ExplorerQuery | null; select: number | null }
  | { page: 'findings'; finding: string | null }
  | { page: 'user'; user: string }
  | { page: 'entity'; kind: EntityKind; value: string }
  | { page: 'annotated' }
  | { page: 'case' }

export type Page = Location['page']

export const ENTITY_NOUNS: Record<EntityKind, string> = {
  ip: 'IP address',
  phone: 'Phone number',
  device: 'Authenticator device',
  actor: 'Actor'
}

/** A short title for the history menu and the breadcrumb. */
export function locationTitle(loc: Location): string {
  switch (loc.page) {
    case 'events':
      return 'Events'
    case 'findings':
      return loc.finding ? 'Finding' : 'Findings'
    case 'user':
      return `User ${loc.user}`
    case 'entity':
      return `${ENTITY_NOUNS[loc.kind]} ${loc.value}`
    case 'annotated':
      return 'Annotated'
    case 'case':
      return 'Case'
  }
}
