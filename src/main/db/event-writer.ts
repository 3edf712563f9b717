import { randomUUID } from 'node:crypto'
import type { Database, Statement } from 'better-sqlite3'
import { applyAuthSteps, type AuthStep } from '../../shared/ingest/formats/sign-in'
import type { AuthDetailRow } from '../../shared/ingest/mapped'
import type { RecordIssue } from '../../shared/ingest/record'
import { MAX_ISSUES_PER_FILE } from '../../shared/ingest/limits'
import type { Method } from '../../shared/model/event'
import {
  EVENT_COLUMNS,
  rawRecord,
  ROW_FP,
  ROW_KIND,
  ROW_NATIVE_ID,
  type EventRow,
  type RawRecords
} from './event-row'
import { storedIdentities, type StoredIdentities } from './stored-identities'

export interface FileRecord {
  path: string
  name: string
  /** Null until the parse worker has read the whole file (`setFileHash`). */
  sha256: string | null
  size: number
  encoding: string
}

export interface FileTotals {
  format: string
  layout: string | null
  csvHeader: string | null
  records: number
  rejected: number
  issuesTotal: number
  notes: string[]
}

export interface BatchCounts {
  imported: number
  duplicates: number
}

/**
 * Writes one import into a case: events deduplicated against everything already there, their
 * sources, rejected-record issues and sign-in authentication details. The caller owns the
 * transaction (one per import, a savepoint per file), so an import that fails or is cancelled
 * leaves the case exactly as it was.
 */
export class EventWriter {
  private readonly insertEvent: Statement
  private readonly insertSource: Statement
  private readonly setNativeId: Statement
  private readonly fillMissing: Statement
  private readonly sourceInFile: Statement
  private readonly insertIssue: Statement
  private readonly insertAuthDetail: Statement
  private readonly fileCounts = new Map<
    number,
    { imported: number; duplicates: number; issues: number; authDetails: number }
  >()
  private readonly identities: StoredIdentities
  private nextId: number
  /** Whether this import added unified audit log records, which `linkMirrors` must look at. */
  private addedMirrorCandidates = false

