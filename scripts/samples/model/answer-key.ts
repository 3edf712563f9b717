/**
 * EXPECTED.json: what a responder (and the test suite) should find in the generated files. Per
 * story: the rules that must fire, for look-alikes the rules that must not fire at medium or
 * higher (and the single-event rules that may), the users, the time span and the facts an
 * investigator should see. Per file: its format and how many records, audit events and sign-ins
 * it holds. Totals count distinct events: an event written to two files counts once.
 */
import { ROLES } from './directory'
import { ATTACKER_RANGE, EGRESS, MICROSOFT_SERVICE_RANGE } from './geo'
import type { Model } from './index'
import type { Totals } from './layout'
import { inventory } from './security-state'
import { isoMs } from './time'

export interface ExpectedFile {
  path: string
  format: string
  records: number
  audit: number
  signin: number
  encoding?: string
  eol?: 'lf' | 'crlf'
  /** What part of the tenant the file holds (the overlap design of the committed set). */
  covers?: string
  /** A companion file (portal AuthDetails) whose rows enrich sign-ins of another file. */
  companion?: boolean
}

export interface BrokenFile {
  path: string
  damage: string
  /** The importer cannot read it at all (exit code 2 for the file). */
  fileError: boolean
  /** Records the importer should still read from it (all duplicates of events in the good files). */
  validRecords: number
  /** Records it should reject (with line and reason). */
  rejectedAtLeast: number
  expect: string
}

export interface ExpectedStory {
  id: string
  title: string
  lookalike: boolean
  imitates: string | null
  detections: string[]
  mustNotFire: string[]
  mayFire: string[]
  loudByCatalog: Array<{ rule: string; severity: string; why: string }>
  users: string[]
  start: string
  end: string
  summary: string
  benignSignals: string[]
  facts: Record<string, unknown>
  keyEvents: Array<{ id: string; kind: 'audit' | 'signin'; time: string; what: string }>
}

export interface Expected {
  generator: string
  seed: string
  window: { start: string; end: string }
  tenant: unknown
  stories: ExpectedStory[]
  files: ExpectedFile[]
  broken: BrokenFile[]
  totals: Totals
}

function hours(h: number): string {
  const hh = Math.floor(h) % 24
  const mm = Math.round((h - Math.floor(h)) * 60)
  return `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`
}

export function tenantSection(model: Model): unknown {
  const t = model.tenant
  const cast = t.users.filter((u) => u.cast)
  return {
    id: t.id,
    name: t.name,
    domain: t.domain,
    users: cast.map((u) => ({
      upn: u.upn,
      id: u.id,
      displayName: u.displayName,
      kind: u.kind,
      office: u.office,
      timeZone: u.timeZone,
      workHours: `${hours(u.workStart)}-${hours(u.workEnd)}`,
      workDays: u.workDays,
      eligibleRoles: u.eligibleRoles.map((r) => ROLES[r].displayName),
      ips: { office: u.ips.office.ip, home: u.ips.home.ip, mobile: u.ips.mobile.ip },
      asns: { office: u.ips.office.network.asn, home: u.ips.home.network.asn, mobile: u.ips.mobile.network.asn },
      methodsAtStart: inventory(u.initial)
    })),
    fillerUsers: t.users.length - cast.length,
    /** Accounts holding an admin role (eligible through PIM) during the window. */
    privileged: t.users.filter((u) => u.eligibleRoles.length > 0).map((u) => u.upn),
    /** What a user would put on the VIP / break-glass list (SI-028). */
    vipAccounts: t.users.filter((u) => u.kind === 'breakglass').map((u) => u.upn),
    /** One person, two accounts (the allow-list SI-023 asks for). */
    twinAccounts: t.users.filter((u) => u.twinOf).map((u) => [t.byKey.get(u.twinOf ?? '')?.upn, u.upn]),
    corporateEgressIps: Object.values(EGRESS).map((e) => ({ ip: e.ip, asn: e.network.asn, city: e.place.city })),
    microsoftServiceIps: MICROSOFT_SERVICE_RANGE,
    attackerRange: ATTACKER_RANGE,
    attackerPhones: [...model.attackerPhones].sort(),
    servicePrincipals: t.servicePrincipals.map((s) => ({ displayName: s.displayName, appId: s.appId, id: s.id, kind: s.kind }))
  }
}

export function storySection(model: Model, lastTime = Infinity): ExpectedStory[] {
  return model.stories
    .filter((s) => s.end <= lastTime)
    .slice()
    .sort((a, b) => (a.def.id < b.def.id ? -1 : a.def.id > b.def.id ? 1 : 0))
    .map((s) => ({
      id: s.def.id,
      title: s.def.title,
      lookalike: s.def.lookalike,
      imitates: s.def.imitates ?? null,
      detections: s.def.detections,
      mustNotFire: s.def.mustNotFire,
      mayFire: s.def.mayFire,
      loudByCatalog: s.def.loudByCatalog ?? [],
      users: s.users,
      start: isoMs(s.start),
      end: isoMs(s.end),
      summary: s.def.summary,
      benignSignals: s.def.benignSignals ?? [],
      facts: s.facts,
      keyEvents: s.keyEvents
    }))
}

export function answerKey(
  model: Model,
  files: ExpectedFile[],
  broken: BrokenFile[],
  totals: Totals,
  lastTime = Infinity
): Expected {
  return {
    generator: 'npm run samples (scripts/samples/generate.ts)',
    seed: model.options.seed,
    window: { start: isoMs(model.window.start), end: isoMs(model.window.end) },
    tenant: tenantSection(model),
    stories: storySection(model, lastTime),
    files: files.slice().sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    broken,
    totals
  }
}
