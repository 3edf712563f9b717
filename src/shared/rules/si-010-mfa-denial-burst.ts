import { DENIAL_DETAILS, MFA_DENIED_CODE } from '../scan/activities'
import type { ScanContext } from '../scan/context'
import type { ScanSignIn } from '../scan/scan-event'
import { at, history, plus, signIn } from './examples'
import { S, guidance } from './guidance'
import { HOUR, MINUTE, gap, isMfaSuccess, iso, needSignIns, when } from './helpers'
import type { FindingDraft, Rule, Severity, Thresholds } from './types'

export function isDenial(s: ScanSignIn): boolean {
  if (s.errorCode !== MFA_DENIED_CODE || !s.reason) return false
  const r = s.reason.toLowerCase()
  return DENIAL_DETAILS.some((d) => r.includes(d))
}

export interface DenialBurst {
  user: string
  denials: ScanSignIn[]
  /** Most denials inside any one window. */
  peak: number
  /** The first MFA success after the burst began, within the follow-up window. */
  approval: ScanSignIn | null
  /** The approval came within the burst window (RP6 "denials plus a success"). */
  approvedInWindow: boolean
  wrongNumber: number
  codeGuesses: number
  sessions: number
  severity: Severity
  why: string
}

export const BURST_DEFAULTS = {
  windowMinutes: 10,
  minDenials: 3,
  minDenialsWithApproval: 2,
  privilegedMinDenials: 2,
  privilegedWindowMinutes: 20,
  loudDenials: 10,
  approvalWithinMinutes: 60,
  oathGuesses: 20,
  oathSessions: 10
}

export const BURST_NOTES: Record<keyof typeof BURST_DEFAULTS, string> = {
  windowMinutes: 'length of the counting window',
  minDenials: 'denials in one window that fire on their own',
  minDenialsWithApproval: 'denials in one window that fire when an approval follows inside it',
  privilegedMinDenials: 'denials that fire for a privileged user …',
  privilegedWindowMinutes: '… within this window',
  loudDenials: 'denials in one window that fire high',
  approvalWithinMinutes: 'an MFA approval this soon after the last denial raises the finding',
  oathGuesses: 'wrong verification codes …',
  oathSessions: '… across this many sessions (code guessing)'
}

/**
 * Denial bursts of one user (SI-010, reused by SI-016): ≥3 denials or wrong-number picks in one
 * 10-minute window (RP6), ≥2 denials plus an approval in the window (RP6), ≥2 in 20 minutes for
 * privileged users (RP14), ≥20 wrong codes across ≥10 sessions (EL3). Loud bursts (≥10) are high
 * without an approval; an approval within the hour raises the severity one step.
 */
export function denialBursts(ctx: ScanContext, user: string, t: Thresholds): DenialBurst[] {
  const th = { ...BURST_DEFAULTS, ...t }
  const signins = ctx.signinsOf(user)
  const denials = signins.filter(isDenial)
  if (denials.length === 0) return []
  // Chains of denials no more than the (longer) window apart.
  const chainGap = Math.max(th.windowMinutes, th.privilegedWindowMinutes) * MINUTE
  const chains: ScanSignIn[][] = []
  for (const d of denials) {
    const last = chains.at(-1)
    const prev = last?.at(-1)
    if (last && prev && d.ts - prev.ts <= chainGap) last.push(d)
    else chains.push([d])
  }
  const out: DenialBurst[] = []
  for (const chain of chains) {
    const first = chain[0] as ScanSignIn
    const last = chain.at(-1) as ScanSignIn
    const peakIn = (minutes: number): number => {
      let best = 0
      let j = 0
      for (let i = 0; i < chain.length; i++) {
        while ((chain[i] as ScanSignIn).ts - (chain[j] as ScanSignIn).ts > minutes * MINUTE) j++
        best = Math.max(best, i - j + 1)
      }
      return best
    }
    const peak = peakIn(th.windowMinutes)
    const approval =
      signins.find(
        (s) => isMfaSuccess(s) && s.ts > first.ts && s.ts <= last.ts + th.approvalWithinMinutes * MINUTE
      ) ?? null
    const approvedInWindow = approval !== null && approval.ts - last.ts <= th.windowMinutes * MINUTE
    const wrongNumber = chain.filter((d) => /correct number/i.test(d.reason ?? '')).length
    const codeGuesses = chain.filter((d) => /invalid verification code/i.test(d.reason ?? '')).length
    const sessions = new Set(chain.map((d) => d.sessionId ?? d.correlationId ?? String(d.id))).size
    const privileged = ctx.privileged.at(user, first.ts).privileged
    let why: string | null = null
    if (peak >= th.loudDenials) why = `${peak} denials within ${th.windowMinutes} min`
    else if (codeGuesses >= th.oathGuesses && sessions >= th.oathSessions)
      why = `${codeGuesses} wrong verification codes across ${sessions} sessions`
    else if (peak >= th.minDenials) why = `${peak} denials within ${th.windowMinutes} min`
    else if (peak >= th.minDenialsWithApproval && approvedInWindow)
      why = `${peak} denials and then an approval within ${th.windowMinutes} min`
    else if (privileged && peakIn(th.privilegedWindowMinutes) >= th.privilegedMinDenials)
      why = `${peakIn(th.privilegedWindowMinutes)} denials within ${th.privilegedWindowMinutes} min on a privileged account`
    if (!why) continue
    let severity: Severity =
      peak >= th.loudDenials || (codeGuesses >= th.oathGuesses && sessions >= th.oathSessions)
        ? 'high'
        : 'medium'
    if (approval) severity = 'high'
    out.push({
      user,
      denials: chain,
      peak,
      approval,
      approvedInWindow,
      wrongNumber,
      codeGuesses,
      sessions,
      severity,
      why
    })
  }
  return out
}

