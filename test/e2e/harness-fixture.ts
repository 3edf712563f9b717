import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, rmdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startHarness, type Harness } from '../../src/main/harness/server'

export const ROOT = resolve(import.meta.dirname, '../..')
export const CHROMIUM = process.env.AUTHTRAIL_CHROMIUM ?? '/usr/bin/chromium'
export const HAS_CHROMIUM = existsSync(CHROMIUM)
export const SKIP_REASON = `end-to-end tests need Chromium at ${CHROMIUM} (apt-get install -y chromium); skipped`
export const SHOTS = join(ROOT, 'test-results', 'e2e')

const RENDERER = join(ROOT, 'out', 'renderer')

function newest(dir: string): number {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

/**
 * Builds the renderer when out/renderer is missing or older than its sources (a fresh clone, or
 * after a UI change), once across parallel test files (a lock folder serialises the build).
 */
export function ensureRendererBuilt(): string {
  const index = join(RENDERER, 'index.html')
  const stale = (): boolean =>
    !existsSync(index) ||
    statSync(index).mtimeMs <
      Math.max(newest(join(ROOT, 'src/renderer')), newest(join(ROOT, 'src/shared/ipc')))
  if (!stale()) return RENDERER
  mkdirSync(join(ROOT, '.cache'), { recursive: true })
  const lock = join(ROOT, '.cache', 'renderer-build.lock')
  const deadline = Date.now() + 180_000
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`)
      execFileSync('sleep', ['0.5'])
    }
  }
  try {
    if (stale())
      execFileSync(
        process.execPath,
        [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
        { cwd: ROOT, stdio: 'pipe' }
      )
  } finally {
    rmdirSync(lock)
  }
  return RENDERER
}

export interface E2E {
  harness: Harness
  browser: Browser
  page: Page
  dir: string
  /** Console errors and failed requests seen by the page. */
  problems: string[]
  shot(name: string): Promise<string>
  close(): Promise<void>
}

export async function startE2E(options: { width?: number; height?: number } = {}): Promise<E2E> {
  const rendererRoot = ensureRendererBuilt()
  const dir = mkdtempSync(join(tmpdir(), 'authtrail-e2e-'))
  const harness = await startHarness({ rendererRoot, dataDir: dir, queryWorker: true })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run'
    ]
  })
  const page = await browser.newPage({
    viewport: { width: options.width ?? 1480, height: options.height ?? 900 }
  })
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('request', (r) => {
    if (!r.url().startsWith(`${harness.origin}/`) && !r.url().startsWith('data:'))
      problems.push(`request outside the harness: ${r.url()}`)
  })
  mkdirSync(SHOTS, { recursive: true })
  return {
    harness,
    browser,
    page,
    dir,
    problems,
    async shot(name) {
      const path = join(SHOTS, `${name}.png`)
      await page.screenshot({ path })
      return path
    },
    async close() {
      await browser.close()
      await harness.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
