// Review's SES account part with Virtual Deliverability Manager, in real Chromium
// through the real handlers and engine (test/ui/harness.ts) against the local
// SESv2 endpoint (test/support/ses-server.ts, ses-vdm.ts): SES's open
// recommendations in the readiness checklist, HIGH impact first, and the
// sender's own rates per mailbox provider beside this list's rows there, at
// 1280×800 and 1024×640. Nothing reaches AWS or the public internet (DNS off).
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppPreferences } from '../../shared/ipc/contract';
import type { Report } from '../../shared/model/check';
import { DEFAULT_PREFERENCES } from '../../electron/main/prefs';
import { isolatedAwsEnv, productionAccount, startSesServer, type RunningSesServer } from '../support/ses-server';
import { CHROMIUM_PATH, launchUi, type UiHarness } from './harness';

const hasChromium = existsSync(CHROMIUM_PATH);
const skipNote = hasChromium ? '' : ` (SKIPPED: ${CHROMIUM_PATH} is not installed)`;
const ARN = 'arn:aws:ses:eu-west-1:123456789012:identity/acme-mail.com';

async function lastReport(ui: UiHarness): Promise<Report> {
  const jobsDir = join(ui.dataDir, 'jobs');
  const [job] = await readdir(jobsDir);
  return JSON.parse(await readFile(join(jobsDir, job!, 'report.json'), 'utf8')) as Report;
}

