// The engine worker (bundled to dist-electron/engine-worker.cjs): runs one check
// off the main thread, streams throttled progress, and afterwards keeps the
// results in memory to answer paged queries. The main process never parses.

import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { isUserError } from '../../shared/model/errors';
import type { CheckProgress } from '../../shared/model/check';
import { runCheck } from './check';
import type { CheckResults } from './check';
import { CANCELLED_MESSAGE } from './worker-protocol';
import type { FromWorker, ToWorker, WorkerJob } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('engine worker: must run in a worker thread');

const job = workerData as WorkerJob;
const controller = new AbortController();
let results: CheckResults | null = null;

function post(message: FromWorker): void {
  port!.postMessage(message);
}

/** Sends at most one progress message per interval; the latest one always wins. */
function throttledProgress(intervalMs: number): { push(progress: CheckProgress): void; flush(): void } {
  let last = 0;
  let pending: CheckProgress | null = null;
  let timer: NodeJS.Timeout | null = null;
  const sendPending = (): void => {
    timer = null;
    if (!pending) return;
    last = Date.now();
    post({ type: 'progress', progress: pending });
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
    case 'rows':
    case 'domains': {
      if (!results) {
        post({ type: 'reply', requestId: message.requestId, ok: false, message: 'The check has not finished yet.' });
        return;
      }
      try {
        const value = message.type === 'rows' ? results.query(message.query) : results.domains(message.limit);
        post({ type: 'reply', requestId: message.requestId, ok: true, value });
      } catch (error) {
        const text = isUserError(error) ? error.message : `Something went wrong: ${firstLine(error)}`;
        post({ type: 'reply', requestId: message.requestId, ok: false, message: text });
      }
      return;
    }
  }
});

async function main(): Promise<void> {
  const progress = throttledProgress(job.progressIntervalMs);
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
    post({ type: 'finished', report: outcome.report, files: outcome.files.map((file) => basename(file)) });
  } catch (error) {
    progress.flush();
    if (controller.signal.aborted) {
      post({ type: 'failed', message: CANCELLED_MESSAGE, cancelled: true });
    } else if (isUserError(error)) {
      post({ type: 'failed', message: error.message, cancelled: error.code === 'cancelled' });
    } else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      post({ type: 'failed', message: `Something went wrong: ${firstLine(error)}`, cancelled: false, detail });
    }
  }
}

void main();
