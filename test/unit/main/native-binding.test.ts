import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { electronBuildEnv, electronTarget, plan, registeredAbi } from '../../../scripts/electron-native'
import { chooseNativeBinding, electronNativeBinding } from '../../../src/main/services/native-binding'

const ROOT = resolve(import.meta.dirname, '../../..')
const target = { platform: 'linux', arch: 'x64', electronVersion: '45.4.1' }

describe('better-sqlite3 for Electron, kept apart from the Node build', () => {
  it('lives under .cache/electron-native, one folder per platform, arch and Electron version', () => {
    expect(electronNativeBinding('/repo', target)).toBe(
      '/repo/.cache/electron-native/linux-x64-electron-45.4.1/better_sqlite3.node'
    )
  })

  it('is what the app loads from a checkout, and nothing is passed in a packaged app', () => {
    const path = electronNativeBinding('/repo', target)
    expect(
      chooseNativeBinding({ isPackaged: false, appPath: '/repo', target, exists: (p) => p === path })
    ).toEqual({ path, problem: null })
    expect(chooseNativeBinding({ isPackaged: true, appPath: '/repo', target, exists: () => false })).toEqual({
      path: undefined,
      problem: null
    })
    const missing = chooseNativeBinding({ isPackaged: false, appPath: '/repo', target, exists: () => false })
    expect(missing.path).toBeUndefined()
    expect(missing.problem).toMatch(/run "npm start"/)
  })

  it('builds with Electron headers: nodedir from ~/.npmrc is removed from the build environment', () => {
    const env = electronBuildEnv(
      { npm_config_nodedir: '/usr', PATH: '/bin', npm_config_target: '20.0.0' },
      target,
      '/h'
    )
    expect(env.npm_config_nodedir).toBeUndefined()
    expect(env).toMatchObject({
      PATH: '/bin',
      npm_config_runtime: 'electron',
      npm_config_target: '45.4.1',
      npm_config_disturl: 'https://electronjs.org/headers',
      npm_config_devdir: '/h'
    })
    const p = plan('/repo', target, { npm_config_nodedir: '/usr' })
    expect(p.work).toBe('/repo/.cache/electron-native/linux-x64-electron-45.4.1/package')
    expect(p.steps[0]?.args).toEqual(expect.arrayContaining(['--runtime', 'electron', '--target', '45.4.1']))
    for (const s of p.steps) {
      expect(s.cwd).toBe(p.work)
      expect(s.env.npm_config_nodedir).toBeUndefined()
    }
  })

  it('reads the module version a binary registers, which is how a Node-ABI build is caught', () => {
    const node = readFileSync(join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))
    expect(registeredAbi(node)).toBe(Number(process.versions.modules))
    const electron = electronTarget(ROOT)
    expect(electron.electronVersion).toMatch(/^\d+\.\d+\.\d+$/)
    expect(electron.abi).toBeGreaterThan(Number(process.versions.modules))
    expect(registeredAbi(Buffer.from('nothing here'))).toBeNull()
  })
})
