import type { InventoryChange, InventoryMethod } from '../../shared/inventory/inventory'
import { methodLabel } from '../../shared/rules/helpers'
import { openCase } from '../db/open'
import { userInventory } from '../scan/scan-service'
import type { Io } from './main'

function changeJson(c: InventoryChange): Record<string, unknown> {
  return {
    time: new Date(c.ts).toISOString(),
    change: c.op,
    method: c.method,
    detail: c.detail,
    evidence: c.evidence,
    by: c.actor,
    byOther: c.byOther,
    ip: c.ip,
    activity: c.activity,
    reason: c.reason
  }
}

function methodJson(m: InventoryMethod): Record<string, unknown> {
  return {
    method: m.method,
    detail: m.detail,
    isDefault: m.isDefault,
    since: m.since === null ? null : new Date(m.since).toISOString(),
    evidence: m.evidence,
    source: m.source
  }
}

/** `authtrail methods CASE --user UPN`: the user's security-info timeline and what they have now. */
export function runMethods(casePath: string, user: string, options: { json: boolean }, io: Io): number {
  const db = openCase(casePath, { readonly: true })
  try {
    const inv = userInventory(db, user)
    const first = inv.changes[0]?.ts ?? Number.NEGATIVE_INFINITY
    const before = inv.methodsAt(first - 1)
    const now = inv.methodsAt(Number.POSITIVE_INFINITY)
    if (options.json) {
      io.out(
        JSON.stringify(
          {
            user: user.toLowerCase(),
            before: before.map(methodJson),
            changes: inv.changes.map(changeJson),
            current: now.map(methodJson),
            authenticatorRewrites: inv.rewrites
          },
          null,
          2
        ) + '\n'
      )
      return 0
    }
    const show = (m: InventoryMethod): string =>
      `${methodLabel(m.method)}${m.detail ? ` '${m.detail}'` : ''}${m.isDefault ? ' (default)' : ''}${m.source === 'sign-in' ? ' (seen in sign-ins only)' : ''}`
    io.out(`security info of ${user.toLowerCase()}\n`)
    io.out(`before the first change: ${before.length ? before.map(show).join(', ') : '(nothing known)'}\n`)
    if (inv.changes.length === 0) io.out('no security-info changes in the case\n')
    for (const c of inv.changes) {
      const what = c.method ? `${methodLabel(c.method)}${c.detail ? ` '${c.detail}'` : ''}` : (c.detail ?? '')
      io.out(
        `  ${new Date(c.ts).toISOString().replace('T', ' ').slice(0, 19)}  ${c.op.padEnd(12)} ${what}` +
          `${c.byOther && c.actor ? `  by ${c.actor}` : ''}${c.ip ? `  from ${c.ip}` : ''}  [event ${c.evidence.join(', ')}]\n`
      )
    }
    io.out(`now: ${now.length ? now.map(show).join(', ') : '(nothing)'}\n`)
    if (inv.rewrites)
      io.out(`(${inv.rewrites} Authenticator app version rewrites ignored: same device token)\n`)
    return 0
  } finally {
    db.close()
  }
}
