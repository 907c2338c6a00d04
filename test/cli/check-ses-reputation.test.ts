// `preflight check --ses` reads the account's own bounce and complaint rates from
// CloudWatch (test/support/cloudwatch-server.ts, through the real SDK) into
// report.json and the summary; a refusal is said once and the check goes on.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, tempDir } from '../support/cli';
import { hourlyRates, startCloudWatchServer, type RunningCloudWatchServer } from '../support/cloudwatch-server';
import { isolatedAwsEnv, productionAccount, startSesServer, type RunningSesServer } from '../support/ses-server';

let dir: string;
let ses: RunningSesServer;
let cloudWatch: RunningCloudWatchServer;

beforeEach(async () => {
  dir = await tempDir('preflight-reputation-cli-');
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
  ses = await startSesServer({ account: productionAccount(), rateLimit: null });
  cloudWatch = await startCloudWatchServer();
  vi.stubEnv('AWS_ENDPOINT_URL_SESV2', ses.endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH', cloudWatch.endpoint);
});

afterEach(async () => {
  await ses.stop();
  await cloudWatch.stop();
  vi.unstubAllEnvs();
});

async function check() {
  const input = join(dir, 'list.csv');
  await writeFile(input, 'email,opt_in\nann@gmail.com,yes\nbob@yahoo.com,yes\n');
  const out = join(dir, 'out');
  const result = await cli(['check', input, '--out', out, '--ses', '--region', 'eu-west-1', '--no-dns', '--cache-dir', join(dir, 'cache')]);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
  return { result, report };
}

describe('check --ses: the account reputation', () => {
  it("puts the account's own bounce and complaint rates in report.json and the summary", async () => {
    const now = new Date();
    cloudWatch.setState({
      metrics: {
        'Reputation.BounceRate': hourlyRates(now, 72, () => 0.031),
        'Reputation.ComplaintRate': hourlyRates(now, 72, () => 0.0004),
      },
    });
    const { result, report } = await check();
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(report.account.reputation).toMatchObject({
      bounceRate: 0.031,
      complaintRate: 0.0004,
      status: 'read',
      source: 'CloudWatch AWS/SES in eu-west-1',
    });
    expect(Date.parse(report.account.reputation.asOf)).not.toBeNaN();
    expect(report.account.reputation.history).toHaveLength(14);
    expect(result.stdout).toMatch(
      /The account's own rates \(CloudWatch AWS\/SES in eu-west-1\): bounces 3\.1%, complaints 0\.040%, as of /,
    );
    expect(cloudWatch.requests.map((r) => [r.operation, r.region])).toEqual([['GetMetricData', 'eu-west-1']]);
  }, 60_000);

  it('projects where sending send.csv takes the account, from a representative volume it names', async () => {
    const now = new Date();
    cloudWatch.setState({
      metrics: {
        'Reputation.BounceRate': hourlyRates(now, 24, () => 0.031),
        'Reputation.ComplaintRate': hourlyRates(now, 24, () => 0.0004),
      },
    });
    const { result, report } = await check();
    const projection = report.forecast.account;
    // productionAccount(): SentLast24Hours 1,234 → 14 days at that pace.
    expect(projection).toMatchObject({
      bounceRateNow: 0.031,
      complaintRateNow: 0.0004,
      representativeVolume: 17_276,
      method: 'sent-last-24-hours',
      sendCount: 2,
    });
    for (const key of ['bounceRateAfter', 'bounceRateAfterHigh', 'complaintRateAfter', 'complaintRateAfterHigh'])
      expect(typeof projection[key]).toBe('number');
    // Two fresh opted-in addresses cannot move a 17,276-message window far, and only towards the send's own rate.
    const sendRate = report.forecast.send.bounceRate;
    expect(projection.bounceRateAfter).toBeCloseTo(0.031 + ((sendRate - 0.031) * 2) / 17_276, 12);
    expect(projection.bounceRateAfterHigh).toBeGreaterThanOrEqual(projection.bounceRateAfter);
    expect(result.stdout).toMatch(/Account bounces 3\.1% now → 3\.1% after this send \(up to 3\.1%\); complaints 0\.040% now → /);
    expect(result.stdout).toMatch(/Representative volume 17,276 messages: 14 days at the pace of the last 24 hours/);
  }, 60_000);

  it('makes no projection from rates it could not read', async () => {
    cloudWatch.setState({ fault: 'AccessDenied' });
    const { report } = await check();
    expect(report.forecast.account).toBeUndefined();
  }, 60_000);

  it('says a new account has no reputation metrics yet instead of a rate of 0', async () => {
    const { result, report } = await check();
    expect(result.code).toBe(0);
    expect(report.account.reputation).toMatchObject({ bounceRate: null, complaintRate: null, asOf: null, status: 'no_metrics' });
    expect(result.stdout).toMatch(/No reputation metrics yet/);
    expect(result.stdout).not.toMatch(/bounces 0\.0%/);
  }, 60_000);

  it('goes on without the rates when the identity may not call cloudwatch:GetMetricData, saying so once', async () => {
    cloudWatch.setState({ fault: 'AccessDenied' });
    const { result, report } = await check();
    expect(result.code).toBe(0);
    expect(report.verdicts.send).toBe(2);
    expect(report.account.reputation).toMatchObject({ status: 'denied', bounceRate: null, complaintRate: null });
    const sentence = report.account.reputation.note;
    expect(sentence).toMatch(/may not call cloudwatch:GetMetricData in eu-west-1/);
    expect(report.warnings.filter((w: string) => w === sentence)).toHaveLength(1);
    expect(result.stdout.split(sentence)).toHaveLength(2);
  }, 60_000);
});
