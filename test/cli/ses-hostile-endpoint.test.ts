// Issue 13, item 10: what an SES endpoint controls is bounded. The project's
// SES test server plays an endpoint that repeats one page token forever, sends
// a 3 GiB answer, or answers with the wrong types; each command that talks to
// SES stops with one sentence (no loop, no native crash, no "NaN left" or
// "[object Object]"), and the saved SES data is left as it was. The deadline
// on a trickled answer is tested in test/unit/ses-hostile-answers.test.ts,
// where it can be made short.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli, cliProcess, tempDir, type CliResult } from '../support/cli';
import {
  generateSuppressed,
  isolatedAwsEnv,
  productionAccount,
  sandboxAccount,
  startSesServer,
  type RunningSesServer,
} from '../support/ses-server';

let dir: string;
let server: RunningSesServer;
let cache: string[];

beforeEach(async () => {
  dir = await tempDir('preflight-hostile-ses-');
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir, { AWS_REGION: 'eu-west-1' }))) vi.stubEnv(name, value);
  server = await startSesServer({
    account: productionAccount(),
    suppressed: generateSuppressed(2_500, { domain: 'bounced-mail.com' }),
    rateLimit: null,
  });
  vi.stubEnv('AWS_ENDPOINT_URL_SESV2', server.endpoint);
  cache = ['--cache-dir', join(dir, 'cache')];
});

afterEach(async () => {
  await server.stop();
  vi.unstubAllEnvs();
});

const snapshotFile = () => join(dir, 'cache', 'ses', 'default', 'eu-west-1', 'suppression.json');

async function writeList(): Promise<string> {
  const path = join(dir, 'list.csv');
  await writeFile(path, 'email,opt_in\nuser0001@bounced-mail.com,yes\nfresh@gmail.com,yes\n');
  return path;
}

/** One sentence on stderr, exit 1, no stack trace. */
function expectOneSentence(result: CliResult, sentence: RegExp): void {
  expect(result.code, result.stderr).toBe(1);
  const last = result.stderr.trimEnd().split('\n').at(-1)!;
  expect(last.replace(/^preflight: /, '')).toMatch(sentence);
  expect(result.stderr).not.toMatch(/\n\s+at |internal error|FATAL|RangeError/);
}

describe('an endpoint that repeats one NextToken forever', () => {
  it('ses sync stops at the repeated token with a sentence instead of asking until killed, and keeps the saved list', async () => {
    expect((await cli(['ses', 'sync', ...cache])).code).toBe(0);
    const saved = await readFile(snapshotFile(), 'utf8');
    server.setState({ hostilePaging: 'same-token' });
    server.clearRequests();

    const result = await cli(['ses', 'sync', '--full', ...cache]);
    expectOneSentence(
      result,
      /^SES in eu-west-1 answered ListSuppressedDestinations page 2 with a page token it had already sent: Preflight stopped instead of asking forever/,
    );
    // The first page, then the repeat: two requests, not an endless loop.
    expect(server.requests.filter((request) => request.operation === 'ListSuppressedDestinations')).toHaveLength(2);
    expect(await readFile(snapshotFile(), 'utf8')).toBe(saved);
  });

  it('check --ses in the sandbox stops on the identities listing rather than gate rows on half of it', async () => {
    server.setState({ account: sandboxAccount(), identities: [{ name: 'team-mail.com', type: 'DOMAIN' }], hostilePaging: 'same-token' });
    const result = await cli(['check', await writeList(), '--out', join(dir, 'out'), '--ses', '--no-dns', ...cache]);
    expectOneSentence(result, /^SES in eu-west-1 answered ListEmailIdentities page 2 with a page token it had already sent/);
    await expect(readdir(join(dir, 'out'))).rejects.toThrow();
  });
});

