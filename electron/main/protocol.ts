// The app:// protocol: the renderer is served from dist/renderer under
// app://preflight/ instead of file:// (Electron security checklist, item 18), so
// the page has a real origin, the CSP travels as a header, and no path outside
// the renderer's folder can be reached.

import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'preflight';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The scheme registration Electron needs before `ready` (see main.ts). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  // standard: a real origin and relative URLs; secure: treated like https;
  // corsEnabled: Vite's <script type="module" crossorigin> loads.
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
} as const;

/**
 * True for a page of the app itself: app://preflight/… or, when running from
 * source, the Vite dev server's origin. (URL.origin is "null" for non-special
 * schemes, so app:// is compared by protocol and host.)
 */
export function isAppUrl(candidate: string, devServerUrl?: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  if (devServerUrl) {
    try {
      return url.origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return false;
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export function contentTypeFor(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers every response from the app's own origin carries. */
export function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..'));
}

export type ResolvedAsset = { status: 200; file: string } | { status: 403 | 404 | 405 };

/**
 * Maps a request for the app's origin to a file under rootDir. Anything that
 * would leave rootDir — "..", encoded separators, a symlink pointing out, another
 * host — is refused with 403.
 */
export async function resolveAppAsset(rootDir: string, requestUrl: string, method = 'GET'): Promise<ResolvedAsset> {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405 };
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { status: 403 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { status: 403 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { status: 403 };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { status: 403 };
  if (pathname === '/' || pathname === '') pathname = '/index.html';

  const root = await realpath(rootDir);
  const candidate = resolve(root, `.${pathname}`);
  if (!isInside(root, candidate)) return { status: 403 };
  let real: string;
  try {
    real = await realpath(candidate);
    if (!(await stat(real)).isFile()) return { status: 404 };
  } catch {
    return { status: 404 };
  }
  // A symlink inside the folder must not lead outside it either.
  if (!isInside(root, real)) return { status: 403 };
  return { status: 200, file: real };
}

/** The protocol.handle handler: plain Request → Response, so Node tests can call it. */
export function createAppProtocolHandler(rootDir: string): (request: { url: string; method: string }) => Promise<Response> {
  return async (request) => {
    const asset = await resolveAppAsset(rootDir, request.url, request.method);
    if (asset.status !== 200) {
      return new Response(null, { status: asset.status, headers: securityHeaders('text/plain; charset=utf-8') });
    }
    const body = request.method === 'HEAD' ? null : await readFile(asset.file);
    return new Response(body, { status: 200, headers: securityHeaders(contentTypeFor(asset.file)) });
  };
}
