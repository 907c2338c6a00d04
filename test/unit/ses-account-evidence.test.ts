// What the check pipeline gets from SES once per run, live and from saved data.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getAccountStatusAllRegions, toReportAccount } from '../../electron/services/ses/account';
import {
  readAccountEvidence,
  type AccountEvidenceOptions,
  type AccountEvidenceProgress,
} from '../../electron/services/ses/account-evidence';
import { accountCacheFolder } from '../../electron/services/ses/suppression';
import {
  generateSuppressed,
  isolatedAwsEnv,
  productionAccount,
  sandboxAccount,
  startSesServer,
  type RunningSesServer,
} from '../support/ses-server';

let dir: string;
let cacheDir: string;
let server: RunningSesServer;

const identities = [
  { name: 'me@team.test', type: 'EMAIL_ADDRESS' as const },
  {
    name: 'verified.test',
    type: 'DOMAIN' as const,
    dkim: { signingEnabled: true, status: 'SUCCESS' as const },
    mailFrom: { domain: 'mail.verified.test', status: 'SUCCESS' as const },
  },
];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-ses-stage-'));
  cacheDir = join(dir, 'cache');
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
  server = await startSesServer({ account: productionAccount(), identities, suppressed: generateSuppressed(120), rateLimit: null });
});

afterEach(async () => {
  await server.stop();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const stage = (options: Partial<AccountEvidenceOptions> = {}) =>
  readAccountEvidence({
    region: 'eu-west-1',
    cacheDir,
    endpoint: server.endpoint,
    minIntervalMs: 0,
    pageSize: 50,
    txtLookup: null,
    ...options,
  });

describe('readAccountEvidence', () => {
  it('production: the account, the suppression list, no gate; everything saved', async () => {
    const progress: AccountEvidenceProgress[] = [];
    const result = await stage({ onProgress: (update) => progress.push(update) });
    expect(result.source).toBe('live');
    expect(result.sandboxGate).toBeNull();
    expect(result.warnings).toEqual([]);
    expect(result.suppression?.entries.size).toBe(120);
    expect(result.account).toMatchObject({ region: 'eu-west-1', productionAccessEnabled: true, max24HourSend: 50_000, maxSendRate: 14 });
    expect(Date.parse(result.account.suppressionSnapshotAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(result.suppressionSync).toMatchObject({ mode: 'full', pages: 3, received: 120 });
    // Production: no identity listing needed.
    expect(server.requests.map((request) => request.operation)).toEqual([
      'GetAccount',
      'ListSuppressedDestinations',
      'ListSuppressedDestinations',
      'ListSuppressedDestinations',
    ]);
    expect((await readdir(accountCacheFolder({ cacheDir, region: 'eu-west-1', accountKey: 'default' }))).sort()).toEqual([
      'account.json',
      'suppression.json',
    ]);
    expect(progress.map((update) => update.step)).toEqual(['account', 'suppression', 'suppression', 'suppression', 'suppression']);
    expect(progress.at(-1)!.message).toBe('Reading the SES suppression list in eu-west-1: 3 pages, 120 addresses');
  });

  it('report.json gets exactly the account fields the issue lists', async () => {
    const result = await stage();
    expect(Object.keys(toReportAccount(result.account, result.account.suppressionSnapshotAt))).toEqual([
      'region',
      'max24HourSend',
      'maxSendRate',
      'sentLast24Hours',
      'productionAccessEnabled',
      'sendingEnabled',
      'enforcementStatus',
      'suppressionSnapshotAt',
    ]);
  });

  it('sandbox: the gate from verified identities; a refused suppression list is a warning, not a failure', async () => {
    server.setState({ account: sandboxAccount(), suppressionInSandbox: 'refused' });
    const result = await stage();
    expect(result.account.productionAccessEnabled).toBe(false);
    expect(result.sandboxGate?.allows('me@team.test', 'team.test')).toBe(true);
    expect(result.sandboxGate?.allows('anyone@verified.test', 'verified.test')).toBe(true);
    expect(result.sandboxGate?.allows('customer@gmail.com', 'gmail.com')).toBe(false);
    expect(result.suppression).toBeNull();
    expect(result.account.suppressionSnapshotAt).toBeNull();
    expect(result.warnings).toEqual(['The SES account-level suppression list is not available in the sandbox in eu-west-1.']);
  });

  it('sandbox with a readable suppression list uses it too', async () => {
    server.setState({ account: sandboxAccount() });
    const result = await stage();
    expect(result.sandboxGate).not.toBeNull();
    expect(result.suppression?.entries.size).toBe(120);
  });

  it('warns about paused sending and a non-healthy enforcement status', async () => {
    server.setState({ account: productionAccount({ sendingEnabled: false, enforcementStatus: 'PROBATION' }) });
    const result = await stage();
    expect(result.warnings).toEqual([
      'Sending is paused for this SES account in eu-west-1: SES will not send this campaign until it is enabled again.',
      'SES enforcement status in eu-west-1 is PROBATION: check the reputation dashboard before sending.',
    ]);
  });

  it('checks readiness of the From identity with the given TXT look-up', async () => {
    const asked: string[] = [];
    const result = await stage({
      fromIdentity: 'news@verified.test',
      txtLookup: async (name) => {
        asked.push(name);
        if (name === 'mail.verified.test') return [['v=spf1 include:amazonses.com ~all']];
        if (name === '_dmarc.verified.test') return [['v=DMARC1; p=reject']];
        throw Object.assign(new Error('no data'), { code: 'ENODATA' });
      },
    });
    expect(result.readiness).toMatchObject({ identity: 'news@verified.test', ready: true });
    expect(asked).toEqual(['mail.verified.test', '_dmarc.verified.test']);
  });

  it('a readiness check SES refuses is a warning, not a failure', async () => {
    server.injectFaults('AccessDenied', 5, { operation: 'GetEmailIdentity' });
    const result = await stage({ fromIdentity: 'verified.test' });
    expect(result.readiness).toBeUndefined();
    expect(result.warnings).toEqual([expect.stringMatching(/^Sender readiness was not checked: .*ses:GetEmailIdentity in eu-west-1/)]);
    expect(result.suppression?.entries.size).toBe(120);
  });

  it('a second run refreshes incrementally', async () => {
    await stage();
    server.clearRequests();
    const second = await stage();
    expect(second.suppressionSync?.mode).toBe('incremental');
    const list = server.requests.filter((request) => request.operation === 'ListSuppressedDestinations');
    expect(list[0]!.query.StartDate).toHaveLength(1);
  });

  describe('when SES cannot be reached', () => {
    it('continues from the saved account and snapshot, with a warning saying why', async () => {
      server.setState({ account: sandboxAccount() });
      const first = await stage();
      server.setState({ regions: { 'eu-west-1': { fault: 'InternalFailure' } } });
      server.clearRequests();
      const result = await stage();
      expect(result.source).toBe('saved');
      expect(result.account.productionAccessEnabled).toBe(false);
      expect(result.account.suppressionSnapshotAt).toBe(first.account.suppressionSnapshotAt);
      expect(result.suppression?.entries.size).toBe(120);
      expect(result.sandboxGate?.allows('me@team.test', 'team.test')).toBe(true);
      expect(result.warnings).toEqual([
        expect.stringMatching(
          /^SES in eu-west-1 failed with an internal error .* Preflight used the SES account data saved on \d{4}-\d\d-\d\d \d\d:\d\d UTC instead\.$/,
        ),
      ]);
      expect(server.requests.map((request) => request.operation)).toEqual(['GetAccount', 'GetAccount', 'GetAccount']);
    });

    it('the saved data also covers expired credentials', async () => {
      await stage();
      server.injectFaults('ExpiredToken', 1);
      const result = await stage();
      expect(result.source).toBe('saved');
      expect(result.warnings[0]).toMatch(/has expired: for an SSO profile run `aws sso login --profile default`/);
    });

    it('with nothing saved, stops with the one sentence', async () => {
      server.injectFaults('AccessDenied', 1);
      await expect(stage()).rejects.toMatchObject({
        name: 'UserError',
        code: 'ses_failed',
        message: expect.stringMatching(/not allowed to call ses:GetAccount/),
      });
    });

    it('a suppression list SES will not give continues from the saved copy, or stops without one', async () => {
      await stage();
      server.injectFaults('AccessDenied', 1, { operation: 'ListSuppressedDestinations' });
      const result = await stage();
      expect(result.source).toBe('live');
      expect(result.suppression?.entries.size).toBe(120);
      expect(result.warnings).toEqual([
        expect.stringMatching(/ses:ListSuppressedDestinations .* The check used the suppression list saved on /),
      ]);

      await rm(cacheDir, { recursive: true });
      server.injectFaults('AccessDenied', 1, { operation: 'ListSuppressedDestinations' });
      await expect(stage()).rejects.toMatchObject({
        code: 'ses_failed',
        message: expect.stringContaining('ses:ListSuppressedDestinations'),
      });
    });

    it('`ses sync` (no fallback) fails even with saved data', async () => {
      await stage();
      server.injectFaults('InternalFailure', 3);
      await expect(stage({ fallbackToSaved: false })).rejects.toMatchObject({ code: 'ses_failed' });
    });
  });

  describe('offline', () => {
    it('uses the saved data without a single request', async () => {
      await stage({ fromIdentity: undefined });
      server.clearRequests();
      const result = await stage({ offline: true, fromIdentity: 'verified.test' });
      expect(server.requests).toHaveLength(0);
      expect(result.source).toBe('saved');
      expect(result.suppression?.entries.size).toBe(120);
      expect(result.warnings).toEqual([
        expect.stringMatching(/^Offline: Preflight used the SES account data saved on /),
        'Sender readiness was not checked: it needs SES and DNS to answer.',
      ]);
    });

    it('with nothing saved, says how to get data', async () => {
      await expect(stage({ offline: true })).rejects.toMatchObject({
        code: 'ses_failed',
        message:
          "There is no saved SES account data for profile 'default' in eu-west-1 yet: run the check once online, or run `preflight ses sync`.",
      });
    });

    it('keeps profiles apart', async () => {
      await stage();
      await expect(stage({ offline: true, profile: 'other' })).rejects.toMatchObject({
        message: expect.stringContaining("profile 'other'"),
      });
    });
  });
});

describe('getAccountStatusAllRegions', () => {
  it('asks every region; a failing region gets its sentence and the rest answer', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SESV2', server.endpoint);
    server.setState({
      rateLimit: { perSecond: 1 },
      regions: {
        'eu-west-1': { account: sandboxAccount() },
        'af-south-1': { fault: 'UnrecognizedClient' },
        'us-west-2': { fault: 'AccessDenied' },
      },
    });
    const regions = ['us-east-1', 'eu-west-1', 'af-south-1', 'us-west-2', 'ap-south-1'];
    const results = await getAccountStatusAllRegions({ regions, concurrency: 3 });
    expect(results.map((result) => [result.region, result.ok])).toEqual([
      ['us-east-1', true],
      ['eu-west-1', true],
      ['af-south-1', false],
      ['us-west-2', false],
      ['ap-south-1', true],
    ]);
    expect(results[1]).toMatchObject({ ok: true, account: { productionAccessEnabled: false } });
    expect(results[2]).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Region af-south-1 is an opt-in region that is not enabled/),
    });
    expect(results[3]).toMatchObject({ ok: false, error: expect.stringContaining('ses:GetAccount in us-west-2') });
    // One request per region: each region has its own rate limit, so none was throttled.
    expect(server.requests.filter((request) => request.status === 429)).toHaveLength(0);
    expect(new Set(server.requests.map((request) => request.region))).toEqual(new Set(regions));
  });
});
