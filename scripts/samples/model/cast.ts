/**
 * The story cast: the named people the attack stories and their look-alikes happen to. Each one
 * has the habits a story depends on (a night shift, evening e-mail, travel, no MFA yet...), so
 * read a story together with its cast entry. Extra users requested with --users are generated
 * from the name lists below and only produce normal noise.
 */
import type { RoleKey } from './directory'
import type { PlaceKey } from './geo'
import type { OfficeKey, UserKind } from './types'

export interface CastMember {
  key: string
  given: string
  surname: string
  /** Local part of the UPN when it is not given.surname. */
  upnLocal?: string
  displayName?: string
  office: OfficeKey
  home: PlaceKey
  jobTitle: string
  department: string
  kind?: UserKind
  /** A Microsoft Authenticator registration (push + code unless notification is false). */
  auth?: { name: string; os: 'iOS' | 'Android' }
  /** A mobile phone method; the default method when there is no Authenticator. */
  phone?: 'sms' | 'voice'
  email?: boolean
  fido2?: string
  roles?: RoleKey[]
  hours?: [number, number]
  workDays?: number[]
  wfh?: number[]
  evening?: boolean
  perUserMfa?: boolean
  mfaRequired?: boolean
  /** First window day with activity; 'never' = only what the stories write. */
  activeFromDay?: number | 'never'
  /** The key of the same person's other account; the two share the phone and Authenticator. */
  twinOf?: string
}

const WEEKDAYS = [1, 2, 3, 4, 5]

