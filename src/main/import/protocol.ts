import type { AuthDetailRow } from '../../shared/ingest/mapped'
import type { RecordIssue } from '../../shared/ingest/record'
import type { EventRow, RawRecords } from '../db/event-row'
import type { SourceEncoding } from './source-file'

/** What the importer asks a parse worker to read. */
export interface ParseRequest {
  path: string
  name: string
  encoding: SourceEncoding
}

export type AuthDetailOut = AuthDetailRow & { line: number; raw: string }

/** Parse worker → writer. */
export type ParseMessage =
  | {
      type: 'batch'
      events: EventRow[]
      /** The raw text of each event, in the same order (its buffer is transferred). */
      raws: RawRecords
      authDetails: AuthDetailOut[]
      issues: RecordIssue[]
      /** Rejected records in this batch (issues may also hold warnings). */
      rejected: number
      bytesRead: number
    }
  | {
      type: 'done'
      format: string
      layout: string | null
      csvHeader: string | null
      notes: string[]
      sha256: string
      bytesRead: number
    }
  | { type: 'failed'; kind: 'format' | 'internal'; message: string }

/**
 * Writer → parse worker: read a file (one at a time: the next is sent after its `done` or
 * `failed`), or a batch was written, send more (bounded in-flight batches keep memory flat).
 */
export type ParseControl = ({ type: 'file' } & ParseRequest) | { type: 'ack' }
