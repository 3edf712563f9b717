import type { AppState, CaseSummary, RecentCase, WireHandlers } from '../../shared/ipc/contract'
import { AppFailure } from '../../shared/ipc/result'
import { appendCaseLog } from '../db/case-log'
import { caseFileIssues, eventDetail, eventPage } from '../db/explorer'
import { sourceFiles } from '../db/queries'
import { CaseSession } from './case-session'
import { caseWork } from './case-work-service'
import { CaseWriter } from './case-writer'
import type { Dialogs } from './dialogs'
import { exportEvents } from './export-service'
import type { FindingsService } from './findings-service'
import { guard, toErr } from './guard'
import { ImportService, type Emit } from './import-service'
import { InlineQueryRunner, WorkerQueryRunner, type QueryRunner } from './query-runner'
import { RecentCases } from './recent-cases'

export interface AppServicesOptions {
  /** Where the recent-cases list lives (Electron's userData, or a temp folder in tests). */
  dataDir: string
  dialogs: Dialogs
  emit: Emit
  version: string
  shell: AppState['shell']
  nativeBinding?: string
  /** Facets and histograms in worker threads (the app) or on the calling thread (unit tests). */
  queryWorker?: boolean
  /** How many analytics workers (default: one per spare core, at most two). */
  queryWorkers?: number
  /** Re-scan after every import (default true). */
  scanAfterImport?: boolean
}

export interface AppServices {
  handlers: WireHandlers
  session: CaseSession
  imports: ImportService
  findings: FindingsService
  /** The Open Recent list. */
  recent(): RecentCase[]
  close(): Promise<void>
}

export { toErr }

function timed<T extends object>(fn: () => T): T & { ms: number } {
  const t0 = performance.now()
  const value = fn()
  return { ...value, ms: Math.round((performance.now() - t0) * 10) / 10 }
}

/** A small memo for aggregates: the same view asked again (back, pivot and return) answers at once. */
class Memo<T> {
  private readonly map = new Map<string, T>()
  constructor(private readonly max: number) {}
  get(key: string): T | undefined {
    const v = this.map.get(key)
    if (v !== undefined) {
      this.map.delete(key)
      this.map.set(key, v)
    }
    return v
  }
  set(key: string, value: T): void {
    this.map.set(key, value)
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string)
  }
  clear(): void {
    this.map.clear()
  }
}

/**
 * The main process's services as plain Node: no `electron` import, so they run under vitest and
 * behind the loopback harness exactly as in the app. Electron only adds dialogs, windows and IPC.
 */
