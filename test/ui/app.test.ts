// The desktop app's screens in real Chromium: the built renderer (dist/renderer)
// with window.preflight served by the real main-process handlers and the real
// engine worker (test/ui/harness.ts). Only the dialogs are stand-ins. Every
// screen is saved under test-results/screens/ for a person to look at.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/csp';
import type { Report } from '../../shared/model/check';
import { DEFAULT_SETTINGS } from '../../shared/model/check';
import { REASONS } from '../../shared/model/reasons';
import type { ReasonCode, Verdict } from '../../shared/model/reasons';
import { CHROMIUM_PATH, launchUi } from './harness';
import type { UiHarness } from './harness';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hasChromium = existsSync(CHROMIUM_PATH);
const DAY = 24 * 60 * 60 * 1000;

function isoDaysAgo(days: number): string {
  return new Date(Date.now() - days * DAY).toISOString().slice(0, 10);
}

/** A small list where each row is there for one reason, with the verdict the engine must give it. */
function smallList(): { csv: string; expected: { email: string; verdict: Verdict; reason?: ReasonCode }[] } {
  const recent = isoDaysAgo(40);
  const old = isoDaysAgo(5 * 365); // beyond the 730-day default: consent_stale, while the opt-in date is used
  const longAgo = isoDaysAgo(3 * 365); // beyond the 365-day default: inactive
  const rows: [string, string, string, string, string, Verdict, ReasonCode?][] = [
    // email, first name, opt-in, signed up, last click, verdict, reason
    ['ada.lovelace@gmail.com', 'Ada', 'yes', recent, recent, 'send'],
    ['"Grace Hopper <grace.hopper@outlook.com>"', 'Grace', 'Yes', recent, recent, 'send'],
    ['ADA.LOVELACE@gmail.com', 'Ada', 'yes', recent, recent, 'remove', 'duplicate'],
    ['info@northwind-traders.com', 'Info', 'yes', recent, recent, 'review', 'role_account'],
    ['bob.stone@gmial.com', 'Bob', 'yes', recent, recent, 'review', 'typo_suspected'],
    ['carol@example.com', 'Carol', 'yes', recent, recent, 'remove', 'reserved_domain'],
    ['dave@mailinator.com', 'Dave', 'yes', recent, recent, 'remove', 'disposable'],
    ['erin.wu@yahoo.com', 'Erin', 'no', recent, recent, 'remove', 'no_consent'],
    ['frank@@outlook.com', 'Frank', 'yes', recent, recent, 'remove', 'syntax_invalid'],
    ['gina.rossi@icloud.com', 'Gina', 'yes', old, recent, 'review', 'consent_stale'],
    ['hank.mills@gmail.com', 'Hank', 'maybe later', recent, recent, 'review', 'consent_unknown'],
    ['ivy.chen@outlook.com', 'Ivy', 'yes', recent, longAgo, 'review', 'inactive'],
    ['judy.park@outlook.com', 'Judy', 'yes', recent, recent, 'remove', 'suppressed_bounce'],
    ['kim.larsen@gmail.com', 'Kim', 'TRUE', recent, recent, 'send'],
    ['liam.ortiz@yahoo.com', 'Liam', 'subscribed', recent, recent, 'send'],
    ['mia.novak@icloud.com', 'Mia', 'yes', recent, recent, 'send'],
    ['noah.berg@outlook.com', 'Noah', '1', recent, recent, 'send'],
    ['olga.ivanova@gmail.com', 'Olga', 'y', recent, recent, 'send'],
    ['pablo.diaz@yahoo.com', 'Pablo', 'yes', recent, recent, 'send'],
    ['quinn.adams@gmail.com', 'Quinn', 'yes', recent, recent, 'send'],
  ];
  const lines = ['E-mail,First name,Newsletter opt-in,Opt-in date,Last click'];
  for (const [email, first, optIn, signedUp, lastClick] of rows) lines.push([email, first, optIn, signedUp, lastClick].join(','));
  return {
    csv: `${lines.join('\r\n')}\r\n`,
    expected: rows.map(([email, , , , , verdict, reason]) => ({ email: email.replace(/^"|"$/g, ''), verdict, reason })),
  };
}

