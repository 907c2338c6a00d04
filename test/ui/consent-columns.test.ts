// The Columns screen with a HubSpot export, in real Chromium through the harness (real
// handlers, real engine worker): the opt-out column is detected and shown with what its
// values mean, the app refuses it as an opt-in (which would invert it and mail the one
// person who unsubscribed), and the Review screen names the column that removed them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchUi, searchRows, type UiHarness } from './harness';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hasChromium = existsSync(CHROMIUM_PATH);
const HUBSPOT = join(ROOT, 'test/fixtures/consent/hubspot-contacts.csv');

let ui: UiHarness;

beforeAll(async () => {
  if (!hasChromium) return;
  ui = await launchUi({ viewport: { width: 1024, height: 640 } });
}, 60_000);

afterAll(async () => {
  if (!hasChromium) return;
  await ui?.close();
});

async function openHubSpot(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole('heading', { name: 'Check a recipient list before you send' }).waitFor();
  ui.setDialogResult('openList', HUBSPOT);
  await page.getByRole('button', { name: /Open list/ }).click();
  await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
}

describe.skipIf(!hasChromium)(`Consent columns in Chromium${hasChromium ? '' : ` (SKIPPED: ${CHROMIUM_PATH} is not installed)`}`, () => {
  it('shows a detected opt-out column with its meaning, and the status column, never as the opt-in', async () => {
    const { page } = ui;
    await openHubSpot(page);
    // The unsubscribe flag is under Opt-out, not Opt-in.
    expect(await page.getByLabel('Opt-in (consent)').inputValue()).toBe('');
    const optOuts = page.getByRole('list', { name: 'Opt-out columns' });
    expect(await optOuts.innerText()).toContain('Unsubscribed from all email');
    expect(await page.getByTestId('meaning-optOut').innerText()).toContain('"true" or "TRUE" means the person opted out (removed)');
    const status = page.getByLabel('Subscription status');
    expect(await status.locator('option:checked').innerText()).toBe('Marketing contact status');
    expect(await page.getByTestId('meaning-status').innerText()).toContain(
      '"Non-marketing contact" or blank means no marketing consent (removed)',
    );
    // A status column is a consent source: no "no opt-in column" warning.
    expect(await page.getByTestId('no-consent-warning').count()).toBe(0);
    await ui.screenshot('consent-01-columns-1024');
    await page.setViewportSize({ width: 1280, height: 800 });
    await ui.screenshot('consent-01-columns-1280');
    await page.setViewportSize({ width: 1024, height: 640 });
  }, 60_000);

  it('refuses the opt-out column as the opt-in, and says where it belongs', async () => {
    const { page } = ui;
    await openHubSpot(page);
    await page.getByLabel('Opt-in (consent)').selectOption({ label: 'Unsubscribed from all email' });
    const field = page.locator('[data-role="consent"] .field-error');
    expect(await field.innerText()).toContain('records opt-outs');
    expect(await field.innerText()).toContain('Opt-out');
    expect(await page.getByRole('button', { name: 'Check list' }).isDisabled()).toBe(true);
    await ui.screenshot('consent-02-refused-as-opt-in');
  }, 60_000);

  it('an opt-out the user removes and adds back still removes the person, and Review names the column', async () => {
    const { page } = ui;
    await openHubSpot(page);
    await page.getByRole('button', { name: 'Remove Unsubscribed from all email from opt-outs' }).click();
    expect(await page.getByRole('list', { name: 'Opt-out columns' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Use suggestion' }).first().click();
    expect(await page.getByRole('list', { name: 'Opt-out columns' }).innerText()).toContain('Unsubscribed from all email');

    const dns = page.getByRole('switch', { name: 'Check that each domain accepts mail' });
    if (await dns.isChecked()) await dns.uncheck();
    await page.getByRole('button', { name: 'Check list' }).click();
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 30_000 });

    // The Details panel lists the consent columns the check used, with their roles.
    const facts = page.getByTestId('consent-source');
    expect(await facts.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('Unsubscribed from all email')]));

    await searchRows(page, 'ben.okafor');
    const row = page.getByTestId('review-scroll').locator('[role="row"][data-row]').first();
    await expect.poll(() => row.innerText()).toContain('ben.okafor@outlook.com');
    expect(await row.innerText()).toContain('Unsubscribed');
    const chip = row.locator('.reason-chip', { hasText: 'Unsubscribed' });
    expect(await chip.getAttribute('title')).toContain('From the column “Unsubscribed from all email”');
    await row.getByRole('button', { name: /^Risk / }).click();
    expect(await page.getByTestId('reason-columns').innerText()).toContain('“Unsubscribed from all email”');
    await ui.screenshot('consent-03-review-row-details');
  }, 60_000);
});
