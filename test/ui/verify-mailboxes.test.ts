// Mailbox verification in real Chromium, through the real handlers and engine
// (test/ui/harness.ts) and the local SESv2 endpoint (test/support/ses-server.ts):
// the option on the Columns screen, the count and cost on Review before anything
// is asked, the confirmation, and what SES's verdicts did. SES bills per address,
// so the test counts every question the app sends.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppPreferences } from '../../shared/ipc/contract';
import type { Report } from '../../shared/model/check';
import { REASONS } from '../../shared/model/reasons';
import { DEFAULT_PREFERENCES } from '../../electron/main/prefs';
import { isolatedAwsEnv, MISSING_MAILBOX, productionAccount, startSesServer, VALID_MAILBOX } from '../support/ses-server';
import type { RunningSesServer } from '../support/ses-server';
import { CHROMIUM_PATH, launchUi, searchRows } from './harness';
import type { UiHarness } from './harness';

const hasChromium = existsSync(CHROMIUM_PATH);
const skipNote = hasChromium ? '' : ` (SKIPPED: ${CHROMIUM_PATH} is not installed)`;

async function lastReport(ui: UiHarness): Promise<Report> {
  const jobsDir = join(ui.dataDir, 'jobs');
  const [job] = await readdir(jobsDir);
  return JSON.parse(await readFile(join(jobsDir, job!, 'report.json'), 'utf8')) as Report;
}

