// No AWS secret leaves the SDK (issue 8, item 5). Distinctive fake credentials
// reach the real SDK the ways users give them (a [default] profile with a
// session token in the shared credentials file, a long-term key in a named
// profile, a credential_process), then every account path runs against a local
// SESv2 endpoint, through successes and failures: the app's request handlers
// (with the real engine worker for the check) and the CLI. Everything that
// leaves Preflight is collected: log lines (and the details handed to the
// logger), answers and events bound for the renderer, anything written to the
// process's stdout/stderr, the CLI's stdout and stderr, and every file
// Preflight wrote (prefs.json, the SES cache, the job folder, exports,
// report.json). None may hold a secret access key or a session token. Access
// key IDs are not secrets, but docs/ses.md promises they are not shown either
// (only a hash prefix of a long-term one is saved): checked too.
// That the log redacts addresses is log.test.ts's.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  AccountCardResult,
  AppPreferences,
  EventChannel,
  IpcResult,
  PlanQuotaReading,
  PlanResult,
  RequestChannel,
} from '../../shared/ipc/contract';
import { DEFAULT_SETTINGS } from '../../shared/model/check';
import type { CheckSettings, Report, RowPage } from '../../shared/model/check';
import { SES_REGIONS } from '../../shared/model/ses';
import type { PlanRequest } from '../../shared/plan/parameters';
import { createHandlers } from '../../electron/main/handlers';
import { dispatchRequest } from '../../electron/main/ipc-dispatch';
import { log as appLog } from '../../electron/main/log';
import type { Logger } from '../../electron/main/log';
import { cli, cliProcess } from '../support/cli';
import type { CliResult } from '../support/cli';
import { refusedTcpPort } from '../support/refused-port';
import { generateSuppressed, isolatedAwsEnv, productionAccount, sandboxAccount, startSesServer } from '../support/ses-server';
import type { FakeSesState, RunningSesServer } from '../support/ses-server';
import { buildEngineWorker } from './build-worker';

// ---------------------------------------------------------------------------
// The credentials. Shaped like real ones; every secret carries a marker that
// survives escaping, URL-encoding and truncation.

/** [default] in the shared credentials file: temporary keys with a session token. */
const SESSION_KEYS = {
  id: 'ASIAPREFLIGHTTEST001',
  secret: 'wJalrXUtnFEMI/K7MDENG/PreflightTestSecret0001',
  token: 'IQoJb3JpZ2luX2VjEPreflightSessionTokenDoNotLeak0001//////////wEaCWV1LXdlc3QtMSJHMEUCIQDx+Kq1',
};
/** [marketing]: a long-term key (the suppression snapshot keeps a hash prefix of its ID, never the ID). */
const LONG_TERM_KEYS = { id: 'AKIAPREFLIGHTTEST002', secret: 'je7MtGbClwBF/2Zp9Utk/PreflightTestSecret0002' };
/** What the credential_process of [profile helper] and friends prints. */
const PROCESS_KEYS = {
  id: 'ASIAPREFLIGHTTEST003',
  secret: 'Xq9/PreflightTestSecret0003/bPxRfiCYEXAMPLEKEY',
  token: 'FwoGZXIvYXdzEPreflightSessionTokenDoNotLeak0003+gQ1Zg==',
};

const SECRET_VALUES = [SESSION_KEYS.secret, SESSION_KEYS.token, LONG_TERM_KEYS.secret, PROCESS_KEYS.secret, PROCESS_KEYS.token];
/** Pieces of the secrets that show a leak even when the value was cut, escaped or encoded. */
const SECRET_MARKERS = [
  'PreflightTestSecret',
  'PreflightSessionTokenDoNotLeak',
  'wJalrXUtnFEMI',
  'je7MtGbClwBF',
  'IQoJb3JpZ2luX2VjE',
  'FwoGZXIvYXdzE',
  'bPxRfiCYEXAMPLEKEY',
];
const KEY_IDS = [SESSION_KEYS.id, LONG_TERM_KEYS.id, PROCESS_KEYS.id];

// ---------------------------------------------------------------------------
// Where Preflight's output is collected.

class Exposures {
  private readonly seen: { where: string; text: string }[] = [];

