// `preflight ses request-production` against the local SESv2 endpoint
// (test/support/ses-server.ts), through the real SDK: what is sent, when, and
// that nothing is ever sent twice or without the user's say-so.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runSesCommand } from '../../electron/cli/ses-command';
import { runCli } from '../../electron/cli/cli';
import { isolatedAwsEnv, productionAccount, sandboxAccount, startSesServer, type RunningSesServer } from '../support/ses-server';

let dir: string;
let server: RunningSesServer;

const USE_CASE =
  'We send a monthly newsletter to customers of our bicycle shop who ticked the sign-up box at checkout. Bounces and complaints reach us through SNS and are never mailed again; every message has an unsubscribe link and List-Unsubscribe.';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-production-'));
  server = await startSesServer({ account: sandboxAccount(), rateLimit: { perSecond: 1 } });
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir, { AWS_ENDPOINT_URL_SESV2: server.endpoint, AWS_REGION: 'eu-west-1' })))
    vi.stubEnv(name, value);
  await writeFile(join(dir, 'use-case.txt'), `${USE_CASE}\n`);
});

afterEach(async () => {
  await server.stop();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

interface Terminal {
  /** The words typed at the prompt, once it is shown. */
  answer: string;
}

async function run(argv: string[], terminal?: Terminal): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdin = Object.assign(new PassThrough(), { isTTY: terminal !== undefined });
  const stdout = Object.assign(new PassThrough(), { isTTY: terminal !== undefined });
  const stderr = Object.assign(new PassThrough(), { isTTY: terminal !== undefined });
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => {
    err.push(chunk.toString());
    if (terminal && /Type yes to send: $/.test(chunk.toString())) stdin.write(`${terminal.answer}\n`);
  });
  const code = await runSesCommand(argv, { stdin, stdout, stderr, env: { PREFLIGHT_CACHE_DIR: join(dir, 'cache') } });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const request = (...extra: string[]) => [
  'request-production',
  '--mail-type',
  'marketing',
  '--website',
  'https://bikes.example.com',
  '--use-case-file',
  join(dir, 'use-case.txt'),
  ...extra,
];
const sent = () => server.requests.filter((entry) => entry.operation === 'PutAccountDetails');

describe('preflight ses request-production', () => {
  it('a dry run sends nothing, and shows exactly the request that confirming sends', async () => {
    const dry = await run(request('--dry-run', '--additional-contacts', 'ops@bikes.example.com, owner@bikes.example.com'));
    expect(dry.code).toBe(0);
    expect(server.requests).toEqual([]);
    expect(dry.stdout).toContain('POST /v2/email/account/details');
    expect(dry.stdout).toContain('to SES in eu-west-1, profile default');
    expect(dry.stdout).toContain('Not sent (--dry-run)');
    const shown = JSON.parse(dry.stdout.slice(dry.stdout.indexOf('{'), dry.stdout.lastIndexOf('}') + 1)) as unknown;

    const real = await run(request('--yes', '--additional-contacts', 'ops@bikes.example.com, owner@bikes.example.com'));
    expect(real.code).toBe(0);
    expect(sent()).toHaveLength(1);
    expect(sent()[0]!.body).toEqual(shown);
    expect(sent()[0]).toMatchObject({ method: 'POST', path: '/v2/email/account/details', region: 'eu-west-1' });
    expect(shown).toEqual({
      MailType: 'MARKETING',
      WebsiteURL: 'https://bikes.example.com',
      ContactLanguage: 'EN',
      UseCaseDescription: USE_CASE,
      AdditionalContactEmailAddresses: ['ops@bikes.example.com', 'owner@bikes.example.com'],
      ProductionAccessEnabled: true,
    });
  });

  it('after sending, the review shows as PENDING with its case id, here and in ses status', async () => {
    const result = await run(request('--yes'));
    expect(result.code).toBe(0);
    const caseId = /\(case (\d+)\)/.exec(result.stdout)?.[1];
    expect(result.stdout).toContain('Sent the production-access request for eu-west-1 (profile default).');
    expect(result.stdout).toMatch(/Review: PENDING \(case \d+\)\. AWS is reviewing the request: wait .*24–48 hours/);
    expect(caseId).toBeDefined();

    const status = await run(['status']);
    expect(status.stdout).toMatch(new RegExp(`Access review\\s+PENDING \\(case ${caseId}\\)`));
    expect(status.stdout).toMatch(/Next\s+AWS is reviewing the request/);
    const json = JSON.parse((await run(['status', '--json'])).stdout) as { account: Record<string, unknown>; reviewAdvice: string };
    expect(json.account).toMatchObject({ reviewStatus: 'PENDING', reviewCaseId: caseId, mailType: 'MARKETING' });
    expect(json.reviewAdvice).toContain('24–48 hours');
  });

  it('without --yes and without a terminal to ask on, nothing is sent', async () => {
    const result = await run(request());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'preflight: Nothing was sent: there is no terminal to confirm on, so add --yes to send the request (or --dry-run to see it first).\n',
    );
    expect(server.requests).toEqual([]);
  });

  it('on a terminal, it shows the request and sends only when the user types yes', async () => {
    const declined = await run(request(), { answer: 'no' });
    expect(declined.code).toBe(1);
    expect(declined.stdout).toContain('"WebsiteURL": "https://bikes.example.com"');
    expect(declined.stderr).toContain('Send this production-access request to AWS for eu-west-1? Type yes to send: ');
    expect(declined.stderr).toContain('Nothing was sent.');
    expect(sent()).toHaveLength(0);

    const accepted = await run(request(), { answer: 'yes' });
    expect(accepted.code).toBe(0);
    expect(sent()).toHaveLength(1);
  });

  it('a request already under review is shown, not sent again', async () => {
    server.setState({ account: sandboxAccount({ reviewStatus: 'PENDING', reviewCaseId: '777' }) });
    const result = await run(request('--yes'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('A production-access request for eu-west-1 is already PENDING (case 777)');
    expect(result.stderr).toContain('Nothing was sent');
    expect(sent()).toHaveLength(0);
  });

  it('sending twice in a row files one request: the second run sees the first', async () => {
    expect((await run(request('--yes'))).code).toBe(0);
    const again = await run(request('--yes'));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already PENDING \(case \d+\)/);
    expect(sent()).toHaveLength(1);
  });

  it('a case AWS is waiting on (FAILED) says to answer it, and is resent only with --resubmit', async () => {
    server.setState({ account: sandboxAccount({ reviewStatus: 'FAILED', reviewCaseId: '555' }) });
    const shown = await run(request('--yes'));
    expect(shown.code).toBe(1);
    expect(shown.stderr).toContain('answer the case in the AWS Support Center');
    expect(shown.stderr).toContain('--resubmit sends a new request');
    expect(sent()).toHaveLength(0);
    expect((await run(request('--yes', '--resubmit'))).code).toBe(0);
    expect(sent()).toHaveLength(1);
  });

  it("SES's ConflictException for a review under way is one sentence, and the request is not retried", async () => {
    server.setState({ account: sandboxAccount({ reviewStatus: 'PENDING', reviewCaseId: '777' }) });
    const result = await run(request('--yes', '--resubmit'));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'preflight: SES already has a production-access request under review for eu-west-1, so it did not take this one: see its status with `preflight ses status --region eu-west-1`.\n',
    );
    expect(sent()).toHaveLength(1);
    expect(sent()[0]).toMatchObject({ status: 409, errorType: 'ConflictException' });
  });

  it('an SES failure after the request left is not retried, and says how to see whether it arrived', async () => {
    server.injectFaults('InternalFailure', 1, { operation: 'PutAccountDetails' });
    const result = await run(request('--yes'));
    expect(result.code).toBe(1);
    expect(sent()).toHaveLength(1);
    expect(result.stderr).toContain(
      'SES may have received the request anyway: check `preflight ses status --region eu-west-1` before sending it again.',
    );
  });

  it('an account already in production gets a sentence instead of a request', async () => {
    server.setState({ account: productionAccount() });
    const result = await run(request('--yes'));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('preflight: The SES account already has production access in eu-west-1: there is nothing to request.\n');
    expect(sent()).toHaveLength(0);
  });

  it.each([
    [['--website', 'bikes.example.com'], '"bikes.example.com" is not a website address: write it as https://www.example.com.'],
    [['--website', 'https://user:pw@bikes.example.com'], 'The website address must not carry a user name or password.'],
    [['--additional-contacts', 'ops@bikes.example.com,not-an-address'], '"not-an-address" is not an email address'],
    [['--contact-language', 'de'], 'AWS answers production-access requests in English (en) or Japanese (ja), not "de".'],
    // The API reference's limits (shared/ses/production-access.ts): WebsiteURL 1–1,000 characters, 1–4 contacts of 6–254.
    [
      ['--website', `https://bikes.example.com/${'a'.repeat(975)}`],
      'The website address is 1,001 characters long; SES takes at most 1,000.',
    ],
    [
      ['--additional-contacts', 'a1@bikes.com,a2@bikes.com,a3@bikes.com,a4@bikes.com,a5@bikes.com'],
      'SES takes at most 4 additional contacts; 5 were given.',
    ],
    [['--additional-contacts', 'a@b.c'], '"a@b.c" is not an email address'],
  ])('a mistyped %j is refused before anything is sent', async (override, sentence) => {
    const argv = request('--yes');
    const at = argv.indexOf(override[0]!);
    if (at >= 0) argv.splice(at, 2, ...override);
    else argv.push(...override);
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(sentence);
    expect(server.requests).toEqual([]);
  });

  it('a use case longer than the 5,000 characters SES takes is refused before anything is sent', async () => {
    await writeFile(join(dir, 'long.txt'), `${USE_CASE} `.repeat(30).slice(0, 5_001));
    const argv = request('--yes');
    argv.splice(argv.indexOf('--use-case-file') + 1, 1, join(dir, 'long.txt'));
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('The use case is 5,001 characters long; SES takes at most 5,000.');
    expect(server.requests).toEqual([]);
  });

  it('a mail type other than marketing or transactional is refused', async () => {
    const result = await run([
      'request-production',
      '--mail-type',
      'newsletters',
      '--website',
      'https://bikes.example.com',
      '--use-case-file',
      join(dir, 'use-case.txt'),
      '--yes',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('preflight: The mail type must be marketing or transactional, not "newsletters".\n');
  });

  it('is listed in the main usage and routed from `preflight ses`', async () => {
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await runCli(['--help'], { stdout, stderr: new PassThrough(), env: {} });
    expect(text).toContain('preflight ses request-production --mail-type marketing|transactional --website URL');
  });
});

describe('request-production --from-report', () => {
  async function writeReport(): Promise<string> {
    const path = join(dir, 'report.json');
    const report = {
      tool: { name: 'preflight', version: '0.1.0' },
      rows: 1000,
      verdicts: { send: 900, review: 40, remove: 60 },
      reasons: { syntax_invalid: 20, no_consent: 30, duplicate: 10, role_account: 40 },
      input: { file: '/home/me/exports/customers.csv' },
      columns: {
        consent: 'Opt-in',
        doubleOptIn: null,
        consentSources: [
          {
            column: 'Opt-in',
            role: 'opt-in',
            values: [
              { reading: 'consent', rows: 950 },
              { reading: 'no_consent', rows: 50 },
            ],
          },
        ],
      },
      settings: { dns: 'system' },
      domains: { checked: 120, rowsUnchecked: 0 },
      forecast: {
        send: {
          bounceRate: 0.004,
          bounceRateLow: 0.002,
          bounceRateHigh: 0.006,
          complaintRate: 0.0004,
          complaintRateLow: 0,
          complaintRateHigh: 0.0008,
        },
      },
    };
    await writeFile(path, JSON.stringify(report));
    return path;
  }

  const fromReport = (report: string, ...extra: string[]) => [
    'request-production',
    '--mail-type',
    'marketing',
    '--website',
    'https://bikes.example.com',
    '--from-report',
    report,
    ...extra,
  ];

  it('a draft with parts only the user can write is never sent', async () => {
    const result = await run(fromReport(await writeReport(), '--yes'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^preflight: The use case still has a part to fill in \(\[\[Say what your business is/);
    expect(server.requests).toEqual([]);
  });

  it('the dry run shows the draft with the numbers from the report', async () => {
    const result = await run(fromReport(await writeReport(), '--dry-run'));
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'), result.stdout.lastIndexOf('}') + 1)) as {
      UseCaseDescription: string;
    };
    expect(body.UseCaseDescription).toContain('Our list has 1,000 addresses (file customers.csv).');
    expect(body.UseCaseDescription).toContain('950 of 1,000 rows (95.0%) record that the person agreed');
    expect(body.UseCaseDescription).toContain('60 were removed, 40 held back for review and 900 kept to send');
    expect(body.UseCaseDescription).toContain('bounces 0.40% (90% interval up to 0.60%)');
    expect(result.stdout).toContain('Before sending, fill in the use case');
    expect(server.requests).toEqual([]);
  });

  it('--write-draft writes a new file to edit and never replaces one', async () => {
    const report = await writeReport();
    const draft = join(dir, 'draft.txt');
    const first = await run(fromReport(report, '--write-draft', draft));
    expect(first.code).toBe(0);
    expect(await readFile(draft, 'utf8')).toContain('[[Describe how people opt in');
    await writeFile(draft, USE_CASE);
    const second = await run(fromReport(report, '--write-draft', draft));
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already exists: Preflight does not replace it');
    expect(await readFile(draft, 'utf8')).toBe(USE_CASE);
  });

  it("a report whose readiness holds SES's VDM recommendations is drafted from, and the draft names only the authentication checks", async () => {
    const path = await writeReport();
    const report = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    report['readiness'] = {
      identity: 'news@bikes.example.com',
      domain: 'bikes.example.com',
      region: 'eu-west-1',
      ready: false,
      items: [
        { id: 'dkim', ok: true, status: 'ok', title: 'SES signs with DKIM', fix: '' },
        {
          id: 'ses_recommendation',
          ok: false,
          status: 'fix',
          title: 'SES recommends (HIGH impact): BIMI for identity bikes.example.com',
          fix: 'Publish a BIMI record.',
          recommendation: {
            type: 'BIMI',
            impact: 'HIGH',
            resource: 'arn:aws:ses:eu-west-1:123456789012:identity/bikes.example.com',
            description: 'Publish a BIMI record.',
          },
        },
      ],
    };
    await writeFile(path, JSON.stringify(report));
    const result = await run(fromReport(path, '--dry-run'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'), result.stdout.lastIndexOf('}') + 1)) as {
      UseCaseDescription: string;
    };
    expect(body.UseCaseDescription).toContain(
      'Sender authentication for bikes.example.com, as Preflight checked it in eu-west-1: SES signs with DKIM: in place.',
    );
    expect(body.UseCaseDescription).not.toContain('BIMI');
  });

  it('a file that is not a report is refused, not drafted from', async () => {
    const path = join(dir, 'other.json');
    await writeFile(path, JSON.stringify({ rows: 'many' }));
    const result = await run(fromReport(path, '--dry-run'));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `preflight: ${path} is not a report.json written by \`preflight check\`: the use case cannot be drafted from it.\n`,
    );
  });
});