async function writeGeneratedList(path: string, rows: number): Promise<void> {
  const lines = ['email,name,opt-in'];
  for (let index = 0; index < rows; index += 1) lines.push(`user${index}@domain${index % 5000}.com,User ${index},yes`);
  await writeFile(path, `${lines.join('\n')}\n`);
}

let scratch: string;
let files: { small: string; noConsent: string; medium: string; large: string; binary: string; suppression: string; outDir: string };
let ui: UiHarness;

beforeAll(async () => {
  if (!hasChromium) return;
  scratch = await mkdtemp(join(tmpdir(), 'preflight-ui-app-'));
  files = {
    small: join(scratch, 'spring-newsletter.csv'),
    noConsent: join(scratch, 'webinar-leads.csv'),
    medium: join(scratch, 'customers-2k.csv'),
    // Long enough that the check is still running when the test cancels it.
    large: join(scratch, 'everyone-300k.csv'),
    binary: join(scratch, 'logo.png'),
    suppression: join(scratch, 'ses-suppression.csv'),
    outDir: join(scratch, 'results'),
  };
  await writeFile(files.small, smallList().csv);
  await writeFile(files.noConsent, 'Email,Company\nana@gmail.com,Acme\nbo@outlook.com,Initech\n');
  await writeGeneratedList(files.medium, 2000);
  await writeGeneratedList(files.large, 300_000);
  await writeFile(
    files.binary,
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0]),
  );
  await writeFile(files.suppression, 'email,reason\njudy.park@outlook.com,BOUNCE\n');
  // The folder dialog only ever returns a folder that exists.
  await mkdir(files.outDir);
  ui = await launchUi({ viewport: { width: 1280, height: 820 } });
}, 60_000);

afterAll(async () => {
  if (!hasChromium) return;
  await ui?.close();
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(async () => {
  if (!hasChromium) return;
  // A fresh renderer for each test; the main process (and its jobs) stays, as in the app. The app
  // remembers the settings of the last check (domain checks on or off among them): each test starts
  // from the defaults instead, so no test depends on the one before it.
  ui.pageErrors.length = 0;
  await rm(join(ui.dataDir, 'prefs.json'), { force: true });
  await ui.page.emulateMedia({ colorScheme: 'light' });
  await ui.page.reload();
  await ui.page.getByRole('heading', { name: 'Check a recipient list before you send' }).waitFor();
});

afterEach(() => {
  if (!hasChromium) return;
  // No CSP violation, no uncaught error, no console error on any screen.
  expect(ui.pageErrors).toEqual([]);
});

async function openListWithDialog(page: Page, path: string): Promise<void> {
  ui.setDialogResult('openList', path);
  await page.getByRole('button', { name: /Open list/ }).click();
}

/** Columns screen → turn DNS off (tests never touch the public internet) → Check list → Review. */
async function checkWithoutDns(page: Page): Promise<void> {
  const dns = page.getByRole('switch', { name: 'Check that each domain accepts mail' });
  if (await dns.isChecked()) await dns.uncheck();
  await page.getByRole('button', { name: 'Check list' }).click();
  await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 30_000 });
}

function tabCount(page: Page, tab: Verdict | 'all'): Promise<string> {
  return page.getByTestId(`count-${tab}`).innerText();
}

async function matchCount(page: Page): Promise<string> {
  const count = page.getByTestId('match-count');
  await expect.poll(() => count.innerText()).not.toBe('Loading rows…');
  return count.innerText();
}

function tableRows(page: Page): Locator {
  return page.getByTestId('review-scroll').locator('[role="row"][data-row]');
}

function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === element.ownerDocument.activeElement);
}

function count(text: string): number {
  return Number(text.replace(/[^\d]/g, ''));
}

