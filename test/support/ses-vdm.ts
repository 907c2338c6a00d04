// Virtual Deliverability Manager for the test SESv2 endpoint (ses-server.ts):
// BatchGetMetricData (POST /v2/email/metrics/batch) and ListRecommendations
// (POST /v2/email/vdm/recommendations), answered in the shapes the pinned
// @aws-sdk/client-sesv2 (3.1176.0) reads: REST-JSON, timestamps as epoch seconds
// (the SDK sends StartDate/EndDate that way too), Results with Id, Timestamps
// and Values, Errors with Id, Code (ACCESS_DENIED, INTERNAL_FAILURE) and Message;
// 1–10 queries per call and PageSize 1–100, refused as BadRequestException
// as the SESv2 API reference documents. Throttling and AccessDenied come from
// ses-server.ts's rate limit and faults, which apply to every operation.

export type FakeVdmMetric = 'SEND' | 'PERMANENT_BOUNCE' | 'COMPLAINT' | 'TRANSIENT_BOUNCE' | 'DELIVERY' | 'OPEN' | 'CLICK';

export interface FakeRecommendation {
  type: 'DKIM' | 'DMARC' | 'SPF' | 'BIMI' | 'COMPLAINT' | 'BOUNCE' | 'FEEDBACK_3P' | 'IP_LISTING';
  impact: 'HIGH' | 'LOW';
  status?: 'OPEN' | 'FIXED';
  resourceArn: string;
  description: string;
  createdAt?: string;
}

export interface FakeVdm {
  /**
   * The counts over the window asked, by ISP (the ISP dimension's value) and metric.
   * A query without an ISP dimension gets the sum over every ISP. An ISP not named has none.
   */
  byIsp?: Record<string, Partial<Record<FakeVdmMetric, number>>>;
  /** Queries that get an Errors entry instead of a result: `${isp}|${metric}`, or a metric for all ISPs. */
  errors?: Record<string, 'ACCESS_DENIED' | 'INTERNAL_FAILURE'>;
  recommendations?: FakeRecommendation[];
}

export class VdmRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

const METRICS = new Set([
  'SEND',
  'PERMANENT_BOUNCE',
  'COMPLAINT',
  'TRANSIENT_BOUNCE',
  'DELIVERY',
  'OPEN',
  'CLICK',
  'DELIVERY_OPEN',
  'DELIVERY_CLICK',
  'DELIVERY_COMPLAINT',
]);
const DIMENSIONS = new Set(['EMAIL_IDENTITY', 'CONFIGURATION_SET', 'ISP', 'TENANT_NAME']);
const DAY_S = 86_400;

const bad = (message: string) => new VdmRequestError(400, 'BadRequestException', message);

/** A count spread over the days of [start, end): one data point per day, oldest first, summing to the count. */
function daily(total: number, start: number, end: number): { timestamps: number[]; values: number[] } {
  const first = Math.floor(start / DAY_S) * DAY_S;
  const days = Math.max(1, Math.ceil((end - first) / DAY_S));
  const base = Math.floor(total / days);
  const extra = total - base * days;
  const timestamps = Array.from({ length: days }, (_, day) => first + day * DAY_S);
  const values = timestamps.map((_, day) => base + (day < extra ? 1 : 0));
  return { timestamps, values };
}

export function answerBatchGetMetricData(body: Record<string, unknown>, vdm: FakeVdm): unknown {
  const queries = body['Queries'];
  if (!Array.isArray(queries) || queries.length < 1 || queries.length > 10) throw bad('Queries must have between 1 and 10 members.');
  const results: unknown[] = [];
  const errors: unknown[] = [];
  for (const raw of queries as Record<string, unknown>[]) {
    const id = raw['Id'];
    if (typeof id !== 'string' || id.length < 1 || id.length > 255) throw bad('Invalid query Id.');
    if (raw['Namespace'] !== 'VDM') throw bad(`Invalid Namespace: ${String(raw['Namespace'])}. Valid values: VDM.`);
    const metric = raw['Metric'];
    if (typeof metric !== 'string' || !METRICS.has(metric)) throw bad(`Invalid Metric: ${String(metric)}.`);
    const start = raw['StartDate'];
    const end = raw['EndDate'];
    // Epoch seconds, as the SDK serialises a Date for this REST-JSON body.
    if (typeof start !== 'number' || typeof end !== 'number' || !(end > start))
      throw bad('StartDate and EndDate must be epoch seconds, StartDate before EndDate.');
    const dimensions = (raw['Dimensions'] ?? {}) as Record<string, unknown>;
    const keys = Object.keys(dimensions);
    if (keys.length > 3 || keys.some((key) => !DIMENSIONS.has(key) || typeof dimensions[key] !== 'string'))
      throw bad('Invalid Dimensions.');
    const isp = dimensions['ISP'] as string | undefined;
    const failure = vdm.errors?.[isp ? `${isp}|${metric}` : metric];
    if (failure) {
      errors.push({
        Id: id,
        Code: failure,
        Message: failure === 'ACCESS_DENIED' ? `Access denied for metric ${metric}.` : 'Internal failure.',
      });
      continue;
    }
    const byIsp = vdm.byIsp ?? {};
    const total = isp
      ? (byIsp[isp]?.[metric as FakeVdmMetric] ?? 0)
      : Object.values(byIsp).reduce((sum, counts) => sum + (counts[metric as FakeVdmMetric] ?? 0), 0);
    const { timestamps, values } = daily(total, start, end);
    results.push({ Id: id, Timestamps: timestamps, Values: values });
  }
  return { Results: results, Errors: errors };
}

export interface Paging {
  page<T>(items: T[], offset: number, size: number, listing: string): { items: T[]; next?: string };
  readToken(token: unknown, listing: string): number;
}

export function answerListRecommendations(body: Record<string, unknown>, vdm: FakeVdm, paging: Paging): unknown {
  const filter = (body['Filter'] ?? {}) as Record<string, unknown>;
  const keys = Object.keys(filter);
  if (keys.length > 2 || keys.some((key) => !['TYPE', 'IMPACT', 'STATUS', 'RESOURCE_ARN'].includes(key))) throw bad('Invalid Filter.');
  const rawSize = body['PageSize'];
  const size = rawSize === undefined ? 100 : Number(rawSize);
  if (!Number.isInteger(size) || size < 1 || size > 100) throw bad('PageSize must be between 1 and 100.');
  const matching = (vdm.recommendations ?? []).filter(
    (item) =>
      (filter['STATUS'] === undefined || (item.status ?? 'OPEN') === filter['STATUS']) &&
      (filter['IMPACT'] === undefined || item.impact === filter['IMPACT']) &&
      (filter['TYPE'] === undefined || item.type === filter['TYPE']) &&
      (filter['RESOURCE_ARN'] === undefined || item.resourceArn === filter['RESOURCE_ARN']),
  );
  const listing = `recommendations|${JSON.stringify(filter)}`;
  const { items, next } = paging.page(matching, paging.readToken(body['NextToken'], listing), size, listing);
  const at = (iso: string | undefined) => Date.parse(iso ?? '2026-11-01T00:00:00Z') / 1000;
  return {
    Recommendations: items.map((item) => ({
      ResourceArn: item.resourceArn,
      Type: item.type,
      Description: item.description,
      Status: item.status ?? 'OPEN',
      CreatedTimestamp: at(item.createdAt),
      LastUpdatedTimestamp: at(item.createdAt),
      Impact: item.impact,
    })),
    ...(next ? { NextToken: next } : {}),
  };
}
