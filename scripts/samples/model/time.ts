/**
 * Time helpers. Model times are epoch milliseconds (UTC); Graph prints 7 fractional digits, so the
 * last four digits (below a millisecond) are drawn from the event's own random stream when the
 * object is built. Local working hours are converted with the IANA zone through Intl, which keeps
 * daylight saving right (the default window straddles no change in the US or the UK).
 */
import type { Rng } from './rng'

export const SECOND = 1000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

export interface Window {
  start: number
  end: number
  days: number
}

export function makeWindow(startIso: string, days: number): Window {
  const start = Date.parse(startIso)
  if (!Number.isFinite(start)) throw new Error(`invalid start time: ${startIso}`)
  if (start % DAY !== 0) throw new Error(`the window must start at midnight UTC: ${startIso}`)
  return { start, end: start + days * DAY, days }
}

/** Graph style: 2026-10-05T08:15:02.5168093Z (7 digits). */
export function graphTime(ms: number, rng: Rng): string {
  return `${isoNoZone(ms)}${rng.digits(4)}Z`
}

let dayCacheKey = NaN
let dayCacheText = ''

/** "2026-10-05T08:15:02.516" without allocating a Date per call (scale runs format millions). */
function isoNoZone(ms: number): string {
  const day = Math.floor(ms / DAY)
  if (day !== dayCacheKey) {
    dayCacheKey = day
    dayCacheText = new Date(day * DAY).toISOString().slice(0, 11)
  }
  let rest = ms - day * DAY
  const h = Math.floor(rest / HOUR)
  rest -= h * HOUR
  const m = Math.floor(rest / MINUTE)
  rest -= m * MINUTE
  const s = Math.floor(rest / SECOND)
  const milli = rest - s * SECOND
  return `${dayCacheText}${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}.${String(milli).padStart(3, '0')}`
}

/** The answer key's time form, which is what the importer stores: milliseconds and Z. */
export function isoMs(ms: number): string {
  return new Date(ms).toISOString()
}

/** Day index (0-based) of an instant within the window. */
export function dayOf(window: Window, ms: number): number {
  return Math.floor((ms - window.start) / DAY)
}

/** UTC time of day inside a window day: at(w, 3, '17:02:11') */
export function at(window: Window, day: number, hms: string): number {
  const [h = 0, m = 0, s = 0] = hms.split(':').map(Number)
  return window.start + day * DAY + h * HOUR + m * MINUTE + s * 1000
}

const offsetCache = new Map<string, Map<number, number>>()

/** The zone's offset from UTC in minutes at an instant (e.g. -420 for PDT). */
export function zoneOffsetMinutes(timeZone: string, ms: number): number {
  // Offsets change only at DST boundaries; caching per zone and hour keeps scale runs fast.
  let zone = offsetCache.get(timeZone)
  if (!zone) {
    zone = new Map()
    offsetCache.set(timeZone, zone)
  }
  const hour = Math.floor(ms / HOUR)
  const hit = zone.get(hour)
  if (hit !== undefined) return hit
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(ms)
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name)
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0
  if (zone.size > 50_000) zone.clear()
  zone.set(hour, minutes)
  return minutes
}

/**
 * The UTC instant of a local wall-clock time on the calendar date of window day `day`
 * (hour may exceed 24 to mean the next day, e.g. 26.5 = 02:30 the day after).
 */
export function localToUtc(window: Window, day: number, localHour: number, timeZone: string): number {
  const naive = window.start + day * DAY + Math.round(localHour * HOUR)
  // Two passes settle the offset even when the guess lands on the other side of a DST change.
  let utc = naive - zoneOffsetMinutes(timeZone, naive) * MINUTE
  utc = naive - zoneOffsetMinutes(timeZone, utc) * MINUTE
  return utc
}

/** Local hour (fractional) and ISO weekday (0 = Sunday) of an instant in a zone. */
export function localClock(ms: number, timeZone: string): { hour: number; weekday: number } {
  const local = ms + zoneOffsetMinutes(timeZone, ms) * MINUTE
  const d = new Date(local)
  return { hour: d.getUTCHours() + d.getUTCMinutes() / 60, weekday: d.getUTCDay() }
}

/** Weekday (0 = Sunday) of the calendar date of window day `day`. */
export function weekdayOf(window: Window, day: number): number {
  return new Date(window.start + day * DAY + 12 * HOUR).getUTCDay()
}
