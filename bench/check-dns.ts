// npm run bench:check-dns — issue 7, target 3: `preflight check` on the 1M-row
// bench list WITH domain checks, against a local authoritative DNS server that
// knows every domain of the list, next to the two things it should cost:
//
//   (a) the check alone:   check LIST --out DIR --offline --quiet
//   (b) the check with DNS: check LIST --out DIR --quiet --dns-server 127.0.0.3:PORT, empty cache folder
//   (c) the DNS alone:     Preflight's checkDomains on the list's unique domains, run by bench/dns.ts's
//                          own child mode (the code path `npm run bench:dns` measures), same concurrency
//   (d) (b) again with the cache (b) left behind (warm)
//
// Target: (b) ≤ (a) + (c). Every measurement runs in its own process with its
// peak RSS. Environment: BENCH_ROWS (default 1,000,000, the list `npm run bench`
// uses), BENCH_RUNS (best of N per measurement, default 1), BENCH_WARM=0 skips (d).
//
// The server is nsd (apt-get install -y nsd) serving one generated root zone on
// 127.0.0.3 at a free port, so it does not collide with bench:dns on 127.0.0.2:53.
// Without nsd the dns2 test server stands in and the output says so (figures
// then measure the JavaScript server).
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { hasValidLabels, isIcannTld, isReservedDomain, topLevelOf } from '../shared/address/hostname';
import { DEFAULT_SETTINGS } from '../shared/model/check';
import { startDnsServer, type Zones } from '../test/support/dns-server';
import { ensureBenchList } from './generate-list';
import { freeUdpPort, printTable, startNsd } from './nsd';

const root = resolve(import.meta.dirname, '..');
const work = join(root, '.bench');
const rows = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const runs = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 1));
const measureWarm = process.env['BENCH_WARM'] !== '0';
const list = join(work, `list-${rows}.csv`);
const cli = join(root, 'dist-electron/cli.cjs');
const dnsBench = join(root, 'bench/dns.ts');
const rssOnExit = join(root, 'bench/rss-on-exit.cjs');
/** The CLI's default (--dns-concurrency): (c) must run at the same level as (b). */
const CONCURRENCY = DEFAULT_SETTINGS.dns.concurrency;
const MIN_DOMAINS = 20_000;

// ---------------------------------------------------------------------------
// The list's domains, as the engine will ask for them (lower case, one each).

async function listDomains(file: string): Promise<string[]> {
  const domains = new Set<string>();
  let header = true;
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {});
  parser.on('data', (row: string[]) => {
    if (header) return void (header = false);
    // Plain addresses, upper-cased duplicates and `"Name" <address>` cells; `a@@b` ends in a domain seen elsewhere.
    const match = /@([a-z0-9.-]+)>?\s*$/i.exec(row[0] ?? '');
    if (match) domains.add(match[1]!.toLowerCase());
  });
  const finished = new Promise<void>((done, fail) => {
    parser.on('end', () => done());
    parser.on('error', fail);
  });
  createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 }).pipe(parser);
  await finished;
  return [...domains].sort();
}

/** The engine asks DNS only about domains whose addresses passed syntax: a made-up TLD (gmail.con) is a syntax error. */
function askedOfDns(domain: string): boolean {
  return hasValidLabels(domain) && isIcannTld(topLevelOf(domain)) && !isReservedDomain(domain);
}

// ---------------------------------------------------------------------------
// What the server answers: the free-mail providers with their real MX host
// names, the generator's typo domains as they tend to be in life (parked, gone,
// refusing mail), and the company domains spread over the usual mix.

type Status = 'deliverable' | 'null_mx' | 'no_mail_host' | 'domain_not_found';
type Kind = 'google' | 'microsoft' | 'own' | 'implicit' | 'null' | 'nxdomain' | 'dangling';
interface Answers {
  mx?: { priority: number; exchange: string }[];
  a?: string[];
}

