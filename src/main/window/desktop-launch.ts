import { join } from 'node:path'

/**
 * Whether `npm run demo` can show the demo case in the desktop app, decided honestly: a display to
 * open a window on (on Linux an X11 or Wayland session says so through DISPLAY / WAYLAND_DISPLAY;
 * macOS and Windows always have one) and Electron's binary on disk. The binary is looked up without
 * requiring the `electron` package, whose entry point starts a download when the binary is missing.
 */
export interface DesktopProbe {
  platform: string
  env: Readonly<Record<string, string | undefined>>
  /** The repository root (where node_modules is). */
  root: string
  exists(path: string): boolean
  read(path: string): string
  /** `--cli` on the demo's command line. */
  forceCli?: boolean
}

export type DemoMode = { mode: 'desktop'; electron: string } | { mode: 'cli'; reason: string }

/** The Electron executable the `electron` package would run, or null when it is not installed. */
export function electronBinary(p: DesktopProbe): string | null {
  const pkg = join(p.root, 'node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  if (!p.exists(pathFile)) return null
  const executable = p.read(pathFile).trim()
  if (executable === '') return null
  const full = join(p.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist'), executable)
  return p.exists(full) ? full : null
}

export function hasDisplay(platform: string, env: DesktopProbe['env']): boolean {
  if (platform === 'darwin' || platform === 'win32') return true
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY)
}

export function demoMode(p: DesktopProbe): DemoMode {
  if (p.forceCli) return { mode: 'cli', reason: '--cli was given' }
  if (!hasDisplay(p.platform, p.env))
    return { mode: 'cli', reason: 'no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set)' }
  const electron = electronBinary(p)
  if (electron === null)
    return {
      mode: 'cli',
      reason: "Electron's binary is not installed (node_modules/electron has no downloaded dist)"
    }
  return { mode: 'desktop', electron }
}