describe.skipIf(!hasChromium)(`Verify mailboxes with SES in Chromium${skipNote}`, () => {
  let scratch: string;
  let ses: RunningSesServer;
  let ui: UiHarness;
  let list: string;
  const asked = () =>
    ses.requests.filter((r) => r.operation === 'GetEmailAddressInsights').map((r) => (r.body as { EmailAddress: string }).EmailAddress);

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-verify-'));
    ses = await startSesServer({
      account: productionAccount({ autoValidation: { enabled: true, threshold: 'HIGH' } }),
      configurationSets: { newsletter: { autoValidation: { enabled: true, threshold: 'MEDIUM' } } },
      mailboxInsights: {
        'gone@company-mail.com': MISSING_MAILBOX,
        'maybe@catchall-co.com': { ...VALID_MAILBOX, isValid: 'MEDIUM', mailboxExists: 'MEDIUM' },
      },
      rateLimit: null,
    });
    for (const [name, value] of Object.entries(isolatedAwsEnv(scratch, { AWS_ENDPOINT_URL_SESV2: ses.endpoint }))) vi.stubEnv(name, value);
    await writeFile(join(scratch, 'aws-config'), '[default]\nregion = eu-west-1\n');
    list = join(scratch, 'winter-campaign.csv');
    await writeFile(
      list,
      'email,opt-in\ngone@company-mail.com,yes\nmaybe@catchall-co.com,yes\nfine@company-mail.com,yes\nnever@company-mail.com,no\nnot-an-address,yes\n',
    );
    // DNS off: the test asks no resolver; company domains are then unchecked, the risk model's riskiest.
    const prefs: AppPreferences = { ...DEFAULT_PREFERENCES, dnsMode: 'off' };
    ui = await launchUi({ viewport: { width: 1280, height: 800 }, prefs });
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

  it('shows the count and cost before asking, asks only after the confirmation, and removes the mailbox SES calls invalid', async () => {
    const { page } = ui;
    ui.setDialogResult('openList', list);
    await page.getByRole('button', { name: /Open list/ }).click();
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    await page.getByRole('switch', { name: 'Use my SES account' }).check();
    await page.getByTestId('access-badge').waitFor();
    // The account card says that SES itself will drop recipients below the account's threshold.
    await expect
      .poll(() =>
        page
          .getByTestId('auto-validation-fact')
          .innerText()
          .catch(() => ''),
      )
      .toBe('On: SES drops recipients below HIGH confidence at send time');
    await page.getByRole('switch', { name: 'Verify mailboxes with SES' }).check();
    const limit = page.getByLabel('At most');
    await limit.fill('500');
    expect(await page.getByTestId('verify-limit-hint').innerText()).toContain('Never more than $5.00');
    // The price shown says where it comes from and that nobody checked it against AWS's page today.
    expect(await page.getByTestId('verify-mailboxes').innerText()).toContain(
      'Preflight estimates $0.01 per address (AWS’s SES pricing page, Email Validation, pay-as-you-go, as recorded in Preflight’s issue 14, 2025-12; not checked against AWS’s current pricing page)',
    );
    // The campaign's configuration set: its Auto Validation wins over the account's.
    await page.getByLabel('Configuration set').fill('news letter');
    expect(await page.getByTestId('verify-set-hint').innerText()).toMatch(/^Enter the configuration set’s name as SES shows it/);
    await page.getByLabel('Configuration set').fill('newsletter');
    await page.getByTestId('verify-mailboxes').scrollIntoViewIfNeeded();
    await ui.screenshot('14a-columns-verify-mailboxes-1280');
    await page.setViewportSize({ width: 1024, height: 640 });
    await page.getByTestId('verify-mailboxes').scrollIntoViewIfNeeded();
    await ui.screenshot('14b-columns-verify-mailboxes-1024');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The check itself only counts and prices: not one question to SES.
    await page.getByRole('button', { name: 'Check list' }).click();
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 60_000 });
    expect(asked()).toEqual([]);
    const panel = page.getByTestId('mailbox-panel');
    // Three mailboxes are still to send or review; the opted-out and the invalid rows are never asked about.
    await expect
      .poll(() =>
        page
          .getByTestId('mailbox-estimate')
          .innerText()
          .catch(() => ''),
      )
      .toMatch(
        /SES Email Validation would be asked about 3 addresses, the riskiest of 3 mailboxes still to send or review: about \$0\.03 at \$0\.01 per address \(AWS’s SES pricing page, .*2025-12; not checked against AWS’s current pricing page\)\. Each of these addresses is sent to SES in your account in eu-west-1\./,
      );
    await panel.scrollIntoViewIfNeeded();
    await ui.screenshot('14c-review-mailbox-estimate-1280');

    // The confirmation names the count and the cost; "Not now" asks nothing.
    await page.getByTestId('verify-start').click();
    const dialog = page.getByRole('dialog', { name: 'Ask SES about 3 addresses?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('AWS bills each address asked: about $0.03');
    await ui.screenshot('14d-review-mailbox-confirm-1280');
    await dialog.getByRole('button', { name: 'Not now' }).click();
    expect(asked()).toEqual([]);

    await page.getByTestId('verify-start').click();
    await dialog.getByRole('button', { name: 'Ask SES, about $0.03' }).click();
    // While asking: how many of the agreed count SES has answered, with Cancel at hand (each client waits 2 s between questions).
    await expect
      .poll(
        () =>
          page
            .getByTestId('progress-message')
            .innerText()
            .catch(() => ''),
        { timeout: 60_000 },
      )
      .toMatch(/^Asking SES about mailboxes: [12] of 3$/);
    expect(await page.getByRole('button', { name: /^Cancel/ }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('mailbox-facts').count(), { timeout: 60_000 }).toBe(1);
    expect(asked().sort()).toEqual(['fine@company-mail.com', 'gone@company-mail.com', 'maybe@catchall-co.com']);
    const facts = await page.getByTestId('mailbox-facts').innerText();
    expect(facts).toMatch(/Asked\s*3\s*\(about \$0\.03\)/);
    expect(facts).toMatch(/Verdicts: high\s*1, medium\s*1, low\s*1/);
    expect(await page.getByTestId('auto-validation').innerText()).toContain(
      'SES Auto Validation is on for configuration set newsletter (threshold MEDIUM)',
    );
    expect(ses.requests.filter((r) => r.operation === 'GetConfigurationSet').length).toBeGreaterThan(0);
    const report = await lastReport(ui);
    expect(report.reasons).toMatchObject({ mailbox_invalid: 1, mailbox_uncertain: 1 });
    expect(report.mailboxVerification).toMatchObject({ mode: 'asked', asked: 3, notVerified: 0 });
    await page.getByTestId('mailbox-panel').scrollIntoViewIfNeeded();
    await ui.screenshot('14e-review-mailbox-summary-1280');

    // The new reasons are on Review, and the row's details say what SES found.
    expect(await page.getByRole('complementary', { name: 'Reasons and details' }).innerText()).toContain(REASONS.mailbox_invalid.label);
    await searchRows(page, 'gone@');
    const goneRow = page.getByTestId('review-scroll').locator('[role="row"][data-row]').filter({ hasText: 'gone@company-mail.com' });
    await expect.poll(() => goneRow.count()).toBe(1);
    await goneRow.getByRole('button', { name: /^Risk / }).click();
    const evaluations = page.getByTestId('mailbox-evaluations');
    await evaluations.waitFor();
    expect(await evaluations.innerText()).toMatch(/SES Email Validation .*\s+Low/);
    expect(await evaluations.innerText()).toMatch(/Mailbox exists\s+Low/);
    await ui.screenshot('14f-review-mailbox-row-1280');
    await page.setViewportSize({ width: 1024, height: 640 });
    await ui.screenshot('14g-review-mailbox-row-1024');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The plan says what SES Auto Validation drops at send time, by the check's answers.
    await page.getByRole('button', { name: 'Plan the send' }).click();
    await page.getByRole('heading', { name: 'Plan the send' }).waitFor();
    await page.getByRole('button', { name: 'Plan send' }).click();
    await page.getByTestId('plan-totals').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('plan-auto-validation').innerText()).toBe(
      "SES Auto Validation is on for configuration set newsletter (threshold MEDIUM): at send time SES silently drops recipients it judges below it. By the check's SES answers it drops none of the planned recipients.",
    );
    await page.getByTestId('plan-auto-validation').scrollIntoViewIfNeeded();
    await ui.screenshot('14h-plan-auto-validation-1280');
    await page.setViewportSize({ width: 1024, height: 640 });
    await page.getByTestId('plan-auto-validation').scrollIntoViewIfNeeded();
    await ui.screenshot('14i-plan-auto-validation-1024');
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);
});
