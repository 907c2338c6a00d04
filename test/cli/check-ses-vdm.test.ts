// `preflight check --ses` with Virtual Deliverability Manager, against the local
// SESv2 endpoint (test/support/ses-server.ts, ses-vdm.ts) through the real SDK:
// SES's open recommendations join the readiness checklist, and without VDM the
// report says what turning it on would add; the sender's own per-provider rates
// are read, checked, shown and used to calibrate the forecast.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, tempDir } from '../support/cli';
import { hourlyRates, startCloudWatchServer } from '../support/cloudwatch-server';
import {
  isolatedAwsEnv,
  productionAccount,
  startSesServer,
  type FakeRecommendation,
  type FakeSesState,
  type RunningSesServer,
} from '../support/ses-server';

let dir: string;
let server: RunningSesServer | undefined;

beforeEach(async () => {
  dir = await tempDir('preflight-vdm-');
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
});

afterEach(async () => {
  await server?.stop();
  server = undefined;
  vi.unstubAllEnvs();
});

async function list(addresses: string[]): Promise<string> {
  const path = join(dir, 'list.csv');
  await writeFile(path, ['email,opt_in', ...addresses.map((address) => `${address},yes`)].join('\n') + '\n');
  return path;
}

async function check(state: FakeSesState, extra: string[] = []) {
  server = await startSesServer({ rateLimit: null, ...state });
  vi.stubEnv('AWS_ENDPOINT_URL_SESV2', server.endpoint);
  const out = join(dir, 'out');
  const input = await list(['ann@gmail.com', 'bob@yahoo.com', 'cy@outlook.com', 'di@example-corp.com']);
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
  const report = result.code === 0 || result.code === 3 ? JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) : null;
  return { result, report };
}

const ARN = 'arn:aws:ses:eu-west-1:123456789012:identity/example.com';

/** 104 LOW findings on the first pages, the HIGH ones after: only paging finds them. */
function manyRecommendations(): FakeRecommendation[] {
  const low = Array.from({ length: 104 }, (_, i) => ({
    type: 'BIMI' as const,
    impact: 'LOW' as const,
    resourceArn: `arn:aws:ses:eu-west-1:123456789012:identity/brand${String(i).padStart(3, '0')}.example.com`,
    description: 'Publish a BIMI record.',
  }));
  return [
    ...low,
    { type: 'DMARC', impact: 'HIGH', resourceArn: ARN, description: 'The DMARC policy of example.com is missing.' },
    { type: 'DKIM', impact: 'HIGH', resourceArn: ARN, description: 'DKIM signing fails for example.com.', status: 'FIXED' },
    { type: 'COMPLAINT', impact: 'HIGH', resourceArn: ARN, description: 'Complaints from example.com mail are high.' },
  ];
}

const identities = [{ name: 'example.com', type: 'DOMAIN' as const, dkim: { signingEnabled: true, status: 'SUCCESS' as const } }];

