import type { WireHandlers } from '../../shared/ipc/contract'
import type { ScanResult } from '../../shared/ipc/case-work'
import { AppFailure } from '../../shared/ipc/result'
import { ruleById } from '../../shared/rules'
import { looksLikeIp } from '../../shared/views/finding-ips'
import { appendCaseLog } from '../db/case-log'
import { findingDetail, findingsOverview, suppressionList } from '../db/findings-overview'
import {
  activeSuppression,
  insertSuppression,
  liftSuppression,
  normalizeSuppressionValue,
  suppressionById
} from '../db/suppressions'
import { writeTriage } from '../db/triage'
import { scanInWorker } from '../scan/start-scan-worker'
import type { CaseSession } from './case-session'
import type { CaseWriter } from './case-writer'
import { guard } from './guard'
import type { Emit } from './import-service'

export interface FindingsDeps {
  session: CaseSession
  writer: CaseWriter
  emit: Emit
  /** True while an import runs: a scan then would read a case that is still changing. */
  importing: () => boolean
}

type FindingsCalls =
  | 'scan'
  | 'listFindings'
  | 'findingDetail'
  | 'setTriage'
  | 'listSuppressions'
  | 'addSuppression'
  | 'removeSuppression'

export interface FindingsService {
  handlers: Pick<WireHandlers, FindingsCalls>
  /** Scans the open case (in the scan worker) and tells the renderer; one scan at a time. */
  scan(): Promise<ScanResult>
  /** Resolves when no scan is running. */
  whenIdle(): Promise<void>
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** Findings, their triage and suppressions; every analyst action is logged in its own transaction. */
export function findingsService(deps: FindingsDeps): FindingsService {
  const { session, writer, emit } = deps
  let running: Promise<ScanResult> | null = null

  const scan = (): Promise<ScanResult> => {
    const casePath = session.casePath
    if (!casePath) throw new AppFailure('no-case', 'No case is open: create or open a case first.')
    if (deps.importing())
      throw new AppFailure('busy', 'An import is running: the scan can start when it has finished.')
    if (running) throw new AppFailure('busy', 'A scan is already running.')
    const job = scanInWorker({
      casePath,
      ...(session.nativeBinding ? { nativeBinding: session.nativeBinding } : {})
    })
    running = job
    const clear = (): void => {
      if (running === job) running = null
    }
    return job.then(
      (result) => {
        clear()
        // The case may have been closed or switched while the worker ran.
        if (session.casePath === casePath) emit('findings:changed', { scan: result.scan })
        return result
      },
      (err: unknown) => {
        clear()
        throw err
      }
    )
  }

  const handlers: Pick<WireHandlers, FindingsCalls> = {
    scan: () => guard(() => scan()),
    listFindings: (req) => guard(() => findingsOverview(session.connection(), req)),
    findingDetail: ({ id }) =>
      guard(() => {
        const d = findingDetail(session.connection(), id)
        if (!d) throw new AppFailure('not-found', `There is no finding ${id} in this case.`)
        return d
      }),
    setTriage: ({ ids, status, note }) =>
      guard(() => {
        writer.write((db) => {
          const now = new Date().toISOString()
          const outcome = writeTriage(db, ids, status, note, now)
          appendCaseLog(
            db,
            'triage',
            `Marked ${plural(ids.length, 'finding')} ${status}${note?.trim() ? ' with a note' : ''}`,
            { ids, status, note: note?.trim() ? note : null, notFound: outcome.unknown }
          )
        })
        return null
      }),
    listSuppressions: () => guard(() => suppressionList(session.connection())),
    addSuppression: ({ rule, scope, value, note }) =>
      guard(() => {
        const meta = ruleById(rule)?.meta
        if (!meta) throw new AppFailure('invalid-argument', `There is no rule ${rule}.`)
        if (scope === 'ip' && !looksLikeIp(value.trim()))
          throw new AppFailure('invalid-argument', `${value} is not an IP address.`)
        const v = normalizeSuppressionValue(scope, value)
        const id = writer.write((db) => {
          const existing = activeSuppression(db, meta.id, scope, v)
          if (existing) return existing.id
          const row = insertSuppression(db, meta.id, scope, v, note, new Date().toISOString())
          appendCaseLog(db, 'suppress', `Suppressed ${meta.id} for ${scope === 'ip' ? 'IP' : 'user'} ${v}`, {
            id: row.id,
            rule: meta.id,
            scope,
            value: v,
            note: row.note
          })
          return row.id
        })
        const out = suppressionList(session.connection()).find((s) => s.id === id)
        if (!out) throw new AppFailure('internal', 'The suppression was not stored.')
        return out
      }),
    removeSuppression: ({ id }) =>
      guard(() => {
        writer.write((db) => {
          const row = suppressionById(db, id)
          if (!row) throw new AppFailure('not-found', `There is no suppression ${id}.`)
          if (!liftSuppression(db, id, new Date().toISOString())) return
          appendCaseLog(
            db,
            'unsuppress',
            `Lifted the suppression of ${row.rule} for ${row.scope === 'ip' ? 'IP' : 'user'} ${row.value}`,
            { id, rule: row.rule, scope: row.scope, value: row.value }
          )
        })
        return null
      })
  }

  return {
    handlers,
    scan,
    whenIdle: async () => {
      await running?.catch(() => undefined)
    }
  }
}
