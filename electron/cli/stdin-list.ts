// `preflight check -`: the list arrives on standard input. The check reads its
// input twice (pass 1 counts and decides, pass 2 writes) and compares the two, so a
// pipe is first copied to a private file: a folder only this user can enter
// (mkdtemp, 0700) holding a file only this user can read (0600), because a list is
// personal data. The copy is removed however the check ends: done, failed,
// cancelled with Ctrl-C.

import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../../shared/model/errors';
import { cancelledError } from '../services/import/file-errors';

/** The file name error sentences show: `The file "standard input" is empty.` */
export const STDIN_FILE_NAME = 'standard input';

export interface SpooledList {
  path: string;
  /** Removes the copy and its folder; safe to call more than once. */
  remove(): Promise<void>;
}

export async function spoolStdin(stdin: NodeJS.ReadableStream & { isTTY?: boolean }, signal: AbortSignal): Promise<SpooledList> {
  if (stdin.isTTY) {
    throw new UserError(
      'bad_argument',
      '"-" reads the list from standard input, which is this terminal: pipe a file in (preflight check - --out DIR < list.csv).',
    );
  }
  const folder = await mkdtemp(join(tmpdir(), 'preflight-stdin-'));
  const spooled: SpooledList = { path: join(folder, STDIN_FILE_NAME), remove: () => rm(folder, { recursive: true, force: true }) };
  try {
    await pipeline(stdin, createWriteStream(spooled.path, { flags: 'wx', mode: 0o600 }), { signal });
    return spooled;
  } catch (error) {
    await spooled.remove();
    if (signal.aborted) throw cancelledError();
    throw new UserError('file_unreadable', `Standard input could not be read or copied to ${tmpdir()} (${(error as Error).message}).`);
  }
}
