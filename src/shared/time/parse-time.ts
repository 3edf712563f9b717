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

/** The milliseconds a fraction of a second names: its first three digits (`7` is 700). */
function fractionMs(fraction: string | undefined): number {
  return fraction ? Math.floor(Number((fraction + '00').slice(0, 3))) : 0
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  zone: string | undefined
): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  if (hour > 23 || minute > 59 || second > 60) return null
  const offset = zone ? offsetMinutes(zone) : 0
  if (Number.isNaN(offset)) return null
  // Leap seconds (":60") are clamped; Date.UTC would roll them into the next minute anyway.
  return Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms) - offset * 60_000
}

const ZERO = 48

/** The value of the `count` decimal digits at `at`, or -1 if one of them is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - ZERO
    if (d < 0 || d > 9) return -1
    value = value * 10 + d
  }
  return value
}

/**
 * The shape nearly every record has (Graph and the portal: `2026-10-05T02:00:55.7142183Z`, or
 * without a fraction), read by character codes: the general regex costs a match array and nine
 * substrings per record. Returns undefined for any other shape, which the general path reads; for
 * this shape it gives what the general path would (the ISO regex matches it with the same parts).
 */
function parseZuluIso(text: string): number | null | undefined {
  const n = text.length
  if (n < 20 || n > 30 || text.charCodeAt(n - 1) !== 90 /* Z */) return undefined
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':')
    return undefined
  const year = digitsAt(text, 0, 4)
  const month = digitsAt(text, 5, 2)
  const day = digitsAt(text, 8, 2)
  const hour = digitsAt(text, 11, 2)
  const minute = digitsAt(text, 14, 2)
  const second = digitsAt(text, 17, 2)
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined
  let ms = 0
  if (n > 20) {
    // `.` and 1 to 9 digits before the Z.
    if (text[19] !== '.' || n === 21) return undefined
    const digits = n - 21
    if (digitsAt(text, 20, digits) < 0) return undefined
    ms = digitsAt(text, 20, Math.min(digits, 3)) * (digits === 1 ? 100 : digits === 2 ? 10 : 1)
  }
  return build(year, month, day, hour, minute, second, ms, 'Z')
}

export function parseTime(raw: string, order: DateOrder = 'mdy'): ParsedTime | null {
  const text = raw.trim()
  if (text === '') return null

  const zulu = parseZuluIso(text)
  if (zulu !== undefined) return zulu === null ? null : { ms: zulu, assumptions: [] }

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
      fractionMs(f),
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
    const ms = build(Number(y), month, day, hour, Number(mi), Number(s ?? 0), fractionMs(f), zone)
    if (ms === null) return null
    if (!zone) assumptions.unshift(ASSUMED_UTC)
    return { ms, assumptions }
  }
  return null
}

const DAY_MS = 86_400_000
/** 10000-01-01T00:00:00Z: from there on toISOString writes a six-digit year. */
const YEAR_10000_MS = 253_402_300_800_000
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'))
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))
let cachedDay = NaN
let cachedDayPrefix = ''

/**
 * ISO 8601 UTC with milliseconds: the one time format Authtrail writes, exactly as toISOString
 * writes it. Records come roughly in time order, so the `YYYY-MM-DDT` of the last day is kept and
 * only the time of day is written: toISOString costs about a microsecond a call.
 */
export function formatUtc(ms: number): string {
  if (!(ms >= 0 && ms < YEAR_10000_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString()
  const day = Math.floor(ms / DAY_MS)
  if (day !== cachedDay) {
    cachedDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11)
    cachedDay = day
  }
  let rest = ms - day * DAY_MS
  const milli = rest % 1000
  rest = (rest - milli) / 1000
  const second = rest % 60
  rest = (rest - second) / 60
  const minute = rest % 60
  const hour = (rest - minute) / 60
  return `${cachedDayPrefix}${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}.${THREE_DIGITS[milli]}Z`
}
