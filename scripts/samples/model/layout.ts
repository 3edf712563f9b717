/**
 * How the tenant is written to disk. The committed layout (`--mix`) is what a responder is
 * typically handed: the same tenant through several export paths, overlapping, in different
 * encodings. Every event is in at least one full-fidelity file (portal JSON / Graph pages for
 * audit events, portal CSV / Log Analytics for sign-ins); the other formats hold overlapping
 * slices, so the importer's deduplication is exercised on every pair.
 */
import { relative } from 'node:path'
import type { SampleRecord } from '../graph-types'
import { logKind, signInClass } from '../writers/core/records'
import { textStyle, writeFormat, type SampleFormat, type WriteOptions } from '../writers/index'
import { isUalAudit, isUalSignIn } from '../writers/shapes/ual'
import type { ExpectedFile } from './answer-key'
import { timedRecords, type Model } from './index'
import { DAY } from './time'
import type { TimedRecord } from './types'

export interface Slice {
  dir: string
  format: SampleFormat
  kind: 'audit' | 'signin'
  covers: string
  select: (r: TimedRecord, model: Model) => boolean
  options?: WriteOptions
}

const onDays =
  (from: number, to: number) =>
  (r: TimedRecord, m: Model): boolean =>
    r.t >= m.window.start + from * DAY && r.t < m.window.start + (to + 1) * DAY

const coreDirectory = (r: TimedRecord): boolean => r.record.kind === 'audit' && r.record.value.loggedByService === 'Core Directory'
/** What the unified audit log holds besides Entra copies: Exchange mailbox records. */
const mailbox = (r: TimedRecord): boolean => r.record.kind === 'mailbox'

/** Sign-ins that carry risk information (the portal CSV has no risk columns). */
const risky = (r: TimedRecord): boolean =>
  r.record.kind === 'signin' && (r.record.value.riskLevelDuringSignIn !== 'none' || r.record.value.riskState !== 'none')

/**
 * The committed layout for a window of `days` days (14 for the committed set; other lengths keep
 * the same proportions). Audit events: portal JSON for the first 9/14 of the window, Graph pages
 * for the last 6/14 (one day of overlap). Sign-ins: portal CSVs for the first 12/14, Log Analytics
 * for the rest plus every sign-in with risk information (the portal CSV has no risk columns).
 */