export const CAST: readonly CastMember[] = [
  // Seattle
  { key: 'olivia', given: 'Olivia', surname: 'Bennett', office: 'seattle', home: 'bellevue', jobTitle: 'Financial Analyst', department: 'Finance', auth: { name: 'iPhone 14', os: 'iOS' }, wfh: [5] },
  { key: 'james', given: 'James', surname: 'Wright', office: 'seattle', home: 'kirkland', jobTitle: 'Sales Manager', department: 'Sales', auth: { name: 'iPhone 12', os: 'iOS' }, evening: true, wfh: [1] },
  { key: 'ethan', given: 'Ethan', surname: 'Brooks', office: 'seattle', home: 'redmond', jobTitle: 'Software Engineer', department: 'Engineering', auth: { name: 'Pixel 7a', os: 'Android' }, wfh: [3] },
  { key: 'maya', given: 'Maya', surname: 'Singh', office: 'seattle', home: 'tacoma', jobTitle: 'IT Operations Engineer (night shift)', department: 'IT', auth: { name: 'SM-G991B', os: 'Android' }, hours: [22, 30], workDays: [0, 1, 2, 3, 4], wfh: [0, 1, 2, 3, 4] },
  { key: 'ben', given: 'Ben', surname: 'Carter', office: 'seattle', home: 'seattle', jobTitle: 'IT Director', department: 'IT', kind: 'admin', auth: { name: 'iPhone 15 Pro', os: 'iOS' }, fido2: 'YubiKey 5C NFC', roles: ['globalAdmin'] },
  { key: 'kevin', given: 'Kevin', surname: 'Wu', office: 'seattle', home: 'redmond', jobTitle: 'Procurement Specialist', department: 'Procurement', auth: { name: 'iPhone 13', os: 'iOS' }, perUserMfa: true },
  { key: 'isabel', given: 'Isabel', surname: 'Garcia', office: 'seattle', home: 'bellevue', jobTitle: 'Marketing Manager', department: 'Marketing', auth: { name: 'iPhone 13', os: 'iOS' }, activeFromDay: 8 },
  { key: 'george', given: 'George', surname: 'Hall', office: 'seattle', home: 'tacoma', jobTitle: 'Facilities Coordinator', department: 'Facilities', phone: 'voice', hours: [7, 16] },
  { key: 'victor', given: 'Victor', surname: 'Hughes', office: 'seattle', home: 'seattle', jobTitle: 'Contract Consultant', department: 'Engineering', activeFromDay: 'never' },
  // New York
  { key: 'daniel', given: 'Daniel', surname: 'Kim', office: 'newYork', home: 'brooklyn', jobTitle: 'Treasury Analyst', department: 'Finance', auth: { name: 'SM-A546E', os: 'Android' } },
  { key: 'aisha', given: 'Aisha', surname: 'Khan', office: 'newYork', home: 'jerseyCity', jobTitle: 'Legal Counsel', department: 'Legal', phone: 'sms', email: true },
  { key: 'liam', given: 'Liam', surname: 'Foster', office: 'newYork', home: 'jerseyCity', jobTitle: 'Logistics Coordinator', department: 'Operations', mfaRequired: false },
  { key: 'rachel', given: 'Rachel', surname: 'Green', office: 'newYork', home: 'hoboken', jobTitle: 'HR Business Partner', department: 'Human Resources', auth: { name: 'iPhone 15', os: 'iOS' }, wfh: [5] },
  { key: 'leo', given: 'Leo', surname: 'Martins', office: 'newYork', home: 'yonkers', jobTitle: 'Service Desk Analyst', department: 'IT', kind: 'admin', auth: { name: 'Pixel 8', os: 'Android' }, roles: ['helpdeskAdmin'] },
  { key: 'zara', given: 'Zara', surname: 'Ahmed', office: 'newYork', home: 'brooklyn', jobTitle: 'Service Desk Analyst', department: 'IT', kind: 'admin', auth: { name: 'iPhone 14', os: 'iOS' }, roles: ['helpdeskAdmin'] },
  { key: 'felix', given: 'Felix', surname: 'Wagner', office: 'newYork', home: 'hoboken', jobTitle: 'Systems Engineer', department: 'IT', auth: { name: 'iPhone 15', os: 'iOS' } },
  { key: 'paula', given: 'Paula', surname: 'Silva', office: 'newYork', home: 'yonkers', jobTitle: 'Accountant', department: 'Finance', auth: { name: 'Pixel 7a', os: 'Android' } },
  { key: 'jordan', given: 'Jordan', surname: 'Lee', office: 'newYork', home: 'brooklyn', jobTitle: 'Junior Analyst', department: 'Finance', kind: 'newhire', activeFromDay: 7 },
  { key: 'amelia', given: 'Amelia', surname: 'Ward', office: 'newYork', home: 'hoboken', jobTitle: 'Legal Assistant', department: 'Legal', kind: 'newhire', activeFromDay: 7 },
  { key: 'lily', given: 'Lily', surname: 'Chen', office: 'newYork', home: 'jerseyCity', jobTitle: 'Recruiter', department: 'Human Resources', kind: 'newhire', activeFromDay: 7 },
  { key: 'zoe', given: 'Zoe', surname: 'Adams', office: 'newYork', home: 'yonkers', jobTitle: 'Data Analyst', department: 'Engineering', kind: 'newhire', activeFromDay: 7 },
  // New York store: frontline staff without MFA on the store network
  { key: 'sean', given: 'Sean', surname: "O'Connor", upnLocal: 'sean.oconnor', office: 'store', home: 'brooklyn', jobTitle: 'Store Associate', department: 'Retail', kind: 'frontline', mfaRequired: false, hours: [7, 15], workDays: [1, 2, 3, 4, 6] },
  { key: 'tara', given: 'Tara', surname: 'Bell', office: 'store', home: 'yonkers', jobTitle: 'Store Associate', department: 'Retail', kind: 'frontline', mfaRequired: false, hours: [7, 15], workDays: [1, 2, 3, 5, 6] },
  { key: 'omar', given: 'Omar', surname: 'Haddad', office: 'store', home: 'jerseyCity', jobTitle: 'Shift Supervisor', department: 'Retail', kind: 'frontline', mfaRequired: false, hours: [9, 17], workDays: [2, 3, 4, 5, 6] },
  // London
  { key: 'emma', given: 'Emma', surname: 'Clarke', office: 'london', home: 'croydon', jobTitle: 'Paralegal', department: 'Legal', auth: { name: 'iPhone 13', os: 'iOS' } },
  { key: 'lucas', given: 'Lucas', surname: 'Meyer', office: 'london', home: 'reading', jobTitle: 'Data Engineer', department: 'Engineering', auth: { name: 'Pixel 8', os: 'Android' }, perUserMfa: true },
  { key: 'mia', given: 'Mia', surname: 'Rossi', office: 'london', home: 'guildford', jobTitle: 'Product Designer', department: 'Product', auth: { name: 'iPhone 14', os: 'iOS' } },
  { key: 'chloe', given: 'Chloe', surname: 'Nguyen', office: 'london', home: 'cambridge', jobTitle: 'Product Manager', department: 'Product', auth: { name: 'SM-S911B', os: 'Android' } },
  { key: 'hannah', given: 'Hannah', surname: 'Schmidt', office: 'london', home: 'reading', jobTitle: 'Business Analyst', department: 'Operations', auth: { name: 'iPhone 12', os: 'iOS' }, perUserMfa: true },
  { key: 'hugo', given: 'Hugo', surname: 'Lambert', office: 'london', home: 'croydon', jobTitle: 'Account Manager', department: 'Sales', auth: { name: 'SM-G991B', os: 'Android' }, perUserMfa: true, wfh: [5] },
  { key: 'nina', given: 'Nina', surname: 'Kowalski', office: 'london', home: 'guildford', jobTitle: 'Payroll Specialist', department: 'Finance', auth: { name: 'iPhone 15', os: 'iOS' } },
  { key: 'tom', given: 'Tom', surname: 'Baker', office: 'london', home: 'cambridge', jobTitle: 'Account Executive', department: 'Sales', auth: { name: 'iPhone 14', os: 'iOS' }, phone: 'sms', evening: true },
  { key: 'ava', given: 'Ava', surname: 'Thompson', office: 'london', home: 'reading', jobTitle: 'IT Security Lead', department: 'IT', auth: { name: 'iPhone 13', os: 'iOS' }, wfh: [1] },
  { key: 'avaAdmin', given: 'Ava', surname: 'Thompson', upnLocal: 'ava.thompson.admin', displayName: 'Ava Thompson (Admin)', office: 'london', home: 'reading', jobTitle: 'IT Security Lead', department: 'IT', kind: 'admin', auth: { name: 'iPhone 13', os: 'iOS' }, roles: ['globalAdmin', 'privilegedAuthAdmin'], twinOf: 'ava', wfh: [1] },
  { key: 'priya', given: 'Priya', surname: 'Shah', office: 'london', home: 'guildford', jobTitle: 'Identity Engineer', department: 'IT', kind: 'admin', auth: { name: 'iPhone 15 Pro', os: 'iOS' }, roles: ['authAdmin'] },
  // Created by the attacker in story A06; it exists only in the events that story writes.
  { key: 'backdoor', given: 'IT Support', surname: 'Service', upnLocal: 'it.support.svc', displayName: 'IT Support Service', office: 'seattle', home: 'seattle', jobTitle: 'Service account', department: 'IT', kind: 'backdoor', activeFromDay: 'never' },
  { key: 'breakglass', given: 'Break Glass', surname: 'Account 01', upnLocal: 'breakglass01', displayName: 'Break Glass Account 01', office: 'london', home: 'london', jobTitle: 'Emergency access', department: 'IT', kind: 'breakglass', fido2: 'YubiKey 5 NFC (vault 1)', roles: ['globalAdmin'], activeFromDay: 'never' }
]

