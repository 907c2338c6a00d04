// The account channels through the real request path (schema, handler, error
// to sentence) against the local SESv2 endpoint (test/support/ses-server.ts)
// with the real SDK: profiles by name only, the live card, each failure as its
// one sentence, the saved card when SES fails, and a newer request cancelling
// an older one.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountCardResult, IpcResult, RequestChannel } from '../../shared/ipc/contract';
import { SES_REGIONS } from '../../shared/model/ses';
import { createHandlers } from '../../electron/main/handlers';
import { dispatchRequest } from '../../electron/main/ipc-dispatch';
import type { Logger } from '../../electron/main/log';
import { readAccountEvidence } from '../../electron/services/ses/account-evidence';
import { refusedTcpPort } from '../support/refused-port';
import { isolatedAwsEnv, productionAccount, sandboxAccount, startSesServer } from '../support/ses-server';
import type { FakeSesState, RunningSesServer } from '../support/ses-server';

let dir: string;
let server: RunningSesServer | undefined;
let handlers: ReturnType<typeof createHandlers> | undefined;
const logged: string[] = [];
const log: Logger = { info: () => {}, warn: (m) => logged.push(m), error: (m) => logged.push(m) };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-account-handlers-'));
  logged.length = 0;
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
});

afterEach(async () => {
  await handlers?.dispose();
  handlers = undefined;
  await server?.stop();
  server = undefined;
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

async function withSes(state: FakeSesState): Promise<RunningSesServer> {
  server = await startSesServer({ rateLimit: null, ...state });
  vi.stubEnv('AWS_ENDPOINT_URL_SESV2', server.endpoint);
  return server;
}

function call(channel: RequestChannel, ...args: unknown[]): Promise<IpcResult<unknown>> {
  handlers ??= createHandlers({
    dialogs: { openList: async () => null, openSuppression: async () => null, chooseExportFolder: async () => null },
    shell: { openExternal: async () => {}, showFolder: async () => {} },
    emit: () => {},
    dataDir: join(dir, 'data'),
    engineWorkerPath: join(dir, 'no-worker-needed.cjs'),
    log,
  });
  return dispatchRequest(handlers.handlers, channel, args, log);
}

async function card(request: { profile?: string; region?: string }): Promise<AccountCardResult> {
  const result = await call('account:card', request);
  if (!result.ok) throw new Error(`account:card failed: ${result.message}`);
  return result.value as AccountCardResult;
}

async function failure(request: { profile?: string; region?: string }): Promise<string> {
  const result = await call('account:card', request);
  if (result.ok) throw new Error(`account:card answered ${JSON.stringify(result.value)}`);
  return result.message;
}

describe('account:profiles', () => {
  it('lists profile names from ~/.aws, default first, and never a key', async () => {
    await writeFile(
      join(dir, 'aws-config'),
      '[profile zeta]\nregion = eu-west-1\n\n[default]\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://x\n',
    );
    await writeFile(
      join(dir, 'aws-credentials'),
      '[alpha]\naws_access_key_id = AKIAEXAMPLEKEY000000\naws_secret_access_key = very-secret-value\n',
    );
    const result = await call('account:profiles');
    expect(result).toEqual({ ok: true, value: ['default', 'alpha', 'zeta'] });
    expect(JSON.stringify(result)).not.toMatch(/AKIA|very-secret/);
  });

  it('answers an empty list without ~/.aws', async () => {
    expect(await call('account:profiles')).toEqual({ ok: true, value: [] });
  });
});

describe('account:card', () => {
  it('reads a sandbox account live, with the production-access advice', async () => {
    await withSes({ account: sandboxAccount({ sentLast24Hours: 7 }) });
    const result = await card({ region: 'eu-west-1' });
    expect(result.source).toBe('live');
    expect(result.card.profile).toBe('default');
    expect(result.card.account).toMatchObject({
      region: 'eu-west-1',
      productionAccessEnabled: false,
      max24HourSend: 200,
      maxSendRate: 1,
      sentLast24Hours: 7,
      sendingEnabled: true,
      enforcementStatus: 'HEALTHY',
    });
    expect(result.card.productionAccess?.join(' ')).toContain('Request production access for eu-west-1');
    expect(result.card.suppression).toBeNull();
    expect(server!.requests.map((r) => [r.operation, r.region])).toEqual([['GetAccount', 'eu-west-1']]);
  });

  it('uses the profile’s region when none is chosen, and reads production accounts per region', async () => {
    await writeFile(join(dir, 'aws-config'), '[profile marketing]\nregion = us-west-2\n');
    await writeFile(join(dir, 'aws-credentials'), '[marketing]\naws_access_key_id = AKIAFAKEMARKETING000\naws_secret_access_key = fake\n');
    await withSes({ account: sandboxAccount(), regions: { 'us-west-2': { account: productionAccount() } } });
    const result = await card({ profile: 'marketing' });
    expect(result.card.profile).toBe('marketing');
    expect(result.card.account).toMatchObject({ region: 'us-west-2', productionAccessEnabled: true, max24HourSend: 50_000 });
    expect(result.card).not.toHaveProperty('productionAccess');
  });

  it('says in one sentence when there are no credentials, naming the Profile list rather than a flag', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', undefined);
    await withSes({ account: sandboxAccount() });
    expect(await failure({ region: 'eu-west-1' })).toBe(
      'No AWS credentials were found: choose a profile in the Profile list, or set one up with the AWS CLI (aws configure, or aws configure sso), then check the account again.',
    );
    expect(server!.requests).toEqual([]);
  });

  it('says how to log in again when the SSO session has expired, in the app’s words', async () => {
    await writeFile(
      join(dir, 'aws-config'),
      '[profile work]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = eu-west-1\n\n[sso-session corp]\nsso_start_url = https://corp-test.awsapps.com/start\nsso_region = us-east-1\n',
    );
    await withSes({ account: sandboxAccount() });
    expect(await failure({ profile: 'work' })).toBe(
      "The AWS SSO session of profile 'work' has expired or was never started: sign in again with the AWS CLI (aws sso login, for profile 'work'), then check the account again.",
    );
  });

  it('names the missing permission on AccessDenied', async () => {
    await withSes({ account: sandboxAccount(), regions: { 'eu-west-1': { fault: 'AccessDenied' } } });
    expect(await failure({ region: 'eu-west-1' })).toMatch(
      /^Your AWS identity \(profile 'default'\) is not allowed to call ses:GetAccount in eu-west-1: add that action to its IAM policy/,
    );
  });

  it('says the region is not an SES region when AWS refuses it', async () => {
    await withSes({ account: sandboxAccount(), signingRegions: [...SES_REGIONS] });
    expect(await failure({ region: 'xx-nowhere-1' })).toMatch(/^SES is not offered in region 'xx-nowhere-1'/);
  });

  it('refuses a malformed region before any request', async () => {
    await withSes({ account: sandboxAccount() });
    expect(await failure({ region: 'mars' })).toBe(
      'Preflight refused a malformed "account:card" request: argument 1 (region) must be an AWS region such as eu-west-1.',
    );
    expect(server!.requests).toEqual([]);
  });

  it('says SES could not be reached when the network is down', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SESV2', `http://127.0.0.1:${await refusedTcpPort()}`);
    expect(await failure({ region: 'eu-west-1' })).toMatch(
      /^Could not reach SES in eu-west-1 \(ECONNREFUSED\): check your internet connection/,
    );
  }, 30_000);

  it('falls back to the account the last check saved, with the sentence saying why', async () => {
    const ses = await withSes({
      account: sandboxAccount({ sentLast24Hours: 3 }),
      identities: [{ name: 'me@example.org', type: 'EMAIL_ADDRESS' }],
    });
    // A check with the account saves it in <dataDir>/cache, the folder the card reads.
    await readAccountEvidence({ region: 'eu-west-1', cacheDir: join(dir, 'data', 'cache'), minIntervalMs: 0, txtLookup: null });
    ses.setState({ regions: { 'eu-west-1': { fault: 'AccessDenied' } } });
    const result = await card({ region: 'eu-west-1' });
    expect(result.source).toBe('saved');
    if (result.source !== 'saved') return;
    expect(result.error).toMatch(/is not allowed to call ses:GetAccount in eu-west-1/);
    expect(Date.parse(result.savedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(result.card.account).toMatchObject({ region: 'eu-west-1', productionAccessEnabled: false, sentLast24Hours: 3 });
    expect(result.card.suppression).toMatchObject({ entries: 0 });
    expect(result.card.productionAccess?.length).toBeGreaterThan(0);
    // Another region has nothing saved: only the sentence.
    ses.setState({ regions: { 'eu-west-1': { fault: 'AccessDenied' }, 'us-east-1': { fault: 'AccessDenied' } } });
    expect(await failure({ region: 'us-east-1' })).toMatch(/is not allowed to call ses:GetAccount in us-east-1/);
  }, 30_000);

  it('cancels a card still waiting on SES when a newer one is asked for', async () => {
    const ses = await withSes({ account: sandboxAccount(), regions: { 'us-west-2': { account: productionAccount() } } });
    ses.injectFaults('Hang', 1, { region: 'eu-west-1' });
    const slow = call('account:card', { region: 'eu-west-1' });
    await vi.waitFor(() => expect(ses.requests.length).toBe(1));
    const fast = await card({ region: 'us-west-2' });
    expect(fast.card.account.productionAccessEnabled).toBe(true);
    expect(await slow).toEqual({ ok: false, message: 'The SES request was cancelled.' });
  });
});

describe('preferences', () => {
  it('keeps the bounce target, DNS mode and SES choices, and refuses a target outside 0.1%–10%', async () => {
    await mkdir(join(dir, 'data'), { recursive: true });
    const defaults = (await call('prefs:get')) as { ok: true; value: Record<string, unknown> };
    expect(defaults.value.bounceTarget).toBe(0.02);
    const chosen = {
      ...defaults.value,
      bounceTarget: 0.01,
      dnsMode: 'servers',
      dnsServers: ['127.0.0.1:5353'],
      useSes: true,
      awsRegion: 'eu-west-1',
      sesFromIdentity: 'news@example.org',
    };
    expect(await call('prefs:set', chosen)).toEqual({ ok: true, value: chosen });
    expect(await call('prefs:get')).toEqual({ ok: true, value: chosen });
    const tooHigh = await call('prefs:set', { ...chosen, bounceTarget: 0.2 });
    expect(tooHigh.ok).toBe(false);
    expect(await call('prefs:set', { ...chosen, sesFromIdentity: 'Sam <news@example.org>' })).toMatchObject({ ok: false });
    expect(await call('prefs:get')).toEqual({ ok: true, value: chosen });
  });
});

describe('account:contact-lists', () => {
  it('lists the account’s contact lists with their topics, for the Columns screen’s picker', async () => {
    await withSes({
      account: productionAccount(),
      contactLists: [
        {
          name: 'Newsletter',
          topics: [
            { name: 'weekly', defaultStatus: 'OPT_IN' },
            { name: 'offers', defaultStatus: 'OPT_OUT' },
          ],
          contacts: [{ email: 'gone@example.com', unsubscribeAll: true }],
        },
      ],
    });
    expect(await call('account:contact-lists', { region: 'eu-west-1' })).toEqual({
      ok: true,
      value: { region: 'eu-west-1', lists: [{ name: 'Newsletter', topics: ['weekly', 'offers'] }] },
    });
    // Names only: the contacts are read by the check, not by the picker.
    expect(server!.requests.map((r) => r.operation)).toEqual(['ListContactLists', 'GetContactList']);
  });

  it('answers no lists for an account without one', async () => {
    await withSes({ account: productionAccount() });
    expect(await call('account:contact-lists', { region: 'eu-west-1' })).toEqual({ ok: true, value: { region: 'eu-west-1', lists: [] } });
  });

  it('says in one sentence which action the AWS identity is not allowed, without a flag', async () => {
    const ses = await withSes({ account: productionAccount() });
    ses.injectFaults('AccessDenied', 1, { operation: 'ListContactLists' });
    const result = await call('account:contact-lists', { region: 'eu-west-1' });
    expect(result).toEqual({
      ok: false,
      message:
        "Your AWS identity (profile 'default') is not allowed to call ses:ListContactLists in eu-west-1: add that action to its IAM policy (docs/ses.md lists the minimal policy), then try again.",
    });
  });

  it('refuses a region that is not one', async () => {
    const result = await call('account:contact-lists', { region: 'mars' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('must be an AWS region such as eu-west-1');
  });
});
