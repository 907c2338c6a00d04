// Runs checks in worker threads, one worker per job, at most one job at a time.
// worker_threads (not utilityProcess) so the same code runs in Electron and
// under plain Node in the tests and the Chromium UI harness.

import type { DecisionPreview, Decisions, RowDecisionKind, SelectionDecisions } from '../../shared/model/decisions';
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventChannel, EventChannels, PlanResult } from '../../shared/ipc/contract';
import type { CheckSettings, DomainRow, RowPage, RowQuery, RowSelection } from '../../shared/model/check';
import { UserError } from '../../shared/model/errors';
import type { PlanProgress } from '../../shared/plan/parameters';
import { CANCELLED_MESSAGE } from '../engine/worker-protocol';
import type { FromWorker, ToWorker, WorkerJob, WorkerPlanRun, WorkerReply } from '../engine/worker-protocol';
import type { Logger } from './log';
import { redactCredentials } from '../services/ses/credential-redaction';

export type Emit = <K extends EventChannel>(channel: K, ...args: Parameters<EventChannels[K]>) => void;

export interface JobManagerOptions {
  workerPath: string;
  /** Staging folders live here, one per job: <jobsDir>/<jobId>/. */
  jobsDir: string;
  emit: Emit;
  log: Logger;
  /** ~10 progress events a second. */
  progressIntervalMs?: number;
  /** How long a cancelled worker gets to stop by itself before it is terminated. */
  cancelGraceMs?: number;
}

type JobState = 'running' | 'finished' | 'failed';

interface Job {
  id: string;
  worker: Worker;
  outDir: string;
  state: JobState;
  /** The output files the engine reported, as names inside outDir. */
  files: string[];
  /** Resolves when the worker thread has exited. */
  exited: Promise<void>;
  /** Resolves when the job is no longer running (finished, failed or cancelled). */
  settled: Promise<void>;
  markSettled(): void;
  pending: Map<number, { resolve(value: unknown): void; reject(error: Error): void }>;
  cancelTimer: NodeJS.Timeout | null;
  /** The last plan made, in <outDir>/plan/: its files relative to that folder. */
  plan: { dir: string; files: string[] } | null;
  /** Settles when no plan is being written (an export waits for it). */
  planSettled: Promise<unknown>;
  planProgress: Map<number, (progress: PlanProgress) => void>;
}

export const JOB_GONE = 'That check is no longer available; run it again.';

/** A job's plan folder: <jobsDir>/<jobId>/plan/. */
export const PLAN_FOLDER = 'plan';

/** What an export of a finished job copies: the check's output files, and the plan when one was made. */
export interface JobOutputs {
  dir: string;
  files: string[];
  plan: { dir: string; files: string[] } | null;
}

export class JobManager {
  private current: Job | null = null;
  private nextRequestId = 1;
  /** Job folders left by a session that crashed hold copies of lists: removed at once. */
  private readonly staleJobsCleared: Promise<void>;
  /** Starts run one after another, so two quick starts cannot both become current. */
  private starting: Promise<unknown> = Promise.resolve();
  private readonly progressIntervalMs: number;
  private readonly cancelGraceMs: number;

  constructor(private readonly options: JobManagerOptions) {
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
    this.cancelGraceMs = options.cancelGraceMs ?? 2000;
    this.staleJobsCleared = rm(options.jobsDir, { recursive: true, force: true }).catch((error: unknown) =>
      options.log.warn(`Could not remove old job folders in ${options.jobsDir}`, error),
    );
  }

  /** Starts a check; an earlier job is stopped and its staging folder removed. */
  start(input: string, settings: CheckSettings): Promise<string> {
    const started = this.starting.then(() => this.startNow(input, settings));
    this.starting = started.catch(() => undefined);
    return started;
  }

