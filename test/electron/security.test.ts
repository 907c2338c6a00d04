// The Electron guards: permissions, navigation, new windows, <webview>, remote
// requests, and the external-link allowlist.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./electron-stub')).electronModule);

import { isAllowedExternalUrl } from '../../electron/main/external-links';
import type { Logger } from '../../electron/main/log';
import { blockRemoteRequests, denyAllPermissions, guardWebContents, installWebContentsGuards } from '../../electron/main/security';
import { FakeSession, FakeWebContents, fakeEvent } from './electron-stub';

const quietLog: Logger = { info: () => {}, warn: () => {}, error: () => {} };

function guarded(devServerUrl?: string) {
  const contents = new FakeWebContents('app://preflight/index.html');
  const opened: string[] = [];
  guardWebContents(contents as never, { devServerUrl, openExternal: (url) => opened.push(url), log: quietLog });
  return { contents, opened };
}

describe('permissions', () => {
  const permissions = ['media', 'notifications', 'openExternal', 'geolocation', 'clipboard-read', 'fullscreen', 'unknown'];

  it('denies every permission request', () => {
    const session = new FakeSession();
    denyAllPermissions(session as never, quietLog);
    for (const permission of permissions) {
      const callback = vi.fn();
      session.requestHandler!({}, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false);
    }
  });

  it('answers every permission check with no', () => {
    const session = new FakeSession();
    denyAllPermissions(session as never, quietLog);
    for (const permission of permissions) {
      expect(session.checkHandler!({}, permission, 'app://preflight', {}), permission).toBe(false);
    }
  });
});

describe('navigation', () => {
  it('lets the app navigate within its own origin', () => {
    const { contents } = guarded();
    const event = fakeEvent({ url: 'app://preflight/index.html#/review' });
    contents.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(false);
  });

  it.each(['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)', 'http://localhost:5173/'])(
    'denies navigating the window to %s',
    (url) => {
      const { contents, opened } = guarded();
      for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
        const event = fakeEvent({ url });
        contents.emit(name, event);
        expect(event.defaultPrevented, name).toBe(true);
      }
      expect(opened).toEqual([]);
    },
  );

  it('sends an allowlisted AWS link to the browser instead of navigating to it', () => {
    const { contents, opened } = guarded();
    const event = fakeEvent({ url: 'https://docs.aws.amazon.com/ses/latest/dg/Welcome.html' });
    contents.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(true);
    expect(opened).toEqual(['https://docs.aws.amazon.com/ses/latest/dg/Welcome.html']);
  });

  it('accepts the dev server only when one is configured', () => {
    const { contents } = guarded('http://localhost:5173');
    const event = fakeEvent({ url: 'http://localhost:5173/index.html' });
    contents.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(false);
  });
});

describe('new windows and webviews', () => {
  it('denies window.open for any URL', () => {
    const { contents, opened } = guarded();
    for (const url of ['https://evil.example/', 'app://preflight/index.html', 'about:blank']) {
      expect(contents.windowOpenHandler!({ url, frameName: '', features: '' })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual([]);
  });

  it('opens an allowlisted link from window.open in the browser, still without a window', () => {
    const { contents, opened } = guarded();
    const url = 'https://console.aws.amazon.com/sesv2/home';
    expect(contents.windowOpenHandler!({ url, frameName: '_blank', features: '' })).toEqual({ action: 'deny' });
    expect(opened).toEqual([url]);
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = guarded();
    const event = fakeEvent({});
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('guards every webContents the app creates, not only the main window', () => {
    const app = { on: vi.fn() };
    installWebContentsGuards(app as never, { openExternal: () => {}, log: quietLog });
    expect(app.on).toHaveBeenCalledWith('web-contents-created', expect.any(Function));
    const created = new FakeWebContents('about:blank');
    const listener = app.on.mock.calls[0]![1] as (event: unknown, contents: unknown) => void;
    listener({}, created);
    const event = fakeEvent({ url: 'https://evil.example/' });
    created.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(true);
    expect(created.windowOpenHandler).not.toBeNull();
  });
});

describe('remote requests', () => {
  function decide(session: FakeSession, url: string): boolean | undefined {
    let cancel: boolean | undefined;
    session.beforeRequest!.handler({ url }, (response) => (cancel = response.cancel));
    return cancel;
  }

  it('cancels every http, https and websocket request of a built app', () => {
    const session = new FakeSession();
    blockRemoteRequests(session as never, quietLog);
    expect(session.beforeRequest!.filter.urls).toEqual(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']);
    for (const url of ['https://cdn.example/x.js', 'http://127.0.0.1:8080/', 'wss://example.com/socket']) {
      expect(decide(session, url), url).toBe(true);
    }
  });

  it('lets requests to the dev server through when running from source', () => {
    const session = new FakeSession();
    blockRemoteRequests(session as never, quietLog, 'http://localhost:5173');
    expect(decide(session, 'http://localhost:5173/src/main.tsx')).toBe(false);
    expect(decide(session, 'ws://localhost:5173/?token=x')).toBe(false);
    expect(decide(session, 'http://localhost:5174/')).toBe(true);
    expect(decide(session, 'https://cdn.example/x.js')).toBe(true);
  });
});

describe('external link allowlist', () => {
  it.each([
    'https://docs.aws.amazon.com/ses/latest/dg/Welcome.html',
    'https://console.aws.amazon.com/sesv2/home?region=eu-west-1#/account',
    'https://aws.amazon.com/ses/pricing/',
    'https://AWS.amazon.com:443/ses/',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    'http://docs.aws.amazon.com/ses/',
    'https://docs.aws.amazon.com.evil.example/',
    'https://evil.example/?https://docs.aws.amazon.com/',
    'https://user:pass@aws.amazon.com/',
    'https://aws.amazon.com:8443/',
    'https://signin.aws.amazon.com/',
    'file:///etc/passwd',
    'smb://server/share',
    'javascript:alert(1)',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
