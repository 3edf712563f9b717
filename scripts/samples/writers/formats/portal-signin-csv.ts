import type { AuthenticationDetail, SignIn, SignInEventType } from '../../graph-types'
import type { WriteOptions } from '../index'
import { csvLine, quoteAlways } from '../core/csv'
import { DownloadSeries, type DownloadPart } from '../core/download'
import type { FileSet } from '../core/file-set'
import { encodingOf, eolOf, tenantIdOf } from '../core/options'
import { forEachSignIn, signInClass, whenReady, type RecordSource } from '../core/records'
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
  const eol = eolOf(options, '\r\n')
  const encoding = encodingOf(options, 'utf8-bom')
  const locale = options.locale ?? 'en'
  const tenantId = tenantIdOf(options)
  const tenantName = options.tenantName ?? ''
  const header = (columns: readonly string[]): string =>
    csvLine(localizedHeader(columns, locale), quoteAlways, eol)
  const authHeader = header(PORTAL_AUTH_DETAILS_HEADER)

  const main = new Map<SignInEventType, DownloadSeries>()
  const details = new Map<SignInEventType, DownloadSeries>()

  const writeSteps = (signIn: SignIn, type: SignInEventType, part: number): void | Promise<void> => {
    let companion = details.get(type)
    if (!companion) {
      companion = new DownloadSeries(files, `${KINDS[type].prefix}_AuthDetails`, authHeader, encoding)
      details.set(type, companion)
    }
    const series = companion
    const steps = signIn.authenticationDetails
    const writeFrom = (index: number): void | Promise<void> => {
      for (let i = index; i < steps.length; i++) {
        const step = steps[i] as AuthenticationDetail
        const wait = whenReady(series.forPart(part, step.authenticationStepDateTime), (sink) =>
          sink.write(csvLine(portalAuthDetailRow(signIn, step), quoteAlways, eol))
        )
        // Rare (a file had to be opened or a buffer drained): finish the remaining steps after it.
        if (wait) return wait.then(() => writeFrom(i + 1))
      }
      return undefined
    }
    return writeFrom(0)
  }

  await forEachSignIn(records, (signIn) => {
    const type = signInClass(signIn)
    const kind = KINDS[type]
    let series = main.get(type)
    if (!series) {
      series = new DownloadSeries(
        files,
        kind.prefix,
        header(kind.header),
        encoding,
        options.maxRecordsPerFile
      )
      main.set(type, series)
    }
    const current = series
    return whenReady(current.next(signIn.createdDateTime), (sink) => {
      const wait = sink.write(csvLine(kind.row(signIn, tenantId, tenantName), quoteAlways, eol))
      if (!kind.authDetails || signIn.authenticationDetails.length === 0) return wait
      const part = current.currentPart
      return wait ? wait.then(() => writeSteps(signIn, type, part)) : writeSteps(signIn, type, part)
    })
  })

  const range = (part: DownloadPart): string =>
    `${options.from ?? part.firstDay}_${options.to ?? addDays(part.lastDay, 1)}`
  for (const [type, series] of main) {
    const prefix = KINDS[type].prefix
    series.finish((part) => `${prefix}_${range(part)}.csv`)
    details.get(type)?.finish((_, index) => {
      const mainPart = series.parts[index] as DownloadPart
      return `${prefix}_AuthDetails_${range(mainPart)}.csv`
    })
  }
}
