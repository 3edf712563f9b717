import { useCallback, useEffect, useRef, useState } from 'react'
import type { AnnotateRequest } from '../../../shared/ipc/case-work'
import type { CaseSummary, GridColumn, SortOrder } from '../../../shared/ipc/contract'
import { GRID_COLUMNS } from '../../../shared/ipc/contract'
import { describeQuery, EMPTY_QUERY, pivotQuery, type ExplorerQuery } from '../../../shared/ipc/query'
import { formatInZone, zoneShort } from '../../../shared/ipc/time-zone'
import { useDebounced, useEventPages, useHistogram } from '../api/explorer-hooks'
import { BulkAnnotateBar } from '../components/BulkAnnotateBar'
import { ColumnChooser } from '../components/ColumnChooser'
import { DetailPanel } from '../components/DetailPanel'
import { DEFAULT_COLUMNS, EventTable } from '../components/EventTable'
import { ExportDialog } from '../components/ExportDialog'
import { FacetSidebar } from '../components/FacetSidebar'
import { FilterBar } from '../components/FilterBar'
import { Histogram } from '../components/Histogram'
import { n } from '../lib/format'
import { annotateRow } from '../lib/annotation'
import { usePersistentState } from '../lib/settings'
import type { Location } from '../nav/location'

const COLUMN_KEYS = new Set<string>(GRID_COLUMNS.map(([k]) => k))
const isColumns = (v: unknown): v is GridColumn[] =>
  Array.isArray(v) && v.every((c) => typeof c === 'string' && COLUMN_KEYS.has(c)) && v.includes('time')
const isOrder = (v: unknown): v is SortOrder => v === 'asc' || v === 'desc'

type EventsLocation = Extract<Location, { page: 'events' }>

interface Props {
  summary: CaseSummary
  zone: string
  /** Where the explorer starts (a pivot's filter and event); its changes are reported back. */
  location: EventsLocation
  onLocation: (loc: EventsLocation) => void
  exporting: boolean
  onExporting: (open: boolean) => void
  focusFilter: boolean
  onFilterFocused: () => void
}

/**
 * The explorer: filter bar, facets, histogram, the virtualized grid and the detail panel. The
 * query is the one piece of state they share; each part asks main for just what it shows.
 */
export function ExplorerView({
  summary,
  zone,
  location,
  onLocation,
  exporting,
  onExporting,
  focusFilter,
  onFilterFocused
}: Props): React.JSX.Element {
  const [query, setQueryState] = useState<ExplorerQuery>(location.query ?? EMPTY_QUERY)
  const [history, setHistory] = useState<ExplorerQuery[]>([])
  const [order, setOrder] = usePersistentState<SortOrder>('order', 'asc', isOrder)
  const [columns, setColumns] = usePersistentState<GridColumn[]>('columns', DEFAULT_COLUMNS, isColumns)
  const [selected, setSelected] = useState<number | null>(location.select)
  // Rows ticked for bulk annotation (kept across filter changes, cleared explicitly).
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set())
  const [annotationRev, setAnnotationRev] = useState(0)
  const filterRef = useRef<HTMLInputElement>(null)
  const generation = summary.generation

  const setQuery = useCallback((next: ExplorerQuery) => {
    setQueryState((prev) => {
      if (JSON.stringify(prev) === JSON.stringify(next)) return prev
      setHistory((h) => [...h.slice(-49), prev])
      return next
    })
  }, [])
  const back = useCallback(() => {
    setHistory((h) => {
      const prev = h.at(-1)
      if (prev) setQueryState(prev)
      return h.slice(0, -1)
    })
  }, [])

  // Typing and clicking settle for a moment before aggregates are recomputed.
  const settled = useDebounced(query, 120)
  const pages = useEventPages(query, order, generation)
  // Bars fit the histogram's width, which is known once it is laid out: no request before that.
  const [buckets, setBuckets] = useState<number | null>(null)
  const hist = useHistogram(settled, buckets, zone, generation)
  const total = hist.data?.total ?? null

  useEffect(() => {
    onLocation({ page: 'events', query, select: selected })
  }, [query, selected, onLocation])
  useEffect(() => {
    if (!focusFilter) return
    filterRef.current?.focus()
    onFilterFocused()
  }, [focusFilter, onFilterFocused])
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement
      if (e.key === 'Escape' && !typing) setSelected(null)
      else if (e.key === '/' && !typing) {
        e.preventDefault()
        filterRef.current?.focus()
      } else if (e.altKey && e.key === 'ArrowLeft') back()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [back])

  const { patch } = pages
  const onAnnotated = useCallback(
    (change: AnnotateRequest) => {
      patch(new Set(change.ids), (row) => annotateRow(row, change))
      setAnnotationRev((r) => r + 1)
    },
    [patch]
  )

  const description = describeQuery(query, (ms) => `${formatInZone(ms, zone, 's')} ${zoneShort(zone, ms)}`)
  return (
    <div className={`explorer${selected !== null ? ' with-detail' : ''}`}>
      <FilterBar
        ref={filterRef}
        query={query}
        zone={zone}
        onChange={setQuery}
        canGoBack={history.length > 0}
        onBack={back}
      />
      <FacetSidebar query={settled} generation={generation} onChange={setQuery} />
      <section className="center">
        <Histogram
          hist={hist}
          zoomed={query.from !== null || query.to !== null}
          zone={zone}
          onBuckets={setBuckets}
          onRange={(from, to) => setQuery({ ...query, from, to })}
        />
        <div className="table-tools">
          <span className="muted" data-testid="match-count">
            {total !== null ? `${n(total)} events` : '…'}
            {description === 'all events' ? '' : ` ${description}`}
          </span>
          <span className="spacer" />
          <span className="muted small">
            {n(pages.rows.length)} loaded{pages.ms !== null ? ` · page ${pages.ms} ms` : ''}
          </span>
          <ColumnChooser columns={columns} onChange={setColumns} />
          <button className="tool" onClick={() => onExporting(true)}>
            Export…
          </button>
        </div>
        {checked.size > 0 && (
          <BulkAnnotateBar ids={[...checked]} onClear={() => setChecked(new Set())} onDone={onAnnotated} />
        )}
        <EventTable
          pages={pages}
          checked={checked}
          onChecked={setChecked}
          total={total}
          zone={zone}
          order={order}
          onOrder={setOrder}
          columns={columns}
          selectedId={selected}
          onSelect={setSelected}
        />
      </section>
      {selected !== null && (
        <DetailPanel
          id={selected}
          zone={zone}
          generation={generation}
          annotationRev={annotationRev}
          onAnnotated={onAnnotated}
          onClose={() => setSelected(null)}
          onSelect={setSelected}
          onPivot={(field, value) => setQuery(pivotQuery(field, value))}
        />
      )}
      {exporting && (
        <ExportDialog
          query={query}
          description={description}
          total={total}
          onClose={() => onExporting(false)}
        />
      )}
    </div>
  )
}
