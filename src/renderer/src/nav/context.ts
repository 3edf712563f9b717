import { createContext, useContext } from 'react'
import type { Location } from './location'

export interface Workbench {
  /** The display zone: every time shown is in it, with its label. */
  zone: string
  /** Changes when the case's content changes (imports) or its findings do (scans): views refetch. */
  revision: string
  /** Audit events in the case: without any, security-info changes cannot be seen at all. */
  auditEvents: number
  go: (loc: Location) => void
}

export const WorkbenchContext = createContext<Workbench>({
  zone: 'UTC',
  revision: '0.0',
  auditEvents: 0,
  go: () => {}
})

export function useWorkbench(): Workbench {
  return useContext(WorkbenchContext)
}