export const rule: Rule = {
  meta: {
    id: 'SI-010',
    title: 'MFA denial / push-fatigue / OTP-guessing burst',
    type: 'sign-in-aggregate',
    severity: 'medium',
    attack: ['T1621', 'T1110'],
    requires: ['signin'],
    uses: [],
    description:
      'Per user, sign-ins with errorCode 500121 whose detail is a denial ("MFA denied; user declined the authentication", "… did not respond to mobile app notification", "… did not select the correct number", "… invalid verification code"). Fires on ≥3 denials in 10 min, ≥2 denials plus an approval in 10 min, ≥2 in 20 min for privileged users, ≥10 in 10 min (high), or ≥20 wrong codes across ≥10 sessions (high). An approval within the hour raises it to high.',
    falsePositives: ['Users ignoring prompts', 'Broken phones', 'Bad network'],
    references: ['SP3', 'SP4', 'AZ4', 'AZ21', 'RP6', 'RP14', 'EL3', 'IV2', 'SG7', 'SG8'],
    thresholds: BURST_DEFAULTS,
    thresholdNotes: BURST_NOTES,
    guidance: guidance(
      [S.askUser, S.reviewSignIns, S.otherUsersFromIp],
      [S.resetPassword, S.revokeSessions, S.blockIp],
      [S.numberMatching, S.reportSuspicious, S.caRegistration]
    )
  },
  evaluate(ctx, t) {
    const missing = needSignIns(ctx)
    if (missing) return missing
    const out: FindingDraft[] = []
    const users = new Set<string>()
    for (const s of ctx.signins) if (s.user !== null && isDenial(s)) users.add(s.user)
    for (const user of [...users].sort()) {
      for (const b of denialBursts(ctx, user, t)) {
        const first = b.denials[0] as ScanSignIn
        const last = b.denials.at(-1) as ScanSignIn
        const ips = [...new Set(b.denials.map((d) => d.ip).filter((x): x is string => x !== null))]
        out.push({
          severity: b.severity,
          users: [user],
          start: first.ts,
          end: b.approval ? b.approval.ts : last.ts,
          evidence: [
            first.id,
            ...b.denials.slice(1).map((d) => d.id),
            ...(b.approval ? [b.approval.id] : [])
          ],
          anchor: { event: first.id },
          summary:
            `${ctx.upn(user)}: ${b.denials.length} MFA denials between ${when(first.ts)} and ${when(last.ts)} (${b.why})` +
            (ips.length ? ` for sign-ins from ${ips.join(', ')}` : '') +
            (b.approval
              ? `, then an approval ${gap(b.approval.ts - last.ts)} later${b.approval.ip ? ` from ${b.approval.ip}` : ''}`
              : '') +
            '.',
          facts: {
            denials: b.denials.length,
            peak: b.peak,
            wrongNumber: b.wrongNumber,
            codeGuesses: b.codeGuesses,
            sessions: b.sessions,
            ips,
            approvedAt: b.approval ? iso(b.approval.ts) : null,
            approvalIp: b.approval?.ip ?? null,
            approvedWithinHour: b.approval !== null && b.approval.ts - last.ts <= HOUR
          }
        })
      }
    }
    return out
  },
  examples: [
    {
      name: 'twelve push denials in five minutes, then an approval',
      events: [
        ...Array.from({ length: 12 }, (_, i) =>
          signIn({
            user: 'lucas@contoso.com',
            ts: plus(at(4, '02:00'), i * 0.4),
            errorCode: 500121,
            reason: 'MFA denied; user declined the authentication',
            ip: '203.0.113.50',
            ok: false
          })
        ),
        signIn({
          user: 'lucas@contoso.com',
          ts: plus(at(4, '02:00'), 6),
          ip: '203.0.113.50',
          methods: ['microsoft-authenticator']
        })
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'stale prompts: two unanswered prompts an hour apart, then a normal approval',
      falsePositive: true,
      events: [
        ...history('hannah@contoso.com', '192.0.2.10', 0, 3),
        signIn({
          user: 'hannah@contoso.com',
          ts: at(3, '08:00'),
          errorCode: 500121,
          reason: 'MFA denied; user did not respond to mobile app notification',
          ok: false
        }),
        signIn({
          user: 'hannah@contoso.com',
          ts: at(3, '09:00'),
          errorCode: 500121,
          reason: 'MFA denied; user did not respond to mobile app notification',
          ok: false
        }),
        signIn({ user: 'hannah@contoso.com', ts: at(3, '09:30'), methods: ['microsoft-authenticator'] })
      ],
      expect: { silent: 'medium' }
    },
    { name: 'no sign-ins: cannot run', events: [], expect: 'could-not-run' }
  ]
}