/** Names for generated filler users (scale mode and --users above the cast). */
export const GIVEN_NAMES = [
  'Adam', 'Bella', 'Caleb', 'Diana', 'Elias', 'Fiona', 'Gavin', 'Helena', 'Ivan', 'Julia', 'Kai', 'Laura',
  'Marco', 'Nadia', 'Oscar', 'Petra', 'Quinn', 'Rosa', 'Simon', 'Tessa', 'Umar', 'Vera', 'Wes', 'Xenia',
  'Yusuf', 'Zelda', 'Anton', 'Beatriz', 'Conor', 'Dalia'
] as const

export const SURNAMES = [
  'Abbott', 'Brennan', 'Castillo', 'Dubois', 'Ellis', 'Fischer', 'Gallagher', 'Horvat', 'Ibrahim', 'Jensen',
  'Kovacs', 'Lindqvist', 'Moreau', 'Novak', 'Okafor', 'Pereira', 'Quigley', 'Romero', 'Sato', 'Tanaka',
  'Ueda', 'Varga', 'Walsh', 'Xu', 'Yilmaz', 'Zielinski'
] as const

export const DEPARTMENTS: ReadonlyArray<readonly [string, string]> = [
  ['Finance', 'Analyst'],
  ['Sales', 'Account Executive'],
  ['Engineering', 'Software Engineer'],
  ['Operations', 'Operations Specialist'],
  ['Marketing', 'Marketing Specialist'],
  ['Human Resources', 'HR Generalist'],
  ['Legal', 'Contracts Manager'],
  ['Product', 'Product Owner']
]

export const WORKWEEK = WEEKDAYS
