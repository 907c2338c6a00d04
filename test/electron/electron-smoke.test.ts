// Launches the built app in a real Electron with Playwright's _electron, where
// an Electron binary is installed. Where it is not (this machine cannot download
// it), the test is reported as skipped with the reason, never as passed.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The Electron binary's path, found the way node_modules/electron/index.js finds
 * it — without calling require('electron'), which starts a download (a network
 * access no test may make) when the binary is missing.
 */
function findElectron(): { path: string } | { reason: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!relative && !override) return { reason: 'the Electron binary is not installed (node_modules/electron has no path.txt)' };
  const binary = override ? join(override, relative || 'electron') : join(packageDir, 'dist', relative!);
  if (!existsSync(binary)) return { reason: `the Electron binary ${binary} does not exist` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display to open a window on (run under xvfb-run)' };
  }
  return { path: binary };
}

const found = findElectron();
const skipReason = 'reason' in found ? found.reason : null;

describe('Electron smoke test', () => {
  it.skipIf(skipReason !== null)(
    `launches the built app: isolated page, working IPC, navigation and new windows refused${skipReason ? ` — SKIPPED: ${skipReason}` : ''}`,
    async () => {
      if (!existsSync(join(root, 'dist-electron', 'main.cjs')) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
        throw new Error('Run `npm run build` before the Electron smoke test');
      }
      const dataDir = await mkdtemp(join(tmpdir(), 'preflight-e2e-'));
      const app = await electron.launch({
        executablePath: (found as { path: string }).path,
        // Chromium refuses to run as root with its sandbox (CI runs as root).
        args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root],
        // A fresh data folder per run (after Insomnia), and no dev server.
        env: { ...process.env, PREFLIGHT_DATA_DIR: dataDir, PREFLIGHT_DEV_SERVER_URL: '' },
      });
      try {
        const page = await app.firstWindow();
        await page.waitForLoadState('domcontentloaded');
        expect(page.url()).toBe('app://preflight/index.html');
        expect(await page.title()).toMatch(/Preflight/);

        // Context isolation and no Node: the page sees window.preflight and nothing else.
        const exposed = await page.evaluate(() => {
          const g = globalThis as unknown as Record<string, unknown>;
          return {
            api: Object.keys((g.preflight ?? {}) as object).sort(),
            node: typeof g.require === 'undefined' && typeof g.process === 'undefined' && typeof g.module === 'undefined',
          };
        });
        expect(exposed).toEqual({ api: ['invoke', 'on', 'pathForFile'], node: true });

        const prefs = await page.evaluate(() =>
          (globalThis as unknown as { preflight: { invoke(c: string): Promise<unknown> } }).preflight.invoke('prefs:get'),
        );
        expect(prefs).toMatchObject({ consentMaxAgeDays: 730 });

        // Navigating away and opening windows are refused.
        await page.evaluate(() => {
          const g = globalThis as unknown as { open(url: string): unknown; location: { href: string } };
          g.open('https://window-test.invalid/');
          g.location.href = 'https://navigation-test.invalid/';
        });
        await page.waitForTimeout(300);
        expect(page.url()).toBe('app://preflight/index.html');
        expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

        await page.screenshot({ path: join(root, 'test-results', 'screens', 'electron-smoke.png') });
      } finally {
        await app.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );
});
