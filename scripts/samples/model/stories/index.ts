/**
 * Every story, in the order they are built. Stories that touch the same user must come in
 * chronological order (the state book refuses a change dated before an earlier one).
 */
import type { StoryDef } from './context'
import { dormantAccount, onboardingDay, returningEmployee } from './enrolment'
import { fraudReport, misTapFraudReport, pushFatigue, stalePrompts } from './fatigue'
import { forgottenPasswordResets, helpdeskSocialEngineering, lostPhoneTicket, rogueHelpdeskCampaign } from './help-desk'
import { mailboxCoverUp, noticeReadNextMorning } from './mailbox'
import { nightShiftRegistration, offHoursRegistration } from './off-hours'
import { plannedCaMigration, policyWeakening } from './policy'
import { aitmNewAuthenticator, aitmSmsDefault, newPhoneFromHome, smsWithoutSmartphone, travellerRemediatedRisk } from './risky-signin'
import { sharedAuthenticatorDevice, sharedPhoneNumber, twinAdminPhone } from './shared-methods'
import { ssprRecon, ssprSimSwap, travellerSspr } from './sspr'
import { newAdminOnboarding, onboardingTap, roleAfterTakeover, tapLifecycleGlobalAdmin } from './tap'


export type { BuiltStory, StoryDef } from './context'

export const STORIES: readonly StoryDef[] = [
  forgottenPasswordResets,
  sharedAuthenticatorDevice,
  aitmNewAuthenticator,
  smsWithoutSmartphone,
  newAdminOnboarding,
  noticeReadNextMorning,
  mailboxCoverUp,
  sharedPhoneNumber,
  ssprRecon,
  newPhoneFromHome,
  twinAdminPhone,
  ssprSimSwap,
  onboardingDay,
  onboardingTap,
  lostPhoneTicket,
  aitmSmsDefault,
  stalePrompts,
  helpdeskSocialEngineering,
  tapLifecycleGlobalAdmin,
  roleAfterTakeover,
  travellerSspr,
  fraudReport,
  plannedCaMigration,
  returningEmployee,
  rogueHelpdeskCampaign,
  misTapFraudReport,
  nightShiftRegistration,
  travellerRemediatedRisk,
  pushFatigue,
  policyWeakening,
  dormantAccount,
  offHoursRegistration
]
