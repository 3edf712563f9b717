import { PERSISTENCE_ACTIONS, foldDashes } from '../scan/activities'
import { isSecurityInfoChange, type Change } from '../scan/changes'
import { succeeded, type ScanAudit } from '../scan/scan-event'
import { at, audit, plus, registered, roleGrant } from './examples'
import { S, guidance } from './guidance'
import { MINUTE, changeEvidence, describeChange, gap, iso, needAudits } from './helpers'
import { isReset } from './si-011-password-reset-and-registration'
import type { FindingDraft, Rule } from './types'

function action(a: ScanAudit): string | null {
  const key = foldDashes(a.act)
  return PERSISTENCE_ACTIONS.has(key) ? key : null
}

/**
 * SI-021: after a security-info change or password reset for U, U itself grants roles, consents
 * to apps, adds credentials, changes Conditional Access or domain federation, or registers
 * several devices within the hour (AZ22, AZ18, EL5, EL6).
 */
export const rule: Rule = {
  meta: {
    id: 'SI-021',
    title: 'Security-info change followed by persistence or privileged actions',
    type: 'sequence',
    severity: 'high',
    attack: ['T1098', 'T1098.003', 'T1098.005', 'T1078.004'],
    requires: ['audit'],
    uses: [],
    description:
      'After a security-info change (SI-001..SI-007) or password reset for U, U as initiator performs within 1 hour: "Add member to role", "Add eligible member to role", "Consent to application", "Add service principal credentials", "Update application – Certificates and secrets management", "Add owner to service principal/application", "Set domain authentication", a Conditional Access policy update or delete, or "Register device" (3 or more devices within 15 minutes).',
    falsePositives: ['Admins legitimately doing setup right after enrolling'],
    references: ['AZ22', 'AZ18', 'EL5', 'EL6', 'EL8', 'MS7'],
    thresholds: { windowMinutes: 60, deviceBurst: 3, deviceBurstMinutes: 15 },
    thresholdNotes: {
      windowMinutes: 'maximum time from the change to the action',
      deviceBurst: 'device registrations that count as an action …',
      deviceBurstMinutes: '… within this many minutes'
    },
    guidance: guidance(
      [S.askUser, S.reviewAudit, S.reviewRoles],
      [S.revokeSessions, S.blockSignIn, S.removeRole],
      [S.reviewConsents, S.reviewApp, S.reviewDevices, S.reviewCaPolicies]
    )
  },
  evaluate(ctx, t) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const window = (t.windowMinutes ?? 60) * MINUTE
    const out: FindingDraft[] = []
    for (const user of ctx.users()) {
      const acts = ctx
        .auditsBy(user)
        .filter((a) => a.actorType === 'user' && succeeded(a) && action(a) !== null)
      if (acts.length === 0) continue
      const changes = ctx
        .changesOf(user)
        .filter((c) => (isSecurityInfoChange(c) || isReset(c)) && !c.tags.has('attempt'))
      const used = new Set<number>()
      for (const c of changes) {
        const follow = acts.filter((a) => a.ts > c.ts && a.ts - c.ts <= window && !used.has(a.id))
        const devices = follow.filter((a) => action(a) === 'register device')
        const burst =
          devices.length >= (t.deviceBurst ?? 3) &&
          devices.some((d, i) => {
            const later = devices.slice(i).filter((x) => x.ts - d.ts <= (t.deviceBurstMinutes ?? 15) * MINUTE)
            return later.length >= (t.deviceBurst ?? 3)
          })
        const relevant = follow.filter((a) => action(a) !== 'register device' || burst)
        if (relevant.length === 0) continue
        for (const a of relevant) used.add(a.id)
        const first = relevant[0] as ScanAudit
        const names = [
          ...new Set(
            relevant.map(
              (a) =>
                `${a.activity ?? a.act}${a.target && a.target !== user ? ` (${ctx.upn(a.target)})` : a.targetName ? ` (${a.targetName})` : ''}`
            )
          )
        ]
        out.push({
          severity: 'high',
          users: [user],
          start: c.ts,
          end: (relevant.at(-1) as ScanAudit).ts,
          evidence: [...changeEvidence(c), ...relevant.map((a) => a.id)],
          anchor: { event: first.id },
          summary: `${ctx.upn(user)}: ${describeChange(c as Change)} at ${iso(c.ts).slice(0, 16)}Z, then ${gap(first.ts - c.ts)} later the account itself did: ${names.join('; ')}.`,
          facts: {
            change: describeChange(c),
            changeAt: iso(c.ts),
            actions: names,
            firstActionAt: iso(first.ts),
            minutesAfter: Math.round((first.ts - c.ts) / MINUTE)
          }
        })
      }
    }
    return out
  },
  examples: [
    {
      name: 'a new Authenticator, then an OAuth consent 20 minutes later',
      events: [
        registered('lucas@contoso.com', at(4, '02:20'), '203.0.113.50'),
        audit({
          activity: 'Consent to application',
          ts: plus(at(4, '02:20'), 20),
          by: 'lucas@contoso.com',
          targetType: 'ServicePrincipal',
          targetName: 'Mail Sync Pro'
        })
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'a new admin enrols a key and is granted a role four days later',
      falsePositive: true,
      events: [
        registered('felix@contoso.com', at(2, '09:00'), '192.0.2.10', 'User registered Fido'),
        roleGrant(
          'felix@contoso.com',
          'someone@contoso.com',
          at(6, '10:00'),
          'Helpdesk Administrator',
          'HelpdeskAdmins'
        )
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'one device registration after enrolling is routine',
      falsePositive: true,
      events: [
        registered('amy@contoso.com', at(2, '09:00'), '192.0.2.10'),
        audit({
          activity: 'Register device',
          ts: plus(at(2, '09:00'), 10),
          by: 'amy@contoso.com',
          targetType: 'Device',
          targetName: 'AMY-LAPTOP'
        })
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'roles granted an hour and a half later are outside the window',
      events: [
        registered('a@contoso.com', at(2), '192.0.2.1'),
        roleGrant('a@contoso.com', 'b@contoso.com', plus(at(2), 90), 'Global Administrator', 'TenantAdmins')
      ],
      expect: { silent: 'info' }
    }
  ]
}
