// A saved SES suppression snapshot that does not read back whole must never be
// taken as an empty list (the suppressed addresses would be mailed) and must not
// crash every SES command: it is refused with a sentence naming the file and
// `preflight ses sync --full`, which rebuilds it without reading it.
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { snapshotPath } from '../../electron/services/ses/suppression';
import { cli, readCsv, tempDir } from '../support/cli';
import { generateSuppressed, isolatedAwsEnv, productionAccount, startSesServer, type RunningSesServer } from '../support/ses-server';

let dir: string;
let server: RunningSesServer;
const region = 'eu-west-1';

beforeEach(async () => {
  dir = await tempDir('preflight-ses-damaged-');
  const suppressed = generateSuppressed(20, { domain: 'bounced-mail.com' });
  server = await startSesServer({ account: productionAccount(), suppressed, rateLimit: null });
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir, { AWS_ENDPOINT_URL_SESV2: server.endpoint }))) vi.stubEnv(name, value);
});

afterEach(async () => {
  await server.stop();
  vi.unstubAllEnvs();
});

const cacheDir = () => join(dir, 'cache');
const snapshotFile = () => snapshotPath({ cacheDir: cacheDir(), region, accountKey: 'default' });

async function list(): Promise<string> {
  const path = join(dir, 'list.csv');
  await writeFile(path, 'email,opt_in\nuser01@bounced-mail.com,yes\nfresh@gmail.com,yes\n');
  return path;
}

async function check(input: string, out: string, extra: string[] = []) {
  return cli(['check', input, '--out', out, '--ses', '--region', region, '--no-dns', '--cache-dir', cacheDir(), ...extra]);
}

/** A first check online saves the account data and the snapshot, as a user's would. */
async function checkOnlineOnce(input: string): Promise<void> {
  const first = await check(input, join(dir, 'first'));
  expect(first.code).toBe(0);
  const { rows } = await readCsv(join(dir, 'first', 'annotated.csv'));
  expect(rows[0]?.['preflight_reasons']).toBe('suppressed_bounce');
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

const damages: [string, (text: string) => string][] = [
  ['cut short', (text) => text.slice(0, Math.floor(text.length / 2))],
  ['garbled', (text) => text.replace(/"entries":\[\[/, '"entries":[[}{')],
  ['with a null entry', (text) => text.replace(/"entries":\[.*\]\}$/, '"entries":[null]}')],
  ['with an entry of unknown reason', (text) => text.replace('"BOUNCE"', '"FOO"')],
  ['whose count disagrees with its entries', (text) => text.replace(/"count":\d+/, '"count":999')],
];

describe('a damaged SES suppression snapshot', () => {
  it.each(damages)(
    '%s: check --ses --offline refuses it (exit 1, naming the file and ses sync --full) instead of sending suppressed addresses',
    async (_, damage) => {
      const input = await list();
      await checkOnlineOnce(input);
      await writeFile(snapshotFile(), damage(await readFile(snapshotFile(), 'utf8')));

      const out = join(dir, 'out');
      const result = await check(input, out, ['--offline']);
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(snapshotFile());
      expect(lines[0]).toContain('preflight ses sync --full');
      expect(lines[0]).not.toMatch(/internal error|at .*\.ts:\d+/);
      // No send.csv at all: nothing a suppressed address could be mailed from.
      expect(await exists(join(out, 'send.csv'))).toBe(false);
    },
  );

  it('an online check refuses it too: a suppressed address never reaches send.csv on the strength of a damaged copy', async () => {
    const input = await list();
    await checkOnlineOnce(input);
    await writeFile(snapshotFile(), '{"format":"preflight-ses-suppression","version":1,"entries":[null]}');
    const out = join(dir, 'out');
    const result = await check(input, out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('preflight ses sync --full');
    expect(await exists(join(out, 'send.csv'))).toBe(false);
  });

  it('ses status says so in one sentence (exit 1), not "internal error" (exit 70)', async () => {
    const input = await list();
    await checkOnlineOnce(input);
    await writeFile(snapshotFile(), '{"format":"preflight-ses-suppression","version":1,"entries":[null]}');
    const status = await cli(['ses', 'status', '--region', region, '--cache-dir', cacheDir()]);
    expect(status.code).toBe(1);
    expect(status.stderr).toContain(snapshotFile());
    expect(status.stderr).not.toContain('internal error');
  });

  it('ses sync --full rebuilds it without reading it, and the next offline check suppresses again', async () => {
    const input = await list();
    await checkOnlineOnce(input);
    await writeFile(snapshotFile(), '{"format":"preflight-ses-suppression","version":1,"entries":[null]}');

    const plain = await cli(['ses', 'sync', '--region', region, '--cache-dir', cacheDir()]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('--full');
    const rebuilt = await cli(['ses', 'sync', '--full', '--region', region, '--cache-dir', cacheDir()]);
    expect(rebuilt.stderr).not.toMatch(/warning|damaged/);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/20 addresses \(16 bounces, 4 complaints\)/);

    const out = join(dir, 'out');
    const offline = await check(input, out, ['--offline']);
    expect(offline.code).toBe(0);
    const { rows } = await readCsv(join(out, 'annotated.csv'));
    expect(rows.map((row) => row['preflight_reasons'])).toEqual(['suppressed_bounce', '']);
  });
});
