// Review is a decision, in Chromium: the user sends the role accounts, sees what that
// does to the send list before applying, applies it (the check runs again with the
// decisions), and takes a typo suggestion row by row. The unsubscribed row is never
// offered for sending. Screens saved at 1024×640 and 1280×800 for a person to look at.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { CHROMIUM_PATH, launchUi } from './harness';
import type { UiHarness } from './harness';

const hasChromium = existsSync(CHROMIUM_PATH);
const DAY = 24 * 60 * 60 * 1000;
const recent = new Date(Date.now() - 40 * DAY).toISOString().slice(0, 10);

// Longer than the table's Email column at 1024 px: its domain must still show.
const LONG = 'maximilian.alexander.von.habsburg-lothringen.newsletter@hotmail.com';
const LIST = [
  'Email,First name,Newsletter opt-in,Last click,Unsubscribed',
  `ada.lovelace@gmail.com,Ada,yes,${recent},no`,
  `info@northwind-traders.com,Info,yes,${recent},no`,
  `sales@contoso-widgets.de,Sales,yes,${recent},no`,
  `support@initech.com,Support,yes,${recent},yes`,
  `bob.stone@gmial.com,Bob,yes,${recent},no`,
  `kim.larsen@gmail.com,Kim,yes,${recent},no`,
  `${LONG},Max,yes,${recent},no`,
].join('\r\n');

let scratch: string;
let list: string;
let ui: UiHarness;

beforeAll(async () => {
  if (!hasChromium) return;
  scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-decisions-'));
  list = join(scratch, 'decisions-list.csv');
  await writeFile(list, `${LIST}\r\n`);
  ui = await launchUi({ viewport: { width: 1024, height: 640 } });
}, 60_000);

afterAll(async () => {
  if (!hasChromium) return;
  await ui?.close();
  await rm(scratch, { recursive: true, force: true });
});

async function check(page: Page): Promise<void> {
  ui.setDialogResult('openList', list);
  await page.getByRole('button', { name: /Open list/ }).click();
  const dns = page.getByRole('switch', { name: 'Check that each domain accepts mail' });
  if (await dns.isChecked()) await dns.uncheck();
  await page.getByRole('button', { name: 'Check list' }).click();
  await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 30_000 });
}

const count = async (page: Page, tab: string) => Number((await page.getByTestId(`count-${tab}`).innerText()).replace(/[^\d]/g, ''));

/** The newest job's annotated.csv, as the app wrote it. */
async function lastAnnotated(): Promise<string> {
  const jobs = join(ui.dataDir, 'jobs');
  const written = await Promise.all(
    (await readdir(jobs)).map(async (name) => {
      const file = join(jobs, name, 'annotated.csv');
      return existsSync(file) ? { file, at: (await stat(file)).mtimeMs } : null;
    }),
  );
  const newest = written.filter((job) => job !== null).sort((a, b) => b.at - a.at)[0];
  return newest ? readFile(newest.file, 'utf8') : '';
}

