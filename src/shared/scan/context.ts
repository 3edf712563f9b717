import { Baselines, DEFAULT_BASELINE_OPTIONS, type BaselineOptions } from '../baselines/baselines'
import { buildInventory, type Inventory } from '../inventory/inventory'
import { PrivilegedSet } from '../privileged/privileged'
import { EMPTY_LISTS, ipMatcher, type CaseLists } from './case-lists'
import { userChanges, type Change } from './changes'
import type { ScanAudit, ScanEvent, ScanSignIn } from './scan-event'
import { sameOwner } from './twins'

export interface Coverage {
  audits: number
  signins: number
  firstAudit: number | null
  lastAudit: number | null
  firstSignIn: number | null
  lastSignIn: number | null
  /** Sign-ins that carry Identity Protection risk (not null, not "hidden"). */
  signinsWithRisk: number
}

const EMPTY: readonly never[] = []

function byTime(a: ScanEvent, b: ScanEvent): number {
  return a.ts - b.ts || a.id - b.id
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/**
 * Everything a rule reads, built once per scan: events oldest first, per-user and per-actor
 * indexes, the paired security-info changes, and (on first use) the method inventory, the
 * sign-in baselines and the privileged set. Rules never mutate it.
 */
export class ScanContext {
  readonly audits: readonly ScanAudit[]
  readonly signins: readonly ScanSignIn[]
  readonly lists: CaseLists
  readonly coverage: Coverage
  private readonly signinsByUser = new Map<string, ScanSignIn[]>()
  private readonly auditsByUser = new Map<string, ScanAudit[]>()
  private readonly auditsByActor = new Map<string, ScanAudit[]>()
  private readonly names = new Map<string, string>()
  private changesByUser: Map<string, Change[]> | null = null
  private allChanges: Change[] | null = null
  private inventoryCache: Inventory | null = null
  private baselinesCache: Baselines | null = null
  private privilegedCache: PrivilegedSet | null = null
  private readonly trusted: (ip: string | null) => boolean
  private readonly serviceListed: (ip: string | null) => boolean
  private signinIps: Set<string> | null = null

  constructor(
    events: Iterable<ScanEvent>,
    lists: CaseLists = EMPTY_LISTS,
    readonly baselineOptions: BaselineOptions = DEFAULT_BASELINE_OPTIONS
  ) {
    const audits: ScanAudit[] = []
    const signins: ScanSignIn[] = []
    for (const e of events) {
      if (e.kind === 'audit') audits.push(e)
      else signins.push(e)
    }
    if (!isSorted(audits)) audits.sort(byTime)
    if (!isSorted(signins)) signins.sort(byTime)
    this.audits = audits
    this.signins = signins
    this.lists = lists
    let withRisk = 0
    for (const s of signins) {
      if (s.user !== null) {
        push(this.signinsByUser, s.user, s)
        if (s.upn && !this.names.has(s.user)) this.names.set(s.user, s.upn)
      }
      if (s.riskLevel !== null && s.riskLevel !== 'hidden') withRisk++
    }
    for (const a of audits) {
      const about = a.target ?? a.user
      if (about !== null) push(this.auditsByUser, about, a)
      if (a.actor !== null) push(this.auditsByActor, a.actor, a)
      if (a.target && a.targetUpn && !this.names.has(a.target)) this.names.set(a.target, a.targetUpn)
    }
    this.coverage = {
      audits: audits.length,
      signins: signins.length,
      firstAudit: audits[0]?.ts ?? null,
      lastAudit: audits.at(-1)?.ts ?? null,
      firstSignIn: signins[0]?.ts ?? null,
      lastSignIn: signins.at(-1)?.ts ?? null,
      signinsWithRisk: withRisk
    }
    this.trusted = ipMatcher(lists.trustedIps)
    this.serviceListed = ipMatcher(lists.serviceIps)
  }

  /** The UPN as logged, for explanations. */
  upn(user: string): string {
    return this.names.get(user) ?? user
  }

  users(): IterableIterator<string> {
    return new Set([...this.signinsByUser.keys(), ...this.auditsByUser.keys()]).values()
  }

  signinsOf(user: string | null): readonly ScanSignIn[] {
    return (user !== null && this.signinsByUser.get(user)) || EMPTY
  }

  auditsAbout(user: string | null): readonly ScanAudit[] {
    return (user !== null && this.auditsByUser.get(user)) || EMPTY
  }

  auditsBy(actor: string | null): readonly ScanAudit[] {
    return (actor !== null && this.auditsByActor.get(actor)) || EMPTY
  }

  private buildChanges(): void {
    const byUser = new Map<string, Change[]>()
    const all: Change[] = []
    for (const [user, audits] of this.auditsByUser) {
      const changes = userChanges(audits)
      if (changes.length) {
        byUser.set(user, changes)
        all.push(...changes)
      }
    }
    all.sort((a, b) => a.ts - b.ts || a.id - b.id)
    this.changesByUser = byUser
    this.allChanges = all
  }

  /** Every security-info and password change, oldest first. */
  changes(): readonly Change[] {
    if (!this.allChanges) this.buildChanges()
    return this.allChanges ?? EMPTY
  }

  changesOf(user: string): readonly Change[] {
    if (!this.changesByUser) this.buildChanges()
    return this.changesByUser?.get(user) ?? EMPTY
  }

  get inventory(): Inventory {
    this.inventoryCache ??= buildInventory(this)
    return this.inventoryCache
  }

  get baselines(): Baselines {
    this.baselinesCache ??= new Baselines(this, this.baselineOptions)
    return this.baselinesCache
  }

  get privileged(): PrivilegedSet {
    this.privilegedCache ??= new PrivilegedSet(this)
    return this.privilegedCache
  }

  /** An allow-listed corporate egress address (the case's trusted-ip list). */
  isTrustedIp(ip: string | null): boolean {
    return this.trusted(ip)
  }

  /**
   * An audit address that is probably a Microsoft service address rather than the user's
   * (DETECTIONS.md §2.2-2): listed as such in the case, or never seen in any sign-in of the
   * tenant although sign-ins were imported.
   */
  isLikelyServiceIp(ip: string | null): boolean {
    if (ip === null) return false
    if (this.serviceListed(ip)) return true
    if (this.signins.length === 0) return false
    if (!this.signinIps) {
      this.signinIps = new Set()
      for (const s of this.signins) if (s.ip !== null) this.signinIps.add(s.ip)
    }
    return !this.signinIps.has(ip)
  }

  /** One person's standard and admin accounts (the case's twin list, or the same name with an admin marker). */
  sameOwner(a: string, b: string): { same: boolean; listed: boolean } {
    const listed = this.lists.twins.some(([x, y]) => (x === a && y === b) || (x === b && y === a))
    return { same: listed || sameOwner(a, b), listed }
  }
}

function isSorted(list: readonly ScanEvent[]): boolean {
  for (let i = 1; i < list.length; i++) {
    const prev = list[i - 1] as ScanEvent
    const cur = list[i] as ScanEvent
    if (prev.ts > cur.ts || (prev.ts === cur.ts && prev.id > cur.id)) return false
  }
  return true
}
