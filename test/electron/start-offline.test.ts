// `npm start` where Electron's binary cannot be downloaded (offline, a firewall, a
// mirror that is down): one sentence naming what is missing and the CLI that works
// without it, exit 1, and nothing built. The download is pointed at a closed local
// port and an empty cache, so the test never reaches the internet and behaves the
// same on a machine that has the binary.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli';

function startApp(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), join(repoRoot, 'scripts/start-app.ts'), '--check-only'],
      {
        cwd: repoRoot,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm start when Electron's binary cannot be downloaded", () => {
  it('says so in one sentence with the CLI to use instead, not a fetch stack trace', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'preflight-no-electron-'));
    const result = await startApp({
      ELECTRON_OVERRIDE_DIST_PATH: empty,
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      electron_config_cache: empty,
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(
      /^preflight: The desktop app needs Electron's binary, downloaded once from the internet .* The CLI works without it: npm run preflight -- check examples\/recipients\.csv$/,
    );
    expect(result.stderr).not.toMatch(/TypeError|fetch failed|\n\s+at /);
    expect(result.stdout).toBe('');
    // Looked for before building: nothing was written next to the empty folder.
    expect(await readdir(empty)).toEqual([]);
  });
});
