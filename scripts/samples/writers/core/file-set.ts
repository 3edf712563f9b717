import { createWriteStream, mkdirSync, renameSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import type { TextEncoding } from './encoding'
import { TextSink } from './text-sink'

/** Writers that partition by hour or day may touch many files; keep only this many open at once. */
const MAX_OPEN_FILES = 16
/** A stream's internal buffer; TextSink hands it ~1 MB pieces. */
const STREAM_HIGH_WATER_MARK = 1 << 20

export interface WrittenFile {
  /** Absolute path. */
  path: string
  records: number
  bytes: number
}

interface FileState {
  encoding: TextEncoding
  records: number
  bytes: number
  /** Final name, relative to the output directory, when it differs from the working name. */
  finalName?: string
}

/**
 * The files one writer produces, addressed by path relative to the output directory. A file is
 * created (truncated, BOM written) the first time it is asked for; if it was closed to stay under
 * MAX_OPEN_FILES it is later reopened for appending, without a second BOM, like an `Out-File -Append`
 * or Python `open(..., 'a')` would.
 */
export class FileSet {
  private readonly open = new Map<string, TextSink>()
  private readonly states = new Map<string, FileState>()

  constructor(readonly outDir: string) {}

  /** The sink for `name` if it is open right now (no await, for the per-record hot path). */
  openSink(name: string): TextSink | undefined {
    return this.open.get(name)
  }

  /** The sink for `name`; awaits only when an older file must be closed first. */
  async sink(name: string, encoding: TextEncoding): Promise<TextSink> {
    const current = this.open.get(name)
    if (current) {
      // Map order is insertion order: re-inserting marks the file as most recently used.
      this.open.delete(name)
      this.open.set(name, current)
      return current
    }
    if (this.open.size >= MAX_OPEN_FILES) {
      const [oldest] = this.open.keys()
      if (oldest !== undefined) await this.close(oldest)
    }
    const state = this.states.get(name)
    const path = join(this.outDir, name)
    if (!state) mkdirSync(dirname(path), { recursive: true })
    const stream = createWriteStream(path, {
      flags: state ? 'a' : 'w',
      highWaterMark: STREAM_HIGH_WATER_MARK
    })
    const sink = new TextSink(stream, state?.encoding ?? encoding, !state)
    if (state) {
      // Counters continue from where the file was closed.
      sink.records = state.records
      sink.bytes = state.bytes
    } else {
      this.states.set(name, { encoding, records: 0, bytes: 0 })
    }
    this.open.set(name, sink)
    return sink
  }

  async close(name: string): Promise<void> {
    const sink = this.open.get(name)
    if (!sink) return
    this.open.delete(name)
    await sink.end()
    const state = this.states.get(name)
    if (state) {
      state.records = sink.records
      state.bytes = sink.bytes
    }
  }

  /**
   * Gives a file its final name when all files are closed (names that depend on the data, like a
   * portal download's date range, are only known at the end). A name already taken gets a
   * browser-style ` (1)`, ` (2)` … suffix, as a second download of the same range would.
   */
  renameAtEnd(name: string, finalName: string): void {
    const state = this.states.get(name)
    if (state) state.finalName = finalName
  }

  /** Closes everything, applies renames and reports the files sorted by path. */
  async finish(): Promise<WrittenFile[]> {
    for (const name of [...this.open.keys()]) await this.close(name)
    const taken = new Set<string>()
    for (const [name, state] of this.states) if (!state.finalName) taken.add(name)
    const files: WrittenFile[] = []
    for (const [name, state] of this.states) {
      let finalName = name
      if (state.finalName) {
        finalName = uniqueName(state.finalName, taken)
        taken.add(finalName)
        const target = join(this.outDir, finalName)
        mkdirSync(dirname(target), { recursive: true })
        renameSync(join(this.outDir, name), target)
      }
      files.push({ path: join(this.outDir, finalName), records: state.records, bytes: state.bytes })
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }
}

function uniqueName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name
  const ext = extname(name)
  const stem = name.slice(0, name.length - ext.length)
  for (let n = 1; ; n++) {
    const candidate = `${stem} (${n})${ext}`
    if (!taken.has(candidate)) return candidate
  }
}
