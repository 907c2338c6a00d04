// The app's entry (bundled to dist-electron/main.cjs): one instance, the app://
// protocol, the guards, the IPC handlers, the menu and the window.

import { join } from 'node:path';
import { app, dialog, Menu, protocol, session, shell } from 'electron';
import type { BrowserWindow, OpenDialogOptions } from 'electron';
import { UserError } from '../../shared/model/errors';
import { createHandlers } from './handlers';
import { defaultCacheDir } from '../services/dns/cache-dir';
import { registerRequestHandlers, send } from './ipc';
import { log } from './log';
import { buildMenuTemplate } from './menu';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol';
import { cliArguments, runCliMode } from './cli-mode';
import { blockRemoteRequests, denyAllPermissions, installWebContentsGuards } from './security';
import { isAllowedExternalUrl } from './external-links';
import { createMainWindow } from './window';

// Running from source: the Vite dev server may serve the renderer, and tests may
// give each run its own data folder. A packaged app ignores both.
const devServerUrl = app.isPackaged ? undefined : process.env.PREFLIGHT_DEV_SERVER_URL || undefined;
if (!app.isPackaged && process.env.PREFLIGHT_DATA_DIR) app.setPath('userData', process.env.PREFLIGHT_DATA_DIR);

// Must happen before `ready`.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

let mainWindow: BrowserWindow | null = null;

function openExternalSafely(url: string): void {
  if (!isAllowedExternalUrl(url)) return;
  shell.openExternal(url).catch((error: unknown) => log.warn('Could not open an external link', error));
}

async function pickPath(options: OpenDialogOptions): Promise<string | null> {
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function start(): Promise<void> {
  const appRoot = app.getAppPath();
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(appRoot, 'dist', 'renderer')));

  const guards = { devServerUrl, openExternal: openExternalSafely, log };
  denyAllPermissions(session.defaultSession, log);
  blockRemoteRequests(session.defaultSession, log, devServerUrl);
  installWebContentsGuards(app, guards);

  const { handlers, dispose } = createHandlers({
    dialogs: {
      openList: () =>
        pickPath({
          title: 'Open a recipient list',
          properties: ['openFile'],
          filters: [
            { name: 'Lists (CSV, TSV, TXT)', extensions: ['csv', 'tsv', 'txt'] },
            { name: 'All files', extensions: ['*'] },
          ],
        }),
      openSuppression: () =>
        pickPath({
          title: 'Open a suppression list',
          properties: ['openFile'],
          filters: [
            { name: 'Suppression lists (CSV, TXT, JSON lines)', extensions: ['csv', 'tsv', 'txt', 'json', 'jsonl'] },
            { name: 'All files', extensions: ['*'] },
          ],
        }),
      chooseExportFolder: () => pickPath({ title: 'Choose where to save the results', properties: ['openDirectory', 'createDirectory'] }),
    },
    shell: {
      openExternal: (url) => shell.openExternal(url),
      showFolder: async (folder) => {
        const problem = await shell.openPath(folder);
        if (problem) throw new UserError('output_unwritable', `Preflight could not open ${folder}: ${problem}`);
      },
    },
    emit: (channel, ...args) => {
      if (mainWindow) send(mainWindow.webContents, channel, ...args);
    },
    dataDir: app.getPath('userData'),
    // The CLI's cache folder (or PREFLIGHT_CACHE_DIR): the app and the CLI share one DNS cache and SES snapshot.
    cacheDir: defaultCacheDir(),
    engineWorkerPath: join(__dirname, 'engine-worker.cjs'),
    log,
  });
  registerRequestHandlers(handlers, { mainWebContents: () => mainWindow?.webContents ?? null, devServerUrl }, log);

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        isMac: process.platform === 'darwin',
        isDev: !app.isPackaged,
        command: (command) => {
          if (mainWindow) send(mainWindow.webContents, 'menu:command', { command });
        },
        openExternal: openExternalSafely,
      }),
    ),
  );

  mainWindow = createMainWindow(
    { preload: join(__dirname, 'preload.cjs') },
    { devTools: !app.isPackaged, url: devServerUrl ?? APP_ENTRY_URL },
  );
  mainWindow.on('closed', () => {
    mainWindow = null;
  });

  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed) return;
    // Stop the engine worker and remove staging folders before leaving.
    event.preventDefault();
    disposed = true;
    void dispose()
      .catch((error: unknown) => log.error('Cleaning up on quit failed', error))
      .finally(() => app.quit());
  });
}

function startApp(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log.error('Preflight could not start', error);
      dialog.showErrorBox('Preflight could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}

// `Preflight --cli …` is the CLI (resources/bin/preflight): no window, no instance
// lock (a pipeline may run while the app is open), the CLI's exit status.
const cliArgs = cliArguments(process.argv, app.isPackaged);
if (cliArgs) {
  app.dock?.hide();
  void runCliMode(cliArgs, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }, (code) =>
    app.exit(code),
  );
} else {
  startApp();
}
