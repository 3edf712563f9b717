import { describe, expect, it } from 'vitest'
import { KeyFilter } from '../../../src/main/db/key-filter'

describe('KeyFilter (the import’s Bloom filter over event identities)', () => {
  it('says a key is new the first time it is asked about, and seen afterwards', () => {
    const f = KeyFilter.forKeys(1000)
    expect(f.seen('signin', 'fp-1')).toBe(false)
    expect(f.seen('signin', 'fp-1')).toBe(true)
    expect(f.seen('audit', 'fp-1')).toBe(false)
  })

  it('remembers keys added from the case, and keeps the two parts apart', () => {
    const f = KeyFilter.forKeys(1000)
    f.add('audit', 'abc')
    expect(f.seen('audit', 'abc')).toBe(true)
    // The parts are hashed with a separator: ("audi", "tabc") is another key.
    expect(f.seen('audi', 'tabc')).toBe(false)
  })

  it('never forgets a key, and rarely claims one it was not given (about 16 bits a key)', () => {
    const f = KeyFilter.forKeys(20_000)
    for (let i = 0; i < 20_000; i++) f.add('signin', `known-${i}`)
    for (let i = 0; i < 20_000; i++) expect(f.seen('signin', `known-${i}`)).toBe(true)
    let falsePositives = 0
    for (let i = 0; i < 20_000; i++) if (f.seen('signin', `other-${i}`)) falsePositives++
    expect(falsePositives / 20_000).toBeLessThan(0.01)
  })
})
