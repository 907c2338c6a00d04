// A local nsd for the DNS benchmarks (bench:dns, bench:check-dns): one generated zone,
// served on a loopback address, as fast as a real authoritative server answers.
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface NsdServer {
  /** For --dns-server and Resolver.setServers: 'ADDRESS:PORT', or just the address on port 53. */
  server: string;
  address: string;
  port: number;
  version: string;
  stop(): Promise<void>;
}

export interface NsdZone {
  /** The zone's origin, e.g. "bench.test" or "." */
  origin: string;
  text: string;
  /** A name and type the zone answers, asked until nsd is up. */
  probe: { name: string; type: 'A' | 'MX' };
}

/** A UDP port free on `address` now, or undefined. */
export async function freeUdpPort(address: string): Promise<number | undefined> {
  const socket = createSocket('udp4');
  try {
    return await new Promise<number>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, address, () => resolve(socket.address().port));
    });
  } catch {
    return undefined;
  } finally {
    socket.close();
  }
}

export async function portIsFree(address: string, port: number): Promise<boolean> {
  const socket = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, address, () => resolve());
    });
    return true;
  } catch {
    return false;
  } finally {
    socket.close();
  }
}

async function waitUntilAnswering(server: string, probe: NsdZone['probe'], deadlineMs: number): Promise<boolean> {
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([server]);
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    try {
      await (probe.type === 'MX' ? resolver.resolveMx(probe.name) : resolver.resolve4(probe.name));
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return false;
}

export function nsdVersion(): string {
  const output = spawnSync('nsd', ['-v'], { encoding: 'utf8' });
  return /NSD version (\S+)/.exec(`${output.stdout}${output.stderr}`)?.[1] ?? '?';
}

/** nsd serving `zone` on address:port from the folder `dir`, or a sentence saying why it could not start. */
export async function startNsd(
  zone: NsdZone,
  address: string,
  port: number,
  dir: string,
  deadlineMs = 60_000,
): Promise<NsdServer | string> {
  if (spawnSync('nsd', ['-v'], { stdio: 'ignore' }).error) return 'nsd is not installed (apt-get install -y nsd)';
  const zoneFile = 'bench.zone';
  await writeFile(join(dir, zoneFile), zone.text);
  const config = [
    'server:',
    `  ip-address: ${address}@${port}`,
    '  do-ip6: no',
    // One server process: the other core is the client's, which is the bottleneck.
    '  server-count: 1',
    `  zonesdir: "${dir}"`,
    '  database: ""',
    `  zonelistfile: "${join(dir, 'zone.list')}"`,
    `  xfrdfile: "${join(dir, 'xfrd.state')}"`,
    `  pidfile: "${join(dir, 'nsd.pid')}"`,
    `  logfile: "${join(dir, 'nsd.log')}"`,
    '  username: ""',
    '  chroot: ""',
    '  verbosity: 0',
    // Response rate limiting (on in Debian's build, 200 answers/s per client for similar answers such as
    // NODATA) would make this a benchmark of nsd's limiter: a client checking a list is not an attack.
    '  rrl-ratelimit: 0',
    '  rrl-whitelist-ratelimit: 0',
    'remote-control:',
    '  control-enable: no',
    'zone:',
    `  name: "${zone.origin}"`,
    `  zonefile: "${zoneFile}"`,
    '',
  ].join('\n');
  const configFile = join(dir, 'nsd.conf');
  await writeFile(configFile, config);
  const child = spawn('nsd', ['-d', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server = port === 53 ? address : `${address}:${port}`;
  if (!(await waitUntilAnswering(server, zone.probe, deadlineMs))) {
    child.kill('SIGTERM');
    await exited;
    const log = await readFile(join(dir, 'nsd.log'), 'utf8').catch(() => '');
    return `nsd did not start: ${(stderr + log).trim().split('\n').slice(-3).join(' / ') || 'no answer'}`;
  }
  return {
    server,
    address,
    port,
    version: nsdVersion(),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A Markdown table: the first column left-aligned, the others right-aligned. */
export function printTable(header: string[], body: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : '-'.repeat(width + 1) + ':')).join('|')}|`);
  for (const row of body) console.log(line(row));
}
