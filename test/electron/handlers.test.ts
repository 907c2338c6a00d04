// The request handlers with a real worker thread running a fake engine: jobs,
// progress, cancel, replacement, paging, export, preferences and the shell.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../electron/services/import/inspect', () => ({
  inspectFile: vi.fn(async (path: string) => ({ path, fileName: 'list.csv', headers: ['email'] })),
}));

import type { EventChannel, IpcResult, RequestChannel } from '../../shared/ipc/contract';
import { DEFAULT_SETTINGS } from '../../shared/model/check';
import type { CheckSettings } from '../../shared/model/check';
import { createHandlers } from '../../electron/main/handlers';
import type { HandlerDeps } from '../../electron/main/handlers';
import { dispatchRequest } from '../../electron/main/ipc-dispatch';
import type { Logger } from '../../electron/main/log';
import { DEFAULT_PREFERENCES } from '../../electron/main/prefs';
import { buildEngineWorker } from './build-worker';
import type { FakePlan } from './fake-engine/check';

const SETTINGS: CheckSettings = { ...DEFAULT_SETTINGS, offline: true, dns: { ...DEFAULT_SETTINGS.dns, mode: 'off' } };

let workerPath: string;
let scratch: string;

beforeAll(async () => {
  workerPath = await buildEngineWorker({ fakeEngine: true });
  scratch = await mkdtemp(join(tmpdir(), 'preflight-handlers-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await rm(join(workerPath, '..'), { recursive: true, force: true });
});

interface Harness {
  dataDir: string;
  events: { channel: EventChannel; payload: Record<string, unknown>; at: number }[];
  logLines: string[];
  opened: string[];
  shown: string[];
  dialogResults: { openList: string | null; openSuppression: string | null; chooseExportFolder: string | null };
  call(channel: RequestChannel, ...args: unknown[]): Promise<IpcResult<unknown>>;
  value<T>(channel: RequestChannel, ...args: unknown[]): Promise<T>;
  waitFor(channel: EventChannel, jobId: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  dispose(): Promise<void>;
}

let counter = 0;

async function setUp(jobs?: HandlerDeps['jobs']): Promise<Harness> {
  const dataDir = join(scratch, `data-${++counter}`);
  const h = {
    dataDir,
    events: [],
    logLines: [],
    opened: [],
    shown: [],
    dialogResults: { openList: null, openSuppression: null, chooseExportFolder: null },
  } as unknown as Harness;
  const log: Logger = {
    info: (m) => h.logLines.push(m),
    warn: (m) => h.logLines.push(m),
    error: (m, d) => h.logLines.push(`${m} ${String(d)}`),
  };
  const { handlers, dispose } = createHandlers({
    dialogs: {
      openList: async () => h.dialogResults.openList,
      openSuppression: async () => h.dialogResults.openSuppression,
      chooseExportFolder: async () => h.dialogResults.chooseExportFolder,
    },
    shell: {
      openExternal: async (url) => void h.opened.push(url),
      showFolder: async (path) => void h.shown.push(path),
    },
    emit: (channel, ...args) => h.events.push({ channel, payload: args[0] as Record<string, unknown>, at: Date.now() }),
    dataDir,
    engineWorkerPath: workerPath,
    log,
    jobs,
  });
  h.call = (channel, ...args) => dispatchRequest(handlers, channel, args, log);
  h.value = async <T>(channel: RequestChannel, ...args: unknown[]) => {
    const result = await h.call(channel, ...args);
    if (!result.ok) throw new Error(`${channel} failed: ${result.message}`);
    return result.value as T;
  };
  h.waitFor = async (channel, jobId, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = h.events.find((e) => e.channel === channel && e.payload.jobId === jobId);
      if (found) return found.payload;
      if (Date.now() > deadline) throw new Error(`no ${channel} for ${jobId}; events: ${JSON.stringify(h.events.map((e) => e.channel))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  h.dispose = dispose;
  return h;
}

async function planFile(plan: FakePlan): Promise<string> {
  const path = join(scratch, `plan-${++counter}.json`);
  await writeFile(path, JSON.stringify(plan));
  return path;
}

async function startJob(h: Harness, plan: FakePlan): Promise<string> {
  const { jobId } = await h.value<{ jobId: string }>('check:start', { path: await planFile(plan), settings: SETTINGS });
  return jobId;
}

const terminalEvents = (h: Harness, jobId: string) =>
  h.events.filter((e) => (e.channel === 'check:finished' || e.channel === 'check:failed') && e.payload.jobId === jobId);

describe('a check in the worker', () => {
  let h: Harness;
  beforeEach(async () => (h = await setUp()));
  afterEach(async () => h.dispose());

  it('reports throttled progress, then the report, and keeps the outputs in the job folder', async () => {
    const started = Date.now();
    const jobId = await startJob(h, { rows: 30, steps: 60, stepMs: 5 });
    const finished = await h.waitFor('check:finished', jobId);
    const elapsed = Date.now() - started;
    expect(finished.report).toMatchObject({ rows: 30, verdicts: { send: 10, review: 10, remove: 10 } });

    const progress = h.events.filter((e) => e.channel === 'check:progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    // ~10 a second: 60 updates over `elapsed` ms are thinned to about elapsed/100.
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    expect(progress.length).toBeLessThan(60);
    // Throttled: apart from the final flush, updates are ≥ ~100 ms apart.
    for (let i = 1; i < progress.length - 1; i++) expect(progress[i]!.at - progress[i - 1]!.at).toBeGreaterThanOrEqual(80);
    // The last progress the worker saw is flushed before the result.
    expect((progress.at(-1)!.payload.progress as { rows: number }).rows).toBe(60);

    expect(await readdir(join(h.dataDir, 'jobs', jobId))).toEqual(
      expect.arrayContaining(['annotated.csv', 'remove.csv', 'report.json', 'review.csv', 'send.csv']),
    );
    expect(terminalEvents(h, jobId)).toHaveLength(1);
  });

  it('answers review and domain queries a page at a time', async () => {
    const jobId = await startJob(h, { rows: 250, steps: 1, stepMs: 1 });
    await h.waitFor('check:finished', jobId);
    const page = await h.value<{ total: number; offset: number; rows: { row: number }[] }>('review:rows', jobId, {
      offset: 100,
      limit: 50,
    });
    expect(page.total).toBe(250);
    expect(page.rows.map((r) => r.row)).toEqual(Array.from({ length: 50 }, (_, i) => 101 + i));
    const removes = await h.value<{ total: number; rows: { verdict: string }[] }>('review:rows', jobId, {
      verdict: 'remove',
      offset: 0,
      limit: 1000,
    });
    expect(removes.total).toBe(83);
    expect(removes.rows.every((r) => r.verdict === 'remove')).toBe(true);
    await expect(h.value('domains:list', jobId, 10)).resolves.toEqual([{ domain: 'mail.test', rows: 250, status: 'ok' }]);
  });

  it('says the check has not finished when asked for rows too early', async () => {
    const jobId = await startJob(h, { rows: 5, steps: 40, stepMs: 10 });
    await expect(h.call('review:rows', jobId, { offset: 0, limit: 10 })).resolves.toEqual({
      ok: false,
      message: 'The check has not finished yet.',
    });
    await h.waitFor('check:finished', jobId);
  });

  it('passes an engine UserError to the renderer as its sentence', async () => {
    const jobId = await startJob(h, { rows: 5, steps: 5, stepMs: 1, fail: 'user' });
    expect(await h.waitFor('check:failed', jobId)).toEqual({
      jobId,
      message: 'No column of this file looks like email addresses.',
      cancelled: false,
    });
  });

  it('reports an engine bug as one generic sentence and logs the stack', async () => {
    const jobId = await startJob(h, { rows: 5, steps: 5, stepMs: 1, fail: 'bug' });
    const failed = await h.waitFor('check:failed', jobId);
    expect(failed).toEqual({ jobId, message: 'Something went wrong: fake engine bug', cancelled: false });
    await vi.waitFor(() => expect(h.logLines.join('\n')).toMatch(/fake engine bug\n\s+at internals/));
    await vi.waitFor(() => expect(existsSync(join(h.dataDir, 'jobs', jobId))).toBe(false));
  });

  it('refuses a job id it does not know', async () => {
    await expect(h.call('review:rows', '00000000-0000-4000-8000-000000000000', { offset: 0, limit: 1 })).resolves.toEqual({
      ok: false,
      message: 'That check is no longer available; run it again.',
    });
  });
});

describe('cancelling', () => {
  it('stops a running check, reports cancelled and removes its staging folder', async () => {
    const h = await setUp();
    try {
      const jobId = await startJob(h, { rows: 5, steps: 500, stepMs: 10 });
      await h.waitFor('check:progress', jobId);
      await expect(h.call('check:cancel', jobId)).resolves.toEqual({ ok: true, value: undefined });
      expect(terminalEvents(h, jobId).map((e) => e.payload)).toEqual([{ jobId, message: 'The check was cancelled.', cancelled: true }]);
      await vi.waitFor(() => expect(existsSync(join(h.dataDir, 'jobs', jobId))).toBe(false));
      // A clean state: the user can start again.
      const again = await startJob(h, { rows: 3, steps: 1, stepMs: 1 });
      await h.waitFor('check:finished', again);
    } finally {
      await h.dispose();
    }
  });

  it('terminates a worker that does not stop within the grace period', async () => {
    const h = await setUp({ cancelGraceMs: 300 });
    try {
      const jobId = await startJob(h, { rows: 5, steps: 10, stepMs: 20, hang: true });
      await h.waitFor('check:progress', jobId);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const before = Date.now();
      await h.value('check:cancel', jobId);
      const waited = Date.now() - before;
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(3000);
      expect(terminalEvents(h, jobId).map((e) => e.payload)).toEqual([{ jobId, message: 'The check was cancelled.', cancelled: true }]);
      expect(h.logLines.join('\n')).toMatch(/did not stop within 300 ms/);
    } finally {
      await h.dispose();
    }
  });

  it('replaces an earlier job: the old one ends as cancelled and its folder goes', async () => {
    const h = await setUp();
    try {
      const first = await startJob(h, { rows: 5, steps: 500, stepMs: 10 });
      await h.waitFor('check:progress', first);
      const second = await startJob(h, { rows: 5, steps: 1, stepMs: 1 });
      expect(second).not.toBe(first);
      expect(terminalEvents(h, first).map((e) => e.payload)).toEqual([
        { jobId: first, message: 'The check was cancelled.', cancelled: true },
      ]);
      expect(existsSync(join(h.dataDir, 'jobs', first))).toBe(false);
      await h.waitFor('check:finished', second);
      await expect(h.call('review:rows', first, { offset: 0, limit: 1 })).resolves.toMatchObject({ ok: false });
    } finally {
      await h.dispose();
    }
  });

  it('keeps exactly one job when two starts arrive at once', async () => {
    const h = await setUp();
    try {
      const [a, b] = await Promise.all([startJob(h, { rows: 5, steps: 300, stepMs: 10 }), startJob(h, { rows: 5, steps: 1, stepMs: 1 })]);
      // Whichever start the main process handled second replaces the other: on a busy
      // machine that is not always the one sent second. Generous wait: a cancelled worker
      // may take its full grace period, and the longer job runs for 3 s.
      await vi.waitFor(() => expect(terminalEvents(h, a).length + terminalEvents(h, b).length).toBe(2), { timeout: 25_000, interval: 20 });
      const [winner, loser] = terminalEvents(h, a)[0]!.channel === 'check:finished' ? [a, b] : [b, a];
      expect(terminalEvents(h, winner).map((e) => e.channel)).toEqual(['check:finished']);
      expect(terminalEvents(h, loser).map((e) => e.payload)).toEqual([
        { jobId: loser, message: 'The check was cancelled.', cancelled: true },
      ]);
      expect(await readdir(join(h.dataDir, 'jobs'))).toEqual([winner]);
    } finally {
      await h.dispose();
    }
  });

  it('removes job folders left by an earlier session as soon as it starts', async () => {
    const dataDir = join(scratch, `data-${++counter}`);
    await mkdir(join(dataDir, 'jobs', 'left-over'), { recursive: true });
    await writeFile(join(dataDir, 'jobs', 'left-over', 'annotated.csv'), 'jane@mail.test');
    const { dispose } = createHandlers({
      dialogs: { openList: async () => null, openSuppression: async () => null, chooseExportFolder: async () => null },
      shell: { openExternal: async () => {}, showFolder: async () => {} },
      emit: () => {},
      dataDir,
      engineWorkerPath: workerPath,
    });
    await vi.waitFor(() => expect(existsSync(join(dataDir, 'jobs'))).toBe(false));
    await dispose();
  });

  it('disposing stops the worker and removes the job folder', async () => {
    const h = await setUp();
    const jobId = await startJob(h, { rows: 5, steps: 1, stepMs: 1 });
    await h.waitFor('check:finished', jobId);
    await h.dispose();
    expect(existsSync(join(h.dataDir, 'jobs', jobId))).toBe(false);
    await expect(h.call('review:rows', jobId, { offset: 0, limit: 1 })).resolves.toMatchObject({ ok: false });
  });
});

describe('export', () => {
  let h: Harness;
  let jobId: string;
  beforeEach(async () => {
    h = await setUp();
    jobId = await startJob(h, { rows: 9, steps: 1, stepMs: 1 });
    await h.waitFor('check:finished', jobId);
  });
  afterEach(async () => h.dispose());

  it('copies the output files the engine reported into the folder the user chose, nothing else, no staging left', async () => {
    const folder = join(scratch, `export-${++counter}`);
    await mkdir(folder);
    h.dialogResults.chooseExportFolder = folder;
    await expect(h.value('dialog:choose-export-folder')).resolves.toBe(folder);
    await expect(h.value('export:write', jobId, folder)).resolves.toEqual({
      folder,
      files: ['annotated.csv', 'remove.csv', 'report.json', 'review.csv', 'send.csv'],
    });
    expect((await readdir(folder)).sort()).toEqual([
      '.preflight-manifest.json',
      'annotated.csv',
      'remove.csv',
      'report.json',
      'review.csv',
      'send.csv',
    ]);
    expect(await readFile(join(folder, 'send.csv'), 'utf8')).toContain('person1@mail.test');
  });

  it('refuses a folder the user did not choose in the export dialog', async () => {
    const folder = join(scratch, `export-${++counter}`);
    await mkdir(folder);
    await expect(h.call('export:write', jobId, folder)).resolves.toEqual({
      ok: false,
      message: 'Choose the export folder with the Export button first.',
    });
    expect(await readdir(folder)).toEqual([]);
  });

  it('says in one sentence that a path under a plain file cannot be written, and writes nothing', async () => {
    const file = join(scratch, `plain-${++counter}.txt`);
    await writeFile(file, 'not a folder');
    const folder = join(file, 'results');
    h.dialogResults.chooseExportFolder = folder;
    await h.value('dialog:choose-export-folder');
    await expect(h.call('export:write', jobId, folder)).resolves.toEqual({
      ok: false,
      message: `Preflight cannot write to ${folder}: part of the path is a file, not a folder.`,
    });
    expect(await readFile(file, 'utf8')).toBe('not a folder');
  });

  it('shows only folders exported to in this session', async () => {
    const folder = join(scratch, `export-${++counter}`);
    await mkdir(folder);
    await expect(h.call('shell:show-folder', folder)).resolves.toEqual({
      ok: false,
      message: 'Preflight only shows folders you exported to.',
    });
    h.dialogResults.chooseExportFolder = folder;
    await h.value('dialog:choose-export-folder');
    await h.value('export:write', jobId, folder);
    await h.value('shell:show-folder', folder);
    expect(h.shown).toEqual([folder]);
  });
});

describe('preferences', () => {
  let h: Harness;
  beforeEach(async () => (h = await setUp()));
  afterEach(async () => h.dispose());

  it('gives the defaults when there is no prefs.json', async () => {
    await expect(h.value('prefs:get')).resolves.toEqual(DEFAULT_PREFERENCES);
  });

  it('saves preferences and reads them back, leaving no temp file', async () => {
    const prefs = { ...DEFAULT_PREFERENCES, dnsServers: ['127.0.0.1:5353'], awsRegion: 'eu-west-1' };
    await expect(h.value('prefs:set', prefs)).resolves.toEqual(prefs);
    await expect(h.value('prefs:get')).resolves.toEqual(prefs);
    expect(await readdir(h.dataDir)).toEqual(['prefs.json']);
  });

  it('falls back to the defaults when prefs.json is corrupt or invalid', async () => {
    await mkdir(h.dataDir, { recursive: true });
    for (const content of ['{ not json', '{"dnsServers": "8.8.8.8"}', '[]', '']) {
      await writeFile(join(h.dataDir, 'prefs.json'), content);
      await expect(h.value('prefs:get'), content).resolves.toEqual(DEFAULT_PREFERENCES);
    }
  });

  it('refuses invalid preferences without touching the file', async () => {
    const result = await h.call('prefs:set', { ...DEFAULT_PREFERENCES, dnsConcurrency: 0 });
    expect(result).toEqual({
      ok: false,
      message: 'Preflight refused a malformed "prefs:set" request: argument 1 (dnsConcurrency): too small: expected number to be >=1.',
    });
    expect(existsSync(join(h.dataDir, 'prefs.json'))).toBe(false);
  });
});

describe('dialogs, inspect and external links', () => {
  let h: Harness;
  beforeEach(async () => (h = await setUp()));
  afterEach(async () => h.dispose());

  it('returns what the dialogs return, including a cancelled dialog', async () => {
    h.dialogResults.openList = '/home/u/list.csv';
    await expect(h.value('dialog:open-list')).resolves.toBe('/home/u/list.csv');
    await expect(h.value('dialog:open-suppression')).resolves.toBeNull();
  });

  it('inspects a file through the import service', async () => {
    await expect(h.value('import:inspect', '/home/u/list.csv')).resolves.toMatchObject({ path: '/home/u/list.csv' });
  });

  it('opens allowlisted AWS links and refuses anything else', async () => {
    await h.value('shell:open-external', 'https://docs.aws.amazon.com/ses/latest/dg/send-email.html');
    await expect(h.call('shell:open-external', 'https://evil.example/')).resolves.toEqual({
      ok: false,
      message: 'Preflight only opens links to the AWS documentation and the AWS console.',
    });
    await expect(h.call('shell:open-external', 'file:///bin/sh')).resolves.toMatchObject({ ok: false });
    expect(h.opened).toEqual(['https://docs.aws.amazon.com/ses/latest/dg/send-email.html']);
  });

  it('points the engine cache at the data folder; the renderer cannot choose it', async () => {
    const jobId = await startJob(h, { rows: 1, steps: 1, stepMs: 1 });
    const finished = await h.waitFor('check:finished', jobId);
    expect((finished.report as { receivedCacheDir?: string }).receivedCacheDir).toBe(join(h.dataDir, 'cache'));
    const result = await h.call('check:start', { path: '/home/u/list.csv', settings: { ...SETTINGS, cacheDir: '/etc' } });
    expect(result).toMatchObject({ ok: false });
  });
});
