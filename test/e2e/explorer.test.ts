/**
 * The golden path in a real browser: the built renderer in Debian's Chromium, talking to the real
 * main-process services through the loopback harness (the same contract the preload exposes).
 * Screenshots go to test-results/e2e/ (git-ignored).
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HAS_CHROMIUM, ROOT, SKIP_REASON, startE2E, type E2E } from './harness-fixture'

if (!HAS_CHROMIUM) console.warn(SKIP_REASON)

const SAMPLES = join(ROOT, 'samples')
const GOOD = join(SAMPLES, 'entra-portal')
const SHORT_ROW = join(SAMPLES, 'broken/short-row/InteractiveSignIns_2026-10-06_2026-10-07.csv')
const SCREENSHOT = join(SAMPLES, 'broken/screenshot.csv')

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

async function matchCount(e: E2E): Promise<number> {
  const text = (await e.page.getByTestId('match-count').textContent()) ?? ''
  const m = /^([\d,]+) events/.exec(text)
  if (!m) throw new Error(`no count in "${text}"`)
  return Number((m[1] as string).replace(/,/g, ''))
}

/** Waits until the count shown differs from `before` (the aggregates follow a filter change). */
async function countChange(e: E2E, before: number): Promise<number> {
  await expect.poll(() => matchCount(e).catch(() => before), { timeout: 20_000 }).not.toBe(before)
  return matchCount(e)
}

