// `preflight check --dns-server` against a real DNS server the test starts on
// 127.0.0.1: every domain status becomes the right reason, typos get sharper
// with DNS, and a warm cache asks almost nothing again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, readCsv, tempDir } from '../support/cli';
import { startDnsServer, syntheticZones, type RunningDnsServer, type Zones } from '../support/dns-server';

let server: RunningDnsServer;
let dir: string;

const zones: Zones = {
  'gmail.com': { mx: [{ priority: 5, exchange: 'gmail-smtp-in.l.google.com' }] },
  'gmail-smtp-in.l.google.com': { a: ['192.0.2.1'] },
  'yahooo.com': { mx: [{ priority: 10, exchange: 'mx.yahooo.com' }] },
  'mx.yahooo.com': { a: ['192.0.2.2'] },
  'good-mail.com': { mx: [{ priority: 10, exchange: 'mx.good-mail.com' }] },
  'mx.good-mail.com': { a: ['192.0.2.3'] },
  'nullmx-shop.com': { mx: [{ priority: 0, exchange: '' }], a: ['192.0.2.4'] },
  'aonly-corp.com': { a: ['192.0.2.5'] },
  'nodata-corp.com': {},
  'dangling-mx.com': { mx: [{ priority: 10, exchange: 'gone.dangling-mx.com' }] },
  'servfail-corp.com': { rcode: 'SERVFAIL' },
  'silent-corp.com': { silent: true },
};

beforeAll(async () => {
  const synthetic = syntheticZones(300, 'bulk-mail.com');
  server = await startDnsServer({ ...zones, ...synthetic.zones });
  dir = await tempDir('preflight-dns-cli-');
});

afterAll(async () => {
  await server?.stop();
});

const dnsArgs = (timeoutMs = 300) => [
  '--dns-server',
  `127.0.0.1:${server.port}`,
  '--dns-timeout',
  String(timeoutMs),
  '--cache-dir',
  join(dir, 'cache'),
];

async function runList(name: string, addresses: string[], timeoutMs = 300) {
  const input = join(dir, `${name}.csv`);
  await writeFile(input, ['email', ...addresses].join('\n') + '\n');
  const out = join(dir, `${name}-out`);
  const result = await cli(['check', input, '--out', out, ...dnsArgs(timeoutMs)]);
  expect(result.code, result.stderr).toBe(0);
  const { rows } = await readCsv(join(out, 'annotated.csv'));
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
  return { rows, report };
}

describe('check with domain checks', () => {
  it('gives every DNS case its verdict', async () => {
    const { rows, report } = await runList('cases', [
      'ann@good-mail.com',
      'bob@nullmx-shop.com',
      'cat@aonly-corp.com',
      'dan@nodata-corp.com',
      'eve@dangling-mx.com',
      'fay@no-such-domain-here.com',
      'gus@servfail-corp.com',
      'hal@silent-corp.com',
      'ivy@gmial.com',
      'jon@yahooo.com',
      'kim@gmail.com',
      'lea@good-mail.com',
    ]);
    const got = Object.fromEntries(
      rows.map((r) => [r['email'], [r['preflight_verdict'], r['preflight_reasons'], r['preflight_suggestion']]]),
    );
    expect(got).toEqual({
      'ann@good-mail.com': ['send', '', ''],
      'bob@nullmx-shop.com': ['remove', 'null_mx', ''],
      'cat@aonly-corp.com': ['send', '', ''],
      'dan@nodata-corp.com': ['remove', 'no_mail_host', ''],
      'eve@dangling-mx.com': ['remove', 'no_mail_host', ''],
      'fay@no-such-domain-here.com': ['remove', 'domain_not_found', ''],
      'gus@servfail-corp.com': ['review', 'dns_unresolved', ''],
      'hal@silent-corp.com': ['review', 'dns_unresolved', ''],
      // A near miss of a provider that does not exist: removed, with the correction.
      'ivy@gmial.com': ['remove', expect.stringContaining('domain_not_found'), 'ivy@gmail.com'],
      // A look-alike that does resolve: only reviewed.
      'jon@yahooo.com': ['review', 'typo_suspected', 'jon@yahoo.com'],
      'kim@gmail.com': ['send', '', ''],
      'lea@good-mail.com': ['send', '', ''],
    });
    expect(report.domains).toMatchObject({ checked: 11, rowsUnchecked: 0 });
    expect(report.domains.byStatus).toMatchObject({ deliverable: 4, null_mx: 1, no_mail_host: 2, domain_not_found: 2, dns_unresolved: 2 });
    expect(report.warnings.join(' ')).toMatch(/did not answer DNS/);
  });

  it('sends a few queries per unique domain, and a warm cache sends under a tenth of that', async () => {
    const domains = Array.from({ length: 300 }, (_, i) => `d${i}.bulk-mail.com`);
    // Each domain several times over: look-ups are per unique domain, never per row.
    const addresses = domains.flatMap((d, i) => [`a${i}@${d}`, `b${i}@${d}`, `c${i}@${d}`]);
    server.resetCounts();
    // No silent domain here: a generous time-out, so a loaded machine does not turn answers into retries.
    const cold = await runList('bulk-cold', addresses, 3000);
    const coldQueries = server.queries.total;
    expect(cold.report.domains.checked).toBe(300);
    expect(coldQueries).toBeLessThanOrEqual(300 * 3);
    server.resetCounts();
    const warm = await runList('bulk-warm', addresses, 3000);
    expect(server.queries.total).toBeLessThan(coldQueries / 10);
    expect(warm.report.domains.fromCache).toBeGreaterThan(0.9 * 300);
    expect(warm.rows.map((r) => r['preflight_reasons'])).toEqual(cold.rows.map((r) => r['preflight_reasons']));
  });

  it('--no-dns leaves domains unchecked and says how many rows', async () => {
    const input = join(dir, 'nodns.csv');
    await writeFile(input, 'email\nann@nullmx-shop.com\nbob@good-mail.com\n');
    const out = join(dir, 'nodns-out');
    server.resetCounts();
    const result = await cli(['check', input, '--out', out, '--no-dns']);
    expect(result.code, result.stderr).toBe(0);
    expect(server.queries.total).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.domains).toMatchObject({ checked: 0, rowsUnchecked: 2 });
  });

  it('a --cache-dir that cannot be used stops the check before any DNS question, with one sentence', async () => {
    const input = join(dir, 'badcache.csv');
    await writeFile(input, 'email\nann@good-mail.com\n');
    const notAFolder = join(dir, 'cache-is-a-file');
    await writeFile(notAFolder, 'not a folder');
    const out = join(dir, 'badcache-out');
    server.resetCounts();
    const result = await cli(['check', input, '--out', out, '--dns-server', server.server, '--cache-dir', notAFolder]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^preflight: The DNS cache folder .*cache-is-a-file cannot be written \(\w+\): choose another folder with --cache-dir/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(server.queries.total).toBe(0);
    expect((await readdir(dir)).includes('badcache-out')).toBe(false);
  });
});
