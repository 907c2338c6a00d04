// The Review screen's insights in real Chromium, through the real handlers and
// engine (test/ui/harness.ts): the risk forecast and histogram, each row's
// risk and its factors, the Domains view with Retry, the DNS settings, and the
// SES account card. DNS answers come from a real DNS server on 127.0.0.1
// (test/support/dns-server.ts) and SES from the local SESv2 endpoint
// (test/support/ses-server.ts): nothing reaches the public internet or AWS.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppPreferences } from '../../shared/ipc/contract';
import type { Report } from '../../shared/model/check';
import { REASONS } from '../../shared/model/reasons';
import { riskBinLabel } from '../../shared/risk/histogram';
import type { RiskHistogram } from '../../shared/model/risk';
import { DEFAULT_PREFERENCES } from '../../electron/main/prefs';
import { formatRate, formatRisk } from '../../renderer/src/risk/assess';
import type { ReportForecast } from '../../shared/model/check';
import { startDnsServer } from '../support/dns-server';
import type { RunningDnsServer, Zones } from '../support/dns-server';
import { isolatedAwsEnv, productionAccount, sandboxAccount, startSesServer } from '../support/ses-server';
import type { RunningSesServer } from '../support/ses-server';
import { formatMoment } from '../../renderer/src/app/dates';
import { CHROMIUM_PATH, launchUi, searchRows } from './harness';
import type { UiHarness } from './harness';

const hasChromium = existsSync(CHROMIUM_PATH);
const skipNote = hasChromium ? '' : ` (SKIPPED: ${CHROMIUM_PATH} is not installed)`;
const DAY = 24 * 60 * 60 * 1000;

function isoDaysAgo(days: number): string {
  return new Date(Date.now() - days * DAY).toISOString().slice(0, 10);
}

/** Every domain the lists use, each a case the Domains view must name. Not .test names: those are reserved, never looked up. */
const DOMAINS = {
  deliverable: 'acme-mail.com',
  implicitMx: 'webonly-shop.net',
  nullMx: 'nullmx-store.com',
  notFound: 'gone-company.com',
  noMailHost: 'dangling-mx.org',
  unresolved: 'flaky-dns.com',
} as const;

function zones(): Zones {
  return {
    [DOMAINS.deliverable]: { mx: [{ priority: 10, exchange: 'mx1.acme-mail.com' }] },
    'mx1.acme-mail.com': { a: ['192.0.2.10'] },
    [DOMAINS.implicitMx]: { a: ['192.0.2.20'] },
    [DOMAINS.nullMx]: { mx: [{ priority: 0, exchange: '' }] },
    // gone-company.com is not in the table: NXDOMAIN.
    [DOMAINS.noMailHost]: { mx: [{ priority: 10, exchange: 'mx.nowhere.dangling-mx.org' }] },
    [DOMAINS.unresolved]: { rcode: 'SERVFAIL' },
  };
}

/** A list where most rows are fine, and each domain case has rows of its own. */
function insightList(): string {
  const recent = isoDaysAgo(30);
  const lines = ['Email,Name,Opt-in,Signed up,Last click'];
  const add = (email: string, optIn = 'yes', signedUp = recent, lastClick = recent) =>
    lines.push([email, 'X', optIn, signedUp, lastClick].join(','));
  for (let i = 0; i < 24; i++) add(`member${i}@${DOMAINS.deliverable}`);
  for (let i = 0; i < 6; i++) add(`buyer${i}@${DOMAINS.implicitMx}`, 'yes', isoDaysAgo(400 + i * 30), isoDaysAgo(200 + i * 20));
  add(`erin@${DOMAINS.nullMx}`);
  add(`fred@${DOMAINS.notFound}`);
  add(`gail@${DOMAINS.noMailHost}`);
  add(`hugo@${DOMAINS.unresolved}`);
  add(`ivy@${DOMAINS.unresolved}`);
  add(`info@${DOMAINS.deliverable}`);
  add(`jack@${DOMAINS.deliverable}`, 'no');
  add(`kate@${DOMAINS.deliverable}`, 'yes', isoDaysAgo(5 * 365), isoDaysAgo(3 * 365));
  return `${lines.join('\n')}\n`;
}

