import { useState } from 'react'
import { GRID_COLUMNS, type GridColumn } from '../../../shared/ipc/contract'
import { DEFAULT_COLUMNS } from './EventTable'

interface Props {
  columns: readonly GridColumn[]
  onChange: (columns: GridColumn[]) => void
}

/** Which fields the grid shows, in the contract's column order; time always stays. */
export function ColumnChooser({ columns, onChange }: Props): React.JSX.Element {
  const [open, setOpen] = useState(false)
  const shown = new Set(columns)
  const toggle = (key: GridColumn): void => {
    const next = new Set(shown)
    if (next.has(key)) next.delete(key)
    else next.add(key)
    onChange(GRID_COLUMNS.map(([k]) => k).filter((k) => k === 'time' || next.has(k)))
  }
  return (
    <div className="popover-anchor">
      <button
        className="tool"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        data-testid="columns-button"
      >
        Columns ▾
      </button>
      {open && (
        <div className="popover columns" role="dialog" aria-label="Columns" data-testid="columns-popover">
          <div className="popover-head">
            <span>Columns</span>
            <button className="link" onClick={() => onChange([...DEFAULT_COLUMNS])}>
              default
            </button>
            <button className="icon" onClick={() => setOpen(false)} aria-label="Close">
              ×
            </button>
          </div>
          <div className="column-list">
            {GRID_COLUMNS.map(([key, label]) => (
              <label key={key} className={key === 'time' ? 'disabled' : ''}>
                <input
                  type="checkbox"
                  checked={shown.has(key)}
                  disabled={key === 'time'}
                  onChange={() => toggle(key)}
                />
                {label}
              </label>
            ))}
          </div>
        </div>
      )}
    </div>
  )
}
