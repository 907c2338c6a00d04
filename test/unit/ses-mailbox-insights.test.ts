// SES Email Validation through the real SDK against the local SES endpoint: what
// is asked, what is used, what is refused, and what is kept so it is never billed twice.
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { createSesClient } from '../../electron/services/ses/client';
import { askMailboxInsights, readInsightsResponse } from '../../electron/services/ses/mailbox-insights';
import { insightsCachePath, MailboxInsightCache } from '../../electron/services/ses/mailbox-cache';
import { isolatedAwsEnv, MISSING_MAILBOX, productionAccount, startSesServer, type RunningSesServer } from '../support/ses-server';

let dir: string;
let server: RunningSesServer;
let clients: SESv2Client[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-mailbox-'));
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
  server = await startSesServer({ account: productionAccount(), rateLimit: null });
  clients = [0, 1].map(() => createSesClient({ region: 'eu-west-1', endpoint: server.endpoint }));
});

afterEach(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const fast = { minIntervalMs: 5, region: 'eu-west-1' };

describe('an SES answer of the wrong shape is never read as a verdict', () => {
  it.each([
    ['no MailboxValidation', {}],
    ['no IsValid', { MailboxValidation: { Evaluations: {} } }],
    ['a verdict SES never gives', { MailboxValidation: { IsValid: { ConfidenceVerdict: 'PROBABLY' } } }],
    ['a lower-case verdict', { MailboxValidation: { IsValid: { ConfidenceVerdict: 'low' } } }],
    [
      'an evaluation of the wrong shape',
      { MailboxValidation: { IsValid: { ConfidenceVerdict: 'LOW' }, Evaluations: { MailboxExists: 'LOW' } } },
    ],
    ['evaluations that are not an object', { MailboxValidation: { IsValid: { ConfidenceVerdict: 'LOW' }, Evaluations: 'none' } }],
  ])('%s → unusable', (_, response) => {
    expect(readInsightsResponse(response)).toBeNull();
  });

  it('a whole answer is read with every evaluation it carries', () => {
    expect(
      readInsightsResponse({
        MailboxValidation: { IsValid: { ConfidenceVerdict: 'MEDIUM' }, Evaluations: { IsRoleAddress: { ConfidenceVerdict: 'HIGH' } } },
      }),
    ).toEqual({ verdict: 'MEDIUM', evaluations: { IsRoleAddress: 'HIGH' } });
  });
});

describe('askMailboxInsights', () => {
  it('asks SES about each address exactly once and reads every verdict', async () => {
    server.setState({ mailboxInsights: { 'gone@example.net': MISSING_MAILBOX } });
    const addresses = ['a@example.net', 'gone@example.net', 'b@example.net', 'c@example.net', 'd@example.net'];
    const result = await askMailboxInsights(clients, addresses, fast);
    expect(result.failure).toBeNull();
    expect(result.asked).toBe(5);
    expect(result.answers.get('gone@example.net')).toMatchObject({ verdict: 'LOW', evaluations: { MailboxExists: 'LOW' } });
    expect([...result.answers.values()].filter((a) => a.verdict === 'HIGH')).toHaveLength(4);
    const asked = server.requests
      .filter((r) => r.operation === 'GetEmailAddressInsights')
      .map((r) => (r.body as { EmailAddress: string }).EmailAddress);
    expect(asked.sort()).toEqual([...addresses].sort());
  });

  it('an unusable answer and a refused address stay unverified; the others are still asked', async () => {
    server.setState({ mailboxInsights: { 'weird@example.net': 'malformed', 'odd@example.net': 'refused' } });
    const result = await askMailboxInsights(clients, ['weird@example.net', 'odd@example.net', 'fine@example.net'], fast);
    expect(result.unusable).toEqual(['weird@example.net']);
    expect(result.refused).toEqual(['odd@example.net']);
    expect([...result.answers.keys()]).toEqual(['fine@example.net']);
    expect(result.failure).toBeNull();
  });

  it('rides out throttling (429) without losing or repeating an address', async () => {
    server.injectFaults('Throttling', 3, { operation: 'GetEmailAddressInsights' });
    const result = await askMailboxInsights(clients, ['a@example.net', 'b@example.net', 'c@example.net'], fast);
    expect(result.failure).toBeNull();
    expect(result.answers.size).toBe(3);
    expect(server.requests.filter((r) => r.status === 429)).toHaveLength(3);
    expect(server.requests.filter((r) => r.status === 200)).toHaveLength(3);
  });

  it('AccessDenied stops the asking with a sentence naming ses:GetEmailAddressInsights', async () => {
    server.injectFaults('AccessDenied', 100, { operation: 'GetEmailAddressInsights' });
    const result = await askMailboxInsights(clients, ['a@example.net', 'b@example.net', 'c@example.net', 'd@example.net'], fast);
    expect(result.answers.size).toBe(0);
    expect(result.failure?.kind).toBe('access_denied');
    expect(result.failure?.message).toContain('ses:GetEmailAddressInsights');
    // The two workers each saw the refusal once; nobody went on asking.
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });

  it('a cancel throws after reporting every answer that arrived', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const addresses = Array.from({ length: 20 }, (_, i) => `user${i}@example.net`);
    const asking = askMailboxInsights(clients.slice(0, 1), addresses, {
      ...fast,
      minIntervalMs: 20,
      signal: controller.signal,
      onAnswer: (address) => {
        seen.push(address);
        if (seen.length === 3) controller.abort();
      },
    });
    await expect(asking).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen).toEqual(addresses.slice(0, 3));
  });
});

