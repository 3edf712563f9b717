import { rule as si001 } from './si-001-security-info-registered'
import { rule as si002 } from './si-002-security-info-by-admin'
import { rule as si003 } from './si-003-tap-issued'
import { rule as si004 } from './si-004-security-info-deleted'
import { rule as si005 } from './si-005-per-user-mfa-disabled'
import { rule as si006 } from './si-006-phishable-method'
import { rule as si007 } from './si-007-new-authenticator-device'
import { rule as si008 } from './si-008-fraud-report'
import { rule as si009 } from './si-009-policy-weakened'
import { rule as si010 } from './si-010-mfa-denial-burst'
import { rule as si011 } from './si-011-password-reset-and-registration'
import { rule as si012 } from './si-012-method-swap'
import { rule as si013 } from './si-013-tap-lifecycle'
import { rule as si014 } from './si-014-risky-signin-then-change'
import { rule as si015 } from './si-015-risky-enrolment-interrupt'
import { rule as si016 } from './si-016-fatigue-then-change'
import { rule as si017 } from './si-017-change-from-unseen-address'
import { rule as si018 } from './si-018-signin-after-change-from-unseen'
import { rule as si019 } from './si-019-dormant-account-enrolled'
import { rule as si020 } from './si-020-sspr-then-risky'
import { rule as si021 } from './si-021-change-then-persistence'
import { rule as si022 } from './si-022-shared-phone-number'
import { rule as si023 } from './si-023-shared-authenticator-device'
import { rule as si024 } from './si-024-many-accounts-one-address'
import { rule as si025 } from './si-025-one-actor-many-targets'
import { rule as si026 } from './si-026-registration-spike'
import { rule as si027 } from './si-027-off-hours-change'
import { rule as si028 } from './si-028-privileged-account-change'
import { rule as si029 } from './si-029-role-granted-near-change'
import type { Rule } from './types'

/** The detection catalog (DETECTIONS.md SI-001..SI-029), in id order. */
export const RULES: readonly Rule[] = [
  si001,
  si002,
  si003,
  si004,
  si005,
  si006,
  si007,
  si008,
  si009,
  si010,
  si011,
  si012,
  si013,
  si014,
  si015,
  si016,
  si017,
  si018,
  si019,
  si020,
  si021,
  si022,
  si023,
  si024,
  si025,
  si026,
  si027,
  si028,
  si029
]

export const RULE_IDS: readonly string[] = RULES.map((r) => r.meta.id)

export function ruleById(id: string): Rule | undefined {
  const want = id.trim().toUpperCase()
  return RULES.find((r) => r.meta.id === want)
}
