import { useEffect, useRef } from 'react'

/**
 * Escape closes a modal dialog wherever the focus is (`onClose` null: a dialog busy writing
 * stays open). It is caught before the views see it, so the view behind does not also react
 * (the explorer and the findings view close their detail panel on Escape).
 */
export function useEscape(onClose: (() => void) | null): void {
  const ref = useRef(onClose)
  useEffect(() => {
    ref.current = onClose
  })
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return
      e.stopPropagation()
      ref.current?.()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])
}
