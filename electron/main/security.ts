// Guards for every webContents and the session (Electron security checklist):
// permissions denied by default, navigation and new windows denied, no
// <webview>, no remote requests. External links on the allowlist go to the
// user's browser through the safe openExternal instead.

import type { App, Session, WebContents } from 'electron';
import { isAllowedExternalUrl } from './external-links';
import type { Logger } from './log';
import { isAppUrl } from './protocol';

export interface GuardOptions {
  /** The Vite dev server when running from source; its origin counts as the app's own. */
  devServerUrl?: string;
  /** Opens an allowlisted https URL in the user's browser. */
  openExternal(url: string): void;
  log: Logger;
}

/** Preflight needs no web permission at all: camera, notifications, clipboard, openExternal… are all refused. */
export function denyAllPermissions(session: Session, log: Logger): void {
  session.setPermissionRequestHandler((_webContents, permission, callback) => {
    log.warn(`Refused a permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

const REMOTE_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'];

/** The dev server's pages, modules and its hot-reload websocket (same host and port). */
function isDevServerRequest(candidate: string, devServerUrl: string | undefined): boolean {
  if (!devServerUrl) return false;
  try {
    const url = new URL(candidate);
    const dev = new URL(devServerUrl);
    const sameFamily = dev.protocol === 'https:' ? ['https:', 'wss:'] : ['http:', 'ws:'];
    return sameFamily.includes(url.protocol) && url.host === dev.host;
  } catch {
    return false;
  }
}

/** Cancels every http(s)/ws request of the renderer except to the dev server: the UI loads nothing remote. */
export function blockRemoteRequests(session: Session, log: Logger, devServerUrl?: string): void {
  session.webRequest.onBeforeRequest({ urls: REMOTE_URL_PATTERNS }, (details, callback) => {
    const allowed = isDevServerRequest(details.url, devServerUrl);
    if (!allowed) log.warn(`Blocked a remote request: ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
}

function denyUnlessApp(url: string, options: GuardOptions, preventDefault: () => void, what: string): void {
  if (isAppUrl(url, options.devServerUrl)) return;
  preventDefault();
  if (isAllowedExternalUrl(url)) {
    options.openExternal(url);
  } else {
    options.log.warn(`Denied ${what} to ${url.slice(0, 200)}`);
  }
}

/** Applied to every webContents the app ever creates (see installWebContentsGuards). */
export function guardWebContents(contents: WebContents, options: GuardOptions): void {
  contents.on('will-navigate', (event) => denyUnlessApp(event.url, options, () => event.preventDefault(), 'navigation'));
  contents.on('will-frame-navigate', (event) => denyUnlessApp(event.url, options, () => event.preventDefault(), 'frame navigation'));
  contents.on('will-redirect', (event) => denyUnlessApp(event.url, options, () => event.preventDefault(), 'a redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.log.warn('Denied a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) options.openExternal(url);
    else options.log.warn(`Denied a new window for ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
}

export function installWebContentsGuards(app: App, options: GuardOptions): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, options));
}
