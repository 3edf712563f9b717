import { useCallback, useEffect, useRef, useState } from 'react'
import type {
  CallName,
  Calls,
  Cursor,
  EventDetail,
  FacetResult,
  GridRow,
  Histogram,
  SortOrder
} from '../../../shared/ipc/contract'
import type { ExplorerQuery, FacetField } from '../../../shared/ipc/query'
import { ApiError, call, errorText } from './client'

/** A value that settles `ms` after its last change (filters typed quickly fire one request). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return settled
}

const PAGE = 200

export interface EventPages {
  rows: GridRow[]
  hasMore: boolean
  loading: boolean
  error: string | null
  /** Time of the last page query in main, ms. */
  ms: number | null
  loadMore: () => void
  /** Changes loaded rows in place (an annotation made here), keeping the pages and the scroll. */
  patch: (ids: ReadonlySet<number>, fn: (row: GridRow) => GridRow) => void
}

const NO_ROWS: GridRow[] = []

interface PagesState {
  key: string
  rows: GridRow[]
  next: Cursor | null
  done: boolean
  error: string | null
  ms: number | null
}

/**
 * The grid's rows: keyset pages of 200 fetched as the table scrolls (never every row). A new
 * query, order or case generation starts over; answers for an older key are dropped.
 */
export function useEventPages(query: ExplorerQuery, order: SortOrder, generation: number): EventPages {
  const key = JSON.stringify([query, order, generation])
  const [state, setState] = useState<PagesState | null>(null)
  const [pending, setPending] = useState<string | null>(null)
  const inFlight = useRef<string | null>(null)

  const fetchPage = useCallback(async (forKey: string, after: Cursor | null): Promise<void> => {
    const [q, o] = JSON.parse(forKey) as [ExplorerQuery, SortOrder]
    const marker = `${forKey}|${after ? `${after.ts}:${after.id}` : ''}`
    if (inFlight.current === marker) return
    inFlight.current = marker
    setPending(marker)
    try {
      const page = await call('queryPage', { query: q, order: o, after, limit: PAGE })
      setState((s) => {
        if (after && s?.key !== forKey) return s
        return {
          key: forKey,
          rows: after && s ? [...s.rows, ...page.rows] : page.rows,
          next: page.next,
          done: page.next === null,
          error: null,
          ms: page.ms
        }
      })
    } catch (e) {
      setState((s) => ({
        key: forKey,
        rows: after && s?.key === forKey ? s.rows : NO_ROWS,
        next: null,
        done: true,
        error: errorText(e),
        ms: null
      }))
    } finally {
      if (inFlight.current === marker) {
        inFlight.current = null
        setPending(null)
      }
    }
  }, [])

  useEffect(() => {
    void fetchPage(key, null)
  }, [key, fetchPage])

  const current = state?.key === key ? state : null
  const loadMore = useCallback(() => {
    if (!current || current.done || !current.next || inFlight.current) return
    void fetchPage(key, current.next)
  }, [current, key, fetchPage])

  const patch = useCallback((ids: ReadonlySet<number>, fn: (row: GridRow) => GridRow) => {
    setState((s) => (s ? { ...s, rows: s.rows.map((r) => (ids.has(r.id) ? fn(r) : r)) } : s))
  }, [])

  return {
    patch,
    rows: current?.rows ?? NO_ROWS,
    hasMore: current ? !current.done : true,
    loading: current === null || pending !== null,
    error: current?.error ?? null,
    ms: current?.ms ?? null,
    loadMore
  }
}

export interface Loaded<T> {
  data: T | null
  loading: boolean
  error: string | null
}

/**
 * One call that follows its argument. While a new answer is on its way the previous data stays
 * on screen (marked loading); an answer for an argument no longer current is ignored, and a call
 * main superseded ('cancelled') changes nothing.
 */
function useCall<K extends CallName>(
  name: K,
  arg: Calls[K]['arg'] | null,
  salt: unknown
): Loaded<Calls[K]['value']> {
  const key = JSON.stringify([name, arg, salt])
  const [state, setState] = useState<{
    key: string | null
    data: Calls[K]['value'] | null
    error: string | null
  }>({
    key: null,
    data: null,
    error: null
  })
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
        setState({ key, data: null, error: errorText(e) })
      }
    )
    return () => {
      live = false
    }
  }, [key])
  const current = state.key === key
  return { data: state.data, loading: !current && arg !== null, error: current ? state.error : null }
}

export function useFacet(
  field: FacetField,
  query: ExplorerQuery,
  limit: number,
  generation: number
): Loaded<FacetResult> {
  return useCall('facet', { query, field, limit }, generation)
}

export function useHistogram(
  query: ExplorerQuery,
  buckets: number | null,
  zone: string,
  generation: number
): Loaded<Histogram> {
  return useCall('histogram', buckets === null ? null : { query, buckets, zone }, generation)
}

export function useEventDetail(id: number | null, generation: number): Loaded<EventDetail> {
  return useCall('eventDetail', id === null ? null : { id }, generation)
}
