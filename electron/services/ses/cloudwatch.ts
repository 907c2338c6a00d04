// The CloudWatch client that reads SES's reputation metrics: the same
// credential chain, profile and region as the SES client (./client.ts), the same
// bounded HTTP handler (a deadline for the whole answer, a cap on its size) and
// the same credential redaction. The pinned client (3.1164.0) speaks AWS JSON 1.0
// in awsQuery-compatible mode: POST / with X-Amz-Target
// GraniteServiceVersion20100801.<Operation> and x-amzn-query-mode: true; errors
// carry their awsQuery code in the x-amzn-query-error header (docs/ses.md).
//
// Unlike the SES client, this one keeps the SDK's own retries (standard mode, 4
// attempts): Preflight makes one GetMetricData call per check, far under
// CloudWatch's 50 requests per second, so there is no pace to keep.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Agent as HttpAgent } from 'node:http';
import { boundedHttpHandler } from './bounded-http-handler';
import { rememberResolvedCredentials } from './credential-redaction';
import { describeSesError, isWellFormedRegion } from './errors';

/**
 * Largest GetMetricData answer read. Two metrics × 14 days of hourly points is
 * 672 values, about 25 KB of JSON; 1 MiB is forty times that.
 */
export const MAX_CLOUDWATCH_ANSWER_BYTES = 1024 * 1024;

export interface CloudWatchClientOptions {
  profile?: string;
  /** The SES region: the reputation metrics live in the region the account sends from. */
  region: string;
  /** Another CloudWatch endpoint; default AWS_ENDPOINT_URL_CLOUDWATCH, AWS_ENDPOINT_URL, else AWS. */
  endpoint?: string;
  /** Attempts, the first included (default 4: the SDK retries throttling and transient faults 3 times). */
  maxAttempts?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  maxAnswerBytes?: number;
  httpAgent?: HttpAgent;
}

export function createCloudWatchClient(options: CloudWatchClientOptions): CloudWatchClient {
  if (!isWellFormedRegion(options.region))
    throw describeSesError(new Error('Invalid region'), { region: options.region, profile: options.profile });
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new CloudWatchClient({
    ...(options.profile ? { profile: options.profile } : {}),
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: options.maxAttempts ?? 4,
    requestHandler: boundedHttpHandler(options, MAX_CLOUDWATCH_ANSWER_BYTES),
  });
  rememberResolvedCredentials(client.config);
  return client;
}

/**
 * Whether CloudWatch may be asked, given where SES goes. When SES is pointed at
 * another endpoint (AWS_ENDPOINT_URL_SESV2, a private or test endpoint) and
 * CloudWatch is not, Preflight does not send the same credentials to AWS's
 * public CloudWatch: it says so and goes on without the reputation metrics.
 */
export function cloudWatchEndpointRefusal(env: NodeJS.ProcessEnv, sesEndpoint?: string): string | null {
  const cloudWatchSet = Boolean(env.AWS_ENDPOINT_URL_CLOUDWATCH?.trim() || env.AWS_ENDPOINT_URL?.trim());
  const sesSet = Boolean(sesEndpoint || env.AWS_ENDPOINT_URL_SESV2?.trim());
  if (sesSet && !cloudWatchSet) {
    return 'The reputation metrics were not read: SES goes to another endpoint (AWS_ENDPOINT_URL_SESV2) and CloudWatch has none (set AWS_ENDPOINT_URL_CLOUDWATCH).';
  }
  return null;
}
