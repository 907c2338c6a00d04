// The app:// protocol serves dist/renderer and nothing outside it.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/csp';
import { createAppProtocolHandler, isAppUrl, resolveAppAsset } from '../../electron/main/protocol';

let base: string;
let root: string;
let serve: ReturnType<typeof createAppProtocolHandler>;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'preflight-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Preflight</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(base, 'secret.txt'), 'outside the renderer');
  await symlink(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
  serve = createAppProtocolHandler(root);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => serve({ url, method });

describe('app:// protocol', () => {
  it('serves the renderer with its CSP header and the right content type', async () => {
    const response = await get('app://preflight/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Preflight</title>');
    const script = await get('app://preflight/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('serves index.html for the root', async () => {
    expect((await get('app://preflight/')).status).toBe(200);
  });

  it.each([
    'app://preflight/..%2Fsecret.txt',
    'app://preflight/assets/..%2F..%2Fsecret.txt',
    'app://preflight/%2e%2e%2fsecret.txt',
    'app://preflight/..%5Csecret.txt',
    'app://preflight/assets/link.txt',
    'app://preflight/index.html%00.js',
    'app://elsewhere/index.html',
    'file:///etc/passwd',
  ])('refuses %s with 403', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('');
  });

  it('keeps a plain ../ inside the root (URL parsing resolves it) and finds nothing there', async () => {
    // new URL() folds "/../../secret.txt" into "/secret.txt", which is under the root and absent.
    expect((await get('app://preflight/../../secret.txt')).status).toBe(404);
  });

  it('answers 404 for a missing file and for a folder', async () => {
    expect((await get('app://preflight/missing.js')).status).toBe(404);
    expect((await get('app://preflight/assets')).status).toBe(404);
  });

  it('answers only GET and HEAD', async () => {
    expect((await get('app://preflight/index.html', 'POST')).status).toBe(405);
    const head = await get('app://preflight/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('resolves a normal asset to its file under the root', async () => {
    const asset = await resolveAppAsset(root, 'app://preflight/assets/app.js');
    expect(asset).toEqual({ status: 200, file: expect.stringMatching(/renderer[\\/]assets[\\/]app\.js$/) });
  });
});

describe('isAppUrl', () => {
  it('knows the app origin and, when given, the dev server', () => {
    expect(isAppUrl('app://preflight/index.html')).toBe(true);
    expect(isAppUrl('app://preflight.evil/index.html')).toBe(false);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5173.evil.example/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('garbage')).toBe(false);
  });
});
