// `preflight plan` on the send.csv of a check that projected the SES account's
// bounce rate (test/support/cloudwatch-server.ts): a list expected to bounce
// above the target is spread so that, with the account's other mail, no day takes
// the account's projected rate over it, and the plan says so.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dailyCapForTarget, projectRate } from '../../shared/risk/projection';
import type { PlanDocument } from '../../shared/plan/document';
import { cli, tempDir } from '../support/cli';
import { hourlyRates, startCloudWatchServer, type RunningCloudWatchServer } from '../support/cloudwatch-server';
import { isolatedAwsEnv, productionAccount, startSesServer, type RunningSesServer } from '../support/ses-server';

let dir: string;
let ses: RunningSesServer;
let cloudWatch: RunningCloudWatchServer;
const OTHER_DAILY = 1_234; // productionAccount()'s SentLast24Hours

beforeEach(async () => {
  dir = await tempDir('preflight-plan-account-cap-');
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
  ses = await startSesServer({ account: productionAccount(), rateLimit: null });
  cloudWatch = await startCloudWatchServer({
    metrics: {
      'Reputation.BounceRate': hourlyRates(new Date(), 24, () => 0.005),
      'Reputation.ComplaintRate': hourlyRates(new Date(), 24, () => 0.0002),
    },
  });
  vi.stubEnv('AWS_ENDPOINT_URL_SESV2', ses.endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH', cloudWatch.endpoint);
});

afterEach(async () => {
  await ses.stop();
  await cloudWatch.stop();
  vi.unstubAllEnvs();
});

async function checkedSendList(rows: number) {
  const input = join(dir, 'list.csv');
  await writeFile(input, ['email,opt_in', ...Array.from({ length: rows }, (_, i) => `reader${i}@gmail.com,yes`)].join('\n') + '\n');
  const out = join(dir, 'out');
  const check = await cli(['check', input, '--out', out, '--ses', '--region', 'eu-west-1', '--no-dns', '--cache-dir', join(dir, 'cache')]);
  expect(check.code).toBe(0);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
  return { sendCsv: join(out, 'send.csv'), report };
}

const planArgs = (sendCsv: string, extra: string[]) => [
  'plan',
  sendCsv,
  '--out',
  join(dir, 'plan'),
  '--max-24h',
  '50000',
  '--max-rate',
  '14',
  '--policy',
  'aggressive',
  '--first-day',
  '5000',
  '--now',
  '2026-03-02T08:00Z',
  '--timezone',
  'UTC',
  '--window',
  '00:00-24:00',
  ...extra,
];

describe('plan: the account-rate cap', () => {
  it('sends no more a day than keeps the account’s projected bounce rate under the target, and says so', async () => {
    const { sendCsv, report } = await checkedSendList(4_000);
    const listRate = report.forecast.send.bounceRate as number;
    // A target between the account's 0.5% and the list's own rate: the cap binds.
    const target = 0.01;
    expect(listRate).toBeGreaterThan(target);
    const result = await cli(planArgs(sendCsv, ['--account-target', '1%']));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(await readFile(join(dir, 'plan', 'plan.json'), 'utf8')) as PlanDocument;
    const cap = dailyCapForTarget(0.005, listRate, target, OTHER_DAILY)!;
    expect(cap).toBeGreaterThan(0);
    expect(doc.accountCap).toMatchObject({ maxPerDay: cap, target, bounceRateNow: 0.005, otherDaily: OTHER_DAILY });
    expect(doc.accountCap!.sentence).toMatch(
      /^At most [\d,]+ recipients a day, set by the bounce rate: the list's expected bounce rate .* keeps its projected bounce rate under 1% every day\. The list's expected complaint rate \(0\.\d+%\) is within your 0\.10% target\.$/,
    );
    expect(doc.accountCap).toMatchObject({ boundBy: 'bounce', complaintTarget: 0.001, complaintMaxPerDay: null });
    // The days that sent the whole cap say the bounce rate bound them.
    expect(doc.days.filter((day) => day.recipients === cap).every((day) => day.limitedBy === 'bounce-rate')).toBe(true);
    expect(doc.days.some((day) => day.limitedBy === 'bounce-rate')).toBe(true);
    expect(result.stdout).toContain(`Account rate  ${doc.accountCap!.sentence}`.replace('Account rate  ', ''));
    // Without the cap the first day would take 4,000 (first day 5,000): now no day exceeds it.
    expect(Math.max(...doc.days.map((day) => day.recipients))).toBeLessThanOrEqual(cap);
    expect(doc.recipients).toBe(4_000);
    // Replayed day by day through the projection, with the account's other mail, the account stays under the target.
    let account = 0.005;
    for (const day of doc.days) {
      const mix = (listRate * day.recipients + 0.005 * OTHER_DAILY) / (day.recipients + OTHER_DAILY);
      account = projectRate(
        account,
        { rate: mix, high: mix },
        day.recipients + OTHER_DAILY,
        report.forecast.account.representativeVolume,
      ).after;
      expect(account).toBeLessThanOrEqual(target);
    }
  }, 120_000);

  it('does not slow a list within the target, and says why', async () => {
    const { sendCsv } = await checkedSendList(300);
    const result = await cli(planArgs(sendCsv, ['--account-target', '5%']));
    expect(result.code).toBe(0);
    const doc = JSON.parse(await readFile(join(dir, 'plan', 'plan.json'), 'utf8')) as PlanDocument;
    expect(doc.accountCap).toMatchObject({ maxPerDay: null, target: 0.05 });
    expect(doc.accountCap!.sentence).toMatch(/within your 5% and 0\.10% targets/);
    expect(doc.days[0]!.recipients).toBe(300);
  }, 120_000);

  it('sends no more a day than keeps the account’s projected complaint rate under its target, and says the complaint rate set it', async () => {
    const { sendCsv, report } = await checkedSendList(4_000);
    const listComplaint = report.forecast.send.complaintRate as number;
    const complaintNow = report.forecast.account.complaintRateNow as number;
    // A complaint target between the account's 0.02% and the list's own rate; bounces well within 5%.
    const target = 0.0005;
    expect(complaintNow).toBeCloseTo(0.0002, 6);
    expect(listComplaint).toBeGreaterThan(target);
    const result = await cli(planArgs(sendCsv, ['--account-target', '5%', '--complaint-target', '0.05%']));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(await readFile(join(dir, 'plan', 'plan.json'), 'utf8')) as PlanDocument;
    const cap = dailyCapForTarget(complaintNow, listComplaint, target, OTHER_DAILY)!;
    expect(cap).toBeGreaterThan(0);
    expect(cap).toBeLessThan(4_000);
    expect(doc.accountCap).toMatchObject({
      maxPerDay: cap,
      boundBy: 'complaint',
      complaintTarget: target,
      complaintMaxPerDay: cap,
      bounceMaxPerDay: null,
      warning: false,
    });
    expect(doc.accountCap!.sentence).toMatch(
      /^At most [\d,]+ recipients a day, set by the complaint rate: the list's expected complaint rate \(0\.\d+%\) is above your 0\.050% target, .* keeps its projected complaint rate under 0\.050% every day\. The list's expected bounce rate \(.*\) is within your 5% target\.$/,
    );
    expect(result.stdout).toMatch(/Account rate +At most [\d,]+ recipients a day, set by the complaint rate: /);
    expect(result.stdout).toContain(doc.accountCap!.sentence);
    expect(Math.max(...doc.days.map((day) => day.recipients))).toBeLessThanOrEqual(cap);
    expect(doc.days.filter((day) => day.limitedBy === 'complaint-rate').length).toBeGreaterThan(0);
    expect(doc.days.some((day) => day.limitedBy === 'bounce-rate')).toBe(false);
    expect(doc.recipients).toBe(4_000);
    // Replayed day by day, with the account's other mail, neither rate goes over its target.
    let complaint = complaintNow;
    let bounce = 0.005;
    const volume = report.forecast.account.representativeVolume as number;
    const listBounce = report.forecast.send.bounceRate as number;
    for (const day of doc.days) {
      const mix = (list: number, now: number) => (list * day.recipients + now * OTHER_DAILY) / (day.recipients + OTHER_DAILY);
      const k = mix(listComplaint, complaintNow);
      const b = mix(listBounce, 0.005);
      complaint = projectRate(complaint, { rate: k, high: k }, day.recipients + OTHER_DAILY, volume).after;
      bounce = projectRate(bounce, { rate: b, high: b }, day.recipients + OTHER_DAILY, volume).after;
      expect(complaint).toBeLessThanOrEqual(target);
      expect(bounce).toBeLessThanOrEqual(0.05);
    }
  }, 120_000);

  it('refuses a complaint target that is not a percentage SES keeps an account at', async () => {
    const { sendCsv } = await checkedSendList(10);
    for (const bad of ['lots', '2%']) {
      const result = await cli(planArgs(sendCsv, ['--complaint-target', bad]));
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--complaint-target must be a percentage from 0\.01 to 0\.5 \(e\.g\. 0\.1 or 0\.1%\)/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);

  it('refuses an account target that is not a percentage', async () => {
    const { sendCsv } = await checkedSendList(10);
    const result = await cli(planArgs(sendCsv, ['--account-target', 'lots']));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--account-target must be a percentage from 0\.1 to 10/);
  }, 120_000);
});
