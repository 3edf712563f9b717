import { readdirSync, statSync } from 'node:fs'
import { basename, extname, join, resolve } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { RecordIssue } from '../../shared/ingest/record'
import {
  buildIndexesNow,
  buildPendingIndexes,
  checkpoint,
  deferCheckpoints,
  deferIndexes,
  eventCount,
  refreshStatistics,
  spillTemporaryToFiles
} from '../db/bulk-load'
import { EventWriter, hasUnlinkedMirrors } from '../db/event-writer'
import { CaseOpenError } from '../db/open'
import { caseCounts } from '../db/queries'
import { indexPendingText } from '../db/search-index'
import type { ParseControl, ParseMessage } from './protocol'
import { detectEncoding, readHead, sha256File, SourceFileError, type SourceEncoding } from './source-file'
import { ParseWorkerSlot } from './parse-worker-slot'

export interface ImportProgress {
  file: string
  fileIndex: number
  fileCount: number
  /** `optimizing`: filter indexes built after the commit; `indexing`: the full-text index. */
  phase: 'hashing' | 'reading' | 'finishing' | 'optimizing' | 'indexing'
  bytesRead: number
  bytesTotal: number
  events: number
  duplicates: number
  rejected: number
}

export type FileStatus = 'imported' | 'already-imported' | 'failed'

export interface FileReport {
  path: string
  sha256: string | null
  format: string | null
  layout: string | null
  encoding: SourceEncoding | null
  status: FileStatus
  /** Why the file could not be read, for status 'failed'. */
  error: string | null
  records: number
  imported: number
  duplicates: number
  rejected: number
  authDetails: number
  issues: { line: number; reason: string }[]
  issuesTotal: number
  notes: string[]
}

export interface ImportReport {
  files: FileReport[]
  /** Skipped while walking folders: not an export file type. */
  skipped: string[]
  events: { audit: number; signin: number }
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void
  signal?: AbortSignal
  /** Issues listed per file in the report; the case keeps up to MAX_ISSUES_PER_FILE. */
  reportIssues?: number
  /** Records (estimated at 1 KB each) above which an import loads in bulk; tests lower it. */
  bulkThreshold?: number
  /** Identities held in memory while the fingerprint index is missing (FingerprintMap); tests lower it. */
  identitiesInMemory?: number
}

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled; the case is unchanged')
  }
}

/** Imports estimated above this many records (and above the case's size) rebuild indexes at the end. */
const BULK_THRESHOLD = 50_000

function safeSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/** Extensions read when walking a folder; a file named explicitly is always tried. */
const EXPORT_EXTENSIONS = new Set(['.csv', '.json', '.jsonl', '.ndjson', '.log', '.txt', '.tsv'])

/** Files to import: the named files, and export-like files under named folders, in a stable order. */
export function expandPaths(paths: readonly string[]): {
  files: string[]
  skipped: string[]
  missing: string[]
} {
  const files: string[] = []
  const skipped: string[] = []
  const missing: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name)
    )) {
      if (entry.name.startsWith('.')) continue
      const full = join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile())
        (EXPORT_EXTENSIONS.has(extname(entry.name).toLowerCase()) ? files : skipped).push(full)
    }
  }
  for (const p of paths) {
    const full = resolve(p)
    let st
    try {
      st = statSync(full)
    } catch {
      missing.push(p)
      continue
    }
    if (st.isDirectory()) walk(full)
    else files.push(full)
  }
  return { files, skipped, missing }
}

function blankReport(path: string): FileReport {
  return {
    path,
    sha256: null,
    format: null,
    layout: null,
    encoding: null,
    status: 'failed',
    error: null,
    records: 0,
    imported: 0,
    duplicates: 0,
    rejected: 0,
    authDetails: 0,
    issues: [],
    issuesTotal: 0,
    notes: []
  }
}

/**
 * Imports files into an open case. The whole import is one transaction and each file a savepoint
 * inside it: a file that cannot be read is rolled back on its own and reported, the others are
 * kept; cancelling (or the process dying) leaves the case exactly as it was before the import.
 */
export async function importFiles(
  db: Database,
  files: readonly string[],
  options: ImportOptions = {}
): Promise<FileReport[]> {
  // Nothing to read: no transaction (an empty import only finishes what an earlier one left).
  if (files.length === 0) return []
  const reportIssues = options.reportIssues ?? 50
  const reports: FileReport[] = []
  const parsers = new ParseWorkerSlot()
  try {
    await withImportTransaction(db, files, options, async (writer) => {
      const fileIds: number[] = []
      for (let i = 0; i < files.length; i++) {
        if (options.signal?.aborted) throw new ImportCancelled()
        const path = files[i] as string
        const report = blankReport(path)
        reports.push(report)
        db.exec('SAVEPOINT file')
        try {
          const fileId = await importOne(
            writer,
            parsers,
            path,
            report,
            i,
            files.length,
            reportIssues,
            options
          )
          if (fileId !== null) fileIds.push(fileId)
          db.exec('RELEASE file')
        } catch (err) {
          db.exec('ROLLBACK TO file')
          db.exec('RELEASE file')
          if (err instanceof ImportCancelled) throw err
          report.status = 'failed'
          report.error = err instanceof Error ? err.message : String(err)
          report.imported = 0
          report.duplicates = 0
          // A file refused part-way was never hashed whole; its report still names its content.
          if (report.sha256 === null) report.sha256 = await sha256File(path).catch(() => null)
        }
      }
      return fileIds
    })
  } finally {
    parsers.discard()
  }
  return reports
}

