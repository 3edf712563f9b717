import { describe, expect, it } from 'vitest'
import { Speedometer } from '../../../src/main/services/import-service'

const at = (fileIndex: number, phase: string, bytesRead: number, events: number) => ({
  fileIndex,
  phase,
  bytesRead,
  events,
  duplicates: 0
})

describe('import speed', () => {
  it('is measured between reading reports, not from when hashing started', () => {
    const s = new Speedometer()
    expect(s.update(at(0, 'hashing', 0, 0), 0)).toEqual({ bytesPerSecond: 0, eventsPerSecond: 0 })
    // The first reading report arrives 5 s later with 7 MB read: no rate yet (it would include hashing).
    expect(s.update(at(0, 'reading', 7_000_000, 2000), 5000)).toEqual({
      bytesPerSecond: 0,
      eventsPerSecond: 0
    })
    expect(s.update(at(0, 'reading', 9_000_000, 3000), 6000)).toEqual({
      bytesPerSecond: 2_000_000,
      eventsPerSecond: 1000
    })
    // Smoothed: 0.6 × old + 0.4 × new.
    expect(s.update(at(0, 'reading', 10_000_000, 3500), 7000).bytesPerSecond).toBe(1_600_000)
    // A new file starts over.
    expect(s.update(at(1, 'hashing', 0, 0), 8000)).toEqual({ bytesPerSecond: 0, eventsPerSecond: 0 })
    expect(s.update(at(1, 'reading', 1000, 1), 9000)).toEqual({ bytesPerSecond: 0, eventsPerSecond: 0 })
  })
})
