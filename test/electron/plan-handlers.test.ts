// The Plan screen's channels through the real request path (schema, handler,
// job manager, the engine worker running the real planner): plan:create writes
// the plan into the job's folder and answers with plan.json, each mistake is its
// CLI sentence, a newer plan replaces a running one, export:write carries the
// plan, and plan:quota / plan:create read SES through the local SESv2 endpoint.
import { exportEntries } from '../../electron/main/export';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventChannel, IpcResult, PlanQuotaReading, PlanResult, RequestChannel } from '../../shared/ipc/contract';
import { DEFAULT_SETTINGS } from '../../shared/model/check';
import type { CheckSettings } from '../../shared/model/check';
import type { PlanDocument } from '../../shared/plan/document';
import type { PlanProgress, PlanRequest } from '../../shared/plan/parameters';
import { createHandlers } from '../../electron/main/handlers';
import { dispatchRequest } from '../../electron/main/ipc-dispatch';
import type { Logger } from '../../electron/main/log';
import { rateViolations, rollingWindowViolations, windowViolations } from '../support/plan-oracle';
import type { OracleBatch, OracleSettings } from '../support/plan-oracle';
import { isolatedAwsEnv, productionAccount, sandboxAccount, startSesServer } from '../support/ses-server';
import type { RunningSesServer } from '../support/ses-server';
import { buildEngineWorker } from './build-worker';
import type { FakePlan } from './fake-engine/check';

const SETTINGS: CheckSettings = { ...DEFAULT_SETTINGS, offline: true, dns: { ...DEFAULT_SETTINGS.dns, mode: 'off' } };
const HOUR = 3_600_000;

let workerPath: string;
let scratch: string;
let counter = 0;

