// SES Email Validation: GetEmailAddressInsights (SESv2, POST
// /v2/email/email-address-insights, body {"EmailAddress"}) asks SES whether one
// mailbox exists, without sending to it. Each call is billed, so every answer is
// checked before it is used: an answer that is not SES's shape (a verdict that is
// not LOW, MEDIUM or HIGH, a missing IsValid) is unusable, never read as a verdict.
//
// SES publishes no rate-limit headers and no separate quota for this action: the
// calls go through sesCall (the pace, backoff on TooManyRequestsException and
// 5xx, the error sentences), spread over a few clients so that a slow answer does
// not hold the others up while the total pace stays at SES's one per second.
import { GetEmailAddressInsightsCommand, type GetEmailAddressInsightsResponse, type SESv2Client } from '@aws-sdk/client-sesv2';
import { CONFIDENCES, MAILBOX_EVALUATIONS, type Confidence, type MailboxInsight } from '../../../shared/model/mailbox';
import { SES_MIN_INTERVAL_MS, sesCall, type SesCallOptions } from './call';
import { describeSesError, type SesUserError } from './errors';

export const INSIGHTS_ACTION = 'ses:GetEmailAddressInsights';

function confidenceOf(value: unknown): Confidence | null {
  if (typeof value !== 'object' || value === null) return null;
  const verdict = (value as { ConfidenceVerdict?: unknown }).ConfidenceVerdict;
  return typeof verdict === 'string' && (CONFIDENCES as readonly string[]).includes(verdict) ? (verdict as Confidence) : null;
}

/**
 * SES's answer as Preflight uses it, or null when it is not SES's shape: IsValid
 * must carry LOW, MEDIUM or HIGH, and each evaluation present must too (an
 * evaluation SES leaves out is simply not known).
 */
export function readInsightsResponse(response: GetEmailAddressInsightsResponse | unknown): MailboxInsight | null {
  if (typeof response !== 'object' || response === null) return null;
  const validation = (response as GetEmailAddressInsightsResponse).MailboxValidation as unknown;
  if (typeof validation !== 'object' || validation === null) return null;
  const verdict = confidenceOf((validation as { IsValid?: unknown }).IsValid);
  if (!verdict) return null;
  const raw = (validation as { Evaluations?: unknown }).Evaluations;
  const evaluations: MailboxInsight['evaluations'] = {};
  if (raw !== undefined) {
    if (typeof raw !== 'object' || raw === null) return null;
    for (const name of MAILBOX_EVALUATIONS) {
      const value = (raw as Record<string, unknown>)[name];
      if (value === undefined) continue;
      const confidence = confidenceOf(value);
      if (!confidence) return null;
      evaluations[name] = confidence;
    }
  }
  return { verdict, evaluations };
}

/** One address: SES's insight, or null when the answer was unusable. Failures are SesUserError sentences. */
export async function getMailboxInsight(
  client: SESv2Client,
  address: string,
  options: SesCallOptions = {},
): Promise<MailboxInsight | null> {
  const response = await sesCall(
    client,
    INSIGHTS_ACTION,
    (abortSignal) => client.send(new GetEmailAddressInsightsCommand({ EmailAddress: address }), { abortSignal }),
    options,
  );
  return readInsightsResponse(response);
}

export interface AskInsightsOptions {
  signal?: AbortSignal;
  /** Requests in flight at once (default 2); each client keeps concurrency × minIntervalMs between its own requests. */
  concurrency?: number;
  /** Least time between two requests overall (default 1000 ms: SES's pace for non-send actions). */
  minIntervalMs?: number;
  region?: string;
  profile?: string;
  /** Told of every answer as it arrives (the cache saves it at once, so a cancel loses nothing answered). */
  onAnswer?: (address: string, insight: MailboxInsight | null) => void;
}

export interface AskInsightsResult {
  answers: Map<string, MailboxInsight>;
  /** Addresses whose answer was not SES's shape. */
  unusable: string[];
  /** Addresses SES refused one by one (BadRequestException): not verified. */
  refused: string[];
  /** The failure that stopped the asking (access denied, throttling that outlasted the retries, no network…), if any. */
  failure: SesUserError | null;
  /** Addresses asked (billed), whatever the outcome. */
  asked: number;
}

/**
 * Asks SES about each address once, a few at a time. A refusal of one address
 * (BadRequestException) leaves that address unverified and goes on; any other
 * failure stops the asking and is returned, with what was answered before it.
 * A cancel throws (after onAnswer has seen every answer that arrived).
 */
export async function askMailboxInsights(
  clients: readonly SESv2Client[],
  addresses: readonly string[],
  options: AskInsightsOptions = {},
): Promise<AskInsightsResult> {
  const result: AskInsightsResult = { answers: new Map(), unusable: [], refused: [], failure: null, asked: 0 };
  const workers = Math.max(1, Math.min(clients.length, options.concurrency ?? 2, addresses.length));
  const gap = (options.minIntervalMs ?? SES_MIN_INTERVAL_MS) * workers;
  let next = 0;
  let cancelled: SesUserError | null = null;
  const work = async (client: SESv2Client) => {
    while (next < addresses.length && !result.failure && !cancelled) {
      const address = addresses[next++]!;
      result.asked++;
      try {
        const insight = await getMailboxInsight(client, address, { signal: options.signal, minIntervalMs: gap });
        if (insight) result.answers.set(address, insight);
        else result.unusable.push(address);
        options.onAnswer?.(address, insight);
      } catch (error) {
        const failure = describeSesError(error, { action: INSIGHTS_ACTION, region: options.region, profile: options.profile });
        if (failure.kind === 'cancelled') {
          result.asked--;
          cancelled = failure;
        } else if (failure.kind === 'bad_request') result.refused.push(address);
        else result.failure ??= failure;
      }
    }
  };
  await Promise.all(clients.slice(0, workers).map(work));
  if (cancelled) throw cancelled;
  return result;
}
