import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createCsvWriter } from '../../electron/services/export/csv-writer';
import { createOutputStaging, STAGING_PREFIX, type StagingOptions } from '../../electron/services/export/staging';
import { MANIFEST_NAME, readCompleteOutputs } from '../../electron/services/export/manifest';

// Renames fail on demand (source or destination path → error code); otherwise they are real.
const failRename = vi.hoisted(() => new Map<string, string>());
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  const rename = async (from: string, to: string): Promise<void> => {
    const code = failRename.get(from) ?? failRename.get(to);
    if (code) throw Object.assign(new Error(`${code}: injected`), { code });
    return actual.rename(from, to);
  };
  return { ...actual, rename, default: { ...actual, rename } };
});
import { useTempDir } from './import-test-files';
import { userErrorFrom } from '../support/user-error';

const next = useTempDir('preflight-staging-');

const CHECK: StagingOptions = { files: ['annotated.csv', 'send.csv', 'review.csv', 'report.json'] };

/** A completed run that wrote these files (so they are Preflight's, listed in the manifest). */
async function earlierRun(out: string, files: Record<string, string>): Promise<void> {
  const staging = await createOutputStaging(out, CHECK);
  for (const [name, text] of Object.entries(files)) writeFileSync(staging.path(name), text);
  await staging.commit();
}

const visible = (out: string) =>
  readdirSync(out)
    .filter((name) => name !== MANIFEST_NAME)
    .sort();

