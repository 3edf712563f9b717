import { isAbsolute, resolve } from 'node:path'
import type { Dialogs } from '../services/dialogs'

/**
 * Opening a case named on the command line (`authtrail path/to/case.authtrail`, `npm start --
 * demo.authtrail`, a file association) or handed to a second launch while the app runs. Kept apart
 * from the Electron entry so it runs under vitest: Electron itself cannot run on every machine.
 */

const CASE_FILE = /\.authtrail$/i

/**
 * The case file named on a command line, made absolute against the launch's working directory.
 * Options (`--inspect`, Chromium's own switches) and the app path Electron puts after its binary
 * (`electron .`, `electron out/main/index.js`) are not case files; with several, the last wins
 * (a second launch's argv may carry extra switches, in any order).
 */
export function caseFromArgv(argv: readonly string[], cwd: string): string | null {
  let found: string | null = null
  let optionsEnded = false
  for (const arg of argv.slice(1)) {
    if (!optionsEnded && arg === '--') {
      optionsEnded = true
      continue
    }
    if (!optionsEnded && arg.startsWith('-')) continue
    if (CASE_FILE.test(arg)) found = isAbsolute(arg) ? arg : resolve(cwd, arg)
  }
  return found
}

/**
 * The app's dialogs, with one difference: a case path queued by a launch answers the next "open
 * case" in place of the dialog. The services then open it exactly as if the user had chosen it
 * (busy check, recent list, the renderer told), without a second way into the session.
 */
export interface LaunchDialogs {
  dialogs: Dialogs
  /** The path the next openCase() returns instead of asking. */
  queue(path: string): void
}

export function launchDialogs(base: Dialogs): LaunchDialogs {
  let pending: string | null = null
  return {
    dialogs: {
      ...base,
      openCase: () => {
        if (pending === null) return base.openCase()
        const path = pending
        pending = null
        return Promise.resolve(path)
      }
    },
    queue(path) {
      pending = path
    }
  }
}
