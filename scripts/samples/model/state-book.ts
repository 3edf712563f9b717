/**
 * Who had which security info when. Stories write a new snapshot at each change; noise reads
 * the snapshot current at its time (so a user's sign-ins name the phone they actually have),
 * and the answer key reads the snapshots before and after each story.
 */
import { cloneState, type MethodState } from './security-state'
import type { User } from './types'

interface Entry {
  from: number
  state: MethodState
}

export class StateBook {
  private readonly timelines = new Map<string, Entry[]>()

  constructor(users: readonly User[]) {
    for (const u of users) this.timelines.set(u.key, [{ from: -Infinity, state: cloneState(u.initial) }])
  }

  private timeline(user: User): Entry[] {
    let tl = this.timelines.get(user.key)
    if (!tl) {
      tl = [{ from: -Infinity, state: cloneState(user.initial) }]
      this.timelines.set(user.key, tl)
    }
    return tl
  }

  /** The state at t (a copy: callers may change it and set it back). */
  at(user: User, t: number): MethodState {
    return cloneState(this.peek(user, t))
  }

  /** The state at t without copying; do not modify. */
  peek(user: User, t: number): MethodState {
    const tl = this.timeline(user)
    let current = tl[0]
    for (const e of tl) if (e.from <= t) current = e
    if (!current) throw new Error(`no state for ${user.key}`)
    return current.state
  }

  set(user: User, t: number, state: MethodState): void {
    const tl = this.timeline(user)
    const last = tl[tl.length - 1]
    if (last && last.from > t) {
      throw new Error(`state of ${user.key} set out of order (${new Date(t).toISOString()} before ${new Date(last.from).toISOString()})`)
    }
    tl.push({ from: t, state: cloneState(state) })
  }

  /** Times at which the user's security info changed (for the answer key and noise). */
  changes(user: User): number[] {
    return this.timeline(user)
      .slice(1)
      .map((e) => e.from)
  }
}
