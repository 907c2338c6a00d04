// The messages between the main process's JobManager (electron/main/jobs.ts)
// and the engine worker (worker.ts). One worker runs one check and then keeps
// its results to answer the Review and Domains screens page by page, and plans
// the send of its send list on request (the planner writes synchronously: never
// on the main process's thread).

import type { PlanResult } from '../../shared/ipc/contract';
import type { CheckProgress, CheckSettings, DomainRow, Report, RowPage, RowQuery, RowSelection } from '../../shared/model/check';
import type { DecisionPreview, Decisions, RowDecisionKind, SelectionDecisions } from '../../shared/model/decisions';
import type { PlanProgress } from '../../shared/plan/parameters';
import type { PlanRun } from '../services/plan/plan';

/** Passed as workerData: the worker starts the check as soon as it loads. */
export interface WorkerJob {
  input: string;
  outDir: string;
  settings: CheckSettings;
  /** Minimum time between two progress messages. */
  progressIntervalMs: number;
}

/** A plan of the job's send list: createPlan's run, without the callbacks (they cannot cross threads). */
export type WorkerPlanRun = Omit<PlanRun, 'signal' | 'onProgress' | 'maxOpenFiles'>;

export type ToWorker =
  | { type: 'cancel' }
  | { type: 'rows'; requestId: number; query: RowQuery }
  | { type: 'domains'; requestId: number; limit: number }
  | { type: 'preview'; requestId: number; decisions: Decisions }
  | { type: 'decide'; requestId: number; selection: RowSelection; decision: RowDecisionKind }
  /** A newer plan stops one still running first: both would write the same folder. */
  | { type: 'plan'; requestId: number; run: WorkerPlanRun };

export type WorkerReply =
  | { type: 'reply'; requestId: number; ok: true; value: RowPage | DomainRow[] | PlanResult | DecisionPreview | SelectionDecisions }
  | { type: 'reply'; requestId: number; ok: false; message: string; detail?: string };

export type FromWorker =
  | { type: 'progress'; progress: CheckProgress }
  | { type: 'plan-progress'; requestId: number; progress: PlanProgress }
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
export const PLAN_REPLACED_MESSAGE = 'Planning was cancelled: a newer plan replaced it.';
