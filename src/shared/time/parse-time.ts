/**
 * Tolerant parsing of every timestamp shape the Entra export paths produce (FORMATS.md §9.3):
 * ISO 8601 with Z, an offset or no zone, 0-9 fractional digits, 'T' or a space; and
 * locale strings such as `9/20/2023 4:05:03 AM` (Purview, PowerShell) or `4/28/2021, 2:08:45.221 PM`
 * (Log Analytics CSV). Everything becomes epoch milliseconds in UTC.
 *
 * Whatever had to be assumed is returned as a sentence, so the importer can record it: a time
 * without a zone is read as UTC, and an ambiguous slash date is read month-first (US order).
 */

export interface ParsedTime {
  ms: number
  /** Why this reading could be wrong; empty when the string was unambiguous. */
  assumptions: string[]
}

export type DateOrder = 'mdy' | 'dmy'

export const ASSUMED_UTC = 'no time zone in the source, read as UTC'
export const ASSUMED_MDY = 'ambiguous day/month order, read as month/day (US)'
export const ASSUMED_DMY = 'ambiguous day/month order, read as day/month'

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/
const SLASH =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*([AaPp][Mm])?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  return month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0)
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z' || zone === 'UTC' || zone === 'GMT') return 0
  const sign = zone[0] === '-' ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const h = Number(digits.slice(0, 2))
  const m = Number(digits.slice(2, 4))
  if (h > 14 || m > 59) return NaN
  return sign * (h * 60 + m)
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string | undefined,
  zone: string | undefined
): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  if (hour > 23 || minute > 59 || second > 60) return null
  const ms = fraction ? Math.floor(Number((fraction + '00').slice(0, 3))) : 0
  const offset = zone ? offsetMinutes(zone) : 0
  if (Number.isNaN(offset)) return null
  // Leap seconds (":60") are clamped; Date.UTC would roll them into the next minute anyway.
  return Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms) - offset * 60_000
}

export function parseTime(raw: string, order: DateOrder = 'mdy'): ParsedTime | null {
  const text = raw.trim()
  if (text === '') return null

  const iso = ISO.exec(text)
  if (iso) {
    const [, y, mo, d, h, mi, s, f, zone] = iso
    const ms = build(
      Number(y),
      Number(mo),
      Number(d),
      Number(h ?? 0),
      Number(mi ?? 0),
      Number(s ?? 0),
      f,
      zone
    )
    if (ms === null) return null
    return { ms, assumptions: zone ? [] : [ASSUMED_UTC] }
  }

  const slash = SLASH.exec(text)
  if (slash) {
    const [, a, b, y, h, mi, s, f, ampm, zone] = slash
    const first = Number(a)
    const second = Number(b)
    let month: number
    let day: number
    const assumptions: string[] = []
    if (first > 12 && second <= 12) {
      day = first
      month = second
    } else if (second > 12 && first <= 12) {
      month = first
      day = second
    } else {
      ;[month, day] = order === 'mdy' ? [first, second] : [second, first]
      if (first !== second) assumptions.push(order === 'mdy' ? ASSUMED_MDY : ASSUMED_DMY)
    }
    let hour = Number(h)
    if (ampm) {
      if (hour < 1 || hour > 12) return null
      const pm = ampm.toLowerCase() === 'pm'
      hour = (hour % 12) + (pm ? 12 : 0)
    }
    const ms = build(Number(y), month, day, hour, Number(mi), Number(s ?? 0), f, zone)
    if (ms === null) return null
    if (!zone) assumptions.unshift(ASSUMED_UTC)
    return { ms, assumptions }
  }
  return null
}

/** ISO 8601 UTC with milliseconds: the one time format Authtrail writes. */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString()
}
