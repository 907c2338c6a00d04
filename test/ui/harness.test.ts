// Self-test of the Chromium harness on a tiny page (the real renderer is tested
// by the UI tests): window.preflight has the preload's exact shape, requests go
// through the same handlers and schemas as the app, events arrive, the CSP
// header applies, and a dropped file resolves to its path.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/model/check';
import { DEFAULT_PREFERENCES } from '../../electron/main/prefs';
import { buildEngineWorker } from '../electron/build-worker';
import { CHROMIUM_PATH, launchUi } from './harness';
import type { UiHarness } from './harness';

const hasChromium = existsSync(CHROMIUM_PATH);

let scratch: string;
let workerPath: string;
let ui: UiHarness;

beforeAll(async () => {
  if (!hasChromium) return;
  scratch = await mkdtemp(join(tmpdir(), 'preflight-harness-'));
  const rendererDir = join(scratch, 'renderer');
  await mkdir(rendererDir);
  await writeFile(
    join(rendererDir, 'index.html'),
    `<!doctype html><html><head><title>harness</title>
<script>window.inlineScriptRan = true;</script>
<script src="./app.js"></script></head><body><p id="status">waiting</p></body></html>`,
  );
  await writeFile(
    join(rendererDir, 'app.js'),
    `document.addEventListener('DOMContentLoaded', () => { document.getElementById('status').textContent = 'ready'; });`,
  );
  workerPath = await buildEngineWorker({ fakeEngine: true });
  ui = await launchUi({
    rendererDir,
    engineWorkerPath: workerPath,
    viewport: { width: 640, height: 400 },
    prefs: { ...DEFAULT_PREFERENCES, dnsServers: ['127.0.0.1:5353'] },
  });
});

afterAll(async () => {
  if (!hasChromium) return;
  await ui?.close();
  await rm(scratch, { recursive: true, force: true });
  await rm(join(workerPath, '..'), { recursive: true, force: true });
});

describe.skipIf(!hasChromium)(
  `Chromium UI harness${hasChromium ? '' : ` (SKIPPED: ${CHROMIUM_PATH} is not installed; apt-get install chromium)`}`,
  () => {
    it('defines window.preflight with exactly the preload API, read-only', async () => {
      const shape = await ui.page.evaluate(() => {
        const w = globalThis as unknown as { preflight: Record<string, unknown> };
        const before = w.preflight;
        try {
          w.preflight = {};
        } catch {
          // strict-mode pages throw; either way it must not change
        }
        return {
          keys: Object.keys(w.preflight).sort(),
          types: Object.values(w.preflight).map((v) => typeof v),
          same: before === w.preflight,
        };
      });
      expect(shape).toEqual({ keys: ['invoke', 'on', 'pathForFile'], types: ['function', 'function', 'function'], same: true });
    });

    it('round-trips prefs:get and prefs:set through the main-process handlers', async () => {
      const prefs = await ui.page.evaluate(() =>
        (globalThis as unknown as { preflight: { invoke(c: string): Promise<unknown> } }).preflight.invoke('prefs:get'),
      );
      // The preferences the launch wrote into the fresh data folder.
      expect(prefs).toEqual({ ...DEFAULT_PREFERENCES, dnsServers: ['127.0.0.1:5353'] });
      const changed = { ...DEFAULT_PREFERENCES, dnsConcurrency: 8 };
      await ui.page.evaluate(
        (p) =>
          (globalThis as unknown as { preflight: { invoke(c: string, a: unknown): Promise<unknown> } }).preflight.invoke('prefs:set', p),
        changed,
      );
      expect(JSON.parse(await readFile(join(ui.dataDir, 'prefs.json'), 'utf8'))).toEqual(changed);
    });

    it('rejects bad arguments with the schema sentence, as an Error', async () => {
      const message = await ui.page.evaluate(() =>
        (globalThis as unknown as { preflight: { invoke(c: string, a: unknown): Promise<unknown> } }).preflight
          .invoke('import:inspect', 'relative.csv')
          .then(
            () => 'resolved',
            (error: unknown) => (error instanceof Error ? error.message : 'not an Error'),
          ),
      );
      expect(message).toBe('Preflight refused a malformed "import:inspect" request: argument 1 must be an absolute path.');
    });

    it('returns the dialog result the test set', async () => {
      const invokeOpen = () =>
        ui.page.evaluate(() =>
          (globalThis as unknown as { preflight: { invoke(c: string): Promise<unknown> } }).preflight.invoke('dialog:open-list'),
        );
      await expect(invokeOpen()).resolves.toBeNull();
      ui.setDialogResult('openList', '/home/u/list.csv');
      await expect(invokeOpen()).resolves.toBe('/home/u/list.csv');
    });

    it('delivers main-process events to on() listeners', async () => {
      const plan = join(scratch, 'plan.json');
      await writeFile(plan, JSON.stringify({ rows: 12, steps: 3, stepMs: 5 }));
      const settings = { ...DEFAULT_SETTINGS, offline: true };
      const finished = await ui.page.evaluate(
        ({ path, settings }) =>
          new Promise((resolve) => {
            const api = (
              globalThis as unknown as {
                preflight: { invoke(c: string, a: unknown): Promise<unknown>; on(c: string, l: (e: unknown) => void): () => void };
              }
            ).preflight;
            const off = api.on('check:finished', (event) => {
              off();
              resolve(event);
            });
            void api.invoke('check:start', { path, settings });
          }),
        { path: plan, settings },
      );
      expect(finished).toMatchObject({ report: { rows: 12 } });
    });

    it('resolves a dropped file to the path registered with fileForDrop', async () => {
      ui.fileForDrop('/home/u/Downloads/list.csv');
      const paths = await ui.page.evaluate(() => {
        const api = (globalThis as unknown as { preflight: { pathForFile(f: unknown): string } }).preflight;
        return [api.pathForFile(new File(['a'], 'list.csv')), api.pathForFile(new File(['a'], 'other.csv'))];
      });
      expect(paths).toEqual(['/home/u/Downloads/list.csv', '']);
    });

    it('serves the page with the app CSP: the external script runs, the inline one does not', async () => {
      expect(await ui.page.textContent('#status')).toBe('ready');
      expect(await ui.page.evaluate(() => (globalThis as unknown as { inlineScriptRan?: boolean }).inlineScriptRan)).toBeUndefined();
      expect(ui.pageErrors.join('\n')).toMatch(/Content Security Policy/);
    });

    it('writes screenshots as PNG files under test-results/screens', async () => {
      const file = await ui.screenshot('harness self-test');
      expect(file).toMatch(/test-results[\\/]screens[\\/]harness-self-test\.png$/);
      const bytes = await readFile(file);
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      expect((await stat(file)).size).toBeGreaterThan(100);
    });
  },
);

describe('launchUi without a build', () => {
  it('says to run the build first', async () => {
    await expect(launchUi({ rendererDir: join(tmpdir(), 'preflight-no-such-dir') })).rejects.toThrow(
      'Run `npm run build` before the UI tests',
    );
  });
});
