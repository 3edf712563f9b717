/**
 * Time renderings of the export formats, computed on the ISO text itself (no Date round trip) so
 * Graph's 7 fractional digits survive where a format keeps them and are truncated, not rounded,
 * where it does not (Log Analytics shows `.221` for `.2213421`).
 */

export interface TimeParts {
  year: string
  month: string
  day: string
  hour: string
  minute: string
  second: string
  /** Fractional seconds, exactly 7 digits (zero-padded or truncated). */
  fraction: string
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]00:?00)?$/i

/** Splits a UTC ISO 8601 time; other offsets and odd shapes go through Date (microseconds lost). */
export function timeParts(iso: string): TimeParts {
  // Fast path for Graph's own shape, `2026-10-03T08:15:02.5168093Z` (the regex costs more per record).
  if (
    iso.length === 28 &&
    iso.charCodeAt(27) === 90 &&
    iso.charCodeAt(19) === 46 &&
    iso.charCodeAt(10) === 84
  )
    return {
      year: iso.slice(0, 4),
      month: iso.slice(5, 7),
      day: iso.slice(8, 10),
      hour: iso.slice(11, 13),
      minute: iso.slice(14, 16),
      second: iso.slice(17, 19),
      fraction: iso.slice(20, 27)
    }
  const m = ISO.exec(iso)
  if (m) {
    const [, year = '', month = '', day = '', hour = '', minute = '', second = '', fraction = ''] = m
    return { year, month, day, hour, minute, second, fraction: fraction.padEnd(7, '0').slice(0, 7) }
  }
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) throw new Error(`not an ISO 8601 time: ${JSON.stringify(iso)}`)
  return timeParts(date.toISOString())
}

/** `2026-10-03T08:15:02.5168093Z` (Graph's own form, 7 digits). */
export function isoGraph(iso: string): string {
  const t = timeParts(iso)
  return `${t.year}-${t.month}-${t.day}T${t.hour}:${t.minute}:${t.second}.${t.fraction}Z`
}

/** `2026-10-03T08:15:02.5168093+00:00`, the form inside Azure Monitor `properties`. */
export function isoOffset(iso: string): string {
  const t = timeParts(iso)
  return `${t.year}-${t.month}-${t.day}T${t.hour}:${t.minute}:${t.second}.${t.fraction}+00:00`
}

/** `2026-10-03T08:15:02.516Z`, Log Analytics' millisecond precision. */
export function isoMillis(iso: string): string {
  const t = timeParts(iso)
  return `${t.year}-${t.month}-${t.day}T${t.hour}:${t.minute}:${t.second}.${t.fraction.slice(0, 3)}Z`
}

/** `2026-10-03T08:15:02Z`, the portal sign-in download's `Date (UTC)`. */
export function isoSeconds(iso: string): string {
  const t = timeParts(iso)
  return `${t.year}-${t.month}-${t.day}T${t.hour}:${t.minute}:${t.second}Z`
}

/** `2026-10-03T08:15:02`, UAL `CreationTime`: UTC without a zone designator. */
export function isoZoneless(iso: string): string {
  const t = timeParts(iso)
  return `${t.year}-${t.month}-${t.day}T${t.hour}:${t.minute}:${t.second}`
}

/** `2026-10-03T08:15:02.0000000Z`, the classic audit-search CSV's `CreationDate` (UAL times have whole seconds). */
export function isoClassicUal(iso: string): string {
  return `${isoZoneless(iso)}.0000000Z`
}

/**
 * .NET's round-trip `yyyy-MM-ddTHH:mm:ss.FFFFFFFK`, which PowerShell 7 uses for the DateTime that
 * ConvertFrom-Json made of a Graph time: trailing zeros of the fraction are dropped.
 */
export function isoDotNetTrimmed(iso: string): string {
  const t = timeParts(iso)
  const fraction = t.fraction.replace(/0+$/, '')
  return `${t.year}-${t.month}-${t.day}T${t.hour}:${t.minute}:${t.second}${fraction ? '.' + fraction : ''}Z`
}

/** `2026-10-03`. */
export function isoDate(iso: string): string {
  const t = timeParts(iso)
  return `${t.year}-${t.month}-${t.day}`
}

function twelveHour(hour: string): { h: number; ampm: 'AM' | 'PM' } {
  const h24 = Number(hour)
  return { h: h24 % 12 === 0 ? 12 : h24 % 12, ampm: h24 < 12 ? 'AM' : 'PM' }
}

/** `4/28/2021, 2:08:45.221 PM`: the Log Analytics portal's CSV export (en-US, comma, 12-hour, milliseconds). */
export function usLogAnalytics(iso: string): string {
  const t = timeParts(iso)
  const { h, ampm } = twelveHour(t.hour)
  return `${Number(t.month)}/${Number(t.day)}/${t.year}, ${h}:${t.minute}:${t.second}.${t.fraction.slice(0, 3)} ${ampm}`
}

/** `9/26/2023 1:43:41 AM`: Purview's `CreationDate`, and .NET's en-US `DateTime.ToString()`. */
export function usGeneral(iso: string): string {
  const t = timeParts(iso)
  const { h, ampm } = twelveHour(t.hour)
  return `${Number(t.month)}/${Number(t.day)}/${t.year} ${h}:${t.minute}:${t.second} ${ampm}`
}

/** `3/12/2025 7:31:34 AM` for 3 December: .NET's en-AU `DateTime.ToString()` (`d/MM/yyyy h:mm:ss tt`). */
export function auGeneral(iso: string): string {
  const t = timeParts(iso)
  const { h, ampm } = twelveHour(t.hour)
  return `${Number(t.day)}/${t.month}/${t.year} ${h}:${t.minute}:${t.second} ${ampm}`
}

/** `20261003081502`, the `yyyyMMddHHmmss` stamp in Microsoft-Extractor-Suite file names. */
export function compactStamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/[-T:]/g, '')
}

/** Whole days added to a `YYYY-MM-DD` date. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}
