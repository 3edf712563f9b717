/**
 * Seeded randomness for the sample tenant. Everything the generator invents (names aside) comes
 * from here, so one seed always yields the same bytes; `Math.random` and the clock are never used.
 *
 * sfc32 rather than mulberry32: mulberry32 has a 32-bit state, so a GUID drawn from it can take
 * only 2^32 values and a 10M-event scale run would repeat ids. sfc32 keeps 128 bits of state.
 */

/** cyrb128: a string hash giving four 32-bit words, used to seed and to fork streams. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

const HEX = '0123456789abcdef'
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number
  /** The label path this stream was forked from; forks hash it, so streams are independent. */
  readonly label: string

  constructor(seed: string | number, label = '', state?: readonly [number, number, number, number]) {
    this.label = `${seed}${label ? `/${label}` : ''}`
    ;[this.a, this.b, this.c, this.d] = state ?? cyrb128(this.label)
    // Warm up a hashed seed; a child's state is already four random draws.
    if (!state) for (let i = 0; i < 12; i++) this.u32()
  }

  /** A cheap independent stream seeded from this one's next draws (for records built later, lazily). */
  child(): Rng {
    return new Rng(this.label, 'child', [this.u32(), this.u32(), this.u32(), this.u32() | 1])
  }

  /** An independent stream for a named purpose (a day, a user, a story): adding one never shifts another. */
  fork(...parts: Array<string | number>): Rng {
    return new Rng(this.label, parts.join(':'))
  }

  u32(): number {
    this.a >>>= 0
    this.b >>>= 0
    this.c >>>= 0
    this.d >>>= 0
    let t = (this.a + this.b) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.d = (this.d + 1) | 0
    t = (t + this.d) | 0
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** A weighted pick: weights need not sum to 1. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((s, [, w]) => s + w, 0)
    let r = this.next() * total
    for (const [item, w] of items) {
      r -= w
      if (r < 0) return item
    }
    const last = items[items.length - 1]
    if (!last) throw new Error('weighted pick from an empty list')
    return last[0]
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const tmp = out[i] as T
      out[i] = out[j] as T
      out[j] = tmp
    }
    return out
  }

  /** Hex digits, eight per 32-bit draw. */
  hex(length: number): string {
    let s = ''
    while (s.length < length) {
      const v = this.u32()
      s += `${BYTE_HEX[v >>> 24]}${BYTE_HEX[(v >>> 16) & 255]}${BYTE_HEX[(v >>> 8) & 255]}${BYTE_HEX[v & 255]}`
    }
    return s.length === length ? s : s.slice(0, length)
  }

  /** URL-safe base64 characters, five per 32-bit draw. */
  base64url(length: number): string {
    let s = ''
    while (s.length < length) {
      let v = this.u32()
      for (let i = 0; i < 5 && s.length < length; i++, v >>>= 6) s += B64URL[v & 63]
    }
    return s
  }

  /** Decimal digits, four per draw. */
  digits(length: number): string {
    let s = ''
    while (s.length < length) s += String(this.u32() % 10000).padStart(4, '0')
    return s.slice(0, length)
  }

  /** A version-4 style GUID in lower case, as Graph prints object ids. */
  guid(): string {
    const h = this.hex(32)
    const variant = HEX[8 + (this.u32() & 3)]
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
  }
}