describe('check --ses with Virtual Deliverability Manager', () => {
  it("SES's open HIGH-impact recommendations reach the readiness checklist first, found across pages, fixed ones left out", async () => {
    const { result, report } = await check(
      { account: productionAccount({ vdmEnabled: true }), identities, vdm: { recommendations: manyRecommendations() } },
      ['--from', 'news@example.com'],
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const asked = server!.requests.filter((request) => request.operation === 'ListRecommendations');
    expect(asked).toHaveLength(2);
    expect(asked.every((request) => (request.body as { Filter?: unknown }).Filter !== undefined)).toBe(true);
    expect((asked[0]!.body as { Filter: unknown }).Filter).toEqual({ STATUS: 'OPEN' });

    const recommendations = report.account.recommendations as { type: string; impact: string; resource: string }[];
    expect(recommendations).toHaveLength(106);
    expect(recommendations.slice(0, 2).map((item) => [item.impact, item.type])).toEqual([
      ['HIGH', 'COMPLAINT'],
      ['HIGH', 'DMARC'],
    ]);
    expect(recommendations.some((item) => item.type === 'DKIM')).toBe(false);

    const items = report.readiness.items as { id: string; status: string; title: string; fix: string }[];
    const fromSes = items.filter((item) => item.id === 'ses_recommendation');
    expect(fromSes).toHaveLength(106);
    expect(fromSes[0]).toMatchObject({ status: 'fix', fix: 'Complaints from example.com mail are high.' });
    expect(fromSes[0]!.title).toContain('HIGH');
    expect(report.readiness.ready).toBe(false);

    expect(result.stdout).toContain('SES recommendations: 106 open (2 HIGH impact)');
    expect(result.stdout).toContain('HIGH COMPLAINT (identity example.com): Complaints from example.com mail are high.');
    expect(result.stdout).toContain('… and 101 more in report.json');
  });

  it('recommendations are kept in report.json even without a From identity to check', async () => {
    const { result, report } = await check({
      account: productionAccount({ vdmEnabled: true }),
      vdm: { recommendations: manyRecommendations().slice(-3) },
    });
    expect(result.code).toBe(0);
    expect(report.readiness).toBeUndefined();
    expect(report.account.recommendations.map((item: { type: string }) => item.type)).toEqual(['COMPLAINT', 'DMARC']);
  });

  it('without VDM the check says what turning it on would add, and asks SES nothing VDM needs', async () => {
    const { result, report } = await check({
      account: productionAccount({ vdmEnabled: false }),
      vdm: { recommendations: manyRecommendations() },
    });
    expect(result.code).toBe(0);
    expect(
      server!.requests.some((request) => request.operation === 'ListRecommendations' || request.operation === 'BatchGetMetricData'),
    ).toBe(false);
    expect(report.account.vdmEnabled).toBe(false);
    expect(report.account.providerHistory).toMatchObject({ status: 'vdm_off' });
    expect(report.account.providerHistory.message).toContain('per mailbox provider');
    expect(report.account.recommendations).toBeUndefined();
    expect(result.stdout).toContain('Virtual Deliverability Manager is off');
  });

  it('a refused ListRecommendations is a warning naming the permission, and the check still writes its files', async () => {
    server = undefined;
    const state: FakeSesState = { account: productionAccount({ vdmEnabled: true }), vdm: { recommendations: manyRecommendations() } };
    server = await startSesServer({ rateLimit: null, ...state });
    server.injectFaults('AccessDenied', 1, { operation: 'ListRecommendations' });
    vi.stubEnv('AWS_ENDPOINT_URL_SESV2', server.endpoint);
    const out = join(dir, 'out');
    const result = await cli([
      'check',
      await list(['ann@gmail.com']),
      '--out',
      out,
      '--ses',
      '--region',
      'eu-west-1',
      '--no-dns',
      '--cache-dir',
      join(dir, 'cache'),
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.account.recommendations).toBeUndefined();
    const warning = (report.warnings as string[]).find((text) => text.startsWith('SES’s deliverability recommendations were not read'));
    expect(warning).toContain('ses:ListRecommendations');
    expect(result.stdout).toContain('Warning: SES’s deliverability recommendations were not read');
  });

  it("a VDM sender's own 30-day bounce and complaint rates per provider reach report.json and the summary, beside the list's rows there", async () => {
    const vdm = {
      byIsp: {
        Gmail: { SEND: 20_000, PERMANENT_BOUNCE: 150, COMPLAINT: 6 },
        Yahoo: { SEND: 5_000, PERMANENT_BOUNCE: 250, COMPLAINT: 5 },
        Other: { SEND: 1_000, PERMANENT_BOUNCE: 10 },
      },
    };
    const { result, report } = await check({ account: productionAccount({ vdmEnabled: true }), vdm });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const calls = server!.requests.filter((request) => request.operation === 'BatchGetMetricData');
    // 18 queries (the account and five providers, three metrics each), at most 10 a call.
    expect(calls.map((call) => (call.body as { Queries: unknown[] }).Queries.length)).toEqual([10, 8]);
    const first = (calls[0]!.body as { Queries: { StartDate: number; EndDate: number; Namespace: string }[] }).Queries[0]!;
    expect(first.Namespace).toBe('VDM');
    expect(first.EndDate - first.StartDate).toBe(30 * 86_400);

    expect(report.account.providerHistory).toMatchObject({
      status: 'read',
      total: { sent: 26_000, bounces: 410, complaints: 11, verified: true },
    });
    const byIsp = Object.fromEntries(
      (report.account.providers as { isp: string; problem?: string }[]).map((provider) => [provider.isp, provider]),
    );
    expect(byIsp['Gmail']).toMatchObject({
      provider: 'gmail',
      sent: 20_000,
      bounces: 150,
      complaints: 6,
      bounceRate: 0.0075,
      complaintRate: 0.0003,
      verified: true,
      listRows: 1,
    });
    expect(byIsp['Yahoo']).toMatchObject({ provider: 'yahoo', bounceRate: 0.05, verified: true, listRows: 1 });
    expect(byIsp['Hotmail']).toMatchObject({ provider: 'microsoft', sent: 0, bounceRate: null, listRows: 1 });
    expect(result.stdout).toContain(
      'Your own mail over the last 30 days (Virtual Deliverability Manager): 26,000 sent, 1.58% bounced permanently, 0.04% complained.',
    );
    expect(result.stdout).toMatch(/Gmail\s+20,000 sent {2}bounces {2}0\.75% {2}complaints {2}0\.03%; this list: 1 rows/);
  });

  it('per-provider numbers that fail sanity (a negative count, more bounces than sends, a metric SES refused) are marked unverified and said', async () => {
    const vdm = {
      byIsp: {
        Gmail: { SEND: 2_000, PERMANENT_BOUNCE: 10 },
        Yahoo: { SEND: 10, PERMANENT_BOUNCE: 50 },
        Hotmail: { SEND: 3_000, PERMANENT_BOUNCE: 20 },
      },
      errors: { 'Hotmail|COMPLAINT': 'ACCESS_DENIED' as const },
    };
    const rewriteAnswer = {
      BatchGetMetricData: (answer: Record<string, unknown>) => ({
        ...answer,
        Results: (answer['Results'] as { Id: string; Values: number[] }[]).map((entry) =>
          entry.Id === 'q1_send' ? { ...entry, Values: entry.Values.map((v, i) => (i === 0 ? -5 : v)) } : entry,
        ),
      }),
    };
    const { result, report } = await check({ account: productionAccount({ vdmEnabled: true }), vdm, rewriteAnswer });
    expect(result.code).toBe(0);
    const byIsp = Object.fromEntries(
      (report.account.providers as { isp: string; problem?: string }[]).map((provider) => [provider.isp, provider]),
    );
    expect(byIsp['Gmail']).toMatchObject({ verified: false });
    expect(byIsp['Gmail']!.problem).toContain('not a whole number of 0 or more (-5)');
    expect(byIsp['Yahoo']).toMatchObject({ verified: false, problem: 'it has more permanent bounces (50) than sends (10)' });
    expect(byIsp['Hotmail']).toMatchObject({ verified: false });
    expect(byIsp['Hotmail']!.problem).toContain('SES did not give its COMPLAINT count (ACCESS_DENIED');
    expect(byIsp['AOL']).toMatchObject({ verified: true, sent: 0 });
    const warnings = report.warnings as string[];
    expect(warnings).toContain("SES's 30-day numbers for Yahoo were not used: it has more permanent bounces (50) than sends (10).");
    expect(result.stdout).toContain('Yahoo    not used: it has more permanent bounces (50) than sends (10)');
  });

  it('a BatchGetMetricData answer of the wrong shape is refused whole; the check goes on and says so', async () => {
    const { result, report } = await check({
      account: productionAccount({ vdmEnabled: true }),
      vdm: { byIsp: { Gmail: { SEND: 100 } } },
      rewriteAnswer: {
        BatchGetMetricData: (answer) => ({ ...answer, Results: [{ Id: 'q0_send', Timestamps: 'yesterday', Values: 'lots' }] }),
      },
    });
    expect(result.code).toBe(0);
    expect(report.account.providers).toBeUndefined();
    expect(report.account.providerHistory.status).toBe('not_read');
    expect(report.account.providerHistory.message).toContain('unreadable');
  });

  it('throttled BatchGetMetricData calls are retried until SES answers; a refused one names ses:BatchGetMetricData', async () => {
    const state: FakeSesState = {
      account: productionAccount({ vdmEnabled: true }),
      vdm: { byIsp: { Gmail: { SEND: 100, PERMANENT_BOUNCE: 1 } } },
    };
    server = await startSesServer({ rateLimit: null, ...state });
    server.injectFaults('Throttling', 2, { operation: 'BatchGetMetricData' });
    vi.stubEnv('AWS_ENDPOINT_URL_SESV2', server.endpoint);
    const input = await list(['ann@gmail.com']);
    const run = async (out: string) => {
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
      ]);
      return { result, report: JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) };
    };
    const throttled = await run(join(dir, 'out1'));
    expect(throttled.result.code).toBe(0);
    expect(server.requests.filter((request) => request.operation === 'BatchGetMetricData' && request.status === 429)).toHaveLength(2);
    expect(throttled.report.account.providerHistory.status).toBe('read');
    expect(throttled.report.account.providers[0]).toMatchObject({ isp: 'Gmail', sent: 100, bounces: 1, verified: true });

    server.injectFaults('AccessDenied', 1, { operation: 'BatchGetMetricData' });
    const refused = await run(join(dir, 'out2'));
    expect(refused.result.code).toBe(0);
    expect(refused.report.account.providers).toBeUndefined();
    expect(refused.report.account.providerHistory.message).toContain('ses:BatchGetMetricData');
  }, 60_000);

  it('the sender’s own history moves the forecast: a provider where their mail bounces more weighs more, one under 1,000 sends not at all', async () => {
    // The account: 26,000 sends, 1.58% bounced. Yahoo 5% (factor (250 + 20) / (78.8 + 20) ≈ 2.73), Gmail 0.75% (≈ 0.51), Hotmail too few sends.
    const vdm = {
      byIsp: {
        Gmail: { SEND: 20_000, PERMANENT_BOUNCE: 150, COMPLAINT: 6 },
        Yahoo: { SEND: 5_000, PERMANENT_BOUNCE: 250, COMPLAINT: 5 },
        Hotmail: { SEND: 900, PERMANENT_BOUNCE: 90 },
        Other: { SEND: 100, PERMANENT_BOUNCE: 10 },
      },
    };
    const { report } = await check({ account: productionAccount({ vdmEnabled: true }), vdm });
    const byIsp = Object.fromEntries(
      (report.account.providers as { isp: string; bounceFactor?: number }[]).map((provider) => [provider.isp, provider]),
    );
    const rate = 500 / 26_000;
    expect(byIsp['Yahoo']!.bounceFactor).toBeCloseTo((250 + 20) / (5_000 * rate + 20), 10);
    expect(byIsp['Gmail']!.bounceFactor).toBeCloseTo((150 + 20) / (20_000 * rate + 20), 10);
    expect(byIsp['Hotmail']!.bounceFactor).toBeUndefined();
    const calibrated = report.forecast.send.bounceRate as number;
    await server!.stop();
    server = undefined;
    const { report: uncalibrated } = await check({ account: productionAccount({ vdmEnabled: false }) });
    // One Gmail, one Yahoo, one Hotmail and one company row: Yahoo's ×2.7 outweighs Gmail's ×0.5.
    expect(calibrated).toBeGreaterThan(uncalibrated.forecast.send.bounceRate);
  });

  it("the account projection's representative volume is the account's own VDM sends of the last 14 days", async () => {
    const cloudWatch = await startCloudWatchServer();
    try {
      const now = new Date();
      cloudWatch.setState({
        metrics: {
          'Reputation.BounceRate': hourlyRates(now, 24, () => 0.02),
          'Reputation.ComplaintRate': hourlyRates(now, 24, () => 0.0003),
        },
      });
      vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH', cloudWatch.endpoint);
      const { result, report } = await check({
        account: productionAccount({ vdmEnabled: true }),
        vdm: { byIsp: { Gmail: { SEND: 31_000, PERMANENT_BOUNCE: 200 } } },
      });
      expect(result.code).toBe(0);
      const recent = report.account.providerHistory.sendsLast14Days as number;
      // About 14 of the 30 days' 31,000 sends, one data point a day.
      expect(recent).toBeGreaterThan((31_000 * 13) / 31);
      expect(recent).toBeLessThan((31_000 * 15) / 30);
      expect(report.forecast.account).toMatchObject({ method: 'vdm-send-counts', representativeVolume: recent });
    } finally {
      await cloudWatch.stop();
    }
  }, 60_000);
});
