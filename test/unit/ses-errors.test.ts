// Each failure a user meets, produced for real (the SDK's credential chain, the
// fake endpoint's typed errors, refused connections, look-ups that fail), and the
// one sentence Preflight says about it. No secret may appear in any sentence.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent as HttpsAgent } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getAccountStatus } from '../../electron/services/ses/account';
import { createSesClient, listProfiles, resolveRegion, type SesClientOptions } from '../../electron/services/ses/client';
import { describeSesError, isSesUserError, type SesErrorKind, type SesUserError } from '../../electron/services/ses/errors';
import { isUserError } from '../../shared/model/errors';
import { isolatedAwsEnv, productionAccount, startSesServer, type RunningSesServer } from '../support/ses-server';

let dir: string;
let server: RunningSesServer;
const FAKE_KEY_ID = 'AKIAFAKEKEYFORTESTS00';
const FAKE_SECRET = 'fake-secret-key-for-tests-only';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-ses-errors-'));
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
  server = await startSesServer({ account: productionAccount(), rateLimit: null });
});

afterEach(async () => {
  await server.stop();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

/** GetAccount through a fresh client; returns the SesUserError it failed with. */
async function failure(
  options: SesClientOptions = {},
  callOptions: Parameters<typeof getAccountStatus>[2] = { minIntervalMs: 0 },
): Promise<SesUserError> {
  const client = createSesClient({ region: 'eu-west-1', endpoint: server.endpoint, ...options });
  try {
    await getAccountStatus(client, undefined, callOptions);
  } catch (error) {
    expect(isSesUserError(error)).toBe(true);
    expect(isUserError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).not.toContain(FAKE_SECRET);
    expect(message).not.toContain(FAKE_KEY_ID);
    expect(message).not.toMatch(/\n|\s{2}|at .*\.js:\d+/); // one sentence, no stack
    return error as SesUserError;
  } finally {
    client.destroy();
  }
  throw new Error('expected GetAccount to fail');
}

async function writeConfig(text: string): Promise<void> {
  await writeFile(join(dir, 'aws-config'), text);
}

function withoutKeys(): void {
  vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', undefined);
}

/** An https agent whose host look-up always fails: no query ever leaves the process. */
function failingLookupAgent(asked: string[], code = 'ENOTFOUND'): HttpsAgent {
  return new HttpsAgent({
    lookup: ((hostname: string, _options: unknown, callback: (error: Error) => void) => {
      asked.push(hostname);
      callback(Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, hostname, syscall: 'getaddrinfo' }));
    }) as never,
  });
}

function expectKind(error: SesUserError, kind: SesErrorKind, sentence: RegExp): void {
  expect(error.kind).toBe(kind);
  expect(error.code).toBe('ses_failed');
  expect(error.message).toMatch(sentence);
}

