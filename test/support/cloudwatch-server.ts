// A small CloudWatch endpoint for tests, answering GetMetricData the way the
// pinned @aws-sdk/client-cloudwatch (3.1164.0) expects, read from its dist-cjs
// and @aws-sdk/core's AwsJson1_0Protocol: the client speaks AWS JSON 1.0 in
// awsQuery-compatible mode, so a request is
//   POST /  Content-Type: application/x-amz-json-1.0
//           X-Amz-Target: GraniteServiceVersion20100801.GetMetricData
//           x-amzn-query-mode: true
// with StartTime/EndTime as epoch seconds, and an answer is JSON with
// Timestamps as epoch seconds. An error carries its awsQuery code and fault in
// the `x-amzn-query-error: Code;Sender` header (the deserializer reads the code
// from there before `__type`) with a JSON body {"__type", "message"}:
// AccessDenied (403) and Throttling (400, which the SDK's standard retries
// retry by its name).
//
// Datapoints are kept raw and aggregated per request into the asked Period
// (epoch-aligned buckets) with the asked Stat, as CloudWatch does. The region
// comes from the SigV4 credential scope, which must name the `monitoring`
// service. Signatures are never checked and no header value is kept.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeDatapoint {
  at: Date | number;
  value: number;
}

export type CloudWatchFault = 'AccessDenied' | 'Throttling' | 'InternalFailure' | 'EchoCredentials';

export interface FakeCloudWatchState {
  /** Raw datapoints by metric name, in namespace AWS/SES with no dimensions. */
  metrics?: Record<string, FakeDatapoint[]>;
  /** Every request gets this fault. */
  fault?: CloudWatchFault;
  /** Rewrites a GetMetricData answer before it is sent (values out of range, wrong shapes). */
  rewriteAnswer?: (answer: { MetricDataResults: Record<string, unknown>[]; Messages: unknown[] }) => unknown;
}

export interface RecordedCloudWatchRequest {
  operation: string;
  region: string | null;
  status: number;
  /** The parsed JSON body. */
  body?: Record<string, unknown>;
  /** The amz-sdk-request header ("attempt=2; max=4"): shows the SDK's retries. */
  attempt: string | null;
  /** x-amzn-query-mode was "true". */
  queryMode: boolean;
}

export interface RunningCloudWatchServer {
  endpoint: string;
  requests: RecordedCloudWatchRequest[];
  setState(patch: Partial<FakeCloudWatchState>): void;
  /** The next `count` requests fail with `fault`. */
  injectFaults(fault: CloudWatchFault, count: number): void;
  stop(): Promise<void>;
}

const TARGET_PREFIX = 'GraniteServiceVersion20100801.';
const STATS = new Set(['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount']);