beforeAll(async () => {
  // The fake engine writes send.csv with one address per row; the planner in the worker is the real one.
  workerPath = await buildEngineWorker({ fakeEngine: true });
  scratch = await mkdtemp(join(tmpdir(), 'preflight-plan-handlers-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await rm(join(workerPath, '..'), { recursive: true, force: true });
});

interface App {
  dataDir: string;
  events: { channel: EventChannel; payload: Record<string, unknown> }[];
  logged: string[];
  exportFolder: string | null;
  call(channel: RequestChannel, ...args: unknown[]): Promise<IpcResult<unknown>>;
  value<T>(channel: RequestChannel, ...args: unknown[]): Promise<T>;
  dispose(): Promise<void>;
}

function app(): App {
  const a = { dataDir: join(scratch, `data-${++counter}`), events: [], logged: [], exportFolder: null } as unknown as App;
  const log: Logger = { info: () => {}, warn: (m) => a.logged.push(m), error: (m, d) => a.logged.push(`${m} ${String(d)}`) };
  const { handlers, dispose } = createHandlers({
    dialogs: { openList: async () => null, openSuppression: async () => null, chooseExportFolder: async () => a.exportFolder },
    shell: { openExternal: async () => {}, showFolder: async () => {} },
    emit: (channel, ...args) => a.events.push({ channel, payload: args[0] as Record<string, unknown> }),
    dataDir: a.dataDir,
    engineWorkerPath: workerPath,
    log,
    // Every progress message, so the phases can be seen one by one.
    jobs: { progressIntervalMs: 0 },
  });
  a.call = (channel, ...args) => dispatchRequest(handlers, channel, args, log);
  a.value = async <T>(channel: RequestChannel, ...args: unknown[]) => {
    const result = await a.call(channel, ...args);
    if (!result.ok) throw new Error(`${channel} failed: ${result.message}`);
    return result.value as T;
  };
  a.dispose = dispose;
  return a;
}

/** A finished fake check whose send.csv holds `rows` addresses. */
async function finishedJob(a: App, rows: number): Promise<string> {
  const input = join(scratch, `fake-${++counter}.json`);
  await writeFile(input, JSON.stringify({ rows, steps: 1, stepMs: 1 } satisfies FakePlan));
  const { jobId } = await a.value<{ jobId: string }>('check:start', { path: input, settings: SETTINGS });
  await vi.waitFor(() => expect(a.events.some((e) => e.channel === 'check:finished' && e.payload.jobId === jobId)).toBe(true), {
    timeout: 10_000,
  });
  return jobId;
}

/** Tomorrow at 09:00 UTC, as the Plan screen sends it (wall time in the chosen zone). */
function tomorrowNine(): string {
  return `${new Date(Date.now() + 24 * HOUR).toISOString().slice(0, 10)}T09:00`;
}

function request(overrides: Partial<PlanRequest> = {}): PlanRequest {
  return {
    quota: { source: 'manual', max24HourSend: 1_000, maxSendRate: 2, sentLast24Hours: 100 },
    start: tomorrowNine(),
    timeZone: 'UTC',
    window: { start: 9 * 60, end: 17 * 60 },
    weekdaysOnly: false,
    headroom: 0.2,
    policy: 'standard',
    ...overrides,
  };
}

function oracleView(doc: PlanDocument): { batches: OracleBatch[]; settings: OracleSettings } {
  return {
    batches: doc.batches.map((b) => ({ ...b, start: Date.parse(b.start), end: Date.parse(b.end) })),
    settings: {
      max24HourSend: doc.quota.max24HourSend,
      maxSendRate: doc.quota.maxSendRate,
      sentLast24Hours: doc.quota.sentLast24Hours,
      quotaReadAt: Date.parse(doc.quota.readAt),
      headroom: doc.headroom,
      firstDay: doc.policy.firstDay,
      growth: doc.policy.growth,
      weekOneCaps: doc.policy.weekOneCaps,
      timeZone: doc.timeZone,
      window: { start: 9 * 60, end: 17 * 60 },
      weekdaysOnly: doc.weekdaysOnly,
      start: Date.parse(doc.start),
    },
  };
}

describe('plan:create', () => {
  let a: App;
  beforeEach(() => {
    a = app();
  });
  afterEach(async () => a.dispose());

  it('plans the job’s send list in the worker, writes the plan into the job folder and answers with plan.json', async () => {
    const jobId = await finishedJob(a, 3_000);
    const result = await a.value<PlanResult>('plan:create', jobId, request({ firstDay: 400, growth: 1.5 }));
    const planDir = join(a.dataDir, 'jobs', jobId, 'plan');

    // The answer is the plan.json on disk.
    const onDisk = JSON.parse(await readFile(join(planDir, 'plan.json'), 'utf8')) as PlanDocument;
    expect(result.document).toEqual(onDisk);
    expect(onDisk).toMatchObject({
      recipients: 3_000,
      timeZone: 'UTC',
      window: '09:00-17:00',
      headroom: 0.2,
      quota: { max24HourSend: 1_000, maxSendRate: 2, sentLast24Hours: 100, source: 'manual' },
      usable: { max24HourSend: 800, maxSendRate: 1.6 },
      policy: { name: 'custom', basedOn: 'standard', firstDay: 400, growth: 1.5 },
    });
    expect(onDisk.batches[0]!.start >= `${tomorrowNine()}:00Z`).toBe(true);

    // The files listed are the files written, and every send row is in exactly one batch file.
    expect((await readdir(planDir)).sort()).toEqual(['.preflight-manifest.json', 'batches', 'plan.csv', 'plan.ics', 'plan.json']);
    const batchFiles = (await readdir(join(planDir, 'batches'))).sort();
    expect(result.files.sort()).toEqual(['plan.csv', 'plan.ics', 'plan.json', ...batchFiles.map((f) => `batches/${f}`)].sort());
    expect(batchFiles).toHaveLength(onDisk.batches.length);
    const seen = new Map<string, number>();
    for (const batch of onDisk.batches) {
      const rows = (await readFile(join(planDir, batch.file), 'utf8'))
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/)
        .slice(1);
      expect(rows).toHaveLength(batch.recipients);
      for (const row of rows) seen.set(row, (seen.get(row) ?? 0) + 1);
    }
    expect(seen.size).toBe(3_000);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);

    // The request's quota, headroom, window and zone reached the planner: the plan keeps to them.
    const { batches, settings } = oracleView(onDisk);
    expect(rollingWindowViolations(batches, settings)).toEqual([]);
    expect(rateViolations(batches, settings)).toEqual([]);
    expect(windowViolations(batches, settings)).toEqual([]);

    // Progress reached the renderer as plan:progress events of this job, phase by phase.
    const phases = a.events.filter((e) => e.channel === 'plan:progress').map((e) => (e.payload.progress as PlanProgress).phase);
    expect(a.events.filter((e) => e.channel === 'plan:progress').every((e) => e.payload.jobId === jobId)).toBe(true);
    expect(phases).toContain('reading');
    expect(phases.at(-1)).toBe('done');
  });

  it.each([
    [
      'a window that ends before it starts',
      { window: { start: 17 * 60, end: 9 * 60 } },
      /^The send window 17:00-09:00 ends before it starts; windows across midnight are not supported/,
    ],
    ['an unknown time zone', { timeZone: 'Mars/Base' }, /^"Mars\/Base" is not an IANA time zone; use a name such as Europe\/Berlin/],
    ['a start in the past', { start: '2020-01-01T09:00' }, /^The start 2020-01-01T09:00 is in the past; a plan starts now or later\.$/],
    ['headroom of 100%', { headroom: 1 }, /^The headroom takes a share of the quota to keep free, from 0 up to \(not including\) 1/],
    ['a growth factor above 10', { growth: 12 }, /^The growth takes a daily growth factor from 1 to 10/],
    [
      'a daily quota of 0',
      { quota: { source: 'manual', max24HourSend: 0, maxSendRate: 14, sentLast24Hours: 0 } },
      /^The daily quota takes a whole number of at least 1 \(got "0"\)\.$/,
    ],
    [
      'a send rate of 0',
      { quota: { source: 'manual', max24HourSend: 500, maxSendRate: 0, sentLast24Hours: 0 } },
      /^The send rate takes a number above 0/,
    ],
    [
      'a window too short for one message',
      { window: { start: 540, end: 541 }, quota: { source: 'manual', max24HourSend: 500, maxSendRate: 0.02, sentLast24Hours: 0 } },
      /^The send window is too short to send even one message/,
    ],
  ] as [string, Partial<PlanRequest>, RegExp][])('refuses %s with its sentence and writes no plan', async (_, overrides, sentence) => {
    const jobId = await finishedJob(a, 30);
    const result = await a.call('plan:create', jobId, request(overrides));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(sentence);
    await expect(stat(join(a.dataDir, 'jobs', jobId, 'plan', 'plan.json'))).rejects.toThrow();
  });

  it('refuses a malformed request before anything runs', async () => {
    const jobId = await finishedJob(a, 30);
    expect(await a.call('plan:create', jobId, { ...request(), headroom: '20%' })).toEqual({
      ok: false,
      message:
        'Preflight refused a malformed "plan:create" request: argument 2 (headroom): invalid input: expected number, received string.',
    });
    expect(await a.call('plan:create', jobId, { ...request(), outDir: '/etc' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Preflight refused a malformed "plan:create" request/),
    });
  });

  it('refuses a job it does not know, and a check still running', async () => {
    expect(await a.call('plan:create', '00000000-0000-4000-8000-000000000000', request())).toEqual({
      ok: false,
      message: 'That check is no longer available; run it again.',
    });
    const input = join(scratch, `slow-${++counter}.json`);
    await writeFile(input, JSON.stringify({ rows: 10, steps: 200, stepMs: 20 } satisfies FakePlan));
    const { jobId } = await a.value<{ jobId: string }>('check:start', { path: input, settings: SETTINGS });
    expect(await a.call('plan:create', jobId, request())).toEqual({
      ok: false,
      message: 'The check has not finished, so there is no send list to plan yet.',
    });
  });

  it('lets a newer plan replace one still running; the folder holds the newer plan', async () => {
    const jobId = await finishedJob(a, 20_000);
    const first = a.call('plan:create', jobId, request({ policy: 'conservative' }));
    const second = a.call('plan:create', jobId, request({ policy: 'aggressive' }));
    expect(await first).toEqual({ ok: false, message: 'Planning was cancelled: a newer plan replaced it.' });
    const newer = await second;
    expect(newer.ok).toBe(true);
    const onDisk = JSON.parse(await readFile(join(a.dataDir, 'jobs', jobId, 'plan', 'plan.json'), 'utf8')) as PlanDocument;
    expect(onDisk.policy.name).toBe('aggressive');
    expect(a.logged).toEqual([]);
  });

  it('exports the plan with the check’s files, replacing an older batches folder whole', async () => {
    const jobId = await finishedJob(a, 3_000);
    const { document } = await a.value<PlanResult>('plan:create', jobId, request());
    const folder = join(scratch, `export-${++counter}`);
    // An older plan exported there (so Preflight's to replace) had a batch this one does not.
    const older = join(scratch, `older-${counter}`);
    await mkdir(join(older, 'batches'), { recursive: true });
    await writeFile(join(older, 'batches', 'batch-0099.csv'), 'an older plan');
    await mkdir(folder);
    await exportEntries(folder, [{ source: join(older, 'batches'), name: 'batches' }]);
    a.exportFolder = folder;
    await a.value('dialog:choose-export-folder');
    const exported = await a.value<{ folder: string; files: string[] }>('export:write', jobId, folder);
    const batchNames = document.batches.map((b) => b.file);
    expect(exported.files).toEqual(
      ['annotated.csv', ...batchNames, 'plan.csv', 'plan.ics', 'plan.json', 'remove.csv', 'report.json', 'review.csv', 'send.csv'].sort(),
    );
    expect((await readdir(join(folder, 'batches'))).sort()).toEqual(batchNames.map((f) => f.slice('batches/'.length)));
    expect(JSON.parse(await readFile(join(folder, 'plan.json'), 'utf8'))).toEqual(document);
    expect((await readdir(folder)).filter((name) => name.startsWith('.'))).toEqual(['.preflight-manifest.json']);
  });

  it('exports the last plan that worked when a newer one failed', async () => {
    const jobId = await finishedJob(a, 300);
    const { document } = await a.value<PlanResult>('plan:create', jobId, request());
    expect((await a.call('plan:create', jobId, request({ timeZone: 'Nowhere/Land' }))).ok).toBe(false);
    const folder = join(scratch, `export-${++counter}`);
    await mkdir(folder);
    a.exportFolder = folder;
    await a.value('dialog:choose-export-folder');
    await a.value('export:write', jobId, folder);
    expect(JSON.parse(await readFile(join(folder, 'plan.json'), 'utf8'))).toEqual(document);
  });
});

