import type { ActorType, Method, ModifiedProperty } from '../model/event'

/**
 * The compact projection of a case event that detection rules read. It is built once per scan
 * (src/main/db/scan-source.ts reads it from the case; tests build it with a small builder), with
 * the JSON columns already parsed and every user keyed the same way, so a rule never parses or
 * normalizes anything itself.
 *
 * Users are keyed by lower-cased UPN (or `id:<object id>` when an event names only the id and no
 * other event ties that id to a UPN). Unified-audit-log mirrors of Entra events are not part of a
 * scan: they would count one change twice.
 */
export type ScanEvent = ScanAudit | ScanSignIn

export interface ScanSignIn {
  kind: 'signin'
  id: number
  ts: number
  /** User key (lower-cased UPN). Null for service-principal and managed-identity sign-ins. */
  user: string | null
  userId: string | null
  upn: string | null
  ip: string | null
  asn: number | null
  country: string | null
  errorCode: number | null
  /** errorCode 0. */
  ok: boolean
  interactive: boolean | null
  riskLevel: string | null
  riskState: string | null
  riskEventTypes: readonly string[] | null
  /**
   * Identity Protection's riskDetail ("aiConfirmedSigninSafe", …), read from the stored record for
   * sign-ins that carry risk (src/shared/scan/risk-detail.ts); null otherwise.
   */
  riskDetail: string | null
  /** authenticationRequirement, e.g. "multiFactorAuthentication" (portal CSVs write "Multifactor authentication"). */
  authRequirement: string | null
  methods: readonly Method[] | null
  methodDetail: string | null
  /** Failure reason and additional details ("MFA denied; user declined the authentication"). */
  reason: string | null
  /** deviceId when the device is registered, otherwise "os / browser". */
  device: string | null
  correlationId: string | null
  sessionId: string | null
}

export interface ScanAudit {
  kind: 'audit'
  id: number
  ts: number
  /** Activity trimmed, case-folded, without a trailing period. */
  act: string
  /** Activity as logged. */
  activity: string | null
  service: string | null
  category: string | null
  operationType: string | null
  result: string | null
  reason: string | null
  actorType: ActorType | null
  /** Actor key: lower-cased UPN for users, `app:<display name or id>` for apps. */
  actor: string | null
  actorUpn: string | null
  actorId: string | null
  actorName: string | null
  ip: string | null
  targetType: string | null
  /** Target user key, when the target is a user. */
  target: string | null
  targetUpn: string | null
  targetId: string | null
  targetName: string | null
  /**
   * The object the user was changed in relation to, when the event names it apart from the user:
   * the role of a role assignment (PIM events carry the role only there), the group of a
   * membership change.
   */
  resource: string | null
  /** The user the event is about: the target user, otherwise the acting user. */
  user: string | null
  method: Method | null
  methodDetail: string | null
  correlationId: string | null
  modified: readonly ModifiedProperty[] | null
  /** additionalDetails are not in the case model; the method key some events carry is kept here when known. */
  userAgent: string | null
}

export const SUCCESS = 'success'

/** True when the audit event did what it says (result success, or no result recorded). */
export function succeeded(e: ScanAudit): boolean {
  return e.result === null || e.result === SUCCESS
}

/** The value of a modified property as logged (first match by name, case-insensitive). */
export function modifiedProperty(e: ScanAudit, name: string): ModifiedProperty | null {
  if (!e.modified) return null
  const lower = name.toLowerCase()
  for (const p of e.modified) if (p.name.toLowerCase() === lower) return p
  return null
}
