// The SES client's HTTP handler: the SDK's own NodeHttpHandler, with two bounds
// on what an endpoint controls. NodeHttpHandler's requestTimeout is an idle
// timer on the socket, so an answer sent one byte per second never trips it
// (one took 266 s against the documented 30 s), and it reads a body of any
// size (a 3 GB one crashed Node with a native stack trace). Here:
// - a deadline for the whole request, headers and body: past it, a request
//   still waiting for its headers fails as a TimeoutError (retried like any
//   time-out), and an answer still trickling in fails as AnswerTooSlowError (not
//   retried: the endpoint is answering, and would only trickle again);
// - a cap on the answer's size, from Content-Length when it is declared, else
//   counted as it arrives: AnswerTooLargeError.
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';

type Handle = NodeHttpHandler['handle'];
type HandleOptions = NonNullable<Parameters<Handle>[1]>;

/**
 * Largest answer read. SES's largest is a page of 1,000 suppressed addresses or
 * identities, about 150 KB; 16 MiB is a hundred times that.
 */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export class AnswerTooLargeError extends Error {
  override readonly name = 'AnswerTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`The answer was larger than ${limitBytes} bytes.`);
  }
}

export class AnswerTooSlowError extends Error {
  override readonly name = 'AnswerTooSlowError';
  constructor(readonly deadlineMs: number) {
    super(`The answer was still arriving after ${deadlineMs} ms.`);
  }
}

export interface BoundedHttpHandlerOptions extends NodeHttpHandlerOptions {
  /** Time allowed for a whole request: sending it, its headers and its whole body. */
  deadlineMs: number;
  maxAnswerBytes: number;
}

/** What a Preflight AWS client takes for its transport (SES and CloudWatch alike). */
export interface AwsTransportOptions {
  /** Time allowed to open the connection (default 5 s). */
  connectionTimeoutMs?: number;
  /** Time allowed for a whole request and its whole answer (default 30 s), however the endpoint paces it. */
  requestTimeoutMs?: number;
  /** Largest answer read (default: the client's own cap). */
  maxAnswerBytes?: number;
  httpAgent?: NodeHttpHandlerOptions['httpAgent'];
  httpsAgent?: NodeHttpHandlerOptions['httpsAgent'];
}

/** The bounded handler for a client's transport options, with that client's answer cap as the default. */
export function boundedHttpHandler(options: AwsTransportOptions, defaultMaxAnswerBytes: number): BoundedHttpHandler {
  return new BoundedHttpHandler({
    connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    throwOnRequestTimeout: true,
    deadlineMs: options.requestTimeoutMs ?? 30_000,
    maxAnswerBytes: options.maxAnswerBytes ?? defaultMaxAnswerBytes,
    ...(options.httpAgent ? { httpAgent: options.httpAgent } : {}),
    ...(options.httpsAgent ? { httpsAgent: options.httpsAgent } : {}),
  });
}

export class BoundedHttpHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly inner: NodeHttpHandler;
  private readonly deadlineMs: number;
  private readonly maxAnswerBytes: number;

  constructor({ deadlineMs, maxAnswerBytes, ...nodeOptions }: BoundedHttpHandlerOptions) {
    this.inner = new NodeHttpHandler(nodeOptions);
    this.deadlineMs = deadlineMs;
    this.maxAnswerBytes = maxAnswerBytes;
  }

  destroy(): void {
    this.inner.destroy();
  }

  updateHttpClientConfig(...args: Parameters<NodeHttpHandler['updateHttpClientConfig']>): void {
    this.inner.updateHttpClientConfig(...args);
  }

  httpHandlerConfigs(): NodeHttpHandlerOptions {
    return this.inner.httpHandlerConfigs();
  }

  async handle(request: Parameters<Handle>[0], handlerOptions: HandleOptions = {}): ReturnType<Handle> {
    const { deadlineMs, maxAnswerBytes } = this;
    const outer = handlerOptions.abortSignal as AbortSignal | undefined;
    const controller = new AbortController();
    const onOuterAbort = () => controller.abort();
    if (outer?.aborted) onOuterAbort();
    else outer?.addEventListener?.('abort', onOuterAbort, { once: true });

    let deadlinePassed = false;
    let body: Transform | null = null;
    // Unref'd: the socket keeps the process alive while an answer is awaited, and
    // a body nobody reads must not hold the process open until the deadline.
    const timer = setTimeout(() => {
      deadlinePassed = true;
      if (body) body.destroy(new AnswerTooSlowError(deadlineMs));
      else controller.abort();
    }, deadlineMs);
    timer.unref();
    const settle = () => {
      clearTimeout(timer);
      outer?.removeEventListener?.('abort', onOuterAbort);
    };

    let response: Awaited<ReturnType<Handle>>['response'];
    try {
      ({ response } = await this.inner.handle(request, { ...handlerOptions, abortSignal: controller.signal }));
    } catch (error) {
      settle();
      if (deadlinePassed && !outer?.aborted) throw Object.assign(new Error(`No answer within ${deadlineMs} ms`), { name: 'TimeoutError' });
      throw error;
    }

    const source = response.body as Readable;
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxAnswerBytes) {
      settle();
      source.destroy();
      throw new AnswerTooLargeError(maxAnswerBytes);
    }
    let received = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > maxAnswerBytes) callback(new AnswerTooLargeError(maxAnswerBytes));
        else callback(null, chunk);
      },
    });
    body = counted;
    source.on('error', (error) => counted.destroy(error));
    counted.on('close', () => {
      settle();
      // Stops the download of a refused (too large, too slow) answer; a whole one keeps its keep-alive socket.
      if (!source.readableEnded) source.destroy();
    });
    source.pipe(counted);
    response.body = counted;
    return { response };
  }
}
