// CNAMEs, loops, answers of the wrong type and answers owned by another name,
// served for real by the project's dns2 server. Each of these was once read as a
// null MX (remove, cached for an hour): a deliverable domain's rows were lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDomains, type DomainCheckOptions } from '../../electron/services/dns/domain-checker';
import { standardZones, startDnsServer, type RunningDnsServer, type Zones } from '../support/dns-server';

// The bound the checker promises (answer-chain.ts MAX_CNAME_HOPS), written out so this test also runs against older code.
const MAX_CNAME_HOPS = 8;

const chain = (length: number, prefix: string): Zones => {
  const zones: Zones = {};
  for (let i = 0; i < length; i++) zones[`${prefix}${i}.test`] = { cname: `${prefix}${i + 1}.test` };
  zones[`${prefix}${length}.test`] = { a: ['192.0.2.70'] };
  return zones;
};

const zones: Zones = {
  ...standardZones(),
  // The resolver answers the MX question with the CNAME alone (NOERROR, no MX); the target has only an address.
  'alias-only.test': { cname: 'canonical.test', chase: false },
  'canonical.test': { a: ['192.0.2.50'] },
  // A resolver that chases: the CNAME and the target's MX in one answer.
  'alias-chased.test': { cname: 'canonical-mx.test' },
  'canonical-mx.test': { mx: [{ priority: 10, exchange: 'mail.mx.test' }] },
  // The target is a null MX: the alias takes no mail either.
  'alias-of-null.test': { cname: 'nullmx-dot.test', chase: false },
  // Loops, served chased (one answer holds the loop) and unchased (the client walks into it).
  'loop-a.test': { cname: 'loop-b.test' },
  'loop-b.test': { cname: 'loop-a.test' },
  'loop-c.test': { cname: 'loop-d.test', chase: false },
  'loop-d.test': { cname: 'loop-c.test', chase: false },
  ...chain(MAX_CNAME_HOPS, 'ok-chain-'),
  ...chain(MAX_CNAME_HOPS + 1, 'long-chain-'),
  // An MX question answered with A records only.
  'a-for-mx.test': { a: ['192.0.2.51'], aForMx: true },
  // A null MX owned by another name, slipped into the answer for a domain that has only an address.
  'other-owner.test': { a: ['192.0.2.52'], foreign: { name: 'evil.test', mx: [{ priority: 0, exchange: '.' }] } },
  // A root exchange that is not exactly RFC 7505's null MX.
  'root-pref10.test': { mx: [{ priority: 10, exchange: '.' }] },
  'root-and-host.test': {
    mx: [
      { priority: 0, exchange: '.' },
      { priority: 10, exchange: 'mail.mx.test' },
    ],
  },
};

let server: RunningDnsServer;
const fast = (): DomainCheckOptions => ({ servers: [server.server], timeoutMs: 300, retryDelayMs: 5, attempts: 2 });

beforeAll(async () => {
  server = await startDnsServer(zones);
});
afterAll(async () => {
  await server.stop();
});

describe('CNAME answers', () => {
  it('a domain whose MX answer is only a CNAME is not removed as a null MX: the alias target’s address takes its mail', async () => {
    const { verdicts } = await checkDomains(['alias-only.test'], fast());
    expect(verdicts.get('alias-only.test')).toMatchObject({ status: 'deliverable', implicitMx: true });
    expect(verdicts.get('alias-only.test')?.detail).toContain('canonical.test');
    expect(server.queries.byName['canonical.test MX']).toBe(1);
  });

  it('a CNAME chased by the resolver gives the target’s MX hosts', async () => {
    const { verdicts } = await checkDomains(['alias-chased.test'], fast());
    expect(verdicts.get('alias-chased.test')).toMatchObject({ status: 'deliverable', mxHosts: ['mail.mx.test'], implicitMx: false });
  });

  it('an alias of a null-MX domain takes no mail', async () => {
    const { verdicts } = await checkDomains(['alias-of-null.test'], fast());
    expect(verdicts.get('alias-of-null.test')?.status).toBe('null_mx');
  });

  it.each(['loop-a.test', 'loop-c.test'])('a CNAME loop (%s) is left unresolved for review, never removed or cached', async (domain) => {
    const { verdicts } = await checkDomains([domain], fast());
    expect(verdicts.get(domain)?.status).toBe('dns_unresolved');
    expect(verdicts.get(domain)?.detail).toContain('loops');
  });

  it(`follows ${MAX_CNAME_HOPS} CNAMEs, and leaves a longer chain unresolved`, async () => {
    const { verdicts } = await checkDomains(['ok-chain-0.test', 'long-chain-0.test'], fast());
    expect(verdicts.get('ok-chain-0.test')).toMatchObject({ status: 'deliverable', implicitMx: true });
    expect(verdicts.get('long-chain-0.test')?.status).toBe('dns_unresolved');
  });
});

describe('answers that are not what was asked', () => {
  it('an MX question answered with A records only is implicit MX, not a null MX', async () => {
    const { verdicts } = await checkDomains(['a-for-mx.test'], fast());
    expect(verdicts.get('a-for-mx.test')).toMatchObject({ status: 'deliverable', implicitMx: true });
  });

  it('a null MX owned by another name than the one asked is ignored: the domain is not removed', async () => {
    const { verdicts } = await checkDomains(['other-owner.test'], fast());
    expect(verdicts.get('other-owner.test')).toMatchObject({ status: 'deliverable', implicitMx: true });
  });

  it('null_mx is only one MX of preference 0 and exchange "."', async () => {
    const { verdicts } = await checkDomains(['root-pref10.test', 'root-and-host.test', 'nullmx-dot.test'], fast());
    expect(verdicts.get('root-pref10.test')?.status).toBe('no_mail_host');
    expect(verdicts.get('root-and-host.test')).toMatchObject({ status: 'deliverable', mxHosts: ['mail.mx.test'] });
    expect(verdicts.get('nullmx-dot.test')?.status).toBe('null_mx');
  });
});

describe('truncated answers', () => {
  it('asks again over TCP when the UDP answer is truncated, and reads the whole answer', async () => {
    const truncating = await startDnsServer(zones, { truncateUdp: true });
    try {
      const { verdicts, queriesSent } = await checkDomains(['mx.test', 'alias-only.test'], { ...fast(), servers: [truncating.server] });
      expect(verdicts.get('mx.test')).toMatchObject({ status: 'deliverable', mxHosts: ['mail.mx.test'] });
      expect(verdicts.get('alias-only.test')).toMatchObject({ status: 'deliverable', implicitMx: true });
      // Each question once over UDP (truncated) and once over TCP, counted as one query sent.
      expect(truncating.queries.total).toBe(2 * queriesSent);
    } finally {
      await truncating.stop();
    }
  });
});
