/**
 * The app's network and navigation policy as pure functions (no `electron` import), so the rules
 * the session and window guards apply are unit-tested exactly as shipped.
 */
import { extname, resolve, sep } from 'node:path'

/** The renderer is served from this privileged custom scheme instead of file:// (Electron checklist #18). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'authtrail'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY = `${APP_ORIGIN}/index.html`

/**
 * The Content-Security-Policy of every renderer document: only the app's own scripts, styles and
 * images; no remote origin in any directive; no plugins, frames, forms or base-URL changes. The
 * same text is in src/renderer/index.html (a test keeps them equal) and is sent as a header.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

export interface PolicyOptions {
  /** electron-vite's dev server origin (ELECTRON_RENDERER_URL), only in `electron-vite dev`. */
  devServer?: string | null
}

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

function isLoopbackDevOrigin(u: URL, devServer: string | null | undefined): boolean {
  if (!devServer) return false
  const dev = parse(devServer)
  if (!dev || !['localhost', '127.0.0.1', '[::1]'].includes(dev.hostname)) return false
  const sameHostPort = u.hostname === dev.hostname && u.port === dev.port
  return sameHostPort && (u.protocol === dev.protocol || u.protocol === 'ws:')
}

/** A document of the app itself (the only origin that may call the IPC contract). */
export function isAppUrl(url: string | undefined | null, options: PolicyOptions = {}): boolean {
  if (!url) return false
  const u = parse(url)
  if (!u) return false
  if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true
  return isLoopbackDevOrigin(u, options.devServer) && u.protocol !== 'ws:'
}

/**
 * Whether the session lets a request out. Everything that is not the app's own scheme (or inline
 * data the page already holds) is cancelled: no DNS lookup, no connection, whatever asked for it —
 * a page, a worker, a stray <img>, a CSS url(). Authtrail runs on air-gapped evidence machines.
 */
export function isAllowedRequest(url: string, options: PolicyOptions = {}): boolean {
  const u = parse(url)
  if (!u) return false
  switch (u.protocol) {
    case `${APP_SCHEME}:`:
      return u.host === APP_HOST
    case 'data:':
    case 'blob:':
    case 'devtools:':
      return true
    default:
      return isLoopbackDevOrigin(u, options.devServer)
  }
}

/** Navigation away from the loaded document is never allowed (links open nothing). */
export function isAllowedNavigation(from: string, to: string): boolean {
  const a = parse(from)
  const b = parse(to)
  if (!a || !b) return false
  // Only a same-document fragment change.
  return (
    a.origin === b.origin && a.pathname === b.pathname && a.search === b.search && a.protocol === b.protocol
  )
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8'
}

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The file under `root` a request path names, or null when it would leave the folder (`..`,
 * encoded separators, absolute paths) or is malformed.
 */
export function resolveUnder(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const rel = decoded.replace(/^\/+/, '') || 'index.html'
  const base = resolve(root)
  const full = resolve(base, rel)
  return full.startsWith(base + sep) ? full : null
}
