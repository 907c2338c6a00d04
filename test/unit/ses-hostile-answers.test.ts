// Issue 13, item 10, at the service level, where the bounds can be made small:
// an answer trickled in one byte at a time is abandoned at the whole-request
// deadline (30 s by default; 2 s here), a listing that hands out a new page
// token forever stops at its page limit, and an identity answer with the wrong
// types is refused. The CLI paths are in test/cli/ses-hostile-endpoint.test.ts.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getAccountCard } from '../../electron/services/ses/account';
import { createSesClient } from '../../electron/services/ses/client';
import { SesUserError } from '../../electron/services/ses/errors';
import { checkReadiness } from '../../electron/services/ses/readiness';
import { syncSuppressionList } from '../../electron/services/ses/suppression';
import { generateSuppressed, isolatedAwsEnv, productionAccount, startSesServer, type RunningSesServer } from '../support/ses-server';

let dir: string;
let server: RunningSesServer;
const region = 'eu-west-1';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-hostile-answers-'));
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
  server = await startSesServer({
    account: productionAccount(),
    suppressed: generateSuppressed(50),
    rateLimit: null,
    trickleIntervalMs: 50,
  });
});

afterEach(async () => {
  await server.stop();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<SesUserError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SesUserError);
  return error as SesUserError;
}

describe('an answer trickled in one byte at a time', () => {
  it('the account card gives up at the whole-request deadline with a sentence, and does not ask again', async () => {
    // About 600 bytes at 20 a second: half a minute of answer, against a 2 s deadline.
    server.injectFaults('TrickleBody', 10);
    const error = await failure(getAccountCard({ region, endpoint: server.endpoint, cacheDir: dir, requestTimeoutMs: 2_000 }));
    expect(error.kind).toBe('answer_too_slow');
    expect(error.message).toMatch(/^SES in eu-west-1 was still sending its answer after 2 s: Preflight gave up on it\./);
    expect(server.requests).toHaveLength(1);
  });

  it('a suppression sync gives up on a trickled page and saves nothing', async () => {
    server.injectFaults('TrickleBody', 10, { operation: 'ListSuppressedDestinations' });
    const client = createSesClient({ region, endpoint: server.endpoint, requestTimeoutMs: 2_000 });
    try {
      const error = await failure(syncSuppressionList(client, { cacheDir: dir, region, accountKey: 'default', minIntervalMs: 0 }));
      expect(error.kind).toBe('answer_too_slow');
    } finally {
      client.destroy();
    }
    expect(await readdir(dir)).not.toContain('ses');
  });
});

describe('a listing that hands out a new page token every time', () => {
  it('stops at the page limit with a sentence, and saves nothing', async () => {
    server.setState({ hostilePaging: 'endless' });
    const client = createSesClient({ region, endpoint: server.endpoint });
    try {
      const error = await failure(
        syncSuppressionList(client, { cacheDir: dir, region, accountKey: 'default', minIntervalMs: 0, pageSize: 10, maxPages: 5 }),
      );
      expect(error.kind).toBe('endless_listing');
      expect(error.message).toMatch(
        /^SES in eu-west-1 was still sending ListSuppressedDestinations pages after 5, more than any account has: Preflight stopped/,
      );
    } finally {
      client.destroy();
    }
    expect(server.requests).toHaveLength(5);
    expect(await readdir(dir)).not.toContain('ses');
  });
});

describe('an identity answer with the wrong types', () => {
  it('readiness is refused as unreadable rather than reading DKIM tokens out of an object', async () => {
    server.setState({
      identities: [{ name: 'team-mail.com', type: 'DOMAIN' }],
      rewriteAnswer: {
        GetEmailIdentity: (answer) => ({ ...answer, DkimAttributes: { SigningEnabled: 'yes', Status: 'SUCCESS', Tokens: 'abc' } }),
      },
    });
    const client = createSesClient({ region, endpoint: server.endpoint });
    try {
      const error = await failure(checkReadiness(client, 'news@team-mail.com', null, { minIntervalMs: 0 }));
      expect(error.kind).toBe('unreadable');
      expect(error.message).toMatch(
        /^The answer from SES in eu-west-1 to GetEmailIdentity was unreadable \(DkimAttributes\.SigningEnabled is not what SES sends\)/,
      );
    } finally {
      client.destroy();
    }
  });
});