export function mixSlices(days: number): Slice[] {
  const at = (fraction: number): number => Math.min(days - 1, Math.max(0, Math.round((days * fraction) / 14)))
  const last = days - 1
  const label = (from: number, to: number): string => (from === to ? `day ${from + 1}` : `days ${from + 1}-${to + 1}`)
  const range = (from: number, to: number) => ({ from, to, select: onDays(from, to), text: label(from, to) })
  const auditJson = range(0, at(9) - 1)
  const auditUtf16 = range(0, Math.max(0, at(3) - 1))
  const signinCsv = range(0, at(12) - 1)
  const auditPages = range(at(8), last)
  const signinLa = range(at(12), last)
  const purview = range(0, Math.max(0, at(7) - 1))
  const one = (d: number) => range(d, d)
  const slices: Slice[] = [
    { dir: 'entra-portal/audit-json', format: 'portal-audit-json', kind: 'audit', covers: `audit, ${auditJson.text}`, select: auditJson.select },
    {
      dir: 'entra-portal/audit-csv-utf16',
      format: 'portal-audit-csv',
      kind: 'audit',
      covers: `audit, ${auditUtf16.text}, re-saved as UTF-16 LE`,
      select: auditUtf16.select,
      options: { encoding: 'utf16le', eol: '\r\n' }
    },
    { dir: 'entra-portal/signins', format: 'portal-signin-csv', kind: 'signin', covers: `all sign-in logs, ${signinCsv.text}`, select: signinCsv.select },
    { dir: 'extractor-suite/audit', format: 'graph-audit-pages', kind: 'audit', covers: `audit, ${auditPages.text}`, select: auditPages.select },
    { dir: 'extractor-suite/signins', format: 'graph-signin-pages', kind: 'signin', covers: `sign-ins, ${one(at(6)).text}`, select: one(at(6)).select },
    { dir: 'goose/audit', format: 'graph-audit-ndjson', kind: 'audit', covers: `audit, ${one(at(9)).text}`, select: one(at(9)).select },
    { dir: 'goose/signins', format: 'graph-signin-ndjson', kind: 'signin', covers: `sign-ins, ${one(at(5)).text}`, select: one(at(5)).select },
    {
      dir: 'log-analytics/signins-csv',
      format: 'la-signin-csv',
      kind: 'signin',
      covers: `user sign-ins of ${signinLa.text} plus every sign-in with risk information`,
      select: (r, m) => signinLa.select(r, m) || risky(r)
    },
    { dir: 'log-analytics/signins-jsonl', format: 'la-signin-jsonl', kind: 'signin', covers: `user sign-ins, ${one(last).text}`, select: one(last).select },
    { dir: 'log-analytics/audit-csv', format: 'la-audit-csv', kind: 'audit', covers: `audit, ${one(at(10)).text}`, select: one(at(10)).select },
    { dir: 'log-analytics/audit-jsonl', format: 'la-audit-jsonl', kind: 'audit', covers: `audit, ${one(at(11)).text}`, select: one(at(11)).select },
    { dir: 'event-hub', format: 'azure-monitor-eventhub', kind: 'audit', covers: `audit, ${one(at(12)).text}`, select: one(at(12)).select },
    { dir: 'event-hub', format: 'azure-monitor-eventhub', kind: 'signin', covers: `sign-ins, ${one(at(12)).text}`, select: one(at(12)).select },
    { dir: 'storage-account', format: 'azure-monitor-pt1h', kind: 'audit', covers: `audit, ${one(last).text}`, select: one(last).select },
    { dir: 'storage-account', format: 'azure-monitor-pt1h', kind: 'signin', covers: `sign-ins, ${one(last).text}`, select: one(last).select },
    {
      dir: 'purview',
      format: 'purview-csv',
      kind: 'audit',
      covers: `Core Directory audit events and Exchange mailbox records, ${purview.text}`,
      select: (r, m) => (coreDirectory(r) || mailbox(r)) && purview.select(r, m)
    },
    {
      dir: 'unified-audit-log',
      format: 'ual-jsonl',
      kind: 'audit',
      covers: `Core Directory audit events and Exchange mailbox records, ${one(at(4)).text}`,
      select: (r, m) => (coreDirectory(r) || mailbox(r)) && one(at(4)).select(r, m)
    }
  ]
  return slices
}

/** The committed two-week layout. */
export const MIX: readonly Slice[] = mixSlices(14)

/**
 * Whether a format can hold a record (the writers skip the others): Log Analytics sign-in tables
 * hold user sign-ins only; the unified audit log mirrors Core Directory audits and interactive
 * sign-ins only.
 */
export function accepts(format: SampleFormat, record: SampleRecord): boolean {
  if (/^(portal-audit|graph-audit|la-audit)/.test(format) && record.kind !== 'audit') return false
  if (/^(portal-signin|graph-signin|la-signin)/.test(format) && record.kind !== 'signin') return false
  if (format === 'purview-csv' || format === 'ual-jsonl') {
    if (record.kind === 'mailbox') return true
    return record.kind === 'audit' ? isUalAudit(record.value) : isUalSignIn(record.value)
  }
  if (record.kind === 'mailbox') return false
  if (format.startsWith('la-') && record.kind === 'signin') {
    const c = signInClass(record.value)
    return c === 'interactiveUser' || c === 'nonInteractiveUser'
  }
  return true
}

