// The real engine (electron/engine/check.ts) in the bundled worker, driven
// through the app's request handlers: a small list is checked, reviewed page by
// page and exported; a long one is cancelled part-way.
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventChannel, IpcResult, RequestChannel } from '../../shared/ipc/contract';
import { DEFAULT_SETTINGS } from '../../shared/model/check';
import type { CheckSettings, Report, RowPage } from '../../shared/model/check';
import { createHandlers } from '../../electron/main/handlers';
import { dispatchRequest } from '../../electron/main/ipc-dispatch';
import type { Logger } from '../../electron/main/log';
import { buildEngineWorker } from './build-worker';

const SETTINGS: CheckSettings = {
  ...DEFAULT_SETTINGS,
  offline: true,
  dns: { ...DEFAULT_SETTINGS.dns, mode: 'off' },
  now: '2025-06-01T00:00:00Z',
};

let scratch: string;
let workerPath: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'preflight-engine-worker-'));
  workerPath = await buildEngineWorker({ fakeEngine: false });
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await rm(join(workerPath, '..'), { recursive: true, force: true });
});

function app(dataDir: string, exportFolder: string | null = null) {
  const events: { channel: EventChannel; payload: Record<string, unknown> }[] = [];
  const log: Logger = { info: () => {}, warn: () => {}, error: () => {} };
  const { handlers, dispose } = createHandlers({
    dialogs: { openList: async () => null, openSuppression: async () => null, chooseExportFolder: async () => exportFolder },
    shell: { openExternal: async () => {}, showFolder: async () => {} },
    emit: (channel, ...args) => events.push({ channel, payload: args[0] as Record<string, unknown> }),
    dataDir,
    engineWorkerPath: workerPath,
    log,
  });
  const call = async <T>(channel: RequestChannel, ...args: unknown[]): Promise<T> => {
    const result: IpcResult<unknown> = await dispatchRequest(handlers, channel, args, log);
    if (!result.ok) throw new Error(result.message);
    return result.value as T;
  };
  const terminal = async (jobId: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = events.find((e) => (e.channel === 'check:finished' || e.channel === 'check:failed') && e.payload.jobId === jobId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('the check did not end');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { events, call, terminal, dispose };
}

describe('the real engine in the worker', () => {
  it('checks a small list, pages through the rows and exports the same files as the CLI', async () => {
    const list = join(scratch, 'list.csv');
    await writeFile(
      list,
      [
        'email,opt_in',
        'ada@mail.test.invalid,yes', // reserved domain → remove
        'not-an-address,yes', // syntax → remove
        'grace@gmail.com,yes', // send
        'GRACE@gmail.com,yes', // duplicate → remove
        'linus@gmail.com,no', // no consent → remove
        'info@fastmail.com,yes', // role account → review
      ].join('\n') + '\n',
    );
    const exportFolder = join(scratch, 'export');
    await mkdir(exportFolder);
    const { events, call, terminal, dispose } = app(join(scratch, 'data-small'), exportFolder);
    try {
      const { jobId } = await call<{ jobId: string }>('check:start', { path: list, settings: SETTINGS });
      const end = await terminal(jobId);
      expect(end.channel, JSON.stringify(end.payload)).toBe('check:finished');
      const report = end.payload.report as Report;
      expect(report.rows).toBe(6);
      expect(report.verdicts).toEqual({ send: 1, review: 1, remove: 4 });
      expect(events.some((e) => e.channel === 'check:progress')).toBe(true);

      const page = await call<RowPage>('review:rows', jobId, { offset: 0, limit: 2 });
      expect(page.total).toBe(6);
      expect(page.rows.map((r) => r.row)).toEqual([1, 2]);
      const removed = await call<RowPage>('review:rows', jobId, { verdict: 'remove', offset: 0, limit: 100 });
      expect(removed.rows.map((r) => r.email)).toEqual(['ada@mail.test.invalid', 'not-an-address', 'GRACE@gmail.com', 'linus@gmail.com']);

      await call('dialog:choose-export-folder');
      const exported = await call<{ files: string[] }>('export:write', jobId, exportFolder);
      expect(exported.files).toEqual(['annotated.csv', 'remove.csv', 'report.json', 'review.csv', 'send.csv']);
      expect((await readdir(exportFolder)).sort()).toEqual(['.preflight-manifest.json', ...exported.files]);
      const annotated = (await readFile(join(exportFolder, 'annotated.csv'), 'utf8')).trim().split(/\r?\n/);
      expect(annotated).toHaveLength(7);
      expect(annotated[0]).toMatch(/^email,opt_in,preflight_verdict,preflight_reasons/);
    } finally {
      await dispose();
    }
  });

  it('cancels a long check part-way and can start again', async () => {
    const list = join(scratch, 'long.csv');
    const out = createWriteStream(list);
    out.write('email,opt_in\n');
    for (let i = 0; i < 150_000; i++) {
      if (!out.write(`person${i}@gmail.com,yes\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const { events, call, terminal, dispose } = app(join(scratch, 'data-long'));
    try {
      const { jobId } = await call<{ jobId: string }>('check:start', { path: list, settings: SETTINGS });
      const deadline = Date.now() + 10_000;
      // The first progress event: the engine is running.
      while (!events.some((e) => e.channel === 'check:progress')) {
        if (Date.now() > deadline) throw new Error('no progress');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await call('check:cancel', jobId);
      const end = await terminal(jobId);
      expect(end).toEqual({ channel: 'check:failed', payload: { jobId, message: 'The check was cancelled.', cancelled: true } });

      const short = join(scratch, 'short.csv');
      await writeFile(short, 'email,opt_in\nada@gmail.com,yes\n');
      const again = await call<{ jobId: string }>('check:start', { path: short, settings: SETTINGS });
      expect((await terminal(again.jobId)).channel).toBe('check:finished');
    } finally {
      await dispose();
    }
  });
});
