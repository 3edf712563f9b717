import type { AuthenticationDetail, SignIn, SignInEventType } from '../../graph-types'
import type { WriteOptions } from '../index'
import type { TextEncoding } from '../core/encoding'
import { csvLine, quoteAlways } from '../core/csv'
import { DownloadSeries, type DownloadPart } from '../core/download'
import type { FileSet } from '../core/file-set'
import { tenantIdOf } from '../core/options'
import { textStyle } from '../core/text-style'
import { forEachSignIn, signInClass, type RecordSource } from '../core/records'
import type { TextSink } from '../core/text-sink'
import { addDays } from '../core/time'
import {
  localizedHeader,
  PORTAL_APP_SIGNIN_HEADER,
  PORTAL_AUTH_DETAILS_HEADER,
  PORTAL_MSI_SIGNIN_HEADER,
  PORTAL_USER_SIGNIN_HEADER,
  portalAppSignInRow,
  portalAuthDetailRow,
  portalMsiSignInRow,
  portalUserSignInRow
} from '../shapes/portal-signin'

interface Kind {
  prefix: string
  header: readonly string[]
  row: (signIn: SignIn, tenantId: string, tenantName: string) => string[]
  /** Only the user logs have an "authentication details only" download. */
  authDetails: boolean
}

const KINDS: Record<SignInEventType, Kind> = {
  interactiveUser: {
    prefix: 'InteractiveSignIns',
    header: PORTAL_USER_SIGNIN_HEADER,
    row: portalUserSignInRow,
    authDetails: true
  },
  nonInteractiveUser: {
    prefix: 'NonInteractiveSignIns',
    header: PORTAL_USER_SIGNIN_HEADER,
    row: portalUserSignInRow,
    authDetails: true
  },
  servicePrincipal: {
    prefix: 'ApplicationSignIns',
    header: PORTAL_APP_SIGNIN_HEADER,
    row: portalAppSignInRow,
    authDetails: false
  },
  managedIdentity: {
    prefix: 'MSISignIns',
    header: PORTAL_MSI_SIGNIN_HEADER,
    row: portalMsiSignInRow,
    authDetails: false
  }
}

/**
 * portal-signin-csv — Entra admin center › Sign-in logs › Download › CSV (FORMATS.md §6a): up to six
 * files, `InteractiveSignIns_<from>_<to>.csv`, `InteractiveSignIns_AuthDetails_<from>_<to>.csv`,
 * `NonInteractiveSignIns_…`, `NonInteractiveSignIns_AuthDetails_…`, `ApplicationSignIns_…`,
 * `MSISignIns_…`. Interactive and non-interactive files share one header; only the name tells them
 * apart. `<from>_<to>` is the download filter: the first record's day and the day after the last
 * one (override with `from`/`to`). Every field is quoted like the audit download. Defaults: UTF-8
 * with BOM, CRLF (both unconfirmed for real downloads). `maxRecordsPerFile` (the portal caps at
 * 100,000) splits a log into parts, each with its own date range; an AuthDetails file follows its
 * main file's parts.
 */
export async function writePortalSignInCsv(
  records: RecordSource,
  files: FileSet,
  options: WriteOptions
): Promise<void> {
  const writer = new PortalSignInFiles(files, options)
  await forEachSignIn(records, (signIn) => writer.write(signIn))
  writer.finish()
}

/**
 * The files of one sign-in download. Written as methods rather than per-record closures: this is
 * the million-row benchmark path, and the synchronous case (file open, buffer not full) allocates
 * no promise.
 */
class PortalSignInFiles {
  private readonly main = new Map<SignInEventType, DownloadSeries>()
  private readonly details = new Map<SignInEventType, DownloadSeries>()
  private readonly eol: '\n' | '\r\n'
  private readonly encoding: TextEncoding
  private readonly locale: 'en' | 'es'
  private readonly tenantId: string
  private readonly tenantName: string

  constructor(
    private readonly files: FileSet,
    private readonly options: WriteOptions
  ) {
    const style = textStyle('portal-signin-csv', options)
    this.eol = style.eol
    this.encoding = style.encoding
    this.locale = options.locale ?? 'en'
    this.tenantId = tenantIdOf(options)
    this.tenantName = options.tenantName ?? ''
  }

  write(signIn: SignIn): void | Promise<void> {
    const type = signInClass(signIn)
    const series = this.seriesOf(type)
    const sink = series.next(signIn.createdDateTime)
    if (sink instanceof Promise) return sink.then((ready) => this.writeRow(ready, signIn, type, series))
    return this.writeRow(sink, signIn, type, series)
  }

  finish(): void {
    const range = (part: DownloadPart): string =>
      `${this.options.from ?? part.firstDay}_${this.options.to ?? addDays(part.lastDay, 1)}`
    for (const [type, series] of this.main) {
      const prefix = KINDS[type].prefix
      series.finish((part) => `${prefix}_${range(part)}.csv`)
      this.details
        .get(type)
        ?.finish((_, index) => `${prefix}_AuthDetails_${range(series.parts[index] as DownloadPart)}.csv`)
    }
  }

  private header(columns: readonly string[]): string {
    return csvLine(localizedHeader(columns, this.locale), quoteAlways, this.eol)
  }

  private seriesOf(type: SignInEventType): DownloadSeries {
    let series = this.main.get(type)
    if (!series) {
      const kind = KINDS[type]
      series = new DownloadSeries(
        this.files,
        kind.prefix,
        this.header(kind.header),
        this.encoding,
        this.options.maxRecordsPerFile
      )
      this.main.set(type, series)
    }
    return series
  }

  private companionOf(type: SignInEventType): DownloadSeries {
    let series = this.details.get(type)
    if (!series) {
      series = new DownloadSeries(
        this.files,
        `${KINDS[type].prefix}_AuthDetails`,
        this.header(PORTAL_AUTH_DETAILS_HEADER),
        this.encoding
      )
      this.details.set(type, series)
    }
    return series
  }

  private writeRow(
    sink: TextSink,
    signIn: SignIn,
    type: SignInEventType,
    series: DownloadSeries
  ): void | Promise<void> {
    const kind = KINDS[type]
    const wait = sink.write(csvLine(kind.row(signIn, this.tenantId, this.tenantName), quoteAlways, this.eol))
    if (!kind.authDetails || signIn.authenticationDetails.length === 0) return wait
    // An AuthDetails row goes into the part of its sign-in's row, so the two files stay joinable.
    const part = series.currentPart
    if (wait) return wait.then(() => this.writeSteps(signIn, type, part, 0))
    return this.writeSteps(signIn, type, part, 0)
  }

  private writeSteps(
    signIn: SignIn,
    type: SignInEventType,
    part: number,
    from: number
  ): void | Promise<void> {
    const companion = this.companionOf(type)
    const steps = signIn.authenticationDetails
    for (let i = from; i < steps.length; i++) {
      const step = steps[i] as AuthenticationDetail
      const row = csvLine(portalAuthDetailRow(signIn, step), quoteAlways, this.eol)
      const sink = companion.forPart(part, step.authenticationStepDateTime)
      // Rare (a file had to be opened or a buffer drained): finish the remaining steps after it.
      if (sink instanceof Promise)
        return sink.then((ready) => ready.write(row)).then(() => this.writeSteps(signIn, type, part, i + 1))
      const wait = sink.write(row)
      if (wait) return wait.then(() => this.writeSteps(signIn, type, part, i + 1))
    }
    return undefined
  }
}
