// Sender readiness: SES identity state from the fake endpoint, DNS TXT records
// from a fake look-up with node:dns's error codes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Readiness, ReadinessItemId } from '../../shared/model/ses';
import { createSesClient } from '../../electron/services/ses/client';
import { checkReadiness, type TxtLookup } from '../../electron/services/ses/readiness';
import { isolatedAwsEnv, productionAccount, startSesServer, type FakeIdentity, type RunningSesServer } from '../support/ses-server';

let dir: string;
let server: RunningSesServer;
let client: SESv2Client;

/** TXT records by name; a name not listed answers ENOTFOUND, 'SERVFAIL' answers ESERVFAIL, as node:dns does. */
function txt(records: Record<string, string[][] | 'SERVFAIL'>): TxtLookup & { asked: string[] } {
  const asked: string[] = [];
  const lookup = async (name: string) => {
    asked.push(name);
    const answer = records[name];
    if (answer === 'SERVFAIL') throw Object.assign(new Error(`queryTxt ESERVFAIL ${name}`), { code: 'ESERVFAIL' });
    if (!answer) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return answer;
  };
  return Object.assign(lookup, { asked });
}

const ready: FakeIdentity = {
  name: 'example.com',
  type: 'DOMAIN',
  dkim: { signingEnabled: true, status: 'SUCCESS', tokens: ['tok1', 'tok2', 'tok3'] },
  mailFrom: { domain: 'mail.example.com', status: 'SUCCESS' },
};
const goodDns = {
  'mail.example.com': [['v=spf1 include:amazonses.com ~all']],
  'example.com': [['google-site-verification=abc'], ['v=spf1 include:_spf.google.com ~all']],
  '_dmarc.example.com': [['v=DMARC1; p=quarantine; rua=mailto:d@example.com']],
};

function item(readiness: Readiness, id: ReadinessItemId) {
  const found = readiness.items.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

async function start(identities: FakeIdentity[]) {
  server = await startSesServer({ account: productionAccount(), identities, rateLimit: null });
  client = createSesClient({ region: 'eu-west-1', endpoint: server.endpoint });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-ses-readiness-'));
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
});

