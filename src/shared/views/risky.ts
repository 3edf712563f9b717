import type { GridRow } from '../ipc/contract'

/**
 * A sign-in Identity Protection flagged: a risk level above none, a risk state of at risk or
 * confirmed compromised, or any risk event type. "hidden" (no licence to see it) is not a risk.
 */
export function isRiskyRow(row: Pick<GridRow, 'riskLevel' | 'riskState' | 'riskEventTypes'>): boolean {
  const level = row.riskLevel?.toLowerCase() ?? null
  const state = row.riskState?.toLowerCase() ?? null
  return (
    (level !== null && ['low', 'medium', 'high'].includes(level)) ||
    (state !== null && ['atrisk', 'confirmedcompromised'].includes(state)) ||
    (row.riskEventTypes?.length ?? 0) > 0
  )
}
