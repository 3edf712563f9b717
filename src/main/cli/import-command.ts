import { appendCaseLog, importLogEntry } from '../db/case-log'
import { openCase } from '../db/open'
import { importIntoCase, type FileReport, type ImportProgress } from '../import/import-job'
import type { Io } from './main'

function describe(f: FileReport): string {
  if (f.status === 'failed') return `✗ ${f.path}\n    could not be read: ${f.error ?? 'unknown error'}`
  if (f.status === 'already-imported') return `= ${f.path}\n    ${f.notes.join('; ')}`
  const lines = [
    `✓ ${f.path}`,
    `    ${f.format}${f.layout ? ` (${f.layout})` : ''}, ${f.encoding}, sha256 ${f.sha256}`,
    `    ${f.records} records: ${f.imported} imported, ${f.duplicates} duplicates, ${f.rejected} rejected` +
      (f.authDetails ? `, ${f.authDetails} authentication details` : '')
  ]
  for (const note of f.notes) lines.push(`    note: ${note}`)
  for (const issue of f.issues.slice(0, 10)) lines.push(`    line ${issue.line}: ${issue.reason}`)
  if (f.issuesTotal > Math.min(10, f.issues.length))
    lines.push(
      `    … ${f.issuesTotal - Math.min(10, f.issues.length)} more issues (authtrail info shows the case's list)`
    )
  return lines.join('\n')
}

function progressLine(p: ImportProgress): string {
  if (p.phase === 'optimizing') return `building filter indexes ${p.bytesRead}/${p.bytesTotal}`
  if (p.phase === 'indexing')
    // A zero total is the write-ahead log being checkpointed before the index starts.
    return p.bytesTotal > 0
      ? `indexing for search ${p.bytesRead}/${p.bytesTotal}`
      : 'writing the case to disk'
  const pct = p.bytesTotal ? Math.floor((p.bytesRead / p.bytesTotal) * 100) : 100
  return `[${p.fileIndex + 1}/${p.fileCount}] ${p.phase} ${pct}% — ${p.events} events, ${p.duplicates} duplicates, ${p.rejected} rejected`
}

export async function runImport(
  casePath: string,
  paths: string[],
  options: { json: boolean },
  io: Io
): Promise<number> {
  const db = openCase(casePath, { create: true })
  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let lastDraw = 0
  try {
    const report = await importIntoCase(db, paths, {
      signal: controller.signal,
      reportIssues: 50,
      onProgress: (p) => {
        const now = Date.now()
        if (!io.isTty || now - lastDraw < 100) return
        lastDraw = now
        io.err(`\r${progressLine(p)}\x1b[K`)
      }
    })
    if (io.isTty) io.err('\r\x1b[K')
    const entry = importLogEntry(report.files, report.skipped)
    appendCaseLog(db, 'import', entry.summary, entry.detail)
    const failed = report.files.some((f) => f.status === 'failed')
    if (options.json) {
      io.out(
        JSON.stringify(
          {
            // FileReport's fields are the contract's, in its order.
            files: report.files,
            skipped: report.skipped,
            events: report.events
          },
          null,
          2
        ) + '\n'
      )
    } else {
      for (const f of report.files) io.out(describe(f) + '\n')
      for (const s of report.skipped) io.out(`- ${s}\n    skipped: not an export file type\n`)
      io.out(`case ${casePath}: ${report.events.audit} audit and ${report.events.signin} sign-in events\n`)
    }
    return failed ? 2 : 0
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    db.close()
  }
}
