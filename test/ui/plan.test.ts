// The Plan screen in real Chromium, through the real handlers, the real engine
// worker and the real planner (test/ui/harness.ts): a checked list is planned
// with a typed quota, the chart, the days and the batch list are compared with
// the plan.json written in the job folder, every send row is in exactly one
// batch file, the plan is exported with the results, and each mistake shows its
// sentence. SES comes from the local SESv2 endpoint (test/support/ses-server.ts):
// a sandbox account gets the production-access explanation, a production
// account's quota is read and planned with. Nothing reaches DNS or AWS.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppPreferences } from '../../shared/ipc/contract';
import type { Report } from '../../shared/model/check';
import type { PlanDocument } from '../../shared/plan/document';
import { localDate, localDateTime } from '../../shared/plan/zone';
import { DEFAULT_PREFERENCES } from '../../electron/main/prefs';
import { isolatedAwsEnv, productionAccount, sandboxAccount, startSesServer } from '../support/ses-server';
import type { RunningSesServer } from '../support/ses-server';
import { formatDay, formatShortDay } from '../../renderer/src/app/dates';
import { MIN_BAR_HEIGHT } from '../../renderer/src/plan/planText';
import { CHROMIUM_PATH, launchUi } from './harness';
import type { UiHarness } from './harness';
import { measureScreen } from './layout';

const hasChromium = existsSync(CHROMIUM_PATH);
const skipNote = hasChromium ? '' : ` (SKIPPED: ${CHROMIUM_PATH} is not installed)`;
const DAY = 24 * 60 * 60 * 1000;
const ZONE = 'America/New_York';
const PROVIDERS = ['gmail.com', 'yahoo.com', 'outlook.com', 'gmail.com', 'fastmail.com', 'hotmail.com', 'aol.com', 'posteo.de'];

/** A list of `rows` subscribers across mailbox providers, every one fit to send. */
function subscriberList(rows: number): string {
  const lines = ['Email,Name,Opt-in,Last click'];
  const recent = new Date(Date.now() - 20 * DAY).toISOString().slice(0, 10);
  for (let i = 0; i < rows; i++) lines.push(`reader${i}@${PROVIDERS[i % PROVIDERS.length]},Reader ${i},yes,${recent}`);
  return `${lines.join('\n')}\n`;
}

/** The job folder of the harness's last check (a new check replaces the old one). */
async function jobDir(ui: UiHarness): Promise<string> {
  const [job] = await readdir(join(ui.dataDir, 'jobs'));
  return join(ui.dataDir, 'jobs', job!);
}

async function openList(ui: UiHarness, path: string): Promise<void> {
  ui.setDialogResult('openList', path);
  await ui.page.getByRole('button', { name: /Open list/ }).click();
  await ui.page.getByRole('heading', { name: 'Check the columns' }).waitFor();
}

async function checkList(page: Page, options: { dns: boolean }): Promise<void> {
  const dns = page.getByRole('switch', { name: 'Check that each domain accepts mail' });
  if (!options.dns && (await dns.isChecked())) await dns.uncheck();
  await page.getByRole('button', { name: 'Check list' }).click();
  await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 60_000 });
}

async function openPlan(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Plan the send' }).click();
  await page.getByRole('heading', { name: 'Plan the send' }).waitFor();
}

/** The data lines of a CSV file written by Preflight (BOM and header dropped). */
async function dataLines(path: string): Promise<string[]> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  return text.split(/\r?\n/).slice(1).filter(Boolean);
}

async function resetApp(ui: UiHarness, prefs: AppPreferences): Promise<void> {
  ui.pageErrors.length = 0;
  await writeFile(join(ui.dataDir, 'prefs.json'), JSON.stringify(prefs));
  await ui.page.emulateMedia({ colorScheme: 'light' });
  await ui.page.reload();
  await ui.page.getByRole('heading', { name: 'Check a recipient list before you send' }).waitFor();
}

/** Back to the top of the screen, heading in view, for a screenshot that reads from the top. */
async function scrollToTop(page: Page): Promise<void> {
  await page.locator('main').evaluate((element) => element.scrollTo(0, 0));
}

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

