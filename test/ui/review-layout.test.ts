// The Review screen read at a glance, in Chromium: the verdict counts in view without
// scrolling at 1280×800, a row's many reasons summarised ("+2", the rest in its tooltip
// and its details), an internationalised domain in Unicode with its ASCII form in the
// details, and no reason or status code shown as its identifier on any part.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../shared/model/reasons';
import { CHROMIUM_PATH, launchUi } from './harness';
import type { UiHarness } from './harness';

const hasChromium = existsSync(CHROMIUM_PATH);
const DAY = 24 * 60 * 60 * 1000;
const recent = new Date(Date.now() - 40 * DAY).toISOString().slice(0, 10);
const LIST = [
  'Email,First name,Newsletter opt-in,Opt-in date,Last click,Unsubscribed',
  `office@globex.com,Office,yes,2015-03-01,2018-05-01,no`,
  `anna@xn--mller-kva.de,Anna,yes,${recent},${recent},no`,
  `zoë@bücher.de,Zoë,yes,${recent},${recent},no`,
  `support@initech.com,Support,yes,${recent},${recent},yes`,
  `bob@gmial.com,Bob,yes,${recent},${recent},no`,
  `x@mailinator.com,X,yes,${recent},${recent},no`,
  `ann@gmail.com,Ann,yes,${recent},${recent},no`,
  `ann@gmail.com,Ann,yes,${recent},${recent},no`,
  `bad@@x,Bad,yes,${recent},${recent},no`,
  `kim@outlook.com,Kim,,${recent},${recent},no`,
  ...Array.from({ length: 20 }, (_, i) => `person${i}@example-shop.de,P,yes,${recent},${recent},no`),
].join('\r\n');

let scratch: string;
let ui: UiHarness;

beforeAll(async () => {
  if (!hasChromium) return;
  scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-review-layout-'));
  const list = join(scratch, 'layout-list.csv');
  await writeFile(list, `${LIST}\r\n`);
  ui = await launchUi({ viewport: { width: 1280, height: 800 } });
  ui.setDialogResult('openList', list);
}, 60_000);

afterAll(async () => {
  if (!hasChromium) return;
  await ui?.close();
  await rm(scratch, { recursive: true, force: true });
});

const rowOf = (page: Page, text: string) => page.getByTestId('review-scroll').locator('[role="row"][data-row]').filter({ hasText: text });

/** Reason and domain-status codes anywhere a person reads: the text, tooltips, labels. */
async function rawCodes(page: Page): Promise<string[]> {
  const seen = await page.evaluate(() => {
    const doc = (
      globalThis as unknown as {
        document: { body: { innerText: string }; querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> };
      }
    ).document;
    const parts = [doc.body.innerText];
    for (const element of Array.from(doc.querySelectorAll('[title], [aria-label]')))
      parts.push(element.getAttribute('title') ?? '', element.getAttribute('aria-label') ?? '');
    return parts.join('\n');
  });
  // Codes that are plain words ("duplicate", "unsubscribed") are fine in a sentence; those with "_" are identifiers.
  const codes = [...REASON_CODES, 'not_checked', 'dns_unresolved'].filter((code) => code.includes('_'));
  return codes.filter((code) => new RegExp(`\\b${code}\\b`).test(seen));
}

describe.skipIf(!hasChromium)('reading the Review screen', () => {
  it('shows the verdict counts without scrolling at 1280×800', async () => {
    const { page } = ui;
    await page.getByRole('button', { name: /Open list/ }).click();
    const dns = page.getByRole('switch', { name: 'Check that each domain accepts mail' });
    if (await dns.isChecked()) await dns.uncheck();
    await page.getByRole('button', { name: 'Check list' }).click();
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 30_000 });
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await ui.screenshot('review-layout-01-top-1280x800');
    const viewport = page.viewportSize()!;
    for (const tab of ['all', 'send', 'review', 'remove']) {
      const box = await page.getByTestId(`count-${tab}`).boundingBox();
      expect(box, tab).not.toBeNull();
      expect(box!.y, tab).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height, `${tab} count ends at ${box!.y + box!.height}px`).toBeLessThanOrEqual(viewport.height);
    }
  }, 90_000);

  it('summarises many reasons as "+2", with every reason in the tooltip and the row details', async () => {
    const { page } = ui;
    const row = rowOf(page, 'office@globex.com');
    await row.scrollIntoViewIfNeeded();
    const cell = row.locator('.cell-reasons');
    expect(await cell.locator('.reason-chip').count()).toBe(2);
    const more = cell.getByTestId('reason-more');
    expect((await more.innerText()).split(':')[0]!.trim()).toBe('+2');
    // The summary is in its cell, not cut off by the next column.
    const [moreBox, cellBox] = [await more.boundingBox(), await cell.boundingBox()];
    expect(moreBox!.x + moreBox!.width).toBeLessThanOrEqual(cellBox!.x + cellBox!.width);
    expect((await cell.getAttribute('title'))!.split(', ').sort()).toEqual(['Inactive', 'Old consent', 'Role account']);
    await row.getByRole('button', { name: /^Risk / }).click();
    const reasons = page.getByTestId('row-reasons').locator('li');
    expect(await reasons.count()).toBe(3);
    await ui.screenshot('review-layout-02-reasons-1280x800');
    await page.getByRole('button', { name: 'Close the risk details' }).click();
  }, 90_000);

  it('shows an internationalised domain in Unicode, its ASCII form in the details', async () => {
    const { page } = ui;
    await page.setViewportSize({ width: 1024, height: 640 });
    const row = rowOf(page, 'müller.de');
    await row.scrollIntoViewIfNeeded();
    expect(await row.locator('.cell-normalized').innerText()).toBe('anna@müller.de');
    expect(await row.locator('.cell-normalized').getAttribute('title')).toBe('anna@müller.de (ASCII form: anna@xn--mller-kva.de)');
    await row.getByRole('button', { name: /^Risk / }).click();
    const forms = page.getByTestId('address-forms');
    expect(await forms.innerText()).toMatch(/Checked as\s+anna@müller\.de\s+ASCII form \(as sent\)\s+anna@xn--mller-kva\.de/);
    await ui.screenshot('review-layout-03-idn-1024x640');
    await page.getByRole('button', { name: 'Close the risk details' }).click();

    await page.getByTestId('view-domains').click();
    const domain = page.locator('[data-domain="xn--mller-kva.de"] .domain-name');
    await domain.waitFor();
    expect(await domain.innerText()).toBe('müller.de xn--mller-kva.de');
    await ui.screenshot('review-layout-04-domains-1024x640');
  }, 90_000);

  it('never shows a reason or status code as its identifier', async () => {
    const { page } = ui;
    for (const view of ['rows', 'risk', 'domains']) {
      await page.getByTestId(`view-${view}`).click();
      await page.waitForTimeout(300);
      expect(await rawCodes(page), view).toEqual([]);
    }
  }, 90_000);
});
