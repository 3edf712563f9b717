import { ADMIN_SECURITY_INFO, TAP_CREATE } from '../scan/activities'
import { hasTag, type Change } from '../scan/changes'
import { adminAction, at, audit, plus, tap } from './examples'
import { S, guidance } from './guidance'
import { DAY, changeEvidence, gap, iso, needAudits, userList } from './helpers'
import type { FindingDraft, Rule } from './types'

function isActorChange(c: Change): boolean {
  if (c.actor === null || c.actor === c.user) return false
  if (ADMIN_SECURITY_INFO.has(c.primary.act) || c.primary.act === TAP_CREATE) return true
  return hasTag(c, 'password-reset', 'tap')
}

/**
 * SI-025: one actor changes security info, resets passwords or issues TAPs for 3 or more
 * distinct users within an hour (AZ17): a hijacked help-desk or automation account.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-025',
    title: 'One actor changes security info, resets passwords or issues TAPs for many users',
    type: 'cross-user',
    severity: 'high',
    attack: ['T1098', 'T1556.006'],
    requires: ['audit'],
    uses: [],
    description:
      'An actor different from the target performing "Admin registered/updated/deleted security info", TAP creation, or "Reset password (by admin)"/"Reset user password" for 3 or more distinct users within 1 hour. Low when the same actor did as much on at least 2 earlier days (an ordinary help desk’s volume).',
    falsePositives: ['Help-desk shift peaks', 'Scripted onboarding'],
    references: ['AZ17', 'AZ14'],
    thresholds: { targets: 3, windowMinutes: 60, routineDays: 2 },
    thresholdNotes: {
      targets: 'distinct users one actor acts on …',
      windowMinutes: '… within this window',
      routineDays: 'earlier days with as many targets that make it routine (low)'
    },
    guidance: guidance(
      [S.reviewActor, S.askUser, S.reviewSignIns],
      [S.revokeSessions, S.blockSignIn, S.removeRole],
      [S.helpdeskProcess, S.reviewApp, S.resetPassword]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const window = (t.windowMinutes ?? 60) * 60_000
    const byActor = new Map<string, Change[]>()
    for (const c of ctx.changes()) {
      if (!isActorChange(c)) continue
      const l = byActor.get(c.actor as string) ?? []
      l.push(c)
      byActor.set(c.actor as string, l)
    }
    const out: FindingDraft[] = []
    const need = t.targets ?? 3
    for (const [actor, list] of [...byActor].sort(([a], [b]) => a.localeCompare(b))) {
      // Days on which this actor already acted on `need` users within one window: a help desk's
      // ordinary volume (the catalog's "help-desk shift peaks") rather than a hijacked account.
      // One pass with a sliding window: distinct targets from each change to `window` after it.
      const n = list.length
      const ends = new Array<number>(n)
      const distinct = new Array<number>(n)
      const counts = new Map<string, number>()
      for (let k = 0, j = 0; k < n; k++) {
        const from = (list[k] as Change).ts
        while (j < n && (list[j] as Change).ts - from <= window) {
          const u = (list[j] as Change).user
          counts.set(u, (counts.get(u) ?? 0) + 1)
          j++
        }
        ends[k] = j
        distinct[k] = counts.size
        const u = (list[k] as Change).user
        const left = (counts.get(u) ?? 1) - 1
        if (left === 0) counts.delete(u)
        else counts.set(u, left)
      }
      const busyDays = new Set<number>()
      for (let k = 0; k < n; k++)
        if ((distinct[k] as number) >= need) busyDays.add(Math.floor((list[k] as Change).ts / DAY))
      let i = 0
      while (i < n) {
        if ((distinct[i] as number) < need) {
          i++
          continue
        }
        const start = list[i] as Change
        const group = list.slice(i, ends[i])
        const targets = [...new Set(group.map((c) => c.user))].sort()
        const last = group.at(-1) as Change
        const routineDays = [...busyDays].filter((d) => d < Math.floor(start.ts / DAY)).length
        const routine = routineDays >= (t.routineDays ?? 2)
        const kinds = [
          ...new Set(
            group.map((c) =>
              hasTag(c, 'password-reset')
                ? 'password resets'
                : hasTag(c, 'tap')
                  ? 'Temporary Access Passes'
                  : 'security-info changes'
            )
          )
        ]
        const actorName = actor.startsWith('app:')
          ? `the app '${start.primary.actorName ?? actor.slice(4)}'`
          : ctx.upn(actor)
        out.push({
          severity: routine ? 'low' : 'high',
          users: [...(actor.startsWith('app:') ? [] : [actor]), ...targets],
          start: start.ts,
          end: last.ts,
          evidence: group.flatMap(changeEvidence),
          anchor: { event: start.id },
          summary:
            `${actorName} made ${kinds.join(' and ')} for ${targets.length} users within ${gap(last.ts - start.ts)}${start.ip ? ` from ${start.ip}` : ''}: ${userList(ctx, targets)}` +
            (routine
              ? `. This actor did as much on ${routineDays} earlier days, so it looks like routine help-desk work`
              : '') +
            '.',
          facts: {
            actor,
            targets,
            actions: group.length,
            kinds,
            firstAt: iso(start.ts),
            lastAt: iso(last.ts),
            ip: start.ip,
            routineDays
          }
        })
        i = ends[i] as number
      }
    }
    return out
  },
  examples: [
    {
      name: 'a help-desk account resets three passwords and registers phones within 40 minutes',
      events: [
        audit({
          activity: 'Reset password (by admin)',
          ts: at(9, '21:00'),
          user: 'store1@contoso.com',
          by: 'zara@contoso.com',
          ip: '203.0.113.99'
        }),
        audit({
          activity: 'Reset password (by admin)',
          ts: plus(at(9, '21:00'), 15),
          user: 'store2@contoso.com',
          by: 'zara@contoso.com',
          ip: '203.0.113.99'
        }),
        adminAction(
          'zara@contoso.com',
          'store3@contoso.com',
          plus(at(9, '21:00'), 40),
          'Admin registered security info',
          'Admin registered phone method for user',
          '203.0.113.99'
        )
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'the service desk resets three forgotten passwords over an hour and a half',
      falsePositive: true,
      events: [
        audit({
          activity: 'Reset password (by admin)',
          ts: at(9, '09:00'),
          user: 'a@contoso.com',
          by: 'leo@contoso.com',
          ip: '192.0.2.10'
        }),
        audit({
          activity: 'Reset password (by admin)',
          ts: at(9, '09:50'),
          user: 'b@contoso.com',
          by: 'leo@contoso.com',
          ip: '192.0.2.10'
        }),
        audit({
          activity: 'Reset password (by admin)',
          ts: at(9, '10:30'),
          user: 'c@contoso.com',
          by: 'leo@contoso.com',
          ip: '192.0.2.10'
        })
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'one TAP per user by automation, three users in an hour',
      events: [
        tap('app:Lifecycle', 'a@contoso.com', at(9), 'OneTime'),
        tap('app:Lifecycle', 'b@contoso.com', plus(at(9), 10), 'OneTime'),
        tap('app:Lifecycle', 'c@contoso.com', plus(at(9), 20), 'OneTime')
      ],
      expect: { fires: 'high' }
    }
  ]
}