const PROVIDERS: Record<string, [number, string][]> = {
  'gmail.com': [
    [5, 'gmail-smtp-in.l.google.com'],
    [10, 'alt1.gmail-smtp-in.l.google.com'],
    [20, 'alt2.gmail-smtp-in.l.google.com'],
    [30, 'alt3.gmail-smtp-in.l.google.com'],
    [40, 'alt4.gmail-smtp-in.l.google.com'],
  ],
  'yahoo.com': [
    [1, 'mta5.am0.yahoodns.net'],
    [1, 'mta6.am0.yahoodns.net'],
    [1, 'mta7.am0.yahoodns.net'],
  ],
  'hotmail.com': [[2, 'hotmail-com.olc.protection.outlook.com']],
  'outlook.com': [[5, 'outlook-com.olc.protection.outlook.com']],
  'icloud.com': [
    [10, 'mx01.mail.icloud.com'],
    [10, 'mx02.mail.icloud.com'],
  ],
  'aol.com': [[1, 'mx-aol.mail.gm0.yahoodns.net']],
  'gmx.de': [
    [10, 'mx00.emig.gmx.net'],
    [10, 'mx01.emig.gmx.net'],
  ],
  'web.de': [
    [100, 'mx-ha03.web.de'],
    [100, 'mx-ha02.web.de'],
  ],
  'protonmail.com': [
    [5, 'mail.protonmail.ch'],
    [10, 'mailsec.protonmail.ch'],
  ],
};
const TYPO_KINDS: Record<string, Kind> = {
  'gmial.com': 'implicit', // parked: a web server, no MX
  'gmail.con': 'nxdomain', // no such top-level domain
  'hotmial.com': 'null',
  'yahooo.com': 'dangling',
  'outlok.com': 'nxdomain',
};
const GOOGLE_WORKSPACE: [number, string][] = [
  [1, 'aspmx.l.google.com'],
  [5, 'alt1.aspmx.l.google.com'],
  [5, 'alt2.aspmx.l.google.com'],
  [10, 'alt3.aspmx.l.google.com'],
  [10, 'alt4.aspmx.l.google.com'],
];
const STATUS: Record<Kind, Status> = {
  google: 'deliverable',
  microsoft: 'deliverable',
  own: 'deliverable',
  implicit: 'deliverable',
  null: 'null_mx',
  nxdomain: 'domain_not_found',
  dangling: 'no_mail_host',
};

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** 35 % Google Workspace, 25 % Microsoft 365 (one host per tenant), 15 % own host, 5 % A only, 3 % null MX, 12 % gone, 5 % dangling MX. */
function companyKind(domain: string): Kind {
  const slot = fnv1a(domain) % 100;
  if (slot < 35) return 'google';
  if (slot < 60) return 'microsoft';
  if (slot < 75) return 'own';
  if (slot < 80) return 'implicit';
  if (slot < 83) return 'null';
  if (slot < 95) return 'nxdomain';
  return 'dangling';
}

/** Documentation ranges only: never loopback, which the checker rightly treats as no mail host. */
function address(name: string): string {
  const hash = fnv1a(name);
  return `${['192.0.2', '198.51.100', '203.0.113'][hash % 3]}.${((hash >>> 8) % 254) + 1}`;
}

