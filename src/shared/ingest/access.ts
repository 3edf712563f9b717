/**
 * Reading loosely-typed export records. The same field arrives as `activityDateTime` (Graph),
 * `ActivityDateTime` (Log Analytics, PowerShell) or with other casing (FORMATS.md §2, §9.5), and
 * nested values arrive either as objects or as JSON text (Log Analytics dynamic columns,
 * FORMATS.md §3a). These helpers hide both differences from the mappers.
 */

export type Obj = Record<string, unknown>

const lowerKeyCache = new WeakMap<Obj, Map<string, string>>()

function lowerKeys(o: Obj): Map<string, string> {
  let map = lowerKeyCache.get(o)
  if (!map) {
    map = new Map()
    for (const key of Object.keys(o)) {
      const lower = key.toLowerCase()
      if (!map.has(lower)) map.set(lower, key)
    }
    lowerKeyCache.set(o, map)
  }
  return map
}

/** The first of `names` present on `o` (exact spelling first, then case-insensitively). */
export function pick(o: Obj | null | undefined, ...names: string[]): unknown {
  if (!o) return undefined
  let present = false
  for (const name of names) {
    const v = o[name]
    if (v !== undefined && v !== null && v !== '') return v
    if (v !== undefined) present = true
  }
  // A key spelled exactly as asked but empty is an answer; only unknown spellings need the slow path.
  if (present) return undefined
  const keys = lowerKeys(o)
  for (const name of names) {
    const key = keys.get(name.toLowerCase())
    if (key !== undefined) {
      const v = o[key]
      if (v !== undefined && v !== null && v !== '') return v
    }
  }
  return undefined
}

/** A non-empty string, or null. Numbers and booleans are rendered; objects are not strings. */
export function str(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return null
}

export function pickStr(o: Obj | null | undefined, ...names: string[]): string | null {
  return str(pick(o, ...names))
}

/** JSON text is parsed; anything else is returned as it is. */
export function decoded(v: unknown): unknown {
  if (typeof v === 'string') {
    const t = v.trimStart()
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        return JSON.parse(v)
      } catch {
        return v
      }
    }
  }
  return v
}

export function asObj(v: unknown): Obj | null {
  const d = decoded(v)
  return d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as Obj) : null
}

export function asArr(v: unknown): unknown[] | null {
  const d = decoded(v)
  return Array.isArray(d) ? d : null
}

export function pickObj(o: Obj | null | undefined, ...names: string[]): Obj | null {
  return asObj(pick(o, ...names))
}

export function pickArr(o: Obj | null | undefined, ...names: string[]): unknown[] | null {
  return asArr(pick(o, ...names))
}

export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'string' && v.trim() !== '' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v)
  return null
}

export function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase()
    if (t === 'true' || t === 'yes') return true
    if (t === 'false' || t === 'no') return false
  }
  return null
}

/** UPNs compare case-insensitively (FORMATS.md §6c), so they are stored lower-cased. */
export function upn(v: unknown): string | null {
  const s = str(v)
  return s === null ? null : s.toLowerCase()
}

/** The string value of a `{key, value}` or `{Name, Value}` list entry. */
export function keyValue(list: unknown[] | null, key: string): string | null {
  if (!list) return null
  const wanted = key.toLowerCase()
  for (const item of list) {
    const o = asObj(item)
    const k = str(pick(o, 'key', 'Name'))
    if (k !== null && k.toLowerCase() === wanted) return str(pick(o, 'value', 'Value'))
  }
  return null
}