  private async startNow(input: string, settings: CheckSettings): Promise<string> {
    await this.staleJobsCleared;
    await this.disposeCurrent();
    const id = randomUUID();
    const outDir = join(this.options.jobsDir, id);
    await mkdir(outDir, { recursive: true });
    const workerData: WorkerJob = { input, outDir, settings, progressIntervalMs: this.progressIntervalMs };
    const worker = new Worker(this.options.workerPath, { workerData });
    let markExited!: () => void;
    let markSettled!: () => void;
    const job: Job = {
      id,
      worker,
      outDir,
      state: 'running',
      files: [],
      exited: new Promise<void>((resolve) => (markExited = resolve)),
      settled: new Promise<void>((resolve) => (markSettled = resolve)),
      markSettled: () => markSettled(),
      pending: new Map(),
      cancelTimer: null,
      plan: null,
      planSettled: Promise.resolve(),
      planProgress: new Map(),
    };
    worker.on('message', (message: FromWorker) => this.onMessage(job, message));
    worker.on('error', (error) => {
      this.options.log.error(`Job ${id}: the engine worker crashed`, error);
      this.fail(job, 'Something went wrong: the check stopped unexpectedly.', false);
    });
    worker.on('exit', (code) => {
      if (job.cancelTimer) clearTimeout(job.cancelTimer);
      if (job.state === 'running') {
        this.options.log.error(`Job ${id}: the engine worker exited with code ${code} before it finished`);
        this.fail(job, 'Something went wrong: the check stopped unexpectedly.', false);
      }
      for (const request of job.pending.values()) request.reject(new UserError('bad_argument', JOB_GONE));
      job.pending.clear();
      markExited();
    });
    this.current = job;
    return id;
  }

  /**
   * Asks the job to stop and waits until it has: the worker reports the
   * cancellation itself, or it is terminated after the grace period.
   */
  async cancel(jobId: string): Promise<void> {
    const job = this.current;
    if (!job || job.id !== jobId || job.state !== 'running') return;
    job.worker.postMessage({ type: 'cancel' } satisfies ToWorker);
    const stopped = new Promise<void>((resolve) => {
      job.cancelTimer = setTimeout(() => {
        if (job.state === 'running') {
          this.options.log.warn(`Job ${jobId}: did not stop within ${this.cancelGraceMs} ms; terminating its worker`);
          this.fail(job, CANCELLED_MESSAGE, true);
          void job.worker.terminate();
        }
        resolve();
      }, this.cancelGraceMs);
    });
    await Promise.race([stopped, job.settled]);
    if (job.cancelTimer) clearTimeout(job.cancelTimer);
  }

  rows(jobId: string, query: RowQuery): Promise<RowPage> {
    return this.ask(jobId, (requestId) => ({ type: 'rows', requestId, query })) as Promise<RowPage>;
  }

  domains(jobId: string, limit: number): Promise<DomainRow[]> {
    return this.ask(jobId, (requestId) => ({ type: 'domains', requestId, limit })) as Promise<DomainRow[]>;
  }

  /** What decisions would do to a finished job's verdicts and forecast, answered by its worker. */
  previewDecisions(jobId: string, decisions: Decisions): Promise<DecisionPreview> {
    return this.ask(jobId, (requestId) => ({ type: 'preview', requestId, decisions })) as Promise<DecisionPreview>;
  }

  /** The row decisions for rows selected on the Review screen, resolved by the job's worker. */
  decideRows(jobId: string, selection: RowSelection, decision: RowDecisionKind): Promise<SelectionDecisions> {
    return this.ask(jobId, (requestId) => ({ type: 'decide', requestId, selection, decision })) as Promise<SelectionDecisions>;
  }

  /**
   * Plans the send of a finished job's send.csv in its worker, into <job>/plan/.
   * A newer plan stops one still running (its promise rejects).
   */
  plan(jobId: string, run: Omit<WorkerPlanRun, 'input' | 'outDir'>, onProgress: (progress: PlanProgress) => void): Promise<PlanResult> {
    const job = this.requireJob(jobId);
    if (job.state !== 'finished')
      return Promise.reject(new UserError('bad_argument', 'The check has not finished, so there is no send list to plan yet.'));
    const dir = join(job.outDir, PLAN_FOLDER);
    const requestId = this.nextRequestId++;
    job.planProgress.set(requestId, onProgress);
    const answered = new Promise<PlanResult>((resolve, reject) => {
      job.pending.set(requestId, { resolve: (value) => resolve(value as PlanResult), reject });
      job.worker.postMessage({
        type: 'plan',
        requestId,
        run: { ...run, input: join(job.outDir, 'send.csv'), outDir: dir },
      } satisfies ToWorker);
    })
      .then((result) => {
        job.plan = { dir, files: result.files };
        return result;
      })
      .finally(() => job.planProgress.delete(requestId));
    job.planSettled = Promise.allSettled([job.planSettled, answered]);
    return answered;
  }

