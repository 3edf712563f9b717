import { createHash } from 'node:crypto'

/**
 * Deterministic stand-ins for values the Graph objects do not carry (UAL record ids, PUIDs, skip
 * tokens, latencies): derived from the input by hashing, never from a clock or Math.random, so the
 * same input always gives the same bytes.
 */

function sha1Hex(seed: string): string {
  return createHash('sha1').update(seed).digest('hex')
}

/** A lower-case GUID shaped like a version-4 one. */
export function guidFrom(seed: string): string {
  const h = sha1Hex(seed)
  const variant = '89ab'[parseInt(h.charAt(16), 16) & 3] ?? '8'
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** `length` upper-case hex digits. */
export function upperHexFrom(seed: string, length: number): string {
  return sha1Hex(seed).slice(0, length).toUpperCase()
}

/** A base64url token (skip tokens, workspace-style opaque ids). */
export function tokenFrom(seed: string): string {
  return createHash('sha1').update(seed).digest('base64url')
}

/** An integer in [min, max], from FNV-1a (cheap enough to call for every record). */
export function intFrom(seed: string, min: number, max: number): number {
  let h = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return min + ((h >>> 0) % (max - min + 1))
}
