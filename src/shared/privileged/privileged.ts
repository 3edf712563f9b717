import { plainValue } from '../model/strong-auth'
import {
  DIRECT_ROLE_GRANT,
  PIM_ACTIVATION,
  PIM_ASSIGNMENT,
  PIM_REQUEST,
  ROLE_GRANT
} from '../scan/activities'
import type { CaseLists } from '../scan/case-lists'
import { modifiedProperty, succeeded, type ScanAudit } from '../scan/scan-event'

/**
 * The privileged set, derived offline (DETECTIONS.md §4-9): users granted an administrator role in
 * the export's own role events, plus the investigator's VIP and break-glass lists kept in the case.
 * A direct grant makes the user privileged from its time on; a PIM activation proves an
 * eligibility that existed before it, so it counts for the whole case.
 */
export interface RoleGrant {
  user: string
  ts: number
  eventId: number
  activity: string | null
  /** Role.DisplayName, or the name of the event's Role target (where PIM events write it). */
  role: string | null
  wellKnown: string | null
  templateId: string | null
  /** A PIM activation of an eligible role, rather than a new assignment. */
  activation: boolean
  /** A new assignment by someone (not the MS-PIM service activating an eligibility). */
  direct: boolean
  actor: string | null
}

/** The roles AZ7 and SP7 watch: control of the tenant, of roles, of users or of their credentials. */
const HIGH_PRIVILEGE_WELL_KNOWN = new Set([
  'tenantadmins',
  'privilegedroleadmins',
  'useraccountadmins',
  'privilegedauthenticationadmins'
])
const HIGH_PRIVILEGE_NAMES = new Set([
  'global administrator',
  'company administrator',
  'privileged role administrator',
  'user administrator',
  'privileged authentication administrator'
])
const HIGH_PRIVILEGE_TEMPLATES = new Set([
  '62e90394-69f5-4237-9190-012177145e10', // Global Administrator
  'e8611ab8-c189-46e8-94e1-60213ab1f814', // Privileged Role Administrator
  'fe930be7-5e62-47db-91af-98c3a49a38b1', // User Administrator
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13' // Privileged Authentication Administrator
])

export function isHighPrivilegeRole(g: Pick<RoleGrant, 'role' | 'wellKnown' | 'templateId'>): boolean {
  return (
    (g.wellKnown !== null && HIGH_PRIVILEGE_WELL_KNOWN.has(g.wellKnown.toLowerCase())) ||
    (g.role !== null && HIGH_PRIVILEGE_NAMES.has(g.role.toLowerCase())) ||
    (g.templateId !== null && HIGH_PRIVILEGE_TEMPLATES.has(g.templateId.toLowerCase()))
  )
}

/** Administrator roles in the AZ1/MS1 sense: the role name says so, or PIM (whose roles are admin roles) granted it. */
function isAdminRole(g: RoleGrant): boolean {
  if (isHighPrivilegeRole(g)) return true
  if (g.role !== null) return /admin/i.test(g.role)
  return true
}

export function roleGrantOf(e: ScanAudit): RoleGrant | null {
  if (!ROLE_GRANT.test(e.act) || PIM_REQUEST.test(e.act) || !succeeded(e) || e.target === null) return null
  const prop = (name: string): string | null => {
    const p = modifiedProperty(e, name)
    return p ? plainValue(p.newValue) : null
  }
  const activation =
    PIM_ACTIVATION.test(e.act) || (e.actorType === 'app' && /ms-pim/i.test(e.actorName ?? ''))
  return {
    user: e.target,
    ts: e.ts,
    eventId: e.id,
    activity: e.activity,
    // Core Directory writes Role.* properties on the user target; PIM names the role only as a
    // target of its own (the event's resource) and its template as "TemplateId".
    role: prop('Role.DisplayName') ?? e.resource,
    wellKnown: prop('Role.WellKnownObjectName'),
    templateId: prop('Role.TemplateId') ?? prop('TemplateId'),
    activation,
    direct: (DIRECT_ROLE_GRANT.has(e.act) || PIM_ASSIGNMENT.test(e.act)) && !activation,
    actor: e.actor
  }
}

export interface PrivilegeReason {
  privileged: boolean
  /** "VIP list", "break-glass list", "Global Administrator granted 2026-10-03T…", "PIM activation". */
  why: string | null
  breakGlass: boolean
  evidence: number | null
}

export interface PrivilegedSource {
  readonly audits: readonly ScanAudit[]
  readonly lists: CaseLists
}

export class PrivilegedSet {
  readonly grants: readonly RoleGrant[]
  private readonly byUser = new Map<string, RoleGrant[]>()
  private readonly vip: Set<string>
  private readonly breakGlass: Set<string>

  constructor(source: PrivilegedSource) {
    const grants: RoleGrant[] = []
    for (const e of source.audits) {
      const g = roleGrantOf(e)
      if (!g) continue
      grants.push(g)
      const list = this.byUser.get(g.user) ?? []
      list.push(g)
      this.byUser.set(g.user, list)
    }
    this.grants = grants
    this.vip = new Set(source.lists.vip)
    this.breakGlass = new Set(source.lists.breakGlass)
  }

  grantsOf(user: string): readonly RoleGrant[] {
    return this.byUser.get(user) ?? []
  }

  /**
   * When a grant starts to count. A direct or eligible assignment counts from its time; a PIM
   * activation proves an eligibility that existed before it: from the eligible assignment in the
   * data if there is one, otherwise from before the data starts.
   */
  private since(g: RoleGrant): number {
    if (!g.activation) return g.ts
    const eligible = this.grantsOf(g.user).find((x) => !x.activation && x.ts <= g.ts)
    return eligible ? eligible.ts : Number.NEGATIVE_INFINITY
  }

  /** Whether the user counts as privileged at t, and why. */
  at(user: string, t: number): PrivilegeReason {
    if (this.breakGlass.has(user))
      return { privileged: true, why: 'break-glass list', breakGlass: true, evidence: null }
    if (this.vip.has(user)) return { privileged: true, why: 'VIP list', breakGlass: false, evidence: null }
    // Grants that name their role first, so the explanation can say which role.
    const grants = [...this.grantsOf(user)].sort((a, b) => Number(b.role !== null) - Number(a.role !== null))
    for (const g of grants) {
      if (!isAdminRole(g)) continue
      if (this.since(g) <= t) {
        const role = g.role ?? 'an administrator role'
        const how = g.activation ? `activates ${role} through PIM` : `was granted ${role}`
        return {
          privileged: true,
          why: `${how} (${new Date(g.ts).toISOString()})`,
          breakGlass: false,
          evidence: g.eventId
        }
      }
    }
    return { privileged: false, why: null, breakGlass: false, evidence: null }
  }

  /** Everyone privileged at any time in the case, with the reason (for the UI). */
  members(): Array<{ user: string; why: string }> {
    const out = new Map<string, string>()
    for (const u of this.breakGlass) out.set(u, 'break-glass list')
    for (const u of this.vip) if (!out.has(u)) out.set(u, 'VIP list')
    for (const g of this.grants) {
      if (out.has(g.user) || !isAdminRole(g)) continue
      out.set(g.user, g.role ?? 'administrator role (PIM)')
    }
    return [...out].map(([user, why]) => ({ user, why })).sort((a, b) => a.user.localeCompare(b.user))
  }
}