describe.skipIf(!hasChromium)('decisions on the Review screen', () => {
  it('sends the role accounts after showing the effect, and never the unsubscribed one', async () => {
    const { page } = ui;
    await check(page);
    expect(await count(page, 'send')).toBe(3);
    // The longest address is cut in its local part; its domain is in view, inside its cell.
    const long = page
      .getByTestId('review-scroll')
      .locator('[role="row"][data-row]')
      .filter({ hasText: 'hotmail.com' })
      .locator('.cell-email');
    const domain = await long.locator('.address-domain').boundingBox();
    const cell = await long.boundingBox();
    expect(domain && cell && domain.x >= cell.x && domain.x + domain.width <= cell.x + cell.width).toBe(true);
    expect(await long.locator('.address-domain').innerText()).toBe('@hotmail.com');
    expect(await long.getAttribute('title')).toBe(LONG);
    // What a copy of the cell (or a screen reader) gets is the whole address on one line.
    expect(await long.innerText()).toBe(LONG);
    const panel = page.getByTestId('decisions-panel');
    const role = panel.getByTestId('decision-role_account');
    // The unsubscribed role account is removed: only the two review rows are counted.
    await expect.poll(() => role.locator('legend').innerText()).toMatch(/Role account\s+2 rows/);
    await ui.screenshot('decisions-01-1024x640');

    // Keyboard: the choices are radio buttons in a group.
    await role.getByRole('radio', { name: 'Leave for review' }).focus();
    await page.keyboard.press('ArrowLeft');
    expect(await role.getByRole('radio', { name: 'Send' }).isChecked()).toBe(true);
    await expect
      .poll(() => page.getByTestId('decision-effect').innerText())
      .toMatch(/^Send list: 3 → 5 rows · forecast bounces [\d.]+% → [\d.]+%$/);
    await ui.screenshot('decisions-02-effect-1024x640');

    await page.getByTestId('apply-decisions').click();
    await expect.poll(() => count(page, 'send'), { timeout: 30_000 }).toBe(5);
    // The choice stays shown with the results it made, and there is nothing left to apply.
    expect(await page.getByTestId('decision-role_account').getByRole('radio', { name: 'Send' }).isChecked()).toBe(true);
    expect(await page.getByTestId('apply-decisions').isDisabled()).toBe(true);
    const annotated = await lastAnnotated();
    expect(annotated).toMatch(/info@northwind-traders\.com,.*,send,role_account,.*,accepted\r\n/);
    expect(annotated).toMatch(/support@initech\.com,.*,remove,role_account;unsubscribed,.*,\r\n/);
  });

  it('takes a typo suggestion for one row, and the row is sent as corrected', async () => {
    const { page } = ui;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page
      .getByRole('tab', { name: /Review/ })
      .first()
      .click();
    const row = page.getByTestId('review-scroll').locator('[role="row"][data-row]').filter({ hasText: 'bob.stone@gmial.com' });
    await row.getByRole('button', { name: /^Risk / }).click();
    await page.getByRole('button', { name: 'Use bob.stone@gmail.com' }).click();
    await expect.poll(() => row.getByTestId('pending-decision').getAttribute('data-decision')).toBe('corrected');
    await expect
      .poll(() => page.getByTestId('decision-effect').innerText())
      .toMatch(/^Send list: 5 → 6 rows · forecast bounces [\d.]+% → [\d.]+% \(1 corrected address checked when applied\)$/);
    await ui.screenshot('decisions-03-row-1280x800');
    await page.getByTestId('apply-decisions').click();
    await expect.poll(() => count(page, 'send'), { timeout: 30_000 }).toBe(6);
    await ui.screenshot('decisions-04-applied-1280x800');
    const annotated = await lastAnnotated();
    expect(annotated).toMatch(/bob\.stone@gmial\.com,Bob,.*,send,,,bob\.stone@gmail\.com,[\d.]*,corrected\r\n/);
  });

  it('the decisions the app saves with the results, given to the CLI, make the same send.csv', async () => {
    const jobs = join(ui.dataDir, 'jobs');
    const withDecisions = await Promise.all(
      (await readdir(jobs)).map(async (name) => {
        const file = join(jobs, name, 'decisions.csv');
        return existsSync(file) ? { dir: join(jobs, name), at: (await stat(file)).mtimeMs } : null;
      }),
    );
    const newest = withDecisions.filter((job) => job !== null).sort((a, b) => b.at - a.at)[0]!;
    expect(await readFile(join(newest.dir, 'decisions.csv'), 'utf8')).toBe(
      '\uFEFFaddress,decision,corrected\r\ninfo@northwind-traders.com,accepted,\r\nsales@contoso-widgets.de,accepted,\r\nbob.stone@gmial.com,corrected,bob.stone@gmail.com\r\n',
    );
    const out = join(scratch, 'cli-out');
    const result = await cli(['check', list, '--out', out, '--no-dns', '--decisions', join(newest.dir, 'decisions.csv'), '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const sent = (path: string) =>
      readFile(path, 'utf8').then((text) =>
        text
          .split('\r\n')
          .map((line) => line.split(',')[0])
          .sort(),
      );
    expect(await sent(join(out, 'send.csv'))).toEqual(await sent(join(newest.dir, 'send.csv')));
  });
});
