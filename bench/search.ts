// npm run bench:search: what searching every column costs (electron/engine/cell-search.ts).
// Checks the generated list offline in this process, then measures the heap before any
// search, after the first search (which reads the cells again and keeps them, twice:
// as written and folded) and the time of the first and of later searches.
// BENCH_ROWS (default 200,000) sets the list's size.
import { existsSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runCheck } from '../electron/engine/check';
import { DEFAULT_SETTINGS } from '../shared/model/check';
import { ensureBenchList } from './generate-list';

const root = resolve(import.meta.dirname, '..');
const work = join(root, '.bench');
const rows = Number(process.env['BENCH_ROWS'] ?? 200_000);
const list = join(work, `list-${rows}.csv`);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:search does)');

const heapMb = () => {
  gc();
  gc();
  // Buffers live outside the JS heap: both count.
  const used = process.memoryUsage();
  return (used.heapUsed + used.arrayBuffers) / 2 ** 20;
};

await mkdir(work, { recursive: true });
await ensureBenchList(list, rows);
const out = join(work, 'search-out');
await rm(out, { recursive: true, force: true });
const base = heapMb();
const outcome = await runCheck({ input: list, outDir: out, settings: { ...DEFAULT_SETTINGS, offline: true } });
const checked = heapMb();
const time = async (search: string) => {
  const started = performance.now();
  const page = await outcome.results.query({ search, offset: 0, limit: 100 });
  return { ms: performance.now() - started, total: page.total };
};
const first = await time('García');
const indexed = heapMb();
const later = await time('garcia');
const third = await time('company-1');
const mb = (n: number) => `${n.toFixed(1)} MB`;
console.log(`list: ${rows.toLocaleString('en-US')} rows, ${mb(statSync(list).size / 2 ** 20)}`);
console.log(`heap and buffers after the check (results kept): ${mb(checked - base)} over the base`);
console.log(`heap and buffers the cell index adds (first search): ${mb(indexed - checked)}`);
console.log(`first search "García" (reads the cells again): ${first.ms.toFixed(0)} ms, ${first.total.toLocaleString('en-US')} rows`);
console.log(
  `later searches: "garcia" ${later.ms.toFixed(0)} ms (${later.total.toLocaleString('en-US')} rows), "company-1" ${third.ms.toFixed(0)} ms (${third.total.toLocaleString('en-US')} rows)`,
);
if (existsSync(out)) await rm(out, { recursive: true, force: true });
