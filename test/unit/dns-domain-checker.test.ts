// The domain check against a real DNS server on 127.0.0.1 (test/support/dns-server.ts):
// every verdict, the retries, the query budget, the concurrency bound and cancelling.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkDomains, type DomainCheckOptions, type DomainStatus } from '../../electron/services/dns/domain-checker';
import { isUserError } from '../../shared/model/errors';
import { CASES, startDnsServer, syntheticZones, unusedPort, type RunningDnsServer } from '../support/dns-server';

let server: RunningDnsServer;
// Short time-outs keep the suite fast; the retry pause is small but not zero so the back-off path runs.
const fast = (): DomainCheckOptions => ({ servers: [server.server], timeoutMs: 200, retryDelayMs: 5 });

beforeAll(async () => {
  server = await startDnsServer();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.resetCounts();
});

describe('verdicts', () => {
  const expected: [string, DomainStatus, { implicitMx?: boolean; mxHosts?: string[] }][] = [
    [CASES.mx, 'deliverable', { mxHosts: ['mail.mx.test'] }],
    [CASES.nullMx, 'null_mx', { mxHosts: [] }],
    [CASES.nullMxDot, 'null_mx', { mxHosts: [] }],
    [CASES.aOnly, 'deliverable', { implicitMx: true }],
    [CASES.aaaaOnly, 'deliverable', { implicitMx: true }],
    [CASES.noData, 'no_mail_host', { implicitMx: true }],
    [CASES.nxdomain, 'domain_not_found', {}],
    [CASES.servfail, 'dns_unresolved', {}],
    [CASES.refused, 'dns_unresolved', {}],
    [CASES.silent, 'dns_unresolved', {}],
    [CASES.dangling, 'no_mail_host', { mxHosts: ['gone.dangling.test'] }],
    [CASES.aaaaMxHost, 'deliverable', { mxHosts: ['mx6.v6host.test'] }],
    // Listed out of order on the wire: preference 5 (dangling) comes first, then 20.
    [CASES.firstMxDangling, 'deliverable', { mxHosts: ['gone.multi.test', 'mx2.multi.test'] }],
    [CASES.mxHostServfail, 'dns_unresolved', { mxHosts: ['mx.hostfail.test'] }],
    [CASES.loopbackMx, 'no_mail_host', { mxHosts: ['lo.loopback.test'] }],
  ];

  it('gives every case its verdict, and never calls an unanswered domain bad', async () => {
    const result = await checkDomains(
      expected.map(([domain]) => domain),
      fast(),
    );
    for (const [domain, status, extra] of expected) {
      const verdict = result.verdicts.get(domain);
      expect(verdict, domain).toBeDefined();
      expect({ domain, status: verdict?.status }).toEqual({ domain, status });
      expect(verdict?.fromCache).toBe(false);
      expect(verdict?.implicitMx, domain).toBe(extra.implicitMx ?? false);
      if (extra.mxHosts) expect(verdict?.mxHosts, domain).toEqual(extra.mxHosts);
    }
    expect(result.verdicts.size).toBe(expected.length);
  });

  it('explains unresolved and undeliverable verdicts', async () => {
    const { verdicts } = await checkDomains([CASES.servfail, CASES.silent, CASES.dangling, CASES.nullMx], fast());
    expect(verdicts.get(CASES.servfail)?.detail).toMatch(/SERVFAIL.*3 tries/);
    expect(verdicts.get(CASES.silent)?.detail).toMatch(/timed out.*3 tries/);
    expect(verdicts.get(CASES.dangling)?.detail).toContain('gone.dangling.test does not exist');
    expect(verdicts.get(CASES.nullMx)?.detail).toContain('RFC 7505');
  });

  it('a null MX wins over the domain’s own A record (no implicit-MX fallback)', async () => {
    // nullmx.test also has an A record: RFC 7505 says the null MX still means no mail.
    const { verdicts, queriesSent } = await checkDomains([CASES.nullMx], fast());
    expect(verdicts.get(CASES.nullMx)?.status).toBe('null_mx');
    expect(queriesSent).toBe(1);
    expect(server.queries.byName[`${CASES.nullMx} A`]).toBeUndefined();
  });
});

describe('queries sent', () => {
  it('counts every query exactly as the server received them', async () => {
    const result = await checkDomains(Object.values(CASES), fast());
    expect(result.queriesSent).toBeGreaterThan(Object.values(CASES).length);
    expect(result.queriesSent).toBe(server.queries.total);
  });

  it('retries SERVFAIL, REFUSED and time-outs up to `attempts`, then stops', async () => {
    await checkDomains([CASES.servfail, CASES.refused, CASES.silent], fast());
    expect(server.queries.byName[`${CASES.servfail} MX`]).toBe(3);
    expect(server.queries.byName[`${CASES.refused} MX`]).toBe(3);
    expect(server.queries.byName[`${CASES.silent} MX`]).toBe(3);

    server.resetCounts();
    await checkDomains([CASES.servfail, CASES.silent], { ...fast(), attempts: 1 });
    expect(server.queries.byName[`${CASES.servfail} MX`]).toBe(1);
    expect(server.queries.byName[`${CASES.silent} MX`]).toBe(1);
  });

  it('a retry that is answered gives the real verdict', async () => {
    // flaky.test answers SERVFAIL once, slow.test ignores its first query.
    const { verdicts } = await checkDomains([CASES.flakyServfail, CASES.flakyTimeout], fast());
    expect(verdicts.get(CASES.flakyServfail)?.status).toBe('deliverable');
    expect(verdicts.get(CASES.flakyTimeout)?.status).toBe('deliverable');
    expect(server.queries.byName[`${CASES.flakyServfail} MX`]).toBe(2);
    expect(server.queries.byName[`${CASES.flakyTimeout} MX`]).toBe(2);
  });

  it('waits between tries (back-off)', async () => {
    const started = performance.now();
    await checkDomains([CASES.servfail], { ...fast(), retryDelayMs: 100 });
    // 100 ms before the second try, 200 ms before the third.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('asks each unique domain once and each shared MX host once per run', async () => {
    const { zones, domains } = syntheticZones(200, 'shared.test');
    server.setZones(zones);
    const withDuplicates = [...domains, ...domains.slice(0, 50), domains[0] as string];
    // A generous time-out: a retry under load would be counted as a second question.
    const result = await checkDomains(withDuplicates, { ...fast(), timeoutMs: 3000 });
    expect(result.verdicts.size).toBe(200);
    expect(server.queries.byType.MX).toBe(200);
    for (let host = 0; host < 4; host++) expect(server.queries.byName[`mx${host}.shared.test A`]).toBe(1);
    // At most two look-ups per domain on this mix (MX, then the host's A when it is not shared).
    expect(result.queriesSent).toBeLessThanOrEqual(2 * 200);
    expect(result.queriesSent).toBe(server.queries.total);
  });
});

