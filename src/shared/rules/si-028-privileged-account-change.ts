import { hasTag, isSecurityInfoChange } from '../scan/changes'
import { at, audit, history, registered, roleGrant, signIn } from './examples'
import { S, guidance } from './guidance'
import { byWhom, changeEvidence, describeChange, iso, needAudits } from './helpers'
import { isReset } from './si-011-password-reset-and-registration'
import { routineSelfChange } from './routine'
import type { FindingDraft, Rule } from './types'

/**
 * SI-028: any security-info, TAP or password change on a privileged or break-glass account. The
 * privileged set comes from the export's own role events plus the case's VIP and break-glass
 * lists; a change on a break-glass account is critical.
 */
export const rule: Rule = {
  meta: {
    id: 'SI-028',
    title: 'Any security-info, TAP or password change on a privileged or break-glass account',
    type: 'privileged',
    severity: 'high',
    attack: ['T1098', 'T1556.006', 'T1078.004'],
    requires: ['audit'],
    uses: [],
    description:
      'A security-info change (registered, default changed, deleted, reviewed, admin registered/updated/deleted), a TAP or a password reset/change for a user who is privileged at that time: granted an administrator role in the export’s role events (PIM activations count for the whole case), or on the case’s VIP or break-glass list. Critical for break-glass accounts. Low, with “review anyway”, for the catalog’s admin phone replacement where the data shows it: the owner’s own self-service security-info change from an address and a device known for them (the device of their sign-in from that address in the hour before), with no risky sign-in and no sign-in from an unknown address in the 24 hours before and after; never for break-glass accounts, password resets or changes by another account.',
    falsePositives: ['Admin phone replacement', 'Scheduled break-glass tests'],
    references: ['AZ1', 'AZ2', 'AZ8', 'AZ16', 'AZ19', 'AZ24', 'RP13', 'MS1', 'MS7'],
    thresholds: {},
    thresholdNotes: {},
    guidance: guidance(
      [S.askUser, S.reviewActor, S.listMethods, S.reviewSignIns, S.reviewRoles],
      [S.revokeSessions, S.blockSignIn, S.removeTap],
      [S.removeAuthenticator, S.removePhone, S.resetPassword, S.removeRole, S.caRegistration]
    )
  },
  evaluate(ctx) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const out: FindingDraft[] = []
    for (const c of ctx.changes()) {
      if (hasTag(c, 'attempt')) continue
      if (!isSecurityInfoChange(c) && !isReset(c) && !c.tags.has('reviewed')) continue
      const p = ctx.privileged.at(c.user, c.ts)
      if (!p.privileged) continue
      // The catalog's "admin phone replacement": the owner's own self-service change from a known
      // address and a known device, nothing risky or unseen in the day around it. Break-glass
      // accounts and changes by another account keep their severity.
      const self =
        p.breakGlass || !isSecurityInfoChange(c)
          ? null
          : routineSelfChange(ctx, c, { hoursAfter: 24, device: true })
      const routine = self
        ? `routine self-service change on a privileged account, from a known address and device; review anyway (${self.text})`
        : null
      out.push({
        severity: p.breakGlass ? 'critical' : routine ? 'low' : 'high',
        users: [c.user, ...(c.actor && c.actorType === 'user' && c.actor !== c.user ? [c.actor] : [])],
        start: c.ts,
        end: c.events.reduce((m, e) => Math.max(m, e.ts), c.ts),
        evidence: [...changeEvidence(c), ...(p.evidence ? [p.evidence] : [])],
        anchor: { event: c.id },
        summary: `${describeChange(c)[0]?.toUpperCase()}${describeChange(c).slice(1)} on ${p.breakGlass ? 'break-glass' : 'privileged'} account ${ctx.upn(c.user)}${byWhom(ctx, c)}${c.ip ? ` from ${c.ip}` : ''}; privileged because it ${p.why?.startsWith('VIP') || p.why?.startsWith('break') ? `is on the ${p.why}` : p.why}${routine ? `; ${routine}` : ''}.`,
        facts: {
          change: describeChange(c),
          changedAt: iso(c.ts),
          actor: c.actor,
          ip: c.ip,
          privilegedWhy: p.why,
          breakGlass: p.breakGlass,
          routine
        }
      })
    }
    return out
  },
  examples: [
    {
      name: 'a Global Administrator registers a new method',
      events: [
        roleGrant('root@contoso.com', 'ben@contoso.com', at(0), 'Global Administrator', 'TenantAdmins'),
        registered('ben@contoso.com', at(2), '192.0.2.36')
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'a password reset on a break-glass account from the case list',
      lists: { breakGlass: ['breakglass01@contoso.com'] },
      events: [
        audit({
          activity: 'Reset user password',
          ts: at(2),
          user: 'breakglass01@contoso.com',
          by: 'ben@contoso.com',
          ip: '192.0.2.10'
        })
      ],
      expect: { fires: 'critical' }
    },
    {
      name: 'an ordinary user changing security info is not SI-028',
      events: [registered('amy@contoso.com', at(2), '192.0.2.20')],
      expect: { silent: 'info' }
    },
    {
      name: 'an admin replacing their phone is still reported: the catalog wants every change on a privileged account seen',
      falsePositive: true,
      events: [
        roleGrant('root@contoso.com', 'ava.admin@contoso.com', at(0), 'Global Administrator', 'TenantAdmins'),
        registered('ava.admin@contoso.com', at(2, '11:00'), '192.0.2.64')
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'the admin’s own change from her usual address and laptop, nothing unusual around it: low, review anyway',
      falsePositive: true,
      events: [
        roleGrant('root@contoso.com', 'ava.admin@contoso.com', at(0), 'Global Administrator', 'TenantAdmins'),
        ...history('ava.admin@contoso.com', '192.0.2.64', 0, 2, { device: 'laptop-ava' }),
        signIn({ user: 'ava.admin@contoso.com', ts: at(2, '10:50'), ip: '192.0.2.64', device: 'laptop-ava' }),
        registered('ava.admin@contoso.com', at(2, '11:00'), '192.0.2.64')
      ],
      expect: { silent: 'medium' }
    },
    {
      name: 'the same change from a device never seen for her keeps high',
      events: [
        roleGrant('root@contoso.com', 'ava.admin@contoso.com', at(0), 'Global Administrator', 'TenantAdmins'),
        ...history('ava.admin@contoso.com', '192.0.2.64', 0, 2, { device: 'laptop-ava' }),
        signIn({
          user: 'ava.admin@contoso.com',
          ts: at(2, '10:50'),
          ip: '192.0.2.64',
          device: 'Windows 10 / Edge'
        }),
        registered('ava.admin@contoso.com', at(2, '11:00'), '192.0.2.64')
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'the same change on a break-glass account stays critical',
      lists: { breakGlass: ['ava.admin@contoso.com'] },
      events: [
        roleGrant('root@contoso.com', 'ava.admin@contoso.com', at(0), 'Global Administrator', 'TenantAdmins'),
        ...history('ava.admin@contoso.com', '192.0.2.64', 0, 2, { device: 'laptop-ava' }),
        signIn({ user: 'ava.admin@contoso.com', ts: at(2, '10:50'), ip: '192.0.2.64', device: 'laptop-ava' }),
        registered('ava.admin@contoso.com', at(2, '11:00'), '192.0.2.64')
      ],
      expect: { fires: 'critical' }
    }
  ]
}
