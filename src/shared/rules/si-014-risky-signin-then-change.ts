import { isSecurityInfoChange, type Change } from '../scan/changes'
import { MFA_REMEDIATED } from '../scan/risk-detail'
import type { ScanEvent, ScanSignIn } from '../scan/scan-event'
import { adminAction, at, authenticatorDiff, history, plus, registered, signIn } from './examples'
import { S, guidance } from './guidance'
import {
  HOUR,
  MINUTE,
  between,
  byWhom,
  changeAddress,
  changeEvidence,
  describeChange,
  describeChanges,
  gap,
  ipStory,
  isRisky,
  iso,
  needRisk,
  riskText
} from './helpers'
import type { FindingDraft, Rule } from './types'

function riskRank(s: ScanSignIn): number {
  return ['none', 'low', 'medium', 'high'].indexOf(s.riskLevel?.toLowerCase() ?? 'none')
}

/** A traveller's medium-risk sign-in from a new hotel address, then a registration from it (examples). */
function travellerWithRisk(riskDetail: string): ScanEvent[] {
  return [
    ...history('tom@contoso.com', '198.51.100.33', 0, 5),
    signIn({
      user: 'tom@contoso.com',
      ts: at(6, '07:00'),
      ip: '198.51.100.34',
      riskLevel: 'medium',
      riskState: 'atRisk',
      riskDetail,
      riskEventTypes: ['unfamiliarFeatures']
    }),
    registered('tom@contoso.com', at(6, '07:20'), '198.51.100.34')
  ]
}