describe('createOutputStaging', () => {
  it('creates a missing output folder and writes into a hidden folder inside it', async () => {
    const out = join(next(), 'results', 'march');
    const staging = await createOutputStaging(out, CHECK);
    expect(existsSync(out)).toBe(true);
    expect(staging.dir.startsWith(join(out, STAGING_PREFIX))).toBe(true);
    expect(staging.path('send.csv')).toBe(join(staging.dir, 'send.csv'));
    expect(() => staging.path('../escape.csv')).toThrow();
    expect(() => staging.path('a/b.csv')).toThrow();
    expect(() => staging.path('other.csv')).toThrow();
    await staging.abort();
  });

  it('commit moves every staged file into place, replacing older outputs, and leaves nothing else', async () => {
    const out = next();
    mkdirSync(out);
    await earlierRun(out, { 'send.csv': 'old send' });
    writeFileSync(join(out, 'notes.txt'), 'the user’s own file');
    const staging = await createOutputStaging(out, CHECK);
    const writer = createCsvWriter(staging.path('send.csv'));
    writer.write(['email']);
    await writer.close();
    await writeFile(staging.path('report.json'), '{}');
    expect(readFileSync(join(out, 'send.csv'), 'utf8')).toBe('old send'); // nothing visible before commit
    const files = await staging.commit();
    expect(files.sort()).toEqual([join(out, 'report.json'), join(out, 'send.csv')]);
    expect(readdirSync(out).sort()).toEqual([MANIFEST_NAME, 'notes.txt', 'report.json', 'send.csv']);
    expect(readFileSync(join(out, 'send.csv'), 'utf8')).toBe('\uFEFFemail\r\n');
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('the user’s own file');
    expect(await readCompleteOutputs(out)).toEqual(['report.json', 'send.csv']);
    await staging.abort(); // a no-op after commit
    expect(readdirSync(out).sort()).toEqual([MANIFEST_NAME, 'notes.txt', 'report.json', 'send.csv']);
  });

  it('abort removes the staged files and leaves older outputs as they were', async () => {
    const out = next();
    mkdirSync(out);
    await earlierRun(out, { 'send.csv': 'old send' });
    const staging = await createOutputStaging(out, CHECK);
    writeFileSync(staging.path('send.csv'), 'half written');
    await staging.abort();
    expect(readdirSync(out).sort()).toEqual([MANIFEST_NAME, 'send.csv']);
    expect(readFileSync(join(out, 'send.csv'), 'utf8')).toBe('old send');
  });

  it('abort also removes the folders it created', async () => {
    const parent = next();
    mkdirSync(parent);
    const staging = await createOutputStaging(join(parent, 'new', 'deeper'), CHECK);
    writeFileSync(staging.path('annotated.csv'), 'x');
    await staging.abort();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses a path under a plain file, with one sentence naming the folder, leaving nothing behind', async () => {
    const parent = next();
    mkdirSync(parent);
    writeFileSync(join(parent, 'list.csv'), 'email\n');
    const out = join(parent, 'list.csv', 'results');
    const error = await userErrorFrom(createOutputStaging(out, CHECK));
    expect(error.code).toBe('output_unwritable');
    expect(error.message).toBe(`Cannot create the folder "${out}": part of that path is a file, not a folder.`);
    expect(readdirSync(parent)).toEqual(['list.csv']);
  });

  it('refuses an output folder that is a file', async () => {
    const path = next();
    writeFileSync(path, 'x');
    expect((await userErrorFrom(createOutputStaging(path, CHECK))).code).toBe('output_unwritable');
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder it may not write to', async () => {
    const out = next();
    mkdirSync(out);
    chmodSync(out, 0o500);
    try {
      const error = await userErrorFrom(createOutputStaging(out, CHECK));
      expect(error.message).toContain('permission denied');
    } finally {
      chmodSync(out, 0o700);
    }
  });

  it('never replaces the input list, even when it is named like an output: refused before any work', async () => {
    const out = next();
    mkdirSync(out);
    const input = join(out, 'annotated.csv');
    writeFileSync(input, 'email\na@b.co\n');
    const error = await userErrorFrom(createOutputStaging(out, { ...CHECK, protect: [input] }));
    expect(error.code).toBe('output_unwritable');
    expect(error.message).toContain('input file');
    expect(readdirSync(out)).toEqual(['annotated.csv']);
    expect(readFileSync(input, 'utf8')).toBe('email\na@b.co\n');
  });

  it('never replaces the input list even when an earlier run wrote it (re-checking send.csv into its own folder)', async () => {
    const out = next();
    mkdirSync(out);
    await earlierRun(out, { 'send.csv': 'email\na@b.co\n' });
    const input = join(out, 'send.csv');
    const error = await userErrorFrom(createOutputStaging(out, { ...CHECK, protect: [input] }));
    expect(error.message).toContain('input file');
    expect(readFileSync(input, 'utf8')).toBe('email\na@b.co\n');
  });

  it('puts everything back when an output cannot be replaced (a file held open by Excel on Windows)', async () => {
    const out = next();
    mkdirSync(out);
    await earlierRun(out, { 'annotated.csv': 'old annotated', 'send.csv': 'old send' });
    const manifestBefore = readFileSync(join(out, MANIFEST_NAME), 'utf8');
    const staging = await createOutputStaging(out, CHECK);
    writeFileSync(staging.path('annotated.csv'), 'new annotated');
    writeFileSync(staging.path('send.csv'), 'new send');
    writeFileSync(staging.path('review.csv'), 'new review');
    failRename.set(join(out, 'send.csv'), 'EBUSY'); // moving the old send.csv aside fails
    const error = await userErrorFrom(staging.commit());
    failRename.clear();
    expect(error.code).toBe('output_unwritable');
    expect(error.message).toContain('"send.csv"');
    expect(error.message).toContain('open in another program');
    expect(readFileSync(join(out, 'annotated.csv'), 'utf8')).toBe('old annotated');
    expect(readFileSync(join(out, 'send.csv'), 'utf8')).toBe('old send');
    expect(readFileSync(join(out, MANIFEST_NAME), 'utf8')).toBe(manifestBefore);
    await staging.abort();
    expect(visible(out)).toEqual(['annotated.csv', 'send.csv']);
    expect(await readCompleteOutputs(out)).toEqual(['annotated.csv', 'send.csv']);
  });

  it('takes the new files back when placing one fails midway', async () => {
    const out = next();
    mkdirSync(out);
    await earlierRun(out, { 'annotated.csv': 'old annotated' });
    const staging = await createOutputStaging(out, CHECK);
    writeFileSync(staging.path('annotated.csv'), 'new annotated');
    writeFileSync(staging.path('send.csv'), 'new send');
    failRename.set(staging.path('send.csv'), 'ENOSPC'); // placing the new send.csv fails
    const error = await userErrorFrom(staging.commit());
    failRename.clear();
    expect(error.message).toContain('the disk is full');
    expect(visible(out).filter((name) => !name.startsWith('.'))).toEqual(['annotated.csv']); // the staging folder and the lock until abort
    expect(readFileSync(join(out, 'annotated.csv'), 'utf8')).toBe('old annotated');
    await staging.abort();
    expect(visible(out)).toEqual(['annotated.csv']);
    expect(await readCompleteOutputs(out)).toEqual(['annotated.csv']);
  });
});