/** The report of the check the harness ran last (its job folder is the only one: a new check replaces the old). */
async function lastReport(ui: UiHarness): Promise<Report> {
  const jobsDir = join(ui.dataDir, 'jobs');
  const [job] = await readdir(jobsDir);
  return JSON.parse(await readFile(join(jobsDir, job!, 'report.json'), 'utf8')) as Report;
}

/** preflight_risk of every row of the last check's annotated.csv, by address. */
async function lastRisks(ui: UiHarness): Promise<Map<string, number>> {
  const jobsDir = join(ui.dataDir, 'jobs');
  const [job] = await readdir(jobsDir);
  const [header, ...rows] = (await readFile(join(jobsDir, job!, 'annotated.csv'), 'utf8')).trim().split(/\r?\n/);
  const risk = header!.split(',').indexOf('preflight_risk');
  return new Map(rows.map((line) => [line.split(',')[0]!, Number(line.split(',')[risk])]));
}

/** "1.4%" → 0.014; "<0.01%" → 0. */
function rateOf(text: string): number {
  return text.startsWith('<') ? 0 : Number(text.replace('%', '')) / 100;
}

/** The shown rate is the report's, rounded to two significant digits. */
function expectShownRate(shown: string, rate: number): void {
  expect(shown).toBe(formatRate(rate));
  if (rate >= 0.0001) expect(Math.abs(rateOf(shown) - rate)).toBeLessThanOrEqual(Math.max(rate * 0.05, 0.00005));
}

async function openList(ui: UiHarness, path: string): Promise<void> {
  ui.setDialogResult('openList', path);
  await ui.page.getByRole('button', { name: /Open list/ }).click();
  await ui.page.getByRole('heading', { name: 'Check the columns' }).waitFor();
}

async function checkList(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Check list' }).click();
  await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 60_000 });
}

async function resetApp(ui: UiHarness, prefs: AppPreferences): Promise<void> {
  ui.pageErrors.length = 0;
  await writeFile(join(ui.dataDir, 'prefs.json'), JSON.stringify(prefs));
  // Each test starts with an empty DNS cache and no saved SES data, as on a first run.
  await rm(join(ui.dataDir, 'cache'), { recursive: true, force: true });
  await ui.page.emulateMedia({ colorScheme: 'light' });
  await ui.page.reload();
  await ui.page.getByRole('heading', { name: 'Check a recipient list before you send' }).waitFor();
}

