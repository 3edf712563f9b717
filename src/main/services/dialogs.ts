import type { ReportFormat } from '../../shared/ipc/case-work'
import type { ExportFormat } from '../../shared/ipc/contract'

/**
 * The native dialogs the services need. Paths that reach a service come only from here (or from
 * files the user dropped), never from arbitrary renderer input: the Electron shell implements this
 * with `dialog`, the test harness with a script of answers.
 */
export interface Dialogs {
  /** An existing case file to open. */
  openCase(): Promise<string | null>
  /** Where to create a new case (a save dialog). */
  newCase(suggestedName: string): Promise<string | null>
  /** Where to copy the open case. */
  saveCaseAs(suggestedName: string): Promise<string | null>
  /** Export files, or folders of them, to import. */
  importPaths(folders: boolean): Promise<string[] | null>
  /** Where to write an export. */
  exportPath(suggestedName: string, format: ExportFormat): Promise<string | null>
  /** Where to write a case report. */
  reportPath(suggestedName: string, format: ReportFormat): Promise<string | null>
}

export type DialogKind = keyof Dialogs

/**
 * Answers dialogs from a queue: the loopback harness and the tests use it to stand in for the user.
 * An empty queue answers as if the user pressed Cancel.
 */
export class ScriptedDialogs implements Dialogs {
  private readonly queue: { kind: DialogKind; answer: string | string[] | null }[] = []
  readonly asked: DialogKind[] = []

  /** The next dialog of this kind answers with `answer` (null: cancelled). */
  answer(kind: DialogKind, answer: string | string[] | null): this {
    this.queue.push({ kind, answer })
    return this
  }

  private take(kind: DialogKind): string | string[] | null {
    this.asked.push(kind)
    const i = this.queue.findIndex((q) => q.kind === kind)
    if (i < 0) return null
    const [item] = this.queue.splice(i, 1)
    return item?.answer ?? null
  }

  private one(kind: DialogKind): string | null {
    const a = this.take(kind)
    return Array.isArray(a) ? (a[0] ?? null) : a
  }

  async openCase(): Promise<string | null> {
    return this.one('openCase')
  }
  async newCase(): Promise<string | null> {
    return this.one('newCase')
  }
  async saveCaseAs(): Promise<string | null> {
    return this.one('saveCaseAs')
  }
  async importPaths(): Promise<string[] | null> {
    const a = this.take('importPaths')
    return a === null ? null : Array.isArray(a) ? a : [a]
  }
  async exportPath(): Promise<string | null> {
    return this.one('exportPath')
  }
  async reportPath(): Promise<string | null> {
    return this.one('reportPath')
  }
}