describe('only files Preflight wrote are ever replaced', () => {
  it('a folder named like an output, with the user’s files in it, survives: the run refuses before any work, naming it', async () => {
    const out = next();
    mkdirSync(join(out, 'annotated.csv'), { recursive: true });
    writeFileSync(join(out, 'annotated.csv', 'contract.pdf'), 'the user’s contract');
    const error = await userErrorFrom(createOutputStaging(out, CHECK));
    expect(error.code).toBe('output_unwritable');
    expect(error.message).toContain(`"${join(out, 'annotated.csv')}" is a folder`);
    expect(readdirSync(out)).toEqual(['annotated.csv']);
    expect(readFileSync(join(out, 'annotated.csv', 'contract.pdf'), 'utf8')).toBe('the user’s contract');
  });

  it('a file of an output’s name that Preflight did not write survives, and the run refuses', async () => {
    const out = next();
    mkdirSync(out);
    writeFileSync(join(out, 'send.csv'), 'the user’s own send list');
    const error = await userErrorFrom(createOutputStaging(out, CHECK));
    expect(error.message).toContain(`"${join(out, 'send.csv')}" was not written by Preflight`);
    expect(readdirSync(out)).toEqual(['send.csv']);
    expect(readFileSync(join(out, 'send.csv'), 'utf8')).toBe('the user’s own send list');
  });

  it('an output the user edited since Preflight wrote it survives, and the run refuses', async () => {
    const out = next();
    mkdirSync(out);
    await earlierRun(out, { 'send.csv': 'email\na@b.co\n' });
    writeFileSync(join(out, 'send.csv'), 'email\na@b.co\nadded-by-hand@b.co\n');
    const error = await userErrorFrom(createOutputStaging(out, CHECK));
    expect(error.message).toContain('was not written by Preflight (or was changed since)');
    expect(readFileSync(join(out, 'send.csv'), 'utf8')).toBe('email\na@b.co\nadded-by-hand@b.co\n');
  });

  it('an input inside a folder named like an output survives: refused, never deleted', async () => {
    const out = next();
    mkdirSync(join(out, 'send.csv'), { recursive: true });
    const input = join(out, 'send.csv', 'list.csv');
    writeFileSync(input, 'email\na@b.co\n');
    const error = await userErrorFrom(createOutputStaging(out, { ...CHECK, protect: [input] }));
    expect(error.message).toContain('Your input file is inside');
    expect(readFileSync(input, 'utf8')).toBe('email\na@b.co\n');
  });

  it('a damaged manifest makes nothing Preflight’s: the outputs it listed are not replaced', async () => {
    const out = next();
    mkdirSync(out);
    await earlierRun(out, { 'send.csv': 'old send' });
    writeFileSync(join(out, MANIFEST_NAME), '{"format":"preflight-outputs","version":1,"state":"compl');
    const error = await userErrorFrom(createOutputStaging(out, CHECK));
    expect(error.message).toContain('was not written by Preflight');
    expect(readFileSync(join(out, 'send.csv'), 'utf8')).toBe('old send');
  });

  it('a folder the user made after the check started is refused at commit, and survives', async () => {
    const out = next();
    mkdirSync(out);
    const staging = await createOutputStaging(out, CHECK);
    writeFileSync(staging.path('review.csv'), 'new review');
    mkdirSync(join(out, 'review.csv'));
    writeFileSync(join(out, 'review.csv', 'mine.txt'), 'mine');
    const error = await userErrorFrom(staging.commit());
    expect(error.message).toContain('is a folder');
    await staging.abort();
    expect(readFileSync(join(out, 'review.csv', 'mine.txt'), 'utf8')).toBe('mine');
  });
});
