// The output manifest: `.preflight-manifest.json` in an output folder lists every file
// Preflight wrote there (size and modification time; a folder it wrote, the plan's
// batches/, with every file in it). It does two things:
//   - ownership: a name in the folder may be replaced only when the manifest lists it and
//     it is still as written (staging.ts refuses anything else: a folder of that name, a
//     file the user made, an output the user edited since);
//   - a complete set for readers: while a run puts its files in place the manifest says
//     `committing`, and only once every file is in place is it rewritten `complete`. A
//     reader that trusts the manifest (readCompleteOutputs) sees the old complete set, no
//     set, or the new complete set, never a mix, even when a run is killed mid-commit.
// Size and modification time, not a hash: a rename keeps both, an edit changes them, and
// hashing a 1M-row check's outputs (about 170 MB) would add a second read of each file.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const MANIFEST_NAME = '.preflight-manifest.json';

const fileRecord = z.strictObject({ size: z.number().int().nonnegative(), mtimeMs: z.number() });
const entryRecord = z.union([
  z.strictObject({ kind: z.literal('file'), size: z.number().int().nonnegative(), mtimeMs: z.number() }),
  z.strictObject({ kind: z.literal('folder'), files: z.record(z.string(), fileRecord) }),
]);
const manifestSchema = z.strictObject({
  format: z.literal('preflight-outputs'),
  version: z.literal(1),
  state: z.enum(['complete', 'committing']),
  /** The outputs in place (while committing: as they were before this commit). */
  entries: z.record(z.string(), entryRecord),
  /** While committing: the outputs being put in place. */
  incoming: z.record(z.string(), entryRecord).optional(),
});

export type FileRecord = z.infer<typeof fileRecord>;
export type ManifestEntry = z.infer<typeof entryRecord>;
export type Manifest = z.infer<typeof manifestSchema>;

/** The folder's manifest, or null when there is none or it does not read back whole (then nothing in the folder is Preflight's). */
export async function readManifest(folder: string): Promise<Manifest | null> {
  const path = join(folder, MANIFEST_NAME);
  try {
    if (!(await lstat(path)).isFile()) return null;
    const parsed = manifestSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function manifestText(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + '\n';
}

async function recordFile(path: string): Promise<FileRecord> {
  const info = await lstat(path);
  return { size: info.size, mtimeMs: info.mtimeMs };
}

/** The manifest entry for a staged file or folder (a folder holds plain files only). */
export async function recordEntry(path: string): Promise<ManifestEntry> {
  const info = await lstat(path);
  if (info.isFile()) return { kind: 'file', size: info.size, mtimeMs: info.mtimeMs };
  if (!info.isDirectory()) throw new Error(`Not a file or folder: ${path}`);
  const files: Record<string, FileRecord> = {};
  for (const item of await readdir(path, { withFileTypes: true })) {
    if (!item.isFile()) throw new Error(`A staged folder holds more than files: ${join(path, item.name)}`);
    files[item.name] = await recordFile(join(path, item.name));
  }
  return { kind: 'folder', files };
}

async function fileMatches(path: string, record: FileRecord): Promise<boolean> {
  const info = await lstat(path).catch(() => null);
  return !!info?.isFile() && info.size === record.size && info.mtimeMs === record.mtimeMs;
}

/** Whether `path` is still exactly what `entry` recorded (a folder: those files and no others). */
export async function entryMatches(path: string, entry: ManifestEntry): Promise<boolean> {
  if (entry.kind === 'file') return fileMatches(path, entry);
  const info = await lstat(path).catch(() => null);
  if (!info?.isDirectory()) return false;
  const present = await readdir(path);
  const expected = Object.keys(entry.files);
  if (present.length !== expected.length || present.some((name) => !Object.hasOwn(entry.files, name))) return false;
  for (const name of expected) if (!(await fileMatches(join(path, name), entry.files[name]!))) return false;
  return true;
}

/**
 * The outputs a reader may trust: the names in a complete manifest whose files are still
 * as written, or null when the folder holds no complete set (no manifest, a damaged one,
 * or a commit that was interrupted).
 */
export async function readCompleteOutputs(folder: string): Promise<string[] | null> {
  const manifest = await readManifest(folder);
  if (!manifest || manifest.state !== 'complete') return null;
  const names: string[] = [];
  for (const [name, entry] of Object.entries(manifest.entries)) {
    if (await entryMatches(join(folder, name), entry)) names.push(name);
  }
  return names.sort();
}
