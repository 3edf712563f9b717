import { parseArgs } from 'node:util'
import { METHODS, EVENT_KINDS, type EventKind, type Method } from '../../shared/model/event'
import type { EventFilter } from '../../shared/query/filter'
import { CaseOpenError } from '../db/open'
import { CaseVersionError } from '../db/migrate'
import { FilterError } from '../db/event-filter'
import { ImportCancelled } from '../import/import-job'
import { runImport } from './import-command'
import { runInfo } from './info-command'
import { runEvents, type EventFormat } from './events-command'
import { runScan } from './scan-command'
import { runMethods } from './methods-command'
import { runLists } from './lists-command'
import { runVerify } from './verify-command'
import { runReport } from './report-command'
import { REPORT_FORMATS, type ReportFormat } from '../../shared/ipc/case-work'
import { isValidZone } from '../../shared/ipc/time-zone'
import { RULE_IDS } from '../../shared/rules'
import { SEVERITIES, type Severity } from '../../shared/rules/types'

export class UsageError extends Error {}

const USAGE = `usage:
  authtrail import CASE PATH... [--json]
  authtrail info CASE [--json]
  authtrail events CASE [--kind audit|signin] [--user UPN] [--activity TEXT] [--ip IP] [--method M]
                        [--from ISO] [--to ISO] [--search TEXT] [--limit N] [--format json|ndjson|csv]
  authtrail scan CASE [--rules SI-001,SI-014,...] [--min-severity low|medium|high|critical] [--json]
  authtrail methods CASE --user UPN [--json]
  authtrail lists CASE [--add KIND=VALUE]... [--remove KIND=VALUE]... [--json]
                        KIND: vip, break-glass, helpdesk, twin-accounts ("a@x b@x"), trusted-ip, service-ip
  authtrail verify CASE [--json]    exit 0: log and present sources hold; 1: log altered or a source changed
  authtrail report CASE --format html|json|timesketch -o PATH [--zone IANA-ZONE] [--all]
                        --zone: the HTML report's display zone (default UTC); --all: every event to Timesketch`

