/**
 * The investigation workbench in a real browser, against the real services through the loopback
 * harness: scan, triage, evidence in the explorer, pivots to user and IP views, annotations
 * (single and bulk), the Annotated list, the case log with Verify, and a report through the
 * scripted save dialog. Screenshots go to test-results/e2e/ (git-ignored).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HAS_CHROMIUM, ROOT, SKIP_REASON, startE2E, type E2E } from './harness-fixture'

if (!HAS_CHROMIUM) console.warn(SKIP_REASON)

const SAMPLES = join(ROOT, 'samples', 'entra-portal')

async function matchCount(e: E2E): Promise<number> {
  const text = (await e.page.getByTestId('match-count').textContent()) ?? ''
  const m = /^([\d,]+) events/.exec(text)
  if (!m) throw new Error(`no count in "${text}"`)
  return Number((m[1] as string).replace(/,/g, ''))
}

describe.skipIf(!HAS_CHROMIUM)('investigation workbench end to end (harness + Chromium)', () => {
  let e: E2E
  let findingId = ''
  let findingUser = ''

  beforeAll(async () => {
    e = await startE2E()
    await e.page.goto(e.harness.url)
    await e.page.locator('[data-app-state="ready"]').waitFor()
  }, 240_000)

  afterAll(async () => {
    await e?.close()
  })

  it('imports the sample tenant into a new case', async () => {
    e.harness.dialogs.answer('newCase', join(e.dir, 'workbench.authtrail'))
    await e.page.getByTestId('new-case').click()
    await expect.poll(() => e.page.getByTestId('case-name').textContent()).toBe('workbench.authtrail')
    e.harness.dialogs.answer('importPaths', [SAMPLES])
    await e.page.getByTestId('import-files').click()
    await e.page.getByTestId('import-summary').waitFor({ timeout: 180_000 })
    await e.page.getByTestId('import-close').click()
    await expect.poll(() => matchCount(e), { timeout: 30_000 }).toBeGreaterThan(500)
  }, 240_000)

  it('scans the case and lists findings by severity and rule, with per-rule counts', async () => {
    const { page } = e
    await page.getByTestId('tab-findings').click()
    await page.getByTestId('findings-view').waitFor()
    await page.getByTestId('scan-button').click()
    await expect
      .poll(() => page.getByTestId('scan-info').textContent(), { timeout: 120_000 })
      .toMatch(/^Scanned [\d,]+ relevant events/)
    const rows = page.getByTestId('finding-row')
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(3)
    // The sidebar counts add up to the findings listed (none suppressed yet).
    const counts = await page
      .getByTestId('rule-counts')
      .locator('.rule-counts:not(.blocked) .count')
      .allTextContents()
    const sum = counts.reduce((s, c) => s + Number(c.replace(/[^\d]/g, '')), 0)
    expect(sum).toBe(await rows.count())
    // Severity groups come most severe first.
    const order = ['critical', 'high', 'medium', 'low', 'info']
    const groups = (await page.locator('.sev-head .sev').allTextContents()).map((s) => order.indexOf(s))
    expect([...groups].sort((a, b) => a - b)).toEqual(groups)
    // The list names the zone of its times, and rule groups fold all at once and back.
    expect(await page.getByTestId('finding-cols').textContent()).toContain('Start (UTC)')
    const listed = await rows.count()
    await page.getByRole('button', { name: /collapse all/ }).click()
    await expect.poll(() => rows.count()).toBe(0)
    expect(await page.getByTestId('rule-group').count()).toBeGreaterThan(3)
    await page.getByRole('button', { name: /expand all/ }).click()
    await expect.poll(() => rows.count()).toBe(listed)
    await e.shot('20-findings')
  }, 180_000)

  it('moves through the findings with ↓ / ↑ and closes the detail with Escape', async () => {
    const { page } = e
    const rows = page.getByTestId('finding-row')
    const ids = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-finding-id')))
    await rows.first().click()
    const selected = (): Promise<string | null> =>
      page.locator('.finding-row.selected').getAttribute('data-finding-id')
    await expect.poll(selected).toBe(ids[0])
    // The row's user link has the focus after the click; arrows act outside text fields.
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await expect.poll(selected).toBe(ids[2])
    await page.keyboard.press('ArrowUp')
    await expect.poll(selected).toBe(ids[1])
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('finding-detail').count()).toBe(0)
  })

  it('opens a finding with its facts, evidence, rule and response guidance, and triages it with a note', async () => {
    const { page } = e
    const row = page.getByTestId('finding-row').first()
    findingId = (await row.getAttribute('data-finding-id')) ?? ''
    await row.click()
    const detail = page.getByTestId('finding-detail')
    await detail.getByTestId('finding-facts').waitFor()
    expect(await detail.getByTestId('finding-evidence').locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await detail.getByTestId('guidance').textContent()).toMatch(/Confirm/)
    findingUser =
      (await detail.locator('.finding-meta .elink[data-entity="user"]').first().textContent()) ?? ''
    expect(findingUser).toMatch(/@/)
    await e.shot('21-finding-detail')

    await detail.getByRole('radio', { name: 'Malicious' }).click()
    await detail.getByTestId('triage-note').fill('Confirmed with the user by phone: not them.')
    await detail.getByRole('button', { name: 'Save triage' }).click()
    await expect
      .poll(() => page.locator(`[data-finding-id="${findingId}"] .triage`).textContent())
      .toBe('Malicious')
    await page.getByTestId('filter-status').selectOption('malicious')
    await expect.poll(() => page.getByTestId('finding-row').count()).toBe(1)
    await detail.getByTestId('guidance').scrollIntoViewIfNeeded()
    await e.shot('22-finding-triaged')
    await page.getByTestId('filter-status').selectOption('')
  })

  it('triages several findings at once from a selection', async () => {
    const { page } = e
    const rows = page.getByTestId('finding-row')
    await rows.nth(1).locator('input[type="checkbox"]').check()
    await rows.nth(2).locator('input[type="checkbox"]').check()
    const bulk = page.getByTestId('findings-bulk')
    await bulk.getByRole('radio', { name: 'Benign' }).click()
    await bulk.getByTestId('triage-note').fill('Known help-desk workflow')
    await bulk.getByRole('button', { name: 'Set for 2 findings' }).click()
    await page.getByTestId('filter-status').selectOption('benign')
    await expect.poll(() => page.getByTestId('finding-row').count()).toBe(2)
    await page.getByTestId('filter-status').selectOption('')
  })

  it('opens the evidence in the explorer and comes back with Back', async () => {
    const { page } = e
    const detail = page.getByTestId('finding-detail')
    const evidence = await detail.getByTestId('finding-evidence').locator('tbody tr').count()
    await detail.getByTestId('open-in-explorer').click()
    await expect
      .poll(() => page.getByTestId('chip').allTextContents())
      .toEqual([expect.stringMatching(/finding/i)])
    await expect.poll(() => matchCount(e), { timeout: 20_000 }).toBe(evidence)
    await e.shot('23-evidence-in-explorer')
    await page.getByTestId('nav-back').click()
    await page.getByTestId('finding-detail').waitFor()
    expect(await page.getByTestId('finding-detail').getByTestId('triage-note').inputValue()).toContain(
      'not them'
    )
  })

  it('pivots from the finding to the user view: methods, timeline with sign-ins around each change, findings', async () => {
    const { page } = e
    await page
      .getByTestId('finding-detail')
      .locator('.finding-meta .elink[data-entity="user"]')
      .first()
      .click()
    const view = page.getByTestId('user-view')
    await view.getByTestId('user-timeline').waitFor({ timeout: 20_000 })
    expect(await view.locator('h1').textContent()).toBe(findingUser)
    expect(await view.getByTestId('user-change').count()).toBeGreaterThan(0)
    expect(await view.getByTestId('finding-list').textContent()).toContain('Malicious')
    await e.shot('24-user-view')
    // A wider window shows at least as many sign-ins around the changes.
    const around = async (): Promise<number> =>
      Number(
        ((await view.getByTestId('user-change').first().locator('.caret-button').textContent()) ?? '').match(
          /(\d+) sign-in/
        )?.[1] ?? -1
      )
    // Times follow the display zone and name it.
    const head = view.getByTestId('user-change').first().locator('.change-head .when')
    const utc = await head.textContent()
    await page.getByTestId('zone-select').selectOption('Asia/Tokyo')
    await expect.poll(() => head.textContent()).toContain('UTC+09:00 Asia/Tokyo')
    expect(await head.textContent()).not.toBe(utc)
    await page.getByTestId('zone-select').selectOption('UTC')
    const narrow = await around()
    await view.getByTestId('window-select').selectOption('4320')
    await expect.poll(around, { timeout: 20_000 }).toBeGreaterThanOrEqual(narrow)
  })

  it('pivots from the user view to an IP entity view and back', async () => {
    const { page } = e
    const ip = page.getByTestId('user-view').locator('.elink[data-entity="ip"]').first()
    const address = (await ip.textContent()) ?? ''
    await ip.click()
    const view = page.getByTestId('entity-view')
    await view.getByTestId('entity-users').waitFor({ timeout: 20_000 })
    expect(await view.getAttribute('data-kind')).toBe('ip')
    expect(await view.locator('h1').textContent()).toBe(address)
    expect(await view.getByTestId('entity-users').textContent()).toContain('@')
    await e.shot('25-ip-view')
    await page.getByTestId('nav-back').click()
    await page.getByTestId('user-view').waitFor()
    await page.getByTestId('nav-forward').click()
    await page.getByTestId('entity-view').waitFor()
  })

  it('pivots from the user view to an Authenticator device view with every account it was on', async () => {
    const { page } = e
    await page.getByTestId('nav-back').click()
    const device = page.getByTestId('user-view').locator('.elink[data-entity="device"]').first()
    const name = (await device.textContent()) ?? ''
    await device.click()
    const view = page.getByTestId('entity-view')
    await view.getByTestId('entity-holders').waitFor({ timeout: 20_000 })
    expect(await view.getAttribute('data-kind')).toBe('device')
    expect(await view.locator('h1').textContent()).toBe(name)
    expect(await view.getByTestId('entity-holders').textContent()).toContain(findingUser)
    await e.shot('25b-device-view')
  })

  it('suppresses a rule for a user, lists the suppression and lifts it again', async () => {
    const { page } = e
    await page.getByTestId('tab-findings').click()
    const rows = page.getByTestId('finding-row')
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(3)
    const before = await rows.count()
    const target = rows.last()
    const id = (await target.getAttribute('data-finding-id')) ?? ''
    await target.click()
    const suppress = page.getByTestId('finding-detail').getByTestId('suppress')
    await suppress.getByTestId('suppress-note').fill('Service desk account, expected')
    await suppress.getByTestId('suppress-add').click()
    await expect.poll(() => suppress.textContent()).toMatch(/Suppression #\d+ hides [1-9]/)
    await expect.poll(() => page.locator(`[data-finding-id="${id}"]`).count()).toBe(0)
    const hidden = before - (await rows.count())
    expect(hidden).toBeGreaterThan(0)
    // Shown again, marked, with "suppressed" ticked.
    await page.getByTestId('filter-suppressed').check()
    await expect.poll(() => rows.count()).toBe(before)
    expect(await page.locator(`[data-finding-id="${id}"]`).getAttribute('class')).toContain('suppressed')
    await page.getByTestId('filter-suppressed').uncheck()

    await page.getByTestId('suppressions-button').click()
    const list = page.getByTestId('suppressions')
    await expect.poll(() => list.getByTestId('suppression-row').count()).toBe(1)
    expect(await list.textContent()).toContain('Service desk account, expected')
    await e.shot('25c-suppressions')
    await list.getByRole('button', { name: 'Lift' }).click()
    await expect.poll(() => list.getByTestId('suppression-row').textContent()).toContain('lifted')
    // Escape closes the dialog only: the finding's detail behind it stays open.
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('suppressions').count()).toBe(0)
    expect(await page.getByTestId('finding-detail').count()).toBe(1)
    await expect.poll(() => rows.count()).toBe(before)
  })

  it('annotates one event in the detail panel: star, tag, comment', async () => {
    const { page } = e
    await page.getByTestId('tab-events').click()
    // From the forward entry the Events tab returns to the explorer's last filter: start clean.
    while ((await page.getByTestId('chip').count()) > 0)
      await page
        .getByTestId('chip')
        .first()
        .getByRole('button', { name: /Remove/ })
        .click()
    await page.locator('.grid-row[data-event-id]').nth(4).click()
    const editor = page.getByTestId('detail-panel').getByTestId('annotation-editor')
    await editor.waitFor()
    // A comment being typed survives the reloads that starring and tagging cause.
    await editor.getByTestId('comment-input').fill('First sign-in from the attacker address')
    await editor.getByTestId('star-toggle').click()
    await expect.poll(() => editor.getByTestId('star-toggle').getAttribute('aria-pressed')).toBe('true')
    await editor.getByTestId('tag-input').fill('attacker-ip')
    await editor.getByTestId('tag-input').press('Enter')
    await expect.poll(() => editor.locator('.tag-chip').allTextContents()).toEqual(['attacker-ip×'])
    expect(await editor.getByTestId('comment-input').inputValue()).toBe(
      'First sign-in from the attacker address'
    )
    await editor.getByTestId('comment-save').click()
    await expect.poll(() => editor.getByTestId('comment-save').isDisabled()).toBe(true)
    await expect.poll(() => editor.locator('.tag-chip').allTextContents()).toEqual(['attacker-ip×'])
    await expect.poll(() => editor.getByTestId('star-toggle').getAttribute('aria-pressed')).toBe('true')
    await e.shot('26-annotate-detail')
  })

  it('annotates ticked rows in bulk and lists everything in Annotated', async () => {
    const { page } = e
    const checks = page.getByTestId('row-check')
    await checks.nth(10).click()
    await checks.nth(13).click({ modifiers: ['Shift'] })
    const bar = page.getByTestId('bulk-annotate')
    expect(await bar.textContent()).toContain('4 ticked')
    await bar.getByTestId('bulk-tag').fill('lateral')
    await bar.getByTestId('bulk-tag-add').click()
    await expect.poll(() => bar.textContent()).toContain('Tagged lateral on 4 events')
    await e.shot('27-bulk-annotate')

    await page.getByTestId('tab-annotated').click()
    const list = page.getByTestId('annotated-list')
    await list.waitFor({ timeout: 20_000 })
    await expect.poll(() => page.getByTestId('annotated-row').count()).toBe(5)
    const text = await list.textContent()
    expect(text).toContain('attacker-ip')
    expect(text).toContain('First sign-in from the attacker address')
    expect((text?.match(/lateral/g) ?? []).length).toBe(4)
    await e.shot('28-annotated')
  })

  it('shows the case log newest first and verifies its hash chain', async () => {
    const { page } = e
    await page.getByTestId('tab-case').click()
    const log = page.getByTestId('case-log')
    await log.getByTestId('case-log-table').locator('tbody tr').first().waitFor({ timeout: 20_000 })
    const actions = await log.locator('.log-action').allTextContents()
    expect(actions[0]).toBe('annotate')
    expect(actions).toEqual(
      expect.arrayContaining(['import', 'scan', 'triage', 'suppress', 'unsuppress', 'annotate'])
    )
    const seqs = (await log.locator('tbody td.num').allTextContents()).map(Number)
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs)
    await log.getByTestId('verify-button').click()
    await expect
      .poll(() => log.getByTestId('verify-result').textContent(), { timeout: 30_000 })
      .toMatch(/Intact/)
    await e.shot('29-case-log')
  })

  it('exports an HTML report through the save dialog (also what File > Export Report… opens)', async () => {
    const { page, harness } = e
    const path = join(e.dir, 'report.html')
    harness.dialogs.answer('reportPath', path)
    await page.getByTestId('report-button').click()
    const dialog = page.getByTestId('report-dialog')
    await dialog.getByRole('button', { name: /HTML report/ }).click()
    await expect
      .poll(() => dialog.getByTestId('report-done').textContent(), { timeout: 60_000 })
      .toContain(path)
    expect(existsSync(path)).toBe(true)
    const html = readFileSync(path, 'utf8')
    expect(html).toContain('Confirmed with the user by phone')
    await e.shot('30-report')
    await dialog.getByRole('button', { name: 'Close' }).click()
    // The export is the case log's newest entry.
    await expect
      .poll(() => page.getByTestId('case-log').locator('.log-action').first().textContent())
      .toBe('report')
  }, 90_000)

  it('saw no page errors and no request outside the harness', () => {
    expect(e.problems).toEqual([])
  })
})
