// The on-disk DNS cache: a warm second run asks almost nothing, lifetimes are
// honoured, unresolved answers are never kept, and a broken file never breaks a run.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DNS_CACHE_FILE, openDnsCache } from '../../electron/services/dns/cache';
import { defaultCacheDir } from '../../electron/services/dns/cache-dir';
import { checkDomains } from '../../electron/services/dns/domain-checker';
import { CASES, standardZones, startDnsServer, syntheticZones, type RunningDnsServer } from '../support/dns-server';

const HOUR = 3_600_000;
let server: RunningDnsServer;
let dir: string;
const { zones, domains } = syntheticZones(300, 'cache.test');

beforeAll(async () => {
  server = await startDnsServer({ ...standardZones(), ...zones });
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  server.resetCounts();
  dir = await mkdtemp(path.join(tmpdir(), 'preflight-dns-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const options = () => ({ servers: [server.server], timeoutMs: 200, retryDelayMs: 5 });
// For counting queries: the test server shares the test's process, and on a loaded
// 2-core machine 64 answers in flight can take longer than 200 ms, so a retry would
// be counted as a query of the run's own.
const counting = () => ({ ...options(), timeoutMs: 3000 });

describe('warm runs', () => {
  it('a second run on a warm cache sends under a tenth of the first run’s queries', async () => {
    const list = [...domains, CASES.servfail, CASES.mx];
    const cold = await checkDomains(list, { ...counting(), cache: await openDnsCache(dir) });
    expect(cold.fromCache).toBe(0);
    expect(cold.queriesSent).toBe(server.queries.total);

    // A fresh cache object reads what the first run saved: this is the CLI run after an app run.
    server.resetCounts();
    const warm = await checkDomains(list, { ...counting(), cache: await openDnsCache(dir) });
    expect(warm.queriesSent).toBe(server.queries.total);
    expect(warm.queriesSent).toBeLessThan(cold.queriesSent / 10);
    expect(warm.fromCache).toBe(list.length - 1); // all but the SERVFAIL domain
    // Only the unresolved domain was asked again.
    expect(Object.keys(server.queries.byName)).toEqual([`${CASES.servfail} MX`]);
    for (const domain of list) {
      expect(warm.verdicts.get(domain)?.status, domain).toBe(cold.verdicts.get(domain)?.status);
    }
    expect(warm.verdicts.get(CASES.mx)).toMatchObject({ fromCache: true, mxHosts: ['mail.mx.test'] });
  });

  it('never stores dns_unresolved', async () => {
    const cache = await openDnsCache(dir);
    await checkDomains([CASES.servfail, CASES.silent, CASES.mxHostServfail, CASES.mx], { ...options(), cache });
    expect(cache.get(CASES.servfail)).toBeUndefined();
    expect(cache.get(CASES.silent)).toBeUndefined();
    expect(cache.get(CASES.mxHostServfail)).toBeUndefined();
    expect(cache.get(CASES.mx)?.status).toBe('deliverable');
    const onDisk = await readFile(path.join(dir, DNS_CACHE_FILE), 'utf8');
    expect(onDisk).toContain(CASES.mx);
    expect(onDisk).not.toContain(CASES.servfail);

    // Even when a caller tries to store one.
    cache.set('x.test', { status: 'dns_unresolved', mxHosts: [], implicitMx: false });
    expect(cache.get('x.test')).toBeUndefined();
  });
});

describe('lifetimes', () => {
  it('keeps deliverable verdicts a day and remove verdicts an hour, then asks again', async () => {
    let now = Date.UTC(2026, 0, 1);
    const clock = () => now;
    const list = [CASES.mx, CASES.aOnly, CASES.nxdomain, CASES.nullMx, CASES.dangling];
    await checkDomains(list, { ...options(), cache: await openDnsCache(dir, { now: clock }) });

    // Two hours later: the remove verdicts have expired, the deliverable ones have not.
    now += 2 * HOUR;
    server.resetCounts();
    let run = await checkDomains(list, { ...options(), cache: await openDnsCache(dir, { now: clock }) });
    expect(run.fromCache).toBe(2);
    expect(run.verdicts.get(CASES.mx)?.fromCache).toBe(true);
    expect(run.verdicts.get(CASES.aOnly)?.fromCache).toBe(true);
    expect(run.verdicts.get(CASES.nxdomain)?.fromCache).toBe(false);
    expect(server.queries.byName[`${CASES.mx} MX`]).toBeUndefined();
    expect(server.queries.byName[`${CASES.nxdomain} MX`]).toBe(1);

    // A day and a bit after the first run, everything is asked again.
    now += 23 * HOUR;
    server.resetCounts();
    run = await checkDomains(list, { ...options(), cache: await openDnsCache(dir, { now: clock }) });
    expect(run.fromCache).toBe(0);
    expect(server.queries.byName[`${CASES.mx} MX`]).toBe(1);
  });

  it('honours configured lifetimes, and an answer TTL can only shorten them', async () => {
    let now = 1_000_000;
    const cache = await openDnsCache(dir, { maxTtlSeconds: 600, negativeTtlSeconds: 60, now: () => now });
    cache.set('up.test', { status: 'deliverable', mxHosts: ['mx.up.test'], implicitMx: false });
    cache.set('gone.test', { status: 'domain_not_found', mxHosts: [], implicitMx: false });
    cache.set('long.test', { status: 'deliverable', mxHosts: [], implicitMx: true }, 999_999);
    cache.set('short.test', { status: 'deliverable', mxHosts: [], implicitMx: true }, 30);
    expect(cache.get('long.test')?.expiresAt).toBe(now + 600_000);
    now += 31_000;
    expect(cache.get('short.test')).toBeUndefined();
    expect(cache.get('gone.test')).toBeDefined();
    now += 30_000;
    expect(cache.get('gone.test')).toBeUndefined();
    expect(cache.get('up.test')).toBeDefined();
    now += 540_000;
    expect(cache.get('up.test')).toBeUndefined();
  });

  it('a cache line claiming a far-future expiry cannot keep a good domain removed: it is asked again', async () => {
    let now = Date.UTC(2026, 0, 1);
    const century = now + 100 * 365 * 24 * HOUR;
    await writeFile(
      path.join(dir, DNS_CACHE_FILE),
      [
        JSON.stringify({ format: 'preflight-dns-cache', version: 1 }),
        JSON.stringify({ d: CASES.mx, s: 'domain_not_found', x: century }),
        JSON.stringify({ d: CASES.aOnly, s: 'deliverable', x: century, i: 1 }),
      ].join('\n') + '\n',
    );
    const clock = () => now;
    const opened = await openDnsCache(dir, { now: clock });
    expect(opened.get(CASES.mx)).toBeUndefined();
    expect(opened.loadProblem).toBe("2 lines expiring beyond the cache's lifetimes skipped");

    // The real answer is asked for: mx.test takes mail.
    const run = await checkDomains([CASES.mx, CASES.aOnly], { ...options(), cache: opened });
    expect(run.verdicts.get(CASES.mx)).toMatchObject({ status: 'deliverable', fromCache: false });
    expect(run.verdicts.get(CASES.aOnly)?.fromCache).toBe(false);

    // What was saved in their place lives a day at most, like any other answer.
    now += 24 * HOUR + 1;
    server.resetCounts();
    const later = await checkDomains([CASES.mx, CASES.aOnly], { ...options(), cache: await openDnsCache(dir, { now: clock }) });
    expect(later.fromCache).toBe(0);
  });

  it('drops expired entries when saving', async () => {
    let now = 5_000_000;
    const cache = await openDnsCache(dir, { negativeTtlSeconds: 10, now: () => now });
    cache.set('gone.test', { status: 'domain_not_found', mxHosts: [], implicitMx: false });
    cache.set('up.test', { status: 'deliverable', mxHosts: [], implicitMx: true });
    now += 11_000;
    await cache.save();
    const text = await readFile(cache.file, 'utf8');
    expect(text).toContain('up.test');
    expect(text).not.toContain('gone.test');
  });
});

describe('the file', () => {
  it('a corrupt cache file is ignored: the run works and the file is rewritten', async () => {
    await writeFile(path.join(dir, DNS_CACHE_FILE), '\u0000\u0001garbage{{{\nnot json at all\n');
    const cache = await openDnsCache(dir);
    expect(cache.size).toBe(0);
    expect(cache.loadProblem).toMatch(/not a Preflight DNS cache/);
    const run = await checkDomains([CASES.mx], { ...options(), cache });
    expect(run.verdicts.get(CASES.mx)?.status).toBe('deliverable');
    expect(run.cacheSaveError).toBeUndefined();
    const reopened = await openDnsCache(dir);
    expect(reopened.loadProblem).toBeUndefined();
    expect(reopened.get(CASES.mx)?.status).toBe('deliverable');
  });

  it('a damaged line costs that entry only', async () => {
    const cache = await openDnsCache(dir);
    cache.set('a.test', { status: 'deliverable', mxHosts: ['mx.a.test'], implicitMx: false });
    cache.set('b.test', { status: 'null_mx', mxHosts: [], implicitMx: false });
    await cache.save();
    const lines = (await readFile(cache.file, 'utf8')).split('\n');
    const broken = lines.map((line) => (line.includes('a.test') ? line.slice(0, 12) : line));
    broken.splice(2, 0, '{"d":"c.test","s":"made_up_status","x":99999999999999}');
    await writeFile(cache.file, broken.join('\n'));
    const reopened = await openDnsCache(dir);
    expect(reopened.get('a.test')).toBeUndefined();
    expect(reopened.get('c.test')).toBeUndefined();
    expect(reopened.get('b.test')?.status).toBe('null_mx');
    expect(reopened.loadProblem).toMatch(/2 unreadable lines/);
  });

  it('saves atomically: no temporary file is left behind', async () => {
    const cache = await openDnsCache(path.join(dir, 'nested', 'deeper'));
    for (let index = 0; index < 500; index++) cache.set(`d${index}.test`, { status: 'deliverable', mxHosts: [], implicitMx: true });
    await Promise.all([cache.save(), cache.save(), cache.save()]);
    expect(await readdir(path.dirname(cache.file))).toEqual([DNS_CACHE_FILE]);
    expect((await openDnsCache(path.dirname(cache.file))).size).toBe(500);
  });

  it('keeps what another process saved in the meantime (app and CLI sharing one cache)', async () => {
    const app = await openDnsCache(dir);
    const cli = await openDnsCache(dir);
    app.set('from-app.test', { status: 'deliverable', mxHosts: [], implicitMx: true });
    await app.save();
    cli.set('from-cli.test', { status: 'null_mx', mxHosts: [], implicitMx: false });
    cli.delete('from-app.test'); // …unless this process deleted it on purpose
    cli.set('also-cli.test', { status: 'deliverable', mxHosts: [], implicitMx: true });
    await cli.save();
    const merged = await openDnsCache(dir);
    expect(merged.get('from-cli.test')?.status).toBe('null_mx');
    expect(merged.get('also-cli.test')).toBeDefined();
    expect(merged.get('from-app.test')).toBeUndefined();

    const app2 = await openDnsCache(dir);
    const cli2 = await openDnsCache(dir);
    app2.set('one.test', { status: 'deliverable', mxHosts: [], implicitMx: true });
    await app2.save();
    cli2.set('two.test', { status: 'deliverable', mxHosts: [], implicitMx: true });
    await cli2.save();
    const both = await openDnsCache(dir);
    expect(both.get('one.test')).toBeDefined();
    expect(both.get('two.test')).toBeDefined();
  });

  it('two runs saving one cache at the same moment keep both runs’ answers', async () => {
    const first = await openDnsCache(dir);
    const second = await openDnsCache(dir);
    for (let index = 0; index < 200; index++) {
      first.set(`first-${index}.test`, { status: 'deliverable', mxHosts: [], implicitMx: true });
      second.set(`second-${index}.test`, { status: 'deliverable', mxHosts: [], implicitMx: true });
    }
    await Promise.all([first.save(), second.save()]);
    const merged = await openDnsCache(dir);
    expect(merged.size).toBe(400);
    expect(await readdir(dir)).toEqual([DNS_CACHE_FILE]);
  });

  it('a cache folder that cannot be written is refused when opened, before any DNS question', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    await writeFile(blocker, 'a file where the cache folder should be');
    await expect(openDnsCache(blocker)).rejects.toThrow(
      /^The DNS cache folder .*not-a-folder cannot be written \(\w+\): choose another folder with --cache-dir/,
    );
    expect(await readdir(dir)).toEqual(['not-a-folder']);
  });

  it('a save that fails late (the folder made read-only mid-run) is reported, and the verdicts still come back', async () => {
    const cache = await openDnsCache(dir);
    await rm(dir, { recursive: true, force: true });
    await writeFile(dir, 'the folder was replaced by a file');
    try {
      const run = await checkDomains([CASES.mx], { ...options(), cache });
      expect(run.verdicts.get(CASES.mx)?.status).toBe('deliverable');
      expect(run.cacheSaveError).toMatch(/^The DNS cache could not be saved in /);
    } finally {
      await rm(dir, { force: true });
    }
  });
});

describe('defaultCacheDir', () => {
  it('honours PREFLIGHT_CACHE_DIR first', () => {
    expect(defaultCacheDir({ env: { PREFLIGHT_CACHE_DIR: '/tmp/pf', XDG_CACHE_HOME: '/x' }, platform: 'linux', home: '/home/u' })).toBe(
      path.resolve('/tmp/pf'),
    );
  });
  it('uses the per-user cache folder of each OS', () => {
    expect(defaultCacheDir({ env: {}, platform: 'linux', home: '/home/u' })).toBe('/home/u/.cache/preflight');
    expect(defaultCacheDir({ env: { XDG_CACHE_HOME: '/xdg' }, platform: 'linux', home: '/home/u' })).toBe('/xdg/preflight');
    expect(defaultCacheDir({ env: { XDG_CACHE_HOME: 'relative' }, platform: 'linux', home: '/home/u' })).toBe('/home/u/.cache/preflight');
    expect(defaultCacheDir({ env: {}, platform: 'darwin', home: '/Users/u' })).toBe('/Users/u/Library/Caches/Preflight');
    expect(defaultCacheDir({ env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, platform: 'win32', home: 'C:\\Users\\u' })).toBe(
      'C:\\Users\\u\\AppData\\Local\\Preflight\\Cache',
    );
    expect(defaultCacheDir({ env: {}, platform: 'win32', home: 'C:\\Users\\u' })).toBe('C:\\Users\\u\\AppData\\Local\\Preflight\\Cache');
  });
});
