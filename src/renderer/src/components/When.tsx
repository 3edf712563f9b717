import { formatInZone, zoneShort, type TimePrecision } from '../../../shared/ipc/time-zone'
import { useWorkbench } from '../nav/context'

/**
 * A time in the display zone. `label` adds the zone beside it; tables leave it off and name the
 * zone once in their header (`ZoneHead`).
 */
export function When({
  ms,
  precision = 's',
  label = false
}: {
  ms: number | null | undefined
  precision?: TimePrecision
  label?: boolean
}): React.JSX.Element {
  const { zone } = useWorkbench()
  if (ms === null || ms === undefined) return <span className="muted">—</span>
  return (
    <span className="when mono" title={new Date(ms).toISOString()}>
      {formatInZone(ms, zone, precision)}
      {label && <span className="zone"> {zoneShort(zone, ms)}</span>}
    </span>
  )
}

/** "Time (UTC)" for a table header. */
export function ZoneHead({ name = 'Time' }: { name?: string }): React.JSX.Element {
  const { zone } = useWorkbench()
  return (
    <>
      {name} <span className="zone">({zone === 'UTC' ? 'UTC' : zoneShort(zone)})</span>
    </>
  )
}

/** Parses the ISO 8601 UTC strings the case keeps (triage, log, annotations) into epoch ms. */
export function isoMs(iso: string | null | undefined): number | null {
  if (!iso) return null
  const t = Date.parse(iso)
  return Number.isNaN(t) ? null : t
}