describe.skipIf(!hasChromium)(`Plan screen with a typed quota in Chromium${skipNote}`, () => {
  let scratch: string;
  let ui: UiHarness;
  let list: string;
  let exportDir: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-plan-'));
    list = join(scratch, 'march-newsletter.csv');
    await writeFile(list, subscriberList(3_000));
    exportDir = join(scratch, 'campaign');
    await mkdir(exportDir);
    ui = await launchUi({ viewport: { width: 1280, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  beforeEach(async () => resetApp(ui, DEFAULT_PREFERENCES));

  afterEach(() => {
    expect(ui.pageErrors).toEqual([]);
  });

  it('plans the send list with a typed quota; the chart, the days and the batches are the plan.json in the job folder; export writes the plan', async () => {
    const { page } = ui;
    await openList(ui, list);
    await checkList(page, { dns: false });
    await openPlan(page);
    // The stepper has the Plan step between Review and Export, and it is the current one.
    expect(await page.getByRole('navigation', { name: 'Steps' }).innerText()).toMatch(/Review[\s\S]*Plan[\s\S]*Export/);
    expect(await page.locator('[aria-current="step"]').innerText()).toContain('Plan');
    // Defaults: the computer's zone, 09:00–17:00, 20% headroom, the standard warm-up, start at the next whole hour.
    const systemZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(await field(page, 'Time zone').inputValue()).toBe(systemZone);
    expect(await page.getByLabel('Window opens').inputValue()).toBe('09:00');
    expect(await page.getByLabel('Window closes').inputValue()).toBe('17:00');
    expect(await field(page, 'Headroom').inputValue()).toBe('20');
    expect(await page.getByRole('radio', { name: /^Standard/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Start', { exact: true }).inputValue()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00$/);
    expect(await page.getByTestId('plan-empty').isVisible()).toBe(true);
    await ui.screenshot('08-plan');

    // Plan send with no quota: the first field with a problem gets the focus, and says what it needs.
    await page.getByRole('button', { name: 'Plan send' }).click();
    const daily = field(page, 'Daily quota');
    await expect.poll(() => daily.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    expect(await daily.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('Enter the daily sending quota (Max24HourSend on the SES Account dashboard).').isVisible()).toBe(true);
    // A window across midnight and a malformed time: the CLI's sentences, under the window.
    await page.getByLabel('Window opens').fill('17:00');
    await page.getByLabel('Window closes').fill('09:00');
    const windowHint = page.locator('.plan-window .field-error');
    expect(await windowHint.innerText()).toBe(
      'The send window 17:00-09:00 ends before it starts; windows across midnight are not supported, so use 00:00-24:00 or two plans.',
    );
    await daily.fill('fifty thousand');
    expect(await page.getByText('The daily quota takes a whole number of at least 1 (got "fifty thousand").').isVisible()).toBe(true);
    await field(page, 'Time zone').fill('Mars/Olympus');
    expect(
      await page
        .getByText('"Mars/Olympus" is not an IANA time zone; use a name such as Europe/Berlin, America/New_York or UTC.')
        .isVisible(),
    ).toBe(true);
    await page.getByRole('button', { name: 'Plan send' }).click();
    expect(await page.getByTestId('plan-empty').isVisible()).toBe(true);
    // Beside the action, which stays in view, what is left to fix.
    expect(await page.getByTestId('plan-form-problems').innerText()).toBe('4 to fix: daily quota, send rate, time zone, send window.');
    await ui.screenshot('08b-plan-invalid');
    await page.getByLabel('Window opens').scrollIntoViewIfNeeded();
    await ui.screenshot('08b2-plan-invalid-window');
    await page.getByLabel('Window opens').fill('9am');
    expect(await windowHint.innerText()).toBe(
      'The send window takes two 24-hour times such as 09:00-17:00 (00:00-24:00 for all day), not "9am-09:00".',
    );

    // A typed quota, New York, tomorrow 09:00–17:00, all from the keyboard: Enter in a field plans.
    await page.getByLabel('Window opens').fill('09:00');
    await page.getByLabel('Window closes').fill('17:00');
    await daily.fill('1,000');
    await field(page, 'Send rate').fill('0.5');
    await field(page, 'Sent in the last 24 hours').fill('0');
    await field(page, 'Time zone').fill(ZONE);
    const tomorrow = localDate(Date.now() + DAY, ZONE);
    await page.getByLabel('Start', { exact: true }).fill(`${tomorrow}T09:00`);
    await field(page, 'Headroom').press('Enter');
    await page.getByTestId('plan-totals').waitFor({ timeout: 30_000 });

    // The plan on screen is the plan.json the worker wrote into the job folder.
    const dir = await jobDir(ui);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    const doc = JSON.parse(await readFile(join(dir, 'plan', 'plan.json'), 'utf8')) as PlanDocument;
    expect(report.verdicts.send).toBe(3_000);
    expect(doc).toMatchObject({
      recipients: 3_000,
      timeZone: ZONE,
      window: '09:00-17:00',
      headroom: 0.2,
      quota: { max24HourSend: 1_000, maxSendRate: 0.5, source: 'manual' },
    });
    expect(doc.policy).toMatchObject({ name: 'standard', firstDay: 500, growth: 1.4 });
    expect(await page.getByTestId('plan-announcement').innerText()).toBe(
      `Planned 3,000 recipients in ${doc.batches.length} batches over ${doc.days.length} days.`,
    );
    expect(await page.getByTestId('plan-recipients').innerText()).toBe('3,000');
    expect(await page.getByTestId('plan-batch-count').innerText()).toBe(String(doc.batches.length));
    expect(await page.getByTestId('plan-day-count').innerText()).toMatch(new RegExp(`^${doc.days.length}\\b`));

    // The chart: one bar group per day, with that day's count and providers; and the same numbers in the table.
    const bars = page.getByTestId('plan-chart').locator('svg g[data-date]');
    expect(await bars.count()).toBe(doc.days.length);
    const dayRows = page.getByTestId('plan-days').locator('tbody tr');
    expect(await dayRows.count()).toBe(doc.days.length);
    for (const [index, day] of doc.days.entries()) {
      const bar = bars.nth(index);
      expect(await bar.getAttribute('data-date')).toBe(day.date);
      expect(await bar.getAttribute('data-recipients')).toBe(String(day.recipients));
      expect(await bar.getAttribute('data-gmail')).toBe(String(day.providers.gmail));
      expect(await bar.getAttribute('data-yahoo-aol')).toBe(String(day.providers.yahoo_aol));
      expect(await bar.getAttribute('data-microsoft')).toBe(String(day.providers.microsoft));
      const cells = (await dayRows.nth(index).locator('td').allInnerTexts()).map((text) => text.replace(/,/g, ''));
      expect(cells).toEqual(
        [day.providers.gmail, day.providers.yahoo_aol, day.providers.microsoft, day.providers.other, day.recipients || 'no sending'].map(
          String,
        ),
      );
    }
    // The quota line is the usable quota: 1,000 × (1 − 20%).
    expect(await page.getByTestId('plan-chart').locator('.chart-quota.is-usable text').textContent()).toBe('usable 800 per 24 h');
    // Warm-up: the first day has the standard first-day volume.
    expect(doc.days[0]!.recipients).toBe(500);

    // The batch list: every batch in order, at its local time in New York, with its recipients and rate.
    const batchRows = page.getByTestId('plan-batches').locator('tbody tr');
    expect(await batchRows.count()).toBe(doc.batches.length);
    for (const [index, batch] of doc.batches.entries()) {
      const row = batchRows.nth(index);
      expect(await row.getAttribute('data-start')).toBe(batch.start);
      const time = `${localDateTime(Date.parse(batch.start), ZONE).slice(11, 16)}–${localDateTime(Date.parse(batch.end), ZONE).slice(11, 16)}`;
      expect(await row.locator('.batch-time').innerText()).toBe(time);
      expect(await row.locator('.batch-recipients').innerText()).toBe(batch.recipients.toLocaleString('en-US'));
      expect(await row.locator('.batch-file').innerText()).toBe(batch.file.replace('batches/', ''));
      expect(localDate(Date.parse(batch.start), ZONE)).toBe(batch.date);
    }
    expect(doc.batches.reduce((sum, batch) => sum + batch.recipients, 0)).toBe(3_000);
    expect(doc.batches[0]!.date).toBe(tomorrow);
    expect(localDateTime(Date.parse(doc.batches[0]!.start), ZONE).slice(11)).toBe('09:00:00');

    // Every send row is in exactly one batch file, unchanged.
    const sendRows = await dataLines(join(dir, 'send.csv'));
    const batched = (await Promise.all(doc.batches.map((batch) => dataLines(join(dir, 'plan', batch.file))))).flat();
    expect(batched).toHaveLength(sendRows.length);
    expect(new Set(batched).size).toBe(batched.length);
    expect([...batched].sort()).toEqual([...sendRows].sort());
    await scrollToTop(page);
    await ui.screenshot('08c-plan-result');
    await page.getByRole('heading', { name: 'Batches' }).scrollIntoViewIfNeeded();
    await ui.screenshot('08d-plan-batches');
    await page.emulateMedia({ colorScheme: 'dark' });
    await ui.screenshot('08e-plan-batches-dark');
    await scrollToTop(page);
    await ui.screenshot('08e-plan-result-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Changing a parameter marks the plan as out of date until it is planned again.
    await field(page, 'Headroom').fill('10');
    await page.getByTestId('plan-stale').waitFor();
    // A quota that leaves nothing after headroom: the planner's sentence; the plan before it stays, said to be the previous one.
    await daily.fill('1');
    await page.getByRole('button', { name: 'Plan send' }).click();
    const error = page.getByTestId('plan-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('With 10% headroom nothing is left of a daily quota of 1; lower the headroom.');
    expect(await error.innerText()).toContain('No new plan was made; the plan below is the previous one');
    expect(await page.getByTestId('plan-batch-count').innerText()).toBe(String(doc.batches.length));
    await scrollToTop(page);
    await ui.screenshot('08f-plan-error');
    await daily.fill('1000');
    await field(page, 'Headroom').fill('20');
    await expect.poll(() => page.getByTestId('plan-stale').count()).toBe(0);

    // Export from the Plan screen: the results and the plan, the batch files in batches/.
    await page.getByRole('button', { name: 'Export results and plan' }).click();
    await page.getByRole('heading', { name: 'Export the results' }).waitFor();
    const toWrite = await page.getByRole('list', { name: 'Files to be written' }).innerText();
    for (const name of ['send.csv', 'plan.json', 'plan.csv', 'plan.ics', 'batches/']) expect(toWrite).toContain(name);
    expect(toWrite).toContain(`${doc.batches.length} files`);
    ui.setDialogResult('chooseExportFolder', exportDir);
    await page.getByRole('button', { name: /Choose folder and save/ }).click();
    await page.getByText(`Saved 8 files and ${doc.batches.length} batch files`).waitFor();
    expect((await readdir(exportDir)).sort()).toEqual(
      [
        '.preflight-manifest.json',
        'annotated.csv',
        'batches',
        'plan.csv',
        'plan.ics',
        'plan.json',
        'remove.csv',
        'report.json',
        'review.csv',
        'send.csv',
      ].sort(),
    );
    expect((await readdir(join(exportDir, 'batches'))).sort()).toEqual(doc.batches.map((batch) => batch.file.replace('batches/', '')));
    expect(JSON.parse(await readFile(join(exportDir, 'plan.json'), 'utf8'))).toEqual(doc);
    const ics = await readFile(join(exportDir, 'plan.ics'), 'utf8');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(doc.batches.length);
    const planCsv = await dataLines(join(exportDir, 'plan.csv'));
    expect(planCsv).toHaveLength(doc.batches.length);
    await ui.screenshot('08g-export-with-plan');
    // The Plan step is done, and going back shows the plan as it was.
    const planStep = page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: /^Plan/ });
    expect(await planStep.innerText()).toContain('(done)');
    await planStep.click();
    await page.getByTestId('plan-totals').waitFor();
  }, 120_000);
});

describe.skipIf(!hasChromium)(`Plan screen with the SES account in Chromium${skipNote}`, () => {
  let scratch: string;
  let ses: RunningSesServer;
  let ui: UiHarness;
  let sandboxList: string;
  let productionList: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-plan-ses-'));
    ses = await startSesServer({
      account: sandboxAccount({ sentLast24Hours: 12 }),
      identities: [{ name: 'me@acme-mail.com', type: 'EMAIL_ADDRESS' }],
      regions: { 'us-west-2': { account: productionAccount({ sentLast24Hours: 1_234 }) } },
      rateLimit: null,
    });
    // The handlers run in this process and the engine in its worker threads: both read these.
    for (const [name, value] of Object.entries(isolatedAwsEnv(scratch, { AWS_ENDPOINT_URL_SESV2: ses.endpoint }))) vi.stubEnv(name, value);
    await writeFile(join(scratch, 'aws-config'), '[default]\nregion = eu-west-1\n');
    sandboxList = join(scratch, 'sandbox-test.csv');
    await writeFile(sandboxList, 'email,opt-in\nme@acme-mail.com,yes\nsomeone@gmail.com,yes\n');
    productionList = join(scratch, 'spring-launch.csv');
    await writeFile(productionList, subscriberList(1_200));
    ui = await launchUi({ viewport: { width: 1280, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await ses?.stop();
    vi.unstubAllEnvs();
    await rm(scratch, { recursive: true, force: true });
  });

  beforeEach(async () => resetApp(ui, DEFAULT_PREFERENCES));

  afterEach(() => {
    expect(ui.pageErrors).toEqual([]);
  });

  async function checkWithAccount(path: string, region: string): Promise<void> {
    const { page } = ui;
    await openList(ui, path);
    await page.getByRole('switch', { name: 'Use my SES account' }).check();
    await page.getByLabel('Region').selectOption(region);
    await page.getByTestId('access-badge').waitFor();
    await checkList(page, { dns: false });
  }

  it('explains production access instead of planning for a sandbox account', async () => {
    const { page } = ui;
    await checkWithAccount(sandboxList, 'eu-west-1');
    await openPlan(page);
    const refusal = page.getByTestId('plan-refusal');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain(
      'This SES account is in the sandbox in eu-west-1: request production access before planning',
    );
    // The planner's own sentence, from plan:quota, and the steps to production access.
    // The planner's sentence, in the app's words: why there is no plan; the steps follow it once, as a list.
    expect(await page.getByTestId('plan-refusal-sentence').innerText()).toBe(
      'The SES account in eu-west-1 is in the sandbox, where it sends only to verified addresses and at most 200 messages a day, so there is nothing to plan.',
    );
    expect((await refusal.innerText()).match(/Request production access for eu-west-1 in the SES console/gi)).toHaveLength(1);
    expect(await refusal.getByRole('listitem').count()).toBeGreaterThanOrEqual(3);
    // What the sandbox means is said once on the screen (the planner's sentence); the steps say how to leave it.
    const explanations = (await page.locator('main').innerText()).match(/only (?:to )?verified (?:identities|addresses)/gi) ?? [];
    expect(explanations).toHaveLength(1);
    expect(await refusal.innerText()).not.toContain('unverified_sandbox');
    expect(await page.getByRole('button', { name: 'Plan send' }).count()).toBe(0);
    await refusal.getByRole('button', { name: 'Open the SES account dashboard' }).click();
    await expect.poll(() => ui.openedExternal).toEqual(['https://console.aws.amazon.com/ses/home?region=eu-west-1#/account']);
    await ui.screenshot('08h-plan-sandbox');
    // The explanation, the steps and the request form cover nothing at either size.
    for (const size of [
      { width: 1024, height: 640 },
      { width: 1280, height: 800 },
    ]) {
      await page.setViewportSize(size);
      await scrollToTop(page);
      await ui.screenshot(`08h-plan-sandbox-${size.width}x${size.height}`);
      const layout = await measureScreen(page);
      expect(layout.positions.flatMap((position) => position.problems)).toEqual([]);
      expect(layout.horizontalOverflow).toBe(0);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await ui.screenshot('08i-plan-sandbox-dark');
  }, 90_000);

  it('plans with the quota of a production account, read from SES when planning', async () => {
    const { page } = ui;
    await checkWithAccount(productionList, 'us-west-2');
    await openPlan(page);
    const sesQuota = page.getByTestId('ses-quota');
    await sesQuota.waitFor();
    expect(await sesQuota.innerText()).toMatch(/^50,000 per 24 hours · 14\/s · 1,234 sent in the last 24 hours/);
    expect(await page.getByRole('radio', { name: 'From the SES account in us-west-2' }).isChecked()).toBe(true);
    // The typed quota starts from the account's numbers.
    await page.getByRole('radio', { name: 'Typed in' }).check();
    expect(await field(page, 'Daily quota').inputValue()).toBe('50000');
    await page.getByRole('radio', { name: 'From the SES account in us-west-2' }).check();
    await page.getByRole('radio', { name: /^Aggressive/ }).check();
    // Custom values start from the chosen preset's.
    await page.getByRole('switch', { name: 'Custom first day and growth' }).check();
    expect(await field(page, 'First day').inputValue()).toBe('1000');
    expect(await field(page, 'Growth').inputValue()).toBe('2');
    await field(page, 'Growth').scrollIntoViewIfNeeded();
    await ui.screenshot('08l-plan-custom-warmup');
    await page.getByRole('switch', { name: 'Custom first day and growth' }).uncheck();
    await field(page, 'Time zone').fill(ZONE);
    await page.getByLabel('Start', { exact: true }).fill(`${localDate(Date.now() + DAY, ZONE)}T09:00`);

    // SES throttles the first read: the screen says what it is waiting for.
    ses.clearRequests();
    ses.injectFaults('Throttling', 1, { operation: 'GetAccount' });
    await scrollToTop(page);
    await page.getByRole('button', { name: 'Plan send' }).click();
    const progress = page.getByTestId('plan-progress');
    await progress.waitFor();
    expect(await progress.innerText()).toContain('Reading the quota from SES');
    expect(await page.getByRole('button', { name: /Planning/ }).isDisabled()).toBe(true);
    await ui.screenshot('08j-plan-planning');
    await page.getByTestId('plan-totals').waitFor({ timeout: 30_000 });

    const doc = JSON.parse(await readFile(join(await jobDir(ui), 'plan', 'plan.json'), 'utf8')) as PlanDocument;
    expect(doc.quota).toMatchObject({ max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 1_234, source: 'ses', region: 'us-west-2' });
    expect(doc.policy.name).toBe('aggressive');
    expect(doc.recipients).toBe(1_200);
    expect(ses.requests.filter((r) => r.operation === 'GetAccount' && r.status === 200).map((r) => r.region)).toEqual(['us-west-2']);
    expect(await page.getByTestId('plan-totals').innerText()).toContain('(read from SES in us-west-2 when planning)');
    await scrollToTop(page);
    await ui.screenshot('08k-plan-ses');
  }, 90_000);
});

describe.skipIf(!hasChromium)(`the plan chart for tiny and long plans in Chromium${skipNote}`, () => {
  let scratch: string;
  let ui: UiHarness;
  let tiny: string;
  let long: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-plan-chart-'));
    tiny = join(scratch, 'vip-dinner.csv');
    await writeFile(tiny, subscriberList(3));
    long = join(scratch, 'whole-archive.csv');
    await writeFile(long, subscriberList(3_000));
    ui = await launchUi({ viewport: { width: 1024, height: 640 } });
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  beforeEach(async () => resetApp(ui, DEFAULT_PREFERENCES));

  afterEach(() => {
    expect(ui.pageErrors).toEqual([]);
  });

  async function planWith(path: string, quota: { daily: string; rate: string }, start: string): Promise<PlanDocument> {
    const { page } = ui;
    await openList(ui, path);
    await checkList(page, { dns: false });
    await openPlan(page);
    await field(page, 'Daily quota').fill(quota.daily);
    await field(page, 'Send rate').fill(quota.rate);
    await field(page, 'Sent in the last 24 hours').fill('0');
    await field(page, 'Time zone').fill(ZONE);
    await page.getByLabel('Start', { exact: true }).fill(start);
    await page.getByRole('button', { name: 'Plan send' }).click();
    await page.getByTestId('plan-totals').waitFor({ timeout: 60_000 });
    return JSON.parse(await readFile(join(await jobDir(ui), 'plan', 'plan.json'), 'utf8')) as PlanDocument;
  }

  it('draws a day of 3 recipients under a 50,000 quota as a bar you can see, with its count written on it', async () => {
    const { page } = ui;
    const doc = await planWith(tiny, { daily: '50000', rate: '14' }, `${localDate(Date.now() + DAY, ZONE)}T09:00`);
    expect(doc.days.map((day) => day.recipients)).toEqual([3]);
    const bar = page.getByTestId('plan-chart').locator('svg g[data-date]').first();
    // At its true scale (3 of 50,000 over the plot's 184 px) the bar would be 0.01 px tall.
    const heights = await bar
      .locator('rect.chart-bar')
      .evaluateAll((rects) => rects.map((rect) => Number((rect as unknown as { getAttribute(n: string): string }).getAttribute('height'))));
    expect(heights.reduce((sum, height) => sum + height, 0)).toBeCloseTo(MIN_BAR_HEIGHT, 5);
    expect((await bar.locator('rect.chart-bar').first().boundingBox())!.height).toBeGreaterThan(0);
    const count = bar.locator('text.chart-count');
    expect(await count.textContent()).toBe('3');
    expect(await count.getAttribute('data-raised')).toBe('true');
    expect(await page.getByTestId('plan-long').count()).toBe(0);
    await scrollToTop(page);
    await ui.screenshot('08m-plan-tiny-1024x640');
    await page.locator('.plan-chart-svg').scrollIntoViewIfNeeded();
    await ui.screenshot('08m-plan-tiny-chart-1024x640');
    await page.setViewportSize({ width: 1280, height: 800 });
    await scrollToTop(page);
    await ui.screenshot('08m-plan-tiny-1280x800');
    await page.setViewportSize({ width: 1024, height: 640 });
  }, 120_000);

  it('warns that a plan over 90 days is long and says what would shorten it; the axis names the years it crosses; the table shows every day', async () => {
    const { page } = ui;
    // From 20 December: a plan of months crosses New Year.
    const now = new Date();
    const year = now.getUTCMonth() === 11 && now.getUTCDate() >= 19 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
    const doc = await planWith(long, { daily: '30', rate: '1' }, `${year}-12-20T09:00`);
    // 30 a day less 20% headroom: 24 a day.
    expect(doc.days.length).toBeGreaterThan(90);
    expect(doc.days[0]!.date.slice(0, 4)).toBe(String(year));
    expect(doc.days.at(-1)!.date.slice(0, 4)).toBe(String(year + 1));

    const warning = page.getByTestId('plan-long');
    expect(await warning.innerText()).toBe(
      `This plan takes ${doc.days.length} days, more than 90, so its last recipients hear from you months after its first. What would shorten it: ` +
        'a higher daily quota (ask AWS for an increase on the SES account dashboard, then type it in or read it again), less Headroom (now 20%) or fewer recipients per plan (split the list into several sends).',
    );

    // The axis: the year on its first label and on the first label of the new year, and nowhere else.
    const labels = page.getByTestId('plan-chart').locator('svg text.chart-tick[data-year]');
    const withYear = await labels.allTextContents();
    expect(withYear).toHaveLength(2);
    // In the user's locale, the app's one date format (renderer/src/app/dates.ts).
    const locale = await page.evaluate(() => (globalThis as unknown as { navigator: { language: string } }).navigator.language);
    expect(withYear[0]).toBe(formatShortDay(`${year}-12-20`, true, locale));
    // The totals write the first batch the same way: the plan's day in the user's locale, the 24-hour clock.
    expect(await page.getByTestId('plan-totals').innerText()).toContain(`${formatDay(doc.batches[0]!.date, true, locale)}, 09:00`);
    const newYear = doc.days.findIndex((day) => day.date.startsWith(String(year + 1)));
    expect(withYear[1]).toContain(String(year + 1));
    expect(doc.days.slice(newYear).map((day) => formatShortDay(day.date, true, locale))).toContain(withYear[1]);

    // Every day in the table, in the page: no inner box scrolls, and the last day can be scrolled into view.
    const days = page.getByTestId('plan-days');
    expect(await days.locator('tbody tr').count()).toBe(doc.days.length);
    const box = page.locator('.plan-days');
    expect(
      await box.evaluate((element) => {
        const scroller = element as unknown as { scrollHeight: number; clientHeight: number };
        return scroller.scrollHeight - scroller.clientHeight;
      }),
    ).toBe(0);
    const last = days.locator('tbody tr').last();
    await last.scrollIntoViewIfNeeded();
    expect(await last.isVisible()).toBe(true);
    expect(await last.locator('th').innerText()).toBe(formatDay(doc.days.at(-1)!.date, true, locale));

    // Nothing on the screen covers anything else, from the top of the plan to its last day, at any size:
    // the two sizes of the issue and a short wide window.
    for (const size of [
      { width: 1024, height: 640 },
      { width: 1280, height: 800 },
      { width: 1180, height: 460 },
    ]) {
      await page.setViewportSize(size);
      await scrollToTop(page);
      await ui.screenshot(`08n-plan-long-${size.width}x${size.height}`);
      await page.locator('.plan-chart-svg').scrollIntoViewIfNeeded();
      await ui.screenshot(`08o-plan-long-chart-${size.width}x${size.height}`);
      await scrollToTop(page);
      const layout = await measureScreen(page);
      expect(layout.positions.flatMap((position) => position.problems)).toEqual([]);
      expect(layout.horizontalOverflow).toBe(0);
    }
    await page.setViewportSize({ width: 1024, height: 640 });
  }, 180_000);
});