/**
 * The transaction of an import of `files`, around `load`, which stores their events through the
 * writer and returns the ids of the files it stored. A load much larger than the case is a bulk
 * load: its indexes wait until after the commit (bulk-load.ts). Then the AuthDetails join and the
 * mirror links, statistics, and the commit; anything thrown rolls the whole import back.
 * (Exported for bench:import, whose writer floor stores pre-parsed rows exactly as an import does.)
 */
export async function withImportTransaction(
  db: Database,
  files: readonly string[],
  options: Pick<ImportOptions, 'bulkThreshold' | 'identitiesInMemory'>,
  load: (writer: EventWriter) => Promise<number[]>
): Promise<void> {
  const restoreTemporary = spillTemporaryToFiles(db)
  try {
    db.exec('BEGIN IMMEDIATE')
  } catch (err) {
    restoreTemporary()
    if ((err as { code?: string }).code === 'SQLITE_BUSY')
      throw new CaseOpenError('the case is busy: another import is writing to it')
    throw err
  }
  const cacheSize = db.pragma('cache_size', { simple: true }) as number
  const restoreCheckpoints = deferCheckpoints(db)
  try {
    const existing = eventCount(db)
    const incomingBytes = files.reduce((sum, f) => sum + safeSize(f), 0)
    const hadUnlinkedMirrors = hasUnlinkedMirrors(db)
    // About 1 KB per record in every export format: a big import into a small case loads in bulk.
    const bulk = incomingBytes / 1024 > Math.max(options.bulkThreshold ?? BULK_THRESHOLD, existing)
    if (bulk) deferIndexes(db)
    // Row by row, a larger page cache keeps the fingerprint index's hot pages in memory (a spilled
    // page is written to the WAL again each time it changes). A bulk load only appends, and holds
    // identities in memory instead (about 24 MB at a million events): a smaller cache keeps the
    // import's peak under 500 MB.
    db.pragma(`cache_size = ${bulk ? -49152 : -98304}`)
    // Records are 0.5-2 KB in every export format: this over-estimates rather than under. After
    // `deferIndexes`: without the fingerprint index the writer keeps identities in memory.
    const writer = new EventWriter(db, Math.ceil(incomingBytes / 512), options.identitiesInMemory)
    const fileIds = await load(writer)
    buildIndexesNow(db, writer.indexesForFinish(hadUnlinkedMirrors))
    writer.finishImport(fileIds, hadUnlinkedMirrors)
    if (bulk || fileIds.length) refreshStatistics(db)
    db.exec('COMMIT')
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw err
  } finally {
    restoreCheckpoints()
    restoreTemporary()
    db.pragma(`cache_size = ${cacheSize}`)
  }
}

