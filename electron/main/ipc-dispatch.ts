// The Electron-free core of a request: validate the arguments against the
// channel's schema, run the handler, and turn every outcome into an IpcResult.
// ipc.ts wraps it with the sender check for the real app; the Chromium UI
// harness calls it directly, so both run exactly the same code path.

import type { IpcResult, RequestChannel } from '../../shared/ipc/contract';
import { isUserError, appSentence } from '../../shared/model/errors';
import { redactCredentials } from '../services/ses/credential-redaction';
import type { RequestHandlers } from './handlers';
import { describeInvalidArguments, REQUEST_ARGUMENT_SCHEMAS } from './ipc-schemas';
import type { Logger } from './log';

const MAX_DETAIL = 200;

/** The sentence the renderer sees for a failure that is not the user's doing. */
export function genericFailure(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  // First line only, bounded: a message must never smuggle a stack or a file's content out.
  const firstLine = (raw.split('\n')[0] ?? '').trim().slice(0, MAX_DETAIL);
  return firstLine ? `Something went wrong: ${firstLine}` : 'Something went wrong.';
}

export async function dispatchRequest(
  handlers: Partial<RequestHandlers>,
  channel: RequestChannel,
  rawArgs: unknown[],
  log: Logger,
): Promise<IpcResult<unknown>> {
  const schema = REQUEST_ARGUMENT_SCHEMAS[channel];
  if (!schema) {
    log.warn(`IPC: refused unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}`);
    return { ok: false, message: 'Preflight refused an unknown request.' };
  }
  const parsed = schema.safeParse(rawArgs);
  if (!parsed.success) {
    const message = describeInvalidArguments(channel, parsed.error, rawArgs);
    log.warn(`IPC: ${message}`);
    return { ok: false, message };
  }
  try {
    const handler = handlers[channel] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (!handler) throw new Error(`No handler is registered for ${channel}`);
    const value = await handler(...(parsed.data as unknown[]));
    return { ok: true, value };
  } catch (error) {
    // Redacted here too: a sentence can quote what an SES endpoint answered.
    if (isUserError(error)) return { ok: false, message: redactCredentials(appSentence(error)) };
    log.error(`IPC: "${channel}" failed`, error);
    return { ok: false, message: redactCredentials(genericFailure(error)) };
  }
}
