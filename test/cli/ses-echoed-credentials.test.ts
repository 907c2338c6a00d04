// Issue 13, item 9: an SES endpoint (or a proxy in front of it) that answers an
// error quoting the request's access key ID and session token, read from the
// Authorization and X-Amz-Security-Token headers the SDK really sent. Whatever
// Preflight prints or writes — stdout, stderr, report.json, the SES cache, any
// file — shows neither, for every status such an answer comes with and every
// command that talks to SES. Two key sets: one shaped like AWS's (caught by shape
// and by value), one that looks like nothing (caught only because the SDK
// resolved it).
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REDACTED } from '../../electron/services/ses/credential-redaction';
import { cli, tempDir, type CliResult } from '../support/cli';
import {
  generateSuppressed,
  isolatedAwsEnv,
  productionAccount,
  startSesServer,
  type FakeFault,
  type RunningSesServer,
} from '../support/ses-server';

const KEY_SETS = [
  {
    name: 'keys shaped like AWS keys',
    id: 'ASIAECHOTESTKEY00001',
    secret: 'wJalrXUtnFEMI/K7MDENG/EchoTestSecret00001',
    token: `IQoJb3JpZ2luX2VjEEchoSessionToken${'Zk9uB2xQ'.repeat(40)}0001`,
  },
  {
    name: 'keys that look like nothing',
    id: 'echo-test-key-id-0002',
    secret: 'echo-test-secret-0002',
    token: 'echo-test-session-token-value-0002',
  },
];

const ECHOES: { fault: FakeFault; status: number }[] = [
  { fault: 'EchoCredentials400', status: 400 },
  { fault: 'EchoCredentials403', status: 403 },
  { fault: 'EchoCredentials404', status: 404 },
  { fault: 'EchoCredentials418', status: 418 },
];

let dir: string;
let server: RunningSesServer | undefined;

beforeEach(async () => {
  dir = await tempDir('preflight-echo-');
});

afterEach(async () => {
  await server?.stop();
  server = undefined;
  vi.unstubAllEnvs();
});

/** Every file under dir, as text. */
async function filesUnder(root: string): Promise<{ name: string; text: string }[]> {
  const files: { name: string; text: string }[] = [];
  for (const name of await readdir(root, { recursive: true })) {
    const path = join(root, name);
    if ((await stat(path)).isFile()) files.push({ name, text: await readFile(path, 'latin1') });
  }
  return files;
}

describe.each(KEY_SETS)('an SES endpoint that quotes the access key ID and session token back ($name)', (keys) => {
  const needles = [keys.id, keys.secret, keys.token, encodeURIComponent(keys.token), keys.token.slice(0, 24), keys.token.slice(-24)];

  it.each(ECHOES)(
    'never gets them shown or saved: ses status, ses status --all-regions --json, ses sync, check --ses (HTTP $status)',
    async ({ fault, status }) => {
      for (const [name, value] of Object.entries(
        isolatedAwsEnv(dir, {
          AWS_ACCESS_KEY_ID: keys.id,
          AWS_SECRET_ACCESS_KEY: keys.secret,
          AWS_SESSION_TOKEN: keys.token,
          AWS_REGION: 'eu-west-1',
        }),
      )) {
        vi.stubEnv(name, value);
      }
      server = await startSesServer({
        account: productionAccount(),
        suppressed: generateSuppressed(3, { domain: 'bounced-mail.com' }),
        rateLimit: null,
      });
      vi.stubEnv('AWS_ENDPOINT_URL_SESV2', server.endpoint);
      const cache = ['--cache-dir', join(dir, 'cache')];
      const list = join(dir, 'list.csv');
      await writeFile(list, 'email,opt_in\nuser0@bounced-mail.com,yes\nfresh@gmail.com,yes\n');
      const runs: { args: string[]; result: CliResult }[] = [];
      const run = async (...args: string[]) => {
        const result = await cli(args);
        runs.push({ args, result });
        return result;
      };

      // A clean sync first, so that check --ses has saved data to fall back on (its warning lands in report.json).
      expect((await run('ses', 'sync', ...cache)).code).toBe(0);
      server.injectFaults(fault, 10_000);
      server.clearRequests();

      const single = await run('ses', 'status', ...cache);
      const singleJson = await run('ses', 'status', '--json', ...cache);
      const allRegions = await run('ses', 'status', '--all-regions', '--json');
      const sync = await run('ses', 'sync', ...cache);
      const fallback = await run('check', list, '--out', join(dir, 'out'), '--ses', '--no-dns', ...cache);
      const fallbackJson = await run('check', list, '--out', join(dir, 'out-json'), '--ses', '--no-dns', '--json', ...cache);
      const nothingSaved = await run(
        'check',
        list,
        '--out',
        join(dir, 'out-unsaved'),
        '--ses',
        '--no-dns',
        '--cache-dir',
        join(dir, 'empty-cache'),
      );

      // The endpoint really was asked with these keys and really answered the echo.
      expect(server.requests.length).toBeGreaterThan(15);
      expect(server.requests.every((request) => request.auth && request.sessionToken && request.status === status)).toBe(true);

      for (const failed of [single, singleJson, sync, nothingSaved]) {
        expect(failed.code, failed.stderr).toBe(1);
        expect(failed.stderr).toMatch(/^preflight: /m);
      }
      expect(allRegions.code).toBe(1);
      const regions = (JSON.parse(allRegions.stdout) as { regions: { ok: boolean; error: string }[] }).regions;
      expect(regions.length).toBeGreaterThan(15);
      expect(regions.every((region) => !region.ok && region.error.length > 0)).toBe(true);
      // The check carries on from the saved data, and report.json says why.
      expect(fallback.code, fallback.stderr).toBe(0);
      expect(fallbackJson.code, fallbackJson.stderr).toBe(0);
      const report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8')) as { warnings: string[] };
      expect(report.warnings.some((warning) => /instead\.$/.test(warning))).toBe(true);

      const seen = [
        ...runs.flatMap(({ args, result }) => [
          { where: `${args.slice(0, 3).join(' ')} stdout`, text: result.stdout },
          { where: `${args.slice(0, 3).join(' ')} stderr`, text: result.stderr },
        ]),
        ...(await filesUnder(dir)).map((file) => ({ where: `file ${file.name}`, text: file.text })),
      ];
      const leaks = seen.flatMap(({ where, text }) => needles.filter((needle) => text.includes(needle)).map(() => where));
      expect(leaks, 'a credential was shown or saved').toEqual([]);
      // What was removed is said, so the user knows the message was cut.
      expect(seen.some(({ text }) => text.includes(REDACTED))).toBe(true);
    },
    60_000,
  );
});
