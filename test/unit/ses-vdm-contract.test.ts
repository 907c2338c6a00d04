// The fake endpoint's Virtual Deliverability Manager operations (test/support/ses-vdm.ts)
// against the pinned @aws-sdk/client-sesv2: what the SDK sends (epoch-second dates,
// the filter map) and what its deserializer makes of the answers (Dates, numbers,
// Results and Errors, typed exceptions), so a fake that drifted fails here.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BadRequestException,
  BatchGetMetricDataCommand,
  GetAccountCommand,
  ListRecommendationsCommand,
  SESv2Client,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isolatedAwsEnv, productionAccount, startSesServer, type RunningSesServer } from '../support/ses-server';

let server: RunningSesServer;
let client: SESv2Client;

beforeEach(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'preflight-vdm-contract-'));
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
  server = await startSesServer({
    account: productionAccount({ vdmEnabled: true }),
    rateLimit: null,
    vdm: {
      byIsp: { Gmail: { SEND: 3000, PERMANENT_BOUNCE: 31, COMPLAINT: 2 }, Yahoo: { SEND: 1000, PERMANENT_BOUNCE: 40 } },
      errors: { 'Yahoo|COMPLAINT': 'ACCESS_DENIED' },
      recommendations: [
        {
          type: 'DKIM',
          impact: 'HIGH',
          resourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/example.com',
          description: 'DKIM fails.',
          createdAt: '2026-11-20T08:00:00Z',
        },
        {
          type: 'SPF',
          impact: 'LOW',
          resourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/example.com',
          description: 'SPF misses SES.',
          status: 'FIXED',
        },
      ],
    },
  });
  client = new SESv2Client({ region: 'eu-west-1', endpoint: server.endpoint, maxAttempts: 1 });
});

afterEach(async () => {
  client.destroy();
  await server.stop();
  vi.unstubAllEnvs();
});

const START = new Date('2026-11-07T00:00:00Z');
const END = new Date('2026-12-07T00:00:00Z');
const query = (id: string, metric: 'SEND' | 'PERMANENT_BOUNCE' | 'COMPLAINT', isp?: string) => ({
  Id: id,
  Namespace: 'VDM' as const,
  Metric: metric,
  StartDate: START,
  EndDate: END,
  ...(isp ? { Dimensions: { ISP: isp } } : {}),
});

describe('the fake SES endpoint speaks VDM as the pinned SDK does', () => {
  it('GetAccount carries VdmAttributes.VdmEnabled', async () => {
    expect((await client.send(new GetAccountCommand({}))).VdmAttributes?.VdmEnabled).toBe('ENABLED');
  });

  it('BatchGetMetricData: dates go out as epoch seconds, daily points come back as Dates and numbers, with Errors beside Results', async () => {
    const answer = await client.send(
      new BatchGetMetricDataCommand({
        Queries: [query('g_send', 'SEND', 'Gmail'), query('y_complaint', 'COMPLAINT', 'Yahoo'), query('all_send', 'SEND')],
      }),
    );
    const sent = server.requests.at(-1)!;
    expect(sent.path).toBe('/v2/email/metrics/batch');
    expect((sent.body as { Queries: { StartDate: unknown; Dimensions?: unknown }[] }).Queries[0]).toMatchObject({
      StartDate: START.getTime() / 1000,
      Dimensions: { ISP: 'Gmail' },
    });
    const gmail = answer.Results!.find((result) => result.Id === 'g_send')!;
    expect(gmail.Timestamps).toHaveLength(30);
    expect(gmail.Timestamps![0]).toBeInstanceOf(Date);
    expect(gmail.Timestamps![0]!.toISOString()).toBe('2026-11-07T00:00:00.000Z');
    expect(gmail.Values!.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(answer.Results!.find((result) => result.Id === 'all_send')!.Values!.reduce((a, b) => a + b, 0)).toBe(4000);
    expect(answer.Errors).toEqual([{ Id: 'y_complaint', Code: 'ACCESS_DENIED', Message: 'Access denied for metric COMPLAINT.' }]);
  });

  it('BatchGetMetricData refuses more than 10 queries in one call', async () => {
    const queries = Array.from({ length: 11 }, (_, i) => query(`q${i}`, 'SEND'));
    await expect(client.send(new BatchGetMetricDataCommand({ Queries: queries }))).rejects.toBeInstanceOf(BadRequestException);
  });

  it('throttling reaches the SDK as TooManyRequestsException', async () => {
    server.injectFaults('Throttling', 1, { operation: 'BatchGetMetricData' });
    await expect(client.send(new BatchGetMetricDataCommand({ Queries: [query('a', 'SEND')] }))).rejects.toBeInstanceOf(
      TooManyRequestsException,
    );
  });

  it('ListRecommendations filters by STATUS and pages with NextToken; timestamps are Dates', async () => {
    const open = await client.send(new ListRecommendationsCommand({ Filter: { STATUS: 'OPEN' } }));
    expect(open.Recommendations?.map((item) => item.Type)).toEqual(['DKIM']);
    expect(open.Recommendations?.[0]?.CreatedTimestamp?.toISOString()).toBe('2026-11-20T08:00:00.000Z');
    const first = await client.send(new ListRecommendationsCommand({ PageSize: 1 }));
    expect(first.NextToken).toBeTruthy();
    const second = await client.send(new ListRecommendationsCommand({ PageSize: 1, NextToken: first.NextToken }));
    expect(second.Recommendations?.map((item) => item.Type)).toEqual(['SPF']);
    expect(second.NextToken).toBeUndefined();
    await expect(client.send(new ListRecommendationsCommand({ PageSize: 101 }))).rejects.toBeInstanceOf(BadRequestException);
  });
});
