import { readFileSync } from 'node:fs'
import type { ReportFormat } from '../../shared/ipc/case-work'
import { appendCaseLog } from '../db/case-log'
import { openCase } from '../db/open'
import { reportLogEntry, writeReport } from '../report/write-report'
import type { Io } from './main'

function generator(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: string
    }
    return pkg.version ? `Authtrail ${pkg.version}` : 'Authtrail'
  } catch {
    return 'Authtrail'
  }
}

/**
 * `authtrail report CASE --format html|json|timesketch -o PATH [--zone Z] [--all]`: writes the
 * report from one snapshot of the case, then records it (path, SHA-256, the log head it shows) in
 * the case log.
 */
export async function runReport(
  casePath: string,
  options: { format: ReportFormat; output: string; zone: string; all: boolean },
  io: Io
): Promise<number> {
  const db = openCase(casePath)
  try {
    let r
    try {
      r = await writeReport(db, casePath, options.output, {
        format: options.format,
        zone: options.zone,
        all: options.all,
        generator: generator()
      })
    } catch (err) {
      const code = (err as { code?: unknown }).code
      if (
        typeof code === 'string' &&
        ['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOSPC', 'EROFS'].includes(code)
      ) {
        io.err(`authtrail: cannot write ${options.output}: ${(err as Error).message}\n`)
        return 2
      }
      throw err
    }
    const entry = reportLogEntry(r, options.zone, options.all)
    appendCaseLog(db, 'report', entry.summary, entry.detail)
    io.out(
      `${entry.summary}\n  ${r.path}\n  sha256 ${r.sha256}, ${r.bytes} bytes, ${r.ms} ms\n` +
        `  case log at the report: ${r.logEntries} entries, last hash ${r.lastHash}\n`
    )
    return 0
  } finally {
    db.close()
  }
}
