// `preflight check --ses --verify-mailboxes` against the local SES endpoint with the
// real SDK: SES Email Validation is billed per address, so what matters is who is
// asked (never a removed row, each mailbox once, the riskiest first, within the
// limit), that nothing is asked twice, and that only a real SES verdict removes a row.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, readCsv, tempDir } from '../support/cli';
import { runCheck } from '../../electron/engine/check';
import { DEFAULT_SETTINGS } from '../../shared/model/check';
import {
  isolatedAwsEnv,
  MISSING_MAILBOX,
  productionAccount,
  startSesServer,
  VALID_MAILBOX,
  type RunningSesServer,
} from '../support/ses-server';

let dir: string;
let server: RunningSesServer;

beforeEach(async () => {
  dir = await tempDir('preflight-verify-');
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
  server = await startSesServer({ account: productionAccount(), rateLimit: null });
  vi.stubEnv('AWS_ENDPOINT_URL_SESV2', server.endpoint);
});

afterEach(async () => {
  await server.stop();
  vi.unstubAllEnvs();
});

async function list(rows: [string, string][]): Promise<string> {
  const path = join(dir, 'list.csv');
  await writeFile(path, ['email,opt_in', ...rows.map(([email, optIn]) => `${email},${optIn}`)].join('\n') + '\n');
  return path;
}

async function check(input: string, extra: string[] = [], out = join(dir, 'out')) {
  const result = await cli([
    'check',
    input,
    '--out',
    out,
    '--ses',
    '--region',
    'eu-west-1',
    '--no-dns',
    '--cache-dir',
    join(dir, 'cache'),
    ...extra,
  ]);
  const report = result.code === 0 ? JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) : null;
  const rows = result.code === 0 ? (await readCsv(join(out, 'annotated.csv'))).rows : [];
  return {
    result,
    report,
    reasons: Object.fromEntries(rows.map((r) => [r['email'], r['preflight_reasons']])),
    verdicts: Object.fromEntries(rows.map((r) => [r['email'], r['preflight_verdict']])),
  };
}

const askedAddresses = () =>
  server.requests.filter((r) => r.operation === 'GetEmailAddressInsights').map((r) => (r.body as { EmailAddress: string }).EmailAddress);

const LIST: [string, string][] = [
  ['gone@company-mail.com', 'yes'],
  ['fine@company-mail.com', 'yes'],
  ['maybe@catchall-co.com', 'yes'],
  ['not an address', 'yes'],
  ['never@company-mail.com', 'no'],
  ['FINE@company-mail.com', 'yes'],
  ['j.doe@gmail.com', 'yes'],
  ['jdoe+news@gmail.com', 'yes'],
];

