/**
 * Display time zones. Events are stored as UTC epoch milliseconds; the explorer shows them in one
 * selectable IANA zone and always names it, so a time on screen is never ambiguous.
 */

export const UTC = 'UTC'

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit'
    })
    formatters.set(zone, f)
  }
  return f
}

export function isValidZone(zone: string): boolean {
  if (zone === UTC) return true
  try {
    formatter(zone)
    return true
  } catch {
    return false
  }
}

interface Wall {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

function wallTime(ms: number, zone: string): Wall {
  const parts: Record<string, number> = {}
  for (const p of formatter(zone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0
  }
}

/** The zone's offset from UTC at an instant, in ms (Europe/Berlin in summer: +7,200,000). */
export function zoneOffsetMs(zone: string, ms: number): number {
  if (zone === UTC) return 0
  const whole = Math.floor(ms / 1000) * 1000
  const w = wallTime(whole, zone)
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole
}

/** "+02:00", "-05:30", "+00:00". */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+'
  const minutes = Math.round(Math.abs(offsetMs) / 60_000)
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

export type TimePrecision = 'ms' | 's' | 'min' | 'day'

/** Wall time in the zone: "2026-10-05 09:12:33.123" (no zone: callers put it in the header or beside). */
export function formatInZone(ms: number, zone: string, precision: TimePrecision = 'ms'): string {
  const local = new Date(ms + zoneOffsetMs(zone, ms))
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`
  if (precision === 'day') return date
  const hm = `${date} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`
  if (precision === 'min') return hm
  const s = `${hm}:${pad(local.getUTCSeconds())}`
  return precision === 's' ? s : `${s}.${pad(local.getUTCMilliseconds(), 3)}`
}

/** ISO 8601 with the zone's offset: "2026-10-05T09:12:33.123+02:00" (for copying and exports). */
export function isoInZone(ms: number, zone: string): string {
  const offset = zoneOffsetMs(zone, ms)
  return `${formatInZone(ms, zone).replace(' ', 'T')}${zone === UTC ? 'Z' : formatOffset(offset)}`
}

/** "UTC" or "Europe/Berlin (UTC+02:00)" at the given instant. */
export function zoneLabel(zone: string, ms: number = Date.now()): string {
  if (zone === UTC) return UTC
  return `${zone} (UTC${formatOffset(zoneOffsetMs(zone, ms))})`
}

/** Short form for column headers: "UTC", "UTC+02:00 Europe/Berlin". */
export function zoneShort(zone: string, ms: number = Date.now()): string {
  if (zone === UTC) return UTC
  return `UTC${formatOffset(zoneOffsetMs(zone, ms))} ${zone}`
}

const TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * Parses a typed time. With an explicit offset (Z, +02:00) that is used; without one the wall time
 * is read in `zone`, the zone the user is looking at. Returns null when it is not a time.
 */
export function parseZonedTime(text: string, zone: string): number | null {
  const m = TIME_RE.exec(text.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, s, frac, off] = m
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0
  const wall = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    ms
  )
  const check = new Date(wall)
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null
  if (off) {
    if (off.toUpperCase() === 'Z') return wall
    const sign = off.startsWith('-') ? -1 : 1
    const digits = off.slice(1).replace(':', '')
    return wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
  }
  // The offset at the wall time read as UTC is a first guess; re-reading it at the result settles DST edges.
  const first = wall - zoneOffsetMs(zone, wall)
  return wall - zoneOffsetMs(zone, first)
}
