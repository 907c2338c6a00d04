// The planner at scale (issue 7, target 5): a million recipients planned with every
// batch file written, next to the time to write the same rows once as CSV.
//
//   npx tsx bench/plan.ts [--rows 1000000] [--rounds 2] [--keep]
//
// The send list is generated deterministically (test/support/send-list.ts: the
// columns and the writer `preflight check` uses) into .bench/plan/. Each figure is
// measured in its own child process (this file with --child), so each has its own
// peak RSS and a clean heap; rounds alternate and the best of each is kept, since on
// a shared machine other load only ever makes a run slower.
//
// Figures:
//   copy   read send.csv (readRecords) and write every row once to one CSV
//          (createCsvWriter): "the same rows written once as CSV", streaming
//   write  write every row once from memory (rows parsed beforehand, not timed):
//          the writer alone
//   plan   `preflight plan` end to end: read, order, schedule, write plan.json,
//          plan.csv, plan.ics and every batches/batch-NNNN.csv
import { spawn } from 'node:child_process';
import { mkdir, rm, stat } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCsvWriter } from '../electron/services/export/csv-writer';
import { inspectFile } from '../electron/services/import/inspect';
import { readRecords } from '../electron/services/import/records';
import { createPlan } from '../electron/services/plan/plan';
import { resolvePolicy } from '../shared/plan/policy';
import { writeSendList } from '../test/support/send-list';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
const work = path.join(root, '.bench', 'plan');

interface Figure {
  ms: number;
  /** CPU time (user + system) of the measured part: steadier than wall time on a shared machine. */
  cpuMs: number;
  maxRssMb: number;
  detail?: string;
}

async function child(mode: string, list: string): Promise<void> {
  const out = path.join(work, `out-${mode}`);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const inspected = await inspectFile(list);
  let detail = '';
  let started: number;
  let cpu: NodeJS.CpuUsage;
  if (mode === 'copy') {
    cpu = process.cpuUsage();
    started = performance.now();
    const writer = createCsvWriter(path.join(out, 'copy.csv'));
    await readRecords(list, { encoding: inspected.encoding, delimiter: inspected.delimiter }, (fields) => void writer.write(fields));
    await writer.close();
  } else if (mode === 'write') {
    const rows: string[][] = [];
    await readRecords(list, { encoding: inspected.encoding, delimiter: inspected.delimiter }, (fields) => void rows.push(fields));
    cpu = process.cpuUsage();
    started = performance.now();
    const writer = createCsvWriter(path.join(out, 'copy.csv'));
    for (const row of rows) {
      writer.write(row);
    }
    await writer.close();
  } else {
    cpu = process.cpuUsage();
    started = performance.now();
    const outcome = await createPlan({
      input: list,
      outDir: out,
      quota: { max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 0, source: 'manual' },
      quotaReadAt: Date.parse('2026-03-01T00:00:00Z'),
      headroom: 0.2,
      policy: resolvePolicy('standard'),
      timeZone: 'America/New_York',
      window: { start: 9 * 60, end: 17 * 60 },
      weekdaysOnly: false,
      start: Date.parse('2026-03-02T00:00:00Z'),
      now: Date.parse('2026-03-01T00:00:00Z'),
    });
    detail = `${outcome.document.batches.length} batches over ${outcome.document.days.length} days`;
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const figure: Figure = { ms, cpuMs: (used.user + used.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, detail };
  process.stdout.write(JSON.stringify(figure));
}

function measure(mode: string, list: string): Promise<Figure> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, self, '--child', mode, '--list', list], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.once('error', reject);
    proc.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Figure) : reject(new Error(`${mode} failed (exit ${code})`))));
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => {
    const at = args.indexOf(name);
    return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
  };
  if (args.includes('--child')) return child(option('--child', ''), option('--list', ''));

  const rows = Number(option('--rows', '1000000'));
  const rounds = Number(option('--rounds', '2'));
  await mkdir(work, { recursive: true });
  const list = path.join(work, `send-${rows}.csv`);
  if (!(await stat(list).catch(() => null))) {
    const started = performance.now();
    await writeSendList(list, rows);
    console.log(`generated ${list} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const bytes = (await stat(list)).size;
  console.log(
    `send list: ${rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(1)} MB; ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );

  const best: Record<string, Figure> = {};
  const bestCpu: Record<string, number> = {};
  for (let round = 1; round <= rounds; round++) {
    for (const mode of ['copy', 'write', 'plan']) {
      const figure = await measure(mode, list);
      console.log(
        `  round ${round} ${mode.padEnd(5)} ${(figure.ms / 1000).toFixed(2)} s (CPU ${(figure.cpuMs / 1000).toFixed(2)} s), peak RSS ${figure.maxRssMb.toFixed(0)} MB${figure.detail ? ` (${figure.detail})` : ''}`,
      );
      if (!best[mode] || figure.ms < best[mode].ms) best[mode] = figure;
      bestCpu[mode] = Math.min(bestCpu[mode] ?? Number.POSITIVE_INFINITY, figure.cpuMs);
    }
  }
  const { copy, write, plan } = best as Record<'copy' | 'write' | 'plan', Figure>;
  console.log('');
  console.log(`best of ${rounds}:`);
  console.log(
    `  copy (read + write once)  ${(copy.ms / 1000).toFixed(2)} s   ${Math.round(rows / (copy.ms / 1000)).toLocaleString('en-US')} rows/s`,
  );
  console.log(`  write once from memory    ${(write.ms / 1000).toFixed(2)} s`);
  console.log(
    `  plan, all files written   ${(plan.ms / 1000).toFixed(2)} s   ${Math.round(rows / (plan.ms / 1000)).toLocaleString('en-US')} rows/s, peak RSS ${plan.maxRssMb.toFixed(0)} MB`,
  );
  console.log(
    `  plan ÷ copy               ${(plan.ms / copy.ms).toFixed(2)} × (target ≤ 2); CPU time ${(bestCpu['plan']! / bestCpu['copy']!).toFixed(2)} ×`,
  );
  console.log(`  plan ÷ write from memory  ${(plan.ms / write.ms).toFixed(2)} ×`);
  if (!args.includes('--keep')) await rm(path.join(work), { recursive: true, force: true });
}

await main();