describe('check --ses --verify-mailboxes', () => {
  it('a mailbox SES calls invalid never reaches send.csv, and SES is asked once per mailbox still to send, never about a removed row', async () => {
    server.setState({
      mailboxInsights: {
        'gone@company-mail.com': MISSING_MAILBOX,
        'maybe@catchall-co.com': { ...VALID_MAILBOX, isValid: 'MEDIUM', mailboxExists: 'MEDIUM' },
      },
    });
    const { result, report, reasons, verdicts } = await check(await list(LIST), ['--verify-mailboxes']);
    expect(result.code).toBe(0);
    expect(verdicts['gone@company-mail.com']).toBe('remove');
    expect(reasons['gone@company-mail.com']).toBe('mailbox_invalid');
    expect(verdicts['maybe@catchall-co.com']).toBe('review');
    expect(reasons['maybe@catchall-co.com']).toBe('mailbox_uncertain');
    expect(verdicts['fine@company-mail.com']).toBe('send');
    expect(reasons['FINE@company-mail.com']).toBe('duplicate');
    // The opted-out row, the invalid one and the duplicate are removed before SES is asked: never billed.
    // The Gmail alias pair is one mailbox: asked once.
    expect(askedAddresses().sort()).toEqual(['fine@company-mail.com', 'gone@company-mail.com', 'j.doe@gmail.com', 'maybe@catchall-co.com']);
    expect(report.mailboxVerification).toMatchObject({
      mode: 'asked',
      candidates: 4,
      asked: 4,
      fromCache: 0,
      limit: 1000,
      notVerified: 0,
      estimatedCostUsd: 0.04,
      verdicts: { HIGH: 2, MEDIUM: 1, LOW: 1 },
      price: { usdPerAddress: 0.01, asOf: '2025-12', checkedLive: false },
    });
    expect(report.mailboxVerification.expectedBouncesAvoided).toBeGreaterThan(0);
    expect(report.reasons).toMatchObject({ mailbox_invalid: 1, mailbox_uncertain: 1 });
    // Before the first question: how many and what it costs, on stderr.
    expect(result.stderr).toMatch(/^Asking SES Email Validation about 4 addresses in eu-west-1: about \$0\.04 at \$0\.01 per address/m);
    // The figure's source and date, and that nobody checked it against AWS's page today.
    expect(result.stderr).toContain(
      '(AWS’s SES pricing page, Email Validation, pay-as-you-go, as recorded in Preflight’s issue 14, 2025-12; not checked against AWS’s current pricing page;',
    );
    expect(result.stdout).toContain(
      'SES Email Validation: 4 mailboxes were to send or review; asked 4 (about $0.04), 0 from saved answers, 0 not verified. Verdicts: HIGH 2, MEDIUM 1, LOW 1;',
    );
  }, 60_000);

  it('a SES HIGH verdict lowers the row’s bounce risk; role and disposable findings become their reasons', async () => {
    server.setState({
      mailboxInsights: {
        'desk@company-mail.com': { ...VALID_MAILBOX, isRoleAddress: 'HIGH' },
        'temp@company-mail.com': { ...VALID_MAILBOX, isValid: 'MEDIUM', isDisposable: 'HIGH' },
        'qwxzkv@company-mail.com': { ...VALID_MAILBOX, isRandomInput: 'HIGH' },
      },
    });
    const input = await list([
      ['fine@company-mail.com', 'yes'],
      ['desk@company-mail.com', 'yes'],
      ['temp@company-mail.com', 'yes'],
      ['qwxzkv@company-mail.com', 'yes'],
    ]);
    const before = await check(input, [], join(dir, 'before'));
    const after = await check(input, ['--verify-mailboxes']);
    expect(after.reasons['desk@company-mail.com']).toBe('role_account');
    expect(after.reasons['temp@company-mail.com']).toBe('disposable;mailbox_uncertain');
    expect(after.reasons['qwxzkv@company-mail.com']).toBe('mailbox_uncertain');
    const risk = async (out: string) =>
      Object.fromEntries((await readCsv(join(out, 'annotated.csv'))).rows.map((r) => [r['email'], Number(r['preflight_risk'])]));
    const riskBefore = await risk(join(dir, 'before'));
    const riskAfter = await risk(join(dir, 'out'));
    expect(riskAfter['fine@company-mail.com']).toBeLessThan(riskBefore['fine@company-mail.com']!);
    expect(after.report.forecast.send.bounceRate).toBeLessThan(before.report.forecast.send.bounceRate);
  }, 60_000);

  it('a second check of the same list asks SES nothing (costs nothing), and --offline works from the saved answers', async () => {
    server.setState({ mailboxInsights: { 'gone@company-mail.com': MISSING_MAILBOX } });
    const input = await list(LIST);
    await check(input, ['--verify-mailboxes']);
    server.clearRequests();
    const again = await check(input, ['--verify-mailboxes']);
    expect(askedAddresses()).toEqual([]);
    expect(again.report.mailboxVerification).toMatchObject({ asked: 0, fromCache: 4, estimatedCostUsd: 0, notVerified: 0 });
    expect(again.reasons['gone@company-mail.com']).toBe('mailbox_invalid');
    expect(again.result.stderr).not.toMatch(/Asking SES Email Validation/);
    server.clearRequests();
    const offline = await check(input, ['--verify-mailboxes', '--offline']);
    expect(server.requests).toEqual([]);
    expect(offline.report.mailboxVerification).toMatchObject({ mode: 'offline', asked: 0, fromCache: 4 });
    expect(offline.reasons['gone@company-mail.com']).toBe('mailbox_invalid');
  }, 60_000);

  it('--verify-limit spends the budget on the riskiest mailboxes first, and --verify-limit 0 asks none', async () => {
    // Without DNS a company domain is unchecked (riskier); a Gmail address is not; a role account adds risk.
    const input = await list([
      ['fresh@gmail.com', 'yes'],
      ['someone@company-mail.com', 'yes'],
      ['info@company-mail.com', 'yes'],
    ]);
    const limited = await check(input, ['--verify-mailboxes', '--verify-limit', '1']);
    expect(askedAddresses()).toEqual(['info@company-mail.com']);
    expect(limited.report.mailboxVerification).toMatchObject({ asked: 1, limit: 1, candidates: 3, notVerified: 2 });
    server.clearRequests();
    const none = await check(
      await list([['other@company-mail.com', 'yes']]),
      ['--verify-mailboxes', '--verify-limit', '0'],
      join(dir, 'none'),
    );
    expect(askedAddresses()).toEqual([]);
    expect(none.report.mailboxVerification).toMatchObject({ mode: 'estimate', asked: 0, estimatedCostUsd: 0 });
  }, 60_000);

  it('--verify-dry-run asks SES nothing and says how many addresses it would ask, at what cost', async () => {
    const { result, report } = await check(await list(LIST), ['--verify-dry-run', '--verify-price', '0.02']);
    expect(result.code).toBe(0);
    expect(askedAddresses()).toEqual([]);
    expect(report.mailboxVerification).toMatchObject({
      mode: 'estimate',
      asked: 0,
      wouldAsk: 4,
      estimatedCostUsd: 0.08,
      price: { usdPerAddress: 0.02, source: 'the price you gave', checkedLive: true },
    });
    // The user's own price is not passed off as AWS's.
    expect(report.warnings.join(' ')).toMatch(
      /would be asked about 4 addresses, about \$0\.08 at \$0\.02 per address \(the price you gave, \d{4}-\d\d-\d\d\)/,
    );
  }, 60_000);

  it('an unusable answer or a refused permission never removes a row: it stays as the other checks left it, counted as not verified', async () => {
    server.setState({ mailboxInsights: { 'gone@company-mail.com': 'malformed' } });
    const input = await list([
      ['gone@company-mail.com', 'yes'],
      ['fine@company-mail.com', 'yes'],
    ]);
    const malformed = await check(input, ['--verify-mailboxes']);
    expect(malformed.verdicts['gone@company-mail.com']).toBe('send');
    expect(malformed.report.mailboxVerification).toMatchObject({ unusable: 1, notVerified: 1, verdicts: { HIGH: 1, MEDIUM: 0, LOW: 0 } });
    server.injectFaults('AccessDenied', 100, { operation: 'GetEmailAddressInsights' });
    const denied = await check(await list([['new@company-mail.com', 'yes']]), ['--verify-mailboxes'], join(dir, 'denied'));
    expect(denied.result.code).toBe(0);
    expect(denied.verdicts['new@company-mail.com']).toBe('send');
    expect(denied.report.mailboxVerification).toMatchObject({ notVerified: 1 });
    expect(denied.report.warnings.join(' ')).toMatch(
      /not allowed to call ses:GetEmailAddressInsights in eu-west-1.*1 address was not verified/,
    );
  }, 60_000);

  it('an endpoint that quotes the credentials back while verifying never gets them into the terminal or report.json', async () => {
    server.injectFaults('EchoCredentials418', 100, { operation: 'GetEmailAddressInsights' });
    const out = join(dir, 'echo');
    const { result } = await check(await list([['someone@company-mail.com', 'yes']]), ['--verify-mailboxes'], out);
    expect(result.code).toBe(0);
    const written = await readFile(join(out, 'report.json'), 'utf8');
    expect(written).toContain('[credential removed]');
    for (const text of [result.stdout, result.stderr, written]) {
      expect(text).not.toContain('AKIAFAKEKEYFORTESTS00');
      expect(text).not.toContain('fake-secret-key-for-tests-only');
    }
  }, 60_000);

  it('answers older than 30 days are asked again', async () => {
    const folder = join(dir, 'cache', 'ses', 'default', 'eu-west-1');
    await mkdir(folder, { recursive: true });
    const old = new Date(Date.now() - 31 * 86_400_000).toISOString();
    const fresh = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await writeFile(
      join(folder, 'mailbox-insights.json'),
      JSON.stringify({
        format: 'preflight-ses-mailbox-insights',
        version: 1,
        accountKey: 'default',
        region: 'eu-west-1',
        entries: { 'old@company-mail.com': ['LOW', {}, old], 'recent@company-mail.com': ['LOW', {}, fresh] },
      }),
    );
    const { reasons, report } = await check(
      await list([
        ['old@company-mail.com', 'yes'],
        ['recent@company-mail.com', 'yes'],
      ]),
      ['--verify-mailboxes'],
    );
    expect(askedAddresses()).toEqual(['old@company-mail.com']);
    expect(reasons).toEqual({ 'old@company-mail.com': '', 'recent@company-mail.com': 'mailbox_invalid' });
    expect(report.mailboxVerification).toMatchObject({ asked: 1, fromCache: 1 });
  }, 60_000);

  it('Auto Validation: the report gives the threshold and counts the rows SES would drop at send time', async () => {
    server.setState({
      account: productionAccount({ autoValidation: { enabled: true, threshold: 'MEDIUM' } }),
      configurationSets: { newsletter: { autoValidation: { enabled: true, threshold: 'HIGH' } } },
      mailboxInsights: { 'maybe@catchall-co.com': { ...VALID_MAILBOX, isValid: 'MEDIUM' } },
    });
    const input = await list([
      ['maybe@catchall-co.com', 'yes'],
      ['fine@company-mail.com', 'yes'],
    ]);
    const account = await check(input, ['--verify-mailboxes']);
    expect(account.report.mailboxVerification.autoValidation).toEqual({
      scope: 'account',
      enabled: true,
      threshold: 'MEDIUM',
      wouldSuppress: { send: 0, review: 0 },
      notVerified: { send: 0, review: 0 },
    });
    const set = await check(input, ['--verify-mailboxes', '--configuration-set', 'newsletter'], join(dir, 'set'));
    expect(set.report.mailboxVerification.autoValidation).toEqual({
      scope: 'configuration-set',
      configurationSet: 'newsletter',
      enabled: true,
      threshold: 'HIGH',
      wouldSuppress: { send: 0, review: 1 },
      notVerified: { send: 0, review: 0 },
    });
    expect(set.report.warnings.join(' ')).toContain('SES Auto Validation is on for configuration set newsletter (threshold HIGH)');
  }, 60_000);

  it('an uncertain mailbox a person accepted is counted as dropped from send.csv by a HIGH threshold, and the plan says so', async () => {
    server.setState({
      configurationSets: { newsletter: { autoValidation: { enabled: true, threshold: 'HIGH' } } },
      mailboxInsights: { 'maybe@catchall-co.com': { ...VALID_MAILBOX, isValid: 'MEDIUM' } },
    });
    const input = await list([
      ['maybe@catchall-co.com', 'yes'],
      ['fine@company-mail.com', 'yes'],
      ['later@company-mail.com', 'yes'],
    ]);
    const out = join(dir, 'accepted');
    // The limit leaves one mailbox without an answer: SES judges it itself at send time.
    const { report, verdicts } = await check(
      input,
      ['--verify-mailboxes', '--verify-limit', '2', '--configuration-set', 'newsletter', '--accept', 'mailbox_uncertain'],
      out,
    );
    expect(verdicts['maybe@catchall-co.com']).toBe('send');
    expect(report.mailboxVerification.autoValidation).toMatchObject({
      threshold: 'HIGH',
      wouldSuppress: { send: 1, review: 0 },
      notVerified: { send: 1, review: 0 },
    });
    expect(report.warnings.join(' ')).toContain(
      '1 of send.csv and 0 of review.csv by the answers of this check; 1 row without an answer SES judges itself.',
    );

    const plan = await cli([
      'plan',
      join(out, 'send.csv'),
      '--out',
      join(dir, 'plan'),
      '--max-24h',
      '1000',
      '--max-rate',
      '10',
      '--now',
      '2026-12-07T08:00Z',
      '--timezone',
      'UTC',
    ]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(
      'Warning: SES Auto Validation is on for configuration set newsletter (threshold HIGH): at send time SES silently drops recipients it judges below it.',
    );
    expect(plan.stdout).toContain(
      "By the check's SES answers it drops 1 of the 3 planned recipients. 1 of them has no SES answer: SES judges it itself and may drop it.",
    );
  }, 60_000);

  it('without mailbox verification, the plan still says Auto Validation is on and that how many SES drops is not known', async () => {
    server.setState({ account: productionAccount({ autoValidation: { enabled: true, threshold: 'MEDIUM' } }) });
    const out = join(dir, 'plain');
    const { report } = await check(await list([['fine@company-mail.com', 'yes']]), [], out);
    expect(report.mailboxVerification).toBeUndefined();
    expect(report.account.autoValidation).toEqual({ scope: 'account', enabled: true, threshold: 'MEDIUM' });
    const plan = await cli([
      'plan',
      join(out, 'send.csv'),
      '--out',
      join(dir, 'plan'),
      '--max-24h',
      '1000',
      '--max-rate',
      '10',
      '--now',
      '2026-12-07T08:00Z',
      '--timezone',
      'UTC',
    ]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(
      'Warning: SES Auto Validation is on for the SES account (threshold MEDIUM): at send time SES silently drops recipients it judges below it. The check has no SES answers for this list, so how many of these recipients it drops is not known.',
    );
    // Off: not a word.
    server.setState({ account: productionAccount() });
    const off = join(dir, 'off');
    await check(await list([['fine@company-mail.com', 'yes']]), [], off);
    const quiet = await cli([
      'plan',
      join(off, 'send.csv'),
      '--out',
      join(dir, 'plan-off'),
      '--max-24h',
      '1000',
      '--max-rate',
      '10',
      '--now',
      '2026-12-07T08:00Z',
      '--timezone',
      'UTC',
    ]);
    expect(quiet.stdout).not.toContain('Auto Validation');
  }, 60_000);

  it('a row a person chose to remove is never asked about', async () => {
    const input = await list([
      ['info@company-mail.com', 'yes'],
      ['fine@company-mail.com', 'yes'],
    ]);
    const { verdicts, report } = await check(input, ['--verify-mailboxes', '--exclude', 'role_account']);
    expect(verdicts['info@company-mail.com']).toBe('remove');
    expect(askedAddresses()).toEqual(['fine@company-mail.com']);
    expect(report.mailboxVerification).toMatchObject({ candidates: 1, asked: 1 });
  }, 60_000);

  it('ses status shows the account’s Auto Validation threshold, so a silent drop at send time is no surprise', async () => {
    server.setState({ account: productionAccount({ autoValidation: { enabled: true, threshold: 'MEDIUM' } }) });
    const on = await cli(['ses', 'status', '--region', 'eu-west-1', '--cache-dir', join(dir, 'cache')]);
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(/Auto Validation\s+On: SES drops recipients below MEDIUM confidence at send time/);
    server.setState({ account: productionAccount() });
    const off = await cli(['ses', 'status', '--region', 'eu-west-1', '--cache-dir', join(dir, 'cache')]);
    expect(off.stdout).toMatch(/Auto Validation\s+Off/);
  }, 30_000);

  it('refuses --verify-mailboxes without --ses, and a limit that is not a count', async () => {
    const input = await list(LIST);
    const withoutSes = await cli(['check', input, '--out', join(dir, 'x'), '--verify-mailboxes']);
    expect(withoutSes.code).toBe(2);
    expect(withoutSes.stderr).toContain('--verify-mailboxes asks your own SES account: add --ses.');
    const badLimit = await cli(['check', input, '--out', join(dir, 'x'), '--ses', '--verify-mailboxes', '--verify-limit', 'lots']);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('--verify-limit takes a whole number');
    expect(server.requests).toEqual([]);
  });
  it('a check cancelled while asking keeps what SES answered: the next check asks only the rest', async () => {
    const input = await list(Array.from({ length: 6 }, (_, i): [string, string] => [`person${i}@company-mail.com`, 'yes']));
    const controller = new AbortController();
    const settings = {
      ...DEFAULT_SETTINGS,
      dns: { ...DEFAULT_SETTINGS.dns, mode: 'off' as const },
      cacheDir: join(dir, 'cache'),
      ses: { region: 'eu-west-1', verifyMailboxes: { limit: 1000, ask: true } },
    };
    const cancelled = runCheck({
      input,
      outDir: join(dir, 'cancelled'),
      settings,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.message?.startsWith('Asking SES about mailboxes: 2 of')) controller.abort();
      },
    });
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    const firstRound = askedAddresses();
    expect(firstRound.length).toBeGreaterThanOrEqual(2);
    server.clearRequests();
    const { report } = await check(input, ['--verify-mailboxes']);
    const secondRound = askedAddresses();
    // Every address is asked (billed) once over both runs.
    expect([...firstRound, ...secondRound].sort()).toEqual(Array.from({ length: 6 }, (_, i) => `person${i}@company-mail.com`).sort());
    expect(report.mailboxVerification).toMatchObject({ asked: secondRound.length, fromCache: 6 - secondRound.length, notVerified: 0 });
  }, 60_000);
});