export interface Io {
  out: (text: string) => void
  err: (text: string) => void
  isTty: boolean
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`)
  return value
}

/** Runs one CLI invocation and returns its exit code: 0 ok, 1 usage, 2 some input could not be read. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'import': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { json: { type: 'boolean' } }
        })
        const [casePath, ...paths] = positionals
        if (paths.length === 0)
          throw new UsageError('import needs a case file and at least one file or folder')
        return await runImport(need(casePath, 'case file'), paths, { json: values.json ?? false }, io)
      }
      case 'info': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { json: { type: 'boolean' } }
        })
        if (positionals.length !== 1) throw new UsageError('info takes exactly one case file')
        return runInfo(need(positionals[0], 'case file'), { json: values.json ?? false }, io)
      }
      case 'events': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            kind: { type: 'string' },
            user: { type: 'string' },
            activity: { type: 'string' },
            ip: { type: 'string' },
            method: { type: 'string' },
            from: { type: 'string' },
            to: { type: 'string' },
            search: { type: 'string' },
            limit: { type: 'string' },
            format: { type: 'string' }
          }
        })
        if (positionals.length !== 1) throw new UsageError('events takes exactly one case file')
        const filter: EventFilter = {}
        if (values.kind !== undefined) {
          if (!(EVENT_KINDS as readonly string[]).includes(values.kind))
            throw new UsageError(`--kind must be one of ${EVENT_KINDS.join(', ')}`)
          filter.kind = values.kind as EventKind
        }
        if (values.method !== undefined) {
          if (!(METHODS as readonly string[]).includes(values.method))
            throw new UsageError(`--method must be one of ${METHODS.join(', ')}`)
          filter.method = values.method as Method
        }
        for (const key of ['user', 'activity', 'ip', 'from', 'to', 'search'] as const) {
          const v = values[key]
          if (v !== undefined) filter[key] = v
        }
        for (const key of ['from', 'to'] as const) {
          const v = values[key]
          if (v !== undefined && Number.isNaN(Date.parse(v)))
            throw new UsageError(`--${key} is not an ISO 8601 time: ${v}`)
        }
        let limit: number | null = null
        if (values.limit !== undefined) {
          limit = Number(values.limit)
          if (!Number.isInteger(limit) || limit < 0) throw new UsageError('--limit must be a whole number')
        }
        const format = (values.format ?? 'json') as EventFormat
        if (!['json', 'ndjson', 'csv'].includes(format))
          throw new UsageError('--format must be json, ndjson or csv')
        return runEvents(need(positionals[0], 'case file'), filter, { limit, format }, io)
      }
      case 'scan': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            rules: { type: 'string' },
            'min-severity': { type: 'string' },
            json: { type: 'boolean' }
          }
        })
        if (positionals.length !== 1) throw new UsageError('scan takes exactly one case file')
        let rules: string[] | null = null
        if (values.rules !== undefined) {
          rules = values.rules
            .split(',')
            .map((r) => r.trim().toUpperCase())
            .filter(Boolean)
          const unknown = rules.filter((r) => !RULE_IDS.includes(r))
          if (rules.length === 0 || unknown.length)
            throw new UsageError(
              `--rules takes rule ids from SI-001 to SI-029${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`
            )
        }
        const min = values['min-severity']
        if (min !== undefined && !(SEVERITIES as readonly string[]).includes(min))
          throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')}`)
        return runScan(
          need(positionals[0], 'case file'),
          { rules, minSeverity: (min as Severity | undefined) ?? null, json: values.json ?? false },
          io
        )
      }
      case 'methods': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { user: { type: 'string' }, json: { type: 'boolean' } }
        })
        if (positionals.length !== 1) throw new UsageError('methods takes exactly one case file')
        return runMethods(
          need(positionals[0], 'case file'),
          need(values.user, '--user UPN'),
          { json: values.json ?? false },
          io
        )
      }
      case 'lists': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            add: { type: 'string', multiple: true },
            remove: { type: 'string', multiple: true },
            json: { type: 'boolean' }
          }
        })
        if (positionals.length !== 1) throw new UsageError('lists takes exactly one case file')
        return runLists(
          need(positionals[0], 'case file'),
          { add: values.add ?? [], remove: values.remove ?? [], json: values.json ?? false },
          io
        )
      }
      case 'verify': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { json: { type: 'boolean' } }
        })
        if (positionals.length !== 1) throw new UsageError('verify takes exactly one case file')
        return await runVerify(need(positionals[0], 'case file'), { json: values.json ?? false }, io)
      }
      case 'report': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            format: { type: 'string' },
            output: { type: 'string', short: 'o' },
            zone: { type: 'string' },
            all: { type: 'boolean' }
          }
        })
        if (positionals.length !== 1) throw new UsageError('report takes exactly one case file')
        const format = need(values.format, '--format html|json|timesketch')
        if (!(REPORT_FORMATS as readonly string[]).includes(format))
          throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`)
        const zone = values.zone ?? 'UTC'
        if (!isValidZone(zone)) throw new UsageError(`--zone is not an IANA time zone: ${zone}`)
        if (values.all && format !== 'timesketch')
          throw new UsageError('--all applies to --format timesketch')
        return await runReport(
          need(positionals[0], 'case file'),
          {
            format: format as ReportFormat,
            output: need(values.output, '-o PATH'),
            zone,
            all: values.all ?? false
          },
          io
        )
      }
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE + '\n')
        return command === undefined ? 1 : 0
      default:
        throw new UsageError(`unknown command '${command}'`)
    }
  } catch (err) {
    if (
      err instanceof UsageError ||
      (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      io.err(`authtrail: ${err.message}\n${USAGE}\n`)
      return 1
    }
    if (err instanceof ImportCancelled) {
      io.err(`authtrail: ${err.message}\n`)
      return 130
    }
    if (err instanceof CaseOpenError || err instanceof CaseVersionError || err instanceof FilterError) {
      io.err(`authtrail: ${err.message}\n`)
      return 2
    }
    throw err
  }
}
