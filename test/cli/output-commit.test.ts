// Concurrent runs and kill -9 never leave the user a mixed set of outputs, and what a
// dead run leaves behind is cleaned up by the next one (electron/services/export/staging.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCompleteOutputs } from '../../electron/services/export/manifest';
import { cli, cliProcess, repoRoot, tempDir } from '../support/cli';
import { startDnsServer, syntheticZones, type RunningDnsServer } from '../support/dns-server';

const servers: RunningDnsServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

function startCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'electron/cli/index.ts'), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A list whose every address carries its list's tag, so a file's origin can be read from it. */
async function taggedList(path: string, tag: string, rows: number, domains: readonly string[] = ['example.org']): Promise<void> {
  const lines = ['email,opt_in'];
  for (let i = 0; i < rows; i++) lines.push(`${tag}${i}@${domains[i % domains.length]},yes`);
  await writeFile(path, lines.join('\n') + '\n');
}

/** Which lists the trusted outputs came from: one tag for a consistent set, null for no trusted set. */
async function trustedOrigin(out: string): Promise<string | null> {
  const names = await readCompleteOutputs(out);
  if (names === null) return null;
  const tags = new Set<string>();
  for (const name of names.filter((n) => n.endsWith('.csv'))) {
    for (const match of (await readFile(join(out, name), 'utf8')).matchAll(/\b(list[a-z])\d+@/g)) tags.add(match[1]!);
  }
  return [...tags].sort().join('+');
}

describe('two checks into one --out', () => {
  it('the second refuses with a sentence while the first runs; the first one’s set is whole and its own', async () => {
    const { zones, domains } = syntheticZones(60, 'lock.com');
    const slow = await startDnsServer(zones, { delayMs: 100 });
    servers.push(slow);
    const dir = await tempDir('preflight-lock-');
    const out = join(dir, 'out');
    await taggedList(join(dir, 'a.csv'), 'lista', 600, domains);
    await taggedList(join(dir, 'b.csv'), 'listb', 600);
    const first = startCli([
      'check',
      join(dir, 'a.csv'),
      '--out',
      out,
      '--quiet',
      '--dns-server',
      slow.server,
      '--dns-concurrency',
      '2',
      '--cache-dir',
      join(dir, 'cache'),
    ]);
    const firstDone = exited(first);
    // The first run holds the lock while it waits on the slow DNS server.
    await waitFor(() => existsSync(join(out, '.preflight-lock')));
    const second = await cliProcess(['check', join(dir, 'b.csv'), '--out', out, '--offline', '--quiet']);
    expect(second.code).toBe(1);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toContain(`Another Preflight run is writing to "${out}"`);
    expect((await firstDone).code).toBe(0);
    expect(await trustedOrigin(out)).toBe('lista');
    expect((await readdir(out)).filter((name) => name.startsWith('.'))).toEqual(['.preflight-manifest.json']);
  }, 30_000);
});

describe('kill -9 while a check writes', () => {
  it('never leaves a mixed or partial set a reader trusts; the next run cleans up and succeeds', async () => {
    const dir = await tempDir('preflight-kill-');
    const out = join(dir, 'out');
    await taggedList(join(dir, 'a.csv'), 'lista', 200);
    await taggedList(join(dir, 'b.csv'), 'listb', 40_000);
    expect((await cli(['check', join(dir, 'a.csv'), '--out', out, '--offline', '--quiet'])).code).toBe(0);
    const seen = new Map<string, number>();
    // Kill at once when the run starts committing, or a random time into pass 2: two at a time.
    const killOnce = async (round: number): Promise<void> => {
      const child = startCli(['check', join(dir, 'b.csv'), '--out', out, '--offline', '--quiet']);
      const done = exited(child);
      await waitFor(() => existsSync(join(out, '.preflight-lock')) || child.exitCode !== null);
      const staged = async () => (await readdir(out)).some((name) => name.startsWith('.preflight-staging-'));
      while (!(await staged()) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 2));
      await new Promise((resolve) => setTimeout(resolve, (round * 37) % 400));
      child.kill('SIGKILL');
      await done;
      const origin = await trustedOrigin(out);
      seen.set(String(origin), (seen.get(String(origin)) ?? 0) + 1);
      expect(['lista', 'listb', 'null']).toContain(String(origin));
      // The next run (a small list) takes over the dead run's lock, removes its staging folder and succeeds.
      const next = await cli(['check', join(dir, 'a.csv'), '--out', out, '--offline', '--quiet']);
      expect(next.stderr).toBe('');
      expect(next.code).toBe(0);
      expect(await trustedOrigin(out)).toBe('lista');
      expect((await readdir(out)).filter((name) => name.startsWith('.'))).toEqual(['.preflight-manifest.json']);
    };
    for (let round = 0; round < 8; round++) await killOnce(round);
    expect([...seen.values()].reduce((a, b) => a + b, 0)).toBe(8);
  }, 60_000);
});

describe('what a dead run leaves behind', () => {
  it('a stale staging folder of a dead run is removed by the next run; an unrelated hidden folder is not touched', async () => {
    const dir = await tempDir('preflight-stale-');
    const out = join(dir, 'out');
    await taggedList(join(dir, 'a.csv'), 'lista', 20);
    // A pid that no longer runs: a child that has exited.
    const dead = spawn(process.execPath, ['-e', '']);
    await exited(dead);
    const stale = join(out, `.preflight-staging-${dead.pid}-Ab3xYz`);
    await mkdir(join(stale, '.previous-outputs'), { recursive: true });
    await writeFile(join(stale, 'annotated.csv'), 'x'.repeat(10_000));
    await writeFile(
      join(out, '.preflight-lock'),
      JSON.stringify({ pid: dead.pid, host: (await import('node:os')).hostname(), startedAt: '2026-12-07T00:00:00.000Z', id: 'dead' }),
    );
    // The user's own hidden folders, one named much like ours.
    await mkdir(join(out, '.git'));
    await writeFile(join(out, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await mkdir(join(out, '.preflight-staging-notes'));
    await writeFile(join(out, '.preflight-staging-notes', 'mine.txt'), 'mine');

    const result = await cli(['check', join(dir, 'a.csv'), '--out', out, '--offline', '--quiet']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(await readFile(join(out, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(await readFile(join(out, '.preflight-staging-notes', 'mine.txt'), 'utf8')).toBe('mine');
    expect((await readdir(out)).filter((name) => name.startsWith('.')).sort()).toEqual([
      '.git',
      '.preflight-manifest.json',
      '.preflight-staging-notes',
    ]);
  });
});
