import { useCallback, useState } from 'react'
import type { Location } from './location'

export interface History {
  current: Location
  /** Position in the stack, so a view can be keyed on the entry it shows. */
  index: number
  canBack: boolean
  canForward: boolean
  go: (loc: Location) => void
  /** Updates the current entry without a new step (the explorer's filter as it changes). */
  replace: (loc: Location) => void
  back: () => void
  forward: () => void
}

const LIMIT = 100

/** Browser-like navigation in React state: going somewhere new drops the forward entries. */
export function useHistory(start: Location): History {
  const [state, setState] = useState<{ stack: Location[]; index: number }>({ stack: [start], index: 0 })
  const go = useCallback((loc: Location) => {
    setState((s) => {
      if (JSON.stringify(s.stack[s.index]) === JSON.stringify(loc)) return s
      const stack = [...s.stack.slice(0, s.index + 1), loc].slice(-LIMIT)
      return { stack, index: stack.length - 1 }
    })
  }, [])
  const replace = useCallback((loc: Location) => {
    setState((s) => {
      if (JSON.stringify(s.stack[s.index]) === JSON.stringify(loc)) return s
      const stack = [...s.stack]
      stack[s.index] = loc
      return { stack, index: s.index }
    })
  }, [])
  const back = useCallback(() => setState((s) => (s.index > 0 ? { ...s, index: s.index - 1 } : s)), [])
  const forward = useCallback(
    () => setState((s) => (s.index < s.stack.length - 1 ? { ...s, index: s.index + 1 } : s)),
    []
  )
  return {
    current: state.stack[state.index] ?? start,
    index: state.index,
    canBack: state.index > 0,
    canForward: state.index < state.stack.length - 1,
    go,
    replace,
    back,
    forward
  }
}
