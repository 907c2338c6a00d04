import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createCsvWriter } from '../../electron/services/export/csv-writer';
import { createOutputStaging, STAGING_PREFIX } from '../../electron/services/export/staging';

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
import { isUserError, type UserError } from '../../shared/model/errors';
import { useTempDir } from './import-test-files';

const next = useTempDir('preflight-staging-');

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!isUserError(error)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error;
}

describe('createOutputStaging', () => {
  it('creates a missing output folder and writes into a hidden folder inside it', async () => {
    const out = join(next(), 'results', 'march');
    const staging = await createOutputStaging(out);
    expect(existsSync(out)).toBe(true);
    expect(staging.dir.startsWith(join(out, STAGING_PREFIX))).toBe(true);
    expect(staging.path('send.csv')).toBe(join(staging.dir, 'send.csv'));
    expect(() => staging.path('../escape.csv')).toThrow();
    expect(() => staging.path('a/b.csv')).toThrow();
    await staging.abort();
  });

  it('commit moves every staged file into place, replacing older outputs, and leaves nothing else', async () => {
    const out = next();
    mkdirSync(out);
    writeFileSync(join(out, 'send.csv'), 'old send');
    writeFileSync(join(out, 'notes.txt'), 'the user’s own file');
    const staging = await createOutputStaging(out);
    const writer = createCsvWriter(staging.path('send.csv'));
    writer.write(['email']);
    await writer.close();
    await writeFile(staging.path('report.json'), '{}');
    expect(readFileSync(join(out, 'send.csv'), 'utf8')).toBe('old send'); // nothing visible before commit
    const files = await staging.commit();
    expect(files.sort()).toEqual([join(out, 'report.json'), join(out, 'send.csv')]);
    expect(readdirSync(out).sort()).toEqual(['notes.txt', 'report.json', 'send.csv']);
    expect(readFileSync(join(out, 'send.csv'), 'utf8')).toBe('\uFEFFemail\r\n');
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('the user’s own file');
    await staging.abort(); // a no-op after commit
    expect(readdirSync(out).sort()).toEqual(['notes.txt', 'report.json', 'send.csv']);
  });

  it('abort removes the staged files and leaves older outputs as they were', async () => {
    const out = next();
    mkdirSync(out);
    writeFileSync(join(out, 'send.csv'), 'old send');
    const staging = await createOutputStaging(out);
    writeFileSync(staging.path('send.csv'), 'half written');
    await staging.abort();
    expect(readdirSync(out)).toEqual(['send.csv']);
    expect(readFileSync(join(out, 'send.csv'), 'utf8')).toBe('old send');
  });

  it('abort also removes the folders it created', async () => {
    const parent = next();
    mkdirSync(parent);
    const staging = await createOutputStaging(join(parent, 'new', 'deeper'));
    writeFileSync(staging.path('annotated.csv'), 'x');
    await staging.abort();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses a path under a plain file, with one sentence naming the folder, leaving nothing behind', async () => {
    const parent = next();
    mkdirSync(parent);
    writeFileSync(join(parent, 'list.csv'), 'email\n');
    const out = join(parent, 'list.csv', 'results');
    const error = await failure(createOutputStaging(out));
    expect(error.code).toBe('output_unwritable');
    expect(error.message).toBe(`Cannot create the folder "${out}": part of that path is a file, not a folder.`);
    expect(readdirSync(parent)).toEqual(['list.csv']);
  });

  it('refuses an output folder that is a file', async () => {
    const path = next();
    writeFileSync(path, 'x');
    expect((await failure(createOutputStaging(path))).code).toBe('output_unwritable');
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder it may not write to', async () => {
    const out = next();
    mkdirSync(out);
    chmodSync(out, 0o500);
    try {
      const error = await failure(createOutputStaging(out));
      expect(error.message).toContain('permission denied');
    } finally {
      chmodSync(out, 0o700);
    }
  });

  it('never replaces the input list, even when it is named like an output', async () => {
    const out = next();
    mkdirSync(out);
    const input = join(out, 'annotated.csv');
    writeFileSync(input, 'email\na@b.co\n');
    const staging = await createOutputStaging(out, { protect: [input] });
    writeFileSync(staging.path('annotated.csv'), 'new');
    writeFileSync(staging.path('send.csv'), 'new');
    const error = await failure(staging.commit());
    expect(error.code).toBe('output_unwritable');
    expect(error.message).toContain('input file');
    await staging.abort();
    expect(readdirSync(out)).toEqual(['annotated.csv']);
    expect(readFileSync(input, 'utf8')).toBe('email\na@b.co\n');
  });

  it('puts everything back when an output cannot be replaced (a file held open by Excel on Windows)', async () => {
    const out = next();
    mkdirSync(out);
    writeFileSync(join(out, 'annotated.csv'), 'old annotated');
    writeFileSync(join(out, 'send.csv'), 'old send');
    const staging = await createOutputStaging(out);
    writeFileSync(staging.path('annotated.csv'), 'new annotated');
    writeFileSync(staging.path('send.csv'), 'new send');
    writeFileSync(staging.path('review.csv'), 'new review');
    failRename.set(join(out, 'send.csv'), 'EBUSY'); // moving the old send.csv aside fails
    const error = await failure(staging.commit());
    failRename.clear();
    expect(error.code).toBe('output_unwritable');
    expect(error.message).toContain('"send.csv"');
    expect(error.message).toContain('open in another program');
    expect(readFileSync(join(out, 'annotated.csv'), 'utf8')).toBe('old annotated');
    expect(readFileSync(join(out, 'send.csv'), 'utf8')).toBe('old send');
    await staging.abort();
    expect(readdirSync(out).sort()).toEqual(['annotated.csv', 'send.csv']);
  });

  it('takes the new files back when placing one fails midway', async () => {
    const out = next();
    mkdirSync(out);
    writeFileSync(join(out, 'annotated.csv'), 'old annotated');
    const staging = await createOutputStaging(out);
    writeFileSync(staging.path('annotated.csv'), 'new annotated');
    writeFileSync(staging.path('send.csv'), 'new send');
    failRename.set(staging.path('send.csv'), 'ENOSPC'); // placing the new send.csv fails
    const error = await failure(staging.commit());
    failRename.clear();
    expect(error.message).toContain('the disk is full');
    expect(readdirSync(out).filter((name) => !name.startsWith(STAGING_PREFIX))).toEqual(['annotated.csv']);
    expect(readFileSync(join(out, 'annotated.csv'), 'utf8')).toBe('old annotated');
    await staging.abort();
    expect(readdirSync(out)).toEqual(['annotated.csv']);
  });
});
