// The app's one state machine: which step the user is on and what each step
// holds. Pure (no IPC), so the rules — e.g. an event from an old job is
// ignored — are in one readable place.
import type { CheckFailed, CheckFinished, CheckRequest, ExportResult, PlanResult } from '../../../shared/ipc/contract';
import type { CheckProgress, InspectResult, Report } from '../../../shared/model/check';
import type { PlanProgress, PlanRequest } from '../../../shared/plan/parameters';
import type { ColumnsDraft, DraftDefaults } from '../columns/draft';
import { draftFromDetection } from '../columns/draft';
import type { PlanForm } from '../plan/planForm';

export type Step = 'import' | 'columns' | 'check' | 'review' | 'plan' | 'export';

// The send plan is optional: Review leads to Export directly, or through Plan.
export const STEPS: readonly { step: Step; label: string }[] = [
  { step: 'import', label: 'Import' },
  { step: 'columns', label: 'Columns' },
  { step: 'check', label: 'Check' },
  { step: 'review', label: 'Review' },
  { step: 'plan', label: 'Plan' },
  { step: 'export', label: 'Export' },
];

export interface Notice {
  tone: 'info' | 'error';
  text: string;
}

export interface RunningCheck {
  /** null until check:start answers. */
  jobId: string | null;
  request: CheckRequest;
  fileName: string;
  startedAt: number;
  progress: CheckProgress | null;
  cancelling: boolean;
  /** Events that arrived before check:start answered with the job's id. */
  early: Record<string, CheckFinished | CheckFailed>;
}

export interface FinishedCheck {
  jobId: string;
  report: Report;
  exported: ExportResult | null;
  /** What was asked, so the same check can run again (Retry on the Domains view). */
  request: CheckRequest;
  plan: PlanState;
}

/** The send plan of a finished check (renderer/src/plan/). */
export interface PlanState {
  /** The Plan screen's fields; null until the screen first opens (its defaults depend on the clock and the zone). */
  form: PlanForm | null;
  /** A plan being made; `token` tells its answer from an older one's. */
  running: { token: number; request: PlanRequest; progress: PlanProgress | null } | null;
  /** The last plan made, and what it was asked with. */
  result: { plan: PlanResult; request: PlanRequest } | null;
  /** Why the last attempt failed (the result above, if any, is the plan before it). */
  error: string | null;
}

export const emptyPlan: PlanState = { form: null, running: null, result: null, error: null };

/** The parts of the Review screen. */
export type ReviewView = 'rows' | 'risk' | 'domains' | 'account';

export interface AppState {
  step: Step;
  list: InspectResult | null;
  draft: ColumnsDraft | null;
  notice: Notice | null;
  run: RunningCheck | null;
  result: FinishedCheck | null;
  /** The Review part the user last looked at: kept across Export and a re-run. */
  reviewView: ReviewView;
}

export const initialState: AppState = {
  step: 'import',
  list: null,
  draft: null,
  notice: null,
  run: null,
  result: null,
  reviewView: 'rows',
};

export type Action =
  | { type: 'imported'; list: InspectResult; defaults?: DraftDefaults }
  | { type: 'draft'; draft: ColumnsDraft }
  | { type: 'check-requested'; request: CheckRequest; fileName: string; at: number }
  | { type: 'check-started'; jobId: string }
  | { type: 'start-failed'; message: string }
  | { type: 'progress'; jobId: string; progress: CheckProgress }
  | { type: 'finished'; event: CheckFinished }
  | { type: 'failed'; event: CheckFailed }
  | { type: 'cancel-requested' }
  | { type: 'navigate'; step: Step }
  | { type: 'exported'; result: ExportResult }
  | { type: 'review-view'; view: ReviewView }
  | { type: 'plan-form'; jobId: string; form: PlanForm }
  | { type: 'plan-requested'; jobId: string; token: number; request: PlanRequest }
  | { type: 'plan-progress'; jobId: string; progress: PlanProgress }
  | { type: 'planned'; jobId: string; token: number; plan: PlanResult }
  | { type: 'plan-failed'; jobId: string; token: number; message: string }
  | { type: 'reset' };

function finish(state: AppState, event: CheckFinished): AppState {
  const request = state.run?.request ?? state.result?.request;
  if (!request) return state;
  return {
    ...state,
    step: 'review',
    run: null,
    notice: null,
    result: { jobId: event.jobId, report: event.report, exported: null, request, plan: emptyPlan },
  };
}

function fail(state: AppState, event: CheckFailed): AppState {
  const notice: Notice = event.cancelled
    ? { tone: 'info', text: 'Check cancelled. Nothing was written; your choices below are kept.' }
    : { tone: 'error', text: event.message };
  return { ...state, step: 'columns', run: null, notice };
}

