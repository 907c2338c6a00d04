// Pipes: `preflight check - --json < list.csv` reads the list from standard input
// through a private copy that never outlives the run, and stdout carries nothing
// but the JSON, so `| python3 -m json.tool` or `| jq` works.
import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import { spoolStdin } from '../../electron/cli/stdin-list';
import { readCsv, repoRoot, runCommand, shellEnv, tempDir, type CliResult } from '../support/cli';

const sample = join(repoRoot, 'examples/recipients.csv');
let dir: string;
let list: Buffer;

beforeAll(async () => {
  dir = await tempDir('preflight-stdin-test-');
  list = await readFile(sample);
});

/** What Preflight left in a temporary folder (tsx, which runs the CLI from source, keeps its cache there too). */
const leftBehind = async (tmp: string) => (await readdir(tmp)).filter((name) => name.startsWith('preflight-'));

/** A temporary folder of its own for one child process, so what it leaves behind can be counted. */
async function privateTmp(): Promise<string> {
  const tmp = join(dir, `tmp-${Math.random().toString(36).slice(2)}`);
  await mkdir(tmp);
  return tmp;
}

const tsxCli = (args: string[]) => [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), join(repoRoot, 'electron/cli/index.ts'), ...args];

async function inProcess(args: string[], stdin: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const code = await runCli(args, { stdin, stdout, stderr, env: {} });
  return { code, stdout: out, stderr: err };
}

describe('check - reads the list from a pipe', () => {
  it('`npm run -s preflight -- check - --json < list.csv` prints only the report on stdout, and no copy of the list stays in the temporary folder', async () => {
    const tmp = await privateTmp();
    const out = join(dir, 'npm-run');
    const result = await runCommand(
      'npm',
      ['run', '-s', '--prefix', repoRoot, 'preflight', '--', 'check', '-', '--out', out, '--offline', '--json'],
      dir,
      {
        stdin: list,
        env: { TMPDIR: tmp },
      },
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { rows: number; input: { file: string }; verdicts: { send: number } };
    expect(report.rows).toBe(26);
    expect(report.input.file).toBe('-');
    expect((await readCsv(join(out, 'send.csv'))).rows).toHaveLength(report.verdicts.send);
    expect(await leftBehind(tmp)).toEqual([]);
  });

  it('the same rows come out whether the list is piped or named', async () => {
    const piped = await inProcess(
      ['check', '-', '--out', join(dir, 'piped'), '--offline', '--json', '--now', '2026-12-07'],
      Readable.from([list]),
    );
    const named = await inProcess(
      ['check', sample, '--out', join(dir, 'named'), '--offline', '--json', '--now', '2026-12-07'],
      Readable.from([]),
    );
    expect(piped.code).toBe(0);
    expect(named.code).toBe(0);
    for (const file of ['annotated.csv', 'send.csv', 'review.csv', 'remove.csv']) {
      expect(await readFile(join(dir, 'piped', file), 'utf8')).toBe(await readFile(join(dir, 'named', file), 'utf8'));
    }
  });

  it('the copy is readable by this user only, in a folder only this user can enter, and is gone when removed', async () => {
    const spooled = await spoolStdin(Readable.from([list]), new AbortController().signal);
    try {
      expect((await stat(spooled.path)).mode & 0o777).toBe(0o600);
      expect((await stat(join(spooled.path, '..'))).mode & 0o777).toBe(0o700);
      expect(await readFile(spooled.path)).toEqual(list);
    } finally {
      await spooled.remove();
    }
    await expect(stat(join(spooled.path, '..'))).rejects.toThrow();
  });

  it('a piped input that is not a list fails with one sentence and leaves no copy behind', async () => {
    const tmp = await privateTmp();
    const result = await runCommand(process.execPath, tsxCli(['check', '-', '--out', join(dir, 'empty'), '--offline', '--json']), dir, {
      stdin: '',
      env: { TMPDIR: tmp },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^preflight: .*standard input.*empty/i);
    expect(await leftBehind(tmp)).toEqual([]);
  });

  it('Ctrl-C while the list is still arriving stops with one sentence and leaves no copy behind', async () => {
    const tmp = await privateTmp();
    // Node with tsx as a loader (not tsx's CLI, whose parent process relays signals itself): Ctrl-C reaches the CLI.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'electron/cli/index.ts'), 'check', '-', '--out', join(dir, 'interrupted'), '--offline'],
      {
        cwd: repoRoot, // where --import finds tsx
        env: { ...shellEnv(), TMPDIR: tmp },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.resume();
    // Half the list, and the pipe stays open: the CLI is still copying when Ctrl-C comes.
    child.stdin.write(list.subarray(0, list.length >> 1));
    let exited = false;
    const closed = new Promise<number>((resolve) => child.on('close', (code) => ((exited = true), resolve(code ?? -1))));
    // Until the copy has begun (or the child ended early, which the assertions below report).
    while (!exited) {
      const [copy] = await leftBehind(tmp);
      if (copy && (await readdir(join(tmp, copy)).catch(() => [])).length) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
    expect({ code: await closed, stderr }).toEqual({ code: 1, stderr: 'preflight: The check was cancelled.\n' });
    expect(await leftBehind(tmp)).toEqual([]);
    await expect(stat(join(dir, 'interrupted'))).rejects.toThrow();
    child.stdin.destroy();
  });

  it('`check -` typed at a terminal, with nothing piped in, says how to pipe a file', async () => {
    const terminal = Object.assign(Readable.from([]), { isTTY: true });
    const result = await inProcess(['check', '-', '--out', join(dir, 'tty'), '--offline'], terminal);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^preflight: "-" reads the list from standard input, which is this terminal: pipe a file in/);
  });
});
