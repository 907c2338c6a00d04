// The sandboxed preload (bundled to dist-electron/preload.cjs): exposes
// window.preflight and nothing else. ipcRenderer itself never reaches the page.

import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { IpcResult } from '../../shared/ipc/contract';
import { createPreflightApi } from './api';

const api = createPreflightApi({
  invoke: (channel, args) => ipcRenderer.invoke(channel, ...args) as Promise<IpcResult<unknown>>,
  subscribe: (channel, listener) => {
    const relay = (_event: Electron.IpcRendererEvent, ...args: unknown[]): void => listener(...args);
    ipcRenderer.on(channel, relay);
    return () => {
      ipcRenderer.removeListener(channel, relay);
    };
  },
  pathForFile: (file) => webUtils.getPathForFile(file as File),
});

contextBridge.exposeInMainWorld('preflight', api);
