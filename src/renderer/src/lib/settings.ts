import { useCallback, useState } from 'react'

/**
 * View preferences (time zone, columns, sort) kept in the renderer's localStorage: they belong to
 * the analyst's screen, not to the case file.
 */
export function usePersistentState<T>(
  key: string,
  initial: T,
  valid: (v: unknown) => v is T
): [T, (v: T | ((prev: T) => T)) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(`authtrail:${key}`)
      if (raw !== null) {
        const parsed = JSON.parse(raw) as unknown
        if (valid(parsed)) return parsed
      }
    } catch {
      // a corrupt preference falls back to the default
    }
    return initial
  })
  const set = useCallback(
    (v: T | ((prev: T) => T)) => {
      setValue((prev) => {
        const next = typeof v === 'function' ? (v as (p: T) => T)(prev) : v
        try {
          localStorage.setItem(`authtrail:${key}`, JSON.stringify(next))
        } catch {
          // storage full or disabled: the preference lasts for this session only
        }
        return next
      })
    },
    [key]
  )
  return [value, set]
}
