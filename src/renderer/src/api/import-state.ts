import { useState, type Dispatch, type SetStateAction } from 'react'
import type { ImportFinishedEvent, ImportJobInfo, ImportProgressEvent } from '../../../shared/ipc/contract'
import { useMainEvent } from './client'

export interface ImportState {
  job: ImportJobInfo | null
  /** The latest progress per file index. */
  progress: Record<number, ImportProgressEvent>
  /** The last progress event (phase, current file). */
  current: ImportProgressEvent | null
  finished: ImportFinishedEvent | null
}

const IDLE: ImportState = { job: null, progress: {}, current: null, finished: null }

/** Follows the import:* push events; a job started from the menu shows up the same way. */
export function useImportState(): [ImportState, Dispatch<SetStateAction<ImportState>>] {
  const [state, setState] = useState<ImportState>(IDLE)
  useMainEvent('import:started', (job) => setState({ job, progress: {}, current: null, finished: null }))
  useMainEvent('import:progress', (p) =>
    setState((s) =>
      s.job?.jobId === p.jobId ? { ...s, current: p, progress: { ...s.progress, [p.fileIndex]: p } } : s
    )
  )
  useMainEvent('import:finished', (f) =>
    setState((s) => (s.job?.jobId === f.jobId ? { ...s, finished: f } : s))
  )
  return [state, setState]
}

export function attachJob(job: ImportJobInfo): ImportState {
  return { job, progress: {}, current: null, finished: null }
}

export const IDLE_IMPORT = IDLE
