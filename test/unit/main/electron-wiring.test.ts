/**
 * The Electron-side wiring, run without Electron: the preload against a mocked `electron` module,
 * the session and web-contents guards and the IPC registration against fakes that record what
 * they were given. (The real binary cannot be downloaded on the development machines.)
 */
import { EventEmitter } from 'node:events'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { registerIpc } from '../../../src/main/ipc/register'
import { guardSession, guardWebContents } from '../../../src/main/window/guards'
import { APP_ENTRY } from '../../../src/main/window/security-policy'
import { CHANNELS, MAIN_EVENTS, type AuthtrailApi } from '../../../src/shared/ipc/contract'

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as [string, unknown][],
  listeners: new Map<string, (...a: unknown[]) => void>(),
  paths: new Map<unknown, string>()
}))

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, arg: unknown) => {
      electron.invoked.push([channel, arg])
      return { ok: true, value: channel }
    },
    on: (event: string, fn: (...a: unknown[]) => void) => electron.listeners.set(event, fn),
    removeListener: (event: string) => electron.listeners.delete(event)
  },
  webUtils: { getPathForFile: (f: unknown) => electron.paths.get(f) ?? '' }
}))

describe('preload', () => {
  let api: AuthtrailApi
  beforeAll(async () => {
    await import('../../../src/preload/index')
    api = electron.exposed.get('api') as AuthtrailApi
  })

  it('exposes exactly the contract, once, under window.api', () => {
    expect([...electron.exposed.keys()]).toEqual(['api'])
    expect(Object.keys(api).sort()).toEqual([...Object.keys(CHANNELS), 'on'].sort())
  })

  it('sends each call on its channel with its argument', async () => {
    electron.invoked.length = 0
    const query = { terms: [], text: '', from: null, to: null }
    await api.queryPage({ query, order: 'asc', after: null, limit: 10 })
    await api.getState({})
    expect(electron.invoked).toEqual([
      [CHANNELS.queryPage, { query, order: 'asc', after: null, limit: 10 }],
      [CHANNELS.getState, {}]
    ])
  })

  it('turns dropped File objects into paths itself, and refuses anything else', async () => {
    electron.invoked.length = 0
    const dropped = new File(['x'], 'SignIns.csv')
    electron.paths.set(dropped, '/evidence/SignIns.csv')
    await api.importDropped({ files: [dropped] })
    expect(electron.invoked).toEqual([[CHANNELS.importDropped, { paths: ['/evidence/SignIns.csv'] }]])
    // A page cannot name a file: strings are refused, and a File it made has no path.
    expect(await api.importDropped({ files: ['/etc/passwd'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' }
    })
    expect(await api.importDropped({ files: [new File(['x'], 'made-up.csv')] })).toMatchObject({ ok: false })
    expect(await api.importDropped({ files: [] })).toMatchObject({ ok: false })
    expect(electron.invoked).toHaveLength(1)
  })

  it('subscribes to push events without exposing the IPC event, and unsubscribes', () => {
    const seen: unknown[] = []
    const off = api.on('import:progress', (p) => seen.push(p))
    electron.listeners.get('import:progress')?.({ sender: 'ipc internals' }, { jobId: 'j' })
    expect(seen).toEqual([{ jobId: 'j' }])
    off()
    expect(electron.listeners.has('import:progress')).toBe(false)
    expect(() => api.on('fs:changed' as never, () => {})).toThrow(/unknown event/)
    expect(MAIN_EVENTS).toContain('import:progress')
  })
})

describe('IPC registration', () => {
  it('handles every channel and answers only the app’s own top frame', async () => {
    const handlers = new Map<string, (event: unknown, arg: unknown) => Promise<unknown>>()
    const dispatched: [string, unknown][] = []
    registerIpc(
      {
        handle: (channel: string, fn: (event: unknown, arg: unknown) => Promise<unknown>) =>
          handlers.set(channel, fn)
      } as never,
      async (channel, arg) => {
        dispatched.push([channel, arg])
        return { ok: true, value: null }
      },
      {}
    )
    expect([...handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort())
    const state = handlers.get(CHANNELS.getState)
    const from = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } })
    expect(await state?.(from(APP_ENTRY), {})).toEqual({ ok: true, value: null })
    expect(await state?.(from('https://evil.example/'), {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    expect(await state?.(from(APP_ENTRY, { url: APP_ENTRY }), {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    expect(dispatched).toEqual([[CHANNELS.getState, {}]])
  })
})

describe('session and web-contents guards', () => {
  it('cancels non-local requests and refuses every permission', () => {
    type RequestHook = (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void
    type PermissionHook = (c: unknown, p: string, cb: (ok: boolean) => void) => void
    const hooks: { request?: RequestHook; permission?: PermissionHook; check?: () => boolean } = {}
    const session = {
      webRequest: { onBeforeRequest: (fn: RequestHook) => (hooks.request = fn) },
      setPermissionRequestHandler: (fn: PermissionHook) => (hooks.permission = fn),
      setPermissionCheckHandler: (fn: () => boolean) => (hooks.check = fn),
      setDevicePermissionHandler: () => {},
      setProxy: async (config: unknown) => expect(config).toEqual({ mode: 'direct' })
    }
    const blocked: string[] = []
    guardSession(session as never, {}, (url) => blocked.push(url))
    const decide = (url: string): boolean => {
      let cancel = false
      hooks.request?.({ url }, (r) => (cancel = r.cancel))
      return cancel
    }
    expect(decide(APP_ENTRY)).toBe(false)
    expect(decide('https://graph.microsoft.com/v1.0/me')).toBe(true)
    expect(decide('http://127.0.0.1:8080/')).toBe(true)
    expect(blocked).toEqual(['https://graph.microsoft.com/v1.0/me', 'http://127.0.0.1:8080/'])
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read'])
      hooks.permission?.(null, permission, (ok) => expect(ok).toBe(false))
    expect(hooks.check?.()).toBe(false)
    expect(hooks.request && hooks.permission).toBeTruthy()
  })

  it('prevents navigation, redirects and webviews, and denies new windows', () => {
    const app = new EventEmitter()
    guardWebContents(app as never)
    const contents = Object.assign(new EventEmitter(), {
      getURL: () => APP_ENTRY,
      openHandler: null as null | (() => { action: string }),
      setWindowOpenHandler(fn: () => { action: string }) {
        this.openHandler = fn
      }
    })
    app.emit('web-contents-created', {}, contents)
    const fire = (name: string, ...args: unknown[]): boolean => {
      let prevented = false
      contents.emit(name, { preventDefault: () => (prevented = true), url: args[0] }, ...args)
      return prevented
    }
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true)
    expect(fire('will-navigate', `${APP_ENTRY}#section`)).toBe(false)
    expect(fire('will-frame-navigate', 'file:///etc/passwd')).toBe(true)
    expect(fire('will-redirect', 'https://evil.example/')).toBe(true)
    expect(fire('will-attach-webview')).toBe(true)
    expect(contents.openHandler?.()).toEqual({ action: 'deny' })
  })
})