function planZone(domains: string[]): {
  names: Map<string, Answers>;
  expected: Map<string, Status>;
  kinds: Record<Kind | 'provider', number>;
} {
  const names = new Map<string, Answers>();
  const expected = new Map<string, Status>();
  const kinds: Record<Kind | 'provider', number> = {
    provider: 0,
    google: 0,
    microsoft: 0,
    own: 0,
    implicit: 0,
    null: 0,
    nxdomain: 0,
    dangling: 0,
  };
  const withMx = (domain: string, mx: [number, string][], hostsResolve: boolean): void => {
    names.set(domain, { mx: mx.map(([priority, exchange]) => ({ priority, exchange })), a: [address(domain)] });
    if (hostsResolve) for (const [, host] of mx) names.set(host, { a: [address(host)] });
  };
  for (const domain of domains) {
    const providerMx = PROVIDERS[domain];
    if (providerMx) {
      withMx(domain, providerMx, true);
      expected.set(domain, 'deliverable');
      kinds.provider++;
      continue;
    }
    const kind = TYPO_KINDS[domain] ?? companyKind(domain);
    kinds[kind]++;
    expected.set(domain, STATUS[kind]);
    switch (kind) {
      case 'google':
        withMx(domain, GOOGLE_WORKSPACE, true);
        break;
      case 'microsoft':
        withMx(domain, [[0, `${domain.replaceAll('.', '-')}.mail.protection.outlook.com`]], true);
        break;
      case 'own':
        withMx(domain, [[10, `mail.${domain}`]], true);
        break;
      case 'implicit':
        names.set(domain, { a: [address(domain)] });
        break;
      case 'null':
        names.set(domain, { mx: [{ priority: 0, exchange: '' }], a: [address(domain)] });
        break;
      case 'nxdomain':
        break;
      case 'dangling':
        withMx(domain, [[10, `mx.${domain}`]], false);
        break;
    }
  }
  return { names, expected, kinds };
}

/** One root zone: every name of the list sits in it, anything else is NXDOMAIN. */
function nsdZone(names: Map<string, Answers>, nsAddress: string): string {
  const lines = [
    '$TTL 3600',
    '. IN SOA ns.bench-root. hostmaster.bench-root. 1 3600 600 86400 300',
    '. IN NS ns.bench-root.',
    `ns.bench-root. IN A ${nsAddress}`,
  ];
  for (const [name, answers] of names) {
    for (const mx of answers.mx ?? []) lines.push(`${name}. IN MX ${mx.priority} ${mx.exchange ? `${mx.exchange}.` : '.'}`);
    for (const a of answers.a ?? []) lines.push(`${name}. IN A ${a}`);
  }
  return lines.join('\n') + '\n';
}

function dns2Zones(names: Map<string, Answers>): Zones {
  const zones: Zones = {};
  for (const [name, answers] of names) zones[name] = { ...answers, ttl: 3600 };
  return zones;
}

// ---------------------------------------------------------------------------
// The server.

interface BenchServer {
  /** For --dns-server and Resolver.setServers: 'ADDRESS:PORT'. */
  server: string;
  why: string;
  stop(): Promise<void>;
}

async function startBenchNsd(names: Map<string, Answers>, dir: string): Promise<BenchServer | string> {
  // 127.0.0.3 keeps clear of bench:dns (127.0.0.2:53); any 127/8 address is loopback on Linux.
  let host = '127.0.0.3';
  let port = await freeUdpPort(host);
  if (port === undefined) {
    host = '127.0.0.1';
    port = await freeUdpPort(host);
  }
  if (port === undefined) return 'no free UDP port on loopback';
  const nsd = await startNsd({ origin: '.', text: nsdZone(names, host), probe: { name: 'gmail.com', type: 'MX' } }, host, port, dir);
  if (typeof nsd === 'string') return nsd;
  return { server: nsd.server, why: `nsd ${nsd.version} on ${nsd.server}, one root zone`, stop: () => nsd.stop() };
}

// ---------------------------------------------------------------------------
// Measurements, each in its own process.

interface Measured {
  wallS: number;
  peakRssMb: number;
  stderr: string;
}

function measure(args: string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', rssOnExit, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = /__PEAK_RSS_KB__ (\d+)/.exec(stderr);
      stderr = stderr.replace(/\n?__(?:PEAK_RSS_KB|CPU_US)__ \d+\n?/g, '');
      if (code !== 0) return fail(new Error(`${args.slice(1).join(' ')} exited ${code}: ${stderr.trim()}`));
      done({ wallS, peakRssMb: rss ? Number(rss[1]) / 1024 : NaN, stderr });
    });
  });
}

interface DnsAlone {
  elapsedMs: number;
  cpuMs: number;
  queries: number;
  byStatus: Record<string, number>;
  maxRssMb: number;
}