describe.skipIf(!hasChromium)(`SES account health in Chromium${skipNote}`, () => {
  let scratch: string;
  let ses: RunningSesServer;
  let ui: UiHarness;
  let list: string;
  let prefs: AppPreferences;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-vdm-'));
    ses = await startSesServer({
      account: productionAccount({ vdmEnabled: true }),
      identities: [{ name: 'acme-mail.com', type: 'DOMAIN', dkim: { signingEnabled: true, status: 'SUCCESS' } }],
      rateLimit: null,
      vdm: {
        byIsp: {
          Gmail: { SEND: 42_000, PERMANENT_BOUNCE: 210, COMPLAINT: 13 },
          Yahoo: { SEND: 9_000, PERMANENT_BOUNCE: 450, COMPLAINT: 9 },
          // More bounces than sends: SES's numbers for Hotmail cannot be right, and are not used.
          Hotmail: { SEND: 300, PERMANENT_BOUNCE: 900 },
          AOL: { SEND: 400, PERMANENT_BOUNCE: 8 },
        },
        recommendations: [
          {
            type: 'BIMI',
            impact: 'LOW',
            resourceArn: ARN,
            description: 'Publish a BIMI record so that mailbox providers can show your logo.',
          },
          {
            type: 'DMARC',
            impact: 'HIGH',
            resourceArn: ARN,
            description: 'acme-mail.com has no DMARC policy: publish one at _dmarc.acme-mail.com.',
          },
        ],
      },
    });
    for (const [name, value] of Object.entries(isolatedAwsEnv(scratch, { AWS_ENDPOINT_URL_SESV2: ses.endpoint }))) vi.stubEnv(name, value);
    await writeFile(join(scratch, 'aws-config'), '[default]\nregion = eu-west-1\n');
    list = join(scratch, 'subscribers.csv');
    const rows = ['email,opt-in'];
    for (let i = 0; i < 12; i++) rows.push(`reader${i}@gmail.com,yes`);
    for (let i = 0; i < 5; i++) rows.push(`fan${i}@yahoo.com,yes`);
    for (let i = 0; i < 2; i++) rows.push(`pat${i}@outlook.com,yes`);
    rows.push('old@aol.com,yes', 'team@acme-mail.com,yes');
    await writeFile(list, rows.join('\n') + '\n');
    prefs = { ...DEFAULT_PREFERENCES, dnsMode: 'off', useSes: true, awsRegion: 'eu-west-1', sesFromIdentity: 'news@acme-mail.com' };
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

  it("shows SES's open recommendations in readiness, HIGH first, and the sender's own rates per provider beside this list's rows", async () => {
    const { page } = ui;
    ui.setDialogResult('openList', list);
    await page.getByRole('button', { name: /Open list/ }).click();
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    await page.getByTestId('access-badge').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Check list' }).click();
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 90_000 });
    const report = await lastReport(ui);
    expect(report.account?.providerHistory?.status).toBe('read');

    await page.getByRole('tab', { name: 'SES account' }).click();
    const readiness = page.getByTestId('readiness');
    const fromSes = readiness.locator('li[data-item="ses_recommendation"]');
    await expect.poll(() => fromSes.count(), { timeout: 10_000 }).toBe(2);
    expect(await fromSes.nth(0).innerText()).toContain('SES recommends (HIGH impact): DMARC for identity acme-mail.com');
    expect(await fromSes.nth(0).innerText()).toContain('publish one at _dmarc.acme-mail.com');
    expect(await fromSes.nth(1).innerText()).toContain('LOW impact');

    const panel = page.getByTestId('provider-history');
    await panel.waitFor();
    expect(await panel.innerText()).toContain('Your own mail over the last 30 days (Virtual Deliverability Manager): 51,700 sent');
    const gmail = panel.locator('tr[data-provider="gmail"]');
    // 12 of the list's 21 rows; 42,000 sent by you, 0.5% bounced, 0.031% complained; calibrated.
    expect(await gmail.innerText()).toMatch(/Gmail\s+12\s+57\.1%\s+42,000\s+0\.5%\s+0\.031%\s+Bounces ×0\.\d\d · complaints ×\d\.\d\d/);
    expect(await panel.locator('tr[data-provider="yahoo"]').innerText()).toMatch(/Yahoo\s+5\s+23\.8%\s+9,000\s+5%/);
    const hotmail = panel.locator('tr[data-provider="microsoft"]');
    expect(await hotmail.getAttribute('data-verified')).toBe('false');
    expect(await hotmail.innerText()).toContain('Not used: it has more permanent bounces (900) than sends (300).');
    // Too few sends to move the forecast.
    expect(await panel.locator('tr[data-provider="aol"]').innerText()).toContain('Unchanged (under 1,000 sent)');

    // Nothing is cut off at either size.
    for (const viewport of [
      { width: 1280, height: 800, name: '16a-review-account-vdm-1280' },
      { width: 1024, height: 640, name: '16b-review-account-vdm-1024' },
    ]) {
      await page.setViewportSize(viewport);
      const fits = await panel.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return box.left >= 0 && box.right <= element.ownerDocument.documentElement.clientWidth + 0.5;
      });
      expect(fits).toBe(true);
      await readiness.scrollIntoViewIfNeeded();
      await ui.screenshot(`${viewport.name}-readiness`);
      await panel.scrollIntoViewIfNeeded();
      await ui.screenshot(viewport.name);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);

  it('with Virtual Deliverability Manager off, the SES account part says what turning it on would add', async () => {
    const { page } = ui;
    ses.setState({ account: productionAccount({ vdmEnabled: false }) });
    await page.getByRole('button', { name: 'Columns' }).first().click();
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    await page.getByRole('button', { name: 'Check list' }).click();
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 90_000 });
    await page.getByRole('tab', { name: 'SES account' }).click();
    const panel = page.getByTestId('provider-history');
    await panel.waitFor();
    expect(await panel.getAttribute('data-status')).toBe('vdm_off');
    expect(await panel.innerText()).toContain('Virtual Deliverability Manager is off for this SES account');
    expect(await panel.innerText()).toContain('your own bounce and complaint rates per mailbox provider');
    expect(await panel.locator('table').count()).toBe(0);
    expect(await page.getByTestId('readiness').locator('li[data-item="ses_recommendation"]').count()).toBe(0);
    await page.setViewportSize({ width: 1024, height: 640 });
    await panel.scrollIntoViewIfNeeded();
    await ui.screenshot('16c-review-account-vdm-off-1024');
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);
});
