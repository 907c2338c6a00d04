// The messages between the main process's JobManager (electron/main/jobs.ts)
// and the engine worker (worker.ts). One worker runs one check and then keeps
// its results to answer the Review and Domains screens page by page.

import type { CheckProgress, CheckSettings, DomainRow, Report, RowPage, RowQuery } from '../../shared/model/check';

/** Passed as workerData: the worker starts the check as soon as it loads. */
export interface WorkerJob {
  input: string;
  outDir: string;
  settings: CheckSettings;
  /** Minimum time between two progress messages. */
  progressIntervalMs: number;
}

export type ToWorker =
  | { type: 'cancel' }
  | { type: 'rows'; requestId: number; query: RowQuery }
  | { type: 'domains'; requestId: number; limit: number };

export type WorkerReply =
  | { type: 'reply'; requestId: number; ok: true; value: RowPage | DomainRow[] }
  | { type: 'reply'; requestId: number; ok: false; message: string };

export type FromWorker =
  | { type: 'progress'; progress: CheckProgress }
  | {
      type: 'finished';
      report: Report;
      /** The output files, as names inside the job's outDir. */
      files: string[];
    }
  | {
      type: 'failed';
      /** One sentence for the user. */
      message: string;
      cancelled: boolean;
      /** For the log only (a stack, for a bug); never shown to the user. */
      detail?: string;
    }
  | WorkerReply;

export const CANCELLED_MESSAGE = 'The check was cancelled.';
