// The Review search, in Chromium: a name or a company finds its row, typed without its
// accents too, and the table shows the cell that matched with the match highlighted; a
// match in the address is highlighted in the address. Screens at 1024×640 and 1280×800.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchUi, searchRows } from './harness';
import type { UiHarness } from './harness';

const hasChromium = existsSync(CHROMIUM_PATH);
const recent = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

let scratch: string;
let list: string;
let ui: UiHarness;

beforeAll(async () => {
  if (!hasChromium) return;
  scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-search-'));
  list = join(scratch, 'search-list.csv');
  const lines = [
    'Email,First name,Last name,Company,Newsletter opt-in,Last click',
    `ada@gmail.com,Ada,Lovelace,Analytical Engines,yes,${recent}`,
    `soren@yahoo.com,Søren,Lefèvre,Nordisk Post,yes,${recent}`,
    `marie@outlook.com,Marie,Curie,Lefèvre & Fils,yes,${recent}`,
    `grace@hotmail.com,Grace,Hopper,Navy,yes,${recent}`,
  ];
  await writeFile(list, `${lines.join('\r\n')}\r\n`);
  ui = await launchUi({ viewport: { width: 1024, height: 640 } });
}, 60_000);

afterAll(async () => {
  if (!hasChromium) return;
  await ui?.close();
  await rm(scratch, { recursive: true, force: true });
});

const rows = () => ui.page.getByTestId('review-scroll').locator('[role="row"][data-row]');

describe.skipIf(!hasChromium)('searching the review rows', () => {
  it('finds "Lefèvre" in a name and in a company, typed as "lefevre", and highlights it', async () => {
    const { page } = ui;
    ui.setDialogResult('openList', list);
    await page.getByRole('button', { name: /Open list/ }).click();
    const dns = page.getByRole('switch', { name: 'Check that each domain accepts mail' });
    if (await dns.isChecked()) await dns.uncheck();
    await page.getByRole('button', { name: 'Check list' }).click();
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 30_000 });

    await searchRows(page, 'lefevre');
    expect(await page.getByTestId('match-count').innerText()).toBe('2 rows match');
    const matches = rows().getByTestId('cell-match');
    await expect.poll(() => matches.count()).toBe(2);
    expect(await matches.nth(0).innerText()).toBe('Lefèvre · Last name');
    expect(await matches.nth(1).innerText()).toBe('Lefèvre & Fils · Company');
    expect(await matches.nth(1).locator('mark').innerText()).toBe('Lefèvre');
    await matches.nth(1).scrollIntoViewIfNeeded();
    await ui.screenshot('search-01-name-1024x640');

    await searchRows(page, 'Lefèvre');
    await expect.poll(() => matches.count()).toBe(2);
    expect(await page.getByTestId('match-count').innerText()).toBe('2 rows match');
  }, 90_000);

  it('highlights a match in the address where the address is shown', async () => {
    const { page } = ui;
    await page.setViewportSize({ width: 1280, height: 800 });
    await searchRows(page, 'HOTMAIL');
    // The search before also showed "… match": wait for this one's count.
    await expect.poll(() => page.getByTestId('match-count').innerText()).toBe('1 row matches');
    const email = rows().first().locator('.cell-email');
    expect(await email.locator('mark').innerText()).toBe('hotmail');
    // The highlight does not split what a copy of the cell gives.
    expect(await email.innerText()).toBe('grace@hotmail.com');
    await ui.screenshot('search-02-address-1280x800');
  }, 90_000);
});