describe('an endpoint that sends a 3 GiB answer', () => {
  it('ses status refuses it with a sentence, whether the size is declared or not, and the process does not crash', async () => {
    server.injectFaults('HugeBody', 1);
    expectOneSentence(
      await cli(['ses', 'status', ...cache]),
      /^The answer from SES in eu-west-1 was larger than 16 MB, far more than SES sends: Preflight stopped reading it\./,
    );
    server.injectFaults('HugeChunkedBody', 1);
    expectOneSentence(await cli(['ses', 'status', '--json', ...cache]), /^The answer from SES in eu-west-1 was larger than 16 MB/);
    // Not retried: the endpoint answered, and would only answer the same.
    expect(server.requests).toHaveLength(2);

    // As a user runs it, in its own process.
    server.injectFaults('HugeChunkedBody', 1);
    expectOneSentence(await cliProcess(['ses', 'status', ...cache]), /^The answer from SES in eu-west-1 was larger than 16 MB/);
  }, 60_000);

  it('ses sync refuses a huge suppression page and keeps the saved list', async () => {
    expect((await cli(['ses', 'sync', ...cache])).code).toBe(0);
    const saved = await readFile(snapshotFile(), 'utf8');
    server.injectFaults('HugeChunkedBody', 1, { operation: 'ListSuppressedDestinations' });
    expectOneSentence(await cli(['ses', 'sync', '--full', ...cache]), /^The answer from SES in eu-west-1 was larger than 16 MB/);
    expect(await readFile(snapshotFile(), 'utf8')).toBe(saved);
  });
});

describe('an endpoint that answers with the wrong types', () => {
  const wrongAccount = (answer: Record<string, unknown>) => ({
    ...answer,
    SendQuota: { Max24HourSend: 'lots', MaxSendRate: 14, SentLast24Hours: { count: 3 } },
    EnforcementStatus: { status: 'HEALTHY' },
  });

  it('ses status says the answer was unreadable instead of showing "NaN left" and "[object Object]"', async () => {
    server.setState({ rewriteAnswer: { GetAccount: wrongAccount } });
    const single = await cli(['ses', 'status', ...cache]);
    expectOneSentence(
      single,
      /^The answer from SES in eu-west-1 to GetAccount was unreadable \(SendQuota\.Max24HourSend is not what SES sends\): Preflight did not use it\./,
    );
    const all = await cli(['ses', 'status', '--all-regions', '--json']);
    const { regions } = JSON.parse(all.stdout) as { regions: { ok: boolean; error?: string }[] };
    expect(regions.every((region) => !region.ok && /to GetAccount was unreadable/.test(region.error!))).toBe(true);
    for (const result of [single, all]) expect(result.stdout + result.stderr).not.toMatch(/NaN|\[object Object\]/);
  });

  it('check --ses falls back to the saved account, with the reason in report.json, and never counts a garbled quota', async () => {
    expect((await cli(['ses', 'sync', ...cache])).code).toBe(0);
    server.setState({ rewriteAnswer: { GetAccount: wrongAccount } });
    const result = await cli(['check', await writeList(), '--out', join(dir, 'out'), '--ses', '--no-dns', ...cache]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8')) as {
      warnings: string[];
      account: { max24HourSend: unknown };
    };
    expect(
      report.warnings.some((warning) => /to GetAccount was unreadable.*Preflight used the SES account data saved on/.test(warning)),
    ).toBe(true);
    expect(report.account.max24HourSend).toBe(50_000);
    expect(result.stdout + JSON.stringify(report)).not.toMatch(/NaN|\[object Object\]/);
  });

  it('ses sync refuses a suppression page with a non-address or a garbled date, and saves nothing', async () => {
    server.setState({
      rewriteAnswer: {
        ListSuppressedDestinations: (answer) => ({
          ...answer,
          SuppressedDestinationSummaries: [{ EmailAddress: { at: 'x' }, Reason: 'BOUNCE', LastUpdateTime: 1_700_000_000 }],
        }),
      },
    });
    expectOneSentence(
      await cli(['ses', 'sync', ...cache]),
      /^The answer from SES in eu-west-1 to ListSuppressedDestinations was unreadable \(SuppressedDestinationSummaries\.0\.EmailAddress is not what SES sends\)/,
    );
    server.setState({
      rewriteAnswer: {
        ListSuppressedDestinations: (answer) => ({
          ...answer,
          SuppressedDestinationSummaries: [{ EmailAddress: 'a@b.example', Reason: 'BOUNCE', LastUpdateTime: 'yesterday' }],
        }),
      },
    });
    expectOneSentence(
      await cli(['ses', 'sync', ...cache]),
      /^The answer from SES in eu-west-1 to ListSuppressedDestinations was unreadable/,
    );
    await expect(readFile(snapshotFile(), 'utf8')).rejects.toThrow();
  });

  it('ses status says an HTML page (a captive portal) is unreadable', async () => {
    server.injectFaults('NotJson', 1);
    expectOneSentence(
      await cli(['ses', 'status', ...cache]),
      /^The answer from SES in eu-west-1 to GetAccount was unreadable: Preflight did not use it\./,
    );
  });
});
