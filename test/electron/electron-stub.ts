// A stand-in for the `electron` module (the binary cannot be installed here, and
// importing the real package tries to download it). Only what the main process
// code under test touches, behaving like Electron where it matters: ipcMain
// refuses a second handler for a channel, events carry preventDefault.
import { EventEmitter } from 'node:events';

export class FakeFrame {
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
  ) {}
}

type WindowOpenHandler = (details: { url: string; frameName: string; features: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame;
  readonly sent: [string, unknown[]][] = [];
  destroyed = false;
  windowOpenHandler: WindowOpenHandler | null = null;

  constructor(url: string) {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
}

/** An Electron-style event: listeners call preventDefault to veto. */
export function fakeEvent<T extends object>(fields: T): T & { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handleCalls: [] as string[],
  handle(channel: string, handler: InvokeHandler): void {
    this.handleCalls.push(channel);
    // Electron throws on a second registration: so does the stub.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
  reset(): void {
    this.handlers.clear();
    this.handleCalls.length = 0;
  },
  /** What ipcRenderer.invoke from `frame` of `sender` would get back. */
  async invoke(sender: FakeWebContents, frame: FakeFrame | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender, senderFrame: frame }, ...args);
  },
};

type PermissionRequestHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type PermissionCheckHandler = (webContents: unknown, permission: string, origin: string, details: unknown) => boolean;
type BeforeRequestHandler = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;

export class FakeSession {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;
  beforeRequest: { filter: { urls: string[] }; handler: BeforeRequestHandler } | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.checkHandler = handler;
  }
  webRequest = {
    onBeforeRequest: (filter: { urls: string[] }, handler: BeforeRequestHandler): void => {
      this.beforeRequest = { filter, handler };
    },
  };
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  loadedUrl: string | null = null;
  readonly webContents = new FakeWebContents('about:blank');
  constructor(readonly options: unknown) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {}
}

/** The module object handed to vi.mock('electron', …). */
export const electronModule = {
  ipcMain,
  BrowserWindow: FakeBrowserWindow,
};
