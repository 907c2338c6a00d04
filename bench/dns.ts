// npm run bench:dns — how fast Preflight's domain stage runs against a local
// authoritative server, next to a bare `resolveMx` loop at the same concurrency
// and Debian's adnshost on the same list.
//
//   tsx bench/dns.ts [--domains 40000] [--levels 1,16,64,256] [--rounds 2]
//
// Each level is measured --rounds times, bare and Preflight alternating, and
// the best round of each is kept: on a shared 2-core machine the other load
// only ever makes a run slower.
//
// The server is NLnet Labs' nsd (apt-get install -y nsd adns-tools) serving a
// generated zone, started as a child process with its own config in a temp dir
// and stopped at the end. Without nsd the dns2 test server stands in (much
// slower: it is JavaScript), and the output says so. adns has no way to set a
// port, so adnshost only runs when nsd can listen on 127.0.0.2:53 (root, port
// free); otherwise the table says it was skipped and why.
//
// Every measurement runs in its own child process (the same file with --child),
// so each figure has its own peak RSS and starts from a clean heap.
import { spawn, spawnSync } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDomains } from '../electron/services/dns/domain-checker';
import { startDnsServer, type Zones } from '../test/support/dns-server';
import { freeUdpPort, portIsFree, printTable, startNsd } from './nsd';

const ORIGIN = 'bench.test';

interface ChildResult {
  elapsedMs: number;
  /** User + system CPU time of the timed run: unlike wall time, barely moved by other load on the machine. */
  cpuMs: number;
  queries: number;
  byStatus: Record<string, number>;
  maxRssMb: number;
}

// ---------------------------------------------------------------------------
// The list: a mix like a real one. Half the domains use a few big providers'
// MX hosts, the rest have their own host, only an A record, a null MX, no
// existence at all, or an MX host that does not exist.

type Kind = 'shared' | 'own' | 'implicit' | 'null' | 'nxdomain' | 'dangling';

function kindOf(index: number): Kind {
  const slot = index % 20;
  if (slot < 10) return 'shared';
  if (slot < 14) return 'own';
  if (slot < 16) return 'implicit';
  if (slot === 16) return 'null';
  if (slot < 19) return 'nxdomain';
  return 'dangling';
}

const EXPECTED_STATUS: Record<Kind, string> = {
  shared: 'deliverable',
  own: 'deliverable',
  implicit: 'deliverable',
  null: 'null_mx',
  nxdomain: 'domain_not_found',
  dangling: 'no_mail_host',
};

function domainName(index: number): string {
  return `d${index}.${ORIGIN}`;
}

function nsdZone(count: number, nsAddress: string): string {
  const lines = [
    `$ORIGIN ${ORIGIN}.`,
    '$TTL 3600',
    `@ IN SOA ns.${ORIGIN}. hostmaster.${ORIGIN}. 1 3600 600 86400 300`,
    `@ IN NS ns.${ORIGIN}.`,
    `ns IN A ${nsAddress}`,
  ];
  for (let host = 1; host <= 4; host++) lines.push(`mx${host}.provider IN A 198.51.100.${host}`);
  for (let index = 0; index < count; index++) {
    const label = `d${index}`;
    switch (kindOf(index)) {
      case 'shared':
        lines.push(`${label} IN MX 10 mx${(index % 4) + 1}.provider`, `${label} IN MX 20 mx${((index + 1) % 4) + 1}.provider`);
        break;
      case 'own':
        lines.push(`${label} IN MX 10 mail.${label}`, `mail.${label} IN A 203.0.113.${index % 250}`);
        break;
      case 'implicit':
        lines.push(`${label} IN A 203.0.113.${index % 250}`);
        break;
      case 'null':
        lines.push(`${label} IN MX 0 .`);
        break;
      case 'nxdomain':
        break;
      case 'dangling':
        lines.push(`${label} IN MX 10 gone.${label}`);
        break;
    }
  }
  return lines.join('\n') + '\n';
}

