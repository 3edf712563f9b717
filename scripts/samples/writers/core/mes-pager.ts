import type { TextEncoding } from './encoding'
import type { FileSet } from './file-set'
import { addDays, compactStamp, isoDate } from './time'

export interface MesGroup {
  /** Folder under the output directory ('' for none). */
  dir: string
  /** File name after the `yyyyMMddHHmmss-` stamp, e.g. `AuditLogs.json`. */
  suffix: string
}

/**
 * Microsoft-Extractor-Suite's paging loop (FORMATS.md §7): one Graph page at a time, each appended
 * (`Out-File -Append`) to a file named after the clock when the page arrived,
 * `yyyyMMddHHmmss-<suffix>`. Pages fetched within the same second land in the same file, which is
 * where the `][` seams come from.
 *
 * The clock is simulated so output stays deterministic: page `p` of a group arrives
 * `floor(p × secondsPerPage)` seconds after the group started, with secondsPerPage < 1 so some
 * seconds get two pages. Groups (sign-in event types) run one after another as in the script. The
 * stamps are only known once every page is counted, so pages go to working files renamed at the end.
 */
export class MesPager<T> {
  private readonly pending = new Map<string, { group: MesGroup; page: T[]; pages: number }>()
  /** Per group, in first-seen order: how many seconds its pages took. */
  private readonly durations = new Map<string, { group: MesGroup; seconds: number }>()
  private newestDay = ''

  constructor(
    private readonly files: FileSet,
    private readonly encoding: TextEncoding,
    private readonly pageSize: number,
    /** Text appended to a file for one page (PowerShell's output plus Out-File's line break). */
    private readonly pageText: (page: T[]) => string,
    private readonly acquiredAt: string | undefined,
    private readonly secondsPerPage = 0.6
  ) {}

  add(groupKey: string, group: MesGroup, item: T, time: string): Promise<void> | undefined {
    const day = isoDate(time)
    if (day > this.newestDay) this.newestDay = day
    let state = this.pending.get(groupKey)
    if (!state) {
      state = { group, page: [], pages: 0 }
      this.pending.set(groupKey, state)
      this.durations.set(groupKey, { group, seconds: 0 })
    }
    state.page.push(item)
    return state.page.length >= this.pageSize ? this.flushPage(groupKey) : undefined
  }

  async finish(): Promise<void> {
    for (const key of this.pending.keys()) await this.flushPage(key)
    // Default acquisition: the morning after the newest record, as an investigator would pull logs.
    const start = new Date(this.acquiredAt ?? `${addDays(this.newestDay || '2000-01-01', 1)}T08:00:00Z`)
    if (Number.isNaN(start.getTime())) throw new Error(`acquiredAt is not a time: ${String(this.acquiredAt)}`)
    let groupStart = 0
    for (const [key, { group, seconds }] of this.durations) {
      for (let second = 0; second <= seconds; second++) {
        const stamp = compactStamp(new Date(start.getTime() + (groupStart + second) * 1000))
        const final = (group.dir ? group.dir + '/' : '') + `${stamp}-${group.suffix}`
        this.files.renameAtEnd(workingName(key, second), final)
      }
      // The script logs a summary and builds the next filter before the next group's first call.
      groupStart += seconds + 2
    }
  }

  private async flushPage(groupKey: string): Promise<void> {
    const state = this.pending.get(groupKey)
    if (!state || state.page.length === 0) return
    const second = Math.floor(state.pages * this.secondsPerPage)
    const duration = this.durations.get(groupKey)
    if (duration) duration.seconds = second
    const name = workingName(groupKey, second)
    const sink = this.files.openSink(name) ?? (await this.files.sink(name, this.encoding))
    sink.records += state.page.length
    const text = this.pageText(state.page)
    state.page = []
    state.pages++
    const wait = sink.write(text)
    if (wait) await wait
  }
}

function workingName(groupKey: string, second: number): string {
  return `.mes-${groupKey}-${second}.partial`
}
