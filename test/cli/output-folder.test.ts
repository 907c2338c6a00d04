// The output folder is the user's: Preflight replaces only files it wrote itself
// (electron/services/export/staging.ts, manifest.ts), through the real CLI.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folderContents, tempDir } from '../support/cli';
import { writeSendList } from '../support/send-list';

const PLAN_ARGS = ['--max-24h', '1000', '--max-rate', '5', '--now', '2026-03-01T12:00:00Z'];

function expectOneSentence(result: { code: number; stdout: string; stderr: string }, naming: string): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(naming);
}

async function list(path: string): Promise<void> {
  await writeFile(path, 'email,opt_in\nada@example.org,yes\ngrace@example.net,yes\n');
}

describe('check --out never deletes what Preflight did not write', () => {
  it('a folder named annotated.csv with the user’s files in it survives, and the check refuses naming it', async () => {
    const dir = await tempDir('preflight-outputs-');
    const input = join(dir, 'list.csv');
    await list(input);
    const out = join(dir, 'out');
    await mkdir(join(out, 'annotated.csv'), { recursive: true });
    await writeFile(join(out, 'annotated.csv', 'invoice.pdf'), 'the user’s invoice');
    const before = await folderContents(out);

    const result = await cli(['check', input, '--out', out, '--offline', '--quiet']);

    expectOneSentence(result, join(out, 'annotated.csv'));
    expect(await folderContents(out)).toEqual(before);
  });

  it('an input at DIR/send.csv/list.csv checked with --out DIR survives, and the check refuses', async () => {
    const dir = await tempDir('preflight-outputs-');
    await mkdir(join(dir, 'send.csv'));
    const input = join(dir, 'send.csv', 'list.csv');
    await list(input);
    const inputBefore = await readFile(input, 'utf8');

    const result = await cli(['check', input, '--out', dir, '--offline', '--quiet']);

    expectOneSentence(result, join(dir, 'send.csv'));
    expect(await readFile(input, 'utf8')).toBe(inputBefore);
    expect(await folderContents(dir)).toEqual({ [join('send.csv', 'list.csv')]: expect.any(String) });
  });

  it('a send.csv the user made (not Preflight’s) survives, and the check refuses', async () => {
    const dir = await tempDir('preflight-outputs-');
    const input = join(dir, 'list.csv');
    await list(input);
    const out = join(dir, 'out');
    await mkdir(out);
    await writeFile(join(out, 'send.csv'), 'email\nhand-picked@example.org\n');

    const result = await cli(['check', input, '--out', out, '--offline', '--quiet']);

    expectOneSentence(result, 'was not written by Preflight');
    expect(await readFile(join(out, 'send.csv'), 'utf8')).toBe('email\nhand-picked@example.org\n');
  });

  it('a second check into the same folder replaces the first one’s outputs', async () => {
    const dir = await tempDir('preflight-outputs-');
    const input = join(dir, 'list.csv');
    await list(input);
    const out = join(dir, 'out');
    expect((await cli(['check', input, '--out', out, '--offline', '--quiet'])).code).toBe(0);
    await writeFile(input, 'email,opt_in\nalan@example.com,yes\n');
    const again = await cli(['check', input, '--out', out, '--offline', '--quiet']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(await readFile(join(out, 'annotated.csv'), 'utf8')).toContain('alan@example.com');
  });
});

describe('plan --out never deletes what Preflight did not write', () => {
  it('a folder named plan.json with the user’s files in it survives, and the plan refuses naming it', async () => {
    const dir = await tempDir('preflight-outputs-');
    const input = join(dir, 'send.csv');
    await writeSendList(input, 30);
    const out = join(dir, 'plan');
    await mkdir(join(out, 'plan.json'), { recursive: true });
    await writeFile(join(out, 'plan.json', 'notes.txt'), 'mine');
    const before = await folderContents(out);

    const result = await cli(['plan', input, '--out', out, ...PLAN_ARGS]);

    expectOneSentence(result, join(out, 'plan.json'));
    expect(await folderContents(out)).toEqual(before);
  });

  it('a file of the user’s inside batches/ survives a new plan: the plan refuses, the earlier plan stays whole', async () => {
    const dir = await tempDir('preflight-outputs-');
    const input = join(dir, 'send.csv');
    await writeSendList(input, 30);
    const out = join(dir, 'plan');
    expect((await cli(['plan', input, '--out', out, ...PLAN_ARGS])).code).toBe(0);
    await writeFile(join(out, 'batches', 'what-we-sent.txt'), 'the user’s notes');
    const before = await folderContents(out);

    const result = await cli(['plan', input, '--out', out, ...PLAN_ARGS]);

    expectOneSentence(result, join(out, 'batches'));
    expect(await folderContents(out)).toEqual(before);
  });

  it('a plan next to its check keeps the check’s outputs, and both are replaceable afterwards', async () => {
    const dir = await tempDir('preflight-outputs-');
    const input = join(dir, 'list.csv');
    await writeSendList(input, 30);
    const out = join(dir, 'out');
    expect((await cli(['check', input, '--out', out, '--offline', '--quiet'])).code).toBe(0);
    const planned = await cli(['plan', join(out, 'send.csv'), '--out', out, ...PLAN_ARGS]);
    expect(planned.stderr).toBe('');
    expect(planned.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, '.preflight-manifest.json'), 'utf8')) as {
      state: string;
      entries: Record<string, unknown>;
    };
    expect(manifest.state).toBe('complete');
    expect(Object.keys(manifest.entries).sort()).toEqual([
      'annotated.csv',
      'batches',
      'plan.csv',
      'plan.ics',
      'plan.json',
      'remove.csv',
      'report.json',
      'review.csv',
      'send.csv',
    ]);
    expect((await cli(['check', input, '--out', out, '--offline', '--quiet'])).code).toBe(0);
  });
});
