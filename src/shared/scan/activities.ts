/**
 * Activity names the detection engine understands, as activity keys (trimmed, case-folded, no
 * trailing period: the form of the events table's activity_key column). Names differ across
 * tenants, export paths and years (DETECTIONS.md §2.2-6), hence sets and patterns rather than
 * one string each.
 */

export const SELF_REGISTER = new Set([
  'user registered security info',
  'user registered all required security info'
])
export const REGISTER_ALL = 'user registered all required security info'
export const REGISTRATION_ATTEMPT = new Set([
  'user started security info registration',
  'user canceled security info registration',
  'user cancelled security info registration'
])
export const ADMIN_SECURITY_INFO = new Set([
  'admin registered security info',
  'admin updated security info',
  'admin deleted security info'
])
export const SELF_DELETE = 'user deleted security info'
export const DEFAULT_CHANGE = 'user changed default security info'
export const SELF_UPDATE = 'user updated security info'
export const SELF_REVIEW = 'user reviewed security info'
export const TAP_CREATE = 'create temporary access pass method for user'
/** Device Registration Service credential adds and deletes (MS6). */
export const DEVICE_CREDENTIAL_ADD = new Set([
  'add fido2 security key',
  'add passwordless phone sign-in credential',
  'add windows hello for business credential'
])
export const DEVICE_CREDENTIAL_DELETE = new Set([
  'delete fido2 security key',
  'delete passwordless phone sign-in credential',
  'delete windows hello for business credential'
])
export const PHONE_APP_ADD = 'add users strong authentication phone app detail'
export const PHONE_APP_REMOVE = 'remove users strong authentication phone app detail'
export const DISABLE_STRONG_AUTH = 'disable strong authentication'
export const UPDATE_USER = 'update user'
export const ADD_USER = 'add user'

/** Password resets done for the user by someone else (MS6; "reset password" is the older name). */
export const ADMIN_PASSWORD_RESET = new Set([
  'reset password (by admin)',
  'reset user password',
  'reset password'
])
export const SELF_PASSWORD_RESET = 'reset password (self-service)'
export const PASSWORD_CHANGE = new Set(['change password (self-service)', 'change user password'])
export const SELF_UNLOCK = 'unlock user account (self-service)'
export const SSPR_PROGRESS = 'self-service password reset flow activity progress'

export const FRAUD_REPORT = new Set([
  'suspicious activity reported',
  'fraud reported - user is blocked for mfa',
  'fraud reported - no action taken'
])

export const METHODS_POLICY = new Set([
  'authentication methods policy update',
  'authentication methods policy reset',
  'update authentication methods policy'
])
export const REGISTRATION_POLICY = 'update user risk and mfa registration policy'
export const CA_POLICY_UPDATE = 'update conditional access policy'
export const CA_POLICY_DELETE = 'delete conditional access policy'

/** Role grants and their PIM spellings ("Add member to role (PIM activation)", "... completed (permanent)"). */
export const ROLE_GRANT = /^add (eligible )?member to role\b/
/** Direct grants (not PIM activations of an existing eligibility). */
export const DIRECT_ROLE_GRANT = new Set(['add member to role', 'add eligible member to role'])
/** A new assignment made in PIM ("Add eligible member to role in PIM completed (permanent)", "… (timebound)"). */
export const PIM_ASSIGNMENT = /^add (eligible )?member to role in pim completed\b/
export const PIM_ACTIVATION = /pim activation/
/** PIM writes a request before the grant ("… requested (permanent)"); only the completed event grants. */
export const PIM_REQUEST = /\brequested\b/

/**
 * Persistence or privileged actions an attacker takes after securing the account (SI-021, from
 * AZ22, AZ18, EL5, EL6). Dash variants of "Update application – Certificates and secrets
 * management" are folded to a hyphen before lookup.
 */
export const PERSISTENCE_ACTIONS = new Set([
  'add member to role',
  'add eligible member to role',
  'consent to application',
  'add service principal credentials',
  'update application - certificates and secrets management',
  'add owner to service principal',
  'add owner to application',
  'set domain authentication',
  'update conditional access policy',
  'delete conditional access policy',
  'register device'
])

/**
 * Exchange mailbox activities of the unified audit log that SI-021 reads where the Purview log was
 * imported (EL8, MS7 "inbox/forwarding rules, deleted MFA-notification emails"), as activity keys.
 */
export const INBOX_RULE = new Set(['new-inboxrule', 'set-inboxrule', 'enable-inboxrule', 'updateinboxrules'])
/** Set-Mailbox counts only when it sets forwarding (ForwardingSmtpAddress / ForwardingAddress). */
export const SET_MAILBOX = 'set-mailbox'
export const MAIL_DELETE = new Set(['softdelete', 'harddelete', 'movetodeleteditems'])

export function foldDashes(act: string): string {
  return act.replace(/\s*[\u2012-\u2015-]\s*/g, ' - ')
}

/** Status reasons that identify a TAP (DETECTIONS.md SI-003 shapes a and b). */
export const TAP_REASON = /temporary access pass/i
export const REREGISTRATION_REASON = /required re-?registration/i
export const ADMIN_PHONE_REASON = /^admin (registered|changed|updated|deleted) phone method/i
export const SSPR_DONE_REASON = /successfully completed reset|user successfully reset password/i
export const SSPR_PRESENTED_REASON = /presented with verification options/i

/** MFA denial details of sign-ins with errorCode 500121 (SI-010). */
export const DENIAL_DETAILS = [
  'mfa denied; user declined the authentication',
  'mfa denied; user did not respond to mobile app notification',
  'mfa denied; user did not select the correct number',
  'mfa denied; invalid verification code'
]
export const FRAUD_DETAILS = ['mfa denied; phone app reported fraud', 'mfa denied; user is blocked']
export const MFA_DENIED_CODE = 500121
