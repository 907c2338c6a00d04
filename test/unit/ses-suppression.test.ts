// The suppression snapshot: paging through NextToken, pacing to SES's rate,
// backing off when throttled, incremental refreshes and offline use.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSesClient } from '../../electron/services/ses/client';
import { isSesUserError } from '../../electron/services/ses/errors';
import {
  loadSuppressionSnapshot,
  snapshotPath,
  snapshotToSuppressionList,
  syncSuppressionList,
  type SuppressionProgress,
} from '../../electron/services/ses/suppression';
import { generateSuppressed, isolatedAwsEnv, productionAccount, startSesServer, type RunningSesServer } from '../support/ses-server';

let dir: string;
let server: RunningSesServer;
let client: SESv2Client;
const region = 'eu-west-1';
const accountKey = 'default';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-ses-suppression-'));
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
  server = await startSesServer({ account: productionAccount(), suppressed: [] });
  client = createSesClient({ region, endpoint: server.endpoint });
});

afterEach(async () => {
  client.destroy();
  await server.stop();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const listRequests = () => server.requests.filter((request) => request.operation === 'ListSuppressedDestinations');

describe('syncSuppressionList', () => {
  it('reads several thousand entries through paging and throttling, and keeps every one', async () => {
    const suppressed = generateSuppressed(4_000);
    // Mixed case in SES: the snapshot keys in lower case.
    suppressed[7] = { ...suppressed[7]!, email: 'Mixed.Case@Bounced.TEST' };
    // SES allows 50 requests a second here; the client is set to go faster, so it is throttled and must back off.
    server.setState({ suppressed, rateLimit: { perSecond: 50, burst: 1 } });
    server.injectFaults('Throttling', 3, { operation: 'ListSuppressedDestinations' });
    const progress: SuppressionProgress[] = [];
    const started = performance.now();

    const snapshot = await syncSuppressionList(client, {
      cacheDir: dir,
      region,
      accountKey,
      pageSize: 100,
      minIntervalMs: 5,
      onProgress: (update) => progress.push(update),
    });
    const seconds = (performance.now() - started) / 1000;

    expect(snapshot.entries.size).toBe(4_000);
    expect(snapshot.entries.get('mixed.case@bounced.test')).toEqual({
      reason: 'BOUNCE',
      lastUpdate: new Date(Date.parse('2024-01-01T00:00:00Z') + 7 * 60_000).toISOString(),
    });
    expect(snapshot.entries.get('user0004@bounced.test')).toMatchObject({ reason: 'COMPLAINT' });
    expect([...snapshot.entries.values()].filter((entry) => entry.reason === 'COMPLAINT')).toHaveLength(800);
    // 40 pages answered; every 429 was retried; the NextToken chain was followed in order.
    const requests = listRequests();
    const answered = requests.filter((request) => request.status === 200);
    expect(answered).toHaveLength(40);
    const throttled = requests.filter((request) => request.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(3);
    expect(snapshot.lastSync).toMatchObject({
      mode: 'full',
      pages: 40,
      received: 4_000,
      requests: requests.length,
      throttled: throttled.length,
    });
    expect(answered[0]!.query.NextToken).toBeUndefined();
    expect(answered.slice(1).every((request) => request.query.NextToken?.length === 1)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ pages: 40, received: 4_000 });
    expect(progress.some((update) => update.waitingMs !== undefined)).toBe(true);
    expect(seconds).toBeLessThan(20);
  });

  it('at the default pace sends at most one request per second, and a 1/s SES never throttles it', async () => {
    server.setState({ suppressed: generateSuppressed(40), rateLimit: { perSecond: 1, burst: 1 } });
    const snapshot = await syncSuppressionList(client, { cacheDir: dir, region, accountKey, pageSize: 10 });
    expect(snapshot.entries.size).toBe(40);
    const requests = listRequests();
    expect(requests.map((request) => request.status)).toEqual([200, 200, 200, 200]);
    const gaps = requests.slice(1).map((request, index) => request.at - requests[index]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1_000);
  }, 15_000);

  it('shares the pace across calls on the same client (GetAccount then paging)', async () => {
    server.setState({ suppressed: generateSuppressed(10), rateLimit: { perSecond: 1, burst: 1 } });
    const { getAccountStatus } = await import('../../electron/services/ses/account');
    await getAccountStatus(client, region);
    await syncSuppressionList(client, { cacheDir: dir, region, accountKey, pageSize: 10 });
    expect(server.requests.map((request) => request.status)).toEqual([200, 200]);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(1_000);
  }, 10_000);

  it('saves the snapshot atomically with its time, and loads it back for offline use', async () => {
    server.setState({ suppressed: generateSuppressed(25), rateLimit: null });
    const now = new Date('2025-05-01T08:00:00Z');
    const snapshot = await syncSuppressionList(client, {
      cacheDir: dir,
      region,
      accountKey,
      pageSize: 10,
      minIntervalMs: 0,
      now: () => now,
    });
    expect(snapshot.syncedAt).toBe('2025-05-01T08:00:00.000Z');
    const folder = join(snapshotPath({ cacheDir: dir, region, accountKey }), '..');
    expect(await readdir(folder)).toEqual(['suppression.json']);

    await server.stop();
    const offline = await loadSuppressionSnapshot({ cacheDir: dir, region, accountKey });
    expect(offline?.syncedAt).toBe('2025-05-01T08:00:00.000Z');
    expect(offline?.entries).toEqual(snapshot.entries);
    // The engine's view: the same shape as a suppression file's list.
    const list = snapshotToSuppressionList(offline!);
    expect(list.source).toBe('SES suppression list (eu-west-1, synced 2025-05-01 08:00 UTC)');
    expect(list.entries.get('user00@bounced.test')).toEqual({ reason: 'BOUNCE', lastUpdate: '2024-01-01T00:00:00.000Z' });
    server = await startSesServer({ account: productionAccount() }); // for afterEach
  });

  it('a missing snapshot loads as none; a damaged one is refused, never read as an empty list', async () => {
    expect(await loadSuppressionSnapshot({ cacheDir: dir, region, accountKey })).toBeNull();
    server.setState({ suppressed: generateSuppressed(3), rateLimit: null });
    await syncSuppressionList(client, { cacheDir: dir, region, accountKey, minIntervalMs: 0 });
    const path = snapshotPath({ cacheDir: dir, region, accountKey });
    const whole = await readFile(path, 'utf8');
    await writeFile(path, whole.slice(0, 40));
    await expect(loadSuppressionSnapshot({ cacheDir: dir, region, accountKey })).rejects.toMatchObject({
      code: 'suppression_unreadable',
      message: expect.stringContaining(`${path} is damaged (it is cut short or garbled)`),
    });
    // An incremental sync would merge into the damaged copy: it refuses too, and --full rebuilds.
    await expect(syncSuppressionList(client, { cacheDir: dir, region, accountKey, minIntervalMs: 0 })).rejects.toMatchObject({
      message: expect.stringContaining('preflight ses sync --full --region eu-west-1'),
    });
    const rebuilt = await syncSuppressionList(client, { cacheDir: dir, region, accountKey, minIntervalMs: 0, full: true });
    expect(rebuilt.entries.size).toBe(3);
    expect(await readFile(path, 'utf8')).not.toBe(whole.slice(0, 40));
  });

  it('a snapshot entry with an unknown reason is refused, not counted as a bounce', async () => {
    server.setState({ suppressed: generateSuppressed(3), rateLimit: null });
    await syncSuppressionList(client, { cacheDir: dir, region, accountKey, minIntervalMs: 0 });
    const path = snapshotPath({ cacheDir: dir, region, accountKey });
    await writeFile(path, (await readFile(path, 'utf8')).replace('"BOUNCE"', '"FOO"'));
    await expect(loadSuppressionSnapshot({ cacheDir: dir, region, accountKey })).rejects.toMatchObject({
      message: expect.stringContaining('has the unknown reason "FOO"'),
    });
  });

  it('refreshes incrementally: StartDate = last sync − margin, new and changed entries merged into the stored ones', async () => {
    const base = generateSuppressed(30, { since: new Date('2025-04-01T00:00:00Z') });
    server.setState({ suppressed: base, rateLimit: null });
    const firstSync = new Date('2025-05-01T08:00:00Z');
    await syncSuppressionList(client, { cacheDir: dir, region, accountKey, pageSize: 10, minIntervalMs: 0, now: () => firstSync });

    // After the first sync: two new addresses, and one old address suppressed again, now for a complaint.
    server.setState({
      suppressed: [
        ...base,
        { email: 'new1@fresh.test', reason: 'BOUNCE', lastUpdate: '2025-05-02T09:00:00Z' },
        { email: 'NEW2@fresh.test', reason: 'COMPLAINT', lastUpdate: '2025-05-02T10:00:00Z' },
        { email: base[0]!.email, reason: 'COMPLAINT', lastUpdate: '2025-05-03T00:00:00Z' },
      ],
    });
    server.clearRequests();
    const secondSync = new Date('2025-05-04T08:00:00Z');
    const snapshot = await syncSuppressionList(client, {
      cacheDir: dir,
      region,
      accountKey,
      pageSize: 10,
      minIntervalMs: 0,
      now: () => secondSync,
    });

    const [request] = listRequests();
    expect(Date.parse(request!.query.StartDate![0]!)).toBe(firstSync.getTime() - 60 * 60 * 1000);
    expect(listRequests()).toHaveLength(1); // only the changes were read
    expect(snapshot.lastSync).toMatchObject({ mode: 'incremental', received: 3 });
    expect(snapshot.entries.size).toBe(32);
    expect(snapshot.entries.get('new2@fresh.test')).toEqual({ reason: 'COMPLAINT', lastUpdate: '2025-05-02T10:00:00.000Z' });
    expect(snapshot.entries.get(base[0]!.email)).toEqual({ reason: 'COMPLAINT', lastUpdate: '2025-05-03T00:00:00.000Z' });
    expect(snapshot.syncedAt).toBe(secondSync.toISOString());
    expect(snapshot.lastFullSyncAt).toBe(firstSync.toISOString());
    expect((await loadSuppressionSnapshot({ cacheDir: dir, region, accountKey }))?.entries.size).toBe(32);
  });

  it('reads everything again when the last full sync is old, and drops what SES removed', async () => {
    server.setState({ suppressed: generateSuppressed(5), rateLimit: null });
    await syncSuppressionList(client, { cacheDir: dir, region, accountKey, minIntervalMs: 0, now: () => new Date('2025-05-01T00:00:00Z') });
    server.setState({ suppressed: generateSuppressed(5).slice(0, 2) });
    server.clearRequests();
    const snapshot = await syncSuppressionList(client, {
      cacheDir: dir,
      region,
      accountKey,
      minIntervalMs: 0,
      now: () => new Date('2025-05-09T00:00:00Z'),
    });
    expect(listRequests()[0]!.query.StartDate).toBeUndefined();
    expect(snapshot.lastSync?.mode).toBe('full');
    expect(snapshot.entries.size).toBe(2);
  });

  it('reads everything again when the credentials belong to another account', async () => {
    server.setState({ suppressed: generateSuppressed(5), rateLimit: null });
    const now = () => new Date('2025-05-01T00:00:00Z');
    await syncSuppressionList(client, {
      cacheDir: dir,
      region,
      accountKey,
      minIntervalMs: 0,
      identityFingerprint: 'account:111111111111',
      now,
    });
    server.setState({ suppressed: generateSuppressed(1) });
    const snapshot = await syncSuppressionList(client, {
      cacheDir: dir,
      region,
      accountKey,
      minIntervalMs: 0,
      identityFingerprint: 'account:222222222222',
      now,
    });
    expect(snapshot.lastSync?.mode).toBe('full');
    expect(snapshot.entries.size).toBe(1);
    expect(snapshot.identityFingerprint).toBe('account:222222222222');
  });

  it('keeps the stored snapshot untouched when a sync fails half-way', async () => {
    server.setState({ suppressed: generateSuppressed(30), rateLimit: null });
    await syncSuppressionList(client, { cacheDir: dir, region, accountKey, pageSize: 10, minIntervalMs: 0, full: true });
    const before = await readFile(snapshotPath({ cacheDir: dir, region, accountKey }), 'utf8');
    server.setState({ suppressed: generateSuppressed(50) });
    // Page 2 of the full read is denied.
    let calls = 0;
    const error = await syncSuppressionList(client, {
      cacheDir: dir,
      region,
      accountKey,
      pageSize: 10,
      minIntervalMs: 0,
      full: true,
      onProgress: () => {
        if (++calls === 1) server.injectFaults('AccessDenied', 1);
      },
    }).catch((caught: unknown) => caught);
    expect(isSesUserError(error) && error.kind).toBe('access_denied');
    expect(await readFile(snapshotPath({ cacheDir: dir, region, accountKey }), 'utf8')).toBe(before);
  });

  it('stops when cancelled, with the cancelled error and nothing saved', async () => {
    server.setState({ suppressed: generateSuppressed(50), rateLimit: null });
    const controller = new AbortController();
    const error = await syncSuppressionList(client, {
      cacheDir: dir,
      region,
      accountKey,
      pageSize: 10,
      minIntervalMs: 200,
      signal: controller.signal,
      onProgress: ({ pages }) => {
        if (pages === 2) controller.abort();
      },
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'UserError', code: 'cancelled' });
    expect(listRequests().length).toBe(2);
    expect(await loadSuppressionSnapshot({ cacheDir: dir, region, accountKey })).toBeNull();
  });
});
