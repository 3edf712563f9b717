import { CA_POLICY_DELETE, CA_POLICY_UPDATE, METHODS_POLICY, REGISTRATION_POLICY } from '../scan/activities'
import { succeeded, type ScanAudit } from '../scan/scan-event'
import { at, audit, prop } from './examples'
import { S, guidance } from './guidance'
import { iso, needAudits } from './helpers'
import type { FindingDraft, Rule, Severity } from './types'

function parse(value: string | null): unknown {
  if (!value) return null
  let v: unknown = value
  for (let i = 0; i < 2 && typeof v === 'string'; i++) {
    try {
      v = JSON.parse(v)
    } catch {
      return null
    }
  }
  return v
}

interface MethodConfig {
  id: string
  state: string | null
  external: boolean
  name: string | null
}

function configs(value: string | null): MethodConfig[] | null {
  const v = parse(value) as { authenticationMethodConfigurations?: unknown } | null
  const list = v && typeof v === 'object' ? v.authenticationMethodConfigurations : null
  if (!Array.isArray(list)) return null
  return list
    .filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object')
    .map((x) => ({
      id: String(x.id ?? ''),
      state: typeof x.state === 'string' ? x.state : null,
      external:
        JSON.stringify(x).includes('discoveryUrl') || /external/i.test(String(x['@odata.type'] ?? '')),
      name: typeof x.displayName === 'string' ? x.displayName : null
    }))
}

/** Methods whose enabling weakens the tenant: interceptable, or able to bypass normal MFA. */
const WEAK = new Set(['sms', 'voice', 'email', 'temporaryaccesspass', 'softwareoath'])

function grantControls(
  value: string | null
): { mfa: boolean; state: string | null; name: string | null } | null {
  const v = parse(value) as Record<string, unknown> | null
  if (!v || typeof v !== 'object') return null
  const grant = v.grantControls as { builtInControls?: unknown; authenticationStrength?: unknown } | undefined
  const controls = Array.isArray(grant?.builtInControls)
    ? (grant?.builtInControls as unknown[]).map((c) => String(c).toLowerCase())
    : []
  return {
    mfa:
      controls.includes('mfa') ||
      (grant?.authenticationStrength !== undefined && grant?.authenticationStrength !== null),
    state: typeof v.state === 'string' ? v.state : null,
    name: typeof v.displayName === 'string' ? v.displayName : null
  }
}

interface Weakening {
  severity: Severity
  what: string
  facts: Record<string, string | string[] | null>
}

function assess(e: ScanAudit): Weakening | null {
  if (METHODS_POLICY.has(e.act)) {
    // An external (OIDC) provider pointed somewhere else can satisfy MFA for every user in scope (PA3).
    for (const m of e.modified ?? []) {
      const url = (v: string | null): string | null =>
        /"discoveryUrl"\s*:\s*"([^"]+)"/.exec(v ?? '')?.[1] ?? null
      const before = url(m.oldValue)
      const after = url(m.newValue)
      if (after !== null && after !== before && configs(m.newValue) === null)
        return {
          severity: 'high',
          what: `the external authentication method's OpenID Connect discovery URL was ${before ? `changed from ${before} to` : 'set to'} ${after}`,
          facts: { discoveryUrl: after, previousDiscoveryUrl: before }
        }
    }
    const p = e.modified?.find((m) => configs(m.newValue) !== null) ?? null
    const before = configs(p?.oldValue ?? null) ?? []
    const after = configs(p?.newValue ?? null)
    if (e.act.endsWith('reset') && !after)
      return {
        severity: 'medium',
        what: 'the Authentication methods policy was reset to its defaults',
        facts: { enabled: [] }
      }
    if (!after) return null
    const was = new Map(before.map((c) => [c.id.toLowerCase(), c]))
    const enabled = after.filter(
      (c) => c.state === 'enabled' && was.get(c.id.toLowerCase())?.state !== 'enabled'
    )
    const weak = enabled.filter((c) => WEAK.has(c.id.toLowerCase()) || c.external)
    if (weak.length === 0) return null
    const names = weak.map((c) => (c.external ? `external method '${c.name ?? c.id}'` : c.id))
    const external = weak.some((c) => c.external)
    return {
      severity: 'high',
      what: `${names.join(', ')} enabled in the Authentication methods policy${external ? ' (an external/OIDC provider can satisfy MFA for every user in scope)' : ''}`,
      facts: { enabled: names }
    }
  }
  if (e.act === CA_POLICY_UPDATE || e.act === CA_POLICY_DELETE) {
    const p = e.modified?.find((m) => grantControls(m.oldValue ?? m.newValue) !== null) ?? null
    const before = grantControls(p?.oldValue ?? null)
    const after = e.act === CA_POLICY_DELETE ? null : grantControls(p?.newValue ?? null)
    if (!before?.mfa) return null
    const name = before.name ?? e.targetName ?? 'a Conditional Access policy'
    if (e.act === CA_POLICY_DELETE)
      return {
        severity: 'high',
        what: `Conditional Access policy '${name}', which required MFA, was deleted`,
        facts: { policy: name }
      }
    if (after && !after.mfa)
      return {
        severity: 'high',
        what: `Conditional Access policy '${name}' no longer requires MFA`,
        facts: { policy: name }
      }
    if (after && before.state === 'enabled' && after.state !== 'enabled')
      return {
        severity: 'high',
        what: `Conditional Access policy '${name}', which requires MFA, was set to ${after.state ?? 'off'}`,
        facts: { policy: name }
      }
    return null
  }
  if (e.act === REGISTRATION_POLICY) {
    const text = JSON.stringify(e.modified ?? [])
    const off = /disabled|"enabled"\s*:\s*false/i.test(text)
    return {
      severity: off ? 'high' : 'medium',
      what: off
        ? 'the user risk / MFA registration policy was turned off or narrowed'
        : 'the user risk / MFA registration policy was changed',
      facts: {}
    }
  }
  return null
}