  /**
   * `expectedNewEvents` sizes the identity filter (an estimate; too low only costs look-ups);
   * `identitiesInMemory` caps the identities held in memory without the fingerprint index.
   */
  constructor(
    private readonly db: Database,
    expectedNewEvents = 0,
    identitiesInMemory?: number
  ) {
    const cols = EVENT_COLUMNS.join(', ')
    // Ids are assigned here rather than by SQLite, so a source row needs no lastInsertRowid round trip.
    this.insertEvent = db.prepare(
      `INSERT INTO events (id, ${cols}) VALUES (?, ${EVENT_COLUMNS.map(() => '?').join(', ')})`
    )
    this.nextId = ((db.prepare(`SELECT max(id) FROM events`).pluck().get() as number | null) ?? 0) + 1
    this.identities = storedIdentities(db, expectedNewEvents, identitiesInMemory)
    // The raw record may arrive as its UTF-8 bytes (cheaper to bind than a string); the cast stores
    // those bytes as the text they are, so every reader still sees TEXT.
    this.insertSource = db.prepare(
      `INSERT INTO event_sources (event_id, file_id, line, raw) VALUES (?, ?, ?, CAST(? AS TEXT))`
    )
    this.setNativeId = db.prepare(`UPDATE events SET native_id = ? WHERE id = ?`)
    // A record seen again in a richer export (sign-in risk is in Log Analytics, not in the portal
    // CSV) fills the columns the first copy lacked; the row is only written when something is filled.
    const fill = FILLABLE.map((c) => `${c} = coalesce(${c}, @${c})`).join(', ')
    const lacks = FILLABLE.map((c) => `(${c} IS NULL AND @${c} IS NOT NULL)`).join(' OR ')
    this.fillMissing = db.prepare(`UPDATE events SET ${fill} WHERE id = @id AND (${lacks})`)
    this.sourceInFile = db
      .prepare(
        `SELECT 1 FROM event_sources INDEXED BY event_sources_event WHERE event_id = ? AND file_id = ? AND raw = CAST(? AS TEXT)`
      )
      .pluck()
    this.insertIssue = db.prepare(
      `INSERT INTO import_issues (file_id, line, reason, excerpt) VALUES (?, ?, ?, ?)`
    )
    this.insertAuthDetail = db.prepare(
      `INSERT INTO auth_details (file_id, line, request_id, ts, label, method, detail, succeeded, result_detail, requirement, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
  }

  /** The file row of a source already in the case, by content hash: re-importing it adds nothing. */
  findFile(sha256: string): { id: number; path: string } | undefined {
    return this.db.prepare(`SELECT id, path FROM files WHERE sha256 = ?`).get(sha256) as
      { id: number; path: string } | undefined
  }

  /** Whether the case holds a source of exactly this size (the only ones a file can be a copy of). */
  hasFileOfSize(size: number): boolean {
    return this.db.prepare(`SELECT EXISTS (SELECT 1 FROM files WHERE size = ?)`).pluck().get(size) === 1
  }

  beginFile(file: FileRecord): number {
    // The hash column is unique and required: a file still being read holds a placeholder that
    // `setFileHash` replaces inside the same savepoint, so no committed row ever keeps it.
    const info = this.db
      .prepare(
        `INSERT INTO files (path, name, sha256, size, format, encoding, imported_at) VALUES (?, ?, ?, ?, '', ?, ?)`
      )
      .run(
        file.path,
        file.name,
        file.sha256 ?? `reading:${randomUUID()}`,
        file.size,
        file.encoding,
        new Date().toISOString()
      )
    const id = Number(info.lastInsertRowid)
    this.fileCounts.set(id, { imported: 0, duplicates: 0, issues: 0, authDetails: 0 })
    return id
  }

  setFileHash(fileId: number, sha256: string): void {
    this.db.prepare(`UPDATE files SET sha256 = ? WHERE id = ?`).run(sha256, fileId)
  }

  /** `raws`: the raw text of each row, in order. */
  writeEvents(fileId: number, rows: readonly EventRow[], raws: RawRecords): BatchCounts {
    const counts = this.counts(fileId)
    let imported = 0
    let duplicates = 0
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as EventRow
      const raw = rawRecord(raws, i)
      const existing = this.findExisting(fileId, row, raw)
      const line = raws.lines[i] as number
      if (existing === 'same-record') {
        duplicates++
        continue
      }
      if (existing !== null) {
        this.insertSource.run(existing, fileId, line, raw)
        this.fillMissing.run(fillParams(existing, row))
        duplicates++
        continue
      }
      const id = this.nextId++
      this.insertEvent.run(id, ...row)
      this.insertSource.run(id, fileId, line, raw)
      this.identities.added(row[ROW_KIND] as string, row[ROW_FP] as string, id)
      if (row[ROW_SERVICE] === UAL_SERVICE) this.addedMirrorCandidates = true
      imported++
    }
    counts.imported += imported
    counts.duplicates += duplicates
    return { imported, duplicates }
  }

  /**
   * The event a row duplicates: same exporter id and same fingerprint (an id alone is not trusted:
   * test data reuses ids for different events), or else the same fingerprint from another file
   * (two records of one file with the same fingerprint are two events, unless their text is identical).
   */
  private findExisting(fileId: number, row: EventRow, raw: Uint8Array): number | 'same-record' | null {
    const nativeId = row[ROW_NATIVE_ID] as string | null
    const kind = row[ROW_KIND] as string
    const fp = row[ROW_FP] as string
    // A native id match also needs the same fingerprint, so a fingerprint never seen proves the row
    // new.
    if (!this.identities.mayExist(kind, fp)) return null
    if (nativeId !== null) {
      const same = this.identities.withNativeId(kind, fp, nativeId)
      if (same !== undefined) return same
    }
    for (const c of this.identities.candidates(fileId, kind, fp)) {
      if (c.sameFile) {
        if (this.sourceInFile.get(c.id, fileId, raw)) return 'same-record'
        continue
      }
      if (nativeId !== null) {
        if (c.nativeId !== null) continue // a different event that happens to look the same
        this.setNativeId.run(nativeId, c.id)
      }
      return c.id
    }
    return null
  }

  writeIssues(fileId: number, issues: readonly RecordIssue[]): void {
    const counts = this.counts(fileId)
    for (const issue of issues) {
      if (counts.issues < MAX_ISSUES_PER_FILE)
        this.insertIssue.run(fileId, issue.line, issue.reason, issue.excerpt ?? null)
      counts.issues++
    }
  }

  writeAuthDetails(fileId: number, rows: readonly (AuthDetailRow & { line: number; raw: string })[]): void {
    const counts = this.counts(fileId)
    for (const r of rows) {
      this.insertAuthDetail.run(
        fileId,
        r.line,
        r.requestId,
        r.time === null ? null : Date.parse(r.time),
        r.label,
        r.method,
        r.detail,
        r.succeeded === null ? null : r.succeeded ? 1 : 0,
        r.resultDetail,
        r.requirement,
        r.raw
      )
      counts.authDetails++
    }
  }

  /** Closes a file: its totals. */
  finishFile(
    fileId: number,
    totals: FileTotals
  ): { imported: number; duplicates: number; authDetails: number } {
    const counts = this.counts(fileId)
    this.db
      .prepare(
        `UPDATE files SET format = ?, layout = ?, csv_header = ?, records = ?, imported = ?, duplicates = ?, rejected = ?,
                auth_details = ?, issues_total = ?, notes = ? WHERE id = ?`
      )
      .run(
        totals.format,
        totals.layout,
        totals.csvHeader,
        totals.records,
        counts.imported,
        counts.duplicates,
        totals.rejected,
        counts.authDetails,
        totals.issuesTotal,
        JSON.stringify(totals.notes),
        fileId
      )
    return { imported: counts.imported, duplicates: counts.duplicates, authDetails: counts.authDetails }
  }

  /**
   * The event indexes `finishImport` looks up through; a bulk import builds these before it (the
   * others wait until after the commit). `hadUnlinkedMirrors`: the case held unified audit log
   * records not yet linked to their Entra event before this import.
   */
  indexesForFinish(hadUnlinkedMirrors: boolean): string[] {
    const names: string[] = []
    if (this.hasAuthDetails()) names.push('events_request', 'event_sources_file')
    if (this.mirrorsToLink(hadUnlinkedMirrors))
      names.push('events_service_ts', 'events_activity_ts', 'events_user_ts')
    return names
  }

  /** After the last file: the AuthDetails join and the unified audit log mirror links. */
  finishImport(fileIds: readonly number[], hadUnlinkedMirrors: boolean): void {
    if (fileIds.length === 0) return
    if (this.hasAuthDetails()) this.joinAuthDetails(fileIds)
    if (this.mirrorsToLink(hadUnlinkedMirrors)) this.linkMirrors()
  }

  private hasAuthDetails(): boolean {
    return this.db.prepare(`SELECT EXISTS (SELECT 1 FROM auth_details)`).pluck().get() === 1
  }

  private mirrorsToLink(hadUnlinkedMirrors: boolean): boolean {
    return hadUnlinkedMirrors || this.addedMirrorCandidates
  }

  private counts(fileId: number): {
    imported: number
    duplicates: number
    issues: number
    authDetails: number
  } {
    const c = this.fileCounts.get(fileId)
    if (!c) throw new Error(`file ${fileId} was not begun`)
    return c
  }

  /**
   * Portal "AuthDetails" files list each authentication step of a sign-in in a separate file,
   * joined on Request ID (FORMATS.md §6a). Either file may come first, so after an import the
   * sign-ins that have steps on either side of its files are recomputed from all their steps.
   *
   * The request ids go into a temporary table, then are read in chunks, each chunk's steps and
   * sign-ins fetched by two queries. With three queries per request id and file, the work after
   * reading a million sign-ins and their AuthDetails took 102 s; now 44-49 s. Recomputing
   * is idempotent (the methods already known come first and steps add only new ones), so a
   * sign-in touched from both of its files is computed once.
   */
  private joinAuthDetails(fileIds: readonly number[]): void {
    const db = this.db
    // Appended, then indexed once (a sorted build), rather than inserted into a keyed table in
    // random order through the temporary database's small page cache.
    db.exec(
      `DROP TABLE IF EXISTS temp.joined_requests; CREATE TEMP TABLE joined_requests (request_id TEXT NOT NULL)`
    )
    const files = { files: JSON.stringify(fileIds) }
    db.prepare(
      `INSERT INTO temp.joined_requests SELECT request_id FROM auth_details
        WHERE file_id IN (SELECT value FROM json_each(@files)) AND request_id IS NOT NULL`
    ).run(files)
    // The files' sign-ins are read through their sources (CROSS JOIN keeps that order): left to
    // itself the planner walked the request id of every step in the case into events instead.
    db.prepare(
      `INSERT INTO temp.joined_requests
       SELECT e.request_id FROM event_sources s INDEXED BY event_sources_file CROSS JOIN events e ON e.id = s.event_id
        WHERE s.file_id IN (SELECT value FROM json_each(@files)) AND e.kind = 'signin' AND e.request_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM auth_details a WHERE a.request_id = e.request_id)`
    ).run(files)
    db.exec(`CREATE INDEX temp.joined_requests_id ON joined_requests (request_id)`)
    const chunkAfter = db
      .prepare(
        `SELECT DISTINCT request_id FROM temp.joined_requests WHERE request_id > ? ORDER BY request_id LIMIT ${JOIN_CHUNK}`
      )
      .pluck()
    const steps = db.prepare(
      `SELECT request_id AS requestId, label, detail, succeeded FROM auth_details
        WHERE request_id IN (SELECT value FROM json_each(?)) ORDER BY request_id, ts, id`
    )
    const events = db.prepare(
      `SELECT id, request_id AS requestId, auth_methods AS authMethods FROM events
        WHERE request_id IN (SELECT value FROM json_each(?)) AND kind = 'signin'`
    )
    const update = db.prepare(
      `UPDATE events SET auth_methods = ?, method = ?, method_detail = COALESCE(?, method_detail) WHERE id = ?`
    )
    let after = ''
    for (;;) {
      const chunk = chunkAfter.all(after) as string[]
      if (chunk.length === 0) break
      after = chunk[chunk.length - 1] as string
      const ids = JSON.stringify(chunk)
      const stepsOf = new Map<string, AuthStep[]>()
      for (const r of steps.all(ids) as {
        requestId: string
        label: string | null
        detail: string | null
        succeeded: number | null
      }[]) {
        let list = stepsOf.get(r.requestId)
        if (!list) stepsOf.set(r.requestId, (list = []))
        list.push({
          label: r.label,
          detail: r.detail,
          succeeded: r.succeeded === null ? null : r.succeeded === 1
        })
      }
      for (const ev of events.all(ids) as { id: number; requestId: string; authMethods: string | null }[]) {
        const target: { authMethods: Method[] | null; method: Method | null; methodDetail: string | null } = {
          authMethods: null,
          method: null,
          methodDetail: null
        }
        const known = ev.authMethods ? (JSON.parse(ev.authMethods) as Method[]) : []
        applyAuthSteps(target, stepsOf.get(ev.requestId) ?? [], [], null, null, known)
        if (target.authMethods)
          update.run(JSON.stringify(target.authMethods), target.method, target.methodDetail, ev.id)
      }
    }
    db.exec(`DROP TABLE temp.joined_requests`)
  }

  /**
   * The unified audit log repeats Entra events (`Update user.` for `Update user`, `UserLoggedIn` for
   * an interactive sign-in). A UAL record is linked to the Entra event it mirrors when exactly one
   * Entra event matches it within the same second; otherwise it stays unlinked.
   */
  private linkMirrors(): void {
    // A UAL directory record: same activity and target within its (whole) second.
    const sameAudit = `e.kind = 'audit' AND e.activity_key = u.activity_key AND e.service IS NOT 'AzureActiveDirectory'
       AND e.ts >= u.ts - 1000 AND e.ts < u.ts + 2000 AND (e.target_id = u.target_id OR e.target_upn = u.target_upn)`
    // A UAL UserLoggedIn/UserLoginFailed: same user and IP within its second.
    const sameSignIn = `e.kind = 'signin' AND e.service IS NOT 'AzureActiveDirectory' AND e.user_upn = u.user_upn
       AND e.ip = u.ip AND e.ts >= u.ts - 1000 AND e.ts < u.ts + 2000`
    for (const [kind, match] of [
      ['audit', sameAudit],
      ['signin', sameSignIn]
    ] as const) {
      this.db
        .prepare(
          `UPDATE events AS u SET mirror_of = (SELECT e.id FROM events e WHERE ${match})
            WHERE u.kind = '${kind}' AND u.service = 'AzureActiveDirectory' AND u.mirror_of IS NULL
              AND (SELECT count(*) FROM events e WHERE ${match}) = 1`
        )
        .run()
    }
  }
}

/**
 * Unified audit log records without a link yet: whether `linkMirrors` has anything to look at.
 * Asked before a bulk import drops the index that answers it.
 */
export function hasUnlinkedMirrors(db: Database): boolean {
  return (
    db
      .prepare(`SELECT EXISTS (SELECT 1 FROM events WHERE service = '${UAL_SERVICE}' AND mirror_of IS NULL)`)
      .pluck()
      .get() === 1
  )
}

/** Request ids joined per round: two queries each, and their rows held meanwhile. */
const JOIN_CHUNK = 2000

/** The unified audit log's workload name for Entra records: the ones that mirror an Entra event. */
const UAL_SERVICE = 'AzureActiveDirectory'
const ROW_SERVICE = EVENT_COLUMNS.indexOf('service')

/** Columns a later copy of an event may fill in; identity and time stay those of the first copy. */
const FILLABLE = EVENT_COLUMNS.filter((c) => !['kind', 'ts', 'fp', 'native_id'].includes(c))
const FILLABLE_AT = FILLABLE.map((c) => [c, EVENT_COLUMNS.indexOf(c)] as const)

function fillParams(id: number, row: EventRow): Record<string, unknown> {
  const params: Record<string, unknown> = { id }
  for (const [c, i] of FILLABLE_AT) params[c] = row[i] ?? null
  return params
}
