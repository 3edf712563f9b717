import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { EventJson } from '../../src/shared/model/event'
import { importIntoCase, type FileReport, type ImportReport } from '../../src/main/import/import-job'
import { queryEvents } from '../../src/main/db/queries'
import { tempCase } from './temp-case'

export type Case = ReturnType<typeof tempCase>

/** Writes fixture files (text is written as UTF-8 unless given as bytes) into the case's folder. */
export function writeFixtures(c: Case, files: Record<string, string | Buffer>): string[] {
  return Object.entries(files).map(([name, content]) => {
    const path = c.path(name)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, content)
    return path
  })
}

/** Imports fixture files into a fresh case and returns the report and every event, oldest first. */
export async function importFixtures(
  files: Record<string, string | Buffer>,
  existing?: Case
): Promise<{ c: Case; report: ImportReport; file: (name: string) => FileReport; events: EventJson[] }> {
  const c = existing ?? tempCase()
  const paths = writeFixtures(c, files)
  const report = await importIntoCase(c.db, paths)
  const events = queryEvents(c.db, {}, 100_000).events
  const file = (name: string): FileReport => {
    const f = report.files.find((x) => x.path.endsWith(`/${name}`))
    if (!f) throw new Error(`no report for ${name}`)
    return f
  }
  return { c, report, file, events }
}

/** CSV cell quoting as the portal writes it: every field quoted, quotes doubled. */
export function csvLine(cells: readonly (string | null)[]): string {
  return cells.map((v) => `"${(v ?? '').replace(/"/g, '""')}"`).join(',')
}

export function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
}

export function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le')
  const be = Buffer.alloc(le.length)
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1] as number
    be[i + 1] = le[i] as number
  }
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be])
}

export const BOM = '\uFEFF'
