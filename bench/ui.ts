// npm run bench:ui: the app with the 1M-row benchmark list, in Debian's
// Chromium through the UI harness (the built renderer, the real handlers and
// engine worker). Imports the list, checks it offline, scrolls the review table
// to its last row, and prints what the user would feel: the check's wall time
// in the app, the renderer's long tasks, the progress bar's values, the rows the
// renderer holds and its JS heap (docs/performance.md, "The app at 1M rows").
//
// BENCH_ROWS=100000 for a smaller list; BENCH_UI_PROFILE=1 also writes a CPU
// profile of the renderer to .bench/ui-renderer.cpuprofile (open it in Chrome
// DevTools) and prints the functions with the most self time;
// BENCH_UI_RENDERER_DIR=<folder> measures another renderer build (vite build
// --outDir <folder>) against the same list, to compare a change with the last.
//
// Each long task's wall time (PerformanceObserver) is printed with the CPU time
// the renderer's main thread spent in it (a Chromium trace): on a busy 2-core
// machine the difference is the time the thread waited for a core.
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { CHROMIUM_PATH, launchUi } from '../test/ui/harness';
import {
  attachRendererCpu,
  checkOffline,
  describeTask,
  heapUsage,
  importList,
  installProbe,
  readProbe,
  scrollToLastRow,
  shownRowCount,
  startRendererTrace,
  tasksAfterLoad,
} from '../test/ui/responsiveness';
import type { LongTask } from '../test/ui/responsiveness';
import { generateList } from './generate-list';