/** bench/dns.ts --child preflight: checkDomains after a 500-domain warm-up, no cache, as bench:dns measures it. */
function measureDnsAlone(server: string, domainsFile: string): Promise<DnsAlone> {
  return new Promise((done, fail) => {
    const args = [
      ...process.execArgv,
      dnsBench,
      '--child',
      'preflight',
      '--server',
      server,
      '--concurrency',
      String(CONCURRENCY),
      '--list',
      domainsFile,
    ];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`bench/dns.ts --child exited ${code}`));
      done(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as DnsAlone);
    });
  });
}

async function bestOf<T>(run: () => Promise<T>, wall: (result: T) => number): Promise<T> {
  let winner: T | undefined;
  for (let i = 0; i < runs; i++) {
    const result = await run();
    if (winner === undefined || wall(result) < wall(winner)) winner = result;
  }
  return winner!;
}

interface Stage {
  name: string;
  seconds: number;
  /** The process's RSS at the end of the stage, when the line says it. */
  rssMb?: number;
}

/** The engine's `timings: name: 1.23 s (heap …, rss … MB), …` line (PREFLIGHT_TIMINGS=1), stage by stage. */
function stageTimes(stderr: string): Stage[] {
  const line = /^timings: (.*)$/m.exec(stderr)?.[1] ?? '';
  return [...line.matchAll(/([^,:]+?): ([\d.]+) s(?: \([^)]*?rss (\d+) MB\))?/g)].map((match) => ({
    name: match[1]!.trim(),
    seconds: Number(match[2]),
    ...(match[3] ? { rssMb: Number(match[3]) } : {}),
  }));
}

interface DomainReport {
  checked: number;
  fromCache: number;
  byStatus: Record<string, number>;
}

async function domainReport(outDir: string): Promise<DomainReport> {
  const report = JSON.parse(await readFile(join(outDir, 'report.json'), 'utf8')) as { domains?: DomainReport };
  if (!report.domains) throw new Error(`${outDir}/report.json has no domains section`);
  return report.domains;
}

// ---------------------------------------------------------------------------