/** The bytes of a file: its encoding and line break (the writers' defaults unless overridden). */
function describeFile(format: SampleFormat, options: WriteOptions | undefined): Pick<ExpectedFile, 'encoding' | 'eol'> {
  const style = textStyle(format, options ?? {})
  return { encoding: style.encoding, eol: style.eol === '\r\n' ? 'crlf' : 'lf' }
}

export interface Totals {
  audit: number
  signin: number
  /**
   * Distinct events written in unified-audit-log form (Purview CSV, UAL JSON lines). The importer
   * keeps a UAL record as its own event linked to the Entra event it mirrors, so a case holds
   * audit + ualRecords.audit - ualOnly.audit audit events (same for sign-ins).
   */
  ualRecords: { audit: number; signin: number }
  /** UAL events with no Entra-format copy in any file. */
  ualOnly: { audit: number; signin: number }
}

export interface WrittenSet {
  files: ExpectedFile[]
  totals: Totals
  /** Ids of every event written to at least one file. */
  ids: Set<string>
}

/** Writes slices of the model (each slice streams the model again; nothing is held in memory). */
export async function writeSlices(model: Model, outDir: string, slices: readonly Slice[]): Promise<WrittenSet> {
  const files: ExpectedFile[] = []
  const ids = { audit: new Set<string>(), signin: new Set<string>() }
  const ual = { audit: new Set<string>(), signin: new Set<string>() }
  const entra = { audit: new Set<string>(), signin: new Set<string>() }
  for (const slice of slices) {
    const chosen: string[] = []
    function* source(): Generator<SampleRecord> {
      for (const r of timedRecords(model, Infinity, slice.kind)) {
        if (logKind(r.record) !== slice.kind || !slice.select(r, model) || !accepts(slice.format, r.record)) continue
        chosen.push(r.record.value.id)
        yield r.record
      }
    }
    const result = await writeFormat(slice.format, source(), `${outDir}/${slice.dir}`, slice.options ?? {})
    for (const f of result.files) {
      const path = relative(outDir, f.path).split('\\').join('/')
      // Two slices writing one file would overwrite each other: a layout error, not something to count.
      if (files.some((x) => x.path === path)) throw new Error(`two slices write ${path}`)
      const companion = /_AuthDetails_/.test(path)
      files.push({
        path,
        format: slice.format,
        records: f.records,
        audit: !companion && slice.kind === 'audit' ? f.records : 0,
        signin: !companion && slice.kind === 'signin' ? f.records : 0,
        ...describeFile(slice.format, slice.options),
        covers: slice.covers,
        ...(companion ? { companion: true } : {})
      })
    }
    const isUal = slice.format === 'purview-csv' || slice.format === 'ual-jsonl'
    for (const id of chosen) {
      ids[slice.kind].add(id)
      ;(isUal ? ual : entra)[slice.kind].add(id)
    }
  }
  const only = (kind: 'audit' | 'signin'): number => [...ual[kind]].filter((id) => !entra[kind].has(id)).length
  return {
    files,
    totals: {
      audit: ids.audit.size,
      signin: ids.signin.size,
      ualRecords: { audit: ual.audit.size, signin: ual.signin.size },
      ualOnly: { audit: only('audit'), signin: only('signin') }
    },
    ids: new Set([...ids.audit, ...ids.signin])
  }
}

const AUDIT_ONLY = /^(portal-audit|graph-audit|la-audit)/
const SIGNIN_ONLY = /^(portal-signin|graph-signin|la-signin)/

/** The whole tenant in each listed format, one folder per format (per kind when a format holds both). */
export function formatSlices(formats: readonly SampleFormat[]): Slice[] {
  return formats.flatMap((format) => {
    const kinds = AUDIT_ONLY.test(format) ? (['audit'] as const) : SIGNIN_ONLY.test(format) ? (['signin'] as const) : (['audit', 'signin'] as const)
    return kinds.map((kind) => ({
      dir: kinds.length > 1 ? `${format}/${kind}` : format,
      format,
      kind,
      covers: `every ${kind} record`,
      select: () => true
    }))
  })
}
