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

  /**
   * The sink for the next record (rolling over to a new part when the current one is full). Returns
   * the sink itself while it is open, a promise only when a file has to be opened.
   */
  next(time: string): TextSink | Promise<TextSink> {
    let part = this.parts[this.parts.length - 1]
    if (!part || part.records >= this.maxRecords) part = this.addPart()
    const open = this.files.openSink(part.name)
    if (open) return this.count(part, open, time)
    const opening = part
    return this.sinkOf(opening).then((sink) => this.count(opening, sink, time))
  }

  /** The sink of part `index` (created if needed), for a companion file that follows another series' parts. */
  forPart(index: number, time: string): TextSink | Promise<TextSink> {
    while (this.parts.length <= index) this.addPart()
    const part = this.parts[index] as DownloadPart
    const open = this.files.openSink(part.name)
    if (open) return this.count(part, open, time)
    return this.sinkOf(part).then((sink) => this.count(part, sink, time))
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

  private count(part: DownloadPart, sink: TextSink, time: string): TextSink {
    part.records++
    sink.records++
    const day = isoDate(time)
    if (day < part.firstDay) part.firstDay = day
    if (day > part.lastDay) part.lastDay = day
    return sink
  }

  private async sinkOf(part: DownloadPart): Promise<TextSink> {
    const isNew = part.records === 0
    const sink = await this.files.sink(part.name, this.encoding)
    if (isNew) await sink.write(this.header)
    return sink
  }
}
