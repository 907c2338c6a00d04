// npm run bench: a realistic 1M-row list (generated, deterministic), and side by
// side in one run: papaparse streaming alone, `preflight check --offline` end to
// end, and the same with a 1M-entry suppression list. Prints wall time, rows/s,
// peak RSS and the ratios the targets are stated in (docs/performance.md).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBenchList } from './generate-list';

const root = resolve(import.meta.dirname, '..');
const work = join(root, '.bench');
const rows = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const runs = Number(process.env['BENCH_RUNS'] ?? 1);
const list = join(work, `list-${rows}.csv`);
const suppression = join(work, `suppression-${rows}.csv`);
const cli = join(root, 'dist-electron/cli.cjs');

interface Measured {
  wallS: number;
  /** User + system CPU time: steadier than wall time when other work shares the machine. */
  cpuS: number;
  peakRssMb: number;
  stdout: string;
}

function measure(args: string[]): Promise<Measured> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', join(root, 'bench/rss-on-exit.cjs'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('error', fail);
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = /__PEAK_RSS_KB__ (\d+)/.exec(stderr);
      const cpu = /__CPU_US__ (\d+)/.exec(stderr);
      if (code !== 0) return fail(new Error(`${args.join(' ')} exited ${code}: ${stderr.replace(/__PEAK.*/s, '').trim()}`));
      done({ wallS, cpuS: cpu ? Number(cpu[1]) / 1e6 : NaN, peakRssMb: rss ? Number(rss[1]) / 1024 : NaN, stdout });
    });
  });
}

/**
 * Each command's fastest run. The commands take turns (a, b, c, a, b, c …) so that a
 * busy spell on the machine does not fall on one of them only; peak RSS is the highest seen.
 */
async function bestOfEach<const T extends readonly string[][]>(commands: T): Promise<{ [K in keyof T]: Measured }> {
  const winners: (Measured | null)[] = commands.map(() => null);
  for (let i = 0; i < runs; i++) {
    for (const [c, args] of commands.entries()) {
      const result = await measure(args);
      const winner = winners[c];
      winners[c] = !winner
        ? result
        : {
            ...(result.wallS < winner.wallS ? result : winner),
            cpuS: Math.min(result.cpuS, winner.cpuS),
            peakRssMb: Math.max(result.peakRssMb, winner.peakRssMb),
          };
    }
  }
  return winners as { [K in keyof T]: Measured };
}

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error('Build the CLI first: npm run build:electron');
  await mkdir(work, { recursive: true });
  await ensureBenchList(list, rows);
  if (!existsSync(suppression)) {
    // As many entries as rows; every 50th is an address the generator also writes (gmail users).
    const lines: string[] = [];
    for (let i = 0; i < rows; i++)
      lines.push(
        i % 50 === 0 ? `bounced.user${i}@gmail.com,BOUNCE` : `user${i}@suppressed-example-${i % 997}.com,${i % 5 ? 'BOUNCE' : 'COMPLAINT'}`,
      );
    await writeFile(suppression, lines.join('\n') + '\n');
  }
  const bytes = statSync(list).size;
  const out = join(work, 'out');
  await rm(out, { recursive: true, force: true });

  const [parse, check, checkSuppressed] = await bestOfEach([
    [join(root, 'bench/parse-alone.mjs'), list],
    [cli, 'check', list, '--out', out, '--offline', '--quiet'],
    [cli, 'check', list, '--out', out, '--offline', '--quiet', '--suppression', suppression],
  ]);

  const row = (name: string, m: Measured) =>
    `| ${name.padEnd(44)} | ${m.wallS.toFixed(2).padStart(7)} | ${m.cpuS.toFixed(2).padStart(6)} | ${Math.round(rows / m.wallS)
      .toLocaleString('en-US')
      .padStart(10)} | ${m.peakRssMb.toFixed(0).padStart(6)} |`;
  const lines = [
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; best of ${runs}`,
    `input: ${rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(1)} MB`,
    '',
    `| step                                         |  wall s |  CPU s |     rows/s | RSS MB |`,
    `|----------------------------------------------|--------:|-------:|-----------:|-------:|`,
    row('papaparse streaming parse alone', parse),
    row('preflight check --offline (all outputs)', check),
    row(`  + --suppression (${rows.toLocaleString('en-US')} entries)`, checkSuppressed),
    '',
    `check / parse-alone wall time: ${(check.wallS / parse.wallS).toFixed(2)}× (target ≤ 4×); CPU time: ${(check.cpuS / parse.cpuS).toFixed(2)}×`,
    `check peak RSS: ${check.peakRssMb.toFixed(0)} MB (target ≤ 500 MB)`,
    `suppression cross-check adds: ${(checkSuppressed.wallS - check.wallS).toFixed(2)} s wall, ${(checkSuppressed.cpuS - check.cpuS).toFixed(2)} s CPU, reading the file included (target ≤ 1 s)`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
