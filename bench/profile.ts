// npm run bench:profile: `preflight check --offline` on the 1M-row benchmark list under
// `node --cpu-prof`, then the functions with the most self time and the source lines
// inside them with the most samples — what docs/performance.md's "where the time goes"
// is read from. The profile file stays in .bench/profile/ for Chrome DevTools.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureBenchList } from './generate-list';

const root = resolve(import.meta.dirname, '..');
const rows = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const list = join(root, '.bench', `list-${rows}.csv`);
const cli = join(root, 'dist-electron/cli.cjs');
const dir = join(root, '.bench/profile');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  positionTicks?: { line: number; ticks: number }[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error('Build the CLI first: npm run build:electron');
  await ensureBenchList(list, rows);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'out');
  const run = spawnSync(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, cli, 'check', list, '--out', out, '--offline', '--quiet'],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, PREFLIGHT_TIMINGS: '1' },
    },
  );
  if (run.status !== 0) throw new Error(`check exited ${run.status}`);
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile was written');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;

  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
    totalUs += dt;
  });
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${url.split('/').pop()}:${lineNumber + 1}` : '(native)'}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const lines = new Map<number, number>();
  let ticks = 0;
  for (const node of profile.nodes) {
    if (!node.callFrame.url.endsWith('cli.cjs')) continue;
    for (const { line, ticks: n } of node.positionTicks ?? []) {
      lines.set(line, (lines.get(line) ?? 0) + n);
      ticks += n;
    }
  }
  const source = readFileSync(cli, 'utf8').split('\n');

  console.log(`\nCPU profile: ${(totalUs / 1e6).toFixed(2)} s sampled; ${join(dir, file)}\n`);
  console.log('| self s | share | function |\n|---:|---:|---|');
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`| ${(us / 1e6).toFixed(2)} | ${((100 * us) / totalUs).toFixed(1)}% | ${name.replaceAll('|', '\\|')} |`);
  }
  console.log('\nBusiest lines of the bundle (share of the samples that have a line):\n');
  for (const [line, n] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`${((100 * n) / ticks).toFixed(1).padStart(5)}%  ${(source[line - 1] ?? '').trim().slice(0, 110)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