describe('politeness and control', () => {
  it('never has more queries in flight than the concurrency allows', async () => {
    const slow = await startDnsServer(syntheticZones(120, 'bound.test').zones, { delayMs: 20 });
    try {
      const { domains } = syntheticZones(120, 'bound.test');
      await checkDomains(domains, { servers: [slow.server], concurrency: 8 });
      expect(slow.queries.maxOutstanding).toBeLessThanOrEqual(8);
      // …and the pool really runs in parallel.
      expect(slow.queries.maxOutstanding).toBeGreaterThanOrEqual(6);

      slow.resetCounts();
      await checkDomains(domains.slice(0, 20), { servers: [slow.server], concurrency: 1 });
      expect(slow.queries.maxOutstanding).toBe(1);
    } finally {
      await slow.stop();
    }
  });

  it("sixty-four questions in flight print no Node warning into the user's output", async () => {
    const slow = await startDnsServer(syntheticZones(200, 'many.test').zones, { delayMs: 20 });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const { domains } = syntheticZones(200, 'many.test');
      await checkDomains(domains, { servers: [slow.server] });
      expect(slow.queries.maxOutstanding).toBeGreaterThan(10);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await slow.stop();
    }
  });

  it('cancels promptly with a UserError, even while queries wait for a time-out', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const run = checkDomains([CASES.silent, CASES.mx, CASES.servfail], {
      servers: [server.server],
      timeoutMs: 3000,
      retryDelayMs: 1000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    const error = await run.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isUserError(error) && error.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('refuses to start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(checkDomains([CASES.mx], { ...fast(), signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(server.queries.total).toBe(0);
  });

  it('reports progress up to done = total', async () => {
    const calls: [number, number][] = [];
    await checkDomains([CASES.mx, CASES.aOnly, CASES.nxdomain], { ...fast(), onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.at(-1)).toEqual([3, 3]);
    for (let index = 1; index < calls.length; index++) expect(calls[index]?.[0]).toBeGreaterThanOrEqual(calls[index - 1]?.[0] ?? 0);
  });

  it('moves on to the next server when the first is down', async () => {
    const down = await unusedPort();
    const { verdicts } = await checkDomains([CASES.mx, CASES.nxdomain, CASES.nullMx], {
      ...fast(),
      servers: [`127.0.0.1:${down}`, server.server],
    });
    expect(verdicts.get(CASES.mx)?.status).toBe('deliverable');
    expect(verdicts.get(CASES.nxdomain)?.status).toBe('domain_not_found');
    expect(verdicts.get(CASES.nullMx)?.status).toBe('null_mx');
  });

  it('a server that is down leaves domains unresolved, not removed', async () => {
    const down = await unusedPort();
    const { verdicts } = await checkDomains([CASES.mx, CASES.nxdomain], { ...fast(), servers: [`127.0.0.1:${down}`] });
    expect(verdicts.get(CASES.mx)?.status).toBe('dns_unresolved');
    expect(verdicts.get(CASES.nxdomain)?.status).toBe('dns_unresolved');
  });

  it('talks to an IPv6 server written as [::1]:PORT', async (context) => {
    const v6 = await startDnsServer(undefined, { address: '::1' }).catch(() => undefined);
    // Some CI containers have no IPv6 loopback at all: nothing to test there.
    if (v6 === undefined) return context.skip();
    try {
      expect(v6.server).toMatch(/^\[::1\]:\d+$/);
      const { verdicts } = await checkDomains([CASES.mx, CASES.nxdomain], { servers: [v6.server], timeoutMs: 500 });
      expect(verdicts.get(CASES.mx)?.status).toBe('deliverable');
      expect(verdicts.get(CASES.nxdomain)?.status).toBe('domain_not_found');
      expect(v6.queries.total).toBeGreaterThan(0);
    } finally {
      await v6.stop();
    }
  });

  it('refuses bad settings with one sentence', async () => {
    const attempt = (options: DomainCheckOptions) => checkDomains([CASES.mx], options).catch((error: unknown) => error);
    for (const options of [{ concurrency: 0 }, { concurrency: 2.5 }, { timeoutMs: 10 }, { attempts: 0 }, { servers: ['dns.google'] }]) {
      const error = await attempt(options);
      expect(isUserError(error) && error.code, JSON.stringify(options)).toBe('bad_argument');
      expect((error as Error).message).toMatch(/^[A-Z].*\.$/);
    }
    expect(server.queries.total).toBe(0);
  });
});
