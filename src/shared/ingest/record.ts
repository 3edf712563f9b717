/** One record cut out of a source file, with the line it starts on (1-based). */
export interface RawRecord {
  text: string
  line: number
  /** A CSV record's fields, when the splitter could read them on the way (plain records). */
  fields?: string[]
  /** A JSON record's value, when the splitter already parsed it (JsonSplitter.guessRecord). */
  value?: unknown
}

/** A record the importer could not use: where it was, and why. */
export interface RecordIssue {
  line: number
  reason: string
  /** The start of the offending text, so the case shows what was skipped. */
  excerpt?: string
}

export type SplitItem = { record: RawRecord } | { issue: RecordIssue }

/** Where a splitter puts what it cuts: an array, or a consumer that takes each item at once. */
export interface SplitSink {
  push(item: SplitItem): unknown
}
