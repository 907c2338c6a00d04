// The SES panel's contact list, in real Chromium through the real handlers and
// engine (test/ui/harness.ts) against the local SESv2 endpoint
// (test/support/ses-server.ts): the user picks the account's contact list and the
// campaign's topic on the Columns screen, and the check removes the contacts who
// opted out, naming the SES contact list as the source; a list SES will not show
// is one sentence in the panel. Nothing reaches AWS or the public internet (DNS off).
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../shared/model/check';
import { DEFAULT_PREFERENCES } from '../../electron/main/prefs';
import { isolatedAwsEnv, productionAccount, startSesServer, type RunningSesServer } from '../support/ses-server';
import { CHROMIUM_PATH, launchUi, searchRows, type UiHarness } from './harness';

const hasChromium = existsSync(CHROMIUM_PATH);
const skipNote = hasChromium ? '' : ` (SKIPPED: ${CHROMIUM_PATH} is not installed)`;

async function lastReport(ui: UiHarness): Promise<Report> {
  const jobsDir = join(ui.dataDir, 'jobs');
  const [job] = await readdir(jobsDir);
  return JSON.parse(await readFile(join(jobsDir, job!, 'report.json'), 'utf8')) as Report;
}

describe.skipIf(!hasChromium)(`SES contact list in Chromium${skipNote}`, () => {
  let scratch: string;
  let ses: RunningSesServer;
  let ui: UiHarness;
  let list: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-contact-list-'));
    ses = await startSesServer({
      account: productionAccount(),
      rateLimit: null,
      contactLists: [
        {
          name: 'Newsletter',
          topics: [
            { name: 'weekly', defaultStatus: 'OPT_IN' },
            { name: 'offers', defaultStatus: 'OPT_IN' },
          ],
          contacts: [
            { email: 'gone@acme-mail.com', unsubscribeAll: true },
            { email: 'no-weekly@acme-mail.com', preferences: { weekly: 'OPT_OUT' } },
            { email: 'no-offers@acme-mail.com', preferences: { offers: 'OPT_OUT' } },
            { email: 'reader0@acme-mail.com' },
          ],
        },
      ],
    });
    for (const [name, value] of Object.entries(isolatedAwsEnv(scratch, { AWS_ENDPOINT_URL_SESV2: ses.endpoint }))) vi.stubEnv(name, value);
    await writeFile(join(scratch, 'aws-config'), '[default]\nregion = eu-west-1\n');
    list = join(scratch, 'subscribers.csv');
    const rows = ['email,opt-in', 'gone@acme-mail.com,yes', 'no-weekly@acme-mail.com,yes', 'no-offers@acme-mail.com,yes'];
    for (let i = 0; i < 8; i++) rows.push(`reader${i}@acme-mail.com,yes`);
    await writeFile(list, rows.join('\n') + '\n');
    ui = await launchUi({
      viewport: { width: 1280, height: 800 },
      prefs: { ...DEFAULT_PREFERENCES, dnsMode: 'off', useSes: true, awsRegion: 'eu-west-1' },
    });
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await ses?.stop();
    vi.unstubAllEnvs();
    await rm(scratch, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(ui.pageErrors).toEqual([]);
  });

  it('removes the contacts who opted out of the chosen topic, naming the SES contact list as the source', async () => {
    const { page } = ui;
    ui.setDialogResult('openList', list);
    await page.getByRole('button', { name: /Open list/ }).click();
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    const field = page.getByTestId('contact-list-field');
    const listSelect = page.getByLabel('SES contact list');
    // The default is none.
    await expect.poll(() => listSelect.isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await listSelect.inputValue()).toBe('');
    await listSelect.selectOption('Newsletter');
    const topicSelect = page.getByLabel('Topic');
    expect(await topicSelect.locator('option').allInnerTexts()).toEqual(['None', 'weekly', 'offers']);
    await topicSelect.selectOption('weekly');
    expect(await page.getByTestId('contact-list-hint').innerText()).toContain('unsubscribed from everything or from “weekly”');

    for (const viewport of [
      { width: 1280, height: 800, name: 'contact-list-01-picked-1280' },
      { width: 1024, height: 640, name: 'contact-list-01-picked-1024' },
    ]) {
      await page.setViewportSize(viewport);
      const fits = await field.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return box.left >= 0 && box.right <= element.ownerDocument.documentElement.clientWidth + 0.5;
      });
      expect(fits).toBe(true);
      await field.evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await ui.screenshot(viewport.name);
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole('button', { name: 'Check list' }).click();
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 90_000 });
    const report = await lastReport(ui);
    expect(report.contactList).toMatchObject({ name: 'Newsletter', topic: 'weekly', contacts: 4, optedOut: 2, matched: 2 });

    const fact = page.getByTestId('contact-list-fact');
    expect(await fact.innerText()).toBe('Newsletter, topic “weekly”: 2 of 4 contacts opted out, 2 rows removed');

    await searchRows(page, 'no-weekly');
    const row = page.getByTestId('review-scroll').locator('[role="row"][data-row]').first();
    await expect.poll(() => row.innerText()).toContain('no-weekly@acme-mail.com');
    const chip = row.locator('.reason-chip', { hasText: 'Unsubscribed' });
    expect(await chip.getAttribute('title')).toContain('From the SES contact list Newsletter (eu-west-1, read ');
    await row.getByRole('button', { name: /^Risk / }).click();
    expect(await page.getByTestId('reason-columns').innerText()).toMatch(/Unsubscribed\s+SES contact list Newsletter \(eu-west-1, read /);
    for (const viewport of [
      { width: 1280, height: 800, name: 'contact-list-02-removed-1280' },
      { width: 1024, height: 640, name: 'contact-list-02-removed-1024' },
    ]) {
      await page.setViewportSize(viewport);
      await page.getByTestId('reason-columns').scrollIntoViewIfNeeded();
      await ui.screenshot(viewport.name);
      await fact.scrollIntoViewIfNeeded();
      await ui.screenshot(`${viewport.name}-details`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    // Opted out of offers only: this campaign is about weekly, so the contact is mailed.
    await searchRows(page, 'no-offers');
    await expect.poll(() => row.innerText()).toContain('no-offers@acme-mail.com');
    expect(await row.innerText()).not.toContain('Unsubscribed');
  }, 180_000);

  it('says in one sentence when the account will not show its contact lists, or has none', async () => {
    const { page } = ui;
    ses.injectFaults('AccessDenied', 5, { operation: 'ListContactLists', region: 'us-east-1' });
    await page.getByRole('button', { name: 'Columns' }).first().click();
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    // Another region, then back: the lists are read again.
    const region = page.getByLabel('Region');
    await region.selectOption('us-east-1');
    const hint = page.getByTestId('contact-list-hint');
    await expect.poll(() => hint.innerText(), { timeout: 30_000 }).toContain('not allowed to call ses:ListContactLists');
    expect(await hint.getAttribute('class')).toBe('field-error');
    expect(await page.getByLabel('SES contact list').inputValue()).toBe('');
    for (const viewport of [
      { width: 1280, height: 800, name: 'contact-list-03-denied-1280' },
      { width: 1024, height: 640, name: 'contact-list-03-denied-1024' },
    ]) {
      await page.setViewportSize(viewport);
      await page.getByTestId('contact-list-hint').evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await ui.screenshot(viewport.name);
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    ses.setState({ contactLists: [] });
    await region.selectOption('eu-west-1');
    await expect.poll(() => hint.innerText(), { timeout: 30_000 }).toBe('This SES account has no contact lists in eu-west-1.');
    expect(await page.getByLabel('SES contact list').isDisabled()).toBe(true);
  }, 120_000);
});
