// Sender readiness's SPF and DMARC look-ups through Preflight's own DNS client
// (electron/services/dns/txt-lookup.ts), against the test DNS server: the servers
// the check names are the ones asked, the resolver canaries come first, and a
// resolver caught lying decides nothing (through node:dns, one that says NXDOMAIN
// for everything told the user to publish a DMARC record they already have).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Readiness, ReadinessItemId } from '../../shared/model/ses';
import { createSesClient } from '../../electron/services/ses/client';
import { checkReadiness } from '../../electron/services/ses/readiness';
import { createTxtLookup } from '../../electron/services/dns/txt-lookup';
import { startDnsServer, type RunningDnsServer, type Zones } from '../support/dns-server';
import { isolatedAwsEnv, productionAccount, startSesServer, type FakeIdentity, type RunningSesServer } from '../support/ses-server';

let dir: string;
let ses: RunningSesServer;
let client: SESv2Client;
let dns: RunningDnsServer | undefined;

const READY: FakeIdentity = {
  name: 'example.com',
  type: 'DOMAIN',
  dkim: { signingEnabled: true, status: 'SUCCESS', tokens: ['tok1', 'tok2', 'tok3'] },
  mailFrom: { domain: 'mail.example.com', status: 'SUCCESS' },
};

const ZONES: Zones = {
  // An SPF record split over two character-strings, as long records are published.
  'mail.example.com': { txt: [['v=spf1 include:amazon', 'ses.com ~all']] },
  // DMARC handed to a reporting service by CNAME, as many domains do.
  '_dmarc.example.com': { cname: 'example-com.dmarc-host.test' },
  'example-com.dmarc-host.test': { txt: [['v=DMARC1; p=quarantine; rua=mailto:d@dmarc-host.test']] },
};

const item = (readiness: Readiness, id: ReadinessItemId) => readiness.items.find((entry) => entry.id === id)!;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-readiness-dns-'));
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
  ses = await startSesServer({ account: productionAccount(), identities: [READY], rateLimit: null });
  client = createSesClient({ region: 'eu-west-1', endpoint: ses.endpoint });
});

afterEach(async () => {
  client.destroy();
  await ses.stop();
  await dns?.stop();
  dns = undefined;
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('sender readiness through the project DNS client', () => {
  it('SPF and DMARC are read from the DNS server the check names, after its test questions', async () => {
    dns = await startDnsServer(ZONES);
    const lookup = createTxtLookup({ servers: [dns.server], timeoutMs: 2000 });
    const readiness = await checkReadiness(client, 'news@example.com', lookup, { minIntervalMs: 0 });
    expect(item(readiness, 'spf')).toMatchObject({ status: 'ok', detail: 'v=spf1 include:amazonses.com ~all' });
    expect(item(readiness, 'dmarc')).toMatchObject({ status: 'ok' });
    expect(item(readiness, 'dmarc').detail).toContain('p=quarantine');
    expect(readiness.bulkSender?.met).toBe(true);
    // One question each (the CNAME answered in the same reply), the canaries before them.
    expect(dns.queries.byName['mail.example.com TXT']).toBe(1);
    expect(dns.queries.byName['_dmarc.example.com TXT']).toBe(1);
    expect(dns.queries.canaries).toBeGreaterThanOrEqual(5);
    expect(lookup.queriesSent()).toBe(2);
  }, 30_000);

  it('a resolver that says every name does not exist leaves SPF and DMARC not checked, never "publish a record"', async () => {
    dns = await startDnsServer(ZONES, { lie: 'nxdomain' });
    const readiness = await checkReadiness(client, 'news@example.com', createTxtLookup({ servers: [dns.server], timeoutMs: 2000 }), {
      minIntervalMs: 0,
    });
    for (const id of ['spf', 'dmarc'] as const) {
      expect(item(readiness, id).status).toBe('unknown');
      expect(item(readiness, id).fix).toMatch(/false answers to test questions/);
    }
    expect(readiness.bulkSender?.requirements.find((entry) => entry.id === 'dmarc_policy')?.status).toBe('unknown');
    // Nothing of the user's was asked of a server caught lying.
    expect(dns.queries.byType['TXT'] ?? 0).toBe(0);
  }, 30_000);

  it('a DNS server that fails for the DMARC name makes it unknown with the reason, and a name without records is "to fix"', async () => {
    dns = await startDnsServer({ ...ZONES, '_dmarc.example.com': { rcode: 'SERVFAIL' }, 'mail.example.com': {} });
    const readiness = await checkReadiness(
      client,
      'news@example.com',
      createTxtLookup({ servers: [dns.server], timeoutMs: 2000, attempts: 2, retryDelayMs: 0 }),
      {
        minIntervalMs: 0,
      },
    );
    expect(item(readiness, 'spf')).toMatchObject({ status: 'fix' });
    expect(item(readiness, 'spf').fix).toContain('Publish a TXT record on mail.example.com');
    expect(item(readiness, 'dmarc')).toMatchObject({ status: 'unknown' });
    expect(item(readiness, 'dmarc').fix).toContain(
      'Could not look up the TXT records of _dmarc.example.com (server failure (SERVFAIL) (2 tries))',
    );
  }, 30_000);
});