/** SI-009: tenant-level weakening of MFA or registration policy. */
export const rule: Rule = {
  meta: {
    id: 'SI-009',
    title: 'Tenant-level weakening of MFA or registration policy',
    type: 'single-event',
    severity: 'high',
    attack: ['T1556.006', 'T1556.009'],
    requires: ['audit'],
    uses: [],
    description:
      '"Authentication Methods Policy Update/Reset" that enables SMS, voice, email, TAP or an external/OIDC method (discoveryUrl); "Update conditional access policy" whose grant controls lose "mfa", a deleted or disabled policy that required MFA; "Update User Risk and MFA Registration Policy". Hardening changes (methods disabled, MFA added) do not fire.',
    falsePositives: ['Planned policy changes'],
    references: ['PA3', 'EL7', 'SG6', 'PA2', 'MS1'],
    thresholds: {},
    thresholdNotes: {},
    guidance: guidance(
      [S.reviewActor, S.reviewMethodsPolicy, S.reviewCaPolicies],
      [S.revokeSessions, S.blockSignIn],
      [S.reviewMethodsPolicy, S.reviewCaPolicies, S.removeRole]
    )
  },
  evaluate(ctx) {
    const missing = needAudits(ctx)
    if (missing) return missing
    const out: FindingDraft[] = []
    for (const e of ctx.audits) {
      if (!succeeded(e)) continue
      const w = assess(e)
      if (!w) continue
      const actor = e.actorType === 'user' ? e.actor : null
      out.push({
        severity: w.severity,
        users: actor ? [actor] : [],
        start: e.ts,
        end: e.ts,
        evidence: [e.id],
        anchor: { event: e.id },
        summary: `${w.what[0]?.toUpperCase()}${w.what.slice(1)}, by ${actor ? ctx.upn(actor) : `'${e.actorName ?? 'an app'}'`}${e.ip ? ` from ${e.ip}` : ''}.`,
        facts: { activity: e.activity, actor: e.actor, ip: e.ip, changedAt: iso(e.ts), ...w.facts }
      })
    }
    return out
  },
  examples: [
    {
      name: 'SMS and an external MFA provider enabled',
      events: [
        audit({
          activity: 'Authentication Methods Policy Update',
          ts: at(5),
          by: 'ben@contoso.com',
          modified: [
            prop(
              'AuthenticationMethodsPolicy',
              { authenticationMethodConfigurations: [{ id: 'Sms', state: 'disabled' }] },
              {
                authenticationMethodConfigurations: [
                  { id: 'Sms', state: 'enabled' },
                  {
                    id: 'x',
                    state: 'enabled',
                    displayName: 'Partner MFA',
                    openIdConnectSetting: {
                      discoveryUrl: 'https://idp.example.net/.well-known/openid-configuration'
                    }
                  }
                ]
              }
            )
          ]
        })
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'a planned hardening (SMS disabled) does not fire',
      falsePositive: true,
      events: [
        audit({
          activity: 'Authentication Methods Policy Update',
          ts: at(5),
          by: 'sec@contoso.com',
          modified: [
            prop(
              'AuthenticationMethodsPolicy',
              { authenticationMethodConfigurations: [{ id: 'Sms', state: 'enabled' }] },
              { authenticationMethodConfigurations: [{ id: 'Sms', state: 'disabled' }] }
            )
          ]
        })
      ],
      expect: { silent: 'info' }
    },
    {
      name: 'an external method’s OIDC discovery URL repointed (PA3)',
      events: [
        audit({
          activity: 'Update authentication methods policy',
          ts: at(5),
          by: 'ben@contoso.com',
          modified: [
            prop(
              'OpenIdConnectConfiguration',
              { discoveryUrl: 'https://login.microsoftonline.com/tenant/.well-known/openid-configuration' },
              { discoveryUrl: 'https://idp.example.net/.well-known/openid-configuration' }
            )
          ]
        })
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'a Conditional Access policy loses its MFA grant (written "MFA", grant controls emptied)',
      events: [
        audit({
          activity: 'Update conditional access policy',
          ts: at(5),
          by: 'ben@contoso.com',
          modified: [
            prop(
              'ConditionalAccessPolicy',
              {
                displayName: 'MFA',
                state: 'enabled',
                grantControls: { operator: 'OR', builtInControls: ['MFA'] }
              },
              { displayName: 'MFA', state: 'enabled', grantControls: null }
            )
          ]
        })
      ],
      expect: { fires: 'high' }
    },
    {
      name: 'MFA removed from a Conditional Access policy',
      events: [
        audit({
          activity: 'Update conditional access policy',
          ts: at(5),
          by: 'ben@contoso.com',
          modified: [
            prop(
              'ConditionalAccessPolicy',
              { displayName: 'Require MFA', state: 'enabled', grantControls: { builtInControls: ['mfa'] } },
              { displayName: 'Require MFA', state: 'enabled', grantControls: { builtInControls: [] } }
            )
          ]
        })
      ],
      expect: { fires: 'high' }
    }
  ]
}
