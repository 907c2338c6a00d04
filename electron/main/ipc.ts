// The typed wrapper around ipcMain / webContents.send (after GitHub Desktop's
// ipc-shared.ts): the only place raw Electron IPC is used in the main process.
// Every request is checked for who sent it, then validated, then handled.

import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { REQUEST_CHANNELS } from '../../shared/ipc/contract';
import type { EventChannel, EventChannels, IpcResult, RequestChannel } from '../../shared/ipc/contract';
import type { RequestHandlers } from './handlers';
import { dispatchRequest } from './ipc-dispatch';
import type { Logger } from './log';
import { isAppUrl } from './protocol';

export interface SenderPolicy {
  /** The app's one window; requests from any other webContents are refused. */
  mainWebContents(): WebContents | null;
  /** The Vite dev server's URL when running from source, else undefined. */
  devServerUrl?: string;
}

/**
 * Only the top frame of the app's own window, showing the app's own page, may call.
 * A sub-frame, a second window or a page that navigated elsewhere is refused.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, policy: SenderPolicy): boolean {
  const main = policy.mainWebContents();
  if (!main || event.sender !== main) return false;
  const frame = event.senderFrame;
  // A frame without a parent in the main window's webContents is its top frame.
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url, policy.devServerUrl);
}

export function handle<K extends RequestChannel>(channel: K, handler: RequestHandlers[K], policy: SenderPolicy, log: Logger): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<IpcResult<unknown>> => {
    if (!isTrustedSender(event, policy)) {
      log.warn(`IPC: refused "${channel}" from ${event.senderFrame?.url ?? 'a frame that is gone'}`);
      return { ok: false, message: 'Preflight refused a request from an unknown page.' };
    }
    const only: Partial<RequestHandlers> = {};
    only[channel] = handler;
    return dispatchRequest(only, channel, args, log);
  });
}

/** Registers exactly the channels of the contract, each once. Returns the undo. */
export function registerRequestHandlers(handlers: RequestHandlers, policy: SenderPolicy, log: Logger): () => void {
  for (const channel of REQUEST_CHANNELS) {
    handle(channel, handlers[channel], policy, log);
  }
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}

export function send<K extends EventChannel>(webContents: WebContents, channel: K, ...args: Parameters<EventChannels[K]>): void {
  if (webContents.isDestroyed()) return;
  webContents.send(channel, ...args);
}
