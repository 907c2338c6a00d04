// window.preflight, built over a transport: Electron's ipcRenderer in the real
// preload (preload.ts), Playwright bindings in the Chromium UI harness. Both
// expose exactly this object, so the renderer cannot tell them apart.

import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../shared/ipc/contract';
import type { EventChannel, IpcResult, PreflightApi, RequestChannel } from '../../shared/ipc/contract';

export interface PreflightTransport {
  invoke(channel: RequestChannel, args: unknown[]): Promise<IpcResult<unknown>>;
  /** Delivers the event's arguments only, never a transport's event object. Returns the unsubscribe. */
  subscribe(channel: EventChannel, listener: (...args: unknown[]) => void): () => void;
  pathForFile(file: unknown): string;
}

const requestChannels: ReadonlySet<string> = new Set(REQUEST_CHANNELS);
const eventChannels: ReadonlySet<string> = new Set(EVENT_CHANNELS);

export function createPreflightApi(transport: PreflightTransport): PreflightApi {
  const api: PreflightApi = {
    async invoke(channel, ...args) {
      if (!requestChannels.has(channel)) throw new Error(`Unknown request channel: ${String(channel)}`);
      const result = await transport.invoke(channel, args);
      if (!result.ok) throw new Error(result.message);
      return result.value as never;
    },
    on(channel, listener) {
      if (!eventChannels.has(channel)) throw new Error(`Unknown event channel: ${String(channel)}`);
      return transport.subscribe(channel, (...args) => (listener as (...a: unknown[]) => void)(...args));
    },
    pathForFile(file) {
      return transport.pathForFile(file);
    },
  };
  return Object.freeze(api);
}
