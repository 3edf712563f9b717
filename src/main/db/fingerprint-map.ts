import { hashKey, keyHash } from './key-filter'

/** Slots start at 2^16 (768 KiB) and double whenever they would be over half full. */
const MIN_LOG2_SLOTS = 16

/**
 * The ids of stored events by identity (kind and fingerprint), held in memory while a bulk import
 * loads without the fingerprint index (bulk-load.ts): at a million events, keeping that index up
 * to date cost 4.7 µs of the writer's 26 µs an event, because its keys arrive in random order.
 *
 * A key is kept as its two 32-bit hashes, so a match is only a candidate: the writer still reads
 * the event and compares its kind and fingerprint, and a collision costs a look-up, never a wrong
 * merge. Open addressing over three typed arrays, 12 bytes a slot and at most half full: 24 MiB
 * for its default capacity of 1,048,576 identities, outside the JavaScript heap. Memory stays
 * bounded whatever the import's size: past that, the owner goes back to the index
 * (stored-identities.ts).
 */
export class FingerprintMap {
  /** 2^20 identities in 2^21 slots: 24 MiB. */
  static readonly CAPACITY = 2 ** 20

  private firsts: Uint32Array
  private seconds: Uint32Array
  /** Event ids; 0 marks an empty slot (ids start at 1). */
  private ids: Uint32Array
  private mask: number
  private size = 0

  /** `expected`: identities about to be added (sizes the slots); `capacity`: how many it takes. */
  constructor(
    expected = 0,
    readonly capacity = FingerprintMap.CAPACITY
  ) {
    let log2 = MIN_LOG2_SLOTS
    while (2 ** log2 < Math.min(expected, capacity) * 2) log2++
    this.firsts = new Uint32Array(2 ** log2)
    this.seconds = new Uint32Array(2 ** log2)
    this.ids = new Uint32Array(2 ** log2)
    this.mask = 2 ** log2 - 1
  }

  get count(): number {
    return this.size
  }

  get full(): boolean {
    return this.size >= this.capacity
  }

  add(kind: string, fp: string, id: number): void {
    if (this.full) throw new Error('the fingerprint map is full')
    if ((this.size + 1) * 2 > this.ids.length) this.grow()
    hashKey(kind, fp)
    this.place(keyHash.h1, keyHash.h2, id)
    this.size++
  }

  /** Whether some event may have this identity (false: certainly none). */
  has(kind: string, fp: string): boolean {
    hashKey(kind, fp)
    const { h1, h2 } = keyHash
    for (let slot = h1 & this.mask; this.ids[slot] !== 0; slot = (slot + 1) & this.mask)
      if (this.firsts[slot] === h1 && this.seconds[slot] === h2) return true
    return false
  }

  /** The ids of the events that may have this identity, ascending. */
  candidates(kind: string, fp: string): number[] {
    hashKey(kind, fp)
    const { h1, h2 } = keyHash
    const found: number[] = []
    for (let slot = h1 & this.mask; this.ids[slot] !== 0; slot = (slot + 1) & this.mask)
      if (this.firsts[slot] === h1 && this.seconds[slot] === h2) found.push(this.ids[slot] as number)
    return found.sort((a, b) => a - b)
  }

  private place(h1: number, h2: number, id: number): void {
    let slot = h1 & this.mask
    while (this.ids[slot] !== 0) slot = (slot + 1) & this.mask
    this.firsts[slot] = h1
    this.seconds[slot] = h2
    this.ids[slot] = id
  }

  private grow(): void {
    const { firsts, seconds, ids } = this
    const slots = ids.length * 2
    this.firsts = new Uint32Array(slots)
    this.seconds = new Uint32Array(slots)
    this.ids = new Uint32Array(slots)
    this.mask = slots - 1
    for (let i = 0; i < ids.length; i++)
      if (ids[i] !== 0) this.place(firsts[i] as number, seconds[i] as number, ids[i] as number)
  }
}
