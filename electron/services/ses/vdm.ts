// The sender's own history per mailbox provider, from Virtual Deliverability
// Manager: BatchGetMetricData (namespace VDM) for SEND, PERMANENT_BOUNCE and
// COMPLAINT over the last 30 days, once with no dimension (the whole account)
// and once per ISP (dimension ISP). SES takes 1–10 queries per call and allows 16
// calls a second with 160 queries (SESv2 API reference, BatchGetMetricData), so
// the 18 queries are two calls, paced by sesCall like every other request.
//
// Numbers SES sends are checked before anything uses them: each query answered
// exactly once (in Results or in Errors), as many timestamps as values, every
// value a whole number ≥ 0, no more bounces or complaints than sends. A provider
// whose numbers fail is kept in the report, marked unverified with the reason,
// and never used; an answer of the wrong shape is refused whole (SesUserError).
import { BatchGetMetricDataCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import type { ProviderHistory } from '../../../shared/model/ses';
import { readAnswer } from './answers';
import { sesCall, type SesCallOptions } from './call';
import { redactCredentials } from './credential-redaction';

/**
 * The ISP dimension's values asked, and the provider each is in Preflight's terms
 * (shared/address/providers.ts). AWS documents the dimension only by example
 * ("Gmail, Yahoo, etc."): the other names are Preflight's reading of the VDM
 * dashboard and an assumption (docs/ses.md). A name SES does not know answers no
 * data points: it shows as nothing sent, never as a clean record.
 */
export const VDM_ISPS: readonly { isp: string; provider: string }[] = [
  { isp: 'Gmail', provider: 'gmail' },
  { isp: 'Yahoo', provider: 'yahoo' },
  { isp: 'Hotmail', provider: 'microsoft' },
  { isp: 'AOL', provider: 'aol' },
  { isp: 'iCloud', provider: 'apple' },
];

export const HISTORY_DAYS = 30;
const METRICS = ['SEND', 'PERMANENT_BOUNCE', 'COMPLAINT'] as const;
type Metric = (typeof METRICS)[number];
/** SES's most queries in one BatchGetMetricData. */
const QUERIES_PER_CALL = 10;
const DAY_MS = 86_400_000;

const validDate = z.date().refine((date) => !Number.isNaN(date.getTime()));

export const BATCH_GET_METRIC_DATA_ANSWER = z.object({
  Results: z
    .array(
      z.object({
        Id: z.string().max(255),
        Timestamps: z.array(validDate).max(10_000).optional(),
        Values: z.array(z.number()).max(10_000).optional(),
      }),
    )
    .max(QUERIES_PER_CALL)
    .optional(),
  Errors: z
    .array(z.object({ Id: z.string().max(255).optional(), Code: z.string().max(64).optional(), Message: z.string().max(2_000).optional() }))
    .max(QUERIES_PER_CALL)
    .optional(),
});

export interface ProviderHistoryRead {
  from: string;
  to: string;
  /** The whole account (no dimension). */
  total: ProviderHistory;
  /** One per VDM_ISPS entry, in that order. */
  providers: ProviderHistory[];
  /** Sentences for the warnings: what was not answered or failed a check. */
  problems: string[];
  /** The account's sends dated in the last RECENT_DAYS days, when its numbers are verified. */
  sendsLast14Days: number | null;
}

interface Counted {
  value: number | null;
  /** The part of value dated in the last RECENT_DAYS days of the window. */
  recent?: number;
  problem?: string;
}

/** The days the account projection's representative volume counts (shared/risk/projection.ts). */
export const RECENT_DAYS = 14;

interface Query {
  id: string;
  key: string;
  metric: Metric;
  isp?: string;
}

/** Sum of a metric's daily values, or why it cannot be used. */
function sumValues(result: { Timestamps?: Date[]; Values?: number[] }, metric: Metric, from: number, to: number): Counted {
  const values = result.Values ?? [];
  const timestamps = result.Timestamps ?? [];
  if (values.length !== timestamps.length)
    return { value: null, problem: `its ${metric} answer has ${timestamps.length} dates for ${values.length} values` };
  let sum = 0;
  let recent = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isSafeInteger(value) || value < 0)
      return { value: null, problem: `its ${metric} answer has a count that is not a whole number of 0 or more (${String(value)})` };
    const at = timestamps[i]!.getTime();
    if (at < from - DAY_MS || at > to)
      return {
        value: null,
        problem: `its ${metric} answer has a date outside the ${HISTORY_DAYS} days asked (${timestamps[i]!.toISOString()})`,
      };
    sum += value;
    if (at >= to - RECENT_DAYS * DAY_MS) recent += value;
  }
  return { value: sum, recent };
}

