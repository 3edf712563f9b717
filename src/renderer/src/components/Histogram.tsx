import { useEffect, useRef, useState } from 'react'
import type { Histogram as HistogramData } from '../../../shared/ipc/contract'
import { formatInZone, zoneShort, type TimePrecision } from '../../../shared/ipc/time-zone'
import type { Loaded } from '../api/explorer-hooks'
import { n, span } from '../lib/format'

interface Props {
  hist: Loaded<HistogramData>
  zoomed: boolean
  zone: string
  /** How many bars fit the width. */
  onBuckets: (buckets: number) => void
  onRange: (from: number | null, to: number | null) => void
}

const bucketsFor = (width: number): number => Math.max(20, Math.min(240, Math.floor((width - LEFT - 8) / 5)))

const HEIGHT = 96
const AXIS = 16
const LEFT = 44

function precisionFor(bucketMs: number): TimePrecision {
  if (bucketMs >= 86_400_000) return 'day'
  if (bucketMs >= 60_000) return 'min'
  return 's'
}

/**
 * Events over time for the current filter. Drag across it to zoom into a range (the bars snap to
 * whole buckets); click a bar to zoom into it; "reset zoom" drops the range. Bars start at the
 * display zone's midnights and hours.
 */
export function Histogram({ hist, zoomed, zone, onBuckets, onRange }: Props): React.JSX.Element {
  const boxRef = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(800)
  useEffect(() => {
    const el = boxRef.current
    if (!el) return
    const ro = new ResizeObserver(() => {
      const w = Math.max(200, el.clientWidth)
      setWidth(w)
      onBuckets(bucketsFor(w))
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [onBuckets])
  const plotWidth = width - LEFT - 8
  const { data, loading, error } = hist
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null)
  const [hover, setHover] = useState<number | null>(null)

  const count = data?.counts.length ?? 0
  const barW = count ? plotWidth / count : 0
  const max = Math.max(1, ...(data?.counts ?? [1]))
  const plotH = HEIGHT - AXIS - 6
  const xOf = (e: React.MouseEvent): number => {
    const rect = (e.currentTarget as SVGElement).getBoundingClientRect()
    return Math.max(0, Math.min(plotWidth, e.clientX - rect.left - LEFT))
  }
  const bucketAt = (x: number): number =>
    Math.max(0, Math.min(count - 1, Math.floor(x / Math.max(barW, 1e-9))))

  const finishDrag = (x: number): void => {
    if (!data || !drag) return
    const a = bucketAt(Math.min(drag.x0, x))
    const b = bucketAt(Math.max(drag.x0, x))
    setDrag(null)
    const from = data.origin + a * data.bucketMs
    const to = data.origin + (b + 1) * data.bucketMs
    onRange(Math.max(from, 0), to)
  }

  const precision = data ? precisionFor(data.bucketMs) : 'min'
  const ticks: { x: number; label: string }[] = []
  if (data && count && data.total > 0) {
    const every = Math.max(1, Math.ceil(count / Math.max(2, Math.floor(plotWidth / 130))))
    for (let i = 0; i < count; i += every)
      ticks.push({
        x: LEFT + i * barW,
        label: formatInZone(data.origin + i * data.bucketMs, zone, precision)
      })
  }
  const hovered =
    hover !== null && data
      ? { i: hover, c: data.counts[hover] ?? 0, t: data.origin + hover * data.bucketMs }
      : null

  return (
    <div className="histogram" ref={boxRef} data-testid="histogram">
      <div className="histogram-head">
        <span className="muted">
          {data
            ? `${n(data.total)} events · bars of ${span(data.bucketMs)} · ${zoneShort(zone, data.from)}`
            : loading
              ? 'counting…'
              : ''}
          {error && <span className="error"> {error}</span>}
        </span>
        {hovered && (
          <span className="histogram-hover">
            {formatInZone(hovered.t, zone, precision === 'day' ? 'min' : 's')} + {span(data?.bucketMs ?? 0)}:{' '}
            {n(hovered.c)}
          </span>
        )}
        <span className="spacer" />
        {data && <span className="muted">{data.ms > 0 ? `${Math.round(data.ms)} ms` : 'cached'}</span>}
        {zoomed && (
          <button className="link" onClick={() => onRange(null, null)} data-testid="reset-zoom">
            reset zoom
          </button>
        )}
      </div>
      <svg
        width={width}
        height={HEIGHT}
        className={loading ? 'loading' : ''}
        onMouseDown={(e) => {
          if (e.button !== 0) return
          const x = xOf(e)
          setDrag({ x0: x, x1: x })
        }}
        onMouseMove={(e) => {
          const x = xOf(e)
          if (drag) setDrag({ ...drag, x1: x })
          setHover(count ? bucketAt(x) : null)
        }}
        onMouseUp={(e) => finishDrag(xOf(e))}
        onMouseLeave={() => {
          setHover(null)
          setDrag(null)
        }}
        data-testid="histogram-plot"
      >
        <text x={LEFT - 6} y={10} className="axis" textAnchor="end">
          {n(max)}
        </text>
        {data && data.total === 0 && (
          <text x={LEFT + plotWidth / 2} y={plotH / 2 + 6} className="axis" textAnchor="middle">
            no events in this range
          </text>
        )}
        <line x1={LEFT} x2={LEFT + plotWidth} y1={plotH + 2} y2={plotH + 2} className="axis-line" />
        {data?.counts.map((c, i) =>
          c > 0 ? (
            <rect
              key={i}
              x={LEFT + i * barW + 0.5}
              y={plotH + 2 - Math.max(1, (c / max) * plotH)}
              width={Math.max(1, barW - 1)}
              height={Math.max(1, (c / max) * plotH)}
              className={hover === i ? 'bar hover' : 'bar'}
            />
          ) : null
        )}
        {ticks.map((t) => (
          <g key={t.x}>
            <line x1={t.x} x2={t.x} y1={plotH + 2} y2={plotH + 6} className="axis-line" />
            <text x={t.x + 2} y={HEIGHT - 3} className="axis">
              {t.label}
            </text>
          </g>
        ))}
        {drag && Math.abs(drag.x1 - drag.x0) > 0 && (
          <rect
            x={LEFT + Math.min(drag.x0, drag.x1)}
            y={0}
            width={Math.abs(drag.x1 - drag.x0)}
            height={plotH + 2}
            className="brush"
            data-testid="brush"
          />
        )}
      </svg>
    </div>
  )
}
