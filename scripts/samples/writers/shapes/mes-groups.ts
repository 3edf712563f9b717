import type { SignIn } from '../../graph-types'
import type { MesGroup } from '../core/mes-pager'
import { signInClass } from '../core/records'

/** Get-GraphEntraAuditLogs: `<stamp>-AuditLogs.json` directly in the output folder. */
export const MES_AUDIT_GROUP: MesGroup = { dir: '', suffix: 'AuditLogs.json' }

/**
 * Get-GraphEntraSignInLogs with the default `-EventTypes All`: interactive and non-interactive user
 * sign-ins are fetched together, service principals and managed identities separately, each into
 * its own folder (`$eventTypeMapping` in MES v4.1).
 */
const USER: MesGroup = {
  dir: 'interactiveUser & nonInteractiveUser',
  suffix: 'interactiveUser-nonInteractiveUser-SignInLogs.json'
}
const SERVICE_PRINCIPAL: MesGroup = { dir: 'servicePrincipal', suffix: 'servicePrincipal-SignInLogs.json' }
const MANAGED_IDENTITY: MesGroup = { dir: 'managedIdentity', suffix: 'managedIdentity-SignInLogs.json' }

export function mesSignInGroup(signIn: SignIn): { key: string; group: MesGroup } {
  const type = signInClass(signIn)
  if (type === 'servicePrincipal') return { key: 'servicePrincipal', group: SERVICE_PRINCIPAL }
  if (type === 'managedIdentity') return { key: 'managedIdentity', group: MANAGED_IDENTITY }
  return { key: 'user', group: USER }
}
