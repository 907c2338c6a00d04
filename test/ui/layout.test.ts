// Every screen at a small laptop window (1024×640) and a common one (1280×800),
// in real Chromium with the real handlers and engine worker (test/ui/harness.ts):
// a screenshot of each for a person to look at, and measurements of what a
// person would miss (test/ui/layout.ts): nothing painted over a text or a
// control at any scroll position, no block overlapping another, no sideways
// scroll, the longest address in view with its whole domain, and no
// command-line advice ("--flag") anywhere the app shows text.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateList } from '../../bench/generate-list';
import { localDate } from '../../shared/plan/zone';
import { CHROMIUM_PATH, launchUi } from './harness';
import type { UiHarness } from './harness';
import { measureScreen } from './layout';

const hasChromium = existsSync(CHROMIUM_PATH);
const skipNote = hasChromium ? '' : ` (SKIPPED: ${CHROMIUM_PATH} is not installed)`;
const DAY = 24 * 60 * 60 * 1000;
const SIZES = [
  { width: 1024, height: 640 },
  { width: 1280, height: 800 },
] as const;
const PROVIDERS = ['gmail.com', 'yahoo.com', 'outlook.com', 'gmail.com', 'fastmail.com', 'hotmail.com', 'aol.com', 'posteo.de'];
// Longer than any column the app gives an address at 1024 px.
const LONG = 'maximilian.alexander.von.habsburg-lothringen.newsletter@hotmail.com';

/** A list with something on every screen: a long address first, review and remove rows, 1,200 to send. */
function campaignList(): string {
  const recent = new Date(Date.now() - 20 * DAY).toISOString().slice(0, 10);
  const lines = ['Email,Name,Company,Opt-in,Last click', `${LONG},Maximilian,Habsburg Lothringen Holdings,yes,${recent}`];
  lines.push(
    `info@northwind-traders.com,Info,Northwind,yes,${recent}`,
    `bob.stone@gmial.com,Bob,Initech,yes,${recent}`,
    `carol@example.com,Carol,Acme,yes,${recent}`,
  );
  lines.push(`erin.wu@yahoo.com,Erin,Globex,no,${recent}`, `hank.mills@gmail.com,Hank,Umbrella,maybe later,${recent}`);
  for (let i = 0; i < 1_200; i++) lines.push(`reader${i}@${PROVIDERS[i % PROVIDERS.length]},Reader ${i},Company ${i % 40},yes,${recent}`);
  return `${lines.join('\n')}\n`;
}

let scratch: string;
let campaign: string;
let large: string;
let ui: UiHarness;

beforeAll(async () => {
  if (!hasChromium) return;
  scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-layout-'));
  campaign = join(scratch, 'autumn-campaign.csv');
  await writeFile(campaign, campaignList());
  // Long enough that the Check screen is still there while it is measured at both sizes.
  large = join(scratch, 'everyone-300k.csv');
  await generateList(large, { rows: 300_000, companyDomains: 7_500 });
  await mkdir(join(scratch, 'out'));
  ui = await launchUi({ viewport: SIZES[0] });
}, 120_000);

afterAll(async () => {
  if (!hasChromium) return;
  await ui?.close();
  await rm(scratch, { recursive: true, force: true });
});