afterEach(async () => {
  client.destroy();
  await server.stop();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const fast = { minIntervalMs: 0 };

describe('checkReadiness', () => {
  it('a fully set-up domain passes every item, in the checklist order', async () => {
    await start([ready]);
    const lookup = txt(goodDns);
    const readiness = await checkReadiness(client, 'News@Example.com', lookup, fast);
    expect(readiness).toMatchObject({ identity: 'news@example.com', domain: 'example.com', region: 'eu-west-1', ready: true });
    expect(readiness.items.map((entry) => [entry.id, entry.status])).toEqual([
      ['identity_verified', 'ok'],
      ['dkim', 'ok'],
      ['spf', 'ok'],
      ['dmarc', 'ok'],
      ['mail_from', 'ok'],
    ]);
    expect(readiness.items.every((entry) => entry.fix === '')).toBe(true);
    // SPF is read on the MAIL FROM domain, DMARC at _dmarc.<domain>.
    expect(lookup.asked).toEqual(['mail.example.com', '_dmarc.example.com']);
    expect(item(readiness, 'dmarc').detail).toContain('p=quarantine');
    // The address identity does not exist; the domain's was asked too.
    expect(server.requests.map((request) => request.path)).toEqual([
      '/v2/email/identities/news@example.com',
      '/v2/email/identities/example.com',
    ]);
  });

  it('an identity SES does not know: verification, DKIM and MAIL FROM say what to create', async () => {
    await start([]);
    const readiness = await checkReadiness(client, 'news@unknown.test', txt({}), fast);
    expect(readiness.ready).toBe(false);
    expect(item(readiness, 'identity_verified')).toMatchObject({ ok: false, status: 'fix' });
    expect(item(readiness, 'identity_verified').fix).toMatch(
      /Neither news@unknown\.test nor unknown\.test is an SES identity in eu-west-1/,
    );
    expect(item(readiness, 'dkim').fix).toMatch(/Easy DKIM/);
    expect(item(readiness, 'spf').fix).toBe('Publish a TXT record on unknown.test: v=spf1 include:amazonses.com ~all');
    expect(item(readiness, 'dmarc').fix).toMatch(/^Publish a TXT record at _dmarc\.unknown\.test: start with v=DMARC1; p=none/);
    expect(item(readiness, 'mail_from').fix).toMatch(/mail\.unknown\.test/);
  });

  it('a verified address on an unverified domain passes verification only', async () => {
    await start([{ name: 'me@personal.test', type: 'EMAIL_ADDRESS' }]);
    const readiness = await checkReadiness(client, 'me@personal.test', txt({}), fast);
    expect(item(readiness, 'identity_verified')).toMatchObject({ ok: true, detail: 'me@personal.test is verified in eu-west-1.' });
    expect(item(readiness, 'dkim').ok).toBe(false);
  });

  it('a pending domain and pending DKIM tell the user to publish the records (listed)', async () => {
    await start([
      {
        name: 'new.test',
        type: 'DOMAIN',
        verificationStatus: 'PENDING',
        dkim: { signingEnabled: true, status: 'PENDING', tokens: ['t1', 't2', 't3'] },
      },
    ]);
    const readiness = await checkReadiness(client, 'new.test', txt({}), fast);
    expect(item(readiness, 'identity_verified').fix).toMatch(/new\.test is not verified yet \(PENDING\)/);
    expect(item(readiness, 'dkim').fix).toMatch(/Publish the DKIM CNAME records/);
    expect(item(readiness, 'dkim').detail).toContain('t1._domainkey.new.test CNAME t1.dkim.amazonses.com');
    expect(server.requests).toHaveLength(1); // a domain: one GetEmailIdentity
  });

  it('DKIM verified but signing turned off, and failed DKIM, each get their fix', async () => {
    await start([
      { name: 'off.test', type: 'DOMAIN', dkim: { signingEnabled: false, status: 'SUCCESS' } },
      { name: 'failed.test', type: 'DOMAIN', dkim: { signingEnabled: true, status: 'FAILED' } },
    ]);
    expect(item(await checkReadiness(client, 'off.test', txt({}), fast), 'dkim').fix).toMatch(/signing is turned off/);
    expect(item(await checkReadiness(client, 'failed.test', txt({}), fast), 'dkim').fix).toMatch(
      /could not find the DKIM records of failed\.test \(FAILED\)/,
    );
  });

  it('SPF without amazonses.com, two SPF records, and a pending MAIL FROM', async () => {
    await start([{ ...ready, mailFrom: { domain: 'bounce.example.com', status: 'PENDING' } }]);
    const noSes = await checkReadiness(client, 'example.com', txt({ ...goodDns, 'bounce.example.com': [['v=spf1 mx -all']] }), fast);
    expect(item(noSes, 'spf')).toMatchObject({
      ok: false,
      fix: 'Add include:amazonses.com to the SPF record of bounce.example.com.',
      detail: 'v=spf1 mx -all',
    });
    expect(item(noSes, 'mail_from').fix).toMatch(
      /MAIL FROM bounce\.example\.com is PENDING: publish its MX record \(10 feedback-smtp\.eu-west-1\.amazonses\.com\)/,
    );
    const two = await checkReadiness(
      client,
      'example.com',
      txt({ ...goodDns, 'bounce.example.com': [['v=spf1 include:amazonses.com ~all'], ['v=spf1 mx ~all']] }),
      fast,
    );
    expect(item(two, 'spf').fix).toMatch(/has 2 SPF records/);
  });

  it('SPF split over several strings is joined before reading', async () => {
    await start([ready]);
    const readiness = await checkReadiness(
      client,
      'example.com',
      txt({ ...goodDns, 'mail.example.com': [['v=spf1 include:amazon', 'ses.com ~all']] }),
      fast,
    );
    expect(item(readiness, 'spf').ok).toBe(true);
  });

  it('without a custom MAIL FROM, SPF is read on the domain itself', async () => {
    await start([{ ...ready, mailFrom: undefined }]);
    const lookup = txt({ 'example.com': [['v=spf1 include:amazonses.com -all']], '_dmarc.example.com': [['v=DMARC1; p=none']] });
    const readiness = await checkReadiness(client, 'example.com', lookup, fast);
    expect(lookup.asked[0]).toBe('example.com');
    expect(item(readiness, 'spf').ok).toBe(true);
    expect(item(readiness, 'mail_from').ok).toBe(false);
    expect(item(readiness, 'dmarc')).toMatchObject({ ok: true });
    expect(item(readiness, 'dmarc').detail).toMatch(/p=none \(monitoring only/);
  });

  it('DMARC falls back to the organisational domain for a subdomain sender', async () => {
    await start([{ ...ready, name: 'news.example.co.uk', mailFrom: undefined }]);
    const lookup = txt({ 'news.example.co.uk': [['v=spf1 include:amazonses.com ~all']], '_dmarc.example.co.uk': [['v=DMARC1; p=reject']] });
    const readiness = await checkReadiness(client, 'hello@news.example.co.uk', lookup, fast);
    expect(lookup.asked).toEqual(['news.example.co.uk', '_dmarc.news.example.co.uk', '_dmarc.example.co.uk']);
    expect(item(readiness, 'dmarc')).toMatchObject({ ok: true, detail: '_dmarc.example.co.uk: p=reject.' });
  });

  it('a DMARC record without a valid policy must be fixed', async () => {
    await start([ready]);
    const readiness = await checkReadiness(
      client,
      'example.com',
      txt({ ...goodDns, '_dmarc.example.com': [['v=DMARC1; rua=mailto:x@example.com']] }),
      fast,
    );
    expect(item(readiness, 'dmarc').fix).toMatch(/no valid policy/);
  });

  it('DNS off or failing makes the DNS items unknown, not failed', async () => {
    await start([ready]);
    const off = await checkReadiness(client, 'example.com', null, fast);
    expect(item(off, 'spf')).toMatchObject({ ok: false, status: 'unknown', fix: 'Not checked: DNS look-ups are off for this check.' });
    expect(item(off, 'dmarc').status).toBe('unknown');
    expect(item(off, 'dkim').status).toBe('ok');
    const failing = await checkReadiness(
      client,
      'example.com',
      txt({ 'mail.example.com': 'SERVFAIL', '_dmarc.example.com': 'SERVFAIL' }),
      fast,
    );
    expect(item(failing, 'spf').fix).toMatch(/Could not look up the TXT records of mail\.example\.com \(ESERVFAIL\)/);
    expect(failing.ready).toBe(false);
  });

  it('refuses something that is neither an address nor a domain', async () => {
    await start([]);
    await expect(checkReadiness(client, 'news@', txt({}), fast)).rejects.toMatchObject({ code: 'bad_argument' });
  });

  it('an SES failure comes out as the one-sentence error', async () => {
    await start([ready]);
    server.injectFaults('AccessDenied', 1);
    await expect(checkReadiness(client, 'example.com', txt(goodDns), fast)).rejects.toMatchObject({
      kind: 'access_denied',
      message: expect.stringContaining('ses:GetEmailIdentity'),
    });
  });
});
