// `preflight ses status|sync` against the fake endpoint (AWS_ENDPOINT_URL_SESV2),
// with the real SDK underneath.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runSesCommand } from '../../electron/cli/ses-command';
import { SES_REGIONS } from '../../shared/model/ses';
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

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-ses-cli-'));
  server = await startSesServer({ account: productionAccount(), suppressed: generateSuppressed(1_500), rateLimit: { perSecond: 1 } });
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir, { AWS_ENDPOINT_URL_SESV2: server.endpoint, AWS_REGION: 'eu-west-1' })))
    vi.stubEnv(name, value);
});

afterEach(async () => {
  await server.stop();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const code = await runSesCommand(argv, { stdout, stderr, env: { PREFLIGHT_CACHE_DIR: join(dir, 'cache') } });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('preflight ses status', () => {
  it('prints the card for a sandbox account, with what to do about it', async () => {
    server.setState({ account: sandboxAccount({ sentLast24Hours: 12, reviewStatus: 'PENDING', reviewCaseId: '42' }) });
    const { code, stdout, stderr } = await run('status');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('SES account in eu-west-1 (profile default)');
    expect(stdout).toMatch(/Access\s+sandbox \(production access not granted in this region\)/);
    expect(stdout).toMatch(/Daily quota\s+200 recipients per rolling 24 hours \(12 sent, 188 left\)/);
    expect(stdout).toMatch(/Send rate\s+1 message per second/);
    expect(stdout).toMatch(/Sending\s+enabled/);
    expect(stdout).toMatch(/Enforcement\s+HEALTHY/);
    expect(stdout).toMatch(/Access review\s+PENDING \(case 42\)/);
    expect(stdout).toMatch(/Suppression list\s+none saved yet: run `preflight ses sync`/);
    expect(stdout).toContain('In the sandbox:');
    expect(stdout).toContain('Request production access for eu-west-1');
    expect(stdout).toContain('bounce rate under 5% and the complaint rate under 0.1%');
    expect(stdout).toContain('unverified_sandbox');
  });

  it('prints the card for a production account, without sandbox advice', async () => {
    const { code, stdout } = await run('status', '--region', 'us-east-2');
    expect(code).toBe(0);
    expect(stdout).toContain('SES account in us-east-2');
    expect(stdout).toMatch(/Access\s+production\n/);
    expect(stdout).toMatch(/Daily quota\s+50,000 recipients per rolling 24 hours \(1,234 sent, 48,766 left\)/);
    expect(stdout).toMatch(/Send rate\s+14 messages per second/);
    expect(stdout).toMatch(/Access review\s+GRANTED \(case 1234567890\)/);
    expect(stdout).not.toContain('In the sandbox');
    expect(server.requests[0]).toMatchObject({ region: 'us-east-2', operation: 'GetAccount' });
  });

  it('shows an unlimited quota as such', async () => {
    server.setState({ account: productionAccount({ max24HourSend: -1 }) });
    expect((await run('status')).stdout).toMatch(/Daily quota\s+unlimited \(1,234 sent in the last 24 hours\)/);
  });

  it('--json prints the account as data', async () => {
    server.setState({ account: sandboxAccount() });
    const { code, stdout } = await run('status', '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      profile: 'default',
      account: {
        region: 'eu-west-1',
        max24HourSend: 200,
        maxSendRate: 1,
        sentLast24Hours: 0,
        productionAccessEnabled: false,
        sendingEnabled: true,
        enforcementStatus: 'HEALTHY',
      },
      suppression: null,
    });
    expect(parsed.productionAccess).toHaveLength(4);
  });

  it('--all-regions prints a row per SES region; a failing region shows its sentence and the command still succeeds', async () => {
    server.setState({ regions: { 'eu-west-1': { account: sandboxAccount() }, 'af-south-1': { fault: 'UnrecognizedClient' } } });
    const { code, stdout } = await run('status', '--all-regions');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`SES account in ${SES_REGIONS.length} regions (profile default)`);
    expect(lines.find((line) => line.startsWith('eu-west-1 '))).toMatch(/^eu-west-1\s+sandbox\s+200\s+1\s+0\s+yes\s+HEALTHY$/);
    expect(lines.find((line) => line.startsWith('us-east-1 '))).toMatch(/^us-east-1\s+production\s+50,000\s+14\s+1,234\s+yes\s+HEALTHY$/);
    expect(lines.find((line) => line.startsWith('af-south-1 '))).toMatch(
      /^af-south-1\s+error: Region af-south-1 is an opt-in region that is not enabled/,
    );
    expect(stdout).toContain('In the sandbox in 1 region: production access is requested region by region');
    expect(new Set(server.requests.map((request) => request.region)).size).toBe(SES_REGIONS.length);
  });

  it('--all-regions --json lists every region with its result', async () => {
    server.setState({ regions: { 'us-west-1': { fault: 'AccessDenied' } } });
    const { code, stdout } = await run('status', '--all-regions', '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { regions: { region: string; ok: boolean; error?: string }[] };
    expect(parsed.regions).toHaveLength(SES_REGIONS.length);
    expect(parsed.regions.find((result) => result.region === 'us-west-1')).toMatchObject({
      ok: false,
      error: expect.stringContaining('ses:GetAccount in us-west-1'),
    });
    expect(parsed.regions.filter((result) => result.ok)).toHaveLength(SES_REGIONS.length - 1);
  });

  it('--all-regions fails (exit 1) only when no region answers', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', undefined);
    const { code, stderr } = await run('status', '--all-regions');
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^preflight: no region answered\. No AWS credentials were found/);
  });

  it('a failure is one sentence on stderr and exit 1', async () => {
    server.injectFaults('AccessDenied', 1);
    const { code, stdout, stderr } = await run('status');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      "preflight: Your AWS identity (profile 'default') is not allowed to call ses:GetAccount in eu-west-1: add that action to its IAM policy (docs/ses.md lists the minimal policy), then try again.\n",
    );
  });

  it('no region is one sentence and exit 1', async () => {
    vi.stubEnv('AWS_REGION', undefined);
    const { code, stderr } = await run('status');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^preflight: No AWS region is set: choose one with --region/);
  });

  it('bad usage exits 2', async () => {
    expect((await run('status', '--bogus')).code).toBe(2);
    expect((await run('status', '--all-regions', '--region', 'us-east-1')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('sync', '--json')).code).toBe(2);
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('preflight ses status');
  });
});