  /** Where a finished job's output files are, their names, and its plan; waits for a plan being written. */
  async finishedOutputs(jobId: string): Promise<JobOutputs> {
    const job = this.requireJob(jobId);
    if (job.state !== 'finished') throw new UserError('bad_argument', 'The check has not finished, so there is nothing to export yet.');
    await job.planSettled;
    if (this.current !== job) throw new UserError('bad_argument', JOB_GONE);
    return { dir: job.outDir, files: [...job.files], plan: job.plan && { dir: job.plan.dir, files: [...job.plan.files] } };
  }

  async dispose(): Promise<void> {
    await this.staleJobsCleared;
    await this.disposeCurrent();
  }

  private async disposeCurrent(): Promise<void> {
    const job = this.current;
    if (!job) return;
    this.current = null;
    // Tell the renderer the old job is over, so nothing waits on it.
    if (job.state === 'running') this.fail(job, CANCELLED_MESSAGE, true);
    await job.worker.terminate();
    await job.exited;
    await rm(job.outDir, { recursive: true, force: true });
  }

  private requireJob(jobId: string): Job {
    const job = this.current;
    if (!job || job.id !== jobId) throw new UserError('bad_argument', JOB_GONE);
    return job;
  }

  private ask(jobId: string, build: (requestId: number) => ToWorker): Promise<unknown> {
    const job = this.requireJob(jobId);
    if (job.state === 'running') return Promise.reject(new UserError('bad_argument', 'The check has not finished yet.'));
    if (job.state === 'failed') return Promise.reject(new UserError('bad_argument', JOB_GONE));
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      job.pending.set(requestId, { resolve, reject });
      job.worker.postMessage(build(requestId));
    });
  }

  private onMessage(job: Job, message: FromWorker): void {
    switch (message.type) {
      case 'progress':
        if (job.state === 'running') this.options.emit('check:progress', { jobId: job.id, progress: message.progress });
        return;
      case 'plan-progress':
        job.planProgress.get(message.requestId)?.(message.progress);
        return;
      case 'finished':
        if (job.state !== 'running') return;
        job.state = 'finished';
        job.files = message.files;
        job.markSettled();
        this.options.emit('check:finished', { jobId: job.id, report: message.report });
        return;
      case 'failed':
        if (message.detail) this.options.log.error(`Job ${job.id}: ${message.message}`, message.detail);
        this.fail(job, message.message, message.cancelled);
        return;
      case 'reply':
        this.onReply(job, message);
        return;
    }
  }

  private onReply(job: Job, message: WorkerReply): void {
    const request = job.pending.get(message.requestId);
    if (!request) return;
    job.pending.delete(message.requestId);
    if (message.ok) request.resolve(message.value);
    else {
      if (message.detail) this.options.log.error(`Job ${job.id}: ${message.message}`, message.detail);
      request.reject(new UserError('bad_argument', message.message));
    }
  }

  /** Records the one terminal event of a running job. */
  private fail(job: Job, message: string, cancelled: boolean): void {
    if (job.state !== 'running') return;
    job.state = 'failed';
    job.markSettled();
    this.options.emit('check:failed', { jobId: job.id, message: redactCredentials(message), cancelled });
    if (this.current === job) {
      // A failed job holds nothing worth keeping: free its thread and its folder.
      void job.worker.terminate();
      void job.exited.then(() => rm(job.outDir, { recursive: true, force: true }));
    }
  }
}
