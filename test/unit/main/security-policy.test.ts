import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { trustedSender } from '../../../src/main/ipc/register'
import { menuTemplate, type MenuActions } from '../../../src/main/window/menu-template'
import {
  APP_ENTRY,
  CSP,
  isAllowedNavigation,
  isAllowedRequest,
  isAppUrl,
  resolveUnder
} from '../../../src/main/window/security-policy'

const dev = { devServer: 'http://localhost:5173' }

describe('session request policy', () => {
  it.each([
    ['app://authtrail/index.html', true],
    ['app://authtrail/assets/index-abc.js', true],
    ['data:image/png;base64,AAAA', true],
    ['blob:app://authtrail/1234', true],
    ['devtools://devtools/bundled/inspector.html', true],
    ['app://other/index.html', false],
    ['https://login.microsoftonline.com/', false],
    ['http://203.0.113.7/x.png', false],
    ['http://localhost:5173/src/main.tsx', false],
    ['ws://localhost:5173/', false],
    ['file:///etc/passwd', false],
    ['ftp://example.com/', false],
    ['chrome-extension://abc/x.js', false],
    ['not a url', false]
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedRequest(url)).toBe(allowed)
  })

  it('lets the dev server through only when electron-vite dev named it, and only on loopback', () => {
    expect(isAllowedRequest('http://localhost:5173/src/main.tsx', dev)).toBe(true)
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(true)
    expect(isAllowedRequest('http://localhost:5174/', dev)).toBe(false)
    expect(isAllowedRequest('http://example.com:5173/', dev)).toBe(false)
    expect(isAllowedRequest('http://example.com/', { devServer: 'http://example.com' })).toBe(false)
  })
})

describe('which documents may use the contract', () => {
  it('is the app origin (or the dev server in dev), never anything else', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true)
    expect(isAppUrl('app://authtrail/')).toBe(true)
    expect(isAppUrl('app://evil/index.html')).toBe(false)
    expect(isAppUrl('file:///tmp/index.html')).toBe(false)
    expect(isAppUrl('https://example.com')).toBe(false)
    expect(isAppUrl(undefined)).toBe(false)
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5173/')).toBe(false)
  })

  it('checks the sender frame: the app top frame only', () => {
    const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } }) as never
    expect(trustedSender(frame(APP_ENTRY), {})).toBe(true)
    expect(trustedSender(frame('https://evil.example/'), {})).toBe(false)
    expect(trustedSender(frame(APP_ENTRY, {}), {})).toBe(false)
    expect(trustedSender({ senderFrame: null } as never, {})).toBe(false)
  })

  it('allows no navigation but fragment changes', () => {
    expect(isAllowedNavigation(APP_ENTRY, `${APP_ENTRY}#x`)).toBe(true)
    expect(isAllowedNavigation(APP_ENTRY, 'https://example.com/')).toBe(false)
    expect(isAllowedNavigation(APP_ENTRY, 'app://authtrail/other.html')).toBe(false)
    expect(isAllowedNavigation(APP_ENTRY, 'file:///etc/passwd')).toBe(false)
  })
})

describe('the CSP', () => {
  it('names no remote origin and matches the page meta tag', () => {
    expect(CSP).not.toMatch(/https?:|\*|ws:|unsafe-eval/)
    expect(CSP).toContain("script-src 'self'")
    expect(CSP).toContain("object-src 'none'")
    const html = readFileSync(join(import.meta.dirname, '../../../src/renderer/index.html'), 'utf8')
    const meta = /content="(default-src[^"]+)"/.exec(html)?.[1]
    expect(meta).toBe(CSP.replace("; frame-ancestors 'none'", ''))
  })
})

describe('serving files from app://', () => {
  const root = '/app/out/renderer'
  it.each([
    ['/index.html', '/app/out/renderer/index.html'],
    ['/', '/app/out/renderer/index.html'],
    ['/assets/a%20b.js', '/app/out/renderer/assets/a b.js'],
    ['/../main/index.js', null],
    ['/%2e%2e/%2e%2e/etc/passwd', null],
    ['/assets/..%2f..%2fmain.js', null],
    ['/a%5c..%5c..%5cx', null],
    ['/x%00.html', null],
    ['/%E0%A4%A', null]
  ])('%s → %s', (path, expected) => {
    expect(resolveUnder(root, path)).toBe(expected)
  })
})

describe('application menu', () => {
  const actions = new Proxy({}, { get: () => () => {} }) as MenuActions
  const items = (platform: NodeJS.Platform, hasCase = true, importing = false) =>
    menuTemplate(actions, {
      platform,
      hasCase,
      importing,
      recent: [{ path: '/c/a.authtrail', name: 'a.authtrail', openedAt: 1, exists: true }],
      devTools: false
    })
  const flat = (
    menu: ReturnType<typeof items>
  ): { label?: string; accelerator?: string; enabled?: boolean }[] =>
    menu.flatMap((m) => [m, ...(Array.isArray(m.submenu) ? flat(m.submenu as never) : [])]) as never

  it('has the file commands with the usual shortcuts', () => {
    const all = flat(items('linux'))
    const find = (label: string) => all.find((i) => i.label === label)
    expect(find('New Case…')?.accelerator).toBe('CmdOrCtrl+N')
    expect(find('Open Case…')?.accelerator).toBe('CmdOrCtrl+O')
    expect(find('Open Recent')).toBeTruthy()
    expect(find('/c/a.authtrail')).toBeTruthy()
    expect(find('Save Case As…')?.accelerator).toBe('CmdOrCtrl+Shift+S')
    expect(find('Import Files…')?.accelerator).toBe('CmdOrCtrl+I')
    expect(find('Export…')?.accelerator).toBe('CmdOrCtrl+E')
    expect(find('Export Report…')?.accelerator).toBe('CmdOrCtrl+Shift+E')
    expect(find('Quit')?.accelerator).toBe('Ctrl+Q')
    expect(find('Filter…')?.accelerator).toBe('CmdOrCtrl+F')
  })

  it('puts Quit in the app menu on macOS and disables case commands without a case or during an import', () => {
    const mac = flat(items('darwin'))
    expect(mac.find((i) => i.label === 'Quit Authtrail')?.accelerator).toBe('Cmd+Q')
    expect(mac.find((i) => i.label === 'Quit')).toBeUndefined()
    const none = flat(items('linux', false))
    expect(none.find((i) => i.label === 'Import Files…')?.enabled).toBe(false)
    expect(none.find((i) => i.label === 'Save Case As…')?.enabled).toBe(false)
    expect(none.find((i) => i.label === 'Export Report…')?.enabled).toBe(false)
    const busy = flat(items('linux', true, true))
    expect(busy.find((i) => i.label === 'Open Case…')?.enabled).toBe(false)
    expect(busy.find((i) => i.label === 'Export…')?.enabled).toBe(true)
  })
})
