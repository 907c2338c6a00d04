// Failure injection (issue 8): the user presses Ctrl-C in the middle of
// `preflight check`. The process must stop with one sentence and exit 1, leave
// the output folder as it was and the input untouched, and leave a state to
// restart from: the next run finishes, reusing the DNS answers already received.
// (The app's cancel button is tested in test/electron/handlers.test.ts and
// engine-worker.test.ts.)
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, folderContents, readCsv, repoRoot, sha256, tempDir, type CliResult } from '../support/cli';
import { startDnsServer, syntheticZones, type RunningDnsServer } from '../support/dns-server';

const DOMAIN_COUNT = 300;
const { zones, domains } = syntheticZones(DOMAIN_COUNT, 'ctrl-c.com');
const servers: RunningDnsServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

/** The CLI as a child process (node + tsx); `interruptWhen` is polled and the child gets SIGINT once it holds. */
function interruptedCli(args: string[], interruptWhen: () => boolean): Promise<CliResult & { interrupted: boolean }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'electron/cli/index.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, TSX_DISABLE_CACHE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    const poll = setInterval(() => {
      if (interrupted || !interruptWhen()) return;
      interrupted = true;
      child.kill('SIGINT');
    }, 5);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => {
      clearInterval(poll);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(poll);
      resolvePromise({ code: code ?? -1, stdout, stderr, interrupted });
    });
  });
}

describe('Ctrl-C during a check', () => {
  it('stops cleanly with one sentence, changes nothing, and the next run picks up from the DNS answers kept', async () => {
    const dir = await tempDir('preflight-cancel-');
    const input = join(dir, 'list.csv');
    await writeFile(input, ['email', ...domains.map((domain, i) => `p${i}@${domain}`)].join('\n') + '\n');
    const inputHash = await sha256(input);
    // Last week's outputs are in the folder: a cancelled run must not touch them.
    const outDir = join(dir, 'out');
    const lastWeek = join(dir, 'last-week.csv');
    await writeFile(lastWeek, 'email\nlast@example.org\n');
    expect((await cli(['check', lastWeek, '--out', outDir, '--quiet', '--offline'])).code).toBe(0);
    const lastWeeksOutputs = await folderContents(outDir);
    const cacheDir = join(dir, 'cache');

    // A slow server keeps the domain check busy for several seconds: the interrupt lands mid-way.
    const slow = await startDnsServer(zones, { delayMs: 100 });
    servers.push(slow);
    const answered = () => Object.values(slow.queries.answeredByName).reduce((sum, n) => sum + n, 0);
    const dnsArgs = ['--dns-server', slow.server, '--dns-concurrency', '4', '--dns-timeout', '1000', '--cache-dir', cacheDir];
    const result = await interruptedCli(['check', input, '--out', outDir, '--quiet', ...dnsArgs], () => answered() >= 40);

    expect(result.interrupted).toBe(true);
    expect(result.code, result.stderr).toBe(1);
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^preflight: The (domain )?check was cancelled\.$/);
    expect(answered()).toBeLessThan(DOMAIN_COUNT);
    expect(await folderContents(outDir)).toEqual(lastWeeksOutputs);
    expect(await sha256(input)).toBe(inputHash);

    // Restart: the same command, a fast server this time.
    const fast = await startDnsServer(zones);
    servers.push(fast);
    const again = await cli([
      'check',
      input,
      '--out',
      outDir,
      '--quiet',
      '--dns-server',
      fast.server,
      '--dns-timeout',
      '1000',
      '--cache-dir',
      cacheDir,
    ]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    const report = JSON.parse(await readFile(join(outDir, 'report.json'), 'utf8'));
    expect(report.rows).toBe(DOMAIN_COUNT);
    expect(report.domains.byStatus['dns_unresolved'] ?? 0).toBe(0);
    // Answers received before the interrupt were kept; only the rest was asked.
    const askedAgain = Object.keys(fast.queries.byName).filter((key) => key.endsWith(' MX')).length;
    expect(report.domains.fromCache).toBeGreaterThan(0);
    expect(report.domains.fromCache + askedAgain).toBe(DOMAIN_COUNT);
    const { rows } = await readCsv(join(outDir, 'annotated.csv'));
    expect(rows).toHaveLength(DOMAIN_COUNT);
    expect((await readdir(outDir)).sort()).toEqual([
      '.preflight-manifest.json',
      'annotated.csv',
      'remove.csv',
      'report.json',
      'review.csv',
      'send.csv',
    ]);
  }, 30_000);
});
