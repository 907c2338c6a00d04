// Failure injection (issue 8): the DNS server dies in the middle of `preflight
// check`. Domains it answered keep their real verdicts; every other domain is
// dns_unresolved (review, never remove); no row is lost; the run finishes with
// complete outputs. A second run, with a server back up, asks only the domains
// that went unanswered: the answers from before the outage come from the cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, readCsv, tempDir } from '../support/cli';
import { startDnsServer, syntheticZones, type RunningDnsServer } from '../support/dns-server';

const DOMAIN_COUNT = 200;
// About half of the ~245 queries a cold run needs.
const ANSWERS_BEFORE_DYING = 120;
const { zones, domains } = syntheticZones(DOMAIN_COUNT, 'dies-mid-run.com');

/** The reason syntheticZones gives domain i when every query is answered ('' = deliverable). */
function realReason(index: number): string {
  switch (index % 10) {
    case 2:
      return 'domain_not_found';
    case 3:
      return 'null_mx';
    default:
      return '';
  }
}

const VERDICT_OF_REASON: Record<string, string> = { '': 'send', domain_not_found: 'remove', null_mx: 'remove', dns_unresolved: 'review' };

// Two rows per domain, and rows DNS never sees: they must come through the outage too.
const addresses = [
  ...domains.flatMap((domain, i) => [`a${i}@${domain}`, `B${i}@${domain}`]),
  'not-an-address',
  'nobody@',
  'c@@dies-mid-run.com',
];

let dir: string;
let input: string;
const servers: RunningDnsServer[] = [];

beforeAll(async () => {
  dir = await tempDir('preflight-dns-dies-');
  input = join(dir, 'list.csv');
  await writeFile(input, ['email', ...addresses].join('\n') + '\n');
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

async function check(server: RunningDnsServer, name: string) {
  const out = join(dir, name);
  const started = performance.now();
  const result = await cli([
    'check',
    input,
    '--out',
    out,
    '--dns-server',
    server.server,
    '--dns-timeout',
    '250',
    '--dns-concurrency',
    '32',
    '--cache-dir',
    join(dir, 'cache'),
    '--quiet',
  ]);
  const seconds = (performance.now() - started) / 1000;
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const annotated = await readCsv(join(out, 'annotated.csv'));
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
  const files = {
    send: (await readCsv(join(out, 'send.csv'))).rows,
    review: (await readCsv(join(out, 'review.csv'))).rows,
    remove: (await readCsv(join(out, 'remove.csv'))).rows,
  };
  return { rows: annotated.rows, report, files, seconds };
}

type Run = Awaited<ReturnType<typeof check>>;

/** Every input row once in annotated.csv, in order, and once in exactly one of send/review/remove. */
function expectEveryRowAccountedFor(run: Run): void {
  expect(run.rows.map((row) => row['email'])).toEqual(addresses);
  expect(run.report.rows).toBe(addresses.length);
  const split = [...run.files.send, ...run.files.review, ...run.files.remove];
  expect(split).toHaveLength(addresses.length);
  expect(split.map((row) => row['email']).sort()).toEqual([...addresses].sort());
  for (const verdict of ['send', 'review', 'remove'] as const) {
    expect(run.files[verdict].every((row) => row['preflight_verdict'] === verdict)).toBe(true);
    expect(run.report.verdicts[verdict]).toBe(run.files[verdict].length);
  }
}

/** The reason each domain's rows got (both rows of a domain must agree). */
function reasonsByDomain(run: Run): string[] {
  return domains.map((_, i) => {
    const [first, second] = [run.rows[2 * i]!, run.rows[2 * i + 1]!];
    expect(second['preflight_reasons']).toBe(first['preflight_reasons']);
    expect(second['preflight_verdict']).toBe(first['preflight_verdict']);
    expect(first['preflight_verdict']).toBe(VERDICT_OF_REASON[first['preflight_reasons']!]);
    return first['preflight_reasons']!;
  });
}

describe('the DNS server dies mid-run', () => {
  let unresolvedAfterOutage: Set<string>;

  it('marks what went unanswered dns_unresolved, keeps every real verdict and every row, and finishes', async () => {
    const dying = await startDnsServer(zones, { stopAfterAnswers: ANSWERS_BEFORE_DYING });
    servers.push(dying);
    const run = await check(dying, 'out-outage');
    const answered = dying.queries.answeredByName;
    // The server really died part-way: exactly this many answers went out.
    expect(Object.values(answered).reduce((sum, n) => sum + n, 0)).toBe(ANSWERS_BEFORE_DYING);

    expectEveryRowAccountedFor(run);
    const reasons = reasonsByDomain(run);
    unresolvedAfterOutage = new Set();
    reasons.forEach((reason, i) => {
      const domain = domains[i]!;
      if (reason === 'dns_unresolved') {
        unresolvedAfterOutage.add(domain);
        return;
      }
      // A verdict other than unresolved is the real one, and rests on an answer the server sent.
      expect(reason, domain).toBe(realReason(i));
      expect(answered[`${domain} MX`], domain).toBeGreaterThan(0);
    });
    // A domain whose MX question never got an answer cannot have been judged (a dead server is not NXDOMAIN).
    domains.forEach((domain) => {
      if (!answered[`${domain} MX`]) expect(unresolvedAfterOutage.has(domain), domain).toBe(true);
    });
    // Both sides of the outage are well represented.
    expect(unresolvedAfterOutage.size).toBeGreaterThan(20);
    expect(DOMAIN_COUNT - unresolvedAfterOutage.size).toBeGreaterThan(20);

    // The rows DNS never looks at keep their own verdicts.
    expect(run.rows.slice(-3).map((row) => row['preflight_verdict'])).toEqual(['remove', 'remove', 'remove']);
    expect(run.report.domains).toMatchObject({ checked: DOMAIN_COUNT, rowsUnchecked: 0 });
    expect(run.report.domains.byStatus['dns_unresolved']).toBe(unresolvedAfterOutage.size);
    expect(run.report.warnings.join(' ')).toMatch(new RegExp(`${unresolvedAfterOutage.size} domains did not answer DNS`));
    // A dead server is a closed port: refused at once, so the run does not crawl through time-outs.
    expect(run.seconds).toBeLessThan(10);
  }, 20_000);

  it('a second run with the server back asks only the unanswered domains and gives every real verdict', async () => {
    expect(unresolvedAfterOutage?.size).toBeGreaterThan(0);
    const back = await startDnsServer(zones);
    servers.push(back);
    const run = await check(back, 'out-retry');

    expectEveryRowAccountedFor(run);
    expect(reasonsByDomain(run)).toEqual(domains.map((_, i) => realReason(i)));
    const askedMx = Object.keys(back.queries.byName)
      .filter((key) => key.endsWith(' MX'))
      .map((key) => key.slice(0, -' MX'.length));
    expect(new Set(askedMx)).toEqual(unresolvedAfterOutage);
    expect(run.report.domains).toMatchObject({ checked: DOMAIN_COUNT, fromCache: DOMAIN_COUNT - unresolvedAfterOutage.size });
    expect(run.report.domains.byStatus['dns_unresolved'] ?? 0).toBe(0);
  }, 20_000);
});
