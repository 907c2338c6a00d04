// Copies a finished check's files into the folder the user chose, all or
// nothing: the files are staged in a hidden folder inside the destination (same
// file system, so the final step is a rename), then moved into place. If any
// step fails, files already moved are taken back out and any file they replaced
// is restored.

import { copyFile, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UserError } from '../../shared/model/errors';

const STAGING_PREFIX = '.preflight-export-';

function reasonFor(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission was denied';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder';
    case 'ENOENT':
      return 'the folder does not exist';
    default:
      return (error as Error | undefined)?.message?.split('\n')[0] ?? 'an unknown error';
  }
}

function unwritable(folder: string, error: unknown): UserError {
  return new UserError('output_unwritable', `Preflight cannot write to ${folder}: ${reasonFor(error)}.`);
}

/** The files of sourceDir that are outputs (hidden and temporary files excluded), sorted by name. */
export async function listOutputFiles(sourceDir: string): Promise<string[]> {
  const entries = await readdir(sourceDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !entry.name.endsWith('.tmp'))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Copies the named output files (by default every output file) of sourceDir
 * into folder; returns the file names.
 */
export async function exportOutputs(sourceDir: string, folder: string, only?: readonly string[]): Promise<string[]> {
  let folderStat;
  try {
    folderStat = await stat(folder);
  } catch (error) {
    throw unwritable(folder, error);
  }
  if (!folderStat.isDirectory()) throw new UserError('output_unwritable', `Preflight cannot write to ${folder}: it is a file, not a folder.`);

  const names = only ? [...only].sort() : await listOutputFiles(sourceDir);
  if (names.some((name) => name !== basename(name) || name.startsWith('.'))) {
    throw new Error(`exportOutputs: not a plain file name in ${JSON.stringify(names)}`);
  }
  if (names.length === 0) throw new UserError('output_unwritable', 'The check left no files to export; run it again.');

  let staging: string;
  try {
    staging = await mkdtemp(join(folder, STAGING_PREFIX));
  } catch (error) {
    throw unwritable(folder, error);
  }
  const backups = join(staging, '.replaced');
  const moved: { name: string; backup: string | null }[] = [];
  try {
    for (const name of names) await copyFile(join(sourceDir, name), join(staging, name));
    for (const name of names) {
      const target = join(folder, name);
      let backup: string | null = null;
      if (await exists(target)) {
        await mkdir(backups, { recursive: true });
        backup = join(backups, name);
        await rename(target, backup);
      }
      try {
        await rename(join(staging, name), target);
      } catch (error) {
        if (backup) await rename(backup, target);
        throw error;
      }
      moved.push({ name, backup });
    }
  } catch (error) {
    for (const { name, backup } of moved.reverse()) {
      await rm(join(folder, name), { force: true });
      if (backup) await rename(backup, join(folder, name)).catch(() => undefined);
    }
    throw unwritable(folder, error);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return names;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