describe.skipIf(!hasChromium)(`Risk, domains and DNS settings in Chromium${skipNote}`, () => {
  let scratch: string;
  let dns: RunningDnsServer;
  let ui: UiHarness;
  let prefs: AppPreferences;
  const files = { list: '', many: '' };

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-insights-'));
    dns = await startDnsServer(zones());
    files.list = join(scratch, 'autumn-campaign.csv');
    await writeFile(files.list, insightList());
    prefs = { ...DEFAULT_PREFERENCES, dnsServers: [dns.server] };
    ui = await launchUi({ viewport: { width: 1280, height: 900 }, prefs });
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await dns?.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await resetApp(ui, prefs);
    dns.setZones(zones());
  });

  afterEach(() => {
    expect(ui.pageErrors).toEqual([]);
  });

  it('shows the send list’s forecast against SES’s lines, the risk histogram, and each row’s risk with what drove it', async () => {
    const { page } = ui;
    await openList(ui, files.list);
    await checkList(page);
    const report = await lastReport(ui);
    const forecast = report['forecast'] as ReportForecast;
    const histogram = report['riskHistogram'] as { send: RiskHistogram; all: RiskHistogram };

    // The gauges carry the report's numbers: after cleaning and as imported, bounces and complaints.
    const gauge = page.getByTestId('bounce-gauge');
    expectShownRate(await page.getByTestId('bounce-send-rate').innerText(), forecast.send.bounceRate);
    expectShownRate(await page.getByTestId('bounce-all-rate').innerText(), forecast.all.bounceRate);
    expectShownRate(await page.getByTestId('complaint-send-rate').innerText(), forecast.send.complaintRate);
    expectShownRate(await page.getByTestId('complaint-all-rate').innerText(), forecast.all.complaintRate);
    expect(await page.getByTestId('bounce-send-range').innerText()).toContain(
      `${formatRate(forecast.send.bounceRateLow)}–${formatRate(forecast.send.bounceRateHigh)}`,
    );
    // Cleaning must have bought something: the list as imported is forecast worse.
    expect(forecast.all.bounceRate).toBeGreaterThan(forecast.send.bounceRate);
    // The SES lines and the default target are on the gauge, and the status follows the upper bound.
    const gaugeText = await gauge.innerText();
    expect(gaugeText).toContain('5% review');
    expect(gaugeText).toContain('10% pause');
    expect(gaugeText).toContain('your target 2%');
    const level = forecast.send.bounceRateHigh >= 0.05 ? 'danger' : forecast.send.bounceRateHigh >= 0.02 ? 'warning' : 'ok';
    expect(await gauge.getAttribute('data-level')).toBe(level);
    await ui.screenshot('07-review-forecast');

    // Lowering the target below the upper bound warns at once, and is remembered.
    await gauge.getByRole('button', { name: 'Change target' }).click();
    await gauge.getByLabel('Bounce target').fill('0.1');
    await gauge.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => gauge.getAttribute('data-level')).not.toBe('ok');
    // Focus goes back to the button that opened the editor.
    expect(
      await gauge.getByRole('button', { name: 'Change target' }).evaluate((button) => button === button.ownerDocument.activeElement),
    ).toBe(true);
    expect(await page.getByTestId('bounce-gauge-status').innerText()).toMatch(/your 0\.1% target|SES's/);
    expect(await gauge.innerText()).toContain('your target 0.1%');
    await expect.poll(async () => JSON.parse(await readFile(join(ui.dataDir, 'prefs.json'), 'utf8')).bounceTarget).toBe(0.001);
    await ui.screenshot('07b-review-forecast-target');

    // The Risk part: the histogram's bars are the report's counts, with a table of the same numbers.
    await page.getByRole('tab', { name: 'Risk' }).click();
    const bars = page.getByTestId('risk-histogram').locator('g[data-bin]');
    expect(await bars.count()).toBe(histogram.all.counts.length);
    for (let bin = 0; bin < histogram.all.counts.length; bin++) {
      expect(await bars.nth(bin).getAttribute('data-send'), `send bin ${bin}`).toBe(String(histogram.send.counts[bin]));
      expect(await bars.nth(bin).getAttribute('data-all'), `all bin ${bin}`).toBe(String(histogram.all.counts[bin]));
    }
    await page.getByText('Show the numbers').click();
    const tableRows = page.getByTestId('risk-histogram').locator('tbody tr');
    expect(await tableRows.count()).toBe(histogram.all.counts.length);
    const busiest = histogram.all.counts.indexOf(Math.max(...histogram.all.counts));
    expect(await tableRows.nth(busiest).innerText()).toBe(
      [riskBinLabel(busiest, histogram.all.edges), String(histogram.send.counts[busiest]), String(histogram.all.counts[busiest])].join(
        '\t',
      ),
    );
    expect(await page.getByTestId('cleaning-table').innerText()).toContain(`${report.rows}\t${report.verdicts.send}`);
    await ui.screenshot('07c-review-risk');

    // The Rows part: a Risk column with each row's probability from annotated.csv.
    await page.getByRole('tab', { name: 'Rows' }).click();
    const risks = await lastRisks(ui);
    const nullMxRow = page
      .getByTestId('review-scroll')
      .locator('[role="row"][data-row]')
      .filter({ hasText: `erin@${DOMAINS.nullMx}` });
    await searchRows(page, 'erin@');
    await expect.poll(() => nullMxRow.count()).toBe(1);
    const riskButton = nullMxRow.getByRole('button', { name: /^Risk / });
    expect(await riskButton.innerText()).toBe(formatRisk(risks.get(`erin@${DOMAINS.nullMx}`)!));
    expect(risks.get(`erin@${DOMAINS.nullMx}`)).toBeGreaterThan(0.5);
    // Its factors: the null MX leads, as a tooltip and, on click, spelled out under the table.
    expect(await riskButton.getAttribute('title')).toContain(REASONS.null_mx.label);
    await riskButton.click();
    const detail = page.getByTestId('risk-detail');
    await detail.waitFor();
    expect(await detail.innerText()).toContain(REASONS.null_mx.label);
    expect(await detail.locator('li').count()).toBeGreaterThanOrEqual(1);
    await ui.screenshot('07d-review-row-risk');
    await page.getByRole('button', { name: 'Close the risk details' }).click();
    expect(await detail.count()).toBe(0);

    // A fresh address on a good domain sits far below it.
    await searchRows(page, 'member0@');
    const freshRow = page
      .getByTestId('review-scroll')
      .locator('[role="row"][data-row]')
      .filter({ hasText: `member0@${DOMAINS.deliverable}` });
    await expect.poll(() => freshRow.count()).toBe(1);
    expect(await freshRow.getByRole('button', { name: /^Risk / }).innerText()).toBe(
      formatRisk(risks.get(`member0@${DOMAINS.deliverable}`)!),
    );
    expect(risks.get(`member0@${DOMAINS.deliverable}`)).toBeLessThan(0.05);

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('tab', { name: 'Risk' }).click();
    await ui.screenshot('07p-review-risk-dark');
  }, 90_000);

  it('lists domains with their status, and Retry asks again only the domains that did not answer', async () => {
    const { page } = ui;
    await openList(ui, files.list);
    await checkList(page);
    const report = await lastReport(ui);
    expect(report.domains?.byStatus).toEqual({ deliverable: 2, null_mx: 1, domain_not_found: 1, no_mail_host: 1, dns_unresolved: 1 });

    // The Domains tab carries the number of domains that did not answer.
    const domainsTab = page.getByRole('tab', { name: /^Domains\b.*1 domain did not answer$/ });
    expect(await domainsTab.innerText()).toContain('1');
    await domainsTab.click();
    const table = page.getByTestId('domains-table');
    await table.waitFor();
    const statusOf = (domain: string) => table.locator(`tr[data-domain="${domain}"] td`).nth(2).innerText();
    expect(await statusOf(DOMAINS.deliverable)).toBe('Accepts mail');
    expect(await statusOf(DOMAINS.implicitMx)).toBe('Accepts mail');
    expect(await statusOf(DOMAINS.nullMx)).toBe('Takes no mail (null MX)');
    expect(await statusOf(DOMAINS.notFound)).toBe('No such domain');
    expect(await statusOf(DOMAINS.noMailHost)).toBe('No mail server');
    expect(await statusOf(DOMAINS.unresolved)).toBe('DNS did not answer');
    // Top domains by rows: the busiest first.
    expect(await table.locator('tbody tr').first().getAttribute('data-domain')).toBe(DOMAINS.deliverable);
    expect(await table.locator(`tr[data-domain="${DOMAINS.deliverable}"] td`).nth(1).innerText()).toBe('27');
    const summary = await page.getByTestId('domain-summary').innerText();
    expect(summary).toMatch(/Domains checked\s+6/);
    expect(summary).toMatch(/Answered from the cache\s+0/);
    expect(summary).toMatch(/DNS did not answer\s+1 domain/);
    await ui.screenshot('07e-review-domains');

    // The resolver recovers; Retry runs the check again and only the unanswered domain is asked.
    dns.setZones({ [DOMAINS.unresolved]: { mx: [{ priority: 10, exchange: 'mx1.acme-mail.com' }] } });
    dns.resetCounts();
    await page.getByTestId('unresolved-callout').getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('domains-table').waitFor();
    expect(await statusOf(DOMAINS.unresolved)).toBe('Accepts mail');
    expect(await page.getByTestId('unresolved-callout').count()).toBe(0);
    expect(await page.getByTestId('domain-summary').innerText()).toMatch(/Answered from the cache\s+5/);
    const askedNames = new Set(Object.keys(dns.queries.byName).map((key) => key.split(' ')[0]));
    expect([...askedNames].filter((name) => name !== 'mx1.acme-mail.com')).toEqual([DOMAINS.unresolved]);
    expect((await lastReport(ui)).domains?.byStatus).toEqual({ deliverable: 3, null_mx: 1, domain_not_found: 1, no_mail_host: 1 });
    await ui.screenshot('07f-review-domains-retried');
  }, 90_000);

  it('shows domains done out of the total while the domains are checked', async () => {
    const { page } = ui;
    // 240 domains answered 40 ms late, 4 at a time: the domain phase lasts a couple of seconds.
    const slow = await startDnsServer({}, { delayMs: 40 });
    try {
      const many: Zones = { 'mx.bulk-mail.com': { a: ['192.0.2.50'] } };
      const lines = ['email,opt-in'];
      for (let i = 0; i < 240; i++) {
        many[`shop${i}.bulk-mail.com`] = { mx: [{ priority: 10, exchange: 'mx.bulk-mail.com' }] };
        lines.push(`owner@shop${i}.bulk-mail.com,yes`);
      }
      slow.setZones(many);
      files.many = join(scratch, 'many-domains.csv');
      await writeFile(files.many, `${lines.join('\n')}\n`);
      await resetApp(ui, { ...prefs, dnsServers: [slow.server], dnsConcurrency: 4 });
      await openList(ui, files.many);
      await page.getByRole('button', { name: 'Check list' }).click();
      const count = page.getByTestId('phase-count');
      await expect.poll(() => count.innerText().catch(() => ''), { timeout: 20_000, interval: 50 }).toMatch(/^[1-9]\d* of 240 domains$/);
      await ui.screenshot('07g-check-domains');
      await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 60_000 });
      // Never more queries in flight than asked for.
      expect(slow.queries.maxOutstanding).toBeLessThanOrEqual(4);
    } finally {
      await slow.stop();
    }
  }, 90_000);

  it('checks the DNS settings as they are typed, remembers them, and skips domain checks when switched off', async () => {
    const { page } = ui;
    await openList(ui, files.list);
    const servers = page.getByRole('textbox', { name: 'DNS servers' });
    // The preference with servers listed starts on "These DNS servers".
    expect(await page.getByRole('radio', { name: 'These DNS servers' }).isChecked()).toBe(true);
    expect(await servers.inputValue()).toBe(dns.server);

    await servers.fill('dns.example.com');
    const serversHint = page.locator(`#${(await servers.getAttribute('aria-describedby'))!.replace(/:/g, '\\:')}`);
    expect(await serversHint.innerText()).toContain('is not an IP address');
    expect(await page.getByRole('button', { name: 'Check list' }).isDisabled()).toBe(true);
    await servers.fill('192.0.2.1:99999');
    expect(await serversHint.innerText()).toContain('port');
    const inFlight = page.getByLabel('Queries in flight');
    await inFlight.fill('0');
    expect(await page.getByText('Enter a whole number of queries from 1 to 256.').isVisible()).toBe(true);
    expect(await page.locator('.action-bar-note').innerText()).toContain('192.0.2.1:99999');
    await page.getByRole('region', { name: 'Domain checks' }).scrollIntoViewIfNeeded();
    await ui.screenshot('07h-columns-dns-invalid');

    await servers.fill(`${dns.server}, [::1]:5399`);
    await inFlight.fill('16');
    expect(await page.getByRole('button', { name: 'Check list' }).isEnabled()).toBe(true);
    await page.getByRole('region', { name: 'Domain checks' }).scrollIntoViewIfNeeded();
    await ui.screenshot('07i-columns-settings');
    // ::1:5399 does not answer: with the real server first, every domain still gets its answer.
    await checkList(page);
    expect((await lastReport(ui)).settings.dns).toBe('servers');
    await expect
      .poll(async () => JSON.parse(await readFile(join(ui.dataDir, 'prefs.json'), 'utf8')) as AppPreferences)
      .toMatchObject({ dnsMode: 'servers', dnsServers: [dns.server, '[::1]:5399'], dnsConcurrency: 16 });

    // Skip domain checks: the Domains view says so and offers the settings.
    await page.getByRole('button', { name: 'Columns' }).first().click();
    await page.getByRole('switch', { name: 'Check that each domain accepts mail' }).uncheck();
    expect(await servers.isDisabled()).toBe(true);
    await checkList(page);
    const report = await lastReport(ui);
    expect(report.settings.dns).toBe('off');
    expect(report.domains?.checked).toBe(0);
    await page.getByRole('tab', { name: /Domains/ }).click();
    expect(await page.getByTestId('domains-view').innerText()).toContain('Domains were not checked in this run (domain checks were off)');
    expect(await page.getByTestId('domains-table').locator('tbody tr').first().innerText()).toContain('Not checked');
    await ui.screenshot('07j-review-domains-off');
    expect((JSON.parse(await readFile(join(ui.dataDir, 'prefs.json'), 'utf8')) as AppPreferences).dnsMode).toBe('off');
  }, 90_000);
});

