// Failure injection (issue 8): the disk fills up while Preflight writes its
// outputs (`preflight check`, `preflight plan`, and the app's Export step).
// Simulated without mounting anything: the code runs in a child process under a
// file-size limit (`ulimit -f`), with SIGXFSZ ignored so that a write past the
// limit fails with EFBIG, as a full disk fails with ENOSPC, instead of killing the
// process. The user must get one sentence naming the folder, exit 1, no stack
// trace, nothing half-written in the output folder, and the input untouched.
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, folderContents, repoRoot, sha256, tempDir, type CliResult } from '../support/cli';
import { writeSendList } from '../support/send-list';

// 512-byte blocks (POSIX sh): 256 KB. Far above anything Node and tsx need to start
// (they write no file: TSX_DISABLE_CACHE), well below the outputs (over 500 KB).
const LIMIT_BLOCKS = 512;

/** Node (with tsx) in a child process whose every file is limited to LIMIT_BLOCKS. */
function nodeWithFileSizeLimit(nodeArgs: string[]): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const script = 'trap "" XFSZ; ulimit -f "$1"; shift; exec "$@"';
    const command = [process.execPath, '--import', 'tsx', ...nodeArgs];
    const child = spawn('sh', ['-c', script, 'sh', String(LIMIT_BLOCKS), ...command], {
      cwd: repoRoot,
      env: { ...process.env, TSX_DISABLE_CACHE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code: code ?? (signal ? -1 : -2), stdout, stderr }));
  });
}

function cliWithFileSizeLimit(args: string[]): Promise<CliResult> {
  return nodeWithFileSizeLimit([join(repoRoot, 'electron/cli/index.ts'), ...args]);
}

/** The app's Export step (electron/main/export.ts, plain Node) copying sourceDir's outputs into folder. */
function appExportWithFileSizeLimit(sourceDir: string, folder: string): Promise<CliResult> {
  const script = `
    const [, modulePath, sourceDir, folder] = process.argv;
    const { exportOutputs } = await import(modulePath);
    try {
      await exportOutputs(sourceDir, folder);
    } catch (error) {
      process.stderr.write(error.name + ': ' + error.message + '\\n');
      process.exitCode = 1;
    }`;
  return nodeWithFileSizeLimit(['--input-type=module', '-e', script, join(repoRoot, 'electron/main/export.ts'), sourceDir, folder]);
}

/** One line on stderr, the sentence for a disk without room, naming the output folder; no stack trace. */
function expectNoSpaceSentence(result: CliResult, outDir: string): void {
  expect(result.code, result.stderr).toBe(1);
  const lines = result.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toBe(
    `preflight: Cannot write to the folder "${outDir}": there is not enough space there for a file this large; free some space or choose another folder.`,
  );
  expect(result.stderr).not.toMatch(/\n\s+at |internal error|EFBIG/);
}

let dir: string;

beforeAll(async () => {
  dir = await tempDir('preflight-full-disk-');
});

describe('a disk that fills up while writing', () => {
  it('check: one sentence, exit 1, no output folder left behind, input unchanged', async () => {
    const here = join(dir, 'check');
    await mkdir(here);
    const input = join(here, 'list.csv');
    const rows = ['email,first_name,notes'];
    for (let i = 0; i < 8_000; i++) rows.push(`person${i}@example-shop${i % 50}.com,Person ${i},"likes ""quotes"", commas and more text"`);
    await writeFile(input, rows.join('\n') + '\n');
    const before = await sha256(input);
    const outDir = join(here, 'out');

    const result = await cliWithFileSizeLimit(['check', input, '--out', outDir, '--offline', '--quiet']);

    expectNoSpaceSentence(result, outDir);
    // The run created the folder, so it removes it: no outputs, no partial file, no staging folder.
    expect(existsSync(outDir)).toBe(false);
    expect(await readdir(here)).toEqual(['list.csv']);
    expect(await sha256(input)).toBe(before);
  }, 20_000);

  it('plan: one sentence, exit 1, the previous plan in the folder left exactly as it was, input unchanged', async () => {
    const input = join(dir, 'send.csv');
    await writeSendList(input, 5_000);
    const before = await sha256(input);
    const outDir = join(dir, 'plan-out');
    // The previous plan, of a small list, made without a size limit.
    const small = join(dir, 'small-send.csv');
    await writeSendList(small, 20);
    expect(
      (await cli(['plan', small, '--out', outDir, '--max-24h', '1000', '--max-rate', '5', '--now', '2026-03-01T12:00:00Z'])).code,
    ).toBe(0);
    const previous = await folderContents(outDir);

    const result = await cliWithFileSizeLimit([
      'plan',
      input,
      '--out',
      outDir,
      '--max-24h',
      '1000',
      '--max-rate',
      '5',
      '--now',
      '2026-03-01T12:00:00Z',
    ]);

    expectNoSpaceSentence(result, outDir);
    expect(await folderContents(outDir)).toEqual(previous);
    expect(await sha256(input)).toBe(before);
  }, 20_000);
});

describe('an Export (the app) into a folder without room', () => {
  it('one sentence, and the folder exactly as it was', async () => {
    const source = join(dir, 'job');
    const folder = join(dir, 'export-to');
    await mkdir(source);
    await mkdir(folder);
    await writeFile(join(source, 'annotated.csv'), 'email,preflight_verdict\r\n' + 'someone@example.com,send\r\n'.repeat(50_000));
    for (const name of ['send.csv', 'review.csv', 'remove.csv', 'report.json']) await writeFile(join(source, name), `new ${name}`);
    await writeFile(join(folder, 'notes.txt'), 'mine');

    const result = await appExportWithFileSizeLimit(source, folder);

    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toBe(`UserError: Preflight cannot write to ${folder}: there is not enough space there for a file this large.\n`);
    expect((await readdir(folder)).sort()).toEqual(['notes.txt']);
    expect(await readFile(join(folder, 'notes.txt'), 'utf8')).toBe('mine');
  }, 20_000);
});
