// The app's one window. The options are a plain function so the tests can
// assert every security-relevant preference.

import { BrowserWindow } from 'electron';
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowPaths {
  /** The bundled, sandboxed preload (dist-electron/preload.cjs). */
  preload: string;
}

export function mainWindowOptions(paths: WindowPaths, options: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    title: 'Preflight',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: paths.preload,
      // The renderer is a web page: no Node, its own JavaScript world, the OS sandbox.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // A file dropped outside the drop zone must not replace the app with the file.
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools,
    },
  };
}

export function createMainWindow(paths: WindowPaths, options: { devTools: boolean; url: string }): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(paths, options));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
  return window;
}
