import { useMemo } from 'react'
import { UTC, zoneLabel } from '../../../shared/ipc/time-zone'

interface Props {
  zone: string
  onChange: (zone: string) => void
}

function allZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return []
  }
}

/** The display zone: UTC by default, the machine's zone one step away, every IANA zone listed. */
export function TimeZoneSelect({ zone, onChange }: Props): React.JSX.Element {
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone
  const zones = useMemo(() => allZones().filter((z) => z !== UTC && z !== local), [local])
  return (
    <label className="tz" title="Times are stored in UTC; this only changes how they are shown">
      <span className="muted">Time zone</span>
      <select value={zone} onChange={(e) => onChange(e.target.value)} data-testid="zone-select">
        <option value={UTC}>UTC</option>
        {local && local !== UTC && <option value={local}>{zoneLabel(local)} — this computer</option>}
        <optgroup label="All zones">
          {zones.map((z) => (
            <option key={z} value={z}>
              {zoneLabel(z)}
            </option>
          ))}
        </optgroup>
      </select>
    </label>
  )
}
