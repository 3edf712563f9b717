import type { Method } from './event'

/**
 * Maps the many ways Entra names an authentication method onto Authtrail's canonical
 * vocabulary. The method of a security-info change lives only in free text (the status
 * reason, FORMATS.md §8b), in StrongAuthenticationMethod type numbers, or in sign-in
 * authentication details, so this is a table of patterns tried in order: the first match wins,
 * which is why the specific phrases ("alternate", "office", "passwordless") come before the
 * general ones ("phone", "authenticator").
 */
const TEXT_RULES: ReadonlyArray<readonly [RegExp, Method]> = [
  [/temporary access pass|\btap\b/i, 'temporary-access-pass'],
  [/passkey/i, 'passkey'],
  [/fido|security key/i, 'fido2'],
  [/windows hello|whfb/i, 'windows-hello'],
  [/hardware (oath )?token|hardware oath/i, 'hardware-oath'],
  [/security question/i, 'security-questions'],
  [/app password/i, 'app-password'],
  [/alternate|other ?mobile|alternativephone/i, 'alternate-phone'],
  [/office phone|voice ?office|\boffice\b/i, 'office-phone'],
  [
    /passwordless phone sign-in|phone sign-in|authenticator|phoneapp|mobile app|push notification/i,
    'microsoft-authenticator'
  ],
  [/software oath|oath verification code|code from my .*token|third-party software/i, 'software-oath'],
  [/\btext (a code|message)|\bsms\b|onewaysms|twowaysms/i, 'phone-sms'],
  [/\bcall\b|voice|phone call/i, 'phone-voice'],
  [/mobile phone|\bphone\b/i, 'phone-sms'],
  [/e-?mail/i, 'email'],
  [/password/i, 'password']
]

/** The canonical method named in a reason text or method label, or null when none is named. */
export function methodFromText(text: string | null | undefined): Method | null {
  if (!text) return null
  for (const [pattern, method] of TEXT_RULES) if (pattern.test(text)) return method
  return null
}

/**
 * StrongAuthenticationMethod `MethodType` index map (FORMATS.md §5b, from the MS10 blog):
 * 0 TwoWayVoiceMobile, 1 TwoWaySms, 2 TwoWayVoiceOffice, 3 TwoWayVoiceOtherMobile,
 * 4 TwoWaySmsOtherMobile, 5 OneWaySms, 6 PhoneAppNotification, 7 PhoneAppOTP.
 */
const STRONG_AUTH_TYPES: readonly Method[] = [
  'phone-voice',
  'phone-sms',
  'office-phone',
  'alternate-phone',
  'alternate-phone',
  'phone-sms',
  'microsoft-authenticator',
  'microsoft-authenticator'
]

export const STRONG_AUTH_TYPE_NAMES: readonly string[] = [
  'TwoWayVoiceMobile',
  'TwoWaySms',
  'TwoWayVoiceOffice',
  'TwoWayVoiceOtherMobile',
  'TwoWaySmsOtherMobile',
  'OneWaySms',
  'PhoneAppNotification',
  'PhoneAppOTP'
]

export function methodFromStrongAuthType(type: number): Method {
  return STRONG_AUTH_TYPES[type] ?? 'unknown'
}

/** Sign-in step labels that are not a method at all. */
const NOT_A_METHOD = /^(previously satisfied|none|unknown|)$/i

/** The canonical method of a sign-in authenticationDetails step label ("Mobile app notification", "Text message"…). */
export function methodFromSigninStep(label: string | null | undefined): Method | null {
  if (!label || NOT_A_METHOD.test(label.trim())) return null
  return methodFromText(label) ?? 'unknown'
}

/** Methods that prove possession beyond a password, strongest evidence first. */
const SECOND_FACTOR_PRIORITY: readonly Method[] = [
  'temporary-access-pass',
  'passkey',
  'fido2',
  'windows-hello',
  'microsoft-authenticator',
  'hardware-oath',
  'software-oath',
  'phone-sms',
  'phone-voice',
  'alternate-phone',
  'office-phone',
  'email',
  'security-questions',
  'app-password',
  'unknown',
  'password'
]

/** The method that characterises a sign-in: its strongest succeeded factor. */
export function primaryMethod(methods: readonly Method[]): Method | null {
  for (const m of SECOND_FACTOR_PRIORITY) if (methods.includes(m)) return m
  return null
}
