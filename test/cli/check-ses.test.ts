// `preflight check --ses` against a local SESv2 endpoint speaking the real
// protocol (test/support/ses-server.ts), with the real SDK: the account's
// suppression list read through paging and throttling, and the sandbox gate.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, readCsv, tempDir } from '../support/cli';
import {
  generateSuppressed,
  isolatedAwsEnv,
  productionAccount,
  sandboxAccount,
  startSesServer,
  type RunningSesServer,
} from '../support/ses-server';

let dir: string;
let server: RunningSesServer | undefined;

beforeEach(async () => {
  dir = await tempDir('preflight-ses-cli-');
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
});

afterEach(async () => {
  await server?.stop();
  server = undefined;
  vi.unstubAllEnvs();
});

async function list(rows: string[]): Promise<string> {
  const path = join(dir, 'list.csv');
  await writeFile(path, ['email,opt_in', ...rows.map((r) => `${r},yes`)].join('\n') + '\n');
  return path;
}

async function checkWithSes(input: string, extra: string[] = []) {
  vi.stubEnv('AWS_ENDPOINT_URL_SESV2', server!.endpoint);
  const out = join(dir, 'out');
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
  return { result, out };
}

describe('check --ses', () => {
  it('removes every address on the account suppression list, read through paging and 1 request/s throttling', async () => {
    const suppressed = generateSuppressed(3000, { domain: 'bounced-mail.com' });
    // SES's own limit: one request per second with a burst of one; the client must pace and back off.
    server = await startSesServer({
      account: productionAccount(),
      suppressed,
      rateLimit: { perSecond: 1, burst: 1 },
      defaultPageSize: 1000,
    });
    const input = await list(['user0004@bounced-mail.com', 'USER0010@bounced-mail.com', 'user2999@bounced-mail.com', 'fresh@gmail.com']);
    const { result, out } = await checkWithSes(input);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { rows } = await readCsv(join(out, 'annotated.csv'));
    expect(rows.map((r) => [r['email'], r['preflight_reasons']])).toEqual([
      ['user0004@bounced-mail.com', 'suppressed_complaint'],
      ['USER0010@bounced-mail.com', 'suppressed_bounce'],
      ['user2999@bounced-mail.com', 'suppressed_complaint'],
      ['fresh@gmail.com', ''],
    ]);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.account).toMatchObject({
      region: 'eu-west-1',
      max24HourSend: 50_000,
      maxSendRate: 14,
      sentLast24Hours: 1_234,
      productionAccessEnabled: true,
      sendingEnabled: true,
      enforcementStatus: 'HEALTHY',
    });
    expect(Date.parse(report.account.suppressionSnapshotAt)).not.toBeNaN();
    expect(report.suppression).toMatchObject({ entries: 3000, matched: 3 });
    const pages = server.requests.filter((r) => r.operation === 'ListSuppressedDestinations' && r.status === 200);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    // No two successful calls less than a second apart: the client paced itself.
    const times = server.requests.filter((r) => r.status === 200).map((r) => r.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(900);
  }, 60_000);

  it('in a sandbox account, removes every recipient that is not a verified identity', async () => {
    server = await startSesServer({
      account: sandboxAccount(),
      identities: [
        { name: 'me@team-mail.com', type: 'EMAIL_ADDRESS' },
        { name: 'verified-co.com', type: 'DOMAIN' },
      ],
      rateLimit: null,
    });
    const input = await list([
      'me@team-mail.com',
      'other@team-mail.com',
      'anyone@verified-co.com',
      'someone@sub.verified-co.com',
      'success@simulator.amazonses.com',
      'jane.doe@gmail.com',
    ]);
    const { result, out } = await checkWithSes(input);
    expect(result.code, result.stderr).toBe(0);
    const { rows } = await readCsv(join(out, 'annotated.csv'));
    expect(rows.map((r) => [r['email'], r['preflight_verdict'], r['preflight_reasons']])).toEqual([
      ['me@team-mail.com', 'send', ''],
      ['other@team-mail.com', 'remove', 'unverified_sandbox'],
      ['anyone@verified-co.com', 'send', ''],
      ['someone@sub.verified-co.com', 'remove', 'unverified_sandbox'],
      ['success@simulator.amazonses.com', 'send', ''],
      ['jane.doe@gmail.com', 'remove', 'unverified_sandbox'],
    ]);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.account.productionAccessEnabled).toBe(false);
    expect(report.warnings.join(' ')).toMatch(/sandbox/i);
  });

  it('fails with one sentence when SES refuses the credentials, and writes nothing', async () => {
    server = await startSesServer({ account: productionAccount(), rateLimit: null });
    server.injectFaults('UnrecognizedClient', 10);
    const input = await list(['someone@gmail.com']);
    const { result, out } = await checkWithSes(input);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    await expect(readFile(join(out, 'report.json'))).rejects.toThrow();
  });
});