  /** Strings as they are; anything else as JSON (what IPC carries) and fully inspected (Maps, hidden fields). */
  add(where: string, value: unknown): void {
    const text = typeof value === 'string' ? value : `${JSON.stringify(value)}\n${inspect(value, { depth: null, showHidden: true })}`;
    this.seen.push({ where, text });
  }

  count(prefix: string): number {
    return this.seen.filter((entry) => entry.where.startsWith(prefix)).length;
  }

  /** "where: needle" for every place a needle shows up. */
  findings(needles: readonly string[]): string[] {
    return this.seen.flatMap((entry) =>
      needles.filter((needle) => entry.text.includes(needle)).map((needle) => `${entry.where}: ${needle}`),
    );
  }
}

let exposures: Exposures;
let dir: string;
/** Files the test wrote for the SDK to read: not Preflight's output. */
let credentialInputs: Set<string>;

function expectNothingSecret(): void {
  // One line per place and piece found, so a failure says where the secret went.
  expect(exposures.findings([...SECRET_VALUES, ...SECRET_MARKERS]).join('\n'), 'a secret access key or session token left the SDK').toBe(
    '',
  );
  expect(exposures.findings(KEY_IDS).join('\n'), 'an access key ID was shown or saved').toBe('');
}

/** Every file under `root` except the credential inputs, added to the exposures; returns their relative paths. */
async function collectFiles(root: string): Promise<string[]> {
  const names: string[] = [];
  for (const name of await readdir(root, { recursive: true })) {
    const path = join(root, name);
    if (credentialInputs.has(path)) continue;
    try {
      if (!(await stat(path)).isFile()) continue;
      exposures.add(`file ${relative(dir, path)}`, await readFile(path, 'latin1'));
    } catch (error) {
      // A failed job's folder is being removed meanwhile: what is gone was never kept.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    names.push(name.split('\\').join('/'));
  }
  return names;
}

// Anything the process itself prints (the app's log writes to stderr) is collected too.
let stderrLabel = 'process stderr';

/** The app's own logger (it writes to stderr), with every detail handed to it kept whole as well. */
const recordingLog: Logger = {
  info: (message) => asLog(() => appLog.info(message)),
  warn: (message, detail) => asLog(() => appLog.warn(message, detail), detail),
  error: (message, detail) => asLog(() => appLog.error(message, detail), detail),
};

function asLog(write: () => void, detail?: unknown): void {
  stderrLabel = 'log';
  try {
    write();
  } finally {
    stderrLabel = 'process stderr';
  }
  if (detail !== undefined) exposures.add('log detail', detail);
}

// ---------------------------------------------------------------------------
// The AWS set-up the SDK reads.

async function writeAwsFiles(): Promise<void> {
  const helper = join(dir, 'credential-helper.cjs');
  // A credential_process as AWS documents it: JSON on stdout. 'expired' answers
  // credentials that expired long ago; 'fail' prints them on stderr and exits 1
  // (the SDK's error then quotes that stderr).
  await writeFile(
    helper,
    `const keys = ${JSON.stringify({ Version: 1, AccessKeyId: PROCESS_KEYS.id, SecretAccessKey: PROCESS_KEYS.secret, SessionToken: PROCESS_KEYS.token })};
const mode = process.argv[2];
if (mode === 'fail') {
  process.stderr.write('credential helper: refresh failed for ' + JSON.stringify(keys) + '\\n');
  process.exit(1);
}
const expiration = mode === 'expired' ? '2001-01-01T00:00:00Z' : new Date(Date.now() + 3600000).toISOString();
process.stdout.write(JSON.stringify({ ...keys, Expiration: expiration }));
`,
  );
  const helperCommand = (mode: string) => `"${process.execPath}" "${helper}" ${mode}`;
  await writeFile(
    join(dir, 'aws-config'),
    [
      '[default]',
      'region = eu-west-1',
      '',
      '[profile marketing]',
      'region = eu-west-1',
      '',
      '[profile helper]',
      `credential_process = ${helperCommand('valid')}`,
      'region = eu-west-1',
      '',
      '[profile expired-helper]',
      `credential_process = ${helperCommand('expired')}`,
      'region = eu-west-1',
      '',
      '[profile broken-helper]',
      `credential_process = ${helperCommand('fail')}`,
      'region = eu-west-1',
      '',
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'aws-credentials'),
    [
      '[default]',
      `aws_access_key_id = ${SESSION_KEYS.id}`,
      `aws_secret_access_key = ${SESSION_KEYS.secret}`,
      `aws_session_token = ${SESSION_KEYS.token}`,
      '',
      '[marketing]',
      `aws_access_key_id = ${LONG_TERM_KEYS.id}`,
      `aws_secret_access_key = ${LONG_TERM_KEYS.secret}`,
      '',
    ].join('\n'),
  );
  credentialInputs = new Set([helper, join(dir, 'aws-config'), join(dir, 'aws-credentials')]);
}

/**
 * A stand-in for AWS refusing a signature, answering as AWS does: its message
 * quotes the canonical request it expected, signed headers and their values
 * included, so the SDK's error carries the x-amz-security-token the SDK sent.
 */
async function startSignatureMismatchServer(): Promise<{ endpoint: string; tokensSeen: string[]; stop(): Promise<void> }> {
  const tokensSeen: string[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const token = request.headers['x-amz-security-token'];
      if (typeof token === 'string') tokensSeen.push(token);
      const url = new URL(request.url ?? '/', 'http://localhost');
      const signed = /SignedHeaders=([^,\s]+)/.exec(request.headers.authorization ?? '')?.[1]?.split(';') ?? [];
      const canonical = [
        request.method,
        url.pathname,
        url.search.slice(1),
        ...signed.map((name) => `${name}:${String(request.headers[name] ?? '')}`),
        '',
        signed.join(';'),
        String(request.headers['x-amz-content-sha256'] ?? 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
      ].join('\n');
      const body = JSON.stringify({
        message:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. ' +
          `Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${canonical}'\n\n` +
          `The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n${String(request.headers['x-amz-date'] ?? '')}\n…'\n`,
      });
      response.writeHead(403, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'x-amzn-requestid': 'fake-signature-mismatch',
        'x-amzn-errortype': 'InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/',
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    tokensSeen,
    stop: () => new Promise<void>((resolveClose) => server.close(() => resolveClose())),
  };
}

let ses: RunningSesServer | undefined;
let stopOther: (() => Promise<void>) | undefined;

async function withSes(state: FakeSesState): Promise<RunningSesServer> {
  ses = await startSesServer({ rateLimit: null, ...state });
  vi.stubEnv('AWS_ENDPOINT_URL_SESV2', ses.endpoint);
  return ses;
}

/** Every request SES received was signed, and those of the [default] profile carried its session token. */
function expectSignedWithTheTestKeys(server: RunningSesServer, sessionTokenRequests: number): void {
  expect(server.requests.length).toBeGreaterThan(0);
  expect(server.requests.every((request) => request.auth)).toBe(true);
  expect(server.requests.filter((request) => request.sessionToken).length).toBeGreaterThanOrEqual(sessionTokenRequests);
}

// ---------------------------------------------------------------------------

let workerPath: string;

beforeAll(async () => {
  workerPath = await buildEngineWorker({ fakeEngine: false });
});

afterAll(async () => {
  await rm(join(workerPath, '..'), { recursive: true, force: true });
});

beforeEach(async () => {
  exposures = new Exposures();
  dir = await mkdtemp(join(tmpdir(), 'preflight-secrets-'));
  // No keys in the environment: the SDK's default chain finds them in the files.
  for (const [name, value] of Object.entries(
    isolatedAwsEnv(dir, {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      XDG_CACHE_HOME: undefined,
      PREFLIGHT_CACHE_DIR: undefined,
    }),
  )) {
    vi.stubEnv(name, value);
  }
  await writeAwsFiles();
  const capture = (label: () => string) =>
    ((chunk: unknown) => {
      exposures.add(label(), Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      return true;
    }) as typeof process.stderr.write;
  vi.spyOn(process.stderr, 'write').mockImplementation(capture(() => stderrLabel));
  vi.spyOn(process.stdout, 'write').mockImplementation(capture(() => 'process stdout'));
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => exposures.add(`console.${method}`, args));
  }
});

afterEach(async () => {
  vi.restoreAllMocks();
  await ses?.stop();
  ses = undefined;
  await stopOther?.();
  stopOther = undefined;
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// The app: the request handlers as the renderer reaches them.

interface App {
  dataDir: string;
  events: { channel: EventChannel; payload: Record<string, unknown> }[];
  call(channel: RequestChannel, ...args: unknown[]): Promise<IpcResult<unknown>>;
  value<T>(channel: RequestChannel, ...args: unknown[]): Promise<T>;
  failure(channel: RequestChannel, ...args: unknown[]): Promise<string>;
  terminal(jobId: string): Promise<{ channel: EventChannel; payload: Record<string, unknown> }>;
  dispose(): Promise<void>;
}

function openApp(exportFolder: string | null = null): App {
  const dataDir = join(dir, 'app-data');
  const events: App['events'] = [];
  const { handlers, dispose } = createHandlers({
    dialogs: { openList: async () => null, openSuppression: async () => null, chooseExportFolder: async () => exportFolder },
    shell: { openExternal: async () => {}, showFolder: async () => {} },
    emit: (channel, ...args) => {
      events.push({ channel, payload: args[0] as Record<string, unknown> });
      exposures.add(`event ${channel}`, args[0]);
    },
    dataDir,
    engineWorkerPath: workerPath,
    log: recordingLog,
    jobs: { progressIntervalMs: 0 },
  });
  const app: App = {
    dataDir,
    events,
    async call(channel, ...args) {
      const result = await dispatchRequest(handlers, channel, args, recordingLog);
      exposures.add(`answer ${channel}`, result);
      return result;
    },
    async value<T>(channel: RequestChannel, ...args: unknown[]) {
      const result = await app.call(channel, ...args);
      if (!result.ok) throw new Error(`${channel} failed: ${result.message}`);
      return result.value as T;
    },
    async failure(channel, ...args) {
      const result = await app.call(channel, ...args);
      if (result.ok) throw new Error(`${channel} answered ${JSON.stringify(result.value)}`);
      return result.message;
    },
    async terminal(jobId) {
      const deadline = Date.now() + 25_000;
      for (;;) {
        const found = events.find((e) => (e.channel === 'check:finished' || e.channel === 'check:failed') && e.payload.jobId === jobId);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`the check did not end; events: ${JSON.stringify(events.map((e) => e.channel))}`);
        await new Promise((resolveWait) => setTimeout(resolveWait, 20));
      }
    },
    dispose,
  };
  return app;
}

const LIST_ROWS = [
  'me@team-mail.com', // a verified address: send
  'user1@verified-co.com', // on a verified domain but on the suppression list: remove
  'anyone@verified-co.com', // on a verified domain: send
  'jane.doe@gmail.com', // not verified: removed by the sandbox gate
];

async function writeList(): Promise<string> {
  const path = join(dir, 'list.csv');
  await writeFile(path, ['email,opt_in', ...LIST_ROWS.map((address) => `${address},yes`)].join('\n') + '\n');
  return path;
}

function checkSettings(ses: CheckSettings['ses']): CheckSettings {
  return { ...DEFAULT_SETTINGS, dns: { ...DEFAULT_SETTINGS.dns, mode: 'off' }, ses, now: '2025-06-01T00:00:00Z' };
}

/** The sandbox in eu-west-1 (two identities, five suppressed addresses), production in us-west-2. */
const SANDBOX_AND_PRODUCTION: FakeSesState = {
  account: sandboxAccount({ sentLast24Hours: 7 }),
  identities: [
    { name: 'me@team-mail.com', type: 'EMAIL_ADDRESS' },
    { name: 'verified-co.com', type: 'DOMAIN' },
  ],
  suppressed: generateSuppressed(5, { domain: 'verified-co.com' }),
  regions: { 'us-west-2': { account: productionAccount(), suppressed: generateSuppressed(40, { domain: 'bounced-mail.com' }) } },
};

function tomorrowNine(): string {
  return `${new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10)}T09:00`;
}

describe('the app keeps AWS secrets out of the log, the renderer and its files', () => {
  it('through profiles, account cards, the plan quota, preferences, a check with SES (throttled once), its plan and its export', async () => {
    const server = await withSes(SANDBOX_AND_PRODUCTION);
    const exportFolder = join(dir, 'export');
    await mkdir(exportFolder);
    const app = openApp(exportFolder);
    try {
      // Names only, from both files.
      expect(await app.value('account:profiles')).toEqual(['default', 'broken-helper', 'expired-helper', 'helper', 'marketing']);

      // The [default] profile (session keys), its region from ~/.aws/config.
      const live = await app.value<AccountCardResult>('account:card', {});
      expect(live).toMatchObject({
        source: 'live',
        card: { profile: 'default', account: { region: 'eu-west-1', productionAccessEnabled: false } },
      });
      expectSignedWithTheTestKeys(server, 1);
      // A long-term key, and a credential_process.
      expect(await app.value<AccountCardResult>('account:card', { profile: 'marketing', region: 'us-west-2' })).toMatchObject({
        card: { profile: 'marketing' },
      });
      expect(await app.value<AccountCardResult>('account:card', { profile: 'helper', region: 'us-west-2' })).toMatchObject({
        card: { profile: 'helper' },
      });
      const quota = await app.value<PlanQuotaReading>('plan:quota', { region: 'us-west-2' });
      expect(quota.refusal).toBeNull();

      const prefs = await app.value<AppPreferences>('prefs:get');
      await app.value('prefs:set', {
        ...prefs,
        awsProfile: 'marketing',
        awsRegion: 'eu-west-1',
        useSes: true,
        sesFromIdentity: 'news@team-mail.com',
      });

      // A check with SES in the sandbox: account, identities, then the suppression list, throttled once.
      server.injectFaults('Throttling', 1, { operation: 'ListSuppressedDestinations' });
      const { jobId } = await app.value<{ jobId: string }>('check:start', {
        path: await writeList(),
        settings: checkSettings({ region: 'eu-west-1' }),
      });
      const end = await app.terminal(jobId);
      expect(end.channel, JSON.stringify(end.payload)).toBe('check:finished');
      const report = end.payload.report as Report;
      expect(report.account).toMatchObject({ region: 'eu-west-1', productionAccessEnabled: false });
      expect(report.suppression).toMatchObject({ entries: 5, matched: 1 });
      expect(server.requests.filter((r) => r.operation === 'ListSuppressedDestinations').map((r) => r.status)).toEqual([429, 200]);
      const page = await app.value<RowPage>('review:rows', jobId, { offset: 0, limit: 100 });
      expect(page.rows.map((row) => [row.email, row.verdict, row.reasons])).toEqual([
        ['me@team-mail.com', 'send', []],
        ['user1@verified-co.com', 'remove', ['suppressed_bounce']],
        ['anyone@verified-co.com', 'send', []],
        ['jane.doe@gmail.com', 'remove', ['unverified_sandbox']],
      ]);
      await app.value('domains:list', jobId, 50);

      // A plan with the quota SES reports, then the export.
      const plan: PlanRequest = {
        quota: { source: 'ses', region: 'us-west-2' },
        start: tomorrowNine(),
        timeZone: 'UTC',
        window: { start: 9 * 60, end: 17 * 60 },
        weekdaysOnly: false,
        headroom: 0.2,
        policy: 'standard',
      };
      expect((await app.value<PlanResult>('plan:create', jobId, plan)).document.quota).toMatchObject({
        source: 'ses',
        region: 'us-west-2',
      });
      await app.value('dialog:choose-export-folder');
      await app.value('export:write', jobId, exportFolder);

      // The card now shows the saved snapshot; when SES refuses, the saved card comes with the sentence.
      expect(await app.value<AccountCardResult>('account:card', { region: 'eu-west-1' })).toMatchObject({
        card: { suppression: { entries: 5 } },
      });
      server.setState({ regions: { ...SANDBOX_AND_PRODUCTION.regions, 'eu-west-1': { fault: 'AccessDenied' } } });
      const saved = await app.value<AccountCardResult>('account:card', { region: 'eu-west-1' });
      expect(saved).toMatchObject({ source: 'saved', error: expect.stringMatching(/is not allowed to call ses:GetAccount in eu-west-1/) });
      expectSignedWithTheTestKeys(server, 6);

      // Read while the job's folder still exists (it is removed on dispose).
      const files = await collectFiles(dir);
      expect(files).toEqual(
        expect.arrayContaining([
          'app-data/prefs.json',
          'app-data/cache/ses/default/eu-west-1/account.json',
          'app-data/cache/ses/default/eu-west-1/suppression.json',
          `app-data/jobs/${jobId}/report.json`,
          `app-data/jobs/${jobId}/plan/plan.json`,
          'export/report.json',
          'export/annotated.csv',
          'export/plan.json',
        ]),
      );
      expect(JSON.parse(await readFile(join(app.dataDir, 'prefs.json'), 'utf8'))).toMatchObject({ awsProfile: 'marketing' });
      // Temporary keys identify no account offline: the snapshot keeps no fingerprint at all.
      const snapshot = JSON.parse(await readFile(join(app.dataDir, 'cache/ses/default/eu-west-1/suppression.json'), 'utf8')) as {
        identityFingerprint: unknown;
      };
      expect(snapshot.identityFingerprint).toBeNull();
    } finally {
      await app.dispose();
    }
    expect(exposures.count('answer ')).toBeGreaterThanOrEqual(15);
    expect(exposures.count('event check:progress')).toBeGreaterThan(0);
    expectNothingSecret();
  }, 60_000);

  it('logs what goes wrong on an account path (a refused request, a check that cannot save the account) without a secret, and says which folder', async () => {
    await withSes(SANDBOX_AND_PRODUCTION);
    const app = openApp();
    try {
      expect(await app.failure('account:card', { profile: 'default', region: 'mars' })).toMatch(
        /^Preflight refused a malformed "account:card" request/,
      );
      // A plain file where the SES cache folder should be: SES answers, then saving the account fails.
      await mkdir(join(app.dataDir, 'cache'), { recursive: true });
      await writeFile(join(app.dataDir, 'cache', 'ses'), 'not a folder');
      const { jobId } = await app.value<{ jobId: string }>('check:start', {
        path: await writeList(),
        settings: checkSettings({ region: 'eu-west-1' }),
      });
      const end = await app.terminal(jobId);
      expect(end.channel).toBe('check:failed');
      // One sentence naming the cache folder, not the file system's message.
      expect(end.payload.message).toMatch(/^Cannot create the folder ".*ses.*": part of that path is a file, not a folder\.$/);
      expectSignedWithTheTestKeys(ses!, 1);
    } finally {
      await app.dispose();
    }
    await collectFiles(dir);
    // At least the refusal reached the log.
    expect(exposures.count('log')).toBeGreaterThanOrEqual(1);
    expectNothingSecret();
  });
});

// ---------------------------------------------------------------------------
// Failures: each as its one sentence, through the app and the CLI alike.

interface FailureCase {
  name: string;
  profile?: string;
  region: string;
  /** Starts what answers (or does not) at AWS_ENDPOINT_URL_SESV2; returns a check that it was really asked with the test's keys. */
  setUp(): Promise<() => void>;
  sentence: RegExp;
}

const FAILURES: FailureCase[] = [
  {
    name: 'AccessDenied (AWS quotes the identity ARN)',
    region: 'eu-west-1',
    setUp: async () => {
      const server = await withSes({ account: sandboxAccount(), regions: { 'eu-west-1': { fault: 'AccessDenied' } } });
      return () => expectSignedWithTheTestKeys(server, 1);
    },
    sentence:
      /^Your AWS identity \(profile 'default'\) is not allowed to call ses:GetAccount in eu-west-1: add that action to its IAM policy/,
  },
  {
    name: 'an expired session token (ExpiredTokenException)',
    region: 'eu-west-1',
    setUp: async () => {
      const server = await withSes({ account: sandboxAccount(), regions: { 'eu-west-1': { fault: 'ExpiredToken' } } });
      return () => expectSignedWithTheTestKeys(server, 1);
    },
    sentence: /^The AWS session of profile 'default' has expired: /,
  },
  {
    name: 'keys AWS does not recognise (UnrecognizedClientException)',
    profile: 'marketing',
    region: 'eu-west-1',
    setUp: async () => {
      const server = await withSes({ account: sandboxAccount(), regions: { 'eu-west-1': { fault: 'UnrecognizedClient' } } });
      return () => expectSignedWithTheTestKeys(server, 0);
    },
    sentence: /^AWS does not recognise the access key of profile 'marketing': /,
  },
  {
    name: 'a signature AWS rejects, quoting the canonical request with the session token',
    region: 'eu-west-1',
    setUp: async () => {
      const mismatch = await startSignatureMismatchServer();
      stopOther = mismatch.stop;
      vi.stubEnv('AWS_ENDPOINT_URL_SESV2', mismatch.endpoint);
      // The SDK really sent the token, so AWS's message really held it.
      return () => expect(mismatch.tokensSeen.length > 0 && mismatch.tokensSeen.every((token) => token === SESSION_KEYS.token)).toBe(true);
    },
    sentence: /^AWS rejected the request signature: the secret access key of profile 'default' does not match its key ID/,
  },
  {
    name: 'an endpoint quoting the request back: its Authorization header and session token (404)',
    region: 'eu-west-1',
    setUp: async () => {
      const server = await withSes({ account: sandboxAccount(), regions: { 'eu-west-1': { fault: 'EchoCredentials404' } } });
      return () => expectSignedWithTheTestKeys(server, 1);
    },
    sentence: /^SES found nothing for ses:GetAccount in eu-west-1: Request for GetAccount from access key \[credential removed\] refused/,
  },
  {
    name: 'a credential_process answering expired credentials',
    profile: 'expired-helper',
    region: 'eu-west-1',
    setUp: async () => {
      const server = await withSes({ account: sandboxAccount() });
      return () => expect(server.requests).toEqual([]);
    },
    sentence: /^The credential_process of AWS profile 'expired-helper' failed: /,
  },
  {
    name: 'a credential_process that fails after printing the keys on stderr',
    profile: 'broken-helper',
    region: 'eu-west-1',
    setUp: async () => {
      const server = await withSes({ account: sandboxAccount() });
      return () => expect(server.requests).toEqual([]);
    },
    sentence: /^The credential_process of AWS profile 'broken-helper' failed: /,
  },
  {
    name: 'a region without SES',
    region: 'xx-nowhere-1',
    setUp: async () => {
      const server = await withSes({ account: sandboxAccount(), signingRegions: [...SES_REGIONS] });
      return () => expectSignedWithTheTestKeys(server, 1);
    },
    sentence: /^SES is not offered in region 'xx-nowhere-1'/,
  },
  {
    name: 'SES unreachable (connection refused)',
    region: 'eu-west-1',
    setUp: async () => {
      vi.stubEnv('AWS_ENDPOINT_URL_SESV2', `http://127.0.0.1:${await refusedTcpPort()}`);
      return () => {};
    },
    sentence: /^Could not reach SES in eu-west-1 \(ECONNREFUSED\): /,
  },
];

describe.each(FAILURES)('when $name', (failure) => {
  const request = { ...(failure.profile ? { profile: failure.profile } : {}), region: failure.region };

  it('the app answers the sentence and leaks nothing', async () => {
    const wasAsked = await failure.setUp();
    const app = openApp();
    try {
      expect(await app.failure('account:card', request)).toMatch(failure.sentence);
      expect(await app.failure('plan:quota', request)).toMatch(failure.sentence);
      const { jobId } = await app.value<{ jobId: string }>('check:start', { path: await writeList(), settings: checkSettings(request) });
      const end = await app.terminal(jobId);
      expect(end.channel).toBe('check:failed');
      expect(end.payload.message).toMatch(failure.sentence);
    } finally {
      await app.dispose();
    }
    await collectFiles(dir);
    wasAsked();
    expectNothingSecret();
  });

  it('the CLI prints the sentence and leaks nothing', async () => {
    const wasAsked = await failure.setUp();
    const account = [
      ...(failure.profile ? ['--profile', failure.profile] : []),
      '--region',
      failure.region,
      '--cache-dir',
      join(dir, 'cli-cache'),
    ];
    const runs: CliResult[] = [
      await cli(['ses', 'status', '--json', ...account]),
      await cli(['ses', 'sync', ...account]),
      await cli(['check', await writeList(), '--out', join(dir, 'out'), '--ses', '--no-dns', ...account]),
    ];
    for (const [index, run] of runs.entries()) {
      exposures.add(`cli run ${index} stdout`, run.stdout);
      exposures.add(`cli run ${index} stderr`, run.stderr);
    }
    await collectFiles(dir);
    wasAsked();
    expectNothingSecret();
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(1);
      // Progress lines may come first; the sentence is the last line.
      expect(
        run.stderr
          .trimEnd()
          .split('\n')
          .at(-1)!
          .replace(/^preflight: /, ''),
      ).toMatch(failure.sentence);
    }
  });
});

// ---------------------------------------------------------------------------
// The CLI's successful runs.

describe('the CLI keeps AWS secrets out of stdout, stderr, report.json and the cache', () => {
  it('ses status --json, ses sync, check --ses (sandbox gate and suppression), and a separate process', async () => {
    const server = await withSes(SANDBOX_AND_PRODUCTION);
    const cache = ['--cache-dir', join(dir, 'cli-cache')];
    const list = await writeList();
    const runs: [string, CliResult][] = [];
    const run = async (args: string[]) => {
      const result = await cli(args);
      runs.push([args.slice(0, 2).join(' '), result]);
      exposures.add(`cli ${args.slice(0, 2).join(' ')} stdout`, result.stdout);
      exposures.add(`cli ${args.slice(0, 2).join(' ')} stderr`, result.stderr);
      expect(result.code, result.stderr).toBe(0);
      return result;
    };

    const status = JSON.parse((await run(['ses', 'status', '--json', ...cache])).stdout) as {
      profile: string;
      account: { region: string };
    };
    expect(status).toMatchObject({ profile: 'default', account: { region: 'eu-west-1' } });
    expectSignedWithTheTestKeys(server, 1);
    expect((await run(['ses', 'sync', '--profile', 'marketing', '--region', 'us-west-2', ...cache])).stdout).toMatch(
      /^Suppression list for us-west-2 \(profile marketing\): 40 addresses/,
    );
    await run(['check', list, '--out', join(dir, 'out'), '--ses', '--region', 'eu-west-1', '--no-dns', ...cache]);
    const viaHelper = JSON.parse(
      (
        await run([
          'check',
          list,
          '--out',
          join(dir, 'out-helper'),
          '--ses',
          '--profile',
          'helper',
          '--region',
          'us-west-2',
          '--no-dns',
          '--json',
          ...cache,
        ])
      ).stdout,
    ) as Report;
    expect(viaHelper.suppression).toMatchObject({ entries: 40, matched: 0 });

    // As a user runs it: its own process, whatever it prints.
    const child = await cliProcess(['ses', 'status', '--json', '--profile', 'marketing', '--region', 'us-west-2', ...cache]);
    exposures.add('cli process stdout', child.stdout);
    exposures.add('cli process stderr', child.stderr);
    expect(child.code, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({ profile: 'marketing', suppression: { entries: 40 } });

    const report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8')) as Report;
    expect(report.account).toMatchObject({ region: 'eu-west-1', productionAccessEnabled: false });
    expect(report.suppression).toMatchObject({ entries: 5, matched: 1 });
    expect(report.reasons).toMatchObject({ unverified_sandbox: 1, suppressed_bounce: 1 });

    const files = await collectFiles(dir);
    expectNothingSecret();
    expect(files).toEqual(
      expect.arrayContaining([
        'out/report.json',
        'out/annotated.csv',
        'out-helper/report.json',
        'cli-cache/ses/default/eu-west-1/suppression.json',
        'cli-cache/ses/marketing/us-west-2/account.json',
        'cli-cache/ses/marketing/us-west-2/suppression.json',
      ]),
    );
    // A long-term key is remembered only as a hash prefix of its ID, to notice the profile now points elsewhere.
    const snapshot = JSON.parse(await readFile(join(dir, 'cli-cache/ses/marketing/us-west-2/suppression.json'), 'utf8')) as {
      identityFingerprint: string;
    };
    expect(snapshot.identityFingerprint).toBe(`key:${createHash('sha256').update(LONG_TERM_KEYS.id).digest('hex').slice(0, 16)}`);
    expect(runs.length).toBe(4);
  }, 60_000);

  it('ses status --all-regions: a region that keeps throttling shows its sentence, the others answer', async () => {
    const server = await withSes({ account: productionAccount(), regions: { 'eu-west-1': { fault: 'Throttling' } } });
    const result = await cli(['ses', 'status', '--all-regions', '--json']);
    exposures.add('cli stdout', result.stdout);
    exposures.add('cli stderr', result.stderr);
    expect(result.code, result.stderr).toBe(0);
    const { regions } = JSON.parse(result.stdout) as { regions: { region: string; ok: boolean; error?: string }[] };
    expect(regions.find((region) => region.region === 'eu-west-1')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^SES kept refusing requests in eu-west-1 for going over its rate limit .* after 3 tries/),
    });
    expect(regions.filter((region) => region.ok).length).toBe(SES_REGIONS.length - 1);
    expectSignedWithTheTestKeys(server, SES_REGIONS.length);
    await collectFiles(dir);
    expectNothingSecret();
  }, 30_000);
});
