// One Preflight run at a time writes into an output folder: `.preflight-lock` in it,
// created with O_EXCL (open 'wx': exactly one creator wins, on every OS and on network
// file systems that honour it), holding the holder's pid, host and start time. A second
// run refuses with a sentence rather than waiting: four checks into one folder used to
// mix their files. A lock whose holder on this computer no longer runs (kill -9, a crash)
// is stale and taken over, so a killed run never blocks the folder.
//
// Not proper-lockfile: its signal-exit dependency installs handlers for SIGXFSZ and
// others and re-raises them, which killed a check writing to a full disk
// (test/cli/full-disk.test.ts; electron/services/dns/cache.ts loads it lazily for that).
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { lstat, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { UserError } from '../../../shared/model/errors';
import { outputError } from './output-errors';

export const LOCK_NAME = '.preflight-lock';
/** A lock file that is still empty or unreadable this long after it was made is a run that died while making it. */
const UNREADABLE_STALE_MS = 10_000;

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
  /** Tells two locks of one process apart. */
  id: string;
}

export interface FolderLock {
  /** Removes the lock; never rejects, a no-op the second time. */
  release(): void;
}

/** Whether a process with this pid runs on this computer (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(text: string): Holder | null {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    if (
      typeof value.pid === 'number' &&
      typeof value.host === 'string' &&
      typeof value.startedAt === 'string' &&
      typeof value.id === 'string'
    ) {
      return { pid: value.pid, host: value.host, startedAt: value.startedAt, id: value.id };
    }
  } catch {
    // fall through
  }
  return null;
}

/** A holder that is gone: on this computer, not this process, and its pid no longer runs. */
async function isStale(path: string): Promise<boolean> {
  let text: string;
  let info;
  try {
    info = await lstat(path);
    text = await readFile(path, 'utf8');
  } catch {
    return false; // removed meanwhile: try again
  }
  if (!info.isFile()) return false;
  const holder = parseHolder(text);
  if (!holder) return Date.now() - info.mtimeMs > UNREADABLE_STALE_MS;
  if (holder.host !== hostname() || holder.pid === process.pid) return false;
  return !processAlive(holder.pid);
}

/**
 * Removes a stale lock. It is renamed aside first and read again there, so two runs that
 * both saw the dead holder cannot remove a lock a third run has just taken.
 */
async function breakStaleLock(path: string): Promise<void> {
  const before = await readFile(path, 'utf8').catch(() => null);
  const aside = `${path}.stale-${process.pid}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const moved = await readFile(aside, 'utf8').catch(() => null);
  if (moved === before) {
    await unlink(aside).catch(() => undefined);
    return;
  }
  // Someone else's fresh lock was moved: give it back unless a new one exists already.
  await rename(aside, path).catch(() => undefined);
}

const held = new Set<string>();

function releaseAllSync(): void {
  for (const path of held) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
  held.clear();
}

// SIGINT/SIGTERM with no other handler would end the process without running any
// `finally`: remove the locks then, and end the way the signal would have. When
// another handler exists (the CLI's check cancels cleanly), it owns the exit and the
// lock is released by the run's own clean-up. Ours is prepended, so it runs while a
// `once` handler is still counted.
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  releaseAllSync();
  uninstallSignalHandlers();
  process.kill(process.pid, signal);
}
let installed = false;
function installSignalHandlers(): void {
  if (installed || !isMainThread) return;
  installed = true;
  process.prependListener('SIGINT', onSignal);
  process.prependListener('SIGTERM', onSignal);
}
function uninstallSignalHandlers(): void {
  if (!installed) return;
  installed = false;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

/** Takes the output folder's lock (the folder must exist), or refuses with one sentence. */
export async function lockOutputFolder(folder: string, shownAs: string = folder): Promise<FolderLock> {
  const path = join(folder, LOCK_NAME);
  const holder: Holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), id: randomUUID() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, JSON.stringify(holder) + '\n');
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw outputError(error, shownAs);
      if (attempt < 3 && (await isStale(path))) {
        await breakStaleLock(path);
        continue;
      }
      throw new UserError('output_unwritable', busySentence(path, shownAs));
    }
  }
  held.add(path);
  installSignalHandlers();
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      held.delete(path);
      if (held.size === 0) uninstallSignalHandlers();
      try {
        // Only our own lock: a lock taken over after ours was (wrongly) judged stale is left alone.
        if (parseHolder(readFileSync(path, 'utf8'))?.id === holder.id) unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}

function busySentence(path: string, shownAs: string): string {
  let who = '';
  try {
    const holder = parseHolder(readFileSync(path, 'utf8'));
    if (holder) who = ` (process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, started ${holder.startedAt})`;
  } catch {
    // the holder just finished
  }
  return `Another Preflight run is writing to "${shownAs}"${who}; wait for it to finish or choose another output folder (if no run is going, delete "${path}").`;
}