describe.skipIf(!hasChromium)(`SES account in Chromium${skipNote}`, () => {
  let scratch: string;
  let ses: RunningSesServer;
  let dns: RunningDnsServer;
  let ui: UiHarness;
  let prefs: AppPreferences;
  let list: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-account-'));
    ses = await startSesServer({
      account: sandboxAccount({ sentLast24Hours: 12 }),
      identities: [
        { name: 'me@acme-mail.com', type: 'EMAIL_ADDRESS' },
        { name: 'acme-mail.com', type: 'DOMAIN', dkim: { signingEnabled: true, status: 'SUCCESS' } },
      ],
      regions: {
        'us-west-2': { account: productionAccount() },
        'ap-southeast-2': { fault: 'AccessDenied' },
      },
      rateLimit: null,
    });
    dns = await startDnsServer(zones());
    // The handlers run in this process and the engine in its worker threads: both read these.
    for (const [name, value] of Object.entries(isolatedAwsEnv(scratch, { AWS_ENDPOINT_URL_SESV2: ses.endpoint }))) vi.stubEnv(name, value);
    await writeFile(join(scratch, 'aws-config'), '[default]\nregion = eu-west-1\n\n[profile marketing]\nregion = us-west-2\n');
    list = join(scratch, 'sandbox-test.csv');
    await writeFile(list, `email,opt-in\nme@acme-mail.com,yes\nsomeone@acme-mail.com,yes\nother@${DOMAINS.implicitMx},yes\n`);
    prefs = { ...DEFAULT_PREFERENCES, dnsServers: [dns.server] };
    ui = await launchUi({ viewport: { width: 1280, height: 900 }, prefs });
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await ses?.stop();
    await dns?.stop();
    vi.unstubAllEnvs();
    await rm(scratch, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await resetApp(ui, prefs);
  });

  afterEach(() => {
    expect(ui.pageErrors).toEqual([]);
  });

  it('shows the account card for the chosen profile and region, explains the sandbox, and says why SES refused', async () => {
    const { page } = ui;
    await openList(ui, list);
    await page.getByRole('switch', { name: 'Use my SES account' }).check();
    const card = page.getByTestId('account-card');
    // The default profile's region (eu-west-1): a sandbox account.
    await expect
      .poll(() =>
        card
          .getByTestId('access-badge')
          .innerText()
          .catch(() => ''),
      )
      .toBe('Sandbox');
    expect(await card.innerText()).toContain('eu-west-1 · profile default');
    expect(await card.innerText()).toMatch(/Daily quota\s+200 per 24 hours/);
    expect(await card.innerText()).toMatch(/Last 24 hours\s+12 sent · 188 left/);
    const sandbox = card.getByTestId('sandbox-note');
    expect(await sandbox.innerText()).toContain('Only verified identities can receive');
    await sandbox.getByText('How to leave the sandbox').click();
    expect(await sandbox.innerText()).toContain(`Request production access for eu-west-1`);
    // Profiles come from ~/.aws (names only).
    expect(await page.getByLabel('AWS profile').locator('option').allInnerTexts()).toEqual(['Default credentials', 'default', 'marketing']);
    await card.scrollIntoViewIfNeeded();
    await ui.screenshot('07k-columns-account-sandbox');

    await page.getByLabel('Region').selectOption('us-west-2');
    await expect
      .poll(() =>
        card
          .getByTestId('access-badge')
          .innerText()
          .catch(() => ''),
      )
      .toBe('Production');
    expect(await card.innerText()).toMatch(/Daily quota\s+50,000 per 24 hours/);
    expect(await card.getByTestId('sandbox-note').count()).toBe(0);
    await card.scrollIntoViewIfNeeded();
    await ui.screenshot('07l-columns-account-production');
    await page.emulateMedia({ colorScheme: 'dark' });
    await ui.screenshot('07q-columns-account-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // AccessDenied in a region: its one sentence, nothing else.
    await page.getByLabel('Region').selectOption('ap-southeast-2');
    const error = card.getByTestId('account-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('is not allowed to call ses:GetAccount in ap-southeast-2');
    expect(await error.innerText()).not.toMatch(/Exception|at .*\.(ts|js):\d+/);
    await error.scrollIntoViewIfNeeded();
    await ui.screenshot('07m-columns-account-denied');

    // The choice is remembered.
    await expect
      .poll(async () => (JSON.parse(await readFile(join(ui.dataDir, 'prefs.json'), 'utf8')) as AppPreferences).awsRegion)
      .toBe('ap-southeast-2');
  }, 60_000);

  it('checks with the account: removes unverified recipients in the sandbox, shows the account and readiness on Review, and falls back to the saved account', async () => {
    const { page } = ui;
    await openList(ui, list);
    await page.getByRole('switch', { name: 'Use my SES account' }).check();
    await page.getByLabel('Region').selectOption('eu-west-1');
    await page.getByLabel('From address or domain').fill('me@acme-mail.com');
    await page.getByTestId('access-badge').waitFor();
    await page.getByRole('button', { name: 'Check list' }).click();
    // SES is asked at its pace (one request a second): the Check screen says what it is reading.
    const message = page.getByTestId('progress-message');
    await expect.poll(() => message.innerText().catch(() => ''), { timeout: 30_000, interval: 50 }).toMatch(/^(Reading|Checking)/);
    await ui.screenshot('07r-check-account');
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 60_000 });
    const report = await lastReport(ui);
    // me@ is a verified address and someone@ is on a verified domain; only other@ may not receive.
    expect(report.reasons['unverified_sandbox']).toBe(1);
    expect(report['account']).toMatchObject({ region: 'eu-west-1', productionAccessEnabled: false, max24HourSend: 200 });

    await page.getByRole('tab', { name: 'SES account' }).click();
    const view = page.getByTestId('account-view');
    expect(await page.getByTestId('account-facts').innerText()).toMatch(/Daily quota\s+200 per 24 hours/);
    // What the sandbox means is said once on the screen, in the warnings; the account part gives the way out.
    expect(await view.getByTestId('sandbox-note').innerText()).toContain('Request production access for eu-west-1');
    const explanations = (await page.locator('main').innerText()).match(/only (?:to )?verified (?:identities|addresses)/gi) ?? [];
    expect(explanations).toHaveLength(1);
    expect(await page.getByRole('region', { name: 'Warnings' }).innerText()).toContain('delivers only to verified identities');
    expect(await page.locator('main').innerText()).not.toContain('unverified_sandbox');
    const readiness = page.getByTestId('readiness');
    // The checklist is listed once on the screen, not again beside the production-access form.
    expect(await readiness.count()).toBe(1);
    const items = (report['readiness'] as { items: { id: string; status: string }[] }).items;
    expect(await readiness.locator('li').count()).toBe(items.length);
    for (const item of items) expect(await readiness.locator(`li[data-item="${item.id}"]`).getAttribute('data-status')).toBe(item.status);
    expect(await readiness.locator('li[data-item="identity_verified"]').getAttribute('data-status')).toBe('ok');
    await ui.screenshot('07n-review-account');

    // SES now refuses: back on Columns the card reads the account again, says why it failed, and shows what the check saved.
    ses.setState({ regions: { 'eu-west-1': { fault: 'AccessDenied' } } });
    await page.getByRole('button', { name: 'Columns' }).first().click();
    const card = page.getByTestId('account-card');
    const error = card.getByTestId('account-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('is not allowed to call ses:GetAccount in eu-west-1');
    // The moment in the app's one date format, in the user's locale (renderer/src/app/dates.ts).
    const locale = await page.evaluate(() => (globalThis as unknown as { navigator: { language: string } }).navigator.language);
    const saved = /Showing the account as saved on (.+?)\./.exec(await error.innerText())?.[1] ?? '';
    // Saved by the check above, in the last few minutes.
    const recent = Array.from({ length: 15 }, (_, minutes) => formatMoment(new Date(Date.now() - minutes * 60_000).toISOString(), locale));
    expect(recent).toContain(saved);
    expect(await card.getByTestId('access-badge').innerText()).toBe('Sandbox');
    await card.scrollIntoViewIfNeeded();
    await ui.screenshot('07o-columns-account-saved');
    ses.setState({ regions: {} });
  }, 90_000);
});
