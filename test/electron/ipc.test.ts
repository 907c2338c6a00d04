// The IPC wrapper: exactly the contract's channels, only the app's own page may
// call, arguments are validated, and failures reach the renderer as one sentence.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./electron-stub')).electronModule);

import { REQUEST_CHANNELS } from '../../shared/ipc/contract';
import type { RequestChannel } from '../../shared/ipc/contract';
import { DEFAULT_SETTINGS } from '../../shared/model/check';
import { UserError } from '../../shared/model/errors';
import type { RequestHandlers } from '../../electron/main/handlers';
import { registerRequestHandlers, send } from '../../electron/main/ipc';
import type { Logger } from '../../electron/main/log';
import { DEFAULT_PREFERENCES } from '../../electron/main/prefs';
import { FakeFrame, FakeWebContents, ipcMain } from './electron-stub';

const APP_PAGE = 'app://preflight/index.html';
const JOB_ID = '0b5c8a3e-1f2d-4c6b-9a7e-3d2f1e0c9b8a';

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m, d) => lines.push(`warn ${m} ${d instanceof Error ? d.stack : (d ?? '')}`),
    error: (m, d) => lines.push(`error ${m} ${d instanceof Error ? d.stack : (d ?? '')}`),
  };
}

/** Handlers that record their calls; individual tests replace one to make it fail. */
function fakeHandlers(): RequestHandlers & { calls: [string, unknown[]][] } {
  const calls: [string, unknown[]][] = [];
  const record =
    <T>(channel: string, value: T) =>
    async (...args: unknown[]): Promise<T> => {
      calls.push([channel, args]);
      return value;
    };
  return {
    calls,
    'dialog:open-list': record('dialog:open-list', '/home/u/list.csv'),
    'dialog:open-suppression': record('dialog:open-suppression', null),
    'dialog:choose-export-folder': record('dialog:choose-export-folder', null),
    'import:inspect': record('import:inspect', null as never),
    'check:start': record('check:start', { jobId: JOB_ID }),
    'check:cancel': record('check:cancel', undefined),
    'review:rows': record('review:rows', { total: 0, offset: 0, rows: [] }),
    'review:preview': record('review:preview', null as never),
    'review:decide': record('review:decide', null as never),
    'domains:list': record('domains:list', []),
    'account:profiles': record('account:profiles', []),
    'account:card': record('account:card', null as never),
    'account:contact-lists': record('account:contact-lists', null as never),
    'account:request-production': record('account:request-production', null as never),
    'plan:quota': record('plan:quota', null as never),
    'plan:create': record('plan:create', null as never),
    'export:write': record('export:write', { folder: '/tmp', files: [] }),
    'prefs:get': record('prefs:get', DEFAULT_PREFERENCES),
    'prefs:set': record('prefs:set', DEFAULT_PREFERENCES),
    'shell:open-external': record('shell:open-external', undefined),
    'shell:show-folder': record('shell:show-folder', undefined),
  };
}

let main: FakeWebContents;
let handlers: ReturnType<typeof fakeHandlers>;
let log: ReturnType<typeof recordingLog>;
let unregister: () => void;

function setUp(devServerUrl?: string, overrides: Partial<RequestHandlers> = {}): void {
  ipcMain.reset();
  main = new FakeWebContents(APP_PAGE);
  handlers = Object.assign(fakeHandlers(), overrides);
  log = recordingLog();
  unregister = registerRequestHandlers(handlers, { mainWebContents: () => main as never, devServerUrl }, log);
}

const fromApp = (channel: RequestChannel, ...args: unknown[]) => ipcMain.invoke(main, main.mainFrame, channel, ...args);

describe('registerRequestHandlers', () => {
  beforeEach(() => setUp());
  afterEach(() => unregister());

  it('registers every request channel of the contract exactly once, and nothing else', () => {
    expect([...ipcMain.handleCalls].sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(new Set(ipcMain.handleCalls).size).toBe(ipcMain.handleCalls.length);
  });

  it('removes every handler when undone', () => {
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers the app page with the handler value wrapped as ok', async () => {
    await expect(fromApp('dialog:open-list')).resolves.toEqual({ ok: true, value: '/home/u/list.csv' });
    expect(handlers.calls).toEqual([['dialog:open-list', []]]);
  });
});

describe('sender check', () => {
  beforeEach(() => setUp('http://localhost:5173'));
  afterEach(() => unregister());

  const refused = { ok: false, message: 'Preflight refused a request from an unknown page.' };

  it('refuses another webContents, even one showing the app page', async () => {
    const other = new FakeWebContents(APP_PAGE);
    await expect(ipcMain.invoke(other, other.mainFrame, 'prefs:get')).resolves.toEqual(refused);
    expect(handlers.calls).toEqual([]);
    expect(log.lines.join('\n')).toMatch(/refused "prefs:get"/);
  });

  it('refuses a sub-frame of the main window', async () => {
    const child = new FakeFrame(APP_PAGE, main.mainFrame);
    await expect(ipcMain.invoke(main, child, 'prefs:get')).resolves.toEqual(refused);
    expect(handlers.calls).toEqual([]);
  });

  it('refuses the main window once it shows a page that is not the app', async () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'http://localhost:5174/']) {
      main.mainFrame.url = url;
      await expect(fromApp('prefs:get')).resolves.toEqual(refused);
    }
    expect(handlers.calls).toEqual([]);
  });

  it('refuses a request whose frame is gone', async () => {
    await expect(ipcMain.invoke(main, null, 'prefs:get')).resolves.toEqual(refused);
  });

  it('accepts the Vite dev server origin when one is configured', async () => {
    main.mainFrame.url = 'http://localhost:5173/index.html';
    await expect(fromApp('prefs:get')).resolves.toMatchObject({ ok: true });
  });

  it('does not accept the dev server origin in a build without one', async () => {
    unregister();
    setUp(undefined);
    main.mainFrame.url = 'http://localhost:5173/index.html';
    await expect(fromApp('prefs:get')).resolves.toEqual(refused);
  });
});

