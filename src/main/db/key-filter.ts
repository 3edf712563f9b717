/**
 * A Bloom filter over event identities (exporter ids and fingerprints). Most rows of an import are
 * new; the filter proves that without two index look-ups per row. A "maybe" still goes to the
 * database, so false positives cost time, never correctness. Fixed size: memory stays bounded.
 */
export class KeyFilter {
  private readonly bits: Uint32Array
  private readonly mask: number

  /**
   * A filter for about `keys` keys: 16 bits a key (under 0.3 % false positives with 4 probes),
   * between 2 MiB and 32 MiB. The largest, 2^28 bits, still gives about 1 % at 25 million keys.
   */
  static forKeys(keys: number): KeyFilter {
    const log2 = Math.ceil(Math.log2(Math.max(1, keys) * 16))
    return new KeyFilter(Math.min(28, Math.max(24, log2)))
  }

  /** `log2Bits` 28 = 32 MiB: about 1 % false positives at 25 million keys. */
  constructor(log2Bits = 28) {
    this.bits = new Uint32Array(2 ** (log2Bits - 5))
    this.mask = 2 ** log2Bits - 1
  }

  /** Adds the key made of `a` and `b` (hashed as one key, without building the joined string). */
  add(a: string, b: string): void {
    hashKey(a, b)
    const { h1, h2 } = keyHash
    for (let i = 0; i < 4; i++) {
      const bit = (h1 + i * h2) & this.mask
      this.bits[bit >>> 5]! |= 1 << (bit & 31)
    }
  }

  /**
   * Whether the key might have been added before, adding it in the same pass: every key the
   * writer asks about is added right after (as a new event, or it already was), so one hashing
   * serves both.
   */
  seen(a: string, b: string): boolean {
    hashKey(a, b)
    const { h1, h2 } = keyHash
    let all = true
    for (let i = 0; i < 4; i++) {
      const bit = (h1 + i * h2) & this.mask
      const word = bit >>> 5
      const flag = 1 << (bit & 31)
      if ((this.bits[word]! & flag) === 0) {
        all = false
        this.bits[word]! |= flag
      }
    }
    return all
  }
}

/**
 * The two hashes of the last key `hashKey` read, in one module-level object rather than a returned
 * pair: this runs for every record of an import, and the pair was an allocation each time.
 */
export const keyHash = { h1: 0, h2: 0 }

/**
 * Two independent 32-bit FNV-1a style hashes of `a`, a separator and `b` (double hashing gives the
 * Bloom filter's probes; together they are the fingerprint map's 64-bit key). The loops are written
 * out: a shared helper closure cost about 1 µs a row.
 */
export function hashKey(a: string, b: string): void {
  let x = 0x811c9dc5
  let y = 0x01000193 ^ (a.length + b.length + 1)
  for (let i = 0; i <= a.length + b.length; i++) {
    const c = i < a.length ? a.charCodeAt(i) : i === a.length ? 0x1f : b.charCodeAt(i - a.length - 1)
    x = Math.imul(x ^ c, 0x01000193)
    y = Math.imul(y ^ c, 0x5bd1e995)
    y ^= y >>> 15
  }
  keyHash.h1 = x >>> 0
  keyHash.h2 = (y | 1) >>> 0
}
