/**
 * The workbench's empty and edge states in a real browser, against the real services through the
 * loopback harness: a case with no events (never scanned, nothing annotated), a case of sign-ins
 * only whose scan finds nothing (most rules cannot run without audit logs), a user with no
 * security-info change, an IP with no change and no finding, a failed report shown with its
 * reason, and the keyboard in dialogs and lists. Screenshots go to test-results/e2e/.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HAS_CHROMIUM, ROOT, SKIP_REASON, startE2E, type E2E } from './harness-fixture'

if (!HAS_CHROMIUM) console.warn(SKIP_REASON)

const SIGNINS = join(
  ROOT,
  'samples',
  'entra-portal',
  'signins',
  'InteractiveSignIns_2026-10-05_2026-10-17.csv'
)

describe.skipIf(!HAS_CHROMIUM)('workbench empty and edge states (harness + Chromium)', () => {
  let e: E2E

  beforeAll(async () => {
    e = await startE2E()
    await e.page.goto(e.harness.url)
    await e.page.locator('[data-app-state="ready"]').waitFor()
  }, 240_000)

  afterAll(async () => {
    await e?.close()
  })

  it('a new case with no events: Findings explains what to do first, the Scan button waits for events', async () => {
    const { page, harness } = e
    harness.dialogs.answer('newCase', join(e.dir, 'empty.authtrail'))
    await page.getByTestId('new-case').click()
    await expect.poll(() => page.getByTestId('case-name').textContent()).toBe('empty.authtrail')
    // The Case tab says what its number counts.
    expect(await page.getByTestId('tab-case').textContent()).toBe('Case · no files')

    await page.getByTestId('tab-findings').click()
    const empty = page.getByTestId('findings-empty')
    await empty.waitFor({ timeout: 20_000 })
    expect(await empty.textContent()).toMatch(/no events yet.*Import files/)
    expect(await page.getByTestId('scan-button').isDisabled()).toBe(true)
    expect(await page.getByTestId('scan-info').textContent()).toBe('No events to scan')
    // Before any scan no rule is listed as "could not run".
    expect(await page.getByTestId('rules-not-run').textContent()).toMatch(/^\d+ rules, not run yet/)
    expect(await page.getByTestId('rules-blocked').count()).toBe(0)
    await e.shot('40-findings-empty-case')
  })

  it('the Annotated list and the Case page of an empty case', async () => {
    const { page } = e
    await page.getByTestId('tab-annotated').click()
    const view = page.getByTestId('annotated-view')
    await expect.poll(() => view.textContent(), { timeout: 20_000 }).toContain('Nothing annotated yet')
    await e.shot('41-annotated-empty')

    await page.getByTestId('tab-case').click()
    const log = page.getByTestId('case-log')
    await log.getByTestId('case-log-table').waitFor()
    expect(await page.getByTestId('case-page').locator('.stat').first().textContent()).toBe('Events0')
    await e.shot('42-case-empty')
  })

  it('a failed report says why, and Escape closes the dialog', async () => {
    const { page, harness } = e
    harness.dialogs.answer('reportPath', join(e.dir, 'no-such-folder', 'report.html'))
    await page.getByTestId('report-button').click()
    const dialog = page.getByTestId('report-dialog')
    await dialog.getByRole('button', { name: /HTML report/ }).click()
    const note = dialog.getByTestId('error-note')
    await note.waitFor({ timeout: 60_000 })
    // main's reason (the missing folder), not only that something failed.
    expect(await note.textContent()).toMatch(/no such file or directory|ENOENT/i)
    await e.shot('43-report-failed')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('report-dialog').count()).toBe(0)
  }, 90_000)

  it('sign-ins only: the scan finds nothing and says which rules could not run', async () => {
    const { page, harness } = e
    harness.dialogs.answer('importPaths', [SIGNINS])
    await page.getByTestId('import-files').click()
    await page.getByTestId('import-summary').waitFor({ timeout: 180_000 })
    await page.getByTestId('import-close').click()
    expect(await page.getByTestId('tab-case').textContent()).toBe('Case · 1 file')

    await page.getByTestId('tab-findings').click()
    // main scans after the import; scanning again here gives the same answer either way.
    await expect.poll(() => page.getByTestId('scan-button').isDisabled(), { timeout: 120_000 }).toBe(false)
    await page.getByTestId('scan-button').click()
    await expect
      .poll(() => page.getByTestId('scan-info').textContent(), { timeout: 120_000 })
      .toMatch(/^(Scanned|Last scan)/)
    const empty = page.getByTestId('findings-empty')
    await expect.poll(() => empty.textContent(), { timeout: 20_000 }).toMatch(/found nothing/)
    expect(await empty.textContent()).toContain('could not run')
    expect(await page.getByTestId('rules-blocked').locator('li').count()).toBeGreaterThan(10)
    expect(await page.getByTestId('rules-blocked').textContent()).toContain('no audit logs')
    await e.shot('44-scan-nothing-found')
  }, 240_000)

  it('a user with no security-info change, and an IP with no change and no finding', async () => {
    const { page } = e
    await page.getByTestId('tab-events').click()
    await page.locator('.grid-row[data-event-id]').first().click()
    const detail = page.getByTestId('detail-panel')
    await detail.getByRole('button', { name: /user view/ }).click()
    const user = page.getByTestId('user-view')
    // Sign-ins only: the page says why no change can be seen rather than "no change".
    await expect
      .poll(() => user.getByTestId('no-changes').textContent(), { timeout: 30_000 })
      .toMatch(/no audit logs/)
    expect(await user.textContent()).toContain('Findings (0)')
    // The page takes the focus after the navigation (its heading), for the keyboard.
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (globalThis as unknown as { document: { activeElement: { tagName: string } | null } }).document
              .activeElement?.tagName
        )
      )
      .toBe('H1')
    await e.shot('45-user-no-changes')

    await page.getByTestId('nav-back').click()
    await page
      .getByTestId('detail-panel')
      .getByRole('button', { name: /IP view/ })
      .click()
    const ip = page.getByTestId('entity-view')
    await ip.getByTestId('entity-users').waitFor({ timeout: 30_000 })
    expect(await ip.getByTestId('entity-changes-empty').textContent()).toMatch(/no audit logs/)
    expect(await ip.textContent()).toContain('No findings.')
    await e.shot('46-ip-nothing')
  }, 120_000)

  it('saw no page errors and no request outside the harness', () => {
    expect(e.problems).toEqual([])
  })
})
