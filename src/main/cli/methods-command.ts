import { methodLabel } from '../../shared/rules/helpers'
import { openCase } from '../db/open'
import { methodsReport, type MethodJson } from '../scan/scan-service'
import type { Io } from './main'

/** `authtrail methods CASE --user UPN`: the user's security-info timeline and what they have now. */
export function runMethods(casePath: string, user: string, options: { json: boolean }, io: Io): number {
  const db = openCase(casePath, { readonly: true })
  try {
    const report = methodsReport(db, user)
    if (options.json) {
      io.out(JSON.stringify(report, null, 2) + '\n')
      return 0
    }
    const show = (m: MethodJson): string =>
      `${methodLabel(m.method)}${m.detail ? ` '${m.detail}'` : ''}${m.isDefault ? ' (default)' : ''}${m.source === 'sign-in' ? ' (seen in sign-ins only)' : ''}`
    io.out(`security info of ${report.user}\n`)
    io.out(
      `before the first change: ${report.before.length ? report.before.map(show).join(', ') : '(nothing known)'}\n`
    )
    if (report.changes.length === 0) io.out('no security-info changes in the case\n')
    for (const c of report.changes) {
      const what = c.method ? `${methodLabel(c.method)}${c.detail ? ` '${c.detail}'` : ''}` : (c.detail ?? '')
      io.out(
        `  ${c.time.replace('T', ' ').slice(0, 19)}  ${c.change.padEnd(12)} ${what}` +
          `${c.byOther && c.by ? `  by ${c.by}` : ''}${c.ip ? `  from ${c.ip}` : ''}  [event ${c.evidence.join(', ')}]\n`
      )
    }
    io.out(`now: ${report.current.length ? report.current.map(show).join(', ') : '(nothing)'}\n`)
    if (report.authenticatorRewrites)
      io.out(
        `(${report.authenticatorRewrites} Authenticator app version rewrites ignored: same device token)\n`
      )
    return 0
  } finally {
    db.close()
  }
}
