import { hasTag } from '../scan/changes'
import type { ScanSignIn } from '../scan/scan-event'
import { at, plus, registered, signIn } from './examples'
import { S, guidance } from './guidance'
import {
  HOUR,
  between,
  changeAddress,
  changeEvidence,
  describeChange,
  gap,
  iso,
  needSignIns
} from './helpers'
import type { FindingDraft, Rule } from './types'

const ENROL_CODES = new Set([50079, 50072])
const PROOF_UP_BLOCKED = 53004

function isRiskyInterrupt(s: ScanSignIn): boolean {
  if (s.errorCode === PROOF_UP_BLOCKED) return true
  if (s.errorCode === null || !ENROL_CODES.has(s.errorCode)) return false
  const level = s.riskLevel?.toLowerCase()
  return level === 'medium' || level === 'high'
}

/**
 * SI-015: a sign-in told to enrol MFA (50079/50072) while rated medium/high risk, or blocked from
 * proof-up because of risk (53004), followed by the user registering security info: an attacker
 * with a password using open registration (RP8, CISA AA24-290A).
 */
export const rule: Rule = {
  meta: {
    id: 'SI-015',
    title: 'Risky "register MFA" interrupt → registration',
    type: 'sequence',
    severity: 'high',
    attack: ['T1098.005', 'T1556.006'],
    requires: ['audit', 'signin'],
    uses: [],
    description:
      'A sign-in of U with errorCode 50079 or 50072 (must enrol MFA) and riskLevelDuringSignIn medium or high, or errorCode 53004 ("ProofUpBlockedDueToRisk"), followed by "User registered security info" for U within 2 hours.',
    falsePositives: ['Genuine first-time enrolment from a risky-rated network'],
    references: ['RP8', 'MS13', 'MS8'],
    thresholds: { windowHours: 2 },
    thresholdNotes: { windowHours: 'maximum time from the interrupt to the registration' },
    guidance: guidance(
      [S.askUser, S.reviewRisk, S.reviewSignIns, S.listMethods],
      [S.revokeSessions, S.confirmCompromised, S.removeAuthenticator, S.removePhone],
      [S.resetPassword, S.caRegistration]
    )
  },
  evaluate(ctx, t) {
    const missing = needSignIns(ctx)
    if (missing) return missing
    const window = (t.windowHours ?? 2) * HOUR
    const out: FindingDraft[] = []
    const users = new Set<string>()
    for (const s of ctx.signins) if (s.user !== null && isRiskyInterrupt(s)) users.add(s.user)
    for (const user of [...users].sort()) {
      const interrupts = ctx.signinsOf(user).filter(isRiskyInterrupt)
      const seen = new Set<number>()
      for (const c of ctx.changesOf(user)) {
        if (!hasTag(c, 'registered', 'registered-all') || c.tags.has('by-other')) continue
        const s = between(interrupts, c.ts - window, c.ts).at(-1)
        if (!s || seen.has(s.id)) continue
        seen.add(s.id)
        const where = changeAddress(ctx, c)
        out.push({
          severity: 'high',
          users: [user],
          start: s.ts,
          end: c.ts,
          evidence: [s.id, ...changeEvidence(c)],
          anchor: { event: s.id },
          summary:
            `${ctx.upn(user)}: a sign-in ${s.errorCode === PROOF_UP_BLOCKED ? 'blocked from MFA registration because of risk' : `told to enrol MFA (${s.errorCode}) while rated ${s.riskLevel} risk`}${s.ip ? ` from ${s.ip}` : ''}, ` +
            `then ${gap(c.ts - s.ts)} later ${describeChange(c)}${where.ip ? ` from ${where.ip}` : ''}.`,
          facts: {
            interrupt: s.id,
            errorCode: s.errorCode,
            riskLevel: s.riskLevel,
            interruptIp: s.ip,
            interruptAt: iso(s.ts),
            registration: describeChange(c),
            registrationIp: where.ip,
            sameAddress: s.ip !== null && s.ip === where.ip
          }
        })
      }
    }
    return out
  },
  examples: [
    {
      name: 'medium-risk enrolment interrupt, then an SMS phone registered',
      events: [
        signIn({
          user: 'liam@contoso.com',
          ts: at(3, '11:00'),
          ip: '203.0.113.61',
          errorCode: 50079,
          ok: false,
          riskLevel: 'medium',
          riskState: 'atRisk'
        }),
        registered(
          'liam@contoso.com',
          plus(at(3, '11:00'), 7),
          '203.0.113.61',
          'User registered Mobile Phone SMS'
        )
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'genuine first-time enrolment: the interrupt carries no risk',
      falsePositive: true,
      events: [
        signIn({
          user: 'jordan@contoso.com',
          ts: at(3, '08:30'),
          ip: '192.0.2.11',
          errorCode: 50079,
          ok: false,
          riskLevel: 'none'
        }),
        registered('jordan@contoso.com', plus(at(3, '08:30'), 5), '192.0.2.11')
      ],
      expect: { silent: 'info' }
    }
  ]
}
