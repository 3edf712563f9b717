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

  add(key: string): void {
    const [a, b] = hashes(key)
    for (let i = 0; i < 4; i++) {
      const bit = (a + i * b) & this.mask
      this.bits[bit >>> 5]! |= 1 << (bit & 31)
    }
  }

  mightHave(key: string): boolean {
    const [a, b] = hashes(key)
    for (let i = 0; i < 4; i++) {
      const bit = (a + i * b) & this.mask
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false
    }
    return true
  }
}

/** Two independent 32-bit FNV-1a style hashes (double hashing gives the k probes). */
function hashes(key: string): [number, number] {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193 ^ key.length
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193)
    h2 = Math.imul(h2 ^ c, 0x5bd1e995)
    h2 ^= h2 >>> 15
  }
  return [h1 >>> 0, (h2 | 1) >>> 0]
}
