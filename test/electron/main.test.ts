// The app entry wires everything in the right order: scheme privileges before
// ready, one instance, the app:// protocol, the guards, every IPC channel, the
// menu, then the window on app://preflight/.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS } from '../../shared/ipc/contract';
import type { FakeSession } from './electron-stub';

const electron = vi.hoisted(() => ({
  lock: true,
  order: [] as string[],
  appListeners: new Map<string, ((...args: unknown[]) => void)[]>(),
  dataDir: '',
}));

vi.mock('electron', async () => {
  const stub = await import('./electron-stub');
  const record = (name: string) => vi.fn(() => void electron.order.push(name));
  const session = new stub.FakeSession();
  return {
    ipcMain: stub.ipcMain,
    BrowserWindow: class extends stub.FakeBrowserWindow {
      isMinimized = () => false;
      restore = vi.fn();
      focus = vi.fn();
      constructor(options: unknown) {
        super(options);
        electron.order.push('window');
      }
    },
    app: {
      isPackaged: false,
      getAppPath: () => '/app',
      getPath: () => electron.dataDir,
      setPath: vi.fn(),
      requestSingleInstanceLock: () => {
        electron.order.push('lock');
        return electron.lock;
      },
      on: (event: string, listener: (...args: unknown[]) => void) => {
        electron.appListeners.set(event, [...(electron.appListeners.get(event) ?? []), listener]);
      },
      quit: record('quit'),
      exit: record('exit'),
      whenReady: () => {
        electron.order.push('whenReady');
        return Promise.resolve();
      },
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => void electron.order.push('registerSchemes')),
      handle: vi.fn(() => void electron.order.push('protocol.handle')),
    },
    session: { defaultSession: session },
    dialog: { showOpenDialog: vi.fn(), showErrorBox: vi.fn() },
    Menu: { setApplicationMenu: record('menu'), buildFromTemplate: (template: unknown) => template },
    shell: { openExternal: vi.fn(async () => {}), openPath: vi.fn(async () => '') },
  };
});

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'preflight-main-'));
  electron.dataDir = dataDir;
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  vi.resetModules();
  electron.order.length = 0;
  electron.appListeners.clear();
  // The mocked module survives resetModules: reset the stub instance it holds.
  ((await import('electron')).ipcMain as unknown as { reset(): void }).reset();
});

async function startMain(): Promise<typeof Electron.CrossProcessExports> {
  await import('../../electron/main/main');
  // Let whenReady().then(start) run.
  await vi.waitFor(() => expect(electron.order).toContain('window'));
  return (await import('electron')) as unknown as typeof Electron.CrossProcessExports;
}

describe('main.ts', () => {
  it('registers the scheme, takes the lock, then sets everything up before creating the window', async () => {
    const mod = await startMain();
    expect(electron.order.slice(0, 3)).toEqual(['registerSchemes', 'lock', 'whenReady']);
    expect(electron.order.indexOf('protocol.handle')).toBeLessThan(electron.order.indexOf('window'));
    expect(electron.order.indexOf('menu')).toBeLessThan(electron.order.indexOf('window'));
    expect(mod.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
    ]);
    expect(mod.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('denies permissions, blocks remote requests and guards every webContents', async () => {
    const mod = await startMain();
    const session = mod.session.defaultSession as unknown as FakeSession;
    expect(session.requestHandler).not.toBeNull();
    expect(session.checkHandler!({}, 'media', 'app://preflight', {})).toBe(false);
    expect(session.beforeRequest?.filter.urls).toContain('https://*/*');
    expect(electron.appListeners.has('web-contents-created')).toBe(true);
  });

  it('registers every request channel and loads the app page with the bundled preload', async () => {
    const mod = await startMain();
    const ipcMain = mod.ipcMain as unknown as { handlers: Map<string, unknown> };
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    const window = (mod.BrowserWindow as unknown as { created: { loadedUrl: string; options: unknown }[] }).created.at(-1)!;
    expect(window.loadedUrl).toBe('app://preflight/index.html');
    expect((window.options as { webPreferences: { preload: string; sandbox: boolean } }).webPreferences).toMatchObject({
      sandbox: true,
      preload: expect.stringMatching(/preload\.cjs$/),
    });
  });

  it('started as `Preflight --cli …` runs the CLI and leaves with its status: no lock, no window', async () => {
    const argv = process.argv;
    process.argv = [argv[0]!, '.', '--cli', '--version'];
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await import('../../electron/main/main');
      const mod = (await import('electron')) as unknown as { app: { exit: ReturnType<typeof vi.fn> } };
      await vi.waitFor(() => expect(mod.app.exit).toHaveBeenCalled());
      expect(mod.app.exit).toHaveBeenCalledWith(0);
      expect(written.join('')).toMatch(/^preflight \d+\.\d+\.\d+/);
      expect(electron.order).not.toContain('lock');
      expect(electron.order).not.toContain('window');
    } finally {
      write.mockRestore();
      process.argv = argv;
    }
  });

  it('quits at once when another instance already runs', async () => {
    electron.lock = false;
    try {
      await import('../../electron/main/main');
      expect(electron.order).toEqual(['registerSchemes', 'lock', 'quit']);
    } finally {
      electron.lock = true;
    }
  });
});