export function reducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'imported':
      return { ...initialState, step: 'columns', list: action.list, draft: draftFromDetection(action.list, action.defaults) };
    case 'draft':
      return { ...state, draft: action.draft };
    case 'check-requested':
      return {
        ...state,
        step: 'check',
        notice: null,
        run: {
          jobId: null,
          request: action.request,
          fileName: action.fileName,
          startedAt: action.at,
          progress: null,
          cancelling: false,
          early: {},
        },
      };
    case 'check-started': {
      const run = state.run;
      if (!run || run.jobId !== null) return state;
      const early = run.early[action.jobId];
      const started: AppState = { ...state, run: { ...run, jobId: action.jobId, early: {} } };
      if (early && 'report' in early) return finish(started, early);
      if (early) return fail(started, early);
      return started;
    }
    case 'start-failed':
      if (!state.run) return state;
      return { ...state, step: 'columns', run: null, notice: { tone: 'error', text: action.message } };
    case 'progress':
      if (!state.run || state.run.jobId !== action.jobId) return state;
      return { ...state, run: { ...state.run, progress: action.progress } };
    case 'finished':
    case 'failed': {
      const run = state.run;
      if (!run) return state;
      if (run.jobId === null) {
        // check:start has not answered yet: keep the event until we know whose it is.
        return { ...state, run: { ...run, early: { ...run.early, [action.event.jobId]: action.event } } };
      }
      if (run.jobId !== action.event.jobId) return state;
      return action.type === 'finished' ? finish(state, action.event) : fail(state, action.event);
    }
    case 'cancel-requested':
      if (!state.run) return state;
      return { ...state, run: { ...state.run, cancelling: true } };
    case 'navigate':
      return canVisit(state, action.step)
        ? { ...state, step: action.step, notice: action.step === state.step ? state.notice : null }
        : state;
    case 'exported':
      if (!state.result) return state;
      return { ...state, result: { ...state.result, exported: action.result } };
    case 'review-view':
      return { ...state, reviewView: action.view };
    case 'plan-form':
      return withPlan(state, action.jobId, (plan) => ({ ...plan, form: action.form }));
    case 'plan-requested':
      return withPlan(state, action.jobId, (plan) => ({
        ...plan,
        running: { token: action.token, request: action.request, progress: null },
        error: null,
      }));
    case 'plan-progress':
      return withPlan(state, action.jobId, (plan) =>
        plan.running ? { ...plan, running: { ...plan.running, progress: action.progress } } : plan,
      );
    case 'planned': {
      const running = state.result?.jobId === action.jobId ? state.result.plan.running : null;
      if (!running || running.token !== action.token) return state;
      const next = withPlan(state, action.jobId, (plan) => ({
        ...plan,
        running: null,
        error: null,
        result: { plan: action.plan, request: running.request },
      }));
      // An export made before this plan does not hold it: the Export step is to do again.
      return next.result ? { ...next, result: { ...next.result, exported: null } } : next;
    }
    case 'plan-failed':
      return withPlan(state, action.jobId, (plan) =>
        plan.running?.token === action.token ? { ...plan, running: null, error: action.message } : plan,
      );
    case 'reset':
      return initialState;
  }
}

/** Changes the plan of the current result; anything about another job is stale and ignored. */
function withPlan(state: AppState, jobId: string, change: (plan: PlanState) => PlanState): AppState {
  if (!state.result || state.result.jobId !== jobId) return state;
  const plan = change(state.result.plan);
  return plan === state.result.plan ? state : { ...state, result: { ...state.result, plan } };
}

/** Whether the stepper may take the user to a step (the Check step is only ever shown while one runs). */
export function canVisit(state: AppState, step: Step): boolean {
  if (state.run) return step === 'check';
  switch (step) {
    case 'import':
      return true;
    case 'columns':
      return state.list !== null;
    case 'check':
      return false;
    case 'review':
    case 'plan':
    case 'export':
      return state.result !== null;
  }
}

/** Whether a step is behind the user (shown with a tick). */
export function isDone(state: AppState, step: Step): boolean {
  switch (step) {
    case 'import':
      return state.list !== null;
    case 'columns':
    case 'check':
      return state.result !== null;
    case 'review':
      return state.result !== null && (state.step === 'plan' || state.step === 'export');
    case 'plan':
      return state.result?.plan.result != null;
    case 'export':
      return state.result?.exported != null;
  }
}

/** Starting over would throw away something the user may want: ask first. */
export function needsDiscardConfirmation(state: AppState): 'running' | 'unexported' | null {
  if (state.run) return 'running';
  if (state.result && !state.result.exported) return 'unexported';
  return null;
}
