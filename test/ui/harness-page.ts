// Runs inside the page (bundled by harness.ts into an init script): defines
// window.preflight with the same createPreflightApi the real preload uses,
// over Playwright bindings instead of Electron IPC.
import { createPreflightApi } from '../../electron/preload/api';
import type { IpcResult, RequestChannel } from '../../shared/ipc/contract';

type Listener = (...args: unknown[]) => void;

interface HarnessGlobals {
  /** Installed by page.exposeBinding in harness.ts. */
  __preflightInvoke(channel: RequestChannel, args: unknown[]): Promise<IpcResult<unknown>>;
  /** Used by harness.ts through page.evaluate. */
  __preflightHarness: { emit(channel: string, args: unknown[]): void; dropPaths: Map<string, string> };
}

const page = globalThis as unknown as HarnessGlobals;
const listeners = new Map<string, Set<Listener>>();
const dropPaths = new Map<string, string>();

page.__preflightHarness = {
  emit(channel, args) {
    for (const listener of [...(listeners.get(channel) ?? [])]) listener(...args);
  },
  dropPaths,
};

const api = createPreflightApi({
  invoke: (channel, args) => page.__preflightInvoke(channel, args),
  subscribe(channel, listener) {
    const set = listeners.get(channel) ?? new Set<Listener>();
    listeners.set(channel, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
  // Like webUtils.getPathForFile: the path of a file from disk, '' for any other File.
  pathForFile(file) {
    const name = (file as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? (dropPaths.get(name) ?? '') : '';
  },
});

// contextBridge makes window.preflight read-only: so does the harness.
Object.defineProperty(globalThis, 'preflight', { value: api, enumerable: true, configurable: false, writable: false });