describe.skipIf(!hasChromium)(`Preflight app in Chromium${hasChromium ? '' : ` (SKIPPED: ${CHROMIUM_PATH} is not installed)`}`, () => {
  it('ships index.html with the same CSP as the main process', async () => {
    const html = await readFile(join(ROOT, 'dist', 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
    // Nothing inline for the CSP to block: one external module script, one external stylesheet.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|style="/);
  });

  it('takes a list from the dialog through columns, check, review and export', async () => {
    const { page } = ui;
    const { expected } = smallList();
    await ui.screenshot('01-import');

    // Import → Columns, with the detection filled in.
    await openListWithDialog(page, files.small);
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    await expect.poll(() => page.getByLabel('Email address').inputValue()).toBe('0');
    expect(await page.getByLabel('Opt-in (consent)').inputValue()).toBe('2');
    expect(await page.getByLabel('Opt-in date').inputValue()).toBe('3');
    expect(await page.getByRole('list', { name: 'Last-activity columns' }).innerText()).toContain('Last click');
    expect(await page.getByText('spring-newsletter.csv').first().isVisible()).toBe(true);
    expect(await page.getByLabel('Opt-in counts as old after').inputValue()).toBe(String(DEFAULT_SETTINGS.consentMaxAgeDays));
    expect(await page.getByLabel('Inactive after no open or click for').inputValue()).toBe(String(DEFAULT_SETTINGS.inactiveAfterDays));
    expect(await page.getByTestId('no-consent-warning').count()).toBe(0);
    // The preview shows the file's rows, with the chosen roles on the headers.
    const preview = page.getByRole('region', { name: 'Preview of the first rows' });
    expect(await preview.innerText()).toContain('bob.stone@gmial.com');
    await ui.screenshot('02-columns');

    // Override a column: without the opt-in date, Gina's five-year-old opt-in is no longer judged stale.
    await page.getByLabel('Opt-in date').selectOption('');
    expect(await page.getByText(/Changed by you/).count()).toBeGreaterThan(0);
    // And add the suppression file through its dialog.
    ui.setDialogResult('openSuppression', files.suppression);
    await page.getByRole('button', { name: 'Choose file…' }).click();
    await page.getByText('ses-suppression.csv').waitFor();
    await checkWithoutDns(page);

    // Review: the totals match the engine's verdicts for the fixture (consent_stale dropped by the override).
    const expectedVerdicts = expected.map((row) => (row.reason === 'consent_stale' ? 'send' : row.verdict));
    const want = (verdict: Verdict) => expectedVerdicts.filter((v) => v === verdict).length;
    expect(count(await tabCount(page, 'all'))).toBe(expected.length);
    expect(count(await tabCount(page, 'send'))).toBe(want('send'));
    expect(count(await tabCount(page, 'review'))).toBe(want('review'));
    expect(count(await tabCount(page, 'remove'))).toBe(want('remove'));
    const reasons = page.getByRole('complementary', { name: 'Reasons and details' }).locator('button[data-reason]');
    const shownReasons = Object.fromEntries(
      await Promise.all(
        (await reasons.all()).map(
          async (button) => [await button.getAttribute('data-reason'), count(await button.locator('.reason-count').innerText())] as const,
        ),
      ),
    );
    expect(shownReasons).not.toHaveProperty('consent_stale');
    for (const reason of [
      'duplicate',
      'role_account',
      'typo_suspected',
      'reserved_domain',
      'disposable',
      'no_consent',
      'syntax_invalid',
      'consent_unknown',
      'inactive',
      'suppressed_bounce',
    ] as const) {
      expect(shownReasons[reason], reason).toBe(1);
    }
    expect(await matchCount(page)).toBe(`${expected.length} rows`);
    expect(await tableRows(page).count()).toBe(expected.length);
    await ui.screenshot('04-review');

    // Filter by verdict: only Remove rows, as many as the tab says.
    await page.getByRole('tab', { name: /Remove/ }).click();
    expect(await matchCount(page)).toBe(`${want('remove')} rows match`);
    const verdictCells = await tableRows(page).locator('.verdict-badge').allInnerTexts();
    expect(verdictCells).toHaveLength(want('remove'));
    expect(new Set(verdictCells.map((text) => text.trim()))).toEqual(new Set(['Remove']));

    // Filter by reason: the duplicate is the second Ada, row 3.
    await reasons.filter({ hasText: REASONS.duplicate.label }).click();
    expect(await matchCount(page)).toBe('1 row matches');
    expect(await tableRows(page).first().getAttribute('data-row')).toBe('3');
    expect(await tableRows(page).first().innerText()).toContain('ADA.LOVELACE@gmail.com');
    await ui.screenshot('04b-review-by-reason');

    // Search (debounced): the typo comes with its suggestion.
    await page.getByRole('button', { name: 'Remove the reason filter' }).click();
    await page.getByRole('searchbox', { name: 'Search rows' }).fill('gmial');
    await expect.poll(() => matchCount(page)).toBe('1 row matches');
    const typoRow = tableRows(page).first();
    expect(await typoRow.innerText()).toContain('bob.stone@gmial.com');
    expect(await typoRow.locator('.suggestion').innerText()).toBe('bob.stone@gmail.com');
    expect(await typoRow.locator('.reason-chip').getAttribute('title')).toBe(REASONS.typo_suspected.description);
    await page.getByRole('searchbox', { name: 'Search rows' }).fill('nobody-has-this-address');
    await page.getByText('No row holds “nobody-has-this-address”.').waitFor();
    await ui.screenshot('04c-review-no-match');
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(() => matchCount(page)).toBe(`${expected.length} rows`);
    const shown = {
      send: count(await tabCount(page, 'send')),
      review: count(await tabCount(page, 'review')),
      remove: count(await tabCount(page, 'remove')),
    };

    // Export into the chosen folder: the files are written and match what the screen said.
    await page.getByRole('button', { name: 'Export results' }).click();
    await page.getByRole('heading', { name: 'Export the results' }).waitFor();
    await ui.screenshot('05-export');
    ui.setDialogResult('chooseExportFolder', files.outDir);
    await page.getByRole('button', { name: /Choose folder and save/ }).click();
    await page.getByText('Saved 5 files').waitFor();
    expect((await readdir(files.outDir)).sort()).toEqual([
      '.preflight-manifest.json',
      'annotated.csv',
      'remove.csv',
      'report.json',
      'review.csv',
      'send.csv',
    ]);
    const report = JSON.parse(await readFile(join(files.outDir, 'report.json'), 'utf8')) as Report;
    expect(report.verdicts).toEqual(shown);
    expect(report.reasons).toEqual(shownReasons);
    expect(report.columns.optInDate).toBeNull();
    expect(report.settings.suppressionFile).toBe(files.suppression);
    const annotated = (await readFile(join(files.outDir, 'annotated.csv'), 'utf8')).trim().split(/\r?\n/);
    expect(annotated).toHaveLength(expected.length + 1);
    await ui.screenshot('05b-exported');

    await page.getByRole('button', { name: 'Show in folder' }).click();
    await expect.poll(() => ui.shownFolders).toEqual([files.outDir]);

    // Start over: exported, so no question asked.
    await page.getByRole('button', { name: 'Check another list' }).click();
    await page.getByRole('heading', { name: 'Check a recipient list before you send' }).waitFor();
  }, 90_000);

  it('warns prominently when the list has no opt-in column, on the Columns and Review screens', async () => {
    const { page } = ui;
    await openListWithDialog(page, files.noConsent);
    const warning = page.getByTestId('no-consent-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('Without an opt-in column Preflight cannot tell who agreed to hear from you');
    expect(await page.getByLabel('Opt-in (consent)').inputValue()).toBe('');
    await ui.screenshot('02b-columns-no-consent');
    await checkWithoutDns(page);
    const warnings = page.getByRole('region', { name: 'Warnings' });
    expect((await warnings.innerText()).toLowerCase()).toMatch(/consent|opt-in/);
    await ui.screenshot('04d-review-no-consent');
  }, 60_000);

  it('shows progress while a long list is checked, cancels with Esc, and returns to Columns', async () => {
    const { page } = ui;
    await openListWithDialog(page, files.large);
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    await page.getByRole('switch', { name: 'Check that each domain accepts mail' }).uncheck();
    await page.getByRole('button', { name: 'Check list' }).click();
    await page.getByRole('heading', { name: 'Checking everyone-300k.csv' }).waitFor();
    const bar = page.getByRole('progressbar', { name: 'Check progress' });
    await expect
      .poll(
        async () =>
          count(
            await page
              .getByTestId('rows-read')
              .innerText()
              .catch(() => '0'),
          ),
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(0);
    await ui.screenshot('03-check');

    await page.keyboard.press('Escape');
    await page.getByText('Check cancelled.').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('heading', { name: 'Check the columns' }).isVisible()).toBe(true);
    // The user's choices survive the cancel.
    expect(await page.getByRole('switch', { name: 'Check that each domain accepts mail' }).isChecked()).toBe(false);
    await ui.screenshot('03b-check-cancelled');
  }, 60_000);

  it('brings a failed check back to Columns with the reason in one sentence', async () => {
    const { page } = ui;
    await openListWithDialog(page, files.noConsent);
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    ui.setDialogResult('openSuppression', files.binary);
    await page.getByRole('button', { name: 'Choose file…' }).click();
    await page.getByText('logo.png').waitFor();
    await page.getByRole('switch', { name: 'Check that each domain accepts mail' }).uncheck();
    await page.getByRole('button', { name: 'Check list' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    const text = await alert.innerText();
    expect(text).toContain('The check stopped');
    expect(text).toContain('logo.png');
    expect(text).not.toMatch(/Error:|at .*\.(ts|js):\d+/);
    expect(await page.getByRole('heading', { name: 'Check the columns' }).isVisible()).toBe(true);
    await ui.screenshot('03c-check-failed');
  }, 60_000);

  it('explains in place why a binary file cannot be opened', async () => {
    const { page } = ui;
    await openListWithDialog(page, files.binary);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain("Preflight can't open logo.png");
    expect(text).not.toMatch(/Error:|at .*\.(ts|js):\d+/);
    // Still on the Import screen, ready for another file.
    expect(await page.getByRole('button', { name: /Open list/ }).isEnabled()).toBe(true);
    await ui.screenshot('01b-import-error');
  });

  it('opens a list dropped on the drop zone', async () => {
    const { page } = ui;
    ui.fileForDrop(files.small);
    await page.getByTestId('dropzone').evaluate((zone, name) => {
      // Browser globals, typed here because the tests compile without the DOM library.
      const web = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        DragEvent: new (type: string, init: object) => never;
        File: new (parts: string[], name: string, options: object) => unknown;
      };
      const transfer = new web.DataTransfer();
      transfer.items.add(new web.File(['E-mail\n'], name, { type: 'text/csv' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new web.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    }, 'spring-newsletter.csv');
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    expect(await page.getByText('spring-newsletter.csv').first().isVisible()).toBe(true);
  });

  it('asks before New list discards a finished check that was not exported', async () => {
    const { page } = ui;
    await openListWithDialog(page, files.noConsent);
    await checkWithoutDns(page);
    await page.getByRole('button', { name: 'New list' }).click();
    const dialog = page.getByRole('dialog', { name: 'Discard this check?' });
    await dialog.waitFor();
    await ui.screenshot('06-new-list-confirm');
    await dialog.getByRole('button', { name: 'Keep working' }).click();
    expect(await page.getByRole('heading', { name: 'Review the results' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'New list' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Discard and start over' }).click();
    await page.getByRole('heading', { name: 'Check a recipient list before you send' }).waitFor();
  }, 60_000);

  it('follows the application menu: Open List…, Find and Export…', async () => {
    const { page } = ui;
    // The main process sends menu commands as 'menu:command' events; the harness delivers events the same way.
    const menu = (command: string) =>
      page.evaluate(
        (name) =>
          (globalThis as unknown as { __preflightHarness: { emit(c: string, a: unknown[]): void } }).__preflightHarness.emit(
            'menu:command',
            [{ command: name }],
          ),
        command,
      );
    ui.setDialogResult('openList', files.noConsent);
    await menu('open-list');
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    await checkWithoutDns(page);
    await menu('find');
    expect(await isFocused(page.getByRole('searchbox', { name: 'Search rows' }))).toBe(true);
    await menu('export');
    await page.getByRole('heading', { name: 'Export the results' }).waitFor();
  }, 60_000);

  it('works from the keyboard: open, check, search, switch tabs and scroll a paged table', async () => {
    const { page } = ui;
    ui.setDialogResult('openList', files.medium);
    // Tab reaches the drop zone; Enter opens the dialog.
    await page.keyboard.press('Tab');
    for (let presses = 0; presses < 10 && !(await isFocused(page.getByTestId('dropzone'))); presses += 1) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    // Focus moved to the new screen's heading; the switch and the submit are reachable by Tab.
    await page.getByRole('switch', { name: 'Check that each domain accepts mail' }).focus();
    await page.keyboard.press('Space');
    expect(await page.getByRole('switch', { name: 'Check that each domain accepts mail' }).isChecked()).toBe(false);
    await page.getByLabel('Opt-in counts as old after').focus();
    await page.keyboard.press('Enter'); // submits the form: Check list
    await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: 30_000 });
    expect(await matchCount(page)).toBe('2,000 rows');

    // The table holds only the rows in view, fetched page by page as it scrolls.
    const scroller = page.getByTestId('review-scroll');
    expect(await tableRows(page).count()).toBeLessThan(100);
    await scroller.focus();
    await page.keyboard.press('PageDown');
    // A page is the visible height less one row, so the last row seen stays in view.
    await expect.poll(() => scroller.evaluate((element) => element.scrollTop - (element.clientHeight - 30))).toBe(0);
    // The arrows move the focused row (Space selects it); the table scrolls only to keep it whole in view.
    const firstWhole = await scroller.evaluate((element) => Math.ceil(element.scrollTop / 30));
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('.review-row.is-focused').getAttribute('data-row')).toBe(String(firstWhole + 2));
    expect(await scroller.evaluate((element) => element.scrollTop - (element.clientHeight - 30))).toBe(0);
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('[data-row="2000"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await tableRows(page).count()).toBeLessThan(100);
    await page.keyboard.press('Home');
    await expect.poll(() => page.locator('[data-row="1"]').count()).toBe(1);

    // "/" focuses the search box.
    await scroller.focus();
    await page.keyboard.press('/');
    expect(await isFocused(page.getByRole('searchbox', { name: 'Search rows' }))).toBe(true);
    await page.keyboard.type('user1999@');
    await expect.poll(() => matchCount(page)).toBe('1 row matches');
    await page.keyboard.press('Escape');
    await expect.poll(() => matchCount(page)).toBe('2,000 rows');

    // Ctrl+F does too; arrow keys move between the verdict tabs.
    await scroller.focus();
    await page.keyboard.press('Control+f');
    expect(await isFocused(page.getByRole('searchbox', { name: 'Search rows' }))).toBe(true);
    await page.getByRole('tab', { name: /All rows/ }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: /Send/ }).getAttribute('aria-selected')).toBe('true');
    expect(await isFocused(page.getByRole('tab', { name: /Send/ }))).toBe(true);

    // The parts of the results move the same way, and the rows keep their filter while another part is shown.
    await page.getByRole('tab', { name: 'Rows', exact: true }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Risk', exact: true }).getAttribute('aria-selected')).toBe('true');
    expect(await isFocused(page.getByRole('tab', { name: 'Risk', exact: true }))).toBe(true);
    await page.keyboard.press('End');
    expect(await isFocused(page.getByRole('tab', { name: /^Domains/ }))).toBe(true);
    await page.keyboard.press('Home');
    expect(await page.getByRole('tab', { name: 'Rows', exact: true }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tab', { name: /Send/ }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tab', { name: /All rows/ }).click();

    await page.emulateMedia({ colorScheme: 'dark' });
    await ui.screenshot('04e-review-dark');
  }, 60_000);
});
