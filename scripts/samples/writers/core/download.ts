import type { TextEncoding } from './encoding'
import type { FileSet } from './file-set'
import type { TextSink } from './text-sink'
import { isoDate } from './time'

export interface DownloadPart {
  /** Working name; the real name depends on the data and is given at the end. */
  name: string
  records: number
  /** Earliest and latest record date (YYYY-MM-DD) in this part. */
  firstDay: string
  lastDay: string
}

/**
 * One kind of downloaded file (a portal CSV, a Purview export), split into parts of at most
 * `maxRecords` records the way a user re-downloads a capped result, each part starting with the
 * header. Parts are written under hidden working names and renamed by `finish`, once their date
 * range is known.
 */
export class DownloadSeries {
  readonly parts: DownloadPart[] = []

  constructor(
    private readonly files: FileSet,
    private readonly key: string,
    private readonly header: string,
    private readonly encoding: TextEncoding,
    private readonly maxRecords = Number.POSITIVE_INFINITY
  ) {}

  /** The sink for the next record (rolling over to a new part when the current one is full). */
  async next(time: string): Promise<TextSink> {
    let part = this.parts[this.parts.length - 1]
    if (!part || part.records >= this.maxRecords) part = this.addPart()
    const sink = await this.sinkOf(part)
    part.records++
    sink.records++
    const day = isoDate(time)
    if (day < part.firstDay) part.firstDay = day
    if (day > part.lastDay) part.lastDay = day
    return sink
  }

  /** The sink of part `index` (created if needed), for a companion file that follows another series' parts. */
  async forPart(index: number): Promise<TextSink> {
    while (this.parts.length <= index) this.addPart()
    const part = this.parts[index] as DownloadPart
    const sink = await this.sinkOf(part)
    part.records++
    sink.records++
    return sink
  }

  get currentPart(): number {
    return this.parts.length - 1
  }

  finish(finalName: (part: DownloadPart, index: number) => string): void {
    this.parts.forEach((part, index) => this.files.renameAtEnd(part.name, finalName(part, index)))
  }

  private addPart(): DownloadPart {
    const part = {
      name: `.${this.key}.part${this.parts.length}.partial`,
      records: 0,
      firstDay: '9999',
      lastDay: '0000'
    }
    this.parts.push(part)
    return part
  }

  private async sinkOf(part: DownloadPart): Promise<TextSink> {
    const open = this.files.openSink(part.name)
    if (open) return open
    const isNew = part.records === 0
    const sink = await this.files.sink(part.name, this.encoding)
    if (isNew) {
      const wait = sink.write(this.header)
      if (wait) await wait
    }
    return sink
  }
}
