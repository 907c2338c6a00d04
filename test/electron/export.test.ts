// Export is all or nothing: a failure part-way leaves the destination as it was.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as FsPromises from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const failures = vi.hoisted(() => ({ renameCall: 0, failRenameAt: -1, failCopy: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  return {
    ...real,
    rename: async (from: string, to: string) => {
      failures.renameCall++;
      if (failures.renameCall === failures.failRenameAt) throw enospc();
      return real.rename(from, to);
    },
    copyFile: async (from: string, to: string) => {
      if (failures.failCopy && from.endsWith('review.csv')) throw enospc();
      return real.copyFile(from, to);
    },
  };
});

import { exportEntries, exportOutputs } from '../../electron/main/export';

const OUTPUTS = ['annotated.csv', 'remove.csv', 'report.json', 'review.csv', 'send.csv'];
let base: string;
let source: string;
let folder: string;

beforeEach(async () => {
  Object.assign(failures, { renameCall: 0, failRenameAt: -1, failCopy: false });
  base = await mkdtemp(join(tmpdir(), 'preflight-export-'));
  source = join(base, 'job');
  folder = join(base, 'out');
  await mkdir(source);
  await mkdir(folder);
  for (const name of OUTPUTS) await writeFile(join(source, name), `new ${name}`);
  await writeFile(join(source, 'annotated.csv.tmp'), 'half-written');
  // The user's folder already holds an older report (an earlier export) and an unrelated file.
  await earlierExport({ 'report.json': 'old report' });
  await writeFile(join(folder, 'notes.txt'), 'mine');
  failures.renameCall = 0;
});

/** An earlier export of these files (and folders of files) into `folder`: outputs Preflight wrote there. */
async function earlierExport(files: Record<string, string>): Promise<void> {
  const earlier = join(base, `earlier-${Math.random().toString(36).slice(2)}`);
  const names = new Set<string>();
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(earlier, path, '..'), { recursive: true });
    await writeFile(join(earlier, path), text);
    names.add(path.split('/')[0]!);
  }
  await exportEntries(
    folder,
    [...names].map((name) => ({ source: join(earlier, name), name })),
  );
}

const noSpace = () => `Cannot write to the folder "${folder}": the disk is full; free some space or choose another folder.`;

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function snapshot(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')] as const)));
}

describe('exportOutputs', () => {
  it('replaces older outputs, keeps other files, skips temp files and leaves no staging folder', async () => {
    await expect(exportOutputs(source, folder)).resolves.toEqual(OUTPUTS);
    const { ['.preflight-manifest.json']: manifest, ...files } = await snapshot(folder);
    expect(files).toEqual({
      ...Object.fromEntries(OUTPUTS.map((n) => [n, `new ${n}`])),
      'notes.txt': 'mine',
    });
    expect(Object.keys(JSON.parse(manifest!).entries).sort()).toEqual(OUTPUTS);
  });

  it('restores the folder exactly when a move fails part-way', async () => {
    const before = await snapshot(folder);
    // Renames: the committing manifest, five moves aside (report.json's the only real one), then
    // the new files in place: the ninth, placing report.json, fails.
    failures.failRenameAt = 9;
    await expect(exportOutputs(source, folder)).rejects.toThrow(noSpace());
    expect(await snapshot(folder)).toEqual(before);
  });

  it('writes nothing when copying into the staging folder fails', async () => {
    const before = await snapshot(folder);
    failures.failCopy = true;
    await expect(exportOutputs(source, folder)).rejects.toMatchObject({
      name: 'UserError',
      code: 'output_unwritable',
      message: `Preflight cannot write to ${folder}: the disk is full.`,
    });
    expect(await snapshot(folder)).toEqual(before);
  });

  it('a folder named like an output, with the user’s files in it, survives: the export refuses, naming it', async () => {
    await mkdir(join(folder, 'send.csv'));
    await writeFile(join(folder, 'send.csv', 'mine.txt'), 'mine');
    const before = await snapshot(join(folder, 'send.csv'));
    await expect(exportOutputs(source, folder)).rejects.toThrow(`"${join(folder, 'send.csv')}" is a folder`);
    expect(await snapshot(join(folder, 'send.csv'))).toEqual(before);
    expect(await readFile(join(folder, 'report.json'), 'utf8')).toBe('old report');
  });

  it('a file the user made under an output’s name survives: the export refuses', async () => {
    await writeFile(join(folder, 'review.csv'), 'the user’s review list');
    await expect(exportOutputs(source, folder)).rejects.toThrow('was not written by Preflight');
    expect(await readFile(join(folder, 'review.csv'), 'utf8')).toBe('the user’s review list');
    expect(await readFile(join(folder, 'report.json'), 'utf8')).toBe('old report');
  });

  it('names a missing folder', async () => {
    await expect(exportOutputs(source, join(base, 'nope'))).rejects.toThrow(
      `Preflight cannot write to ${join(base, 'nope')}: the folder does not exist.`,
    );
  });
});

describe("exportEntries with a folder (the plan's batches)", () => {
  async function planFolder(): Promise<string> {
    const plan = join(base, 'plan');
    await mkdir(join(plan, 'batches'), { recursive: true });
    await writeFile(join(plan, 'plan.json'), 'new plan');
    for (const name of ['batch-0001.csv', 'batch-0002.csv']) await writeFile(join(plan, 'batches', name), `new ${name}`);
    // An older plan exported to the user's folder had more batches.
    await earlierExport(
      Object.fromEntries(['batch-0001.csv', 'batch-0002.csv', 'batch-0003.csv'].map((name) => [`batches/${name}`, `old ${name}`])),
    );
    failures.renameCall = 0;
    return plan;
  }

  it('replaces the folder whole, lists its files, and leaves no staging folder', async () => {
    const plan = await planFolder();
    const written = await exportEntries(folder, [
      { source: join(source, 'send.csv'), name: 'send.csv' },
      { source: join(plan, 'plan.json'), name: 'plan.json' },
      { source: join(plan, 'batches'), name: 'batches' },
    ]);
    expect(written).toEqual(['batches/batch-0001.csv', 'batches/batch-0002.csv', 'plan.json', 'send.csv']);
    expect(await snapshot(join(folder, 'batches'))).toEqual({
      'batch-0001.csv': 'new batch-0001.csv',
      'batch-0002.csv': 'new batch-0002.csv',
    });
    expect((await readdir(folder)).filter((name) => name.startsWith('.'))).toEqual(['.preflight-manifest.json']);
  });

  it('puts the older folder back when a later move fails', async () => {
    const plan = await planFolder();
    const before = await snapshot(join(folder, 'batches'));
    // Renames in order: the committing manifest, batches aside, plan.json and send.csv aside
    // (none there), staged batches in, plan.json in, send.csv in (fails).
    failures.failRenameAt = 7;
    await expect(
      exportEntries(folder, [
        { source: join(plan, 'batches'), name: 'batches' },
        { source: join(plan, 'plan.json'), name: 'plan.json' },
        { source: join(source, 'send.csv'), name: 'send.csv' },
      ]),
    ).rejects.toThrow(noSpace());
    expect(await snapshot(join(folder, 'batches'))).toEqual(before);
    expect((await readdir(folder)).sort()).toEqual(['.preflight-manifest.json', 'batches', 'notes.txt', 'report.json']);
  });
});