describe('the saved answers', () => {
  const location = () => ({ cacheDir: dir, region: 'eu-west-1', accountKey: 'default' });
  const now = Date.parse('2026-12-07T12:00:00Z');

  it('keep each answer with its date, and give it back only while it is fresh (30 days)', async () => {
    const cache = await MailboxInsightCache.open(location());
    cache.put('Fresh@Example.net', { verdict: 'LOW', evaluations: { MailboxExists: 'LOW' } }, '2026-12-01T00:00:00Z');
    cache.put('old@example.net', { verdict: 'HIGH', evaluations: {} }, '2026-10-01T00:00:00Z');
    await cache.save();
    const reopened = await MailboxInsightCache.open(location());
    expect(reopened.fresh('fresh@example.net', now)).toEqual({
      verdict: 'LOW',
      evaluations: { MailboxExists: 'LOW' },
      at: '2026-12-01T00:00:00Z',
    });
    expect(reopened.fresh('old@example.net', now)).toBeUndefined();
    // The expired answer is not even kept on disk.
    expect(reopened.size).toBe(1);
  });

  it('drop answers past the maximum age when they save, so the file does not grow for ever', async () => {
    const cache = await MailboxInsightCache.open(location());
    cache.put('recent@example.net', { verdict: 'HIGH', evaluations: {} }, new Date(Date.now() - 86_400_000).toISOString());
    cache.put('expired@example.net', { verdict: 'LOW', evaluations: {} }, new Date(Date.now() - 40 * 86_400_000).toISOString());
    await cache.save();
    const reopened = await MailboxInsightCache.open(location());
    expect(reopened.size).toBe(1);
    expect(reopened.fresh('recent@example.net', Date.now())).toMatchObject({ verdict: 'HIGH' });
  });

  it.each([
    ['cut short', (text: string) => text.slice(0, text.length - 5)],
    ['an unknown verdict', (text: string) => text.replace('"LOW"', '"PROBABLY"')],
    ['another format', (text: string) => text.replace('preflight-ses-mailbox-insights', 'something-else')],
  ])('a damaged file (%s) is refused, never read as empty (which would bill every address again)', async (_, damage) => {
    const cache = await MailboxInsightCache.open(location());
    cache.put('a@example.net', { verdict: 'LOW', evaluations: {} }, '2026-12-01T00:00:00Z');
    await cache.save();
    const path = insightsCachePath(location());
    await writeFile(path, damage(await readFile(path, 'utf8')));
    await expect(MailboxInsightCache.open(location())).rejects.toMatchObject({ message: expect.stringContaining(`${path} are damaged`) });
  });

  it('a cache folder that is a file is said in one sentence naming it', async () => {
    await mkdir(join(dir, 'ses', 'default'), { recursive: true });
    await writeFile(join(dir, 'ses', 'default', 'eu-west-1'), 'not a folder');
    const cache = await MailboxInsightCache.open(location());
    cache.put('a@example.net', { verdict: 'HIGH', evaluations: {} }, '2026-12-01T00:00:00Z');
    await expect(cache.save()).rejects.toMatchObject({
      code: 'output_unwritable',
      message: expect.stringContaining(join(dir, 'ses', 'default', 'eu-west-1')),
    });
  });
});