export function createAppServices(options: AppServicesOptions): AppServices {
  const session = new CaseSession(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  const recent = new RecentCases(options.dataDir)
  const runner: QueryRunner =
    options.queryWorker === false
      ? new InlineQueryRunner(session)
      : new WorkerQueryRunner(session, options.queryWorkers)
  const memo = new Memo<object>(400)
  const writer = new CaseWriter(session)
  const { dialogs, emit } = options

  const caseChanged = (summary: CaseSummary | null): void => {
    memo.clear()
    if (session.casePath === null) writer.close()
    runner.reopen()
    emit('case:changed', { case: summary })
  }
  const imports = new ImportService(session, emit, (evidence) => {
    if (session.casePath) caseChanged(session.changed())
    // Findings follow the evidence: re-scan once the import has been reported.
    if (evidence && options.scanAfterImport !== false) setImmediate(() => void rescan())
  })
  const work = caseWork({
    session,
    writer,
    dialogs,
    emit,
    importing: () => imports.busy,
    annotationsChanged: () => memo.clear(),
    runner
  })
  let closing = false
  const rescan = async (): Promise<void> => {
    try {
      if (!closing && session.casePath && !imports.busy) await work.findings.scan()
    } catch {
      // A scan already running or a busy file: the renderer's stale-findings notice remains.
    }
  }

  const notBusy = (what: string): void => {
    if (imports.busy)
      throw new AppFailure('busy', `An import is running: wait for it or cancel it before you ${what}.`)
  }
  const switchTo = (summary: CaseSummary): CaseSummary => {
    recent.touch(summary.path)
    caseChanged(summary)
    // An import stopped while building its indexes left them for later: build them now.
    if (summary.pendingIndexes > 0) imports.resume()
    return summary
  }
  const suggestedName = (): string => {
    const d = new Date()
    const pad = (n: number): string => String(n).padStart(2, '0')
    return `case-${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}.authtrail`
  }

  const handlers: WireHandlers = {
    getState: () =>
      guard(() => ({
        version: options.version,
        shell: options.shell,
        case: session.summary(),
        recent: recent.list(),
        importJob: imports.current()
      })),
    newCase: () =>
      guard(async () => {
        notBusy('create a case')
        const path = await dialogs.newCase(suggestedName())
        if (!path) return null
        return switchTo(await session.create(withExtension(path)))
      }),
    openCase: ({ recent: recentPath }) =>
      guard(async () => {
        notBusy('open another case')
        let path: string | null
        if (recentPath !== null) {
          // Only a path main itself put on the list may be opened without a dialog.
          if (!recent.has(recentPath))
            throw new AppFailure('forbidden', 'That case is not on the recent list.')
          path = recentPath
        } else path = await dialogs.openCase()
        if (!path) return null
        return switchTo(await session.open(path))
      }),
    saveCaseAs: () =>
      guard(async () => {
        notBusy('save a copy')
        const current = session.summary()
        if (!current) throw new AppFailure('no-case', 'No case is open.')
        const path = await dialogs.saveCaseAs(current.name.replace(/\.authtrail$/, '') + '-copy.authtrail')
        if (!path) return null
        const target = withExtension(path)
        await session.copyTo(target)
        return switchTo(await session.open(target))
      }),
    closeCase: () =>
      guard(() => {
        notBusy('close the case')
        session.close()
        caseChanged(null)
        return null
      }),
    chooseImport: ({ folders }) =>
      guard(async () => {
        session.connection()
        notBusy('start another')
        const paths = await dialogs.importPaths(folders)
        if (!paths || paths.length === 0) return null
        return imports.start(paths)
      }),
    importDropped: ({ paths }) => guard(() => imports.start(paths)),
    cancelImport: ({ jobId }) =>
      guard(() => {
        imports.cancel(jobId)
        return null
      }),
    listFiles: () => guard(() => sourceFiles(session.connection())),
    fileIssues: ({ fileId, limit }) => guard(() => caseFileIssues(session.connection(), fileId, limit)),
    queryPage: (arg) =>
      guard(() => timed(() => eventPage(session.connection(), arg.query, arg.order, arg.after, arg.limit))),
    facet: (arg) =>
      guard(async () => {
        const key = `${session.generation}|facet|${JSON.stringify(arg)}`
        const hit = memo.get(key)
        if (hit) return { ...(hit as Awaited<ReturnType<typeof runner.run<'facet'>>>), ms: 0 }
        const value = await runner.run('facet', arg, `facet:${arg.field}`)
        memo.set(key, value)
        return value
      }),
    histogram: (arg) =>
      guard(async () => {
        const key = `${session.generation}|histogram|${JSON.stringify(arg)}`
        const hit = memo.get(key)
        if (hit) return { ...(hit as Awaited<ReturnType<typeof runner.run<'histogram'>>>), ms: 0 }
        const value = await runner.run('histogram', arg, 'histogram', 1)
        memo.set(key, value)
        return value
      }),
    eventDetail: ({ id }) =>
      guard(() => {
        const d = eventDetail(session.connection(), id)
        if (!d) throw new AppFailure('not-found', `There is no event ${id} in this case.`)
        return d
      }),
    exportEvents: ({ query, format }) =>
      guard(async () => {
        const db = session.connection()
        const path = await dialogs.exportPath(
          `events.${format === 'csv' ? 'csv' : format === 'json' ? 'json' : 'jsonl'}`,
          format
        )
        if (!path) return null
        return exportEvents(
          db,
          query,
          format,
          path,
          (summary, detail) => writer.write((w) => appendCaseLog(w, 'export', summary, detail)),
          {
            worker: { nativeBinding: session.nativeBinding },
            onProgress: (events) => emit('export:progress', { events })
          }
        )
      }),
    ...work.handlers
  }

  return {
    handlers,
    session,
    imports,
    findings: work.findings,
    recent: () => recent.list(),
    async close() {
      closing = true
      await imports.close()
      await work.findings.whenIdle()
      await runner.close()
      writer.close()
      session.close()
    }
  }
}

/** Case files end in .authtrail; a name typed without it gets it. */
function withExtension(path: string): string {
  return /\.authtrail$/i.test(path) ? path : `${path}.authtrail`
}
