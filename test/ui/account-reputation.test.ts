// The account's own bounce and complaint rates on Review, in real Chromium through
// the real handlers and engine (test/ui/harness.ts), the local SESv2 endpoint and
// the local CloudWatch endpoint (test/support/cloudwatch-server.ts): the forecast
// gauges show the account now and after this send, and the SES account part
// shows the rates with the last 14 days.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppPreferences } from '../../shared/ipc/contract';
import { DEFAULT_PREFERENCES } from '../../electron/main/prefs';
import { hourlyRates, startCloudWatchServer, type RunningCloudWatchServer } from '../support/cloudwatch-server';
import { isolatedAwsEnv, productionAccount, startSesServer, type RunningSesServer } from '../support/ses-server';
import { CHROMIUM_PATH, launchUi, type UiHarness } from './harness';

const hasChromium = existsSync(CHROMIUM_PATH);
const skipNote = hasChromium ? '' : ` (SKIPPED: ${CHROMIUM_PATH} is not installed)`;

describe.skipIf(!hasChromium)(`The account's own rates on Review in Chromium${skipNote}`, () => {
  let scratch: string;
  let ses: RunningSesServer;
  let cloudWatch: RunningCloudWatchServer;
  let ui: UiHarness;
  let list: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-reputation-'));
    // A small account: 100 messages in the last 24 hours, so a 1,400-message window that a list of 300 moves.
    ses = await startSesServer({ account: productionAccount({ sentLast24Hours: 100 }), rateLimit: null });
    const now = new Date();
    cloudWatch = await startCloudWatchServer({
      metrics: {
        'Reputation.BounceRate': hourlyRates(now, 14 * 24, (h) => 0.031 - h * 0.00003),
        'Reputation.ComplaintRate': hourlyRates(now, 14 * 24, () => 0.0004),
      },
    });
    const env = isolatedAwsEnv(scratch, { AWS_ENDPOINT_URL_SESV2: ses.endpoint, AWS_ENDPOINT_URL_CLOUDWATCH: cloudWatch.endpoint });
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    await writeFile(join(scratch, 'aws-config'), '[default]\nregion = eu-west-1\n');
    list = join(scratch, 'spring-campaign.csv');
    const rows = Array.from({ length: 300 }, (_, i) => `reader${i}@gmail.com,yes`);
    await writeFile(list, ['email,opt-in', ...rows].join('\n') + '\n');
    const prefs: AppPreferences = { ...DEFAULT_PREFERENCES, dnsMode: 'off' };
    ui = await launchUi({ viewport: { width: 1280, height: 800 }, prefs });
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await ses?.stop();
    await cloudWatch?.stop();
    vi.unstubAllEnvs();
    await rm(scratch, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(ui.pageErrors).toEqual([]);
  });

  it('shows the account’s bounce rate now and after this send beside the list’s forecast, and its last 14 days', async () => {
    const { page } = ui;
    ui.setDialogResult('openList', list);
    await page.getByRole('button', { name: /Open list/ }).click();
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    await page.getByRole('switch', { name: 'Use my SES account' }).check();
    await page.getByTestId('access-badge').waitFor();
    await page.getByRole('button', { name: 'Check list' }).click();
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 60_000 });

    const gauge = page.getByTestId('bounce-gauge');
    await expect
      .poll(() =>
        page
          .getByTestId('bounce-account-now-rate')
          .innerText()
          .catch(() => ''),
      )
      .toBe('3.1%');
    expect(await page.getByTestId('bounce-account-now-range').innerText()).toBe('CloudWatch');
    // 300 of a 1,400-message window at the list's own rate: the account moves towards it.
    const after = await page.getByTestId('bounce-account-after-rate').innerText();
    expect(after).toMatch(/^\d(\.\d)?%$/);
    expect(Number.parseFloat(after)).toBeLessThan(3.1);
    expect(await page.getByTestId('bounce-account-after-range').innerText()).toMatch(/^up to \d(\.\d)?%$/);
    expect(await page.getByTestId('complaint-account-now-rate').innerText()).toBe('0.04%');
    const sentence = await page.getByTestId('account-projection').innerText();
    expect(sentence).toMatch(
      /^Your SES account: bounces 3\.1% now → \d(\.\d)?% after this send \(up to \d(\.\d)?%\); complaints 0\.04% now → /,
    );
    expect(sentence).toContain('Representative volume 1,400 messages: 14 days at the pace of the last 24 hours (SentLast24Hours 100)');
    await gauge.scrollIntoViewIfNeeded();
    await ui.screenshot('30a-review-account-projection-1280');
    await page.setViewportSize({ width: 1024, height: 640 });
    await gauge.scrollIntoViewIfNeeded();
    await ui.screenshot('30b-review-account-projection-1024');

    await page.getByRole('tab', { name: 'SES account' }).click();
    const reputation = page.getByTestId('account-reputation');
    await reputation.waitFor();
    expect(await page.getByTestId('reputation-now').innerText()).toMatch(
      /^Bounces 3\.1%, complaints 0\.04%, as of .* UTC \(CloudWatch AWS\/SES in eu-west-1\)$/,
    );
    expect(await page.getByTestId('reputation-bounce-chart').locator('circle').count()).toBe(14);
    await reputation.scrollIntoViewIfNeeded();
    await ui.screenshot('30c-review-account-reputation-1024');
    await page.setViewportSize({ width: 1280, height: 800 });
    await reputation.scrollIntoViewIfNeeded();
    await ui.screenshot('30d-review-account-reputation-1280');

    // The plan keeps the account's projected rates under the target set on Review (and complaints under 0.1%). At 1%, this account (3.1% now)
    // is already over it: this list lowers it but no pace gets under 1%, and the plan says so instead of slowing down.
    await page.getByRole('tab', { name: 'Rows' }).click();
    await page.getByRole('button', { name: 'Change target' }).click();
    await page.getByLabel('Bounce target').fill('1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Plan the send' }).click();
    await page.getByRole('heading', { name: 'Plan the send' }).waitFor();
    await page.getByTestId('ses-quota').waitFor();
    await page.getByRole('button', { name: 'Plan send' }).click();
    await page.getByTestId('plan-totals').waitFor({ timeout: 60_000 });
    const cap = page.getByTestId('plan-account-cap');
    expect(await cap.innerText()).toMatch(
      /^The account's bounce rate is already 3\.1%, at or over your 1% target: this list \(expected 1\.\d%\) lowers it, but no pace of this send alone brings it under the target, so the plan is not slowed for it\. The list's expected complaint rate \(0\.\d+%\) is within your 0\.10% target\.$/,
    );
    // No pace helps the bounce rate: the note is a warning, not information.
    expect(await cap.getAttribute('class')).toContain('callout-warning');
    await cap.scrollIntoViewIfNeeded();
    await ui.screenshot('30e-plan-account-cap-1280');
    await page.setViewportSize({ width: 1024, height: 640 });
    await cap.scrollIntoViewIfNeeded();
    await ui.screenshot('30f-plan-account-cap-1024');
  }, 120_000);
});