async function importOne(
  writer: EventWriter,
  parsers: ParseWorkerSlot,
  path: string,
  report: FileReport,
  fileIndex: number,
  fileCount: number,
  reportIssues: number,
  options: ImportOptions
): Promise<number | null> {
  const before = statSync(path)
  const size = before.size
  // Only a file of the same size can be one the case already holds: then the file is hashed
  // first, so a re-import reads it once and adds nothing. Any other file is hashed by the parse
  // worker as it reads it (a second full read cost 1.5 s of a 1.4 GB import before parsing began).
  const hashFirst = writer.hasFileOfSize(size)
  const progress: ImportProgress = {
    file: path,
    fileIndex,
    fileCount,
    phase: hashFirst ? 'hashing' : 'reading',
    bytesRead: 0,
    bytesTotal: size,
    events: 0,
    duplicates: 0,
    rejected: 0
  }
  options.onProgress?.(progress)
  const encoding = detectEncoding(await readHead(path))
  report.encoding = encoding
  const sha256 = hashFirst ? await sha256File(path) : null
  report.sha256 = sha256
  const previous = sha256 === null ? undefined : writer.findFile(sha256)
  if (previous) {
    report.status = 'already-imported'
    report.notes.push(`already in this case (imported from ${previous.path}); nothing added`)
    return null
  }

  const fileId = writer.beginFile({ path, name: basename(path), sha256, size, encoding })
  progress.phase = 'reading'
  const done = await new Promise<Extract<ParseMessage, { type: 'done' }>>((resolvePromise, reject) => {
    const worker = parsers.get()
    let settled = false
    // `keep`: the worker finished this file by itself and can read the next one.
    const finish = (fn: () => void, keep = false): void => {
      if (settled) return
      settled = true
      options.signal?.removeEventListener('abort', onAbort)
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      if (!keep) parsers.discard()
      fn()
    }
    const onAbort = (): void => finish(() => reject(new ImportCancelled()))
    options.signal?.addEventListener('abort', onAbort)
    const onMessage = (msg: ParseMessage): void => {
      if (settled) return
      try {
        if (msg.type === 'batch') {
          const counts = writer.writeEvents(fileId, msg.events, msg.raws)
          writer.writeAuthDetails(fileId, msg.authDetails)
          writer.writeIssues(fileId, msg.issues)
          collectIssues(report, msg.issues, reportIssues)
          report.records += msg.events.length + msg.authDetails.length + msg.rejected
          report.rejected += msg.rejected
          progress.bytesRead = msg.bytesRead
          progress.events += counts.imported
          progress.duplicates += counts.duplicates
          progress.rejected += msg.rejected
          options.onProgress?.(progress)
          worker.postMessage({ type: 'ack' } satisfies ParseControl)
        } else if (msg.type === 'done') {
          finish(() => resolvePromise(msg), true)
        } else {
          finish(
            () =>
              reject(
                new SourceFileError(
                  msg.kind === 'internal' ? `internal error while reading: ${msg.message}` : msg.message
                )
              ),
            true
          )
        }
      } catch (err) {
        finish(() => reject(err))
      }
    }
    const onError = (err: Error): void => finish(() => reject(err))
    const onExit = (code: number): void =>
      finish(() => reject(new Error(`the parse worker stopped unexpectedly (exit ${code})`)))
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
    worker.postMessage({ type: 'file', path, name: basename(path), encoding } satisfies ParseControl)
  })

  const after = statSync(path)
  if (
    (sha256 !== null && done.sha256 !== sha256) ||
    after.size !== before.size ||
    after.mtimeMs !== before.mtimeMs ||
    done.bytesRead !== size
  )
    throw new SourceFileError('the file changed while it was being imported; import it again')
  report.sha256 = done.sha256
  if (sha256 === null) writer.setFileHash(fileId, done.sha256)
  progress.phase = 'finishing'
  options.onProgress?.(progress)
  report.format = done.format
  report.layout = done.layout
  report.notes.push(...done.notes)
  const totals = writer.finishFile(fileId, {
    format: done.format,
    layout: done.layout,
    csvHeader: done.csvHeader,
    records: report.records,
    rejected: report.rejected,
    issuesTotal: report.issuesTotal,
    notes: report.notes
  })
  report.imported = totals.imported
  report.duplicates = totals.duplicates
  report.authDetails = totals.authDetails
  report.status = 'imported'
  return fileId
}

function collectIssues(report: FileReport, issues: readonly RecordIssue[], cap: number): void {
  for (const issue of issues) {
    if (report.issues.length < cap) report.issues.push({ line: issue.line, reason: issue.reason })
    report.issuesTotal++
  }
}

/** Import, then bring the search index up to date (outside the import transaction: it is derived data). */
export async function importIntoCase(
  db: Database,
  paths: readonly string[],
  options: ImportOptions = {}
): Promise<ImportReport> {
  const { files, skipped, missing } = expandPaths(paths)
  const reports = await importFiles(db, files, options)
  for (const m of missing) reports.push({ ...blankReport(m), error: 'no such file or folder' })
  // Committed: the case is usable from here on. What follows is derived data, each step resumable.
  finishPendingWork(db, options.onProgress, files.length)
  const counts = caseCounts(db)
  return { files: reports, skipped, events: { audit: counts.audit, signin: counts.signin } }
}

/**
 * The work a bulk import leaves for after its commit, also resumed by the next import when an
 * earlier one was interrupted: the filter indexes dropped for the load (queries answer by scanning
 * meanwhile), the WAL checkpoint, then the full-text index (search misses the newest events meanwhile).
 */
export function finishPendingWork(
  db: Database,
  onProgress?: (p: ImportProgress) => void,
  fileCount = 0
): void {
  const report =
    (phase: 'optimizing' | 'indexing') =>
    (done: number, total: number): void =>
      onProgress?.({
        file: '',
        fileIndex: fileCount,
        fileCount,
        phase,
        bytesRead: done,
        bytesTotal: total,
        events: 0,
        duplicates: 0,
        rejected: 0
      })
  // The filter indexes first: until they exist, filters scan. The checkpoint (seconds at 1M events)
  // can wait until they are built; readers read the WAL meanwhile.
  // Index sorts spill to temporary files rather than growing the process (as during the import).
  // The automatic checkpoint would run inside the index builds: deferred to the one below.
  const restoreTemporary = spillTemporaryToFiles(db)
  const restoreCheckpoints = deferCheckpoints(db)
  try {
    // Statistics for the indexes just built: without them the planner misjudges them (see EventWriter).
    if (buildPendingIndexes(db, report('optimizing')) > 0) refreshStatistics(db)
  } finally {
    restoreCheckpoints()
    restoreTemporary()
  }
  report('indexing')(0, 0)
  checkpoint(db)
  indexPendingText(db, report('indexing'))
}
