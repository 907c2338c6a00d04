// The bulk-sender rules' alignment: which DKIM signing domains and MAIL FROM
// domains count as aligned with the From domain (relaxed alignment, RFC 7489
// §3.1), the DKIM key SES signs a subdomain's mail with, and which plans warn.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bulkSenderPlanWarnings, bulkSenderReadiness, type BulkSenderFacts } from '../../shared/ses/bulk-sender';
import { createSesClient } from '../../electron/services/ses/client';
import { checkReadiness } from '../../electron/services/ses/readiness';
import { isolatedAwsEnv, productionAccount, startSesServer } from '../support/ses-server';

const met: BulkSenderFacts = {
  domain: 'news.bikeshop.co.uk',
  dkimSigningDomain: 'bikeshop.co.uk',
  mailFromDomain: 'mail.bikeshop.co.uk',
  spf: 'ok',
  dmarc: 'ok',
};
const status = (facts: BulkSenderFacts) =>
  Object.fromEntries(bulkSenderReadiness(facts).requirements.map((item) => [item.id, item.status]));

describe('bulkSenderReadiness', () => {
  it('a subdomain From aligns with DKIM and MAIL FROM under its organisational domain', () => {
    expect(bulkSenderReadiness(met).met).toBe(true);
    expect(status(met)).toEqual({ spf_aligned: 'ok', dkim_aligned: 'ok', dmarc_policy: 'ok', one_click_unsubscribe: 'reminder' });
  });

  it('a MAIL FROM or a DKIM domain under another organisation does not count as aligned', () => {
    expect(status({ ...met, mailFromDomain: 'bounce.mailer-host.com' }).spf_aligned).toBe('fix');
    expect(status({ ...met, dkimSigningDomain: 'co.uk' }).dkim_aligned).toBe('fix');
    expect(status({ ...met, dkimSigningDomain: null }).dkim_aligned).toBe('fix');
  });

  it('SPF or DMARC that DNS could not answer stays unknown, and the rules are not met', () => {
    const readiness = bulkSenderReadiness({ ...met, spf: 'unknown', dmarc: 'unknown' });
    expect(readiness.met).toBe(false);
    expect(status({ ...met, spf: 'unknown', dmarc: 'unknown' })).toMatchObject({ spf_aligned: 'unknown', dmarc_policy: 'unknown' });
  });
});

describe('bulkSenderPlanWarnings', () => {
  const day = (date: string, gmail: number, yahoo_aol = 0, microsoft = 0) => ({
    date,
    providers: { gmail, yahoo_aol, microsoft, other: 90_000 },
  });

  it('names the first day each provider reaches 5,000, and nothing for others', () => {
    const unmet = bulkSenderReadiness({ ...met, dmarc: 'fix' });
    const [warning] = bulkSenderPlanWarnings(
      [day('2026-12-07', 4_999, 100), day('2026-12-08', 5_000, 5_200), day('2026-12-09', 9_000, 0, 7_000)],
      unmet,
    );
    expect(warning).toContain('(Gmail 5,000 on 2026-12-08, Yahoo/AOL 5,200 on 2026-12-08, Microsoft 7,000 on 2026-12-09)');
    expect(bulkSenderPlanWarnings([day('2026-12-07', 4_999, 4_999, 4_999)], unmet)).toEqual([]);
  });

  it('stays quiet when every rule Preflight can check is met', () => {
    expect(bulkSenderPlanWarnings([day('2026-12-07', 50_000)], bulkSenderReadiness(met))).toEqual([]);
  });
});

describe('checkReadiness for a subdomain without its own identity', () => {
  let dir = '';
  afterEach(async () => {
    vi.unstubAllEnvs();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('counts the parent domain identity DKIM key as aligned', async () => {
    dir = await mkdtemp(join(tmpdir(), 'preflight-bulk-unit-'));
    for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
    const server = await startSesServer({
      account: productionAccount(),
      identities: [{ name: 'bikeshop.com', type: 'DOMAIN', dkim: { signingEnabled: true, status: 'SUCCESS' } }],
      rateLimit: null,
    });
    const client = createSesClient({ region: 'eu-west-1', endpoint: server.endpoint });
    try {
      const readiness = await checkReadiness(client, 'news@shop.bikeshop.com', null, { minIntervalMs: 0 });
      const dkim = readiness.bulkSender!.requirements.find((item) => item.id === 'dkim_aligned');
      expect(dkim?.status).toBe('ok');
      expect(server.requests.map((request) => request.path)).toContain('/v2/email/identities/bikeshop.com');
    } finally {
      client.destroy();
      await server.stop();
    }
  });
});
