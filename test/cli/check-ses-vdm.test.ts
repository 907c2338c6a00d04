// `preflight check --ses` with Virtual Deliverability Manager, against the local
// SESv2 endpoint (test/support/ses-server.ts, ses-vdm.ts) through the real SDK:
// SES's open recommendations join the readiness checklist, and without VDM the
// report says what turning it on would add.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, tempDir } from '../support/cli';
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
});
