/**
 * Builds Graph beta `directoryAudit` objects (FORMATS.md §2, §8). Only the generic shape lives
 * here; activities.ts composes the real pairs (the Authentication Methods event plus the Core
 * Directory `Update user` with StrongAuthentication* old/new values) from these pieces.
 *
 * Every event keeps to the portal CSV's limits (3 targets, 5 modified properties each, 6
 * additional details) so that the flattened CSV carries the same facts as the JSON.
 */
import type { DirectoryAudit, KeyValue, ModifiedPropertyJson, TargetResource } from '../graph-types'
import type { Rng } from './rng'
import { graphTime } from './time'
import type { Tenant, User } from './types'

export type Initiator =
  | { kind: 'user'; user: User; ip: string | null }
  | { kind: 'app'; displayName: string; appId: string | null; servicePrincipalId: string | null }

export interface AuditSpec {
  at: number
  service: string
  category: string
  activity: string
  operationType: string
  result?: DirectoryAudit['result']
  resultReason?: string
  initiator: Initiator
  targets: TargetResource[]
  additional?: KeyValue[]
  userAgent?: string | null
  /** Core Directory ids look like Directory_<correlationId>_<5 chars>_<9 digits>; Conditional Access ids IPCGraph_<guid>. */
  idStyle?: 'directory' | 'ipc' | 'guid'
  correlationId?: string
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

export function audit(spec: AuditSpec, rng: Rng): DirectoryAudit {
  const correlationId = spec.correlationId ?? rng.guid()
  let id: string
  switch (spec.idStyle ?? 'guid') {
    case 'directory': {
      let five = ''
      for (let i = 0; i < 5; i++) five += ALNUM[rng.int(0, ALNUM.length - 1)]
      id = `Directory_${correlationId}_${five}_${rng.digits(9)}`
      break
    }
    case 'ipc':
      id = `IPCGraph_${rng.guid()}`
      break
    case 'guid':
      id = rng.guid()
  }
  const init = spec.initiator
  if (spec.targets.length > 3) throw new Error(`${spec.activity}: more than 3 targets`)
  for (const t of spec.targets) {
    if (t.modifiedProperties.length > 5) throw new Error(`${spec.activity}: more than 5 modified properties`)
  }
  if ((spec.additional?.length ?? 0) > 6) throw new Error(`${spec.activity}: more than 6 additional details`)
  return {
    id,
    category: spec.category,
    correlationId,
    result: spec.result ?? 'success',
    resultReason: spec.resultReason ?? '',
    activityDisplayName: spec.activity,
    activityDateTime: graphTime(spec.at, rng),
    loggedByService: spec.service,
    operationType: spec.operationType,
    userAgent: spec.userAgent ?? null,
    initiatedBy:
      init.kind === 'user'
        ? {
            user: {
              id: init.user.id,
              displayName: null,
              userPrincipalName: init.user.upn,
              ipAddress: init.ip,
              userType: null,
              homeTenantId: null,
              homeTenantName: null
            },
            app: null
          }
        : {
            user: null,
            app: {
              appId: init.appId,
              displayName: init.displayName,
              servicePrincipalId: init.servicePrincipalId,
              servicePrincipalName: null
            }
          },
    targetResources: spec.targets,
    additionalDetails: spec.additional ?? []
  }
}

/** A modified property whose values are JSON text, as Graph returns them. */
export function prop(displayName: string, oldValue: unknown, newValue: unknown): ModifiedPropertyJson {
  const enc = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v))
  return { displayName, oldValue: enc(oldValue), newValue: enc(newValue) }
}

/** A modified property whose values are already JSON text (StrongAuthentication* arrays). */
export function rawProp(displayName: string, oldValue: string | null, newValue: string | null): ModifiedPropertyJson {
  return { displayName, oldValue, newValue }
}

export function userTarget(user: User, modifiedProperties: ModifiedPropertyJson[] = [], withName = true): TargetResource {
  return {
    id: user.id,
    displayName: withName ? user.displayName : null,
    type: 'User',
    userPrincipalName: user.upn,
    groupType: null,
    modifiedProperties
  }
}

export function objectTarget(
  type: string,
  id: string,
  displayName: string | null,
  modifiedProperties: ModifiedPropertyJson[] = []
): TargetResource {
  return { id, displayName, type, userPrincipalName: null, groupType: null, modifiedProperties }
}

/** The initiator of a Microsoft service acting in a tenant (its app id is not logged; its SP is). */
export function serviceInitiator(tenant: Tenant, key: string, displayName: string): Initiator {
  return { kind: 'app', displayName, appId: null, servicePrincipalId: tenant.serviceSpIds[key] ?? null }
}
