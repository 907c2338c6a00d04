// `preflight check` on a network whose DNS lies (issue 13, item 4): the run
// stops with one sentence and exit 1 before any row is judged by that resolver,
// and leaves no output behind, rather than removing every row as
// domain_not_found or sending to domains that do not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, writeFile } from 'node:fs/promises';
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
  const result = await cli(['check', input, '--out', out, '--dns-server', server.server, '--dns-timeout', '300', '--cache-dir', join(dir, 'cache')]);
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
