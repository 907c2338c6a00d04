// Copies a finished check's files (and its send plan, when one was made) into
// the folder the user chose, all or nothing: the files are staged in a hidden
// folder inside the destination (same file system, so the final step is a
// rename), then moved into place. If any step fails, files already moved are
// taken back out and any file they replaced is restored. A folder (the plan's
// batches/) is one entry: it replaces the folder of that name whole, so no batch
// file of an older plan is left beside the new ones.

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
    case 'EFBIG':
      return 'there is not enough space there for a file this large';
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
  const names = only ? [...only] : await listOutputFiles(sourceDir);
  return exportEntries(
    folder,
    names.map((name) => ({ source: join(sourceDir, name), name })),
  );
}

/** One file or folder to export: its path now, and its plain name in the chosen folder. */
export interface ExportEntry {
  source: string;
  name: string;
}

/**
 * Copies the entries into folder, all or nothing. Returns what was written, sorted:
 * file names, and for a folder entry every file in it as "folder/file".
 */
export async function exportEntries(folder: string, entries: readonly ExportEntry[]): Promise<string[]> {
  let folderStat;
  try {
    folderStat = await stat(folder);
  } catch (error) {
    throw unwritable(folder, error);
  }
  if (!folderStat.isDirectory()) throw new UserError('output_unwritable', `Preflight cannot write to ${folder}: it is a file, not a folder.`);

  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = sorted.map((entry) => entry.name);
  if (names.some((name) => name !== basename(name) || name.startsWith('.')) || new Set(names).size !== names.length) {
    throw new Error(`exportEntries: not distinct plain names in ${JSON.stringify(names)}`);
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
  const written: string[] = [];
  try {
    for (const { source, name } of sorted) written.push(...(await copyEntry(source, join(staging, name), name)));
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
      await rm(join(folder, name), { recursive: true, force: true });
      if (backup) await rename(backup, join(folder, name)).catch(() => undefined);
    }
    throw unwritable(folder, error);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return written.sort();
}

/** Copies a file, or a folder's files and folders; returns the files copied as paths relative to the export folder. */
async function copyEntry(source: string, target: string, name: string): Promise<string[]> {
  if (!(await stat(source)).isDirectory()) {
    await copyFile(source, target);
    return [name];
  }
  await mkdir(target);
  const copied: string[] = [];
  for (const entry of await readdir(source)) copied.push(...(await copyEntry(join(source, entry), join(target, entry), `${name}/${entry}`)));
  return copied;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