describe('preflight ses sync', () => {
  it('refreshes the snapshot, with no progress lines in a pipe, and status then shows it', async () => {
    const synced = await run('sync');
    expect(synced.code).toBe(0);
    // Progress is for a terminal; a pipeline's stderr gets only warnings and errors.
    expect(synced.stderr).toBe('');
    expect(synced.stdout).toMatch(
      /^Suppression list for eu-west-1 \(profile default\): 1,500 addresses \(1,200 bounces, 300 complaints\), saved \d{4}-\d\d-\d\d \d\d:\d\d UTC \(full read: 2 pages, \d+\.\d s\)\.\n$/,
    );
    // Paced: GetAccount, then two pages, at SES's one request per second, never throttled.
    expect(server.requests.map((request) => request.status)).toEqual([200, 200, 200]);

    const status = await run('status');
    expect(status.stdout).toMatch(
      /Suppression list\s+1,500 addresses, saved \d{4}-\d\d-\d\d \d\d:\d\d UTC \(refresh: preflight ses sync\)/,
    );
  }, 15_000);

  it('in the sandbox where SES refuses the list: a warning, exit 0', async () => {
    server.setState({ account: sandboxAccount(), suppressionInSandbox: 'refused' });
    const { code, stdout, stderr } = await run('sync');
    expect(code).toBe(0);
    expect(stderr).toContain('warning: The SES account-level suppression list is not available in the sandbox in eu-west-1.');
    expect(stdout).toBe('No suppression list was saved for eu-west-1 (profile default).\n');
  }, 15_000);

  it('a failure is one sentence and exit 1', async () => {
    server.injectFaults('ExpiredToken', 1);
    const { code, stderr } = await run('sync');
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^preflight: The AWS session of profile 'default' has expired/);
  });

  it('a --profile that does not exist is named (env keys are not used once a profile is chosen)', async () => {
    // The SDK warns on the console that both a profile and env keys are set: expected here.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { code, stderr } = await run('sync', '--profile', 'marketing');
    expect(code).toBe(1);
    expect(stderr).toMatch(/preflight: There is no AWS profile named 'marketing'/);
    warn.mockRestore();
  });
});
