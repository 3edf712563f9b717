import { describe, expect, it } from 'vitest'
import type { Dialogs } from '../../../src/main/services/dialogs'
import {
  demoMode,
  electronBinary,
  hasDisplay,
  type DesktopProbe
} from '../../../src/main/window/desktop-launch'
import { caseFromArgv, launchDialogs } from '../../../src/main/window/launch-args'

describe('the case named on the command line', () => {
  it('is found after the binary and the app path, made absolute against the working directory', () => {
    expect(caseFromArgv(['/opt/electron', '.', 'demo.authtrail'], '/work/main')).toBe(
      '/work/main/demo.authtrail'
    )
    expect(
      caseFromArgv(['/Applications/Authtrail.app/Contents/MacOS/Authtrail', '/cases/a.authtrail'], '/')
    ).toBe('/cases/a.authtrail')
    expect(caseFromArgv(['/opt/electron', 'out/main/index.js'], '/work/main')).toBeNull()
    expect(caseFromArgv(['/opt/electron', '.'], '/work/main')).toBeNull()
  })

  it('skips switches (a second launch may carry Chromium’s, in any order) and takes the last case', () => {
    expect(
      caseFromArgv(
        [
          'authtrail',
          '--allow-file-access-from-files',
          'old.authtrail',
          '--inspect=9229',
          'Case 2.AUTHTRAIL'
        ],
        '/home/ana'
      )
    ).toBe('/home/ana/Case 2.AUTHTRAIL')
    expect(caseFromArgv(['authtrail', '--', '--odd-name.authtrail'], '/c')).toBe('/c/--odd-name.authtrail')
    expect(caseFromArgv(['authtrail', 'notes.txt', '-x.authtrail'], '/c')).toBeNull()
  })
})

describe('a launch’s case goes through the open-case dialog path', () => {
  const asked: string[] = []
  const base = {
    openCase: () => {
      asked.push('openCase')
      return Promise.resolve('/chosen.authtrail')
    }
  } as unknown as Dialogs

  it('answers the next open-case once with the queued path, then asks again', async () => {
    const l = launchDialogs(base)
    l.queue('/cases/second.authtrail')
    expect(await l.dialogs.openCase()).toBe('/cases/second.authtrail')
    expect(asked).toEqual([])
    expect(await l.dialogs.openCase()).toBe('/chosen.authtrail')
    expect(asked).toEqual(['openCase'])
  })
})

describe('the demo opens the desktop app only where it can', () => {
  const files = (present: Record<string, string>): Pick<DesktopProbe, 'exists' | 'read'> => ({
    exists: (p) => p in present,
    read: (p) => present[p] ?? ''
  })
  const installed = files({
    '/repo/node_modules/electron/path.txt': 'electron',
    '/repo/node_modules/electron/dist/electron': ''
  })
  const probe = (over: Partial<DesktopProbe>): DesktopProbe => ({
    platform: 'linux',
    env: { DISPLAY: ':0' },
    root: '/repo',
    ...installed,
    ...over
  })

  it('needs a display on Linux, and always has one on macOS and Windows', () => {
    expect(hasDisplay('linux', {})).toBe(false)
    expect(hasDisplay('linux', { DISPLAY: '' })).toBe(false)
    expect(hasDisplay('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true)
    expect(hasDisplay('darwin', {})).toBe(true)
    expect(hasDisplay('win32', {})).toBe(true)
  })

  it('finds Electron’s binary the way the electron package does, without running it', () => {
    expect(electronBinary(probe({}))).toBe('/repo/node_modules/electron/dist/electron')
    expect(electronBinary(probe(files({})))).toBeNull()
    expect(electronBinary(probe(files({ '/repo/node_modules/electron/path.txt': 'electron' })))).toBeNull()
    expect(
      electronBinary(
        probe({
          env: { ELECTRON_OVERRIDE_DIST_PATH: '/opt/e' },
          ...files({ '/repo/node_modules/electron/path.txt': 'electron', '/opt/e/electron': '' })
        })
      )
    ).toBe('/opt/e/electron')
  })

  it('falls back to the CLI with the reason', () => {
    expect(demoMode(probe({}))).toEqual({
      mode: 'desktop',
      electron: '/repo/node_modules/electron/dist/electron'
    })
    expect(demoMode(probe({ env: {} }))).toMatchObject({
      mode: 'cli',
      reason: expect.stringMatching(/no display/)
    })
    expect(demoMode(probe(files({})))).toMatchObject({
      mode: 'cli',
      reason: expect.stringMatching(/not installed/)
    })
    expect(demoMode(probe({ platform: 'darwin', env: {}, ...files({}) }))).toMatchObject({ mode: 'cli' })
    expect(demoMode(probe({ forceCli: true }))).toEqual({ mode: 'cli', reason: '--cli was given' })
  })
})
