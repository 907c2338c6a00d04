// Turning the operating system's errors about an input file into one sentence a
// user can act on. Used by every reader in import/ and suppression/.
import type { ReadStream } from 'node:fs';
import { basename } from 'node:path';
import { UserError } from '../../../shared/model/errors';

/** How a file is named in messages: its name, which the user just chose or typed. */
export function fileLabel(path: string): string {
  return `"${basename(path)}"`;
}

/** An fs error (ENOENT, EACCES, EISDIR …) while opening or reading `path` as a UserError; anything else unchanged. */
export function inputFileError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new UserError('file_not_found', `The file "${path}" does not exist.`);
    case 'EISDIR':
      return new UserError('file_unreadable', `"${path}" is a folder, not a file.`);
    case 'EACCES':
    case 'EPERM':
      return new UserError('file_unreadable', `Preflight is not allowed to read "${path}" (permission denied).`);
    case 'EBUSY':
      return new UserError('file_unreadable', `"${path}" is locked by another program; close it and try again.`);
    case 'EIO':
      return new UserError('file_unreadable', `"${path}" could not be read from the disk (input/output error).`);
    default:
      return error;
  }
}

/** The user stopped the check (the app's Cancel, Ctrl-C). */
export function cancelledError(): UserError {
  return new UserError('cancelled', 'The check was cancelled.');
}

/** The input's second reading does not match its first: someone saved over it meanwhile. */
export function fileChangedError(): UserError {
  return new UserError('file_unreadable', 'The file changed while it was being checked; run the check again.');
}

/** Closes a read stream on any way out (end, error, limit, cancel) and waits until it is closed. */
export async function closeReadStream(stream: ReadStream): Promise<void> {
  if (stream.closed) return;
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  stream.destroy();
  await closed;
}
