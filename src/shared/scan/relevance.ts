import * as A from './activities'

/**
 * Which audit events a scan keeps. Rules only look at security-info, password, role, policy,
 * fraud, self-service reset and persistence activities; everything else (group changes, app
 * updates, the noise of a busy tenant) is dropped while reading, and `Update user` is kept only
 * when it touches a StrongAuthentication* attribute.
 */
const KEEP = new Set<string>([
  ...A.SELF_REGISTER,
  ...A.REGISTRATION_ATTEMPT,
  ...A.ADMIN_SECURITY_INFO,
  A.SELF_DELETE,
  A.DEFAULT_CHANGE,
  A.SELF_UPDATE,
  A.SELF_REVIEW,
  A.TAP_CREATE,
  ...A.DEVICE_CREDENTIAL_ADD,
  ...A.DEVICE_CREDENTIAL_DELETE,
  A.PHONE_APP_ADD,
  A.PHONE_APP_REMOVE,
  A.DISABLE_STRONG_AUTH,
  A.ADD_USER,
  ...A.ADMIN_PASSWORD_RESET,
  A.SELF_PASSWORD_RESET,
  ...A.PASSWORD_CHANGE,
  A.SELF_UNLOCK,
  A.SSPR_PROGRESS,
  ...A.FRAUD_REPORT,
  ...A.METHODS_POLICY,
  A.REGISTRATION_POLICY,
  A.CA_POLICY_UPDATE,
  A.CA_POLICY_DELETE,
  ...A.PERSISTENCE_ACTIONS
])

/** The same selection as SQL, so the case returns only these rows (isRelevantAudit stays the final word). */
export const RELEVANT_AUDIT_SQL = `(activity_key IN (SELECT value FROM json_each('${JSON.stringify([...KEEP]).replace(/'/g, "''")}'))
  OR activity_key LIKE 'add %member to role%'
  OR activity_key LIKE 'update application%certificates and secrets management'
  OR (activity_key = 'update user' AND instr(modified_properties, 'StrongAuthentication') > 0))`

export function isRelevantAudit(act: string | null, modifiedJson: string | null): boolean {
  if (act === null) return false
  if (act === A.UPDATE_USER) return modifiedJson !== null && /strongauthentication/i.test(modifiedJson)
  if (KEEP.has(act)) return true
  if (A.ROLE_GRANT.test(act)) return true
  return KEEP.has(A.foldDashes(act))
}