const seconds = (s: number): string => s.toFixed(2);
const megabytes = (mb: number): string => `${Math.round(mb)} MB`;
const count = (n: number): string => n.toLocaleString('en-US');
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => (a[key] ?? 0) === (b[key] ?? 0));
}

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error('Build the CLI first: npm run build:electron');
  await mkdir(work, { recursive: true });
  await ensureBenchList(list, rows);
  const loadBefore = load();

  const inList = await listDomains(list);
  const domains = inList.filter(askedOfDns);
  const notAsked = inList.filter((domain) => !askedOfDns(domain));
  // The zone serves every domain of the list; the expectations and (c) cover the ones the check asks about.
  const plan = planZone(inList);
  const expected: Record<string, number> = {};
  for (const domain of domains) expected[plan.expected.get(domain)!] = (expected[plan.expected.get(domain)!] ?? 0) + 1;

  const temp = await mkdtemp(join(tmpdir(), 'preflight-bench-check-dns-'));
  const outRoot = join(work, 'check-dns');
  const cleanUp: (() => Promise<void>)[] = [
    () => rm(temp, { recursive: true, force: true }),
    () => rm(outRoot, { recursive: true, force: true }),
  ];
  const stopAll = async (): Promise<void> => {
    for (const step of cleanUp.reverse()) await step().catch(() => undefined);
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

  try {
    const domainsFile = join(temp, 'domains.txt');
    await writeFile(domainsFile, domains.join('\n') + '\n');
    const nsdDir = join(temp, 'nsd');
    await mkdir(nsdDir);
    const nsd = await startBenchNsd(plan.names, nsdDir);
    let server: BenchServer;
    if (typeof nsd === 'string') {
      const running = await startDnsServer(dns2Zones(plan.names), { tcp: false });
      server = {
        server: running.server,
        why: `FALLBACK dns2 test server on ${running.server} because ${nsd}; the figures measure the JavaScript server`,
        stop: () => running.stop(),
      };
    } else {
      server = nsd;
    }
    cleanUp.push(() => server.stop());

    console.log(`Preflight check with domain checks: ${count(rows)} rows (${(statSync(list).size / 1e6).toFixed(1)} MB), ${server.why}`);
    console.log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, c-ares ${process.versions.ares}`,
    );
    console.log(`Load average before: ${loadBefore}`);
    console.log(
      `Unique domains in the list: ${count(inList.length)}; asked of DNS by the check: ${count(domains.length)} (needed ≥ ${count(MIN_DOMAINS)}: ${domains.length >= MIN_DOMAINS ? 'yes' : 'NO'})` +
        (notAsked.length ? `; not asked, syntax errors: ${notAsked.slice(0, 5).join(', ')}` : ''),
    );
    console.log(`Zone: ${count(plan.names.size)} names; domains by kind ${JSON.stringify(plan.kinds)}`);
    console.log(`Expected verdicts: ${JSON.stringify(expected)}`);
    console.log(`DNS concurrency: ${CONCURRENCY} in flight (the CLI's default); best of ${runs} per measurement\n`);

    // A copy of the bundle: another `npm run build:electron` on this machine mid-run would otherwise swap the
    // code under the measurements (or delete it for a moment). Kept inside the repo, where require() finds node_modules.
    const cliCopy = join(outRoot, 'cli.cjs');
    await mkdir(outRoot, { recursive: true });
    await copyFile(cli, cliCopy);
    console.log(`CLI bundle: dist-electron/cli.cjs built ${statSync(cli).mtime.toISOString()}, copied for the run`);
    const timingsEnv = { PREFLIGHT_TIMINGS: '1' };
    const checkArgs = (outDir: string): string[] => [cliCopy, 'check', list, '--out', outDir, '--quiet'];

    // (c) first: it is short and proves the server answers the whole list before the long runs.
    const dnsAlone = await bestOf(
      () => measureDnsAlone(server.server, domainsFile),
      (r) => r.elapsedMs,
    );
    console.log(`  measured (c) DNS alone: ${seconds(dnsAlone.elapsedMs / 1000)} s`);

    const offlineOut = join(outRoot, 'offline');
    const offline = await bestOf(
      () => measure([...checkArgs(offlineOut), '--offline'], timingsEnv),
      (r) => r.wallS,
    );
    console.log(`  measured (a) check alone: ${seconds(offline.wallS)} s`);

    const coldOut = join(outRoot, 'cold');
    let cacheDir = '';
    const cold = await bestOf(
      async () => {
        cacheDir = await mkdtemp(join(temp, 'cache-'));
        return measure([...checkArgs(coldOut), '--dns-server', server.server], { ...timingsEnv, PREFLIGHT_CACHE_DIR: cacheDir });
      },
      (r) => r.wallS,
    );
    const coldDomains = await domainReport(coldOut);
    console.log(`  measured (b) check with DNS, cold cache: ${seconds(cold.wallS)} s`);

    let warm: Measured | undefined;
    let warmDomains: DomainReport | undefined;
    if (measureWarm) {
      const warmOut = join(outRoot, 'warm');
      warm = await bestOf(
        () => measure([...checkArgs(warmOut), '--dns-server', server.server], { ...timingsEnv, PREFLIGHT_CACHE_DIR: cacheDir }),
        (r) => r.wallS,
      );
      warmDomains = await domainReport(warmOut);
      console.log(`  measured (d) check with DNS, warm cache: ${seconds(warm.wallS)} s`);
    }
    console.log('');

    const dnsAloneS = dnsAlone.elapsedMs / 1000;
    const targetS = offline.wallS + dnsAloneS;
    const missedBy = cold.wallS - targetS;
    printTable(
      ['measurement', 'wall s', 'peak RSS'],
      [
        ['(a) check --offline (check alone)', seconds(offline.wallS), megabytes(offline.peakRssMb)],
        [
          `(c) DNS alone: checkDomains, ${count(domains.length)} domains, ${CONCURRENCY} in flight`,
          seconds(dnsAloneS),
          megabytes(dnsAlone.maxRssMb),
        ],
        ['(b) check --dns-server, cold cache', seconds(cold.wallS), megabytes(cold.peakRssMb)],
        ...(warm ? [['(d) check --dns-server, warm cache', seconds(warm.wallS), megabytes(warm.peakRssMb)]] : []),
      ],
    );
    console.log('');
    printTable(
      ['rows', 'unique domains', 'check-alone s', 'DNS-alone s', 'check+DNS s', 'target s (a + c)', 'result'],
      [
        [
          count(rows),
          count(domains.length),
          seconds(offline.wallS),
          seconds(dnsAloneS),
          seconds(cold.wallS),
          seconds(targetS),
          missedBy <= 0
            ? `met, ${seconds(-missedBy)} s to spare`
            : `missed by ${seconds(missedBy)} s (${((missedBy / targetS) * 100).toFixed(0)} %)`,
        ],
      ],
    );
    console.log('');

    const domainStageOf = (measured: Measured): Stage | undefined =>
      stageTimes(measured.stderr).find((stage) => stage.name.includes('domains'));
    console.log('Stages (PREFLIGHT_TIMINGS=1), seconds and the RSS at the end of each:');
    for (const [label, measured] of [['(a)', offline], ['(b)', cold], ...(warm ? [['(d)', warm] as const] : [])] as const) {
      const stages = stageTimes(measured.stderr);
      const domainStage = domainStageOf(measured);
      const text = stages
        .map((stage) => `${stage.name} ${seconds(stage.seconds)}${stage.rssMb === undefined ? '' : ` (${stage.rssMb} MB)`}`)
        .join(' · ');
      const share = domainStage
        ? ` → DNS stage ${seconds(domainStage.seconds)} s = ${((domainStage.seconds / measured.wallS) * 100).toFixed(1)} % of the wall time`
        : ' (no domains stage in the timings line)';
      console.log(`  ${label} ${text || 'no "timings:" line on stderr'}${share}`);
    }
    // Less moved by other load than whole-run wall times: the DNS stage inside the check against the same work alone.
    const coldStage = domainStageOf(cold);
    if (coldStage) {
      console.log(
        `DNS stage inside the check (b): ${seconds(coldStage.seconds)} s vs DNS alone (c): ${seconds(dnsAloneS)} s (${((coldStage.seconds / dnsAloneS - 1) * 100).toFixed(0)} %); ` +
          `(b) without its DNS stage: ${seconds(cold.wallS - coldStage.seconds)} s vs (a) ${seconds(offline.wallS)} s`,
      );
    }
    console.log('');

    console.log(
      `DNS alone: ${(dnsAlone.queries / domains.length).toFixed(2)} queries/domain, ${Math.round((dnsAlone.cpuMs * 1000) / domains.length)} µs CPU/domain, ${count(Math.round(domains.length / dnsAloneS))} domains/s`,
    );
    const aloneOk = sameCounts(dnsAlone.byStatus, expected);
    console.log(`Verdicts, DNS alone: ${aloneOk ? 'match the zone' : `DIFFER from the zone: ${JSON.stringify(dnsAlone.byStatus)}`}`);
    const coldOk = coldDomains.checked === domains.length && sameCounts(coldDomains.byStatus, expected);
    console.log(
      `Verdicts, check (b): ${count(coldDomains.checked)} domains checked, ${count(coldDomains.fromCache)} from cache — ${coldOk ? 'match the zone' : `DIFFER from the zone: ${JSON.stringify(coldDomains.byStatus)}`}`,
    );
    if (warmDomains) {
      const warmOk = sameCounts(warmDomains.byStatus, expected);
      console.log(
        `Verdicts, check (d): ${count(warmDomains.checked)} checked, ${count(warmDomains.fromCache)} from cache — ${warmOk ? 'match the zone' : `DIFFER: ${JSON.stringify(warmDomains.byStatus)}`}`,
      );
    }
    console.log(`Load average after: ${load()}`);
    console.log('Target (issue 7, 3): check with DNS ≤ check alone + DNS alone.');
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
