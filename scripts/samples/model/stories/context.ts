/**
 * What a story sees while it is built: the tenant, the state book, its own PRNG stream, and
 * sinks for its records, facts and key events. Stories call the composite operations in ops.ts,
 * which emit the events and keep the state book and the answer key in step.
 */
import type { DirectoryAudit, MailboxRecord, SignIn } from '../../graph-types'
import type { IpInfo } from '../geo'
import type { Rng } from '../rng'
import { inventory, type InventoryEntry } from '../security-state'
import { userSignIn, type UserSignInSpec } from '../signin'
import type { StateBook } from '../state-book'
import { at as atTime, isoMs, localToUtc, type Window } from '../time'
import type { Tenant, TimedRecord, User } from '../types'

export type RuleId = `SI-${string}`

export interface StoryDef {
  id: string
  title: string
  lookalike: boolean
  /** For a look-alike: the attack story whose shape it shares. */
  imitates?: string
  /** Rules that must fire (attack stories). */
  detections: RuleId[]
  /** Rules that must not fire at medium or higher on the look-alike's users in its time span. */
  mustNotFire: RuleId[]
  /**
   * Rules that may fire on a look-alike: single-event rules the look-alike triggers by the catalog's
   * own definition, lowered below medium where the data shows the routine context.
   */
  mayFire: RuleId[]
  /**
   * Medium-or-higher findings a look-alike would be allowed to draw because the catalog rates its
   * activity that way whatever the context, each with the highest severity and the reason. No
   * look-alike of the committed samples needs one (the routine context lowers all of them), and the
   * samples test requires it to stay empty; it remains so that a future look-alike must say why.
   */
  loudByCatalog?: LoudByCatalog[]
  /** The last window day the story touches; it is left out when the window is shorter. */
  lastDay: number
  summary: string
  /** For look-alikes: what in the data tells it apart from the attack. */
  benignSignals?: string[]
  build(ctx: StoryContext): void
}

export interface LoudByCatalog {
  rule: RuleId
  severity: 'medium' | 'high' | 'critical'
  why: string
}

export interface KeyEvent {
  id: string
  kind: 'audit' | 'signin'
  time: string
  what: string
}

export interface BuiltStory {
  def: StoryDef
  users: string[]
  start: number
  end: number
  facts: Record<string, unknown>
  keyEvents: KeyEvent[]
  records: TimedRecord[]
}

/** Per-user marks that keep noise away from story moments. */
export interface NoiseGuards {
  /** No noise sign-ins for the user in [from, to]. */
  quiet: Array<{ user: string; from: number; to: number }>
  /** Story events per user (as target or subject), for keeping noise resets and PIM away. */
  storyTimes: Map<string, number[]>
  /** Story events per acting user (admins, help desk). */
  actorTimes: Map<string, number[]>
  /** The user signs in from this address instead of office/home during [from, to] (travel). */
  travel: Array<{ user: string; from: number; to: number; ip: IpInfo }>
}

export function graphMs(text: string): number {
  // Graph times carry 7 digits; Date.parse is only specified for 3.
  return Date.parse(`${text.slice(0, 23)}Z`)
}

export class StoryContext {
  readonly records: TimedRecord[] = []
  readonly facts: Record<string, unknown> = {}
  readonly keyEvents: KeyEvent[] = []
  private readonly involved: string[] = []

  constructor(
    readonly def: StoryDef,
    readonly tenant: Tenant,
    readonly book: StateBook,
    readonly rng: Rng,
    readonly guards: NoiseGuards,
    /** Phone numbers controlled by attackers (to label inventory entries). */
    readonly attackerPhones: Set<string>
  ) {}

  get window(): Window {
    return this.tenant.window
  }

  user(key: string): User {
    const u = this.tenant.byKey.get(key)
    if (!u) throw new Error(`story ${this.def.id}: no user ${key}`)
    return u
  }

  /** The users a story is about (its answer-key users), in order of first mention. */
  involve(...users: User[]): void {
    for (const u of users) if (!this.involved.includes(u.upn)) this.involved.push(u.upn)
  }

  get users(): string[] {
    return this.involved.slice()
  }

  /** UTC time on a window day, plus a random millisecond part: ctx.at(3, '17:02:11'). */
  at(day: number, hms: string): number {
    return atTime(this.window, day, hms) + this.rng.int(0, 999)
  }

  /** UTC instant of a user's local wall-clock time on a window day (random seconds and milliseconds). */
  local(user: User, day: number, hour: number): number {
    return localToUtc(this.window, day, hour, user.timeZone) + this.rng.int(0, 59_999)
  }

  private mark(map: Map<string, number[]>, key: string, t: number): void {
    const list = map.get(key)
    if (list) list.push(t)
    else map.set(key, [t])
  }

  emitAudit(event: DirectoryAudit, what?: string): DirectoryAudit {
    const t = graphMs(event.activityDateTime)
    this.records.push({ t, record: { kind: 'audit', value: event } })
    const actor = event.initiatedBy.user?.id
    for (const u of this.tenant.users) {
      if (u.id === actor) this.mark(this.guards.actorTimes, u.key, t)
      if (event.targetResources.some((r) => r.id === u.id)) this.mark(this.guards.storyTimes, u.key, t)
    }
    if (what) this.keyEvents.push({ id: event.id, kind: 'audit', time: isoMs(t), what })
    return event
  }

  emitSignIn(event: SignIn, what?: string): SignIn {
    const t = graphMs(event.createdDateTime)
    this.records.push({ t, record: { kind: 'signin', value: event } })
    const user = this.tenant.users.find((u) => u.id === event.userId)
    if (user) this.mark(this.guards.storyTimes, user.key, t)
    if (what) this.keyEvents.push({ id: event.id, kind: 'signin', time: isoMs(t), what })
    return event
  }

  /** An Exchange mailbox record (unified audit log only) about a user's own mailbox. */
  emitMailbox(record: MailboxRecord, user: User, what?: string): MailboxRecord {
    const t = graphMs(record.activityDateTime)
    this.records.push({ t, record: { kind: 'mailbox', value: record } })
    this.mark(this.guards.storyTimes, user.key, t)
    if (what) this.keyEvents.push({ id: record.id, kind: 'audit', time: isoMs(t), what })
    return record
  }

  signIn(spec: UserSignInSpec, what?: string): SignIn {
    return this.emitSignIn(userSignIn(this.tenant, spec, this.rng), what)
  }

  /** Keep noise sign-ins away from a user during [from, to]. */
  quiet(user: User, from: number, to: number): void {
    this.guards.quiet.push({ user: user.key, from, to })
  }

  methods(user: User, t: number): InventoryEntry[] {
    return inventory(this.book.peek(user, t), this.attackerPhones)
  }

  fact(name: string, value: unknown): void {
    this.facts[name] = value
  }
}
