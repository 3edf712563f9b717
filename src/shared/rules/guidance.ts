import type { ResponseGuidance, ResponseStep } from './types'

/**
 * Response steps for the responder's report. Authtrail never touches the tenant: these say where
 * to look and what to call. Portal paths follow the current Microsoft Entra admin center
 * navigation ("Entra ID > …"; older documentation says "Identity > …" or "Protection > …").
 * Graph calls are v1.0 unless marked beta; PowerShell is the Microsoft Graph PowerShell SDK.
 * Checked against learn.microsoft.com (authentication methods API, revokeSignInSessions,
 * passwordAuthenticationMethod resetPassword, Conditional Access user actions, riskyUser).
 */
function step(
  action: string,
  portal: string | null,
  graph: string | null,
  powershell: string | null
): ResponseStep {
  return { action, portal, graph, powershell }
}

const USER_METHODS = 'Entra ID > Users > All users > (user) > Authentication methods'

export const S = {
  listMethods: step(
    "List the user's registered authentication methods and compare them with what the user says they own",
    USER_METHODS,
    'GET /users/{id}/authentication/methods',
    'Get-MgUserAuthenticationMethod -UserId <upn>'
  ),
  reviewSignIns: step(
    "Review the user's sign-ins around the change (addresses, devices, applications, risk)",
    'Entra ID > Monitoring & health > Sign-in logs (filter: user)',
    "GET /auditLogs/signIns?$filter=userId eq '{id}'",
    'Get-MgAuditLogSignIn -Filter "userId eq \'<id>\'"'
  ),
  reviewAudit: step(
    'Review the audit trail of the user and of whoever made the change',
    'Entra ID > Monitoring & health > Audit logs (filter: target or initiated by)',
    "GET /auditLogs/directoryAudits?$filter=targetResources/any(t: t/id eq '{id}')",
    'Get-MgAuditLogDirectoryAudit -Filter "targetResources/any(t: t/id eq \'<id>\')"'
  ),
  askUser: step(
    'Ask the user, through a channel other than the account in question, whether they made the change',
    null,
    null,
    null
  ),
  reviewRisk: step(
    "Review the user's risk detections and risky sign-ins in Identity Protection",
    'ID Protection > Risky users / Risky sign-ins',
    "GET /identityProtection/riskDetections?$filter=userId eq '{id}'",
    'Get-MgRiskDetection -Filter "userId eq \'<id>\'"'
  ),
  reviewRoles: step(
    'List the role assignments (active and eligible) of the account',
    'Entra ID > Users > All users > (user) > Assigned roles',
    "GET /roleManagement/directory/roleAssignments?$filter=principalId eq '{id}'",
    'Get-MgRoleManagementDirectoryRoleAssignment -Filter "principalId eq \'<id>\'"'
  ),
  revokeSessions: step(
    "Revoke the user's sessions and refresh tokens",
    'Entra ID > Users > All users > (user) > Revoke sessions',
    'POST /users/{id}/revokeSignInSessions',
    'Revoke-MgUserSignInSession -UserId <upn>'
  ),
  blockSignIn: step(
    'Block sign-in while the account is investigated',
    'Entra ID > Users > All users > (user) > Edit properties > Settings > Account enabled (clear)',
    'PATCH /users/{id} {"accountEnabled": false}',
    'Update-MgUser -UserId <upn> -AccountEnabled:$false'
  ),
  confirmCompromised: step(
    'Mark the user as compromised in Identity Protection (raises user risk to high for risk-based policies)',
    'ID Protection > Risky users > (user) > Confirm user compromised',
    'POST /identityProtection/riskyUsers/confirmCompromised {"userIds": ["{id}"]}',
    'Confirm-MgRiskyUserCompromised -UserIds <id>'
  ),
  removeAuthenticator: step(
    'Remove the Microsoft Authenticator registration the user does not own',
    USER_METHODS,
    'DELETE /users/{id}/authentication/microsoftAuthenticatorMethods/{methodId}',
    'Remove-MgUserAuthenticationMicrosoftAuthenticatorMethod -UserId <upn> -MicrosoftAuthenticatorAuthenticationMethodId <methodId>'
  ),
  removePhone: step(
    'Remove the phone method the user does not own',
    USER_METHODS,
    'DELETE /users/{id}/authentication/phoneMethods/{phoneMethodId}',
    'Remove-MgUserAuthenticationPhoneMethod -UserId <upn> -PhoneAuthenticationMethodId <phoneMethodId>'
  ),
  removeFido2: step(
    'Remove the FIDO2 security key or passkey the user does not own',
    USER_METHODS,
    'DELETE /users/{id}/authentication/fido2Methods/{methodId}',
    'Remove-MgUserAuthenticationFido2Method -UserId <upn> -Fido2AuthenticationMethodId <methodId>'
  ),
  removeTap: step(
    'Delete the Temporary Access Pass if it is still valid',
    USER_METHODS,
    'DELETE /users/{id}/authentication/temporaryAccessPassMethods/{methodId}',
    'Remove-MgUserAuthenticationTemporaryAccessPassMethod -UserId <upn> -TemporaryAccessPassAuthenticationMethodId <methodId>'
  ),
  requireReregister: step(
    'Require the user to register MFA again (deletes phone, Authenticator and software OATH methods), then re-register with the user in person or by verified call',
    `${USER_METHODS} > Require re-register multifactor authentication`,
    null,
    null
  ),
  resetPassword: step(
    "Reset the user's password (the user must change it at next sign-in)",
    'Entra ID > Users > All users > (user) > Reset password',
    'POST /users/{id}/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword',
    'Reset-MgUserAuthenticationMethodPassword -UserId <upn> -AuthenticationMethodId 28c10230-6103-485e-b985-444c60001490'
  ),
  reenablePerUserMfa: step(
    'Re-enable per-user MFA for the user, or confirm a Conditional Access policy requires MFA for them',
    'Entra ID > Users > Per-user multifactor authentication',
    'PATCH /beta/users/{id}/authentication/requirements {"perUserMfaState": "enforced"}',
    'Update-MgBetaUserAuthenticationRequirement -UserId <upn> -BodyParameter @{perUserMfaState = "enforced"}'
  ),
  caRegistration: step(
    'Require a Conditional Access policy on security-info registration (user action "Register security information": trusted location or TAP plus MFA strength)',
    'Entra ID > Conditional Access > Policies > New policy > Target resources > User actions > Register security information',
    'POST /identity/conditionalAccess/policies (conditions.applications.includeUserActions: ["urn:user:registersecurityinfo"])',
    'New-MgIdentityConditionalAccessPolicy -BodyParameter <policy with includeUserActions urn:user:registersecurityinfo>'
  ),
  reviewMethodsPolicy: step(
    'Review the Authentication methods policy and turn off methods the tenant does not need (SMS, voice, email OTP, external methods)',
    'Entra ID > Authentication methods > Policies',
    'GET /policies/authenticationMethodsPolicy; PATCH /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{sms|voice|email} {"state": "disabled"}',
    'Get-MgPolicyAuthenticationMethodPolicy; Update-MgPolicyAuthenticationMethodPolicyAuthenticationMethodConfiguration -AuthenticationMethodConfigurationId sms -BodyParameter @{"@odata.type"="#microsoft.graph.smsAuthenticationMethodConfiguration"; state="disabled"}'
  ),
  reviewCaPolicies: step(
    'Review Conditional Access policies for grant controls that lost "Require multifactor authentication" and restore them',
    'Entra ID > Conditional Access > Policies (and Monitoring & health > Audit logs, category Policy)',
    'GET /identity/conditionalAccess/policies; PATCH /identity/conditionalAccess/policies/{id}',
    'Get-MgIdentityConditionalAccessPolicy; Update-MgIdentityConditionalAccessPolicy -ConditionalAccessPolicyId <id>'
  ),
  reviewActor: step(
    'Review the admin or app that made the change: its own sign-ins and audit trail in the preceding 24 hours, and whether a ticket covers the change',
    'Entra ID > Monitoring & health > Audit logs (filter: initiated by) and Sign-in logs',
    "GET /auditLogs/directoryAudits?$filter=initiatedBy/user/id eq '{actorId}'",
    'Get-MgAuditLogDirectoryAudit -Filter "initiatedBy/user/id eq \'<actorId>\'"'
  ),
  reviewApp: step(
    'If an app made the change, review its credentials and owners; remove a secret or certificate that was not issued by you',
    'Entra ID > App registrations > (app) > Certificates & secrets',
    'POST /applications/{id}/removePassword {"keyId": "{keyId}"}; POST /servicePrincipals/{id}/removePassword',
    'Remove-MgApplicationPassword -ApplicationId <id> -KeyId <keyId>; Remove-MgServicePrincipalPassword -ServicePrincipalId <id> -KeyId <keyId>'
  ),
  removeRole: step(
    'Remove role assignments that were not approved',
    'Entra ID > Roles & admins > (role) > Assignments',
    'DELETE /roleManagement/directory/roleAssignments/{id} (eligible: POST /roleManagement/directory/roleEligibilityScheduleRequests with action "adminRemove")',
    'Remove-MgRoleManagementDirectoryRoleAssignment -UnifiedRoleAssignmentId <id>; New-MgRoleManagementDirectoryRoleEligibilityScheduleRequest (action adminRemove)'
  ),
  reviewConsents: step(
    'Review application consents and credentials added by the user after the change; revoke those not approved',
    'Entra ID > Enterprise apps > (app) > Permissions; App registrations > Certificates & secrets',
    "GET /oauth2PermissionGrants?$filter=clientId eq '{servicePrincipalId}'; DELETE /oauth2PermissionGrants/{id}",
    'Get-MgOauth2PermissionGrant -Filter "clientId eq \'<spId>\'"; Remove-MgOauth2PermissionGrant -OAuth2PermissionGrantId <id>'
  ),
  reviewDevices: step(
    'Review devices the user registered after the change and disable those not theirs',
    'Entra ID > Devices > All devices (filter: user)',
    'GET /users/{id}/registeredDevices; PATCH /devices/{id} {"accountEnabled": false}',
    'Get-MgUserRegisteredDevice -UserId <upn>; Update-MgDevice -DeviceId <id> -AccountEnabled:$false'
  ),
  otherUsersFromIp: step(
    'Look for other accounts that signed in or changed security info from the same address',
    'Entra ID > Monitoring & health > Sign-in logs (filter: IP address)',
    "GET /auditLogs/signIns?$filter=ipAddress eq '{ip}'",
    'Get-MgAuditLogSignIn -Filter "ipAddress eq \'<ip>\'"'
  ),
  blockIp: step(
    'Block the attacker addresses with a Conditional Access named location and a block policy',
    'Entra ID > Conditional Access > Named locations, then a policy that blocks that location',
    'POST /identity/conditionalAccess/namedLocations (ipNamedLocation)',
    'New-MgIdentityConditionalAccessNamedLocation -BodyParameter <ipNamedLocation>'
  ),
  reportSuspicious: step(
    'Make sure users can report suspicious MFA prompts and that reports raise user risk',
    'Entra ID > Authentication methods > Settings > Report suspicious activity',
    'PATCH /policies/authenticationMethodsPolicy {"reportSuspiciousActivitySettings": {"state": "enabled"}}',
    null
  ),
  numberMatching: step(
    'Use Authenticator number matching and additional context (location, app name) so push approvals cannot be given blindly',
    'Entra ID > Authentication methods > Policies > Microsoft Authenticator > Configure',
    'PATCH /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/microsoftAuthenticator (featureSettings)',
    null
  ),
  tapPolicy: step(
    'Restrict who can issue Temporary Access Passes and make them one-time by default',
    'Entra ID > Authentication methods > Policies > Temporary Access Pass',
    'PATCH /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass {"isUsableOnceByDefault": true}',
    null
  ),
  ssprSettings: step(
    'Review self-service password reset: who may use it, the methods required, and notify users and admins of resets',
    'Entra ID > Password reset > Authentication methods / Notifications',
    null,
    null
  ),
  reviewInboxRules: step(
    "Review the user's inbox rules and mail forwarding set after the change (rules that move, delete or forward mail hide the attacker's traces); Exchange Online PowerShell also shows hidden rules: Get-InboxRule -Mailbox <upn> -IncludeHidden; Get-Mailbox <upn> | Format-List ForwardingSmtpAddress,ForwardingAddress",
    'Exchange admin center > Recipients > Mailboxes > (user) > Mail flow > Manage email forwarding',
    'GET /users/{id}/mailFolders/inbox/messageRules',
    'Get-MgUserMailFolderMessageRule -UserId <upn> -MailFolderId inbox'
  ),
  removeInboxRule: step(
    'Delete the inbox rules and forwarding the user did not create (Exchange Online PowerShell: Remove-InboxRule -Mailbox <upn> -Identity <rule>; Set-Mailbox <upn> -ForwardingSmtpAddress $null -ForwardingAddress $null)',
    'Exchange admin center > Recipients > Mailboxes > (user) > Mail flow > Manage email forwarding',
    'DELETE /users/{id}/mailFolders/inbox/messageRules/{ruleId}',
    'Remove-MgUserMailFolderMessageRule -UserId <upn> -MailFolderId inbox -MessageRuleId <id>'
  ),
  helpdeskProcess: step(
    'Require verified identity (call-back, manager approval, in person) before help-desk MFA or password changes, and record tickets',
    null,
    null,
    null
  )
} as const

export function guidance(
  confirm: ResponseStep[],
  contain: ResponseStep[],
  remediate: ResponseStep[]
): ResponseGuidance {
  return { confirm, contain, remediate }
}

/** The usual answer to a security-info change an attacker made: confirm with the user, evict, remove their method. */
export const ACCOUNT_TAKEOVER: ResponseGuidance = guidance(
  [S.askUser, S.listMethods, S.reviewSignIns, S.reviewAudit],
  [S.revokeSessions, S.blockSignIn, S.confirmCompromised],
  [S.removeAuthenticator, S.removePhone, S.resetPassword, S.caRegistration]
)
