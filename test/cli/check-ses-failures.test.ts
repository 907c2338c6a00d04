// Failure injection (issue 8): SES throttles and then fails with a 5xx in the
// middle of reading the account's suppression list. `preflight check --ses`
// must back off, ask again for the same page (not start over, not skip it) and
// finish with every entry. Unit tests cover the retry policy itself
// (test/unit/ses-errors.test.ts, ses-suppression.test.ts); this is the user's path.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, readCsv, tempDir } from '../support/cli';
import { generateSuppressed, isolatedAwsEnv, productionAccount, startSesServer, type RunningSesServer } from '../support/ses-server';

let dir: string;
let server: RunningSesServer | undefined;

beforeEach(async () => {
  dir = await tempDir('preflight-ses-faults-');
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
});

afterEach(async () => {
  await server?.stop();
  server = undefined;
  vi.unstubAllEnvs();
});

describe('check --ses when SES throttles and fails mid-way', () => {
  it('backs off, resumes at the page that failed and matches entries from every page', async () => {
    // Two pages of 1,000 (the client's page size).
    server = await startSesServer({
      account: productionAccount(),
      suppressed: generateSuppressed(1_500, { domain: 'bounced-mail.com' }),
      rateLimit: null,
    });
    const running = server;
    const input = join(dir, 'list.csv');
    await writeFile(
      input,
      ['email,opt_in', 'user0003@bounced-mail.com,yes', 'user1499@bounced-mail.com,yes', 'fresh@gmail.com,yes'].join('\n') + '\n',
    );
    const lists = () => running.requests.filter((request) => request.operation === 'ListSuppressedDestinations');

    // Once the first page is answered, the next request is throttled, then the one after gets a 503.
    let injected = false;
    const watcher = setInterval(() => {
      if (injected || !lists().some((request) => request.status === 200)) return;
      injected = true;
      running.injectFaults('Throttling', 1, { operation: 'ListSuppressedDestinations' });
      running.injectFaults('ServiceUnavailable', 1, { operation: 'ListSuppressedDestinations' });
    }, 2);
    vi.stubEnv('AWS_ENDPOINT_URL_SESV2', running.endpoint);
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
      '--quiet',
    ]).finally(() => clearInterval(watcher));

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const pages = lists();
    expect(pages.map((request) => request.status)).toEqual([200, 429, 503, 200]);
    // Resumed: the throttled, the failed and the successful retry all ask for page 2; page 1 was read once.
    const secondPage = pages[1]!.query.NextToken;
    expect(secondPage).toBeDefined();
    expect(pages.slice(1).map((request) => request.query.NextToken)).toEqual([secondPage, secondPage, secondPage]);
    // Backed off: no retry came sooner than the pace of one request per second.
    for (let i = 1; i < pages.length; i++) expect(pages[i]!.at - pages[i - 1]!.at).toBeGreaterThanOrEqual(900);

    const { rows } = await readCsv(join(out, 'annotated.csv'));
    expect(rows.map((row) => [row['email'], row['preflight_reasons']])).toEqual([
      ['user0003@bounced-mail.com', 'suppressed_bounce'],
      ['user1499@bounced-mail.com', 'suppressed_complaint'],
      ['fresh@gmail.com', ''],
    ]);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.suppression).toMatchObject({ entries: 1_500, matched: 2 });
  }, 20_000);
});