describe('argument validation', () => {
  beforeEach(() => setUp());
  afterEach(() => unregister());

  it('refuses a relative path with a sentence naming the argument', async () => {
    const result = await fromApp('import:inspect', '../../etc/passwd');
    expect(result).toEqual({
      ok: false,
      message: 'Preflight refused a malformed "import:inspect" request: argument 1 must be an absolute path.',
    });
    expect(handlers.calls).toEqual([]);
  });

  it('refuses extra arguments and missing ones', async () => {
    await expect(fromApp('prefs:get', 'surprise')).resolves.toEqual({
      ok: false,
      message: 'Preflight refused a malformed "prefs:get" request: it takes 0 arguments, not 1.',
    });
    await expect(fromApp('check:cancel')).resolves.toEqual({
      ok: false,
      message: 'Preflight refused a malformed "check:cancel" request: it takes 1 argument, not 0.',
    });
    expect(handlers.calls).toEqual([]);
  });

  it('refuses settings with an unknown key, such as a cache folder chosen by the renderer', async () => {
    const settings = { ...DEFAULT_SETTINGS, cacheDir: '/home/u/.ssh' };
    const result = (await fromApp('check:start', { path: '/home/u/list.csv', settings })) as { ok: boolean; message: string };
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      'Preflight refused a malformed "check:start" request: argument 1 (settings): unrecognized key: "cacheDir".',
    );
    expect(handlers.calls).toEqual([]);
  });

  it('refuses a page size that would ship every row to the renderer', async () => {
    const result = (await fromApp('review:rows', JOB_ID, { offset: 0, limit: 1_000_000 })) as { ok: boolean; message: string };
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      'Preflight refused a malformed "review:rows" request: argument 2 (limit): too big: expected number to be <=1000.',
    );
  });

  it('passes valid arguments through unchanged', async () => {
    const request = { path: '/home/u/list.csv', settings: { ...DEFAULT_SETTINGS, offline: true } };
    await expect(fromApp('check:start', request)).resolves.toEqual({ ok: true, value: { jobId: JOB_ID } });
    expect(handlers.calls).toEqual([['check:start', [request]]]);
  });
});

describe('errors', () => {
  afterEach(() => unregister());

  it('gives a UserError its own sentence', async () => {
    setUp(undefined, {
      'prefs:get': async () => {
        throw new UserError('file_unreadable', 'Preflight cannot read /home/u/list.csv: permission was denied.');
      },
    });
    await expect(fromApp('prefs:get')).resolves.toEqual({
      ok: false,
      message: 'Preflight cannot read /home/u/list.csv: permission was denied.',
    });
  });

  it('turns any other error into a generic sentence without the stack, and logs the details', async () => {
    setUp(undefined, {
      'prefs:get': async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')\n    at secret (/src/internal.ts:1:1)");
      },
    });
    const result = (await fromApp('prefs:get')) as { ok: false; message: string };
    expect(result).toEqual({
      ok: false,
      message: "Something went wrong: Cannot read properties of undefined (reading 'x')",
    });
    expect(result.message).not.toMatch(/ at |internal\.ts/);
    expect(log.lines.join('\n')).toMatch(/error IPC: "prefs:get" failed TypeError/);
  });

  it('never lets a rejected non-Error escape', async () => {
    setUp(undefined, { 'prefs:get': () => Promise.reject('plain string') });
    await expect(fromApp('prefs:get')).resolves.toEqual({ ok: false, message: 'Something went wrong: plain string' });
  });
});

describe('send', () => {
  it('delivers an event to a live window and drops it for a destroyed one', () => {
    const contents = new FakeWebContents(APP_PAGE);
    const event = { jobId: JOB_ID, message: 'The check was cancelled.', cancelled: true };
    send(contents as never, 'check:failed', event);
    expect(contents.sent).toEqual([['check:failed', [event]]]);
    contents.destroyed = true;
    send(contents as never, 'check:failed', event);
    expect(contents.sent).toHaveLength(1);
  });
});
