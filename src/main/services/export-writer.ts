import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import type { Database } from 'better-sqlite3'
import type { ExportFormat } from '../../shared/ipc/contract'
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

/** Events per page read and written. */
export const EXPORT_PAGE = 1000

/**
 * Writes every event matching the query to `path`, oldest first, a keyset page at a time, and
 * returns how many. Times are ISO 8601 UTC with a Z: an export never depends on the display zone.
 * Runs wherever its connection lives: in the export worker for the app, inline for the CLI and as
 * the fallback (export-service.ts).
 */
export async function writeEvents(
  db: Database,
  query: ExplorerQuery,
  format: ExportFormat,
  path: string,
  onPage?: (events: number) => void
): Promise<number> {
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
      const page = eventJsonPage(db, query, after, EXPORT_PAGE)
      let chunk = ''
      for (const e of page.events) {
        if (format === 'csv') chunk += csvRow(e) + '\r\n'
        else if (format === 'ndjson') chunk += JSON.stringify(e) + '\n'
        else chunk += `${count === 0 ? '\n' : ',\n'}${JSON.stringify(e)}`
        count++
      }
      await write(chunk)
      onPage?.(count)
      if (!page.next) break
      after = page.next
      // On a thread that serves other work (inline), let it run between pages.
      await new Promise((resolve) => setImmediate(resolve))
    }
    if (format === 'json') await write(count ? '\n]\n' : ']\n')
    out.end()
    await once(out, 'finish')
  } catch (err) {
    out.destroy()
    throw err
  }
  return count
}