function history(isp: string, provider: string, counts: Record<Metric, Counted>): ProviderHistory {
  const problems = METRICS.map((metric) => counts[metric].problem).filter((problem): problem is string => problem !== undefined);
  const sent = counts.SEND.value ?? 0;
  const bounces = counts.PERMANENT_BOUNCE.value ?? 0;
  const complaints = counts.COMPLAINT.value ?? 0;
  if (problems.length === 0 && bounces > sent) problems.push(`it has more permanent bounces (${bounces}) than sends (${sent})`);
  if (problems.length === 0 && complaints > sent) problems.push(`it has more complaints (${complaints}) than sends (${sent})`);
  const verified = problems.length === 0;
  return {
    isp,
    provider,
    sent,
    bounces,
    complaints,
    // Numbers that failed a check make no rate (bounces over sends would make one above 100%).
    bounceRate: verified && sent > 0 ? bounces / sent : null,
    complaintRate: verified && sent > 0 ? complaints / sent : null,
    verified,
    ...(problems.length ? { problem: problems.join('; ') } : {}),
  };
}

/**
 * The account's and each provider's SEND, PERMANENT_BOUNCE and COMPLAINT over the
 * `days` days before `now`. Failures of the calls themselves are SesUserError
 * sentences; failures of single queries and of the sanity checks are in the
 * providers' `problem` and in `problems`.
 */
export async function readProviderHistory(
  client: SESv2Client,
  options: SesCallOptions & { now?: Date; days?: number } = {},
): Promise<ProviderHistoryRead> {
  const to = options.now ?? new Date();
  const from = new Date(to.getTime() - (options.days ?? HISTORY_DAYS) * DAY_MS);
  const groups = [{ key: 'all', isp: undefined as string | undefined }, ...VDM_ISPS.map((entry) => ({ key: entry.isp, isp: entry.isp }))];
  const queries: Query[] = [];
  groups.forEach((group, g) => {
    for (const metric of METRICS)
      queries.push({ id: `q${g}_${metric.toLowerCase()}`, key: group.key, metric, ...(group.isp ? { isp: group.isp } : {}) });
  });

  const answered = new Map<string, Counted>();
  for (let start = 0; start < queries.length; start += QUERIES_PER_CALL) {
    const batch = queries.slice(start, start + QUERIES_PER_CALL);
    const answer = await sesCall(
      client,
      'ses:BatchGetMetricData',
      async (abortSignal) =>
        readAnswer(
          BATCH_GET_METRIC_DATA_ANSWER,
          await client.send(
            new BatchGetMetricDataCommand({
              Queries: batch.map((query) => ({
                Id: query.id,
                Namespace: 'VDM',
                Metric: query.metric,
                StartDate: from,
                EndDate: to,
                ...(query.isp ? { Dimensions: { ISP: query.isp } } : {}),
              })),
            }),
            { abortSignal },
          ),
          'BatchGetMetricData',
        ),
      options,
    );
    const asked = new Map(batch.map((query) => [query.id, query]));
    const seen = new Set<string>();
    const once = (id: string | undefined): Query | null => {
      const query = id === undefined ? undefined : asked.get(id);
      if (!query) return null;
      if (seen.has(query.id)) {
        answered.set(query.id, { value: null, problem: `SES answered its ${query.metric} query twice` });
        return null;
      }
      seen.add(query.id);
      return query;
    };
    for (const result of answer.Results ?? []) {
      const query = once(result.Id);
      if (query) answered.set(query.id, sumValues(result, query.metric, from.getTime(), to.getTime()));
    }
    for (const error of answer.Errors ?? []) {
      const query = once(error.Id);
      if (!query) continue;
      const why = redactCredentials(`${error.Code ?? 'error'}${error.Message ? `: ${error.Message.slice(0, 200)}` : ''}`);
      answered.set(query.id, { value: null, problem: `SES did not give its ${query.metric} count (${why})` });
    }
  }

  const countsFor = (key: string): Record<Metric, Counted> => {
    const counts = {} as Record<Metric, Counted>;
    for (const metric of METRICS) {
      const query = queries.find((candidate) => candidate.key === key && candidate.metric === metric)!;
      counts[metric] = answered.get(query.id) ?? { value: null, problem: `SES did not answer its ${metric} query` };
    }
    return counts;
  };
  const totalCounts = countsFor('all');
  const total = history('all', 'all', totalCounts);
  const providers = VDM_ISPS.map((entry) => history(entry.isp, entry.provider, countsFor(entry.isp)));
  // The providers are part of the account: more sent to them than the account sent is not a reading to trust.
  const providerSends = providers.reduce((sum, provider) => sum + (provider.verified ? provider.sent : 0), 0);
  if (total.verified && providerSends > total.sent) {
    total.verified = false;
    total.bounceRate = null;
    total.complaintRate = null;
    total.problem = `the providers' sends (${providerSends}) add up to more than the account's (${total.sent})`;
  }
  const problems = [total, ...providers]
    .filter((entry) => !entry.verified)
    .map(
      (entry) =>
        `SES's ${HISTORY_DAYS}-day numbers for ${entry.isp === 'all' ? 'the whole account' : entry.isp} were not used: ${entry.problem}.`,
    );
  const sendsLast14Days = total.verified ? (totalCounts.SEND.recent ?? null) : null;
  return { from: from.toISOString(), to: to.toISOString(), total, providers, problems, sendsLast14Days };
}
