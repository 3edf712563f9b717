import { join } from 'node:path'

export interface NativeTarget {
  platform: string
  arch: string
  electronVersion: string
}

/**
 * Where `npm start` puts better-sqlite3 built for Electron's ABI: a folder of its own under .cache,
 * so node_modules keeps the Node build that vitest and the CLI load (STYLE.md §6 "Native ABI").
 */
export function electronNativeDir(root: string, target: NativeTarget): string {
  return join(
    root,
    '.cache',
    'electron-native',
    `${target.platform}-${target.arch}-electron-${target.electronVersion}`
  )
}

export function electronNativeBinding(root: string, target: NativeTarget): string {
  return join(electronNativeDir(root, target), 'better_sqlite3.node')
}

export interface BindingChoice {
  /** Pass to openCase; undefined means better-sqlite3's own lookup (node_modules). */
  path: string | undefined
  /** Set when the app cannot open cases: what to tell the user. */
  problem: string | null
}

/**
 * Which better-sqlite3 binary the Electron app loads. A packaged app carries one rebuilt for
 * Electron in its own node_modules; from a checkout it is the .cache build `npm start` made.
 */
export function chooseNativeBinding(options: {
  isPackaged: boolean
  appPath: string
  target: NativeTarget
  exists: (path: string) => boolean
}): BindingChoice {
  if (options.isPackaged) return { path: undefined, problem: null }
  const path = electronNativeBinding(options.appPath, options.target)
  if (options.exists(path)) return { path, problem: null }
  return {
    path: undefined,
    problem: `better-sqlite3 has not been built for Electron ${options.target.electronVersion} (${options.target.platform}-${options.target.arch}): run "npm start", which builds it into ${electronNativeDir(options.appPath, options.target)}.`
  }
}
