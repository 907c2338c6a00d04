// The engine worker (bundled to dist-electron/engine-worker.cjs): runs one check
// off the main thread, streams throttled progress, and afterwards keeps the
// results in memory to answer paged queries, and plans the send of the check's
// send list when asked. The main process never parses and never plans.

import { writeFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { PlanResult } from '../../shared/ipc/contract';
import { isUserError, appSentence } from '../../shared/model/errors';
import type { CheckProgress } from '../../shared/model/check';
import { BATCHES_FOLDER } from '../../shared/plan/document';
import type { PlanProgress } from '../../shared/plan/parameters';
import { formatDecisions } from '../services/decisions/decisions-file';
import { createPlan } from '../services/plan/plan';
import { redactDeep } from '../services/ses/credential-redaction';
import { runCheck } from './check';
import type { CheckResults } from './check';
import { CANCELLED_MESSAGE, PLAN_REPLACED_MESSAGE } from './worker-protocol';
import type { FromWorker, ToWorker, WorkerJob, WorkerPlanRun } from './worker-protocol';

/** The decisions file a check with decisions leaves beside its outputs (README, "Decisions"). */
const DECISIONS_FILE = 'decisions.csv';

const port = parentPort;
if (!port) throw new Error('engine worker: must run in a worker thread');

const job = workerData as WorkerJob;
const controller = new AbortController();
let results: CheckResults | null = null;

function post(message: FromWorker): void {
  // A failure's sentence can quote an SES endpoint, and this thread knows the credentials it resolved.
  port!.postMessage(message.type === 'failed' || (message.type === 'reply' && !message.ok) ? redactDeep(message) : message);
}

/** Sends at most one progress message per interval; the latest one always wins. */
function throttledProgress<T>(intervalMs: number, send: (progress: T) => void): { push(progress: T): void; flush(): void } {
  let last = 0;
  let pending: T | null = null;
  let timer: NodeJS.Timeout | null = null;
  const sendPending = (): void => {
    timer = null;
    if (!pending) return;
    last = Date.now();
    send(pending);
    pending = null;
  };
  return {
    push(progress) {
      pending = progress;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) sendPending();
      else timer ??= setTimeout(sendPending, wait);
    },
    flush() {
      if (timer) clearTimeout(timer);
      sendPending();
    },
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim().slice(0, 200);
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'cancel':
      controller.abort();
      return;
    case 'plan':
      startPlan(message.requestId, message.run);
      return;
    case 'rows':
    case 'domains':
    case 'preview':
    case 'decide': {
      if (!results) {
        post({ type: 'reply', requestId: message.requestId, ok: false, message: 'The check has not finished yet.' });
        return;
      }
      void answer(message, results);
      return;
    }
  }
});

/** A Review or Domains question about the finished check (a search may read the list again: async). */
async function answer(
  message: Extract<ToWorker, { type: 'rows' | 'domains' | 'preview' | 'decide' }>,
  results: CheckResults,
): Promise<void> {
  try {
    const value =
      message.type === 'rows'
        ? await results.query(message.query)
        : message.type === 'domains'
          ? results.domains(message.limit)
          : message.type === 'decide'
            ? await results.decide(message.selection, message.decision)
            : results.preview(message.decisions);
    post({ type: 'reply', requestId: message.requestId, ok: true, value });
  } catch (error) {
    const text = isUserError(error) ? appSentence(error) : `Something went wrong: ${firstLine(error)}`;
    post({ type: 'reply', requestId: message.requestId, ok: false, message: text });
  }
}

/** The plan being made, if any: a newer request stops it and waits for it to let go of the plan folder. */
let planning: { controller: AbortController; settled: Promise<void> } | null = null;

function startPlan(requestId: number, run: WorkerPlanRun): void {
  const previous = planning;
  const planController = new AbortController();
  const reply = (result: { ok: true; value: PlanResult } | { ok: false; message: string; detail?: string }) =>
    post({ type: 'reply', requestId, ...result });
  const settled = (async () => {
    if (previous) {
      previous.controller.abort(new Error(PLAN_REPLACED_MESSAGE));
      await previous.settled;
    }
    const progress = throttledProgress(job.progressIntervalMs, (p: PlanProgress) =>
      post({ type: 'plan-progress', requestId, progress: p }),
    );
    try {
      if (planController.signal.aborted) throw new Error(PLAN_REPLACED_MESSAGE);
      const outcome = await createPlan({ ...run, signal: planController.signal, onProgress: (p) => progress.push(p) });
      progress.flush();
      if (planController.signal.aborted) throw new Error(PLAN_REPLACED_MESSAGE);
      // The folder itself stands for its files, listed one by one from the document.
      const files = outcome.files
        .map((file) => relative(run.outDir, file).split(sep).join('/'))
        .filter((name) => name !== BATCHES_FOLDER)
        .concat(outcome.document.batches.map((batch) => batch.file));
      reply({
        ok: true,
        value: { document: outcome.document, riskColumn: outcome.riskColumn, engagementColumns: outcome.engagementColumns, files },
      });
    } catch (error) {
      progress.flush();
      if (planController.signal.aborted) reply({ ok: false, message: PLAN_REPLACED_MESSAGE });
      else if (isUserError(error)) reply({ ok: false, message: appSentence(error) });
      else {
        const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
        reply({ ok: false, message: `Something went wrong: ${firstLine(error)}`, detail });
      }
    }
  })();
  planning = { controller: planController, settled };
  void settled.then(() => {
    if (planning?.settled === settled) planning = null;
  });
}

async function main(): Promise<void> {
  const progress = throttledProgress(job.progressIntervalMs, (p: CheckProgress) => post({ type: 'progress', progress: p }));
  try {
    const outcome = await runCheck({
      input: job.input,
      outDir: job.outDir,
      settings: job.settings,
      onProgress: (p) => progress.push(p),
      signal: controller.signal,
    });
    progress.flush();
    if (controller.signal.aborted) {
      // The engine finished before it noticed: the user still asked to stop.
      post({ type: 'failed', message: CANCELLED_MESSAGE, cancelled: true });
      return;
    }
    results = outcome.results;
    const files = outcome.files.map((file) => basename(file));
    if (outcome.report.decisions) {
      // The person's decisions, row by row, exported with the results: `preflight check --decisions` re-applies them.
      await writeFile(join(job.outDir, DECISIONS_FILE), formatDecisions(outcome.results.decisionRows()), 'utf8');
      files.push(DECISIONS_FILE);
    }
    post({ type: 'finished', report: outcome.report, files });
  } catch (error) {
    progress.flush();
    if (controller.signal.aborted) {
      post({ type: 'failed', message: CANCELLED_MESSAGE, cancelled: true });
    } else if (isUserError(error)) {
      post({ type: 'failed', message: appSentence(error), cancelled: error.code === 'cancelled' });
    } else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      post({ type: 'failed', message: `Something went wrong: ${firstLine(error)}`, cancelled: false, detail });
    }
  }
}

void main();