describe('credentials', () => {
  it('no credentials anywhere: how to configure them, and nothing was sent', async () => {
    withoutKeys();
    const error = await failure();
    expectKind(
      error,
      'no_credentials',
      /^No AWS credentials were found: run `aws configure` \(or `aws configure sso`\), set AWS_PROFILE, or choose a profile with --profile\.$/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('an SSO profile whose cached session expired: run aws sso login for that profile', async () => {
    withoutKeys();
    const startUrl = 'https://preflight-test.awsapps.com/start';
    await writeConfig(
      `[profile work]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = eu-west-1\n`,
    );
    const cache = join(dir, '.aws', 'sso', 'cache');
    await mkdir(cache, { recursive: true });
    await writeFile(
      join(cache, `${createHash('sha1').update(startUrl).digest('hex')}.json`),
      JSON.stringify({ startUrl, region: 'us-east-1', accessToken: 'expired-token', expiresAt: '2020-01-01T00:00:00Z' }),
    );
    const error = await failure({ profile: 'work' });
    expectKind(
      error,
      'sso_expired',
      /^The AWS SSO session of profile 'work' has expired or was never started: run `aws sso login --profile work`, then try again\.$/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('an sso-session profile never logged in gets the same way forward', async () => {
    withoutKeys();
    await writeConfig(
      `[profile team]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n\n[sso-session corp]\nsso_start_url = https://corp-test.awsapps.com/start\nsso_region = us-east-1\n`,
    );
    const error = await failure({ profile: 'team' });
    expectKind(error, 'sso_expired', /aws sso login --profile team/);
  });

  it('a profile that does not exist is named', async () => {
    withoutKeys();
    await writeConfig('[profile real]\nregion = eu-west-1\n');
    const error = await failure({ profile: 'ghost' });
    expectKind(
      error,
      'profile_not_found',
      /^There is no AWS profile named 'ghost' in ~\/\.aws\/config or ~\/\.aws\/credentials: pick an existing profile, or create it with `aws configure --profile ghost`\.$/,
    );
  });

  it('a failing credential_process says to run it by hand', async () => {
    withoutKeys();
    await writeConfig('[profile proc]\ncredential_process = /bin/false\n');
    const error = await failure({ profile: 'proc' });
    expectKind(error, 'credential_process', /credential_process of AWS profile 'proc' failed/);
  });

  it('an expired session token (ExpiredTokenException)', async () => {
    server.injectFaults('ExpiredToken', 1);
    const error = await failure({ profile: undefined });
    expectKind(error, 'token_expired', /has expired: for an SSO profile run `aws sso login --profile default`/);
    expect(error.status).toBe(403);
  });

  it('an unknown access key (UnrecognizedClientException), and an opt-in region not enabled', async () => {
    server.injectFaults('UnrecognizedClient', 1);
    expectKind(await failure(), 'invalid_credentials', /AWS does not recognise the access key of profile 'default'/);
    server.injectFaults('UnrecognizedClient', 1);
    expectKind(await failure({ region: 'af-south-1' }), 'region_not_enabled', /Region af-south-1 is an opt-in region that is not enabled/);
  });
});

describe('permissions', () => {
  it('AccessDenied names the missing action and the region', async () => {
    server.injectFaults('AccessDenied', 1);
    const error = await failure();
    expectKind(
      error,
      'access_denied',
      /^Your AWS identity \(profile 'default'\) is not allowed to call ses:GetAccount in eu-west-1: add that action to its IAM policy \(docs\/ses\.md lists the minimal policy\), then try again\.$/,
    );
  });

  it('AccessDenied without the action in the message falls back to the call made', () => {
    const error = describeSesError(
      { name: 'AccessDeniedException', message: 'Access denied', $metadata: { httpStatusCode: 403 } },
      { action: 'ses:ListSuppressedDestinations', region: 'us-east-1' },
    );
    expect(error.message).toContain('ses:ListSuppressedDestinations in us-east-1');
  });
});

describe('regions', () => {
  it('no region anywhere: how to set one', async () => {
    const client = createSesClient({ endpoint: server.endpoint });
    const error = (await resolveRegion(client).catch((caught: unknown) => caught)) as SesUserError;
    expectKind(error, 'no_region', /^No AWS region is set: choose one with --region/);
    client.destroy();
  });

  it("the profile's region, AWS_REGION and AWS_DEFAULT_REGION are honoured in that order", async () => {
    await writeConfig('[default]\nregion = ap-northeast-1\n');
    const fromProfile = createSesClient({});
    expect(await resolveRegion(fromProfile)).toBe('ap-northeast-1');
    vi.stubEnv('AWS_DEFAULT_REGION', 'sa-east-1');
    expect(await resolveRegion(createSesClient({}))).toBe('sa-east-1');
    vi.stubEnv('AWS_REGION', 'eu-north-1');
    expect(await resolveRegion(createSesClient({}))).toBe('eu-north-1');
    expect(await resolveRegion(createSesClient({ region: 'us-west-2' }))).toBe('us-west-2');
  });

  it('a malformed region is refused before anything is sent', () => {
    let caught: unknown;
    try {
      createSesClient({ region: 'us east 1' });
    } catch (error) {
      caught = error;
    }
    expectKind(caught as SesUserError, 'bad_region', /^'us east 1' is not an AWS region name: choose one of us-east-1, /);
  });

  it('a region where SES is not offered: the endpoint host does not resolve', async () => {
    const asked: string[] = [];
    const error = await failure({ region: 'us-east-7', endpoint: undefined, httpsAgent: failingLookupAgent(asked) });
    expect(asked).toEqual(['email.us-east-7.amazonaws.com']);
    expectKind(error, 'bad_region', /^SES is not offered in region 'us-east-7' \(or the name is mistyped\): choose one of us-east-1, /);
  });

  it('a region the endpoint refuses to sign for (as AWS does for an unknown region)', async () => {
    server.setState({ signingRegions: ['eu-west-1'] });
    const error = await failure({ region: 'eu-wets-1' });
    expectKind(error, 'bad_region', /SES is not offered in region 'eu-wets-1'/);
  });
});

describe('network', () => {
  it('connection refused: check the connection, one attempt only', async () => {
    const closed = createServer();
    await new Promise<void>((resolveListen) => closed.listen(0, '127.0.0.1', resolveListen));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolveClose) => closed.close(() => resolveClose()));
    const error = await failure({ endpoint: `http://127.0.0.1:${port}` });
    expectKind(
      error,
      'network',
      /^Could not reach SES in eu-west-1 \(ECONNREFUSED\): check your internet connection \(or proxy and firewall\), then try again\.$/,
    );
  });

  it('no DNS (offline laptop) for a real region: a network failure, not a region one', async () => {
    const asked: string[] = [];
    const error = await failure({ region: 'us-east-1', endpoint: undefined, httpsAgent: failingLookupAgent(asked, 'EAI_AGAIN') });
    expect(asked[0]).toBe('email.us-east-1.amazonaws.com');
    expectKind(error, 'network', /Could not reach SES in us-east-1 \(EAI_AGAIN\)/);
  });

  it('an endpoint that never answers times out, after retrying', async () => {
    server.injectFaults('Hang', 10);
    const started = performance.now();
    const error = await failure({ requestTimeoutMs: 300 });
    expectKind(error, 'timeout', /^SES in eu-west-1 did not answer in time/);
    expect(server.requests).toHaveLength(3); // the first try and two retries
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a dropped connection is retried and then succeeds', async () => {
    server.injectFaults('Reset', 1);
    const client = createSesClient({ region: 'eu-west-1', endpoint: server.endpoint });
    await expect(getAccountStatus(client, undefined, { minIntervalMs: 0 })).resolves.toMatchObject({ productionAccessEnabled: true });
    expect(server.requests).toHaveLength(2);
    client.destroy();
  });
});

describe('throttling and server errors', () => {
  it('throttling that outlasts the retries: wait and try again', async () => {
    server.injectFaults('Throttling', 20);
    const error = await failure({}, { minIntervalMs: 5, throttleRetries: 3 });
    expectKind(
      error,
      'throttled',
      /^SES kept refusing requests in eu-west-1 for going over its rate limit \(about one request per second\) after 4 tries: wait a minute/,
    );
    expect(server.requests.map((request) => request.status)).toEqual([429, 429, 429, 429]);
    // Backoff grew between tries.
    const gaps = server.requests.slice(1).map((request, index) => request.at - server.requests[index]!.at);
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
  });

  it('a throttled request that SES later accepts succeeds', async () => {
    server.injectFaults('Throttling', 2);
    const client = createSesClient({ region: 'eu-west-1', endpoint: server.endpoint });
    await expect(getAccountStatus(client, undefined, { minIntervalMs: 5 })).resolves.toMatchObject({ region: 'eu-west-1' });
    client.destroy();
  });

  it('a lasting internal error', async () => {
    server.injectFaults('InternalFailure', 5);
    const error = await failure();
    expectKind(error, 'service', /^SES in eu-west-1 failed with an internal error \(InternalFailure\) several times in a row/);
    expect(server.requests).toHaveLength(3);
  });

  it('a cancelled request is a cancelled UserError', async () => {
    const controller = new AbortController();
    controller.abort();
    const client = createSesClient({ region: 'eu-west-1', endpoint: server.endpoint });
    const error = await getAccountStatus(client, undefined, { signal: controller.signal }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'UserError', code: 'cancelled', kind: 'cancelled' });
    client.destroy();
  });
});

describe('secrets', () => {
  it('an account status carries no credential material', async () => {
    const client = createSesClient({ region: 'eu-west-1', endpoint: server.endpoint });
    const status = JSON.stringify(await getAccountStatus(client, undefined, { minIntervalMs: 0 }));
    expect(status).not.toContain(FAKE_SECRET);
    expect(status).not.toContain(FAKE_KEY_ID);
    client.destroy();
  });
});

describe('listProfiles', () => {
  it('lists profile names from both files, default first, nothing else', async () => {
    await writeConfig(
      `[default]\nregion = eu-west-1\n\n[profile work]\nsso_session = corp\n\n[sso-session corp]\nsso_start_url = https://x\n\n[services local]\nsesv2 =\n  endpoint_url = http://localhost\n\n[profile  spaced ] # comment\nregion = us-east-1\n`,
    );
    await writeFile(
      join(dir, 'aws-credentials'),
      `[default]\naws_access_key_id = ${FAKE_KEY_ID}\naws_secret_access_key = ${FAKE_SECRET}\n\n[ci]\naws_access_key_id = X\n`,
    );
    const profiles = await listProfiles();
    expect(profiles).toEqual(['default', 'ci', 'spaced', 'work']);
    expect(JSON.stringify(profiles)).not.toContain(FAKE_SECRET);
  });

  it('respects AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, and is empty without files', async () => {
    expect(await listProfiles()).toEqual([]);
    const other = join(dir, 'elsewhere');
    await writeFile(other, '[profile moved]\n');
    vi.stubEnv('AWS_CONFIG_FILE', other);
    expect(await listProfiles()).toEqual(['moved']);
  });
});
