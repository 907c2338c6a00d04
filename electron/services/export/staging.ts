// Outputs, written so that a user's file is never lost and a reader never sees a mixed set.
// Every writer of an output folder goes through here: `check --out`, `plan --out` and the
// app's export (electron/main/export.ts). In order:
//   1. The folder is locked (folder-lock.ts): a second run into it refuses with a sentence.
//   2. Staging folders left by runs that died (`.preflight-staging-<pid>-XXXXXX` whose pid
//      no longer runs) are removed; nothing else in the folder is touched.
//   3. Before any work, every name this run will write must be free or an output Preflight
//      wrote (listed in the folder's manifest, manifest.ts, and unchanged since): a folder
//      of that name, a file the user made or edited, or the input itself (or a folder
//      holding it) is refused with one sentence naming the path. Nothing is deleted.
//   4. Everything is written into a fresh staging folder inside the output folder (same
//      file system, so the final steps are renames).
//   5. commit(): the manifest is switched to `committing`, the older outputs are moved
//      aside into the staging folder, the new ones renamed into place, and the manifest
//      rewritten `complete` (each manifest prepared in the staging folder first, then one
//      rename). A failure puts everything back; kill -9 at any point leaves either the old
//      complete set, or a `committing` manifest that no reader trusts and the next run
//      replaces. The staging folder, with the older outputs, is then deleted.
// abort() deletes the staging folder, and the output folder too when this run created it
// and it is still empty: a failed run leaves nothing behind.
import { lstat, mkdir, mkdtemp, readdir, readFile, realpath, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { UserError } from '../../../shared/model/errors';
import { lockOutputFolder, processAlive, type FolderLock } from './folder-lock';
import { entryMatches, MANIFEST_NAME, manifestText, readManifest, recordEntry, type Manifest, type ManifestEntry } from './manifest';
import { outputError } from './output-errors';

export const STAGING_PREFIX = '.preflight-staging-';
/** Our staging folders: the prefix, the pid of the run, and mkdtemp's six characters. */
const STAGING_NAME = /^\.preflight-staging-(\d+)-[A-Za-z0-9]{6}$/;
/** Staging folders of earlier versions (no pid): no run of this version owns one. */
const OLDER_STAGING_NAME = /^\.preflight-(?:staging|export)-[A-Za-z0-9]{6}$/;
const PREVIOUS_DIR = '.previous-outputs';
const NEXT_MANIFEST = '.manifest-complete';
const COMMITTING_MANIFEST = '.manifest-committing';

export interface OutputStaging {
  /** The hidden staging folder. */
  dir: string;
  /** Where to write the output file called `name` (one of `files`) until commit. */
  path(name: string): string;
  /** Where to build the output folder called `name` (one of `folders`) until commit. */
  folderPath(name: string): string;
  /** Move every staged output into the output folder; returns their final paths. */
  commit(): Promise<string[]>;
  /** Remove everything staged. Never rejects; a no-op after a successful commit. */
  abort(): Promise<void>;
}

export interface StagingOptions {
  /** The plain file names this run writes. */
  files: readonly string[];
  /** The folders this run writes whole (the plan's batches/): each replaces the folder of that name. */
  folders?: readonly string[];
  /** Files that must never be replaced or deleted, whatever their name (the input list). */
  protect?: readonly string[];
}

/** The folder a user would name for an output path, even while it sits in a staging folder. */
export function visibleOutputFolder(filePath: string): string {
  for (let folder = dirname(filePath); dirname(folder) !== folder; folder = dirname(folder)) {
    if (basename(folder).startsWith(STAGING_PREFIX)) return dirname(folder);
  }
  return dirname(filePath);
}

function isPlainName(name: string): boolean {
  return !!name && name === basename(name) && name !== '.' && name !== '..' && !name.startsWith('.') && !/[\\/]/.test(name);
}

export async function createOutputStaging(outDir: string, options: StagingOptions): Promise<OutputStaging> {
  const files = [...options.files];
  const folders = [...(options.folders ?? [])];
  const names = [...files, ...folders];
  if (names.some((name) => !isPlainName(name)) || new Set(names).size !== names.length) {
    throw new Error(`Not distinct plain output names: ${JSON.stringify(names)}`);
  }
  const folder = resolve(outDir);
  let firstCreated: string | undefined;
  try {
    firstCreated = await mkdir(folder, { recursive: true });
    // mkdir succeeds quietly on an existing path only if it is a folder; check anyway for odd filesystems.
    if (!(await stat(folder)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    throw outputError(error, outDir);
  }
  let lock: FolderLock;
  try {
    lock = await lockOutputFolder(folder, outDir);
  } catch (error) {
    await removeCreatedFolders(folder, firstCreated);
    throw error;
  }
  let dir: string;
  try {
    await removeStaleStaging(folder);
    await refuseNotOurs(folder, outDir, names, folders, await readManifest(folder), options.protect ?? []);
    dir = await mkdtemp(join(folder, `${STAGING_PREFIX}${process.pid}-`)).catch((error: unknown) => {
      throw outputError(error, outDir);
    });
  } catch (error) {
    lock.release();
    await removeCreatedFolders(folder, firstCreated);
    throw error;
  }

  let state: 'open' | 'committed' | 'aborted' = 'open';

  return {
    dir,
    path(name) {
      if (!files.includes(name)) throw new Error(`Not an output file of this run: ${JSON.stringify(name)}`);
      return join(dir, name);
    },
    folderPath(name) {
      if (!folders.includes(name)) throw new Error(`Not an output folder of this run: ${JSON.stringify(name)}`);
      return join(dir, name);
    },

    async commit() {
      if (state !== 'open') throw new Error('This output staging is already committed or aborted.');
      const staged: string[] = [];
      for (const name of names) {
        const info = await lstat(join(dir, name)).catch(() => null);
        if (!info) continue;
        if (folders.includes(name) ? !info.isDirectory() : !info.isFile()) throw new Error(`Staged output ${name} is of the wrong kind.`);
        staged.push(name);
      }
      try {
        await commitStaged(folder, outDir, dir, staged, folders, options.protect ?? []);
      } catch (error) {
        throw outputError(error, outDir);
      }
      state = 'committed';
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      lock.release();
      return staged.map((name) => join(folder, name));
    },

    async abort() {
      if (state !== 'open') return;
      state = 'aborted';
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      lock.release();
      await removeCreatedFolders(folder, firstCreated);
    },
  };
}

/** The record under which `path` is Preflight's (it matches the manifest), or null. */
async function ownedRecord(path: string, name: string, manifest: Manifest | null): Promise<ManifestEntry | null> {
  const candidates = [manifest?.entries[name], manifest?.incoming?.[name]].filter((entry): entry is ManifestEntry => !!entry);
  for (const entry of candidates) if (await entryMatches(path, entry)) return entry;
  return null;
}

/**
 * Refuses, naming the path, any output name that is taken by something Preflight did not
 * write, and any output that would replace or hold an input file.
 */
async function refuseNotOurs(
  folder: string,
  outDir: string,
  names: readonly string[],
  folders: readonly string[],
  manifest: Manifest | null,
  protect: readonly string[],
): Promise<void> {
  const realFolder = await realpath(folder).catch(() => folder);
  for (const input of protect) {
    const realInput = await realpath(input).catch(() => resolve(input));
    const inputInfo = await stat(input).catch(() => null);
    for (const name of names) {
      const target = join(realFolder, name);
      const sameFile = inputInfo && (await stat(join(folder, name)).catch(() => null));
      const isInput = realInput === target || (!!sameFile && sameFile.dev === inputInfo.dev && sameFile.ino === inputInfo.ino);
      if (isInput) {
        throw new UserError(
          'output_unwritable',
          `The folder "${outDir}" holds your input file as "${name}", which an output would replace; choose another output folder.`,
        );
      }
      if (realInput.startsWith(target + sep)) {
        throw new UserError(
          'output_unwritable',
          `Your input file is inside "${join(outDir, name)}", where Preflight writes its ${folders.includes(name) ? 'folder' : 'file'} "${name}"; choose another output folder.`,
        );
      }
    }
  }
  for (const name of names) {
    const path = join(folder, name);
    const shown = join(outDir, name);
    let info;
    try {
      info = await lstat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw outputError(error, outDir);
    }
    const record = await ownedRecord(path, name, manifest);
    const wantsFolder = folders.includes(name);
    if (record && (record.kind === 'folder') === wantsFolder) continue;
    if (!wantsFolder && info.isDirectory()) {
      throw new UserError(
        'output_unwritable',
        `"${shown}" is a folder, where Preflight writes its file "${name}"; Preflight replaces only files it wrote, so move or rename that folder, or choose another output folder.`,
      );
    }
    if (wantsFolder && info.isDirectory()) {
      throw new UserError(
        'output_unwritable',
        `The folder "${shown}" holds files Preflight did not write (or changed since); Preflight replaces only files it wrote, so move them, or choose another output folder.`,
      );
    }
    throw new UserError(
      'output_unwritable',
      `"${shown}" was not written by Preflight (or was changed since); Preflight replaces only files it wrote, so move or rename it, or choose another output folder.`,
    );
  }
}

async function commitStaged(
  folder: string,
  outDir: string,
  dir: string,
  staged: readonly string[],
  folders: readonly string[],
  protect: readonly string[],
): Promise<void> {
  const manifestPath = join(folder, MANIFEST_NAME);
  const before = await readManifest(folder);
  const beforeText = before ? await readFile(manifestPath, 'utf8').catch(() => null) : null;
  // Checked again: under the lock, but a user may have made a folder of that name since.
  await refuseNotOurs(folder, outDir, staged, folders, before, protect);

  // What stays (outputs of other runs, e.g. a check's beside a plan's) and what is in place now.
  const kept: Record<string, ManifestEntry> = {};
  const inPlace: Record<string, ManifestEntry> = {};
  for (const name of new Set([...Object.keys(before?.entries ?? {}), ...Object.keys(before?.incoming ?? {})])) {
    const record = await ownedRecord(join(folder, name), name, before);
    if (!record) continue;
    inPlace[name] = record;
    if (!staged.includes(name)) kept[name] = record;
  }
  const incoming: Record<string, ManifestEntry> = {};
  for (const name of staged) incoming[name] = await recordEntry(join(dir, name));

  // Both manifests are written before anything moves: a full disk fails here, with nothing changed.
  const committing: Manifest = { format: 'preflight-outputs', version: 1, state: 'committing', entries: inPlace, incoming };
  const complete: Manifest = { format: 'preflight-outputs', version: 1, state: 'complete', entries: { ...kept, ...incoming } };
  await writeFile(join(dir, COMMITTING_MANIFEST), manifestText(committing), 'utf8');
  await writeFile(join(dir, NEXT_MANIFEST), manifestText(complete), 'utf8');
  const previous = join(dir, PREVIOUS_DIR);
  await mkdir(previous);

  await rename(join(dir, COMMITTING_MANIFEST), manifestPath);
  const movedAside: string[] = [];
  const placed: string[] = [];
  const rollBack = async (): Promise<void> => {
    for (const name of placed.reverse()) await rename(join(folder, name), join(dir, name)).catch(() => undefined);
    for (const name of movedAside.reverse()) await rename(join(previous, name), join(folder, name)).catch(() => undefined);
    if (beforeText !== null) await writeFile(manifestPath, beforeText, 'utf8').catch(() => undefined);
    else await unlink(manifestPath).catch(() => undefined);
  };
  for (const name of staged) {
    try {
      await rename(join(folder, name), join(previous, name));
      movedAside.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      await rollBack();
      throw replaceError(error, name, outDir);
    }
  }
  for (const name of staged) {
    try {
      await rename(join(dir, name), join(folder, name));
      placed.push(name);
    } catch (error) {
      await rollBack();
      throw replaceError(error, name, outDir);
    }
  }
  try {
    await rename(join(dir, NEXT_MANIFEST), manifestPath);
  } catch (error) {
    await rollBack();
    throw error;
  }
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

/**
 * Removes staging folders of runs that died (kill -9, a crash, a power cut): only names
 * of Preflight's own pattern, only real folders (never a link), and only when the run
 * that made one no longer runs. Called with the folder's lock held, so no live run of
 * this version is writing into any of them.
 */
async function removeStaleStaging(folder: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch {
    return;
  }
  for (const name of entries) {
    const ours = STAGING_NAME.exec(name);
    if (!ours && !OLDER_STAGING_NAME.test(name)) continue;
    if (ours) {
      const pid = Number(ours[1]);
      if (pid !== process.pid && processAlive(pid)) continue;
    }
    const path = join(folder, name);
    const info = await lstat(path).catch(() => null);
    if (!info?.isDirectory()) continue;
    await rm(path, { recursive: true, force: true }).catch(() => undefined);
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