function dns2Zones(count: number): Zones {
  const zones: Zones = {};
  for (let host = 1; host <= 4; host++) zones[`mx${host}.provider.${ORIGIN}`] = { a: [`198.51.100.${host}`], ttl: 3600 };
  for (let index = 0; index < count; index++) {
    const domain = domainName(index);
    switch (kindOf(index)) {
      case 'shared':
        zones[domain] = {
          mx: [
            { priority: 10, exchange: `mx${(index % 4) + 1}.provider.${ORIGIN}` },
            { priority: 20, exchange: `mx${((index + 1) % 4) + 1}.provider.${ORIGIN}` },
          ],
        };
        break;
      case 'own':
        zones[domain] = { mx: [{ priority: 10, exchange: `mail.${domain}` }] };
        zones[`mail.${domain}`] = { a: [`203.0.113.${index % 250}`] };
        break;
      case 'implicit':
        zones[domain] = { a: [`203.0.113.${index % 250}`] };
        break;
      case 'null':
        zones[domain] = { mx: [{ priority: 0, exchange: '' }] };
        break;
      case 'nxdomain':
        break;
      case 'dangling':
        zones[domain] = { mx: [{ priority: 10, exchange: `gone.${domain}` }] };
        break;
    }
  }
  return zones;
}

// ---------------------------------------------------------------------------
// Servers.

interface BenchServer {
  kind: 'nsd' | 'dns2';
  /** For Resolver.setServers. */
  server: string;
  /** Set when adnshost can reach it (port 53). */
  adnsAddress?: string;
  why: string;
  stop(): Promise<void>;
}

async function startBenchNsd(count: number, work: string): Promise<BenchServer | string> {
  // adns always talks to port 53: use 127.0.0.2:53 when we may bind it.
  const isRoot = process.getuid?.() === 0;
  let address = '127.0.0.1';
  let port: number | undefined;
  let adnsWhy = '';
  if (isRoot && (await portIsFree('127.0.0.2', 53))) {
    address = '127.0.0.2';
    port = 53;
  } else {
    port = await freeUdpPort(address);
    adnsWhy = isRoot ? '127.0.0.2:53 is taken' : 'not root, so nsd cannot listen on port 53, the only port adns can use';
  }
  if (port === undefined) return 'no free UDP port';
  const nsd = await startNsd(
    { origin: ORIGIN, text: nsdZone(count, address), probe: { name: `mx1.provider.${ORIGIN}`, type: 'A' } },
    address,
    port,
    work,
    30_000,
  );
  if (typeof nsd === 'string') return nsd;
  const result: BenchServer = { kind: 'nsd', server: nsd.server, why: `nsd ${nsd.version} on ${nsd.server}`, stop: () => nsd.stop() };
  if (port === 53) result.adnsAddress = address;
  else result.why += ` (adnshost skipped: ${adnsWhy})`;
  return result;
}

async function startDns2(count: number, nsdProblem: string): Promise<BenchServer> {
  const running = await startDnsServer(dns2Zones(count), { tcp: false });
  return {
    kind: 'dns2',
    server: running.server,
    why: `FALLBACK dns2 test server on ${running.server} because ${nsdProblem}; figures are limited by the JavaScript server, adnshost skipped (port 53 needed)`,
    stop: () => running.stop(),
  };
}

// ---------------------------------------------------------------------------
// Measurements, each in a child process.

