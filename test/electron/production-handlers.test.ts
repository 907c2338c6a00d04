// account:request-production through the real request path (schema, handler,
// error to sentence) against the local SESv2 endpoint with the real SDK: the
// app's confirm button sends exactly the previewed request once; the form is
// checked again in the main process; a review on record is never re-sent.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcResult, ProductionAccessSubmission, ProductionAccessSubmitted } from '../../shared/ipc/contract';
import { createHandlers } from '../../electron/main/handlers';
import { dispatchRequest } from '../../electron/main/ipc-dispatch';
import type { Logger } from '../../electron/main/log';
import { isolatedAwsEnv, productionAccount, sandboxAccount, startSesServer, type RunningSesServer } from '../support/ses-server';

let dir: string;
let server: RunningSesServer;
let handlers: ReturnType<typeof createHandlers> | undefined;
const log: Logger = { info: () => {}, warn: () => {}, error: () => {} };

const FORM: ProductionAccessSubmission['form'] = {
  mailType: 'MARKETING',
  websiteUrl: 'https://bikes.example.com',
  useCaseDescription: 'A monthly newsletter to customers who ticked the sign-up box at checkout; bounces and complaints are suppressed.',
  additionalContacts: ['ops@bikes.example.com'],
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-production-handlers-'));
  server = await startSesServer({ account: sandboxAccount(), rateLimit: null });
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir, { AWS_ENDPOINT_URL_SESV2: server.endpoint }))) vi.stubEnv(name, value);
});

afterEach(async () => {
  await handlers?.dispose();
  handlers = undefined;
  await server.stop();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

function submit(submission: unknown): Promise<IpcResult<ProductionAccessSubmitted>> {
  handlers ??= createHandlers({
    dialogs: { openList: async () => null, openSuppression: async () => null, chooseExportFolder: async () => null },
    shell: { openExternal: async () => {}, showFolder: async () => {} },
    emit: () => {},
    dataDir: join(dir, 'data'),
    engineWorkerPath: join(dir, 'no-worker-needed.cjs'),
    log,
  });
  return dispatchRequest(handlers.handlers, 'account:request-production', [submission], log) as Promise<
    IpcResult<ProductionAccessSubmitted>
  >;
}

const sent = () => server.requests.filter((request) => request.operation === 'PutAccountDetails');

describe('account:request-production', () => {
  it('the confirm button sends the request once, and answers with the PENDING review and its case id', async () => {
    const result = await submit({ region: 'eu-west-1', form: FORM });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(sent()).toHaveLength(1);
    expect(sent()[0]!.body).toEqual(result.value.sent);
    expect(result.value.sent).toEqual({
      MailType: 'MARKETING',
      WebsiteURL: 'https://bikes.example.com',
      ContactLanguage: 'EN',
      UseCaseDescription: FORM.useCaseDescription,
      AdditionalContactEmailAddresses: ['ops@bikes.example.com'],
      ProductionAccessEnabled: true,
    });
    expect(result.value.account).toMatchObject({
      region: 'eu-west-1',
      reviewStatus: 'PENDING',
      reviewCaseId: expect.stringMatching(/^\d+$/),
    });
    expect(result.value.advice).toContain('24–48 hours');
  });

  it('a form the renderer let through is checked again, with the CLI sentence, and nothing is sent', async () => {
    const result = await submit({ region: 'eu-west-1', form: { ...FORM, useCaseDescription: 'We send [[Say what your business is.]]' } });
    expect(result).toEqual({
      ok: false,
      message:
        'The use case still has a part to fill in ([[Say what your business is.]]): write it in your own words, then send the request.',
    });
    expect(server.requests).toEqual([]);
  });

  it('a review already PENDING is shown, not sent again', async () => {
    server.setState({ account: sandboxAccount({ reviewStatus: 'PENDING', reviewCaseId: '4242' }) });
    const result = await submit({ region: 'eu-west-1', form: FORM });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('already PENDING (case 4242)');
    expect(sent()).toHaveLength(0);
  });

  it('an account already in production gets the sentence instead', async () => {
    server.setState({ account: productionAccount() });
    expect(await submit({ region: 'eu-west-1', form: FORM })).toEqual({
      ok: false,
      message: 'The SES account already has production access in eu-west-1: there is nothing to request.',
    });
  });

  it('refuses a malformed request before any handler runs', async () => {
    const result = await submit({ region: 'eu-west-1', form: { ...FORM, mailType: 'NEWSLETTER' } });
    expect(result.ok).toBe(false);
    expect(server.requests).toEqual([]);
  });
});
