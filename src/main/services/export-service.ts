import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { basename } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { ExportFormat, ExportResult } from '../../shared/ipc/contract'
import type { ExplorerQuery } from '../../shared/ipc/query'
import { EVENT_JSON_FIELDS, type EventJson } from '../../shared/model/event'
import { eventJsonPage } from '../db/explorer'

/** Spreadsheet formula injection: a cell starting with = + - @ tab or CR gets a leading ' (OWASP). */
export function csvCell(value: unknown): string {
  let s: string
  if (value === null || value === undefined) s = ''
  else if (typeof value === 'string') s = value
  else s = JSON.stringify(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One event as a CSV row in EVENT_JSON_FIELDS order; sources as `file:line` separated by `; `. */
export function csvRow(e: EventJson): string {
  return EVENT_JSON_FIELDS.map((f) =>
    f === 'sources' ? csvCell(e.sources.map((s) => `${s.file}:${s.line}`).join('; ')) : csvCell(e[f])
  ).join(',')
}

/**
 * Writes every event matching the query to `path`, oldest first, in pages of 1,000 with a yield to
 * the event loop between pages (the main thread keeps serving the UI during a long export). Times
 * are ISO 8601 UTC with a Z: an export never depends on the display zone.
 */
export async function exportEvents(
  db: Database,
  query: ExplorerQuery,
  format: ExportFormat,
  path: string,
  /** Records the export in the case log (the caller holds the writer): called once the file is complete. */
  log?: (summary: string, detail: Record<string, unknown>) => void
): Promise<ExportResult> {
  const t0 = performance.now()
  const out = createWriteStream(path, { encoding: 'utf8' })
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain')
  }
  let count = 0
  try {
    if (format === 'csv') await write(EVENT_JSON_FIELDS.join(',') + '\r\n')
    if (format === 'json') await write('[')
    let after = null
    for (;;) {
      const page = eventJsonPage(db, query, after, 1000)
      let chunk = ''
      for (const e of page.events) {
        if (format === 'csv') chunk += csvRow(e) + '\r\n'
        else if (format === 'ndjson') chunk += JSON.stringify(e) + '\n'
        else chunk += `${count === 0 ? '\n' : ',\n'}${JSON.stringify(e)}`
        count++
      }
      await write(chunk)
      if (!page.next) break
      after = page.next
      await new Promise((resolve) => setImmediate(resolve))
    }
    if (format === 'json') await write(count ? '\n]\n' : ']\n')
    out.end()
    await once(out, 'finish')
  } catch (err) {
    out.destroy()
    throw err
  }
  log?.(`Exported ${count} event${count === 1 ? '' : 's'} as ${format} to ${basename(path)}`, {
    path,
    format,
    events: count,
    query
  })
  return { path, events: count, ms: Math.round(performance.now() - t0) }
}