describe('plan:quota and a plan with the SES quota', () => {
  let dir: string;
  let ses: RunningSesServer;
  let a: App;

  beforeEach(async () => {
    dir = await mkdtemp(join(scratch, 'aws-'));
    ses = await startSesServer({
      account: sandboxAccount({ sentLast24Hours: 12 }),
      regions: { 'us-west-2': { account: productionAccount({ sentLast24Hours: 1_234 }) } },
      rateLimit: null,
    });
    for (const [name, value] of Object.entries(isolatedAwsEnv(dir, { AWS_ENDPOINT_URL_SESV2: ses.endpoint }))) vi.stubEnv(name, value);
    a = app();
  });

  afterEach(async () => {
    await a.dispose();
    await ses.stop();
    vi.unstubAllEnvs();
  });

  it('reads a production account’s quota, with nothing refused', async () => {
    const reading = await a.value<PlanQuotaReading>('plan:quota', { region: 'us-west-2' });
    expect(reading.quota).toEqual({ max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 1_234, source: 'ses', region: 'us-west-2' });
    expect(reading.refusal).toBeNull();
    expect(reading.account.productionAccessEnabled).toBe(true);
    expect(Math.abs(Date.parse(reading.readAt) - Date.now())).toBeLessThan(60_000);
  });

  it('answers a sandbox account with the production-access explanation, and refuses to plan with it', async () => {
    const reading = await a.value<PlanQuotaReading>('plan:quota', { region: 'eu-west-1' });
    expect(reading.account).toMatchObject({ region: 'eu-west-1', productionAccessEnabled: false, max24HourSend: 200 });
    // The app's sentence says why there is no plan; the Plan screen lists the steps to production access under it.
    expect(reading.refusal).toMatch(/^The SES account in eu-west-1 is in the sandbox, .*so there is nothing to plan\.$/);

    const jobId = await finishedJob(a, 30);
    const planned = await a.call('plan:create', jobId, request({ quota: { source: 'ses', region: 'eu-west-1' } }));
    expect(planned).toEqual({ ok: false, message: reading.refusal });
  });

  it('plans with the quota SES reports at planning time', async () => {
    const jobId = await finishedJob(a, 500);
    const { document } = await a.value<PlanResult>('plan:create', jobId, request({ quota: { source: 'ses', region: 'us-west-2' } }));
    expect(document.quota).toMatchObject({
      max24HourSend: 50_000,
      maxSendRate: 14,
      sentLast24Hours: 1_234,
      source: 'ses',
      region: 'us-west-2',
    });
    expect(ses.requests.filter((r) => r.operation === 'GetAccount').map((r) => r.region)).toEqual(['us-west-2']);
  });
});
