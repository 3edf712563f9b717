import {
  ADD_USER,
  ADMIN_PASSWORD_RESET,
  ADMIN_SECURITY_INFO,
  CA_POLICY_DELETE,
  CA_POLICY_UPDATE,
  DEFAULT_CHANGE,
  DEVICE_CREDENTIAL_ADD,
  DEVICE_CREDENTIAL_DELETE,
  DISABLE_STRONG_AUTH,
  FRAUD_REPORT,
  INBOX_RULE,
  MAIL_DELETE,
  METHODS_POLICY,
  PASSWORD_CHANGE,
  PERSISTENCE_ACTIONS,
  PHONE_APP_ADD,
  PHONE_APP_REMOVE,
  REGISTRATION_ATTEMPT,
  REGISTRATION_POLICY,
  ROLE_GRANT,
  SELF_DELETE,
  SELF_PASSWORD_RESET,
  SELF_REGISTER,
  SELF_REVIEW,
  SELF_UNLOCK,
  SELF_UPDATE,
  SET_MAILBOX,
  SSPR_PROGRESS,
  TAP_CREATE,
  UPDATE_USER,
  foldDashes
} from './activities'
import { NOTICE_WORDS, mailboxSignal } from './mailbox'
import type { ModifiedProperty } from '../model/event'

/**
 * Which audit events a scan keeps. Rules only look at security-info, password, role, policy,
 * fraud, self-service reset and persistence activities; everything else (group changes, app
 * updates, the noise of a busy tenant) is dropped while reading, and `Update user` is kept only
 * when it touches a StrongAuthentication* attribute.
 */
const KEEP = new Set<string>([
  ...SELF_REGISTER,
  ...REGISTRATION_ATTEMPT,
  ...ADMIN_SECURITY_INFO,
  SELF_DELETE,
  DEFAULT_CHANGE,
  SELF_UPDATE,
  SELF_REVIEW,
  TAP_CREATE,
  ...DEVICE_CREDENTIAL_ADD,
  ...DEVICE_CREDENTIAL_DELETE,
  PHONE_APP_ADD,
  PHONE_APP_REMOVE,
  DISABLE_STRONG_AUTH,
  ADD_USER,
  ...ADMIN_PASSWORD_RESET,
  SELF_PASSWORD_RESET,
  ...PASSWORD_CHANGE,
  SELF_UNLOCK,
  SSPR_PROGRESS,
  ...FRAUD_REPORT,
  ...METHODS_POLICY,
  REGISTRATION_POLICY,
  CA_POLICY_UPDATE,
  CA_POLICY_DELETE,
  ...PERSISTENCE_ACTIONS,
  ...INBOX_RULE
])

const sqlList = (values: Iterable<string>): string =>
  `(SELECT value FROM json_each('${JSON.stringify([...values]).replace(/'/g, "''")}'))`

/** The same selection as SQL, so the case returns only these rows (isRelevantAudit stays the final word). */
export const RELEVANT_AUDIT_SQL = `(activity_key IN ${sqlList(KEEP)}
  OR activity_key LIKE 'add %member to role%'
  OR activity_key LIKE 'update application%certificates and secrets management'
  OR (activity_key = 'update user' AND instr(modified_properties, 'StrongAuthentication') > 0)
  OR (activity_key = '${SET_MAILBOX}' AND instr(modified_properties, 'Parameters.Forwarding') > 0)
  OR (activity_key IN ${sqlList(MAIL_DELETE)} AND instr(modified_properties, 'AffectedItems.Subject') > 0
      AND (${NOTICE_WORDS.map((w) => `modified_properties LIKE '%${w}%'`).join(' OR ')})))`

export function isRelevantAudit(act: string | null, modifiedJson: string | null): boolean {
  if (act === null) return false
  if (act === UPDATE_USER) return modifiedJson !== null && /strongauthentication/i.test(modifiedJson)
  // Mailbox forwarding and deleted mails matter only in the few cases SI-021 reads.
  if (act === SET_MAILBOX || MAIL_DELETE.has(act))
    return (
      modifiedJson !== null && mailboxSignal(act, JSON.parse(modifiedJson) as ModifiedProperty[]) !== null
    )
  if (KEEP.has(act)) return true
  if (ROLE_GRANT.test(act)) return true
  return KEEP.has(foldDashes(act))
}
