// The main window's web preferences: the renderer is an untrusted web page.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./electron-stub')).electronModule);

import { createMainWindow, mainWindowOptions } from '../../electron/main/window';
import { FakeBrowserWindow } from './electron-stub';

describe('main window', () => {
  const options = mainWindowOptions({ preload: '/app/dist-electron/preload.cjs' }, { devTools: false });
  const prefs = options.webPreferences!;

  it('isolates and sandboxes the renderer, without Node', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it('turns on no extra Blink features', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('enableWebSQL');
  });

  it('loads the bundled preload and nothing else into the page', () => {
    expect(prefs.preload).toBe('/app/dist-electron/preload.cjs');
    expect(Object.keys(prefs)).not.toContain('additionalArguments');
  });

  it('offers developer tools only when asked (running from source)', () => {
    expect(prefs.devTools).toBe(false);
    expect(mainWindowOptions({ preload: '/p' }, { devTools: true }).webPreferences!.devTools).toBe(true);
  });

  it('creates the window with those options and loads the given URL', () => {
    const window = createMainWindow(
      { preload: '/p.cjs' },
      { devTools: false, url: 'app://preflight/index.html' },
    ) as unknown as FakeBrowserWindow;
    expect(FakeBrowserWindow.created.at(-1)).toBe(window);
    expect(window.options).toEqual(mainWindowOptions({ preload: '/p.cjs' }, { devTools: false }));
    expect(window.loadedUrl).toBe('app://preflight/index.html');
  });
});
