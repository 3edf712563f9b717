/**
 * The HTML case report opened in Chromium as a reader would open the file: offline, every request
 * other than the file itself blocked and recorded, and none may happen. A control copy of the
 * report with one external image proves that the blocking would see such a request. Screenshots
 * (screen and print media) go to test-results/e2e for a person to look at.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/main'
import { applyAnnotation } from '../../src/main/db/annotations'
import { listFindings } from '../../src/main/db/findings'
import { openCase } from '../../src/main/db/open'
import { writeTriage } from '../../src/main/db/triage'
import { tempDir, type TempDir } from '../helpers/temp-case'
import { CHROMIUM, HAS_CHROMIUM, ROOT, SHOTS, SKIP_REASON } from './harness-fixture'

if (!HAS_CHROMIUM) console.warn(SKIP_REASON)

declare const document: {
  title: string
  querySelectorAll(selector: string): { length: number }
  documentElement: { scrollHeight: number }
  body: { innerText: string }
}

async function cli(...argv: string[]): Promise<number> {
  return main(argv, { out: () => {}, err: () => {}, isTty: false })
}

describe.skipIf(!HAS_CHROMIUM)('HTML report in Chromium, network disabled', () => {
  let t: TempDir
  let browser: Browser
  let report: string

  beforeAll(async () => {
    t = tempDir('authtrail-report-e2e-')
    const casePath = t.path('incident-4711.authtrail')
    const files = readdirSync(join(ROOT, 'samples/event-hub')).map((f) => {
      copyFileSync(join(ROOT, 'samples/event-hub', f), t.path(f))
      return t.path(f)
    })
    expect(await cli('import', casePath, ...files)).toBe(0)
    expect(await cli('scan', casePath)).toBe(0)
    const db = openCase(casePath)
    const [f] = listFindings(db)
    if (!f) throw new Error('the sample produced no finding')
    const now = new Date().toISOString()
    writeTriage(db, [f.id], 'malicious', 'Confirmed with the user by phone: the change was not theirs.', now)
    applyAnnotation(
      db,
      {
        ids: f.evidence.slice(0, 2),
        addTags: ['initial-access'],
        starred: true,
        comment: 'Attacker session'
      },
      now
    )
    db.close()
    report = t.path('incident-4711-report.html')
    expect(await cli('report', casePath, '--format', 'html', '-o', report, '--zone', 'Europe/Berlin')).toBe(0)
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run'
      ]
    })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    t?.cleanup()
  })

  /** Opens a file offline; every request but the file's own is aborted and returned. */
  async function open(
    file: string,
    media: 'screen' | 'print' = 'screen'
  ): Promise<{ page: Page; others: string[] }> {
    const url = pathToFileURL(file).href
    const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } })
    const others: string[] = []
    await context.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue()
      others.push(route.request().url())
      return route.abort('blockedbyclient')
    })
    const page = await context.newPage()
    page.on('request', (r) => {
      if (r.url() !== url && !others.includes(r.url())) others.push(r.url())
    })
    await page.emulateMedia({ media })
    await page.goto(url, { waitUntil: 'load' })
    return { page, others }
  }

  it('renders every section with no request but the file itself; screenshots taken', async () => {
    const { page, others } = await open(report)
    expect(await page.evaluate(() => document.title)).toBe('Case report · incident-4711.authtrail')
    const text = await page.evaluate(() => document.body.innerText)
    for (const heading of [
      'Scope',
      'Sources',
      'Findings',
      'Suppressed findings',
      'Affected users',
      'Annotated events',
      'Case log'
    ])
      expect(text).toContain(heading)
    expect(text).toContain('All times: Europe/Berlin (UTC+02:00')
    expect(text).toContain('Confirmed with the user by phone')
    expect(text).toContain('Attacker session')
    expect(await page.evaluate(() => document.querySelectorAll('section.finding').length)).toBeGreaterThan(0)
    mkdirSync(SHOTS, { recursive: true })
    await page.screenshot({ path: join(SHOTS, 'report-top.png') })
    await page.screenshot({ path: join(SHOTS, 'report-full.png'), fullPage: true })
    await page.context().close()
    expect(others).toEqual([])

    const print = await open(report, 'print')
    await print.page.screenshot({ path: join(SHOTS, 'report-print.png') })
    await print.page.context().close()
    expect(print.others).toEqual([])
  })

  it('control: an external image added to a copy of the report is seen and blocked', async () => {
    const copy = t.path('control.html')
    writeFileSync(
      copy,
      readFileSync(report, 'utf8').replace('<main>', '<main><img src="http://127.0.0.1:9/pixel.png" alt="">')
    )
    const { page, others } = await open(copy)
    await page.context().close()
    expect(others).toEqual(['http://127.0.0.1:9/pixel.png'])
  })
})
