// A resolver that lies (issue 13, item 4): NXDOMAIN for everything (a captive
// portal before its login, a broken VPN, a DNS filter) made every domain
// domain_not_found, and a resolver that says every name exists would send to
// dead domains. The canaries (electron/services/dns/resolver-check.ts) are asked
// of each server before any list domain; a liar decides nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDomains, type DomainCheckOptions } from '../../electron/services/dns/domain-checker';
import { CANARY_MAIL_DOMAINS, CANARY_NONEXISTENT_PATTERN, randomCanaryName } from '../../electron/services/dns/resolver-check';
import { isUserError } from '../../shared/model/errors';
import { CASES, startDnsServer, unusedPort, type RunningDnsServer } from '../support/dns-server';

const LIST = [CASES.mx, CASES.nxdomain, CASES.aOnly, CASES.nullMx];

let honest: RunningDnsServer;
let nxdomainForEverything: RunningDnsServer;
let everythingExists: RunningDnsServer;

beforeAll(async () => {
  [honest, nxdomainForEverything, everythingExists] = await Promise.all([
    startDnsServer(),
    startDnsServer(undefined, { lie: 'nxdomain' }),
    startDnsServer(undefined, { lie: 'everything-exists' }),
  ]);
});
afterAll(async () => {
  await Promise.all([honest, nxdomainForEverything, everythingExists].map((server) => server.stop()));
});

const fast = (...servers: string[]): DomainCheckOptions => ({ servers, timeoutMs: 200, retryDelayMs: 5 });

async function refusal(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isUserError(error), String(error)).toBe(true);
  return (error as Error).message;
}

describe('a resolver that answers NXDOMAIN for everything', () => {
  it('removes no deliverable domain: the check stops with one sentence instead of calling every domain not found', async () => {
    const sentence = await refusal(checkDomains(LIST, fast(nxdomainForEverything.server)));
    expect(sentence).toContain('false answers to test questions');
    expect(sentence).toContain('says gmail.com does not exist');
    expect(sentence).not.toContain('\n');
  });

  it('is never told a domain of the list: only the canaries are asked', async () => {
    nxdomainForEverything.resetCounts();
    await refusal(checkDomains(LIST, fast(nxdomainForEverything.server)));
    expect(nxdomainForEverything.queries.canaries).toBeGreaterThan(0);
    expect(nxdomainForEverything.queries.byName).toEqual({});
  });
});

describe('a resolver that says every name exists', () => {
  it('sends to no dead domain: the check stops instead of calling a made-up domain deliverable', async () => {
    const sentence = await refusal(checkDomains(['gone-for-years.test', CASES.mx], fast(everythingExists.server)));
    expect(sentence).toMatch(/answers (MX|A) questions for made-up names \(preflight-canary-[0-9a-f]{20}\.com\)/);
  });
});

describe('one lying server among honest ones', () => {
  it('decides nothing: every domain gets the honest server’s verdict, and the report says which server was set aside', async () => {
    nxdomainForEverything.resetCounts();
    honest.resetCounts();
    const result = await checkDomains(LIST, fast(nxdomainForEverything.server, honest.server));
    expect(Object.fromEntries([...result.verdicts].map(([domain, verdict]) => [domain, verdict.status]))).toEqual({
      [CASES.mx]: 'deliverable',
      [CASES.nxdomain]: 'domain_not_found',
      [CASES.aOnly]: 'deliverable',
      [CASES.nullMx]: 'null_mx',
    });
    expect(nxdomainForEverything.queries.total).toBe(0);
    expect(result.resolverWarning).toContain(`${nxdomainForEverything.server} says gmail.com does not exist`);
    expect(result.resolverWarning).toContain(`checked with ${honest.server}`);
  });
});

describe('an honest resolver', () => {
  it('is trusted: verdicts as before, the canaries counted apart from the domains’ queries', async () => {
    honest.resetCounts();
    const result = await checkDomains([CASES.mx, CASES.nxdomain], fast(honest.server));
    expect(result.verdicts.get(CASES.nxdomain)?.status).toBe('domain_not_found');
    expect(result.resolverWarning).toBeUndefined();
    // Three mail domains' MX, the made-up name's MX and A.
    expect(result.canaryQueriesSent).toBe(CANARY_MAIL_DOMAINS.length + 2);
    expect(honest.queries.canaries).toBe(result.canaryQueriesSent);
    expect(result.queriesSent).toBe(honest.queries.total);
  });

  it('is not asked the canaries when every domain comes from the cache', async () => {
    const result = await checkDomains([], fast(honest.server));
    expect(result.canaryQueriesSent).toBe(0);
  });

  it('a server that does not answer at all is not called a liar: its domains are unresolved (review), not refused', async () => {
    const dead = `127.0.0.1:${await unusedPort()}`;
    const result = await checkDomains([CASES.mx], { ...fast(dead), attempts: 1 });
    expect(result.verdicts.get(CASES.mx)?.status).toBe('dns_unresolved');
  });
});

describe('the made-up canary name', () => {
  it('is fresh each run and outside any list: 80 random bits under .com', () => {
    const names = new Set(Array.from({ length: 50 }, randomCanaryName));
    expect(names.size).toBe(50);
    for (const name of names) expect(name).toMatch(CANARY_NONEXISTENT_PATTERN);
  });
});
