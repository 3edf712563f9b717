/**
 * The sample tenant model: options in, a deterministic stream of Graph objects out.
 *
 *   const model = buildModel({ seed: 'authtrail', start: '2026-10-05T00:00:00Z', days: 14, users: 36 })
 *   for (const record of records(model)) ...      // SampleRecord, in time order, bounded memory
 *
 * The tenant, the story events and the noise plan are built up front (small: the stories write a
 * few hundred events); the noise is generated one local day at a time and merged with the story
 * events through a buffer that never holds more than about two days of records.
 */
import type { SampleRecord } from '../graph-types'
import { logKind } from '../writers/core/records'
import { planRewrites, noiseForDay, type NoiseModel } from './noise'
import { Rng } from './rng'
import { StateBook } from './state-book'
import { StoryContext, type BuiltStory, type NoiseGuards } from './stories/context'
import { STORIES } from './stories/index'
import { buildTenant, castSize } from './tenant'
import { DAY, HOUR, makeWindow, type Window } from './time'
import type { PlannedRecord, Tenant, TimedRecord } from './types'

export interface ModelOptions {
  seed: string
  /** ISO start of the window, at midnight UTC. */
  start: string
  days: number
  /** Total user accounts (the story cast is always present; see castSize()). */
  users: number
  /** Sign-ins per user-day multiplier (1 = the committed set). */
  density: number
  /** Directory changes per day multiplier (1 = the committed set). */
  auditDensity: number
}

export const DEFAULT_OPTIONS: ModelOptions = {
  seed: 'authtrail',
  start: '2026-10-05T00:00:00Z',
  days: 14,
  users: castSize(),
  density: 1,
  auditDensity: 1
}

export interface Model {
  options: ModelOptions
  window: Window
  tenant: Tenant
  book: StateBook
  guards: NoiseGuards
  stories: BuiltStory[]
  /** Story records, sorted by time. */
  storyRecords: TimedRecord[]
  noise: NoiseModel
  attackerPhones: Set<string>
}

export function compareRecords(a: TimedRecord, b: TimedRecord): number {
  if (a.t !== b.t) return a.t - b.t
  const ta = a.record.kind === 'signin' ? a.record.value.createdDateTime : a.record.value.activityDateTime
  const tb = b.record.kind === 'signin' ? b.record.value.createdDateTime : b.record.value.activityDateTime
  if (ta !== tb) return ta < tb ? -1 : 1
  return a.record.value.id < b.record.value.id ? -1 : a.record.value.id > b.record.value.id ? 1 : 0
}

export function buildModel(partial: Partial<ModelOptions> = {}): Model {
  const options: ModelOptions = { ...DEFAULT_OPTIONS, ...partial }
  if (!Number.isInteger(options.days) || options.days < 1) throw new Error(`days must be a positive integer: ${options.days}`)
  const window = makeWindow(options.start, options.days)
  const tenant = buildTenant({ seed: options.seed, window, users: options.users })
  // Rewrites first: they extend device histories that every later rendering reads.
  const rewrites = planRewrites(tenant, options.seed)
  const book = new StateBook(tenant.users)
  const guards: NoiseGuards = { quiet: [], storyTimes: new Map(), actorTimes: new Map(), travel: [] }
  const attackerPhones = new Set<string>()
  const root = new Rng(options.seed, 'stories')
  const stories: BuiltStory[] = []
  for (const def of STORIES) {
    if (def.lastDay >= options.days) continue
    const ctx = new StoryContext(def, tenant, book, root.fork(def.id), guards, attackerPhones)
    def.build(ctx)
    const times = ctx.records.map((r) => r.t)
    stories.push({
      def,
      users: ctx.users,
      start: Math.min(...times),
      end: Math.max(...times),
      facts: ctx.facts,
      keyEvents: ctx.keyEvents,
      records: ctx.records
    })
  }
  for (const list of [...guards.storyTimes.values(), ...guards.actorTimes.values()]) list.sort((a, b) => a - b)
  const storyRecords = stories.flatMap((s) => s.records).sort(compareRecords)
  return {
    options,
    window,
    tenant,
    book,
    guards,
    stories,
    storyRecords,
    noise: {
      tenant,
      window,
      book,
      guards,
      density: options.density,
      auditDensity: options.auditDensity,
      seed: options.seed,
      rewrites
    },
    attackerPhones
  }
}

function comparePlans(a: PlannedRecord, b: PlannedRecord): number {
  return a.t - b.t || a.seq - b.seq
}

/**
 * Every record of the tenant in time order, inside the window. Local day k's noise can only fall
 * after (k - 2 h) UTC, so after planning day k everything earlier than (k + 1 days - 2 h) is final.
 * Only plans are buffered; each Graph object is built as it is emitted.
 */
export function* timedRecords(
  model: Model,
  limit = Infinity,
  only: 'audit' | 'signin' | null = null
): Generator<TimedRecord> {
  const { window } = model
  const stories: PlannedRecord[] = model.storyRecords
    .map((r, i) => ({ t: r.t, seq: i - model.storyRecords.length, make: () => r.record }))
    .filter((_, i) => {
      const r = model.storyRecords[i]
      return only === null || (r !== undefined && logKind(r.record) === only)
    })
  let buffer: PlannedRecord[] = []
  let storyIndex = 0
  let emitted = 0
  for (let day = -1; day < window.days; day++) {
    const base = (day + 2) * 1e9
    for (const p of noiseForDay(model.noise, day, only)) {
      if (p.t >= window.start && p.t < window.end) buffer.push({ t: p.t, seq: base + p.seq, make: p.make })
    }
    const cutoff = day === window.days - 1 ? Infinity : window.start + (day + 1) * DAY - 2 * HOUR
    while (storyIndex < stories.length) {
      const p = stories[storyIndex]
      if (!p || p.t >= cutoff) break
      if (p.t >= window.start && p.t < window.end) buffer.push(p)
      storyIndex++
    }
    buffer.sort(comparePlans)
    let i = 0
    while (i < buffer.length && (buffer[i] as PlannedRecord).t < cutoff) {
      const p = buffer[i] as PlannedRecord
      yield { t: p.t, record: p.make() }
      i++
      if (++emitted >= limit) return
    }
    buffer = buffer.slice(i)
  }
}

export function* records(model: Model, limit = Infinity): Generator<SampleRecord> {
  for (const r of timedRecords(model, limit)) yield r.record
}

/** All records as an array (the committed set is small; scale mode must use records()). */
export function collect(model: Model): SampleRecord[] {
  return Array.from(records(model))
}

export { castSize }
export type { BuiltStory }
