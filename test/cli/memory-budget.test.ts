// A list too large for the memory the process has must be refused before pass 1, with
// one sentence and nothing written, instead of dying with "JavaScript heap out of memory".
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../support/cli';
import { checkMemoryBudget, estimateRows, PEAK_HEAP_BYTES_PER_ROW } from '../../electron/engine/memory-budget';

function runWithHeapLimit(megabytes: number, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      // tsx's own CLI would start a second Node without the flag: load it as a hook instead.
      [`--max-old-space-size=${megabytes}`, '--import', 'tsx', join(repoRoot, 'electron/cli/index.ts'), ...args],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

/**
 * The heap a Node started with this limit reports. It is not the flag's figure, and
 * differs by version: --max-old-space-size=96 gives 144 MB on Node 20 and 288 MB on
 * Node 24 (young generation included), so the list is sized from what the child sees.
 */
function heapLimitWith(megabytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${megabytes}`, '-p', "require('node:v8').getHeapStatistics().heap_size_limit"],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => resolve(Number(stdout.trim())));
  });
}

describe('a list too big for the memory it would need', () => {
  it('is refused before the check with the figure and how to split it, and no output is written', async () => {
    const dir = await tempDir();
    const input = join(dir, 'big.csv');
    // A third more rows than the child's heap can hold by the engine's own estimate.
    const rows = Math.ceil(((await heapLimitWith(96)) / PEAK_HEAP_BYTES_PER_ROW) * 1.33);
    const lines = ['email,opt_in'];
    for (let i = 0; i < rows; i++) lines.push(`person${i}@mail${i % 97}.de,yes`);
    await writeFile(input, lines.join('\n') + '\n');
    const out = join(dir, 'out');
    const result = await runWithHeapLimit(96, ['check', input, '--out', out, '--offline']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /big\.csv has about [\d,]+ rows and needs about \d+ MB of memory, but this process can use \d+ MB: split the list into parts of at most [\d,]+ rows/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/heap out of memory|at .*\.ts:\d+/);
    expect(existsSync(out)).toBe(false);
  });

  it('still checks a small list under the same limit', async () => {
    const dir = await tempDir();
    const out = join(dir, 'out');
    const result = await runWithHeapLimit(96, ['check', join(repoRoot, 'examples/recipients.csv'), '--out', out, '--offline']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(existsSync(join(out, 'send.csv'))).toBe(true);
  });
});

describe('the row estimate', () => {
  it('counts narrow rows as more rows per byte than wide ones', () => {
    const narrow = estimateRows({ bytes: 1_000_000, headers: ['email'], sample: [['a@b.de'], ['cc@dd.de']] });
    const wide = estimateRows({ bytes: 1_000_000, headers: ['email', 'notes'], sample: [['a@b.de', 'x'.repeat(200)]] });
    expect(narrow).toBeGreaterThan(wide * 10);
  });

  it('refuses 16 million rows on a 4 GB heap and accepts 1 million', () => {
    const sample = { headers: ['email', 'name'], sample: [['someone@example.de', 'Some One']], fileName: 'list.csv' };
    const perRow = 'someone@example.de,Some One\n'.length;
    expect(() => checkMemoryBudget({ ...sample, bytes: 16_000_000 * perRow }, 4 * 2 ** 30)).toThrow(/split the list/);
    expect(checkMemoryBudget({ ...sample, bytes: 1_000_000 * perRow }, 4 * 2 ** 30).rows).toBeGreaterThan(900_000);
  });
});
