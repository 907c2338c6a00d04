// The Plan screen of a sandbox account in Chromium: the production-access form
// pre-filled from the check, the readiness list beside it, a preview of exactly
// what is sent, the confirm button, and the review status after. The handlers
// run in this process against the fake SES endpoint with the real SDK, so what
// the user confirmed is what PutAccountDetails received.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PREFERENCES } from '../../electron/main/prefs';
import { isolatedAwsEnv, sandboxAccount, startSesServer, type RunningSesServer } from '../support/ses-server';
import { CHROMIUM_PATH, launchUi, type UiHarness } from './harness';

const hasChromium = existsSync(CHROMIUM_PATH);
const skipNote = hasChromium ? '' : ` (SKIPPED: ${CHROMIUM_PATH} is not installed)`;

describe.skipIf(!hasChromium)(`Requesting production access in Chromium${skipNote}`, () => {
  let scratch: string;
  let ses: RunningSesServer;
  let ui: UiHarness;
  let list: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-production-'));
    ses = await startSesServer({
      account: sandboxAccount(),
      identities: [{ name: 'me@acme-mail.com', type: 'EMAIL_ADDRESS' }],
      rateLimit: null,
    });
    for (const [name, value] of Object.entries(isolatedAwsEnv(scratch, { AWS_ENDPOINT_URL_SESV2: ses.endpoint }))) vi.stubEnv(name, value);
    await writeFile(join(scratch, 'aws-config'), '[default]\nregion = eu-west-1\n');
    list = join(scratch, 'spring-customers.csv');
    await writeFile(list, 'email,opt-in\nme@acme-mail.com,yes\nsomeone@gmail.com,yes\nother@gmail.com,no\n');
    await writeFile(join(scratch, 'prefs.json'), JSON.stringify(DEFAULT_PREFERENCES));
    ui = await launchUi({ viewport: { width: 1280, height: 800 } });
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

  it('sends exactly the previewed request once, only on confirm, then shows the PENDING review', async () => {
    const { page } = ui;
    ui.setDialogResult('openList', list);
    await page.getByRole('button', { name: /Open list/ }).click();
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    await page.getByRole('switch', { name: 'Use my SES account' }).check();
    await page.getByLabel('Region').selectOption('eu-west-1');
    await page.getByTestId('access-badge').waitFor();
    const dns = page.getByRole('switch', { name: 'Check that each domain accepts mail' });
    if (await dns.isChecked()) await dns.uncheck();
    await page.getByRole('button', { name: 'Check list' }).click();
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Plan the send' }).click();

    const form = page.getByTestId('production-request');
    await form.waitFor();
    const useCase = form.getByLabel('Use case');
    // The draft states what the check measured, and leaves the rest to the user.
    expect(await useCase.inputValue()).toContain('Our list has 3 addresses (file spring-customers.csv).');
    expect(await useCase.inputValue()).toContain('[[');
    await form.getByLabel('Website').fill('https://acme-mail.com');
    await form.getByLabel('Website').scrollIntoViewIfNeeded();
    await ui.screenshot('15a-production-form-1280');
    await page.setViewportSize({ width: 1024, height: 640 });
    await form.getByRole('heading', { name: 'Request production access in eu-west-1' }).scrollIntoViewIfNeeded();
    await ui.screenshot('15b-production-form-1024');

    // A draft with a part left unwritten is never previewed, let alone sent.
    await form.getByRole('button', { name: 'Preview the request' }).click();
    expect(await form.getByTestId('production-problem').innerText()).toMatch(
      /^The use case still has a part to fill in \(\[\[Say what your business is/,
    );
    const text =
      'We sell bicycles online and send a monthly newsletter to customers who ticked the sign-up box at checkout. Bounces and complaints arrive through SNS and are never mailed again; every message has an unsubscribe link.';
    await useCase.fill(text);
    await form.getByLabel('Also notify (optional)').fill('ops@acme-mail.com');
    await form.getByRole('button', { name: 'Preview the request' }).click();
    const preview = form.getByTestId('production-preview');
    await preview.waitFor();
    const shown = JSON.parse(await preview.locator('pre').innerText()) as unknown;
    expect(shown).toEqual({
      MailType: 'MARKETING',
      WebsiteURL: 'https://acme-mail.com',
      ContactLanguage: 'EN',
      UseCaseDescription: text,
      AdditionalContactEmailAddresses: ['ops@acme-mail.com'],
      ProductionAccessEnabled: true,
    });
    expect(ses.requests.filter((request) => request.operation === 'PutAccountDetails')).toEqual([]);
    await form.getByRole('button', { name: 'Send request to AWS' }).scrollIntoViewIfNeeded();
    await ui.screenshot('15c-production-preview-1024');
    await page.setViewportSize({ width: 1280, height: 800 });
    await ui.screenshot('15d-production-preview-1280');

    await form.getByRole('button', { name: 'Send request to AWS' }).click();
    const status = form.getByTestId('production-status');
    await status.waitFor();
    const sent = ses.requests.filter((request) => request.operation === 'PutAccountDetails');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toEqual(shown);
    expect(sent[0]!.region).toBe('eu-west-1');
    expect(await status.innerText()).toMatch(/Review: PENDING \(case \d+\)\. AWS is reviewing the request/);
    await ui.screenshot('15e-production-sent-1280');
    await page.setViewportSize({ width: 1024, height: 640 });
    await status.scrollIntoViewIfNeeded();
    await ui.screenshot('15f-production-sent-1024');
  }, 120_000);

  it("Review's SES account tab carries the same request for a sandbox account, and the account card then shows its status", async () => {
    const { page } = ui;
    // A fresh sandbox account: no request on record.
    ses.setState({ account: sandboxAccount() });
    ses.clearRequests();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page
      .getByRole('navigation', { name: 'Steps' })
      .getByRole('button', { name: /Review/ })
      .click();
    await page.getByRole('heading', { name: 'Review the results' }).waitFor();
    await page.getByRole('tab', { name: 'SES account' }).click();
    const form = page.getByTestId('review-production-access').getByTestId('production-request');
    await form.waitFor();
    expect(await form.getByRole('heading', { name: 'Request production access in eu-west-1' }).isVisible()).toBe(true);
    expect(await form.getByLabel('Use case').inputValue()).toContain('Our list has 3 addresses (file spring-customers.csv).');
    await form.getByRole('heading', { name: 'Request production access in eu-west-1' }).scrollIntoViewIfNeeded();
    await ui.screenshot('15j-review-production-form-1280');
    await page.setViewportSize({ width: 1024, height: 640 });
    await form.scrollIntoViewIfNeeded();
    await ui.screenshot('15k-review-production-form-1024');
    await page.setViewportSize({ width: 1280, height: 800 });

    const text =
      'We send order confirmations and a monthly newsletter to customers who signed up at checkout; bounces and complaints reach us through SNS and are never mailed again.';
    await form.getByRole('radio', { name: /^Transactional/ }).check();
    await form.getByLabel('Website').fill('https://acme-mail.com/shop');
    await form.getByLabel('Use case').fill(text);
    await form.getByRole('button', { name: 'Preview the request' }).click();
    const shown = JSON.parse(await form.getByTestId('production-preview').locator('pre').innerText()) as unknown;
    expect(shown).toEqual({
      MailType: 'TRANSACTIONAL',
      WebsiteURL: 'https://acme-mail.com/shop',
      ContactLanguage: 'EN',
      UseCaseDescription: text,
      ProductionAccessEnabled: true,
    });
    expect(ses.requests.filter((request) => request.operation === 'PutAccountDetails')).toEqual([]);
    await form.getByRole('button', { name: 'Send request to AWS' }).click();
    await form.getByTestId('production-status').waitFor();
    const sent = ses.requests.filter((request) => request.operation === 'PutAccountDetails');
    expect(sent.map((request) => [request.region, request.body])).toEqual([['eu-west-1', shown]]);

    // Back on Columns, the account card says where the request stands.
    await page
      .getByRole('navigation', { name: 'Steps' })
      .getByRole('button', { name: /Columns/ })
      .click();
    const note = page.getByTestId('card-production-access');
    await expect
      .poll(() => note.innerText().catch(() => ''), { timeout: 30_000 })
      .toMatch(/^Production-access request for eu-west-1: PENDING \(case \d+\)\. AWS is reviewing the request/);
    await note.scrollIntoViewIfNeeded();
    await ui.screenshot('15l-columns-card-pending-1280');
    await page.setViewportSize({ width: 1024, height: 640 });
    // Centred: the Check list bar covers the bottom of the window.
    await note.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await ui.screenshot('15m-columns-card-pending-1024');
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);
});

describe.skipIf(!hasChromium)(`The plan's bulk-sender warning in Chromium${skipNote}`, () => {
  let scratch: string;
  let ui: UiHarness;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-bulk-'));
    const rows = Array.from({ length: 6_000 }, (_, i) => `reader${i}@gmail.com,yes`);
    await writeFile(join(scratch, 'big-send.csv'), ['email,opt-in', ...rows].join('\n') + '\n');
    for (const [name, value] of Object.entries(isolatedAwsEnv(scratch))) vi.stubEnv(name, value);
    ui = await launchUi({ viewport: { width: 1280, height: 800 } });
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    vi.unstubAllEnvs();
    await rm(scratch, { recursive: true, force: true });
  });

  it('a day of 5,000 or more to Gmail, with the rules never checked, is warned about on the plan', async () => {
    const { page } = ui;
    ui.setDialogResult('openList', join(scratch, 'big-send.csv'));
    await page.getByRole('button', { name: /Open list/ }).click();
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    const dns = page.getByRole('switch', { name: 'Check that each domain accepts mail' });
    if (await dns.isChecked()) await dns.uncheck();
    await page.getByRole('button', { name: 'Check list' }).click();
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Plan the send' }).click();
    await page.getByRole('heading', { name: 'Plan the send' }).waitFor();
    await page.getByLabel('Daily quota', { exact: true }).fill('100000');
    await page.getByLabel('Send rate', { exact: true }).fill('50');
    await page.getByRole('switch', { name: 'Custom first day and growth' }).check();
    await page.getByLabel('First day', { exact: true }).fill('6000');
    await page.getByLabel('Window opens').fill('00:00');
    await page.getByLabel('Window closes').fill('24:00');
    await page.getByRole('button', { name: 'Plan send' }).click();
    const warning = page.getByTestId('plan-bulk-sender');
    await warning.waitFor({ timeout: 60_000 });
    expect(await warning.innerText()).toMatch(/^The plan sends 5,000 or more messages in a day to a mailbox provider \(Gmail 6,000 on /);
    expect(await warning.innerText()).toContain('Preflight has not checked them for your From domain');
    await warning.scrollIntoViewIfNeeded();
    await ui.screenshot('15g-plan-bulk-sender-1280');
  }, 120_000);
});