const root = resolve(import.meta.dirname, '..');
const work = join(root, '.bench');
const rows = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const profile = process.env['BENCH_UI_PROFILE'] === '1';
const rendererDir = process.env['BENCH_UI_RENDERER_DIR'] ? resolve(process.env['BENCH_UI_RENDERER_DIR']) : undefined;
// The same file as `npm run bench` (bench/check.ts), so the two measure the same list.
const list = join(work, `list-${rows}.csv`);
const SCROLL_STEPS = 20;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions with the most self time in a CDP CPU profile. */
function topSelfTime(cpu: CpuProfile, count: number): string[] {
  const byNode = new Map<number, number>();
  cpu.samples.forEach((node, index) => byNode.set(node, (byNode.get(node) ?? 0) + (cpu.timeDeltas[index] ?? 0)));
  const byFunction = new Map<string, number>();
  for (const node of cpu.nodes) {
    const frame = node.callFrame;
    const file = frame.url.split('/').pop() ?? '';
    const name = `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + (byNode.get(node.id) ?? 0));
  }
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => `${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
}

function byPhase(tasks: LongTask[]): string {
  const phases = new Map<string, { count: number; longest: number }>();
  for (const task of tasks) {
    const entry = phases.get(task.phase) ?? { count: 0, longest: 0 };
    entry.count += 1;
    entry.longest = Math.max(entry.longest, task.durationMs);
    phases.set(task.phase, entry);
  }
  return [...phases].map(([phase, { count, longest }]) => `${phase} ${count} (longest ${longest.toFixed(0)} ms)`).join(', ') || 'none';
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is not installed (apt-get install chromium)`);
  await mkdir(work, { recursive: true });
  if (!existsSync(list)) {
    process.stderr.write(`generating ${rows.toLocaleString('en-US')} rows → ${list}\n`);
    await generateList(list, { rows, companyDomains: Math.max(100, Math.floor(rows / 40)) });
  }
  const bytes = statSync(list).size;

  const ui = await launchUi({ viewport: { width: 1280, height: 820 }, rendererDir });
  let cdp: CDPSession | null = null;
  try {
    const { page } = ui;
    await page.getByRole('heading', { name: 'Check a recipient list before you send' }).waitFor();
    await installProbe(page);
    await startRendererTrace(page);
    if (profile) {
      cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }

    const importStarted = Date.now();
    await importList(ui, list);
    const importMs = Date.now() - importStarted;
    const checkMs = await checkOffline(ui, 15 * 60_000);
    const shownTotal = await shownRowCount(page, 60_000);
    const scrollStarted = Date.now();
    const scrolled = await scrollToLastRow(page, SCROLL_STEPS, 60_000);
    const scrollMs = Date.now() - scrollStarted;
    const loadAverage = loadavg();
    const probe = await attachRendererCpu(page, await readProbe(page));

    if (cdp) {
      const { profile: cpu } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      const file = join(work, 'ui-renderer.cpuprofile');
      await writeFile(file, JSON.stringify(cpu));
      process.stderr.write(`renderer CPU profile → ${file}\nmost self time:\n${topSelfTime(cpu, 12).join('\n')}\n`);
    }
    const heap = await heapUsage(page);

    const tasks = tasksAfterLoad(probe);
    const longest = tasks.reduce((max, task) => Math.max(max, task.durationMs), 0);
    const longestCpu = tasks.reduce((max, task) => Math.max(max, task.cpuMs ?? 0), 0);
    const over100 = tasks.filter((task) => task.durationMs > 100);
    const over100Cpu = tasks.filter((task) => (task.cpuMs ?? task.durationMs) > 100);
    const loadTasks = probe.longTasks.filter((task) => task.phase === 'load');
    const lines = [
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Chromium ${ui.page.context().browser()?.version() ?? '?'}; load average ${loadAverage.map((load) => load.toFixed(1)).join(' ')}`,
      `input: ${rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(1)} MB; Review shows "${shownTotal}"`,
      '',
      `import (Open list → Columns):          ${(importMs / 1000).toFixed(2)} s`,
      `check in the app (Check list → Review): ${(checkMs / 1000).toFixed(2)} s, ${Math.round(rows / (checkMs / 1000)).toLocaleString('en-US')} rows/s`,
      `scroll to the last row (${SCROLL_STEPS} steps, Home, End): ${(scrollMs / 1000).toFixed(2)} s; slowest step waited ${Math.max(...scrolled.stepWaitsMs)} ms for its rows`,
      '',
      `long tasks (> 50 ms) from import to the last row: ${tasks.length} — ${byPhase(tasks)}`,
      `longest task: ${longest.toFixed(0)} ms wall; tasks over 100 ms wall: ${over100.length}${over100.length ? ` (${over100.slice(0, 10).map(describeTask).join(', ')}${over100.length > 10 ? ', …' : ''})` : ''} (target: none)`,
      `renderer CPU in those tasks: longest ${longestCpu.toFixed(0)} ms; tasks over 100 ms of CPU: ${over100Cpu.length}`,
      `  before import (page load): ${loadTasks.length} long task(s)${loadTasks.length ? `, longest ${Math.max(...loadTasks.map((task) => task.durationMs)).toFixed(0)} ms` : ''}`,
      `progress bar: ${probe.progressValues.length} distinct values (${probe.progressValues.join(', ')})`,
      `last row: number ${scrolled.lastRowNumber.toLocaleString('en-US')}, Row cell "${scrolled.lastRowText}" (expected ${rows.toLocaleString('en-US')})`,
      `rows in the DOM: ${probe.domRows} at the end, ${probe.maxDomRows} at most`,
      `rows fetched from the worker while scrolling: ${probe.rowsFetched.toLocaleString('en-US')} in ${probe.pagesFetched} pages (the list: ${rows.toLocaleString('en-US')})`,
      `renderer JS heap: ${heap.usedMb.toFixed(1)} MB used, ${heap.afterGcMb.toFixed(1)} MB after a GC`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
    if (ui.pageErrors.length) process.stderr.write(`page errors:\n${ui.pageErrors.join('\n')}\n`);
    const failed = [
      over100.length > 0 && `${over100.length} renderer task(s) took over 100 ms of wall time (${over100Cpu.length} over 100 ms of CPU)`,
      probe.progressValues.length < 3 && 'the progress bar did not move',
      scrolled.lastRowNumber !== rows && 'the table did not reach the last row',
    ].filter(Boolean);
    if (failed.length) process.stderr.write(`target missed: ${failed.join('; ')}\n`);
  } finally {
    await cdp?.detach().catch(() => undefined);
    await ui.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ui: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
