import { describe, expect, it } from 'vitest'
import { FingerprintMap } from '../../../src/main/db/fingerprint-map'
import { random } from '../../helpers/random'

describe('FingerprintMap (event ids by identity while the fingerprint index is missing)', () => {
  it('finds every id added under an identity, oldest first, and nothing for others', () => {
    const map = new FingerprintMap()
    map.add('audit', 'fp-a', 1)
    map.add('signin', 'fp-a', 2)
    map.add('audit', 'fp-a', 7)
    map.add('audit', 'fp-b', 3)
    expect(map.candidates('audit', 'fp-a')).toEqual([1, 7])
    expect(map.candidates('signin', 'fp-a')).toEqual([2])
    expect(map.has('audit', 'fp-b')).toBe(true)
    expect(map.has('audit', 'fp-c')).toBe(false)
    expect(map.candidates('audit', 'fp-c')).toEqual([])
    // The separator keeps kind and fingerprint apart: "audit"+"x" is not "audi"+"tx".
    expect(map.has('audi', 'tfp-b')).toBe(false)
    expect(map.count).toBe(4)
  })

  it('keeps every id through many doublings, with the duplicates of an identity in order', () => {
    const next = random(7)
    const map = new FingerprintMap()
    const expected = new Map<string, number[]>()
    for (let id = 1; id <= 200_000; id++) {
      // About one identity in ten is repeated, as copies of an event in several exports are.
      const fp = next() < 0.1 && id > 1 ? `fp-${Math.floor(next() * (id - 1))}` : `fp-${id}`
      map.add('audit', fp, id)
      expected.set(fp, [...(expected.get(fp) ?? []), id])
    }
    expect(map.count).toBe(200_000)
    const wrong = [...expected].filter(([fp, ids]) => map.candidates('audit', fp).join() !== ids.join())
    expect(wrong).toEqual([])
    let falseHits = 0
    for (let i = 0; i < 100_000; i++) if (map.has('audit', `absent-${i}`)) falseHits++
    // Two 32-bit hashes: a false hit would be a 64-bit collision.
    expect(falseHits).toBe(0)
  })

  it('starts large enough for the events already stored', () => {
    const map = new FingerprintMap(100_000)
    for (let id = 1; id <= 100_000; id++) map.add('signin', `k${id}`, id)
    expect(map.candidates('signin', 'k99999')).toEqual([99999])
  })

  it('takes no more identities than its capacity (memory stays bounded)', () => {
    const map = new FingerprintMap(0, 3)
    for (let id = 1; id <= 3; id++) {
      expect(map.full).toBe(false)
      map.add('audit', `fp-${id}`, id)
    }
    expect(map.full).toBe(true)
    expect(() => map.add('audit', 'fp-4', 4)).toThrow(/full/)
    expect(map.candidates('audit', 'fp-3')).toEqual([3])
    expect(FingerprintMap.CAPACITY).toBe(2 ** 20)
  })
})