/**
 * SI-014: a risky sign-in (medium/high risk, "atRisk", or named risk events; remediated or
 * dismissed risk excluded) followed by a security-info change for the same user. Tiers: the
 * change came from the risky sign-in's own address (strongest), within 2 hours (RP7), within
 * 6 hours (AZ9). Variant (RP9): the risky user then changed another user's security info.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-014',
    title: 'Risky or unfamiliar sign-in → security-info change (same user; same IP/session tiers)',
    type: 'sequence',
    severity: 'high',
    attack: ['T1078.004', 'T1556.006', 'T1098.005'],
    requires: ['audit', 'signin'],
    uses: [],
    description:
      'A sign-in of U with riskLevelDuringSignIn medium or high, riskState "atRisk", or risk event types, excluding risk that was remediated, dismissed or confirmed safe (riskState, or riskDetail aiConfirmedSigninSafe / adminConfirmedSigninSafe / adminDismissedAllRiskForUser, read from the stored record); then a security-info change (SI-001..SI-007) for U within 6 hours (or up to 30 minutes before it). Tier "same address" when the audit event’s address is the risky sign-in’s. Variant: the risky user is the actor of an admin security-info change on another user within 4 hours. Medium instead of high when the risky sign-in passed the MFA a risk policy required (riskDetail userPassedMFADrivenByRiskBasedPolicy). Needs risk data (Entra ID P2).',
    falsePositives: [
      'Risk false positives (travel, VPN)',
      'Users re-registering right after a risk remediation prompt'
    ],
    references: ['AZ9', 'AZ10', 'AZ3', 'RP7', 'RP9', 'EL5', 'AZ26'],
    thresholds: { windowHours: 6, closeWindowHours: 2, beforeMinutes: 30, actorWindowHours: 4 },
    thresholdNotes: {
      windowHours: 'maximum time from the risky sign-in to the change',
      closeWindowHours: 'changes this soon after are the "close" tier (RP7)',
      beforeMinutes: 'a risky sign-in this long after the change still counts (AZ3)',
      actorWindowHours: 'window for the risky admin changing another user (RP9)'
    },
    guidance: guidance(
      [S.askUser, S.reviewRisk, S.reviewSignIns, S.listMethods],
      [S.revokeSessions, S.confirmCompromised, S.blockSignIn],
      [S.removeAuthenticator, S.removePhone, S.resetPassword, S.caRegistration, S.blockIp]
    )
  },
  evaluate(ctx, t) {
    const missing = needRisk(ctx)
    if (missing) return missing
    const window = (t.windowHours ?? 6) * HOUR
    const close = (t.closeWindowHours ?? 2) * HOUR
    const before = (t.beforeMinutes ?? 30) * MINUTE
    const out: FindingDraft[] = []
    const riskyUsers = new Set<string>()
    for (const s of ctx.signins) if (s.user !== null && isRisky(s)) riskyUsers.add(s.user)
    for (const user of [...riskyUsers].sort()) {
      const risky = ctx.signinsOf(user).filter(isRisky)
      const groups = new Map<ScanSignIn, Change[]>()
      for (const c of ctx.changesOf(user)) {
        if (!isSecurityInfoChange(c)) continue
        const where = changeAddress(ctx, c)
        const candidates = between(risky, c.ts - window, c.ts + before)
        if (candidates.length === 0) continue
        // Prefer the risky sign-in from the change's own address, before the change, with the highest
        // risk, and the earliest of those (the start of the attacker's session).
        const same = candidates.filter((s) => s.ip !== null && s.ip === where.ip)
        const pool = same.length ? same : candidates
        const earlier = pool.filter((s) => s.ts <= c.ts)
        const pick = (earlier.length ? earlier : pool).reduce((best, s) =>
          riskRank(s) > riskRank(best) ? s : best
        )
        const list = groups.get(pick) ?? []
        list.push(c)
        groups.set(pick, list)
      }
      for (const [s, changes] of groups) {
        const first = changes[0] as Change
        const where = changeAddress(ctx, first)
        const sameIp = changes.some((c) => changeAddress(ctx, c).ip === s.ip && s.ip !== null)
        const delay = first.ts - s.ts
        const tier = sameIp ? 'same address' : Math.abs(delay) <= close ? 'within 2 hours' : 'within 6 hours'
        const verdict = ctx.baselines.ipVerdict(user, s.ip, s.ts, s.asn, s.country)
        const others = changes.filter((c) => c.tags.has('by-other'))
        const what = `${describeChanges(changes)}${others.length === changes.length ? byWhom(ctx, first) : ''}`
        // The catalog's false positive "re-registering right after a risk remediation prompt": the
        // risk policy asked for MFA and it was passed. An AiTM attacker passes it too, so it stays
        // a finding, one step lower.
        const remediated = s.riskDetail?.toLowerCase() === MFA_REMEDIATED
        out.push({
          severity: remediated ? 'medium' : 'high',
          users: [user],
          start: Math.min(s.ts, first.ts),
          end: Math.max(...changes.map((c) => c.ts)),
          evidence: [s.id, ...changes.flatMap(changeEvidence)],
          anchor: { event: s.id },
          summary:
            `${ctx.upn(user)}: ${what}${where.ip ? ` from ${where.ip}` : ''} ${gap(delay)} ${delay >= 0 ? 'after' : 'before'} a ${riskText(s)}` +
            (s.ip ? ` from ${sameIp ? 'the same address' : s.ip}` : '') +
            (s.ip && ctx.coverage.signins > 0 ? `; that address was ${ipStory(verdict)}` : '') +
            (remediated
              ? '; the sign-in passed the MFA the risk policy required (riskDetail userPassedMFADrivenByRiskBasedPolicy)'
              : '') +
            '.',
          facts: {
            riskySignIn: s.id,
            riskLevel: s.riskLevel,
            riskState: s.riskState,
            riskDetail: s.riskDetail,
            riskEventTypes: s.riskEventTypes ?? [],
            riskyIp: s.ip,
            riskyIpKnown: verdict.known,
            riskyAt: iso(s.ts),
            changeIp: where.ip,
            tier,
            minutesAfterRisk: Math.round(delay / MINUTE),
            changes: changes.map(describeChange)
          }
        })
      }
    }
    // RP9: the risky user then changed someone else's security info.
    const actorWindow = (t.actorWindowHours ?? 4) * HOUR
    for (const c of ctx.changes()) {
      if (!c.tags.has('by-other') || c.actorType !== 'user' || c.actor === null || !riskyUsers.has(c.actor))
        continue
      if (!/^admin (registered|updated)/.test(c.primary.act)) continue
      const s = between(ctx.signinsOf(c.actor).filter(isRisky), c.ts - actorWindow, c.ts).at(-1)
      if (!s) continue
      out.push({
        severity: 'high',
        users: [c.actor, c.user],
        start: s.ts,
        end: c.ts,
        evidence: [s.id, ...changeEvidence(c)],
        anchor: { event: c.id },
        summary: `${ctx.upn(c.actor)} had a ${riskText(s)}${s.ip ? ` from ${s.ip}` : ''}, then ${gap(c.ts - s.ts)} later made a change for ${ctx.upn(c.user)}: ${describeChange(c)}${c.ip ? ` from ${c.ip}` : ''}.`,
        facts: {
          variant: 'risky admin',
          riskySignIn: s.id,
          riskLevel: s.riskLevel,
          actor: c.actor,
          target: c.user,
          riskyIp: s.ip,
          changeIp: c.ip
        }
      })
    }
    return out
  },
  examples: [
    {
      name: 'high-risk sign-in, then a new Authenticator from the same address 9 minutes later',
      events: [
        ...history('olivia@contoso.com', '192.0.2.32', 0, 5),
        signIn({
          user: 'olivia@contoso.com',
          ts: at(6, '17:02'),
          ip: '203.0.113.45',
          riskLevel: 'high',
          riskState: 'atRisk',
          riskEventTypes: ['anomalousToken']
        }),
        authenticatorDiff(
          'olivia@contoso.com',
          at(6, '17:11'),
          [{ name: 'iPhone 14', token: 'a' }],
          [
            { name: 'iPhone 14', token: 'a' },
            { name: 'SM-A155F', token: 'b' }
          ]
        ),
        registered('olivia@contoso.com', plus(at(6, '17:11'), 0.05), '203.0.113.45')
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'a traveller whose medium risk was remediated registers a tablet',
      falsePositive: true,
      events: [
        ...history('tom@contoso.com', '198.51.100.33', 0, 5),
        signIn({
          user: 'tom@contoso.com',
          ts: at(6, '07:00'),
          ip: '198.51.100.33',
          riskLevel: 'medium',
          riskState: 'remediated',
          riskEventTypes: ['unfamiliarFeatures']
        }),
        registered('tom@contoso.com', at(6, '07:20'), '198.51.100.33')
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'risk Identity Protection itself confirmed safe (riskDetail aiConfirmedSigninSafe) is not risk',
      falsePositive: true,
      events: travellerWithRisk('aiConfirmedSigninSafe'),
      expect: { silent: 'info' }
    },
    {
      name: 're-registering right after the risk policy’s MFA prompt was passed is medium, not high',
      falsePositive: true,
      events: travellerWithRisk('userPassedMFADrivenByRiskBasedPolicy'),
      expect: { silent: 'high' }
    },
    {
      name: 'no risk information (no P2): cannot run',
      events: [
        signIn({ user: 'amy@contoso.com', ts: at(1), riskLevel: 'hidden' }),
        registered('amy@contoso.com', at(1, '10:00'), '192.0.2.1')
      ],
      expect: 'could-not-run'
    },
    {
      name: 'a risky admin registers a phone for another user',
      events: [
        signIn({
          user: 'helpdesk@contoso.com',
          ts: at(3, '09:00'),
          ip: '203.0.113.7',
          riskLevel: 'high',
          riskState: 'atRisk'
        }),
        adminAction(
          'helpdesk@contoso.com',
          'bob@contoso.com',
          at(3, '10:00'),
          'Admin registered security info',
          'Admin registered phone method for user',
          '203.0.113.7'
        )
      ],
      expect: { fires: 'high' }
    }
  ]
}
