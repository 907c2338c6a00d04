// UI tests in Debian's Chromium, driven by Playwright: the built renderer
// (dist/renderer) is served from 127.0.0.1 with the app's CSP, and
// window.preflight is served by the SAME createHandlers as the Electron app,
// with a real engine worker (dist-electron/engine-worker.cjs). Only the
// dialogs and the shell are stand-ins, controlled by the test.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { AppPreferences, EventChannel, IpcResult, RequestChannel } from '../../shared/ipc/contract';
import { createHandlers } from '../../electron/main/handlers';
import { dispatchRequest } from '../../electron/main/ipc-dispatch';
import type { Logger } from '../../electron/main/log';
import { createAppProtocolHandler } from '../../electron/main/protocol';
import { APP_ORIGIN } from '../../electron/main/protocol';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export type DialogKind = 'openList' | 'openSuppression' | 'chooseExportFolder';

export interface UiHarness {
  page: Page;
  /** This launch's own, fresh data folder (prefs.json, jobs/, cache/). */
  dataDir: string;
  /** What the next open/save dialog of that kind returns (null: the user cancelled). */
  setDialogResult(kind: DialogKind, path: string | null): void;
  /** Makes pathForFile resolve a dropped File whose name is basename(path) to path. */
  fileForDrop(path: string): void;
  /** Saves a PNG under test-results/screens/ and returns its path. */
  screenshot(name: string): Promise<string>;
  /** URLs the app asked the shell to open (allowlisted ones only reach here). */
  openedExternal: string[];
  /** Folders the app asked the shell to show. */
  shownFolders: string[];
  /** Uncaught page errors and console errors (CSP violations show up here). */
  pageErrors: string[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  viewport?: { width: number; height: number };
  /** Defaults to dist/renderer; the harness self-test serves a tiny page instead. */
  rendererDir?: string;
  /** Defaults to dist-electron/engine-worker.cjs. */
  engineWorkerPath?: string;
  /**
   * Written to <dataDir>/prefs.json before the page loads, as if saved in an
   * earlier session: e.g. dnsServers pointing at a test DNS server on 127.0.0.1,
   * so no UI test queries the real DNS.
   */
  prefs?: AppPreferences;
}

let initScript: Promise<string> | null = null;

/** The in-page half (harness-page.ts), bundled once per test process. */
function pageScript(): Promise<string> {
  initScript ??= build({
    entryPoints: [join(ROOT, 'test/ui/harness-page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return initScript;
}

/** Serves rendererDir exactly as the app:// protocol does (same handler, same headers). */
async function serveRenderer(rendererDir: string): Promise<{ server: Server; origin: string }> {
  const handler = createAppProtocolHandler(rendererDir);
  const server = createServer((request, response) => {
    // Chromium asks an http origin for /favicon.ico on its own; the app has none,
    // and a 404 would show up in pageErrors as if the page had failed.
    if (request.url === '/favicon.ico' && !existsSync(join(rendererDir, 'favicon.ico'))) {
      response.writeHead(204);
      response.end();
      return;
    }
    void (async () => {
      const answer = await handler({ url: `${APP_ORIGIN}${request.url ?? '/'}`, method: request.method ?? 'GET' });
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    })().catch(() => {
      response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

export async function launchUi(options: LaunchOptions = {}): Promise<UiHarness> {
  const rendererDir = options.rendererDir ?? join(ROOT, 'dist', 'renderer');
  const engineWorkerPath = options.engineWorkerPath ?? join(ROOT, 'dist-electron', 'engine-worker.cjs');
  if (!existsSync(join(rendererDir, 'index.html')) || !existsSync(engineWorkerPath)) {
    throw new Error('Run `npm run build` before the UI tests');
  }

  const dataDir = await mkdtemp(join(tmpdir(), 'preflight-ui-'));
  if (options.prefs) await writeFile(join(dataDir, 'prefs.json'), JSON.stringify(options.prefs));
  const dialogResults: Record<DialogKind, string | null> = { openList: null, openSuppression: null, chooseExportFolder: null };
  const openedExternal: string[] = [];
  const shownFolders: string[] = [];
  const pageErrors: string[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const track = (promise: Promise<unknown>): void => {
    const settled = promise.catch(() => undefined).finally(() => inFlight.delete(settled));
    inFlight.add(settled);
  };
  const log: Logger = {
    info: () => {},
    warn: () => {},
    error: (message, detail) => pageErrors.push(`main: ${message} ${String(detail ?? '')}`),
  };

  let page: Page | null = null;
  const { handlers, dispose } = createHandlers({
    dialogs: {
      openList: async () => dialogResults.openList,
      openSuppression: async () => dialogResults.openSuppression,
      chooseExportFolder: async () => dialogResults.chooseExportFolder,
    },
    shell: {
      openExternal: async (url) => void openedExternal.push(url),
      showFolder: async (path) => void shownFolders.push(path),
    },
    emit: (channel: EventChannel, ...args: unknown[]) => {
      if (!page || page.isClosed()) return;
      track(
        page.evaluate(
          ([name, payload]) =>
            (globalThis as unknown as { __preflightHarness: { emit(c: string, a: unknown[]): void } }).__preflightHarness.emit(
              name,
              payload,
            ),
          [channel, args] as [string, unknown[]],
        ),
      );
    },
    dataDir,
    engineWorkerPath,
    log,
  });

  let browser: Browser | null = null;
  let server: Server | null = null;
  try {
    const served = await serveRenderer(rendererDir);
    server = served.server;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 820 } });
    const newPage = await context.newPage();
    page = newPage;
    newPage.on('pageerror', (error) => pageErrors.push(error.message));
    newPage.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await newPage.exposeBinding(
      '__preflightInvoke',
      async (source, channel: RequestChannel, args: unknown[]): Promise<IpcResult<unknown>> => {
        // The same rule as the app's sender check: only the top frame of our own origin.
        if (source.frame !== newPage.mainFrame() || new URL(source.frame.url()).origin !== served.origin) {
          return { ok: false, message: 'Preflight refused a request from an unknown page.' };
        }
        return dispatchRequest(handlers, channel, Array.isArray(args) ? args : [], log);
      },
    );
    await newPage.addInitScript({ content: await pageScript() });
    await newPage.goto(`${served.origin}/index.html`);
  } catch (error) {
    await browser?.close();
    server?.close();
    await dispose();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  const livePage = page;
  const liveBrowser = browser;
  const liveServer = server;
  return {
    page: livePage,
    dataDir,
    openedExternal,
    shownFolders,
    pageErrors,
    setDialogResult(kind, path) {
      dialogResults[kind] = path;
    },
    fileForDrop(path) {
      const name = basename(path);
      const register = ([fileName, filePath]: [string, string]) => {
        (globalThis as unknown as { __preflightHarness: { dropPaths: Map<string, string> } }).__preflightHarness.dropPaths.set(
          fileName,
          filePath,
        );
      };
      // For this page now, and for any page loaded later (a reload).
      track(livePage.evaluate(register, [name, path] as [string, string]));
      track(livePage.addInitScript(register, [name, path] as [string, string]));
    },
    async screenshot(name) {
      const dir = join(ROOT, 'test-results', 'screens');
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
      await Promise.all(inFlight);
      await livePage.screenshot({ path: file });
      return file;
    },
    async close() {
      await Promise.all(inFlight);
      await dispose();
      await liveBrowser.close();
      await new Promise<void>((resolve) => liveServer.close(() => resolve()));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Types into the Review search box and waits until the table shows the search's rows.
 * The search applies after a pause in typing (250 ms); a row card opened before that
 * closes when the rows reload, which on a loaded CI machine made tests flaky.
 */
export async function searchRows(page: Page, text: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search rows' }).fill(text);
  const count = page.getByTestId('match-count');
  const deadline = Date.now() + 30_000;
  while (!/match/.test(await count.innerText())) {
    if (Date.now() > deadline) throw new Error(`the search for "${text}" never applied: ${await count.innerText()}`);
    await page.waitForTimeout(50);
  }
}
