import type { Database, Statement } from 'better-sqlite3'
import { buildIndexesNow, hasIndex } from './bulk-load'
import { FingerprintMap } from './fingerprint-map'
import { KeyFilter } from './key-filter'

/** A stored event a new row may duplicate. */
export interface Candidate {
  id: number
  nativeId: string | null
  /** 1 when the file being imported already gave a source of this event. */
  sameFile: number
}

/** At most this many stored events with one identity are compared with a row. */
const MAX_CANDIDATES = 16

/**
 * How the writer finds the stored events a row may duplicate, by identity (kind and fingerprint).
 * With the fingerprint index in place, a Bloom filter proves most rows new and the index answers
 * the rest. A bulk import loads without that index (bulk-load.ts), so then an in-memory map of
 * every stored identity answers instead.
 */
export interface StoredIdentities {
  /** False when no stored event can have this identity (most rows of an import). */
  mayExist(kind: string, fp: string): boolean
  /** The oldest stored event with this identity and exporter id. */
  withNativeId(kind: string, fp: string, nativeId: string): number | undefined
  /** The oldest stored events with this identity (at most 16). */
  candidates(fileId: number, kind: string, fp: string): Candidate[]
  /** A new event was stored (once `mayExist` said false, or no candidate matched). */
  added(kind: string, fp: string, id: number): void
}

/**
 * `expectedNewEvents` sizes the Bloom filter (an estimate; too low only costs look-ups);
 * `inMemory` is how many identities the map may hold (tests lower it).
 */
export function storedIdentities(
  db: Database,
  expectedNewEvents: number,
  inMemory = FingerprintMap.CAPACITY
): StoredIdentities {
  if (hasIndex(db, 'events_fp')) return new IndexedIdentities(db, expectedNewEvents)
  if (storedEvents(db) < inMemory) return new MappedIdentities(db, expectedNewEvents, inMemory)
  // Too many for the map: the index is built now, inside the import's transaction.
  buildIndexesNow(db, ['events_fp'])
  return new IndexedIdentities(db, expectedNewEvents)
}

/** How many events the case holds, at most: the largest id, read from the table's last row, where count(*) scans. */
function storedEvents(db: Database): number {
  return (db.prepare(`SELECT max(id) FROM events`).pluck().get() as number | null) ?? 0
}

const SAME_FILE = `EXISTS (SELECT 1 FROM event_sources s INDEXED BY event_sources_event
                            WHERE s.event_id = e.id AND s.file_id = ?) AS sameFile`

class IndexedIdentities implements StoredIdentities {
  private readonly known: KeyFilter
  private readonly byNativeId: Statement
  private readonly byFingerprint: Statement

  constructor(db: Database, expectedNewEvents: number) {
    this.known = KeyFilter.forKeys(storedEvents(db) + expectedNewEvents)
    for (const [kind, fp] of db.prepare(`SELECT kind, fp FROM events`).raw().iterate() as Iterable<
      [string, string]
    >) {
      this.known.add(kind, fp)
    }
    // INDEXED BY: without statistics (a new case) the planner prefers events_kind_ts, which turns
    // every lookup into a scan of all events of that kind.
    this.byNativeId = db
      .prepare(`SELECT id FROM events INDEXED BY events_fp WHERE fp = ? AND kind = ? AND native_id = ?`)
      .pluck()
    this.byFingerprint = db.prepare(
      `SELECT e.id, e.native_id AS nativeId, ${SAME_FILE}
         FROM events e INDEXED BY events_fp WHERE e.fp = ? AND e.kind = ? LIMIT ${MAX_CANDIDATES}`
    )
  }

  /** Asking adds the identity: the row is either new (and stored next) or a copy of a stored event. */
  mayExist(kind: string, fp: string): boolean {
    return this.known.seen(kind, fp)
  }

  withNativeId(kind: string, fp: string, nativeId: string): number | undefined {
    return this.byNativeId.get(fp, kind, nativeId) as number | undefined
  }

  candidates(fileId: number, kind: string, fp: string): Candidate[] {
    return this.byFingerprint.all(fileId, fp, kind) as Candidate[]
  }

  added(): void {}
}

/**
 * Identities in memory, while the fingerprint index is missing. When the map is full (a very large
 * import) the index is built, inside the import's transaction, and answers from then on: memory
 * stays bounded whatever the import's size.
 */
class MappedIdentities implements StoredIdentities {
  private map: FingerprintMap | null
  /** Once the map was full. */
  private indexed: IndexedIdentities | null = null
  private readonly identity: Statement
  private readonly candidate: Statement

  constructor(
    private readonly db: Database,
    private readonly expectedNewEvents: number,
    capacity: number
  ) {
    this.map = new FingerprintMap(storedEvents(db), capacity)
    for (const [id, kind, fp] of db.prepare(`SELECT id, kind, fp FROM events`).raw().iterate() as Iterable<
      [number, string, string]
    >) {
      this.map.add(kind, fp, id)
    }
    this.identity = db.prepare(`SELECT kind, fp, native_id AS nativeId FROM events WHERE id = ?`)
    this.candidate = db.prepare(
      `SELECT e.id, e.kind, e.fp, e.native_id AS nativeId, ${SAME_FILE} FROM events e WHERE e.id = ?`
    )
  }

  mayExist(kind: string, fp: string): boolean {
    if (this.indexed) return this.indexed.mayExist(kind, fp)
    return (this.map as FingerprintMap).has(kind, fp)
  }

  withNativeId(kind: string, fp: string, nativeId: string): number | undefined {
    if (this.indexed) return this.indexed.withNativeId(kind, fp, nativeId)
    for (const id of (this.map as FingerprintMap).candidates(kind, fp)) {
      const e = this.identity.get(id) as { kind: string; fp: string; nativeId: string | null }
      if (e.kind === kind && e.fp === fp && e.nativeId === nativeId) return id
    }
    return undefined
  }

  candidates(fileId: number, kind: string, fp: string): Candidate[] {
    if (this.indexed) return this.indexed.candidates(fileId, kind, fp)
    const found: Candidate[] = []
    for (const id of (this.map as FingerprintMap).candidates(kind, fp)) {
      const e = this.candidate.get(fileId, id) as Candidate & { kind: string; fp: string }
      if (e.kind !== kind || e.fp !== fp) continue // another identity with the same two hashes
      found.push({ id: e.id, nativeId: e.nativeId, sameFile: e.sameFile })
      if (found.length === MAX_CANDIDATES) break
    }
    return found
  }

  /** The new event's row is already stored, so an index built now includes it. */
  added(kind: string, fp: string, id: number): void {
    if (this.indexed) return
    const map = this.map as FingerprintMap
    if (!map.full) return map.add(kind, fp, id)
    this.map = null
    buildIndexesNow(this.db, ['events_fp'])
    this.indexed = new IndexedIdentities(this.db, this.expectedNewEvents)
  }
}
