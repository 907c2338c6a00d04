// The account's reputation metrics through the real @aws-sdk/client-cloudwatch
// against a local endpoint speaking its protocol (test/support/cloudwatch-server.ts):
// the latest rates and 14 days of them, none yet (a new account), throttling the
// SDK retries, AccessDenied, and answers that cannot be rates.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cloudWatchEndpointRefusal, createCloudWatchClient } from '../../electron/services/ses/cloudwatch';
import { readReputation } from '../../electron/services/ses/reputation';
import { hourlyRates, startCloudWatchServer, type RunningCloudWatchServer } from '../support/cloudwatch-server';
import { isolatedAwsEnv } from '../support/ses-server';

let dir: string;
let server: RunningCloudWatchServer;
let client: CloudWatchClient;
const region = 'eu-west-1';
const now = new Date();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-reputation-'));
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
  server = await startCloudWatchServer();
  client = createCloudWatchClient({ region, endpoint: server.endpoint });
});

afterEach(async () => {
  client.destroy();
  await server.stop();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('reading the account reputation from CloudWatch', () => {
  it('gives the latest bounce and complaint rates and one point per day for the chart', async () => {
    // Bounce rate rising by 0.005% an hour towards 3.1% now; complaints flat at 0.04%.
    server.setState({
      metrics: {
        'Reputation.BounceRate': hourlyRates(now, 20 * 24, (h) => 0.031 - (h - 1) * 0.00005),
        'Reputation.ComplaintRate': hourlyRates(now, 20 * 24, () => 0.0004),
      },
    });
    const reputation = await readReputation(client, { region });
    expect(reputation.status).toBe('read');
    expect(reputation.bounceRate).toBeCloseTo(0.031, 10);
    expect(reputation.complaintRate).toBeCloseTo(0.0004, 10);
    expect(reputation.note).toBeUndefined();
    expect(Date.now() - Date.parse(reputation.asOf!)).toBeLessThan(2 * 3_600_000);
    expect(reputation.history).toHaveLength(14);
    expect(reputation.history.at(-1)!.day).toBe(now.toISOString().slice(0, 10));
    // Each day's point is its last hour: older days are lower.
    const bounces = reputation.history.map((d) => d.bounceRate!);
    for (let i = 1; i < bounces.length; i++) expect(bounces[i]!).toBeGreaterThan(bounces[i - 1]!);
    expect(reputation.source).toBe('CloudWatch AWS/SES in eu-west-1');

    // What was asked: the SES namespace, both metrics, hourly averages, signed for CloudWatch in the SES region.
    const request = server.requests[0]!;
    expect(request).toMatchObject({ operation: 'GetMetricData', region, status: 200, queryMode: true });
    const queries = request.body!['MetricDataQueries'] as {
      MetricStat: { Metric: { Namespace: string; MetricName: string }; Period: number; Stat: string };
    }[];
    expect(
      queries.map((q) => [q.MetricStat.Metric.Namespace, q.MetricStat.Metric.MetricName, q.MetricStat.Period, q.MetricStat.Stat]),
    ).toEqual([
      ['AWS/SES', 'Reputation.BounceRate', 3600, 'Average'],
      ['AWS/SES', 'Reputation.ComplaintRate', 3600, 'Average'],
    ]);
    const span = (request.body!['EndTime'] as number) - (request.body!['StartTime'] as number);
    expect(span).toBe(14 * 86_400);
  });

  it('says a new account has no reputation metrics yet, never a rate of 0', async () => {
    server.setState({ metrics: {} });
    const reputation = await readReputation(client, { region });
    expect(reputation).toMatchObject({ status: 'no_metrics', bounceRate: null, complaintRate: null, asOf: null });
    expect(reputation.note).toMatch(/^No reputation metrics yet/);
    expect(reputation.history.every((d) => d.bounceRate === null && d.complaintRate === null)).toBe(true);
  });

  it('says which metric is missing when the account has bounces but no complaint yet', async () => {
    server.setState({ metrics: { 'Reputation.BounceRate': hourlyRates(now, 48, () => 0.012) } });
    const reputation = await readReputation(client, { region });
    expect(reputation).toMatchObject({ status: 'read', bounceRate: 0.012, complaintRate: null });
    expect(reputation.note).toMatch(/No Reputation\.ComplaintRate yet.*first complaint/);
  });

  it('gets the rates when CloudWatch throttles twice: the SDK retries', async () => {
    server.setState({
      metrics: { 'Reputation.BounceRate': hourlyRates(now, 5, () => 0.02), 'Reputation.ComplaintRate': hourlyRates(now, 5, () => 0.0001) },
    });
    server.injectFaults('Throttling', 2);
    const reputation = await readReputation(client, { region });
    expect(reputation).toMatchObject({ status: 'read', bounceRate: 0.02, complaintRate: 0.0001 });
    expect(server.requests.map((r) => [r.status, r.attempt])).toEqual([
      [400, 'attempt=1; max=4'],
      [400, 'attempt=2; max=4'],
      [200, 'attempt=3; max=4'],
    ]);
  }, 60_000);

  it('reports throttling that outlasts the retries in one sentence, without rates', async () => {
    server.setState({ fault: 'Throttling' });
    const reputation = await readReputation(client, { region });
    expect(reputation).toMatchObject({ status: 'failed', bounceRate: null, complaintRate: null, history: [] });
    expect(reputation.note).toBe(
      "The account's bounce and complaint rates were not read: CloudWatch in eu-west-1 kept refusing requests for going over its rate limit; try again in a minute.",
    );
    expect(server.requests).toHaveLength(4);
  }, 60_000);

  it('names cloudwatch:GetMetricData when the identity may not call it, and asks once', async () => {
    server.setState({ fault: 'AccessDenied' });
    const reputation = await readReputation(client, { region });
    expect(reputation.status).toBe('denied');
    expect(reputation.note).toBe(
      "The account's bounce and complaint rates were not read: your AWS identity (profile 'default') may not call cloudwatch:GetMetricData in eu-west-1 (add it to its IAM policy, docs/ses.md).",
    );
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a rate outside 0–1 as unverified rather than showing it', async () => {
    server.setState({
      metrics: { 'Reputation.BounceRate': hourlyRates(now, 5, () => 3.1), 'Reputation.ComplaintRate': hourlyRates(now, 5, () => 0.0001) },
    });
    const reputation = await readReputation(client, { region });
    expect(reputation).toMatchObject({ status: 'unverified', bounceRate: null, complaintRate: null });
    expect(reputation.note).toMatch(/Reputation\.BounceRate has a value that is not a rate between 0 and 1/);
  });

  it('refuses an answer whose timestamps do not pair with its values', async () => {
    server.setState({
      metrics: { 'Reputation.BounceRate': hourlyRates(now, 5, () => 0.01), 'Reputation.ComplaintRate': hourlyRates(now, 5, () => 0.0001) },
      rewriteAnswer: (answer) => ({
        ...answer,
        MetricDataResults: answer.MetricDataResults.map((r) => ({ ...r, Values: (r['Values'] as number[]).slice(1) })),
      }),
    });
    const reputation = await readReputation(client, { region });
    expect(reputation.status).toBe('unverified');
    expect(reputation.note).toMatch(/timestamps that do not pair with its values/);
  });

  it('refuses an answer that leaves out a metric it was asked for', async () => {
    server.setState({
      metrics: { 'Reputation.BounceRate': hourlyRates(now, 5, () => 0.01) },
      rewriteAnswer: (answer) => ({ ...answer, MetricDataResults: answer.MetricDataResults.slice(0, 1) }),
    });
    const reputation = await readReputation(client, { region });
    expect(reputation.status).toBe('unverified');
    expect(reputation.note).toMatch(/Reputation\.ComplaintRate is missing from the answer/);
  });

  it('never shows credentials an endpoint quotes back', async () => {
    vi.stubEnv(
      'AWS_SESSION_TOKEN',
      'FQoGZXIvYXdzEXAMPLEsessionTOKENthatIsLongEnoughToLookReal0123456789abcdefghijABCDEFGHIJ0123456789xyzXYZ',
    );
    const echoing = createCloudWatchClient({ region, endpoint: server.endpoint, maxAttempts: 1 });
    server.setState({ fault: 'EchoCredentials' });
    try {
      const reputation = await readReputation(echoing, { region });
      expect(reputation.status).toBe('failed');
      expect(reputation.note).not.toContain('AKIAFAKEKEYFORTESTS00');
      expect(reputation.note).not.toContain('FQoGZXIvYXdzEXAMPLE');
    } finally {
      echoing.destroy();
    }
  });
});

describe('where CloudWatch is asked', () => {
  it('does not send the credentials to public CloudWatch when SES goes to another endpoint and CloudWatch has none', () => {
    expect(cloudWatchEndpointRefusal({ AWS_ENDPOINT_URL_SESV2: 'http://127.0.0.1:1' })).toMatch(/AWS_ENDPOINT_URL_CLOUDWATCH/);
    expect(
      cloudWatchEndpointRefusal({ AWS_ENDPOINT_URL_SESV2: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_CLOUDWATCH: 'http://127.0.0.1:2' }),
    ).toBeNull();
    expect(cloudWatchEndpointRefusal({})).toBeNull();
  });
});