/** Screenshots and measures the screen at both sizes; returns every problem found, labelled with the size and scroll. */
async function lookAt(page: Page, screen: string, options: { addresses?: boolean } = {}): Promise<string[]> {
  const problems: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const label = `${size.width}x${size.height}`;
    await page.locator('main').evaluate((element) => (element as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await ui.screenshot(`layout-${screen}-${label}`);
    const layout = await measureScreen(page);
    if (layout.horizontalOverflow > 0)
      problems.push(`${label}: the page scrolls sideways by ${layout.horizontalOverflow} px (${layout.widest.join(', ')})`);
    for (const position of layout.positions) {
      for (const problem of position.problems) problems.push(`${label} scrolled ${position.scrollTop}: ${problem}`);
    }
    if (layout.positions.length > 1) {
      await page.locator('main').evaluate((element) => (element as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 1e6));
      await ui.screenshot(`layout-${screen}-${label}-end`);
      await page.locator('main').evaluate((element) => (element as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    }
    if (options.addresses) {
      // Wherever the page is scrolled to, the longest address in view keeps its domain.
      const seen = layout.positions.flatMap((position) =>
        position.longestAddress ? [{ ...position.longestAddress, scrollTop: position.scrollTop }] : [],
      );
      expect(seen.length, `${label}: an address in view on ${screen}`).toBeGreaterThan(0);
      for (const address of seen.filter((one) => !one.domainVisible)) {
        problems.push(`${label} scrolled ${address.scrollTop}: the domain of ${address.address}, the longest address in view, is cut`);
      }
    }
    // No command-line advice: whatever the screen shows, in text or in a tooltip, names no flag.
    const flags = await page.evaluate(() => {
      const doc = (
        globalThis as unknown as {
          document: { body: { innerText: string; querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> } };
        }
      ).document;
      const texts = [
        doc.body.innerText,
        ...Array.from(doc.body.querySelectorAll('[title], [aria-label], [placeholder]')).flatMap((element) =>
          ['title', 'aria-label', 'placeholder'].map((name) => element.getAttribute(name) ?? ''),
        ),
      ];
      return texts.flatMap((text) => text.match(/(?<![\w-])--[a-z][\w-]*/g) ?? []);
    });
    for (const flag of new Set(flags)) problems.push(`${label}: the screen gives command-line advice (${flag})`);
  }
  await page.setViewportSize(SIZES[0]);
  return problems;
}

describe.skipIf(!hasChromium)(`every screen at 1024×640 and 1280×800 in Chromium${skipNote}`, () => {
  it('covers nothing, cuts no domain and gives no command-line advice on Import, Columns, Check, Review, Plan and Export', async () => {
    const { page } = ui;
    const problems: Record<string, string[]> = {};
    await page.getByRole('heading', { name: 'Check a recipient list before you send' }).waitFor();
    problems.import = await lookAt(page, '1-import');

    // Check: a long list, measured while it runs, then cancelled.
    ui.setDialogResult('openList', large);
    await page.getByRole('button', { name: /Open list/ }).click();
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    await page.getByRole('switch', { name: 'Check that each domain accepts mail' }).uncheck();
    await page.getByRole('button', { name: 'Check list' }).click();
    await page.getByRole('heading', { name: 'Checking everyone-300k.csv' }).waitFor();
    await expect.poll(() => page.getByTestId('rows-read').count(), { timeout: 20_000 }).toBe(1);
    problems.check = await lookAt(page, '3-check');
    await page.keyboard.press('Escape');
    await page.getByText('Check cancelled.').waitFor({ timeout: 30_000 });

    // Columns, with the campaign list.
    await page.getByRole('button', { name: 'New list' }).click();
    const discard = page.getByRole('dialog').getByRole('button', { name: /Discard and start over/ });
    if (await discard.isVisible().catch(() => false)) await discard.click();
    await page.getByRole('heading', { name: 'Check a recipient list before you send' }).waitFor();
    ui.setDialogResult('openList', campaign);
    await page.getByRole('button', { name: /Open list/ }).click();
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    await page.getByRole('switch', { name: 'Check that each domain accepts mail' }).uncheck();
    problems.columns = await lookAt(page, '2-columns', { addresses: true });

    await page.getByRole('button', { name: 'Check list' }).click();
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('match-count').innerText()).not.toBe('Loading rows…');
    problems.review = await lookAt(page, '4-review', { addresses: true });

    // Plan: the empty form, then a plan of five days.
    await page.getByRole('button', { name: 'Plan the send' }).click();
    await page.getByRole('heading', { name: 'Plan the send' }).waitFor();
    problems.planEmpty = await lookAt(page, '5-plan-empty');
    await page.getByLabel('Daily quota', { exact: true }).fill('400');
    await page.getByLabel('Send rate', { exact: true }).fill('1');
    await page.getByLabel('Sent in the last 24 hours', { exact: true }).fill('0');
    await page.getByLabel('Time zone', { exact: true }).fill('Europe/Berlin');
    await page.getByLabel('Start', { exact: true }).fill(`${localDate(Date.now() + DAY, 'Europe/Berlin')}T09:00`);
    await page.getByRole('button', { name: 'Plan send' }).click();
    await page.getByTestId('plan-totals').waitFor({ timeout: 60_000 });
    problems.plan = await lookAt(page, '5-plan');

    await page.getByRole('button', { name: 'Export results and plan' }).click();
    await page.getByRole('heading', { name: 'Export the results' }).waitFor();
    problems.export = await lookAt(page, '6-export');

    expect(problems).toEqual({ import: [], check: [], columns: [], review: [], planEmpty: [], plan: [], export: [] });
    expect(ui.pageErrors).toEqual([]);
  }, 300_000);
});
