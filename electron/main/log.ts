// The main process's log: stderr, one line per entry, with e-mail addresses
// redacted so a recipient list never ends up in a log file or a bug report, and
// credentials removed (an SDK error's details can quote the request).
import { redactCredentials } from '../services/ses/credential-redaction';

const ADDRESS = /([A-Za-z0-9._%+'!#$&*/=?^`{|}~-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** Replaces the local part of every address-like token: "jane@x.com" → "…@x.com". */
export function redactAddresses(text: string): string {
  return text.replace(ADDRESS, (_match, _local: string, domain: string) => `…@${domain}`);
}

export interface Logger {
  info(message: string): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

function describe(detail: unknown): string {
  if (detail === undefined) return '';
  if (detail instanceof Error) return ` ${detail.stack ?? detail.message}`;
  try {
    return ` ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
  } catch {
    return ` ${String(detail)}`;
  }
}

function write(level: string, message: string, detail?: unknown): void {
  process.stderr.write(`${new Date().toISOString()} ${level} ${redactAddresses(redactCredentials(message + describe(detail)))}\n`);
}

export const log: Logger = {
  info: (message) => write('info', message),
  warn: (message, detail) => write('warn', message, detail),
  error: (message, detail) => write('error', message, detail),
};
