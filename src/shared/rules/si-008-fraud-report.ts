import { FRAUD_DETAILS, FRAUD_REPORT, MFA_DENIED_CODE } from '../scan/activities'
import type { ScanAudit, ScanEvent, ScanSignIn } from '../scan/scan-event'
import { at, audit, history, plus, signIn } from './examples'
import { S, guidance } from './guidance'
import { iso, when } from './helpers'
import { ownPromptReported } from './routine'
import { couldNotRun } from './types'
import type { FindingDraft, Rule } from './types'

export function isFraudSignIn(reason: string | null): boolean {
  if (!reason) return false
  const r = reason.toLowerCase()
  return FRAUD_DETAILS.some((d) => r.includes(d)) || r.includes('suspiciousactivityreported')
}

/** SI-008: the user reported an MFA prompt as suspicious or fraudulent (audit or sign-in side). */
export const rule: Rule = {
  meta: {
    id: 'SI-008',
    title: 'User reported suspicious MFA prompt or fraud',
    type: 'single-event',
    severity: 'high',
    attack: ['T1621', 'T1078.004'],
    requires: [],
    uses: ['audit', 'signin'],
    description:
      'Audit "Suspicious activity reported", "Fraud reported - user is blocked for MFA", "Fraud reported - no action taken"; sign-ins with errorCode 500121 and "MFA denied; Phone App Reported Fraud", "MFA denied; user is blocked", or the step detail "SuspiciousActivityReported". Reports within an hour of each other form one finding. Low, with the reason, for the catalog’s mis-tap where the data shows it: the reported prompt was the user’s own sign-in (from an address known for them, and a known device where logged) and no risky sign-in or sign-in from an unknown address (failed ones included) falls within an hour of the reports.',
    falsePositives: ['Users mis-tapping', 'Prompts from a legitimate second device'],
    references: ['EL4', 'AZ6', 'RP11', 'AZ25', 'SG7', 'MS2', 'MS6'],
    thresholds: { groupMinutes: 60 },
    thresholdNotes: {
      groupMinutes: 'reports and blocked sign-ins of one user this close together form one finding'
    },
    guidance: guidance(
      [S.askUser, S.reviewSignIns, S.reviewRisk],
      [S.resetPassword, S.revokeSessions],
      [S.reportSuspicious, S.numberMatching]
    )
  },
  evaluate(ctx, t) {
    if (ctx.coverage.audits === 0 && ctx.coverage.signins === 0)
      return couldNotRun('the case holds no events')
    const byUser = new Map<string, ScanEvent[]>()
    const add = (user: string | null, e: ScanEvent): void => {
      if (user === null) return
      const l = byUser.get(user) ?? []
      l.push(e)
      byUser.set(user, l)
    }
    for (const a of ctx.audits) if (FRAUD_REPORT.has(a.act)) add(a.target ?? a.user, a)
    for (const s of ctx.signins)
      if (s.errorCode === MFA_DENIED_CODE && isFraudSignIn(s.reason)) add(s.user, s)
    const out: FindingDraft[] = []
    const gapMs = (t.groupMinutes ?? 60) * 60_000
    for (const [user, events] of byUser) {
      events.sort((a, b) => a.ts - b.ts || a.id - b.id)
      let group: ScanEvent[] = []
      const flush = (): void => {
        const first = group[0]
        const last = group.at(-1)
        if (!first || !last) return
        const reports = group.filter((e) => e.kind === 'audit')
        const blocked = group.filter((e) => e.kind === 'signin')
        // The catalog's "users mis-tapping": the reported prompt was the user's own sign-in.
        const reported = blocked.filter(
          (e): e is ScanSignIn => e.kind === 'signin' && !/user is blocked/i.test(e.reason ?? '')
        )
        const audits = reports.filter((e): e is ScanAudit => e.kind === 'audit')
        const routine = ownPromptReported(ctx, user, reported, audits)
        const ips = [
          ...new Set(
            blocked.map((e) => (e.kind === 'signin' ? e.ip : null)).filter((x): x is string => x !== null)
          )
        ]
        const activities = [
          ...new Set(
            reports
              .map((e) => (e.kind === 'audit' ? e.activity : null))
              .filter((x): x is string => x !== null)
          )
        ]
        out.push({
          severity: routine ? 'low' : 'high',
          users: [user],
          start: first.ts,
          end: last.ts,
          evidence: group.map((e) => e.id),
          anchor: { event: first.id },
          summary:
            `${ctx.upn(user)} reported an MFA prompt as suspicious at ${when(first.ts)}` +
            (activities.length ? ` (${activities.join('; ')})` : '') +
            (blocked.length
              ? `; ${blocked.length} sign-in(s) were refused as fraud or blocked${ips.length ? ` from ${ips.join(', ')}` : ''}`
              : '') +
            (routine ? `; routine: ${routine}` : '') +
            '.',
          facts: {
            routine,
            reports: reports.length,
            blockedSignIns: blocked.length,
            signInIps: ips,
            activities,
            firstAt: iso(first.ts)
          }
        })
        group = []
      }
      for (const e of events) {
        const last = group.at(-1)
        if (last && e.ts - last.ts > gapMs) flush()
        group.push(e)
      }
      flush()
    }
    return out
  },
  examples: [
    {
      name: 'a fraud report and a blocked retry',
      events: [
        audit({
          activity: 'Fraud reported - user is blocked for MFA',
          ts: at(3),
          user: 'nina@contoso.com',
          service: 'Azure MFA'
        }),
        signIn({
          user: 'nina@contoso.com',
          ts: plus(at(3), 5),
          errorCode: 500121,
          reason: 'MFA denied; user is blocked',
          ip: '203.0.113.60'
        })
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'ordinary MFA denials are not fraud reports',
      events: [
        signIn({
          user: 'nina@contoso.com',
          ts: at(3),
          errorCode: 500121,
          reason: 'MFA denied; user declined the authentication'
        })
      ],
      expect: { silent: 'info' }
    },
    { name: 'an empty case cannot be scanned', events: [], expect: 'could-not-run' },
    {
      name: 'a report with no sign-in to match stays high (only the user can tell a mis-tap)',
      falsePositive: true,
      events: [
        audit({
          activity: 'Suspicious activity reported',
          ts: at(3),
          user: 'paula@contoso.com',
          service: 'Azure MFA'
        })
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'a user reports the prompt of her own sign-in from her office laptop (mis-tap): low',
      falsePositive: true,
      events: [
        ...history('paula@contoso.com', '192.0.2.48', 0, 3, { device: 'laptop-7' }),
        signIn({
          user: 'paula@contoso.com',
          ts: at(3),
          errorCode: 500121,
          reason: 'MFA denied; Phone App Reported Fraud',
          ip: '192.0.2.48',
          device: 'laptop-7'
        }),
        audit({
          activity: 'Fraud reported - no action taken',
          ts: plus(at(3), 0.4),
          user: 'paula@contoso.com',
          service: 'Azure MFA'
        }),
        signIn({ user: 'paula@contoso.com', ts: plus(at(3), 2), ip: '192.0.2.48', device: 'laptop-7' })
      ],
      expect: { silent: 'medium' }
    },
    {
      name: 'the reported prompt came from a sign-in at an address never seen for her: high',
      events: [
        ...history('paula@contoso.com', '192.0.2.48', 0, 3, { device: 'laptop-7' }),
        signIn({
          user: 'paula@contoso.com',
          ts: at(3),
          errorCode: 500121,
          reason: 'MFA denied; Phone App Reported Fraud',
          ip: '203.0.113.60',
          device: 'Windows 10 / Chrome'
        }),
        audit({
          activity: 'Fraud reported - no action taken',
          ts: plus(at(3), 0.4),
          user: 'paula@contoso.com',
          service: 'Azure MFA'
        }),
        signIn({ user: 'paula@contoso.com', ts: plus(at(3), 2), ip: '192.0.2.48', device: 'laptop-7' })
      ],
      expect: { fires: 'high' }
    }
  ]
}
