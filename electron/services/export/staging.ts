// Atomic outputs. Every output is written into a hidden staging folder inside the
// chosen output folder (so the final renames stay on one filesystem), and only a
// complete set is moved into place:
//   1. outputs of the same names already there are moved aside into the staging folder
//      (a file held open by another program — Excel on Windows — fails here, before
//      anything has changed, and everything moved so far is put back);
//   2. the new files are renamed into place (on failure: taken back, old ones restored);
//   3. the staging folder, with the old outputs, is deleted.
// abort() deletes the staging folder, and the output folder too when this run created
// it and it is still empty: a failed run leaves nothing behind.
import { mkdir, mkdtemp, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../../../shared/model/errors';
import { outputError } from './output-errors';

export const STAGING_PREFIX = '.preflight-staging-';
const PREVIOUS_DIR = '.previous-outputs';

export interface OutputStaging {
  /** The hidden staging folder. */
  dir: string;
  /** Where to write the output called `name` (a plain file name) until commit. */
  path(name: string): string;
  /** Move every staged file into the output folder; returns their final paths. */
  commit(): Promise<string[]>;
  /** Remove everything staged. Never rejects; a no-op after a successful commit. */
  abort(): Promise<void>;
}

export interface StagingOptions {
  /** Files that must never be replaced, whatever their name (the input list). */
  protect?: string[];
}

/** The folder a user would name for an output path, even while it sits in a staging folder. */
export function visibleOutputFolder(filePath: string): string {
  const folder = dirname(filePath);
  return basename(folder).startsWith(STAGING_PREFIX) ? dirname(folder) : folder;
}

export async function createOutputStaging(outDir: string, options: StagingOptions = {}): Promise<OutputStaging> {
  const folder = resolve(outDir);
  let firstCreated: string | undefined;
  try {
    firstCreated = await mkdir(folder, { recursive: true });
    // mkdir succeeds quietly on an existing path only if it is a folder; check anyway for odd filesystems.
    if (!(await stat(folder)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    throw outputError(error, outDir);
  }
  let dir: string;
  try {
    dir = await mkdtemp(join(folder, STAGING_PREFIX));
  } catch (error) {
    await removeCreatedFolders(folder, firstCreated);
    throw outputError(error, outDir);
  }

  let state: 'open' | 'committed' | 'aborted' = 'open';

  return {
    dir,
    path(name) {
      if (!name || name !== basename(name) || name === '.' || name === '..' || name.startsWith(STAGING_PREFIX) || /[\\/]/.test(name)) {
        throw new Error(`Not a plain output file name: ${JSON.stringify(name)}`);
      }
      return join(dir, name);
    },

    async commit() {
      if (state !== 'open') throw new Error('This output staging is already committed or aborted.');
      const names = (await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
        throw outputError(error, outDir);
      }))
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name);
      await refuseProtected(folder, names, options.protect ?? [], outDir);

      const previous = join(dir, PREVIOUS_DIR);
      await mkdir(previous).catch((error: unknown) => {
        throw outputError(error, outDir);
      });
      const movedAside: string[] = [];
      const placed: string[] = [];
      const rollBack = async (): Promise<void> => {
        for (const name of placed.reverse()) await rename(join(folder, name), join(dir, name)).catch(() => undefined);
        for (const name of movedAside.reverse()) await rename(join(previous, name), join(folder, name)).catch(() => undefined);
      };
      for (const name of names) {
        try {
          await rename(join(folder, name), join(previous, name));
          movedAside.push(name);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
          await rollBack();
          throw replaceError(error, name, outDir);
        }
      }
      for (const name of names) {
        try {
          await rename(join(dir, name), join(folder, name));
          placed.push(name);
        } catch (error) {
          await rollBack();
          throw replaceError(error, name, outDir);
        }
      }
      state = 'committed';
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      return names.map((name) => join(folder, name));
    },

    async abort() {
      if (state !== 'open') return;
      state = 'aborted';
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      await removeCreatedFolders(folder, firstCreated);
    },
  };
}

function replaceError(error: unknown, name: string, outDir: string): UserError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
    return new UserError(
      'output_unwritable',
      `"${name}" in the folder "${outDir}" could not be replaced (it may be open in another program, such as Excel); close it and try again.`,
    );
  }
  return outputError(error, outDir);
}

/** Never let an output replace the input list (e.g. an input called annotated.csv in the output folder). */
async function refuseProtected(folder: string, names: string[], protect: string[], outDir: string): Promise<void> {
  if (protect.length === 0) return;
  const protectedIds = new Set<string>();
  for (const path of protect) {
    const info = await stat(path).catch(() => null);
    if (info) protectedIds.add(`${info.dev}:${info.ino}`);
  }
  for (const name of names) {
    const info = await stat(join(folder, name)).catch(() => null);
    if (info && protectedIds.has(`${info.dev}:${info.ino}`)) {
      throw new UserError(
        'output_unwritable',
        `The folder "${outDir}" holds your input file as "${name}", which an output would replace; choose another output folder.`,
      );
    }
  }
}

/** Remove the folders `mkdir -p` created for this run, innermost first, as long as they are empty. */
async function removeCreatedFolders(folder: string, firstCreated: string | undefined): Promise<void> {
  if (!firstCreated) return;
  const top = resolve(firstCreated);
  let current = folder;
  for (;;) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
    if (current === top) return;
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
