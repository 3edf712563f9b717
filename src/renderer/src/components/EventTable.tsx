import { useEffect, useMemo, useRef } from 'react'
import {
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  tableFeatures,
  useTable,
  type ColumnVisibilityState
} from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { GRID_COLUMNS, type GridColumn, type GridRow, type SortOrder } from '../../../shared/ipc/contract'
import { formatInZone, formatOffset, UTC, zoneOffsetMs } from '../../../shared/ipc/time-zone'
import type { EventPages } from '../api/explorer-hooks'
import { EntityLink, MethodDetail, UserLink } from './EntityLink'

const features = tableFeatures({ columnVisibilityFeature, columnSizingFeature })
const helper = createColumnHelper<typeof features, GridRow>()

const WIDTHS: Partial<Record<GridColumn, number>> = {
  time: 196,
  kind: 66,
  activity: 260,
  result: 92,
  userUpn: 230,
  actorUpn: 210,
  actorName: 170,
  ip: 130,
  country: 64,
  method: 150,
  appName: 170,
  errorCode: 64,
  id: 80,
  interactive: 80,
  asn: 70,
  userAgent: 300,
  modified: 260
}

function text(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (Array.isArray(v)) return v.join(', ')
  if (typeof v === 'boolean') return v ? 'yes' : 'no'
  return String(v)
}

export const DEFAULT_COLUMNS: GridColumn[] = [
  'time',
  'kind',
  'activity',
  'result',
  'userUpn',
  'ip',
  'country',
  'method',
  'appName'
]

export function visibilityOf(columns: readonly GridColumn[]): ColumnVisibilityState {
  const shown = new Set<string>(columns)
  return Object.fromEntries(GRID_COLUMNS.map(([key]) => [key, shown.has(key)]))
}

const ROW_HEIGHT = 22

interface Props {
  pages: EventPages
  total: number | null
  zone: string
  order: SortOrder
  onOrder: (order: SortOrder) => void
  columns: readonly GridColumn[]
  selectedId: number | null
  onSelect: (id: number | null) => void
  /** Rows ticked for bulk actions; shift-click ticks a range. */
  checked: ReadonlySet<number>
  onChecked: (checked: ReadonlySet<number>) => void
}

/** The tick box and the analyst's star lead every row. */
const CHECK_WIDTH = 44

/**
 * The event grid: @tanstack/react-table 9 for the column model, @tanstack/react-virtual for the
 * rows. Only the rows in view are in the DOM; the next keyset page is asked for when the view
 * comes within 60 rows of the end of what is loaded.
 */
