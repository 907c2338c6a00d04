// Every SES request Preflight makes goes through sesCall: one request at a time
// per client, spaced to SES's pace for non-send actions (about one request per
// second per account and region, SES quotas page; docs/sources.md), with
// exponential backoff on throttling and a couple of retries on transient faults.
// The SDK's own retries are off (createSesClient sets maxAttempts 1) so the two
// layers never multiply attempts or ignore the pace.
import { performance } from 'node:perf_hooks';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { clientProfile, profileSource } from './client';
import { describeSesError, refineCredentialError, SesUserError } from './errors';

/** SES allows about one non-send request per second: the default spacing. */
export const SES_MIN_INTERVAL_MS = 1_000;

export interface SesCallOptions {
  signal?: AbortSignal;
  /** Least time between the end of one request and the start of the next (default 1000 ms). */
  minIntervalMs?: number;
  /** Retries after TooManyRequestsException (default 6: waits of about 1, 2, 4, 8, 16, 30 s at the default pace). */
  throttleRetries?: number;
  /** Retries after a 5xx, a reset connection or a time-out (default 2). */
  transientRetries?: number;
  /** Told before each retry (for progress lines). */
  onRetry?: (retry: { attempt: number; delayMs: number; reason: 'throttled' | 'transient' }) => void;
}

const MAX_BACKOFF_MS = 30_000;

/** Serialises one client's requests and keeps the gap between them. */
class Pacer {
  private tail: Promise<void> = Promise.resolve();
  private lastEnd = -Infinity;

  async run<T>(gapMs: number, signal: AbortSignal | undefined, request: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolveTail) => (release = resolveTail));
    try {
      await previous;
      await sleepUntil(this.lastEnd + gapMs, signal);
      return await request();
    } finally {
      // Measured from the end of the answer: the next request then reaches SES
      // at least gapMs after this one did, whatever the network latency.
      this.lastEnd = performance.now();
      release();
    }
  }
}

const pacers = new WeakMap<SESv2Client, Pacer>();

function pacerFor(client: SESv2Client): Pacer {
  let pacer = pacers.get(client);
  if (!pacer) pacers.set(client, (pacer = new Pacer()));
  return pacer;
}

function abortError(): Error {
  return Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
}

/** Sleeps until performance.now() ≥ target (timers may fire a millisecond early: loop). */
async function sleepUntil(target: number, signal?: AbortSignal): Promise<void> {
  for (;;) {
    if (signal?.aborted) throw abortError();
    const left = target - performance.now();
    if (left <= 0) return;
    await new Promise<void>((resolveSleep, rejectSleep) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolveSleep();
      }, Math.ceil(left));
      const onAbort = () => {
        clearTimeout(timer);
        rejectSleep(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

interface FailureLike {
  name?: string;
  code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
}

function classify(error: unknown): 'throttled' | 'transient' | 'final' {
  const e = (typeof error === 'object' && error !== null ? error : {}) as FailureLike;
  const status = e.$metadata?.httpStatusCode;
  if (e.name === 'TooManyRequestsException' || e.name === 'ThrottlingException' || status === 429) return 'throttled';
  if (e.name === 'AbortError') return 'final';
  // The endpoint answered, absurdly: asking again would only get the same.
  if (e.name === 'AnswerTooLargeError' || e.name === 'AnswerTooSlowError' || e.name === 'UnreadableAnswerError') return 'final';
  if ((status !== undefined && status >= 500) || e.$fault === 'server') return 'transient';
  if (e.name === 'TimeoutError' || e.code === 'ECONNRESET' || e.code === 'EPIPE' || e.code === 'ETIMEDOUT') return 'transient';
  // No credentials, access denied, unknown host, refused connection: retrying will not help.
  return 'final';
}

/**
 * Runs one SES request, paced and retried. `action` is the IAM action
 * ('ses:GetAccount'), named in the error sentence when access is denied.
 * Failures come out as SesUserError (one sentence, a kind).
 */
export async function sesCall<T>(
  client: SESv2Client,
  action: string,
  request: (abortSignal?: AbortSignal) => Promise<T>,
  options: SesCallOptions = {},
): Promise<T> {
  const minInterval = options.minIntervalMs ?? SES_MIN_INTERVAL_MS;
  const throttleRetries = options.throttleRetries ?? 6;
  const transientRetries = options.transientRetries ?? 2;
  const pacer = pacerFor(client);
  let throttled = 0;
  let transient = 0;
  let extraWait = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await pacer.run(Math.max(minInterval, extraWait), options.signal, () => request(options.signal));
    } catch (error) {
      const kind = classify(error);
      const canRetry = kind === 'throttled' ? throttled < throttleRetries : kind === 'transient' ? transient < transientRetries : false;
      if (!canRetry || options.signal?.aborted) {
        let region: string | undefined;
        try {
          region = await client.config.region();
        } catch {
          region = undefined;
        }
        if (error instanceof SesUserError) throw error;
        const profile = clientProfile(client);
        const described = describeSesError(options.signal?.aborted ? abortError() : error, { action, region, profile, attempts: attempt });
        const profileChosen = Boolean(client.config.profile ?? process.env.AWS_PROFILE);
        throw described.kind === 'no_credentials'
          ? refineCredentialError(described, profile, await profileSource(profile), profileChosen)
          : described;
      }
      const round = kind === 'throttled' ? throttled++ : transient++;
      // Exponential backoff with up to 25% jitter, from the pace itself (so tests
      // that speed the pace up also speed the backoff up).
      const base = Math.min(MAX_BACKOFF_MS, Math.max(minInterval, 50) * 2 ** round);
      extraWait = Math.round(base * (1 + Math.random() * 0.25));
      options.onRetry?.({ attempt, delayMs: extraWait, reason: kind === 'throttled' ? 'throttled' : 'transient' });
    }
  }
}
