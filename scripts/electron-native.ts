/**
 * `node --import tsx scripts/electron-native.ts [--force] [--dry-run]` (run by `npm start`):
 * makes better-sqlite3 for Electron's ABI in .cache/electron-native/<platform>-<arch>-electron-<v>/,
 * leaving node_modules/better-sqlite3 (the Node build vitest and the CLI load) untouched
 * (STYLE.md §6 "Native ABI": one build per target, never flip-flopping one install).
 *
 * 1. prebuild-install fetches the matching Electron prebuild from better-sqlite3's releases;
 * 2. failing that, node-gyp compiles it against Electron's headers. `nodedir=/usr` in ~/.npmrc
 *    reaches node-gyp as npm_config_nodedir and would make it use Node's headers (a binary with
 *    Node's ABI that Electron refuses, TOOLCHAIN.md §3.2), so it is removed from the child's env.
 * The result is checked for Electron's module version before it is put in place. Both steps need
 * the network once; afterwards `npm start` works offline.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  electronNativeBinding,
  electronNativeDir,
  type NativeTarget
} from '../src/main/services/native-binding'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export interface Step {
  name: string
  command: string
  args: string[]
  cwd: string
  env: NodeJS.ProcessEnv
}

/** npm passes .npmrc settings to scripts as npm_config_*; these would point node-gyp at Node's headers. */
const NODE_HEADER_SETTINGS = [
  'npm_config_nodedir',
  'NPM_CONFIG_NODEDIR',
  'npm_config_target',
  'npm_config_runtime',
  'npm_config_disturl'
]

export function electronBuildEnv(
  env: NodeJS.ProcessEnv,
  target: NativeTarget,
  devDir: string
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env }
  for (const key of NODE_HEADER_SETTINGS) delete out[key]
  return {
    ...out,
    npm_config_runtime: 'electron',
    npm_config_target: target.electronVersion,
    npm_config_arch: target.arch,
    npm_config_disturl: 'https://electronjs.org/headers',
    npm_config_devdir: devDir
  }
}

/** The module version a native binary registers with (node_register_module_v<N>), or null. */
export function registeredAbi(binary: Buffer): number | null {
  const m = /node_register_module_v(\d+)/.exec(binary.toString('latin1'))
  return m ? Number(m[1]) : null
}

export function findNodeGyp(env: NodeJS.ProcessEnv): string | null {
  const candidates = [
    env.npm_config_node_gyp,
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js'
    ),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  ]
  try {
    candidates.unshift(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'))
  } catch {
    // not a direct dependency: npm's bundled copy is the usual one
  }
  return candidates.find((c): c is string => typeof c === 'string' && existsSync(c)) ?? null
}

/** The two ways to get the binary, in order, each run in a private copy of the package. */
export function plan(
  root: string,
  target: NativeTarget,
  env: NodeJS.ProcessEnv
): { work: string; steps: Step[] } {
  const dir = electronNativeDir(root, target)
  const work = join(dir, 'package')
  const buildEnv = electronBuildEnv(env, target, join(root, '.cache', 'electron-native', 'headers'))
  const prebuild = join(root, 'node_modules', 'prebuild-install', 'bin.js')
  const gyp = findNodeGyp(env)
  const steps: Step[] = [
    {
      name: 'prebuild-install (download the Electron prebuild)',
      command: process.execPath,
      args: [
        prebuild,
        '--runtime',
        'electron',
        '--target',
        target.electronVersion,
        '--arch',
        target.arch,
        '--platform',
        target.platform,
        '--verbose'
      ],
      cwd: work,
      env: buildEnv
    }
  ]
  if (gyp)
    steps.push({
      name: 'node-gyp (compile against Electron headers)',
      command: process.execPath,
      args: [
        gyp,
        'rebuild',
        '--release',
        '--runtime=electron',
        `--target=${target.electronVersion}`,
        `--arch=${target.arch}`,
        '--dist-url=https://electronjs.org/headers'
      ],
      cwd: work,
      env: buildEnv
    })
  return { work, steps }
}

export function electronTarget(
  root: string,
  arch = process.arch,
  platform: string = process.platform
): NativeTarget & { abi: number } {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string
  }
  const abi = Number(readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim())
  return { platform, arch, electronVersion: pkg.version, abi }
}

function main(argv: string[]): number {
  const force = argv.includes('--force')
  const dry = argv.includes('--dry-run')
  const target = electronTarget(ROOT)
  const out = electronNativeBinding(ROOT, target)
  if (existsSync(out) && !force) {
    const abi = registeredAbi(readFileSync(out))
    if (abi === target.abi) {
      console.log(`better-sqlite3 for Electron ${target.electronVersion} (ABI ${abi}) is ready: ${out}`)
      return 0
    }
    console.log(`${out} has ABI ${abi}, Electron ${target.electronVersion} needs ${target.abi}: rebuilding`)
  }
  const { work, steps } = plan(ROOT, target, process.env)
  if (dry) {
    console.log(
      JSON.stringify(
        {
          target,
          out,
          work,
          steps: steps.map(({ env, ...s }) => ({
            ...s,
            nodedir: env.npm_config_nodedir ?? null,
            runtime: env.npm_config_runtime
          }))
        },
        null,
        2
      )
    )
    return 0
  }
  rmSync(work, { recursive: true, force: true })
  mkdirSync(dirname(work), { recursive: true })
  cpSync(join(ROOT, 'node_modules', 'better-sqlite3'), work, {
    recursive: true,
    filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`)
  })
  const built = join(work, 'build', 'Release', 'better_sqlite3.node')
  for (const step of steps) {
    console.log(`→ ${step.name}`)
    const r = spawnSync(step.command, step.args, { cwd: step.cwd, env: step.env, stdio: 'inherit' })
    if (r.status !== 0 || !existsSync(built)) {
      console.warn(`  ${step.name} did not produce ${built}`)
      continue
    }
    const abi = registeredAbi(readFileSync(built))
    if (abi !== target.abi) {
      console.warn(
        `  the binary registers ABI ${abi}; Electron ${target.electronVersion} needs ${target.abi}`
      )
      rmSync(built, { force: true })
      continue
    }
    mkdirSync(dirname(out), { recursive: true })
    renameSync(built, out)
    writeFileSync(
      join(dirname(out), 'build-info.json'),
      JSON.stringify({ ...target, method: step.name, builtAt: new Date().toISOString() }, null, 2) + '\n'
    )
    rmSync(work, { recursive: true, force: true })
    console.log(`better-sqlite3 for Electron ${target.electronVersion} (ABI ${abi}): ${out}`)
    return 0
  }
  console.error(
    `Could not get better-sqlite3 for Electron ${target.electronVersion} (${target.platform}-${target.arch}). ` +
      'Both need the network once (the prebuild from GitHub, or the Electron headers for a compile with a C++ toolchain). ' +
      'node_modules was not changed: tests and the CLI still work.'
  )
  return 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exit(main(process.argv.slice(2)))
