// Copies a finished check's files (and its send plan, when one was made) into
// the folder the user chose, all or nothing, by the same staging, lock and
// manifest as the CLI's --out (electron/services/export/staging.ts): only files
// an earlier Preflight run wrote there are replaced. A folder (the plan's
// batches/) is one entry: it replaces the folder of that name whole, so no batch
// file of an older plan is left beside the new ones.

import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UserError } from '../../shared/model/errors';
import { createOutputStaging } from '../services/export/staging';

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
 * Copies the entries into folder, all or nothing, through the same output staging as
 * `check --out` (electron/services/export/staging.ts): the folder is locked, a name in it
 * that Preflight did not write is refused rather than replaced, and the manifest marks
 * the new set. Returns what was written, sorted: file names, and for a folder entry
 * every file in it as "folder/file".
 */
export async function exportEntries(folder: string, entries: readonly ExportEntry[]): Promise<string[]> {
  let folderStat;
  try {
    folderStat = await stat(folder);
  } catch (error) {
    throw unwritable(folder, error);
  }
  if (!folderStat.isDirectory())
    throw new UserError('output_unwritable', `Preflight cannot write to ${folder}: it is a file, not a folder.`);

  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = sorted.map((entry) => entry.name);
  if (names.some((name) => name !== basename(name) || name.startsWith('.')) || new Set(names).size !== names.length) {
    throw new Error(`exportEntries: not distinct plain names in ${JSON.stringify(names)}`);
  }
  if (names.length === 0) throw new UserError('output_unwritable', 'The check left no files to export; run it again.');

  const kinds = await Promise.all(sorted.map(async ({ source }) => ((await stat(source)).isDirectory() ? 'folder' : 'file')));
  const staging = await createOutputStaging(folder, {
    files: names.filter((_, i) => kinds[i] === 'file'),
    folders: names.filter((_, i) => kinds[i] === 'folder'),
  });
  const written: string[] = [];
  try {
    for (const [i, { source, name }] of sorted.entries()) {
      const target = kinds[i] === 'folder' ? staging.folderPath(name) : staging.path(name);
      written.push(
        ...(await copyEntry(source, target, name).catch((error: unknown) => {
          throw unwritable(folder, error);
        })),
      );
    }
    await staging.commit();
  } catch (error) {
    await staging.abort();
    throw error;
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
  for (const entry of await readdir(source))
    copied.push(...(await copyEntry(join(source, entry), join(target, entry), `${name}/${entry}`)));
  return copied;
}