class Failure extends Error {
  constructor(
    readonly status: number,
    /** The awsQuery code (x-amzn-query-error). */
    readonly code: string,
    readonly type: string,
    message: string,
    readonly fault: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

function faultFailure(fault: CloudWatchFault, req: IncomingMessage): Failure {
  switch (fault) {
    case 'AccessDenied':
      return new Failure(
        403,
        'AccessDenied',
        'com.amazon.coral.service#AccessDeniedException',
        'User: arn:aws:iam::123456789012:user/preflight-test is not authorized to perform: cloudwatch:GetMetricData because no identity-based policy allows the cloudwatch:GetMetricData action',
      );
    case 'Throttling':
      return new Failure(400, 'Throttling', 'com.amazon.coral.availability#ThrottlingException', 'Rate exceeded');
    case 'InternalFailure':
      return new Failure(
        500,
        'InternalServiceError',
        'com.amazonaws.cloudwatch#InternalServiceFault',
        'Internal service error',
        'Receiver',
      );
    case 'EchoCredentials':
      // A hostile endpoint quoting the request's Authorization header and session token back.
      return new Failure(
        400,
        'IncompleteSignature',
        'com.amazon.coral.service#IncompleteSignatureException',
        `Authorization=${String(req.headers['authorization'] ?? '')} token=${String(req.headers['x-amz-security-token'] ?? '')}`,
      );
  }
}

function epochMs(at: Date | number): number {
  return at instanceof Date ? at.getTime() : at;
}

function aggregate(values: number[], stat: string): number {
  switch (stat) {
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
    case 'SampleCount':
      return values.length;
    default:
      return values.reduce((a, b) => a + b, 0) / values.length;
  }
}

function getMetricData(body: Record<string, unknown>, state: FakeCloudWatchState) {
  const queries = body['MetricDataQueries'];
  if (!Array.isArray(queries) || queries.length < 1 || queries.length > 500) {
    throw new Failure(
      400,
      'InvalidParameterValue',
      'com.amazonaws.cloudwatch#InvalidParameterValueException',
      'MetricDataQueries must hold 1 to 500 queries.',
    );
  }
  const start = body['StartTime'];
  const end = body['EndTime'];
  if (typeof start !== 'number' || typeof end !== 'number' || !(start < end)) {
    throw new Failure(
      400,
      'InvalidParameterValue',
      'com.amazonaws.cloudwatch#InvalidParameterValueException',
      'The parameter StartTime must be less than the parameter EndTime.',
    );
  }
  const descending = (body['ScanBy'] ?? 'TimestampDescending') === 'TimestampDescending';
  const results = queries.map((raw: unknown) => {
    const query = raw as {
      Id?: unknown;
      MetricStat?: { Metric?: { Namespace?: unknown; MetricName?: unknown; Dimensions?: unknown[] }; Period?: unknown; Stat?: unknown };
    };
    if (typeof query.Id !== 'string' || !/^[a-z][a-zA-Z0-9_]*$/.test(query.Id)) {
      throw new Failure(
        400,
        'ValidationError',
        'com.amazonaws.cloudwatch#ValidationError',
        'The value for Id must start with a lowercase letter.',
      );
    }
    const stat = query.MetricStat;
    const period = stat?.Period;
    if (
      !stat?.Metric ||
      typeof period !== 'number' ||
      period < 60 ||
      period % 60 !== 0 ||
      typeof stat.Stat !== 'string' ||
      !STATS.has(stat.Stat)
    ) {
      throw new Failure(
        400,
        'InvalidParameterValue',
        'com.amazonaws.cloudwatch#InvalidParameterValueException',
        `The query ${query.Id} needs a Metric, a Period (a multiple of 60) and a Stat.`,
      );
    }
    const name = String(stat.Metric.MetricName);
    // SES's reputation metrics are account-wide: a query with dimensions finds nothing.
    const raw_ = stat.Metric.Namespace === 'AWS/SES' && !stat.Metric.Dimensions?.length ? (state.metrics?.[name] ?? []) : [];
    const buckets = new Map<number, number[]>();
    for (const point of raw_) {
      const seconds = epochMs(point.at) / 1000;
      if (seconds < start || seconds >= end) continue;
      const bucket = Math.floor(seconds / period) * period;
      buckets.set(bucket, [...(buckets.get(bucket) ?? []), point.value]);
    }
    const stamps = [...buckets.keys()].sort((a, b) => (descending ? b - a : a - b));
    return {
      Id: query.Id,
      Label: name,
      Timestamps: stamps,
      Values: stamps.map((t) => aggregate(buckets.get(t)!, String(stat.Stat))),
      StatusCode: 'Complete',
    };
  });
  return { MetricDataResults: results, Messages: [] as unknown[] };
}

export async function startCloudWatchServer(initial: FakeCloudWatchState = {}): Promise<RunningCloudWatchServer> {
  let state: FakeCloudWatchState = { ...initial };
  const requests: RecordedCloudWatchRequest[] = [];
  const injected: CloudWatchFault[] = [];
  const sockets = new Set<Socket>();

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': 'test-request',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target || 'unknown';
      const authorization = String(req.headers['authorization'] ?? '');
      const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(authorization);
      const record: RecordedCloudWatchRequest = {
        operation,
        region: scope?.[1] ?? null,
        status: 200,
        attempt: (req.headers['amz-sdk-request'] as string | undefined) ?? null,
        queryMode: req.headers['x-amzn-query-mode'] === 'true',
      };
      requests.push(record);
      try {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        } catch {
          throw new Failure(400, 'SerializationException', 'com.amazon.coral.service#SerializationException', 'The body is not JSON.');
        }
        record.body = body;
        if (req.method !== 'POST' || req.url !== '/')
          throw new Failure(404, 'UnknownOperation', 'com.amazon.coral.service#UnknownOperationException', 'Not found.');
        if (req.headers['content-type'] !== 'application/x-amz-json-1.0') {
          throw new Failure(
            400,
            'SerializationException',
            'com.amazon.coral.service#SerializationException',
            'Expected application/x-amz-json-1.0.',
          );
        }
        if (!scope)
          throw new Failure(
            403,
            'MissingAuthenticationToken',
            'com.amazon.coral.service#MissingAuthenticationTokenException',
            'Missing Authentication Token',
          );
        if (scope[2] !== 'monitoring')
          throw new Failure(
            403,
            'InvalidSignatureException',
            'com.amazon.coral.service#InvalidSignatureException',
            `Credential should be scoped to correct service: 'monitoring'.`,
          );
        const fault = injected.shift() ?? state.fault;
        if (fault) throw faultFailure(fault, req);
        if (operation !== 'GetMetricData')
          throw new Failure(400, 'UnknownOperation', 'com.amazon.coral.service#UnknownOperationException', `Unsupported: ${operation}`);
        const answer = getMetricData(body, state);
        send(res, 200, state.rewriteAnswer ? state.rewriteAnswer(answer) : answer);
      } catch (error) {
        if (!(error instanceof Failure)) throw error;
        record.status = error.status;
        send(res, error.status, { __type: error.type, message: error.message }, { 'x-amzn-query-error': `${error.code};${error.fault}` });
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    setState(patch) {
      state = { ...state, ...patch };
    },
    injectFaults(fault, count) {
      for (let i = 0; i < count; i++) injected.push(fault);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Hourly datapoints of one rate for the last `hours` hours before `now`, newest = `latest`. */
export function hourlyRates(now: Date, hours: number, rate: (hoursAgo: number) => number): FakeDatapoint[] {
  const points: FakeDatapoint[] = [];
  for (let h = 1; h <= hours; h++) points.push({ at: now.getTime() - h * 3_600_000 + 60_000, value: rate(h) });
  return points;
}