describe.skipIf(!HAS_CHROMIUM)('explorer end to end (harness + Chromium)', () => {
  let e: E2E
  let unfiltered = 0

  beforeAll(async () => {
    e = await startE2E()
    await e.page.goto(e.harness.url)
    await e.page.locator('[data-app-state="ready"]').waitFor()
  }, 240_000)

  afterAll(async () => {
    await e?.close()
  })

  it('creates a case and imports files through the UI, with per-file progress and a summary', async () => {
    const { page, harness } = e
    await page.getByTestId('welcome').waitFor()
    await e.shot('01-welcome')
    harness.dialogs.answer('newCase', join(e.dir, 'investigation.authtrail'))
    await page.getByTestId('new-case').click()
    await expect.poll(() => page.getByTestId('case-name').textContent()).toBe('investigation.authtrail')

    harness.dialogs.answer('importPaths', [GOOD, SHORT_ROW, SCREENSHOT])
    await page.getByTestId('import-files').click()
    await page.getByTestId('import-panel').waitFor()
    await page.getByTestId('import-summary').waitFor({ timeout: 120_000 })
    await e.shot('03-import-summary')

    const rows = page.getByTestId('summary-row')
    expect(await rows.count()).toBeGreaterThanOrEqual(8)
    const summary = await page.getByTestId('import-summary').textContent()
    const interactive = join(GOOD, 'signins/InteractiveSignIns_2026-10-05_2026-10-17.csv')
    expect(summary).toContain(sha256(interactive))
    expect(summary).toContain('entra-portal-signin-csv')
    // The damaged file: its short row is reported with its line and reason.
    const shortRow = rows.filter({ hasText: 'InteractiveSignIns_2026-10-06_2026-10-07.csv' })
    await shortRow.getByRole('button').first().click()
    const issues = await page.getByTestId('issue-list').first().textContent()
    expect(issues).toMatch(/line \d+/)
    // The PNG renamed .csv failed as a file, the others were imported.
    expect(await rows.filter({ hasText: 'screenshot.csv' }).textContent()).toContain('✗')
    await e.shot('04-import-issues')
    await page.getByTestId('import-close').click()
    await expect.poll(() => matchCount(e), { timeout: 20_000 }).toBeGreaterThan(500)
  }, 240_000)

  it('shows live progress (bytes, events, speed) for a large file and cancels it, leaving the case unchanged', async () => {
    const { page, harness } = e
    const before = await matchCount(e)
    const big = join(e.dir, 'big')
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/samples/generate.ts',
        '--events',
        '40000',
        '--formats',
        'la-signin-jsonl',
        '--out',
        big
      ],
      { cwd: ROOT, stdio: 'pipe' }
    )
    harness.dialogs.answer('importPaths', [join(big, 'la-signin-jsonl', 'SigninLogs.json')])
    await page.getByTestId('import-files').click()
    const stats = page.locator('.file-stats').first()
    await expect
      // Two reading reports give a speed: bytes and events per second over the last interval.
      .poll(
        async () => /B\/s · [1-9][\d,]* events\/s/.test((await stats.textContent().catch(() => '')) ?? ''),
        {
          timeout: 60_000,
          interval: 100
        }
      )
      .toBe(true)
    expect(await stats.textContent()).toMatch(/[1-9][\d,]* events/)
    await e.shot('02-import-progress')
    await page.getByTestId('import-cancel').click()
    await expect
      .poll(() => page.getByTestId('import-panel').locator('h2').textContent(), { timeout: 60_000 })
      .toBe('Import cancelled')
    expect(await page.getByTestId('import-panel').textContent()).toContain('the case is unchanged')
    await e.shot('02b-import-cancelled')
    await page.getByTestId('import-close').click()
    expect(await matchCount(e)).toBe(before)
  }, 240_000)

  it('shows the events in time order in a virtualized grid', async () => {
    const { page } = e
    const total = await matchCount(e)
    unfiltered = total
    const rendered = await page.locator('.grid-row[data-event-id]').count()
    expect(rendered).toBeGreaterThan(10)
    expect(rendered).toBeLessThan(Math.min(total, 120))
    const times = await page.locator('.grid-row[data-event-id] .col-time').allTextContents()
    expect([...times].sort()).toEqual(times)
    expect(await page.locator('.grid-th:not(.grid-check)').first().textContent()).toContain('Time (UTC)')
    await e.shot('05-explorer')
  })

  it('filters with a field:value term shown as a readable chip', async () => {
    const { page } = e
    const before = await matchCount(e)
    await page.getByTestId('filter-input').fill('result:failure')
    await page.getByTestId('filter-input').press('Enter')
    await expect.poll(() => page.getByTestId('chip').allTextContents()).toEqual(['Result is failure×'])
    const after = await countChange(e, before)
    expect(after).toBeLessThan(before)
    const results = await page.locator('.grid-row[data-event-id] .col-result').allTextContents()
    expect(new Set(results)).toEqual(new Set(['failure']))
    await e.shot('06-filter-chip')
  })

  it('narrows with a facet value and shows its count', async () => {
    const { page } = e
    const before = await matchCount(e)
    const facet = page.getByTestId('facet-user')
    const first = facet.locator('.facet-value').filter({ hasNotText: '(none)' }).first()
    await first.waitFor()
    const label = (await first.locator('.label').textContent()) ?? ''
    const count = Number(((await first.locator('.count').textContent()) ?? '0').replace(/,/g, ''))
    await first.click()
    await expect.poll(() => page.getByTestId('chip').allTextContents()).toContain(`User is ${label}×`)
    expect(await countChange(e, before)).toBe(count)
    await e.shot('07-facet')
    // Remove it again for the next steps.
    await page.getByRole('button', { name: `Remove User is ${label}` }).click()
    await expect.poll(() => matchCount(e), { timeout: 20_000 }).toBe(before)
  })

  it('zooms into a time range by brushing the histogram', async () => {
    const { page } = e
    await page
      .getByTestId('chip')
      .first()
      .getByRole('button', { name: /Remove/ })
      .click()
    await expect.poll(() => page.getByTestId('chip').count()).toBe(0)
    await expect.poll(() => matchCount(e), { timeout: 20_000 }).toBe(unfiltered)
    const before = unfiltered
    const plot = page.getByTestId('histogram-plot')
    const box = await plot.boundingBox()
    if (!box) throw new Error('no histogram')
    const y = box.y + box.height / 2
    await page.mouse.move(box.x + box.width * 0.3, y)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width * 0.45, y, { steps: 8 })
    await page.getByTestId('brush').waitFor()
    await e.shot('08-brush')
    await page.mouse.up()
    await expect
      .poll(() => page.getByTestId('chip').allTextContents())
      .toEqual([expect.stringMatching(/^time .+ → .+ \(UTC\)×$/)])
    const after = await countChange(e, before)
    expect(after).toBeLessThan(before)
    expect(after).toBeGreaterThan(0)
    await page.getByTestId('reset-zoom').waitFor()
    await e.shot('09-zoomed')
  })

  it('opens the detail panel with every field, the raw record and its source line, and pivots', async () => {
    const { page } = e
    const row = page.locator('.grid-row[data-event-id]').first()
    await row.click()
    const panel = page.getByTestId('detail-panel')
    await panel.getByTestId('detail-fields').waitFor()
    const fields = await panel.getByTestId('detail-fields').textContent()
    expect(fields).toContain('correlationId')
    const source = panel.getByTestId('detail-source').first()
    expect(await source.textContent()).toMatch(/\.(csv|json):\d+/)
    expect(await source.textContent()).toMatch(/sha256 [0-9a-f]{64}/)
    await e.shot('10-detail')
    await source.getByRole('button', { name: 'as in the file' }).click()
    expect((await source.locator('pre.raw').textContent())?.length ?? 0).toBeGreaterThan(20)
    await source.scrollIntoViewIfNeeded()
    await e.shot('10b-detail-source')

    const before = await matchCount(e)
    await panel
      .getByTestId('pivots')
      .getByRole('button', { name: /this user/ })
      .click()
    await expect
      .poll(() => page.getByTestId('chip').allTextContents())
      .toEqual([expect.stringMatching(/^User is .+@.+×$/)])
    expect(await countChange(e, before)).toBeGreaterThan(0)
    await e.shot('11-pivot-user')
  })

  it('shows times in the chosen zone and always names it', async () => {
    const { page } = e
    const firstTime = await page.locator('.grid-row[data-event-id] .col-time').first().textContent()
    await page.getByTestId('zone-select').selectOption('Asia/Tokyo')
    await expect
      .poll(() => page.locator('.grid-th:not(.grid-check)').first().textContent())
      .toContain('Time (Asia/Tokyo)')
    const shifted = await page.locator('.grid-row[data-event-id] .col-time').first().textContent()
    expect(shifted).not.toBe(firstTime)
    expect(shifted).toMatch(/ \+09:00$/)
    expect(await page.getByTestId('statusbar').textContent()).toContain('Asia/Tokyo')
    await e.shot('12-zone')
    await page.getByTestId('zone-select').selectOption('UTC')
  })

  it('adds a column from the column chooser', async () => {
    const { page } = e
    await page.getByTestId('columns-button').click()
    await page.getByTestId('columns-popover').getByLabel('Correlation id').check()
    await expect.poll(() => page.locator('.grid-th').allTextContents()).toContain('Correlation id')
    await e.shot('13-columns')
    await page.getByTestId('columns-button').click()
  })

  it('exports the filtered events to the file the save dialog names', async () => {
    const { page, harness } = e
    const shown = await matchCount(e)
    harness.dialogs.answer('exportPath', join(e.dir, 'export.csv'))
    await page.getByRole('button', { name: 'Export…' }).click()
    await page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: 'CSV' }).click()
    // The export runs in a fresh worker thread (from source under tsx here): allow it time to start.
    await expect
      .poll(() => page.getByRole('dialog', { name: 'Export' }).textContent(), { timeout: 60_000 })
      .toContain(`Wrote ${shown} events`)
    const lines = readFileSync(join(e.dir, 'export.csv'), 'utf8').trimEnd().split('\r\n')
    expect(lines).toHaveLength(shown + 1)
    await e.shot('14-export')
    await page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: 'Close' }).click()
  }, 150_000)

  it('reports an export’s progress to the renderer and shows a failed export with its reason', async () => {
    const { page, harness } = e
    const clear = page.getByRole('button', { name: 'clear all' })
    if ((await clear.count()) > 0) await clear.click()
    await expect.poll(() => matchCount(e), { timeout: 20_000 }).toBe(unfiltered)
    // main's worker reports after every 1,000 events written: the whole case crosses that mark.
    expect(unfiltered).toBeGreaterThan(1000)
    await page.evaluate(() => {
      type Api = { on: (event: string, cb: (p: { events: number }) => void) => () => void }
      const w = globalThis as unknown as { seen: number[]; api: Api }
      w.seen = []
      w.api.on('export:progress', ({ events }) => w.seen.push(events))
    })
    harness.dialogs.answer('exportPath', join(e.dir, 'all.ndjson'))
    await page.getByRole('button', { name: 'Export…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Export' })
    await dialog.getByRole('button', { name: 'JSON Lines' }).click()
    await expect
      .poll(() => dialog.getByTestId('export-done').textContent(), { timeout: 60_000 })
      .toContain(`Wrote ${unfiltered.toLocaleString('en-US')} events`)
    const seen = await page.evaluate(() => (globalThis as unknown as { seen: number[] }).seen)
    expect(seen).toContain(1000)

    // A folder that does not exist: the dialog says so instead of swallowing it.
    harness.dialogs.answer('exportPath', join(e.dir, 'no-such-folder', 'x.csv'))
    await dialog.getByRole('button', { name: 'CSV' }).click()
    const note = dialog.getByTestId('error-note')
    await note.waitFor({ timeout: 60_000 })
    // The reason from main, not only "failed".
    expect(await note.textContent()).toMatch(/no such file or directory|ENOENT/i)
    await e.shot('14b-export-failed')
    // Escape closes the dialog.
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByRole('dialog', { name: 'Export' }).count()).toBe(0)
  }, 150_000)

  it('lists the case’s source files with their SHA-256 and import counts', async () => {
    const { page } = e
    await page.getByTestId('tab-case').click()
    const view = page.getByTestId('sources-view')
    await view.waitFor()
    const text = await view.textContent()
    expect(text).toContain(sha256(join(GOOD, 'signins/InteractiveSignIns_2026-10-05_2026-10-17.csv')))
    expect(text).toContain('InteractiveSignIns_2026-10-06_2026-10-07.csv')
    await e.shot('15-sources')
  })

  it('saw no page errors and no request outside the harness', () => {
    expect(e.problems).toEqual([])
  })
})