async function runChild(mode: 'preflight' | 'bare', server: string, concurrency: number, listFile: string): Promise<ChildResult> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(
    process.execPath,
    [...process.execArgv, self, '--child', mode, '--server', server, '--concurrency', String(concurrency), '--list', listFile],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`child ${mode} at ${concurrency} failed (exit ${code})`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

async function child(args: Map<string, string>): Promise<void> {
  const mode = args.get('--child');
  const server = args.get('--server') ?? '';
  const concurrency = Number(args.get('--concurrency'));
  const domains = (await readFile(args.get('--list') ?? '', 'utf8')).split('\n').filter(Boolean);
  const warmUp = domains.slice(0, 500);
  let result: Omit<ChildResult, 'maxRssMb' | 'cpuMs'>;
  let cpu: NodeJS.CpuUsage;
  if (mode === 'preflight') {
    await checkDomains(warmUp, { servers: [server], concurrency });
    const cpuBefore = process.cpuUsage();
    const run = await checkDomains(domains, { servers: [server], concurrency });
    cpu = process.cpuUsage(cpuBefore);
    const byStatus: Record<string, number> = {};
    for (const verdict of run.verdicts.values()) byStatus[verdict.status] = (byStatus[verdict.status] ?? 0) + 1;
    result = { elapsedMs: run.elapsedMs, queries: run.queriesSent, byStatus };
  } else {
    await bareLoop(warmUp, server, concurrency);
    const cpuBefore = process.cpuUsage();
    result = await bareLoop(domains, server, concurrency);
    cpu = process.cpuUsage(cpuBefore);
  }
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(JSON.stringify({ ...result, cpuMs, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

/** What a minimal script would do: resolveMx on every name, `concurrency` at a time, c-ares's own retries. */
async function bareLoop(domains: string[], server: string, concurrency: number): Promise<Omit<ChildResult, 'maxRssMb' | 'cpuMs'>> {
  const resolver = new Resolver({ timeout: 2500, tries: 3 });
  resolver.setServers([server]);
  const byStatus: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < domains.length) {
      const domain = domains[next++] as string;
      let outcome = 'answer';
      try {
        await resolver.resolveMx(domain);
      } catch (error) {
        outcome = (error as NodeJS.ErrnoException).code ?? 'error';
      }
      byStatus[outcome] = (byStatus[outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { elapsedMs: performance.now() - started, queries: domains.length, byStatus };
}

interface AdnsResult {
  perSecond: number;
  answered: number;
  /** Answers that were not an answer: time-outs and server failures (NXDOMAIN and NODATA count as answers). */
  failed: number;
}

/**
 * adnshost in pipe mode (-f, --asynch), kept at `concurrency` names in flight by
 * feeding it one new name per answer it prints (it flushes each answer). With
 * concurrency 0 the whole list is written at once: adns then has every name in
 * flight, which is how it is usually run.
 */
function runAdnshost(address: string, domains: string[], concurrency: number): Promise<AdnsResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('adnshost', ['--asynch', '--config', `nameserver ${address}`, '-t', 'mx-', '-f'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const started = performance.now();
    let sent = 0;
    let answered = 0;
    let failed = 0;
    let buffer = '';
    const sendNext = (): void => {
      if (sent < domains.length) child.stdin.write(`${domains[sent++]}\n`);
      if (answered === domains.length) child.stdin.end();
    };
    if (concurrency === 0) {
      child.stdin.write(domains.join('\n') + '\n');
      sent = domains.length;
    } else {
      for (let index = 0; index < concurrency; index++) sendNext();
    }
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        // Per answer: "<id> <nrrs> <statustype> <statusnum> <abbrev> …", then <nrrs> record lines.
        const header = /^\d+ \d+ (\w+) /.exec(line);
        if (!header) continue;
        answered++;
        // permfail is NXDOMAIN or NODATA: real answers. The other types are failures to get one.
        if (header[1] !== 'ok' && header[1] !== 'permfail') failed++;
        sendNext();
      }
      if (answered === domains.length) child.stdin.end();
    });
    child.once('error', reject);
    child.once('exit', () => {
      resolve({ perSecond: answered / ((performance.now() - started) / 1000), answered, failed });
    });
  });
}

// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = new Map<string, string>();
  const argv = process.argv.slice(2);
  for (let index = 0; index < argv.length; index += 2) args.set(argv[index] ?? '', argv[index + 1] ?? '');
  if (args.has('--child')) return child(args);

  const count = Number(args.get('--domains') ?? 40_000);
  const levels = (args.get('--levels') ?? '1,16,64,256').split(',').map(Number);
  const rounds = Math.max(1, Number(args.get('--rounds') ?? 2));
  const work = await mkdtemp(path.join(tmpdir(), 'preflight-bench-dns-'));
  const domains = Array.from({ length: count }, (_, index) => domainName(index));
  const listFile = path.join(work, 'domains.txt');
  await writeFile(listFile, domains.join('\n') + '\n');

  const expected: Record<string, number> = {};
  for (let index = 0; index < count; index++)
    expected[EXPECTED_STATUS[kindOf(index)]] = (expected[EXPECTED_STATUS[kindOf(index)]] ?? 0) + 1;

  const nsd = await startBenchNsd(count, work);
  const server = typeof nsd === 'string' ? await startDns2(count, nsd) : nsd;
  const stopAll = async (): Promise<void> => {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

  try {
    console.log(`Preflight DNS benchmark: ${count} domains, ${server.why}`);
    console.log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, c-ares ${process.versions.ares}`,
    );
    console.log(
      `Load average before the run: ${loadavg()
        .map((load) => load.toFixed(2))
        .join(', ')}`,
    );
    console.log(`Expected verdicts: ${JSON.stringify(expected)}\n`);

    let adnsNote: string;
    let adnsReady = false;
    if (server.adnsAddress === undefined) adnsNote = server.kind === 'nsd' ? 'skipped (see the first line)' : 'skipped (port 53 needed)';
    else if (spawnSync('adnshost', ['--version'], { stdio: 'ignore' }).error)
      adnsNote = 'skipped: adnshost is not installed (apt-get install -y adns-tools)';
    else {
      adnsReady = true;
      const all = await runAdnshost(server.adnsAddress, domains, 0);
      adnsNote = `adnshost -t mx- --asynch -f, fed one name per answer to hold the level. With the whole list written at once (every name in flight): ${Math.round(all.perSecond).toLocaleString('en-US')}/s, ${all.failed} of ${count} failed (time-outs).`;
    }

    const rows: string[][] = [];
    const header = [
      'in flight',
      'Preflight domains/s',
      'queries/domain',
      'bare resolveMx/s',
      'ratio',
      'adnshost/s',
      'CPU µs/domain Preflight',
      'CPU µs/look-up bare',
      'peak RSS Preflight',
      'peak RSS bare',
    ];
    let verdictsOk = true;
    for (const concurrency of levels) {
      let bare: ChildResult | undefined;
      let preflight: ChildResult | undefined;
      let adns: AdnsResult | undefined;
      for (let round = 0; round < rounds; round++) {
        // Alternate which goes first, so a burst of other load does not always hit the same one.
        const bareFirst = round % 2 === 0;
        const first = await runChild(bareFirst ? 'bare' : 'preflight', server.server, concurrency, listFile);
        const second = await runChild(bareFirst ? 'preflight' : 'bare', server.server, concurrency, listFile);
        const [bareRun, preflightRun] = bareFirst ? [first, second] : [second, first];
        if (!bare || bareRun.elapsedMs < bare.elapsedMs) bare = bareRun;
        if (!preflight || preflightRun.elapsedMs < preflight.elapsedMs) preflight = preflightRun;
        if (adnsReady && server.adnsAddress !== undefined) {
          const adnsRun = await runAdnshost(server.adnsAddress, domains, concurrency);
          if (!adns || adnsRun.perSecond > adns.perSecond) adns = adnsRun;
        }
      }
      if (!bare || !preflight) throw new Error('no measurement');
      const preflightRate = count / (preflight.elapsedMs / 1000);
      const bareRate = count / (bare.elapsedMs / 1000);
      for (const [status, n] of Object.entries(expected)) {
        if (preflight.byStatus[status] !== n) {
          verdictsOk = false;
          console.log(
            `  at ${concurrency}: ${status} ${preflight.byStatus[status] ?? 0}, expected ${n} (${JSON.stringify(preflight.byStatus)})`,
          );
        }
      }
      rows.push([
        String(concurrency),
        Math.round(preflightRate).toLocaleString('en-US'),
        (preflight.queries / count).toFixed(2),
        Math.round(bareRate).toLocaleString('en-US'),
        (preflightRate / bareRate).toFixed(2),
        adns ? `${Math.round(adns.perSecond).toLocaleString('en-US')}${adns.failed > 0 ? ` (${adns.failed} failed)` : ''}` : '—',
        Math.round((preflight.cpuMs * 1000) / count).toString(),
        Math.round((bare.cpuMs * 1000) / count).toString(),
        `${Math.round(preflight.maxRssMb)} MB`,
        `${Math.round(bare.maxRssMb)} MB`,
      ]);
      console.log(`  measured ${concurrency} in flight`);
    }
    console.log('');
    printTable(header, rows);
    console.log(`\nadnshost: ${adnsNote}`);
    console.log(`Preflight verdicts ${verdictsOk ? 'matched the zone at every level' : 'DID NOT match the zone (see above)'}.`);
    console.log(
      `Best of ${rounds} round${rounds === 1 ? '' : 's'} per figure. Load average after: ${loadavg()
        .map((load) => load.toFixed(2))
        .join(', ')}`,
    );
    console.log('Target: Preflight domains/s ≥ 0.5 × bare look-ups/s (ratio ≥ 0.50).');
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
