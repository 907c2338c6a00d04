// Rows picked in the review table, in Chromium: click, Shift-click, Ctrl-click and the
// keyboard select rows; "Select all N matching" takes every row of the filter, far more
// than the table has loaded; Send and Remove mark them as the row card's buttons do, a
// removed row is never sent; one suggested domain is taken for all its rows. Applied,
// they are in annotated.csv's preflight_decision. Screens at 1024×640 and 1280×800.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchUi, searchRows } from './harness';
import type { UiHarness } from './harness';

const hasChromium = existsSync(CHROMIUM_PATH);
const recent = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
const ROLES = 450;
const TYPOS = 6;

let scratch: string;
let list: string;
let ui: UiHarness;

beforeAll(async () => {
  if (!hasChromium) return;
  scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-selection-'));
  list = join(scratch, 'selection-list.csv');
  const lines = ['Email,First name,Newsletter opt-in,Last click,Unsubscribed'];
  for (let i = 0; i < ROLES; i++) lines.push(`info@widgets${i}.com,Info,yes,${recent},no`);
  lines.push(`info@initech.com,Support,yes,${recent},yes`);
  for (let i = 0; i < TYPOS; i++) lines.push(`person${i}@gmial.com,Person,yes,${recent},no`);
  lines.push(`ada@gmail.com,Ada,yes,${recent},no`);
  await writeFile(list, `${lines.join('\r\n')}\r\n`);
  ui = await launchUi({ viewport: { width: 1024, height: 640 } });
}, 60_000);

afterAll(async () => {
  if (!hasChromium) return;
  await ui?.close();
  await rm(scratch, { recursive: true, force: true });
});

const rowAt = (page: Page, row: number) => page.getByTestId('review-scroll').locator(`[role="row"][data-row="${row}"]`);
const selectedText = (page: Page) => page.getByTestId('selection-count').innerText();
const count = async (page: Page, tab: string) => Number((await page.getByTestId(`count-${tab}`).innerText()).replace(/[^\d]/g, ''));

async function newestAnnotated(): Promise<string> {
  const jobs = join(ui.dataDir, 'jobs');
  const written = await Promise.all(
    (await readdir(jobs)).map(async (name) => {
      const file = join(jobs, name, 'annotated.csv');
      return existsSync(file) ? { file, at: (await stat(file)).mtimeMs } : null;
    }),
  );
  const newest = written.filter((job) => job !== null).sort((a, b) => b.at - a.at)[0];
  return newest ? readFile(newest.file, 'utf8') : '';
}

describe.skipIf(!hasChromium)('selecting rows on the Review screen', () => {
  it('selects by click, Shift-click, Ctrl-click and keys, and marks the selection to remove', async () => {
    const { page } = ui;
    ui.setDialogResult('openList', list);
    await page.getByRole('button', { name: /Open list/ }).click();
    const dns = page.getByRole('switch', { name: 'Check that each domain accepts mail' });
    if (await dns.isChecked()) await dns.uncheck();
    await page.getByRole('button', { name: 'Check list' }).click();
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 30_000 });

    await rowAt(page, 2).locator('.cell-email').click();
    expect(await selectedText(page)).toBe('1 row selected');
    await rowAt(page, 5)
      .locator('.cell-email')
      .click({ modifiers: ['Shift'] });
    expect(await selectedText(page)).toBe('4 rows selected');
    expect(await rowAt(page, 3).getAttribute('aria-selected')).toBe('true');
    await rowAt(page, 3)
      .locator('.cell-email')
      .click({ modifiers: ['Control'] });
    expect(await selectedText(page)).toBe('3 rows selected');
    expect(await rowAt(page, 3).getAttribute('aria-selected')).toBe('false');
    await ui.screenshot('selection-01-rows-1024x640');

    // From the keyboard: the focused row moves with the arrows, Space toggles it, Shift+arrows extend.
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await page.getByTestId('review-scroll').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    expect(await selectedText(page)).toBe('1 row selected');
    expect(await rowAt(page, 2).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    expect(await selectedText(page)).toBe('3 rows selected');
    expect(await rowAt(page, 4).getAttribute('aria-selected')).toBe('true');

    await page.getByTestId('remove-selection').click();
    await expect.poll(() => page.getByTestId('selection-note').innerText()).toBe('3 rows marked to remove when the decisions are applied.');
    await expect.poll(() => rowAt(page, 3).getByTestId('pending-decision').getAttribute('data-decision')).toBe('excluded');
    await expect.poll(() => page.getByTestId('decision-effect').innerText()).toMatch(/^Send list: 1 row, unchanged/);
    expect(await selectedText(page)).toMatch(/^Click rows/);
  }, 90_000);

  it('"Select all matching" sends every row of the filter, not only the loaded ones, and never a removed one', async () => {
    const { page } = ui;
    await page.setViewportSize({ width: 1280, height: 800 });
    await searchRows(page, 'info@');
    await expect.poll(() => page.getByTestId('match-count').innerText()).toBe(`${ROLES + 1} rows match`);
    await page.getByTestId('select-all').click();
    expect(await selectedText(page)).toBe(`${ROLES + 1} rows selected`);
    await ui.screenshot('selection-02-all-matching-1280x800');
    await page.getByTestId('send-selection').click();
    await expect
      .poll(() => page.getByTestId('selection-note').innerText())
      .toBe(
        `${ROLES} rows marked to send when the decisions are applied. 1 row stays removed: a remove reason (such as an unsubscribe) is never overridden.`,
      );
    // The last row is far past the pages loaded when it was selected.
    await page.getByTestId('review-scroll').focus();
    await page.keyboard.press('End');
    await expect
      .poll(() => rowAt(page, ROLES).getByTestId('pending-decision').getAttribute('data-decision'), { timeout: 10_000 })
      .toBe('accepted');
    expect(
      await rowAt(page, ROLES + 1)
        .getByTestId('pending-decision')
        .count(),
    ).toBe(0);
    // The later choice wins: the rows marked to remove before are now marked to send.
    await page.keyboard.press('Home');
    await expect.poll(() => rowAt(page, 3).getByTestId('pending-decision').getAttribute('data-decision')).toBe('accepted');
  }, 90_000);

  it('takes one suggested domain for all its rows, and applied, every decision is in annotated.csv', async () => {
    const { page } = ui;
    await searchRows(page, 'person0@');
    await rowAt(page, ROLES + 2)
      .getByRole('button', { name: /^Risk / })
      .click();
    await page.getByRole('button', { name: `Use gmail.com for all ${TYPOS} rows it is suggested for` }).click();
    await expect
      .poll(() => page.getByTestId('selection-note').innerText())
      .toBe(`${TYPOS} addresses to be corrected when the decisions are applied.`);
    await ui.screenshot('selection-03-domain-1280x800');
    await page.getByTestId('apply-decisions').click();
    await expect.poll(() => count(page, 'send'), { timeout: 30_000 }).toBe(1 + ROLES + TYPOS);
    const annotated = await newestAnnotated();
    expect(annotated).toMatch(/^info@widgets0\.com,.*,send,role_account,.*,accepted\r$/m);
    expect(annotated).toMatch(/^info@widgets2\.com,.*,send,role_account,.*,accepted\r$/m);
    expect(annotated).toMatch(/^info@widgets449\.com,.*,send,role_account,.*,accepted\r$/m);
    expect(annotated).toMatch(/^info@initech\.com,.*,remove,role_account;unsubscribed,.*,\r$/m);
    expect(annotated).toMatch(/^person5@gmial\.com,.*,send,,,person5@gmail\.com,[\d.]*,corrected\r$/m);
  }, 90_000);
});
