// The SES account's reputation metrics from CloudWatch: one GetMetricData call
// for AWS/SES Reputation.BounceRate and Reputation.ComplaintRate, hourly
// averages over the last 14 days. The newest hour is "now"; each UTC day's last
// hour is a point of the app's chart. The metrics are account-wide (no
// dimensions) and live in the region SES sends from.
//
// Nothing here is ever turned into a 0: a metric CloudWatch has no datapoint for
// (a new account has none until its first bounce or complaint) is null and said
// so; an answer that cannot be a rate (outside 0–1, not a number, timestamps that
// do not pair with values, the wrong query ids) is refused as unverified.
import { GetMetricDataCommand, type CloudWatchClient, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import type { ReportReputation, ReputationDay } from '../../../shared/model/reputation';
import { describeSesError, SesUserError } from './errors';

export const REPUTATION_NAMESPACE = 'AWS/SES';
export const BOUNCE_METRIC = 'Reputation.BounceRate';
export const COMPLAINT_METRIC = 'Reputation.ComplaintRate';
/** Days of history read for the chart. */
export const REPUTATION_DAYS = 14;
const HOUR_S = 3600;
const DAY_MS = 86_400_000;
/** Datapoints stamped further ahead than this are not CloudWatch's (clock skew allowed). */
const FUTURE_SLACK_MS = 2 * HOUR_S * 1000;

export interface ReadReputationOptions {
  region: string;
  profile?: string;
  signal?: AbortSignal;
  now?: () => Date;
}

interface MetricSeries {
  /** [epoch ms, value], newest first. */
  points: [number, number][];
}

/** Why an answer was not used, naming the part (never its value). */
class UntrustedAnswer extends Error {}

function series(results: MetricDataResult[] | undefined, id: string, metric: string, nowMs: number): MetricSeries {
  const matching = (results ?? []).filter((r) => r.Id === id);
  if (matching.length > 1) throw new UntrustedAnswer(`${metric} came back more than once`);
  const result = matching[0];
  if (!result) throw new UntrustedAnswer(`${metric} is missing from the answer`);
  const timestamps = result.Timestamps ?? [];
  const values = result.Values ?? [];
  if (!Array.isArray(timestamps) || !Array.isArray(values) || timestamps.length !== values.length) {
    throw new UntrustedAnswer(`${metric} has timestamps that do not pair with its values`);
  }
  if (result.StatusCode === 'Forbidden' || result.StatusCode === 'InternalError') {
    throw new UntrustedAnswer(`${metric} came back with status ${result.StatusCode}`);
  }
  const points: [number, number][] = [];
  for (let i = 0; i < values.length; i++) {
    const at = timestamps[i] instanceof Date ? timestamps[i]!.getTime() : NaN;
    const value = values[i];
    if (!Number.isFinite(at) || at > nowMs + FUTURE_SLACK_MS)
      throw new UntrustedAnswer(`${metric} has a timestamp that is not a past time`);
    if (typeof value !== 'number' || !(value >= 0 && value <= 1))
      throw new UntrustedAnswer(`${metric} has a value that is not a rate between 0 and 1`);
    points.push([at, value]);
  }
  points.sort((a, b) => b[0] - a[0]);
  return { points };
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The last REPUTATION_DAYS UTC days, oldest first, each with its last hourly value. */
function history(bounce: MetricSeries, complaint: MetricSeries, nowMs: number): ReputationDay[] {
  const days: ReputationDay[] = [];
  const index = new Map<string, ReputationDay>();
  for (let d = REPUTATION_DAYS - 1; d >= 0; d--) {
    const day = { day: dayOf(nowMs - d * DAY_MS), bounceRate: null, complaintRate: null } as ReputationDay;
    days.push(day);
    index.set(day.day, day);
  }
  // Points are newest first: the first seen for a day is its last hour.
  for (const [at, value] of bounce.points) {
    const day = index.get(dayOf(at));
    if (day && day.bounceRate === null) day.bounceRate = value;
  }
  for (const [at, value] of complaint.points) {
    const day = index.get(dayOf(at));
    if (day && day.complaintRate === null) day.complaintRate = value;
  }
  return days;
}

export function sourceOf(region: string): string {
  return `CloudWatch ${REPUTATION_NAMESPACE} in ${region}`;
}

/** The report's reputation when nothing could be read, with the sentence saying why. */
export function unreadReputation(region: string, status: 'denied' | 'failed' | 'not_asked' | 'unverified', note: string): ReportReputation {
  return { bounceRate: null, complaintRate: null, asOf: null, status, note, history: [], source: sourceOf(region) };
}

/**
 * One sentence for a failed GetMetricData, in CloudWatch's words rather than
 * SES's. Credential failures read the same for both services (the SES stage has
 * usually said them first).
 */
export function describeCloudWatchError(error: unknown, options: ReadReputationOptions): SesUserError {
  // CloudWatch's awsQuery code for throttling is plain "Throttling", which the SES wording does not know.
  const name = (error as { name?: unknown } | null)?.name;
  const described =
    name === 'Throttling' || name === 'ThrottlingException'
      ? new SesUserError('throttled', 'throttled', (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode)
      : describeSesError(error, { action: 'cloudwatch:GetMetricData', region: options.region, profile: options.profile });
  const region = options.region;
  const profile = options.profile ?? process.env.AWS_PROFILE ?? 'default';
  const sentence = (() => {
    switch (described.kind) {
      case 'access_denied':
        return `The account's bounce and complaint rates were not read: your AWS identity (profile '${profile}') may not call cloudwatch:GetMetricData in ${region} (add it to its IAM policy, docs/ses.md).`;
      case 'throttled':
        return `The account's bounce and complaint rates were not read: CloudWatch in ${region} kept refusing requests for going over its rate limit; try again in a minute.`;
      case 'answer_too_large':
      case 'answer_too_slow':
      case 'unreadable':
        return `The account's bounce and complaint rates were not read: CloudWatch's answer in ${region} was not one CloudWatch sends (check that nothing between Preflight and CloudWatch, a proxy or AWS_ENDPOINT_URL_CLOUDWATCH, changes its answers).`;
      case 'timeout':
      case 'network':
        return `The account's bounce and complaint rates were not read: CloudWatch in ${region} could not be reached; check your internet connection (or proxy and firewall).`;
      case 'service':
        return `The account's bounce and complaint rates were not read: CloudWatch in ${region} failed with an internal error several times in a row.`;
      case 'cancelled':
        return described.message;
      case 'no_region':
      case 'bad_region':
      case 'profile_not_found':
      case 'no_credentials':
      case 'credential_process':
      case 'sso_expired':
      case 'token_expired':
      case 'invalid_credentials':
      case 'region_not_enabled':
        return `The account's bounce and complaint rates were not read from CloudWatch: ${described.message}`;
      default: {
        // Never the endpoint's own message: it can quote the request back.
        const code = typeof name === 'string' && /^[A-Za-z][A-Za-z0-9.]{0,63}$/.test(name) && name !== 'Error' ? ` (${name})` : '';
        return `The account's bounce and complaint rates were not read: CloudWatch in ${region} refused the request${code}.`;
      }
    }
  })();
  return new SesUserError(described.kind, sentence, described.status);
}

/**
 * Reads the account's reputation metrics. Throws only a cancel; every other
 * failure comes back as a report with its status and sentence, so the check goes
 * on without the metrics.
 */
export async function readReputation(client: CloudWatchClient, options: ReadReputationOptions): Promise<ReportReputation> {
  const nowMs = (options.now?.() ?? new Date()).getTime();
  const end = new Date(Math.ceil(nowMs / (HOUR_S * 1000)) * HOUR_S * 1000);
  const start = new Date(end.getTime() - REPUTATION_DAYS * DAY_MS);
  const query = (id: string, metricName: string) => ({
    Id: id,
    MetricStat: { Metric: { Namespace: REPUTATION_NAMESPACE, MetricName: metricName }, Period: HOUR_S, Stat: 'Average' },
    ReturnData: true,
  });
  let results: MetricDataResult[] | undefined;
  try {
    const answer = await client.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: end,
        ScanBy: 'TimestampDescending',
        MetricDataQueries: [query('bounce', BOUNCE_METRIC), query('complaint', COMPLAINT_METRIC)],
      }),
      { abortSignal: options.signal },
    );
    results = answer.MetricDataResults;
  } catch (error) {
    const failure = describeCloudWatchError(error, options);
    if (failure.kind === 'cancelled') throw failure;
    return unreadReputation(options.region, failure.kind === 'access_denied' ? 'denied' : 'failed', failure.message);
  }

  let bounce: MetricSeries;
  let complaint: MetricSeries;
  try {
    if (results !== undefined && !Array.isArray(results)) throw new UntrustedAnswer('MetricDataResults is not a list');
    bounce = series(results, 'bounce', BOUNCE_METRIC, nowMs);
    complaint = series(results, 'complaint', COMPLAINT_METRIC, nowMs);
  } catch (error) {
    if (!(error instanceof UntrustedAnswer)) throw error;
    return unreadReputation(
      options.region,
      'unverified',
      `The account's bounce and complaint rates from CloudWatch in ${options.region} were not used: ${error.message}, which CloudWatch never sends.`,
    );
  }

  const latestBounce = bounce.points[0];
  const latestComplaint = complaint.points[0];
  const asOfMs = Math.max(latestBounce?.[0] ?? -Infinity, latestComplaint?.[0] ?? -Infinity);
  const base = { history: history(bounce, complaint, nowMs), source: sourceOf(options.region) };
  if (!latestBounce && !latestComplaint) {
    return {
      bounceRate: null,
      complaintRate: null,
      asOf: null,
      status: 'no_metrics',
      note: `No reputation metrics yet: CloudWatch has no ${BOUNCE_METRIC} or ${COMPLAINT_METRIC} for this account in ${options.region} in the last ${REPUTATION_DAYS} days (SES publishes them after the account's first bounce or complaint).`,
      ...base,
    };
  }
  const missing = !latestBounce ? BOUNCE_METRIC : !latestComplaint ? COMPLAINT_METRIC : null;
  return {
    bounceRate: latestBounce?.[1] ?? null,
    complaintRate: latestComplaint?.[1] ?? null,
    asOf: new Date(asOfMs).toISOString(),
    status: 'read',
    ...(missing
      ? {
          note: `No ${missing} yet: CloudWatch has none for this account in ${options.region} in the last ${REPUTATION_DAYS} days (SES publishes it after the account's first ${missing === BOUNCE_METRIC ? 'bounce' : 'complaint'}).`,
        }
      : {}),
    ...base,
  };
}
