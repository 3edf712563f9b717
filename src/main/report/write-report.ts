import { basename } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { ReportFormat } from '../../shared/ipc/case-work'
import { gatherReport } from './gather'
import { writeHtmlReport } from './html'
import { writeJsonReport } from './json'
import { ReportWriter } from './report-writer'
import { writeTimesketch } from './timesketch'

export interface ReportOptions {
  format: ReportFormat
  /** IANA zone for the HTML report's times (JSON and Timesketch are always UTC). */
  zone: string
  /** Timesketch: every event of the case, not only the events of interest. */
  all?: boolean
  generator?: string
}

export interface ReportOutcome {
  path: string
  format: ReportFormat
  /** Timesketch: lines written; HTML and JSON: events of interest (evidence or annotated). */
  events: number
  findings: number
  sha256: string
  bytes: number
  /** The case log's head when the report was made (the report prints it). */
  logEntries: number
  lastHash: string
  ms: number
}

/**
 * Writes a report of the case to `path` from one consistent snapshot (a read transaction on
 * `db`, which should be a connection of its own: the transaction lasts as long as the writing).
 */
export async function writeReport(
  db: Database,
  casePath: string,
  path: string,
  options: ReportOptions
): Promise<ReportOutcome> {
  const t0 = performance.now()
  const out = new ReportWriter(path)
  const write = (text: string): Promise<void> => out.write(text)
  db.exec('BEGIN')
  try {
    const data = gatherReport(db, {
      zone: options.format === 'html' ? options.zone : 'UTC',
      casePath,
      ...(options.generator ? { generator: options.generator } : {})
    })
    let events = data.eventsOfInterest
    if (options.format === 'html') await writeHtmlReport(data, write)
    else if (options.format === 'json') await writeJsonReport(data, write)
    else events = await writeTimesketch(data, write, { all: options.all ?? false })
    const file = await out.close()
    return {
      path,
      format: options.format,
      events,
      findings: data.findings.length,
      sha256: file.sha256,
      bytes: file.bytes,
      logEntries: data.log.entries,
      lastHash: data.log.lastHash,
      ms: Math.round(performance.now() - t0)
    }
  } catch (err) {
    out.abort()
    throw err
  } finally {
    if (db.inTransaction) db.exec('COMMIT')
  }
}

const FORMAT_NAMES: Record<ReportFormat, string> = {
  html: 'HTML report',
  json: 'JSON report',
  timesketch: 'Timesketch timeline'
}

/** The case log's 'report' entry: what was written where, its SHA-256, and the log head it shows. */
export function reportLogEntry(
  r: ReportOutcome,
  zone: string,
  all: boolean
): { summary: string; detail: Record<string, unknown> } {
  return {
    summary:
      `${FORMAT_NAMES[r.format]} written to ${basename(r.path)}` +
      (r.format === 'timesketch'
        ? ` (${r.events} events${all ? ', all' : ''})`
        : ` (${r.findings} findings)`),
    detail: {
      path: r.path,
      format: r.format,
      ...(r.format === 'html' ? { zone } : {}),
      ...(r.format === 'timesketch' ? { all } : {}),
      events: r.events,
      findings: r.findings,
      sha256: r.sha256,
      bytes: r.bytes,
      logEntries: r.logEntries,
      lastHash: r.lastHash
    }
  }
}
