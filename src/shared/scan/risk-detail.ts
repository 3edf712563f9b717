/**
 * Identity Protection's `riskDetail` of a sign-in ("aiConfirmedSigninSafe",
 * "userPassedMFADrivenByRiskBasedPolicy", …). The case model has no column for it; the scan reads
 * it from the record as imported (event_sources.raw) for the few sign-ins that carry risk, so
 * SI-014 can honour the catalog's exclusions (RP7). Graph and portal JSON write `riskDetail`, Log
 * Analytics and PowerShell `RiskDetail`, Azure Monitor records nest it in `properties`; CSV rows are
 * read against their file's header.
 */

/** Column names of the CSV exports that carry it (Log Analytics `RiskDetail`, a portal-style "Risk detail"). */
const CSV_COLUMN = /^\s*risk ?detail\s*$/i

function fromObject(o: unknown): string | null {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return null
  const rec = o as Record<string, unknown>
  for (const key of ['riskDetail', 'RiskDetail']) {
    const v = rec[key]
    if (typeof v === 'string' && v !== '') return v
  }
  return fromObject(rec.properties)
}

/**
 * The riskDetail of one stored record: `raw` is the record's text, `csvHeader` its file's header
 * line when the file is CSV, `splitCsv` the CSV field splitter (injected: this module stays pure).
 */
export function riskDetailOf(
  raw: string,
  csvHeader: string | null,
  splitCsv: (record: string) => string[]
): string | null {
  const text = raw.trimStart()
  if (text.startsWith('{')) {
    try {
      return fromObject(JSON.parse(text))
    } catch {
      return null
    }
  }
  if (csvHeader === null) return null
  const column = splitCsv(csvHeader.replace(/^\uFEFF/, '')).findIndex((h) => CSV_COLUMN.test(h))
  if (column < 0) return null
  const v = splitCsv(raw)[column]
  return v === undefined || v.trim() === '' ? null : v.trim()
}

/** Risk an administrator or Identity Protection itself judged safe (RP7 excludes the first). */
export const SAFE_RISK_DETAILS = new Set([
  'aiconfirmedsigninsafe',
  'adminconfirmedsigninsafe',
  'admindismissedallriskforuser'
])

/** The user passed MFA that a risk policy asked for: the catalog's "re-registering right after a risk remediation prompt". */
export const MFA_REMEDIATED = 'userpassedmfadrivenbyriskbasedpolicy'
