import { useCallback, useEffect, useState } from 'react'
import type { CallName, Calls } from '../../../shared/ipc/contract'
import { ApiError, call, errorText } from './client'

export interface Loading<T> {
  data: T | null
  /** True while the answer for the current argument is on its way (older data stays shown). */
  loading: boolean
  error: string | null
  /** Asks again (after a change this view made itself: triage, annotation, suppression). */
  reload: () => void
}

/**
 * One call that follows its argument and the case's revision, for the investigation pages. An
 * answer for an argument no longer current is dropped; the previous data stays on screen meanwhile.
 */
export function useLoad<K extends CallName>(
  name: K,
  arg: Calls[K]['arg'] | null,
  revision: string
): Loading<Calls[K]['value']> {
  const [tick, setTick] = useState(0)
  const key = JSON.stringify([name, arg, revision, tick])
  const [state, setState] = useState<{
    key: string | null
    data: Calls[K]['value'] | null
    error: string | null
  }>({ key: null, data: null, error: null })
  useEffect(() => {
    const [n, a] = JSON.parse(key) as [K, Calls[K]['arg'] | null]
    if (a === null) return
    let live = true
    call(n, a).then(
      (data) => {
        if (live) setState({ key, data, error: null })
      },
      (e: unknown) => {
        if (!live || (e instanceof ApiError && e.code === 'cancelled')) return
        setState((s) => ({ key, data: s.data, error: errorText(e) }))
      }
    )
    return () => {
      live = false
    }
  }, [key])
  const reload = useCallback(() => setTick((t) => t + 1), [])
  const current = state.key === key
  return {
    data: state.data,
    loading: !current && arg !== null,
    error: current ? state.error : null,
    reload
  }
}