export function EventTable({
  pages,
  total,
  zone,
  order,
  onOrder,
  columns,
  selectedId,
  onSelect,
  checked,
  onChecked
}: Props): React.JSX.Element {
  const anchor = useRef<number | null>(null)
  const columnDefs = useMemo(
    () =>
      helper.columns(
        GRID_COLUMNS.map(([key, label]) =>
          helper.accessor(key, {
            id: key,
            // UTC needs no offset per row; any other zone shows each row's own offset (DST moves it).
            header: key === 'time' ? `Time (${zone})` : label,
            size: key === 'time' && zone !== UTC ? 250 : (WIDTHS[key] ?? 150),
            cell: (info) => {
              const row = info.row.original
              if (key === 'time')
                return zone === UTC
                  ? formatInZone(row.ts, zone)
                  : `${formatInZone(row.ts, zone)} ${formatOffset(zoneOffsetMs(zone, row.ts))}`
              if (key === 'kind')
                return (
                  <span className={`badge kind-${row.kind}`}>
                    {row.kind === 'signin' ? 'sign-in' : 'audit'}
                  </span>
                )
              if (key === 'activity')
                return (
                  <>
                    {text(row.activity)}
                    {row.tags?.split(',').map((t) => (
                      <span key={t} className="tag-chip small in-grid">
                        {t}
                      </span>
                    ))}
                  </>
                )
              if (key === 'result')
                return row.result ? <span className={`result result-${row.result}`}>{row.result}</span> : ''
              // Values with a view of their own open it (the row is still selected by clicking elsewhere).
              if (key === 'userUpn' || key === 'targetUpn')
                return <UserLink value={row[key]} className="in-grid" />
              if (key === 'actorUpn')
                return <EntityLink kind="actor" value={row.actorUpn} className="in-grid" />
              if (key === 'ip') return <EntityLink kind="ip" value={row.ip} className="in-grid" />
              if (key === 'methodDetail')
                return <MethodDetail method={row.method} detail={row.methodDetail} />
              return text(info.getValue())
            }
          })
        )
      ),
    [zone]
  )
  const columnVisibility = useMemo(() => visibilityOf(columns), [columns])
  const table = useTable({
    features,
    columns: columnDefs,
    data: pages.rows,
    getRowId: (row) => String(row.id),
    state: { columnVisibility },
    onColumnVisibilityChange: () => {}
  })
  const rows = table.getRowModel().rows
  const scrollRef = useRef<HTMLDivElement>(null)
  // TanStack Virtual opts out of compiler memoization (TOOLCHAIN.md §3.7).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length + (pages.hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.at(-1)?.index ?? 0
  const { hasMore, loading, loadMore } = pages
  useEffect(() => {
    if (hasMore && !loading && lastIndex >= rows.length - 60) loadMore()
  }, [lastIndex, rows.length, hasMore, loading, loadMore])

  // Keep the selected row in view when it changes from the keyboard.
  const selectedIndex = useMemo(() => rows.findIndex((r) => r.original.id === selectedId), [rows, selectedId])
  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
    e.preventDefault()
    const next = Math.max(0, Math.min(rows.length - 1, selectedIndex + (e.key === 'ArrowDown' ? 1 : -1)))
    const row = rows[next]
    if (row) {
      onSelect(row.original.id)
      virtualizer.scrollToIndex(next, { align: 'auto' })
    }
  }

  const width = table.getTotalSize() + CHECK_WIDTH
  const loadedIds = rows.map((r) => r.original.id)
  const allChecked = loadedIds.length > 0 && loadedIds.every((id) => checked.has(id))
  const tick = (index: number, id: number, shift: boolean): void => {
    const next = new Set(checked)
    const on = !checked.has(id)
    const from = shift && anchor.current !== null ? Math.min(anchor.current, index) : index
    const to = shift && anchor.current !== null ? Math.max(anchor.current, index) : index
    for (let i = from; i <= to; i++) {
      const rid = loadedIds[i]
      if (rid === undefined) continue
      if (on) next.add(rid)
      else next.delete(rid)
    }
    anchor.current = index
    onChecked(next)
  }
  const headers = table.getHeaderGroups()[0]?.headers ?? []
  return (
    <div
      className="grid"
      ref={scrollRef}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="event-table"
      aria-rowcount={total ?? undefined}
    >
      <div className="grid-head" style={{ width }} role="row">
        <div className="grid-th grid-check" style={{ width: CHECK_WIDTH }}>
          <input
            type="checkbox"
            checked={allChecked}
            disabled={loadedIds.length === 0}
            onChange={() => onChecked(allChecked ? new Set() : new Set([...checked, ...loadedIds]))}
            title="Tick every loaded row"
            aria-label="Tick every loaded row"
            data-testid="check-all"
          />
        </div>
        {headers.map((header) => (
          <div key={header.id} className="grid-th" style={{ width: header.getSize() }} role="columnheader">
            {header.column.id === 'time' ? (
              <button
                className="sort"
                title="Rows are in time order; click to reverse"
                onClick={() => onOrder(order === 'asc' ? 'desc' : 'asc')}
              >
                <table.FlexRender header={header} /> {order === 'asc' ? '▲' : '▼'}
              </button>
            ) : (
              <table.FlexRender header={header} />
            )}
          </div>
        ))}
      </div>
      <div className="grid-body" style={{ height: virtualizer.getTotalSize(), width }}>
        {items.map((item) => {
          const row = rows[item.index]
          if (!row)
            return (
              <div
                key="loader"
                className="grid-row loader"
                style={{ transform: `translateY(${item.start}px)`, width }}
              >
                {pages.error ? `Could not load more rows: ${pages.error}` : 'loading…'}
              </div>
            )
          const selected = row.original.id === selectedId
          return (
            <div
              key={row.id}
              className={`grid-row${selected ? ' selected' : ''}${checked.has(row.original.id) ? ' checked' : ''}${item.index % 2 ? ' odd' : ''}`}
              style={{ transform: `translateY(${item.start}px)`, width }}
              onClick={() => onSelect(selected ? null : row.original.id)}
              role="row"
              aria-selected={selected}
              data-event-id={row.original.id}
            >
              <div className="grid-td grid-check" style={{ width: CHECK_WIDTH }}>
                <input
                  type="checkbox"
                  checked={checked.has(row.original.id)}
                  onClick={(e) => {
                    e.stopPropagation()
                    tick(item.index, row.original.id, e.shiftKey)
                  }}
                  onChange={() => {}}
                  aria-label={`Tick event ${row.original.id}`}
                  data-testid="row-check"
                />
                <span className="grid-star" title={row.original.starred ? 'starred' : undefined}>
                  {row.original.starred ? '★' : ''}
                </span>
              </div>
              {row.getVisibleCells().map((cell) => (
                <div
                  key={cell.id}
                  className={`grid-td col-${cell.column.id}`}
                  style={{ width: cell.column.getSize() }}
                >
                  <table.FlexRender cell={cell} />
                </div>
              ))}
            </div>
          )
        })}
      </div>
      {pages.rows.length === 0 && !pages.loading && (
        <div className="grid-empty">{pages.error ? pages.error : 'No events match this filter.'}</div>
      )}
    </div>
  )
}
