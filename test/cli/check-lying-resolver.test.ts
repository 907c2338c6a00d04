// `preflight check` on a network whose DNS lies (issue 13, item 4): the run
// stops with one sentence and exit 1 before any row is judged by that resolver,
// and leaves no output behind, rather than removing every row as
// domain_not_found or sending to domains that do not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, tempDir } from '../support/cli';
import { startDnsServer, type RunningDnsServer } from '../support/dns-server';

let dir: string;
let input: string;
const servers: RunningDnsServer[] = [];

beforeAll(async () => {
  dir = await tempDir('preflight-lying-dns-');
  input = join(dir, 'list.csv');
  const rows = Array.from({ length: 40 }, (_, i) => `person${i}@company${i % 8}.com`);
  await writeFile(input, ['email', ...rows].join('\n') + '\n');
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

async function checkWith(lie: 'nxdomain' | 'everything-exists', name: string) {
  const server = await startDnsServer({}, { lie });
  servers.push(server);
  const out = join(dir, name);
  const result = await cli([
    'check',
    input,
    '--out',
    out,
    '--dns-server',
    server.server,
    '--dns-timeout',
    '300',
    '--cache-dir',
    join(dir, 'cache'),
  ]);
  const written = await readdir(out).catch(() => [] as string[]);
  return { result, written: written.filter((file) => !file.startsWith('.')) };
}

describe('check through a resolver that lies', () => {
  it('a captive portal answering NXDOMAIN for everything removes none of the list: exit 1, one sentence, no remove.csv', async () => {
    const { result, written } = await checkWith('nxdomain', 'out-nxdomain');
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('says gmail.com does not exist');
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(written).toEqual([]);
  });

  it('a resolver that says every name exists sends to no dead domain: exit 1, no send.csv', async () => {
    const { result, written } = await checkWith('everything-exists', 'out-everything');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('made-up names');
    expect(written).toEqual([]);
  });
});

describe('a resolver that passes the canaries but denies the list’s domains', () => {
  it('a run that removes nearly every row is never a clean bill: the summary says so under the counts, and report.json’s first warning', async () => {
    // The canaries are answered truthfully; every company domain of the list is NXDOMAIN (a DNS filter, a split-horizon VPN).
    const server = await startDnsServer({});
    servers.push(server);
    const out = join(dir, 'out-filtered');
    const result = await cli([
      'check',
      input,
      '--out',
      out,
      '--dns-server',
      server.server,
      '--dns-timeout',
      '300',
      '--cache-dir',
      join(dir, 'cache-filtered'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    const removeLine = lines.findIndex((line) => line.startsWith('  remove'));
    expect(lines[removeLine + 1]).toMatch(
      /^!! WARNING: 100% of the rows \(40 of 40\) are marked remove, far more than a list normally loses \(mostly domain_not_found 40\)/,
    );
    expect(result.stdout.match(/100% of the rows/g)).toHaveLength(1);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.warnings[0]).toContain('check the network’s DNS');
    expect(report.unusualRemoval).toMatchObject({ share: 1, removed: 40, leading: [{ code: 'domain_not_found', rows: 40 }] });
  });
});
