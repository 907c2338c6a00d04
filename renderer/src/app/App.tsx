// The shell: header with the step bar, the current step's screen, and the
// wiring between the state machine (state.ts) and the main process.
import type { Decisions } from '../../../shared/model/decisions';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { AppPreferences, CheckRequest, ExportResult } from '../../../shared/ipc/contract';
import type { CheckProgress, InspectResult } from '../../../shared/model/check';
import type { PlanRequest } from '../../../shared/plan/parameters';
import { CheckScreen } from '../check/CheckScreen';
import { ColumnsScreen } from '../columns/ColumnsScreen';
import type { ColumnsDraft } from '../columns/draft';
import { ExportScreen } from '../export/ExportScreen';
import { ImportScreen } from '../import/ImportScreen';
import type { PlanForm } from '../plan/planForm';
import { PlanScreen } from '../plan/PlanScreen';
import { ReviewScreen } from '../review/ReviewScreen';
import { invoke, messageOf, on } from './api';
import { baseName } from './format';
import { ConfirmDialog } from './ConfirmDialog';
import { confirmedVerification } from '../mailboxes/verify';
import { Header } from './Header';
import { useMenuCommand } from './menu';
import { currentPreferences, loadPreferences, savePreferences } from './prefs';
import type { ReviewView, Step } from './state';
import { initialState, needsDiscardConfirmation, reducer } from './state';
import { readReport, UnreadableReport } from './read-report';

// If check:cancel never produces its check:failed event (a crashed worker), do not leave the user stuck.
const CANCEL_FALLBACK_MS = 8000;

const NO_DECISIONS: Decisions = { accept: [], exclude: [], rows: [] };

export function App() {
  const [state, dispatch] = useReducer(reducer, initialState);
  const [confirming, setConfirming] = useState<'running' | 'unexported' | null>(null);
  const cancelWanted = useRef(false);
  const mainRef = useRef<HTMLElement>(null);
  // File ▸ Open List… away from the Import screen: open the dialog once the user is back there.
  const [openOnImport, setOpenOnImport] = useState(false);

  // What the user last checked with; the Columns screen starts from it. No saved preferences: the defaults apply.
  useEffect(() => {
    void loadPreferences();
  }, []);

  // Check events. Progress can arrive hundreds of times a second: keep the latest and render once a frame.
  useEffect(() => {
    let pending: { jobId: string; progress: CheckProgress } | null = null;
    let frame = 0;
    const flush = () => {
      frame = 0;
      if (pending) dispatch({ type: 'progress', ...pending });
      pending = null;
    };
    const offs = [
      on('check:progress', (event) => {
        pending = event;
        if (!frame) frame = requestAnimationFrame(flush);
      }),
      on('check:finished', (event) => {
        flush();
        // The report is checked once, here, as it enters the renderer (read-report.ts).
        let report;
        try {
          report = readReport(event.report);
        } catch (error) {
          if (!(error instanceof UnreadableReport)) throw error;
          dispatch({ type: 'failed', event: { jobId: event.jobId, message: error.message, cancelled: false } });
          return;
        }
        dispatch({ type: 'finished', event: { ...event, report } });
      }),
      on('check:failed', (event) => {
        flush();
        dispatch({ type: 'failed', event });
      }),
      on('plan:progress', (event) => dispatch({ type: 'plan-progress', ...event })),
    ];
    return () => {
      if (frame) cancelAnimationFrame(frame);
      for (const off of offs) off();
    };
  }, []);

  // A file dropped outside the drop zone must not make the window navigate to it.
  useEffect(() => {
    const block = (event: DragEvent) => event.preventDefault();
    window.addEventListener('dragover', block);
    window.addEventListener('drop', block);
    return () => {
      window.removeEventListener('dragover', block);
      window.removeEventListener('drop', block);
    };
  }, []);

  // Move focus to the new screen's heading, so keyboard and screen-reader users start at the top of it.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
  }, [state.step]);

  useEffect(() => {
    document.title = state.list ? `${state.list.fileName} — Preflight` : 'Preflight';
  }, [state.list]);

  const jobId = state.run?.jobId ?? null;
  const cancelling = state.run?.cancelling ?? false;
  useEffect(() => {
    if (!jobId || !cancelling) return;
    const timer = window.setTimeout(
      () => dispatch({ type: 'failed', event: { jobId, message: 'Check cancelled.', cancelled: true } }),
      CANCEL_FALLBACK_MS,
    );
    return () => window.clearTimeout(timer);
  }, [jobId, cancelling]);

  const onImported = useCallback(
    (list: InspectResult) => dispatch({ type: 'imported', list, defaults: currentPreferences() ?? undefined }),
    [],
  );
  const onDraft = useCallback((draft: ColumnsDraft) => dispatch({ type: 'draft', draft }), []);

  const startCheck = useCallback(async (request: CheckRequest, remember?: Partial<AppPreferences>) => {
    cancelWanted.current = false;
    // Keep what the user checked with, so the next list starts from it.
    if (remember) savePreferences(remember);
    dispatch({ type: 'check-requested', request, fileName: baseName(request.path), at: Date.now() });
    try {
      const { jobId: started } = await invoke('check:start', request);
      dispatch({ type: 'check-started', jobId: started });
      if (cancelWanted.current) await invoke('check:cancel', started);
    } catch (error) {
      dispatch({ type: 'start-failed', message: messageOf(error) });
    }
  }, []);

  const cancelCheck = useCallback(async () => {
    cancelWanted.current = true;
    dispatch({ type: 'cancel-requested' });
    if (jobId) {
      try {
        await invoke('check:cancel', jobId);
      } catch {
        // The job may have just ended; its finished or failed event decides what the user sees.
      }
    }
  }, [jobId]);

  const onExported = useCallback((result: ExportResult) => dispatch({ type: 'exported', result }), []);

  // The send plan: one request at a time per job; a newer one replaces an older one still running.
  const planToken = useRef(0);
  const resultJobId = state.result?.jobId ?? null;
  const onPlanForm = useCallback(
    (form: PlanForm) => {
      if (resultJobId) dispatch({ type: 'plan-form', jobId: resultJobId, form });
    },
    [resultJobId],
  );
  const planSend = useCallback(
    async (planRequest: PlanRequest) => {
      if (!resultJobId) return;
      const token = ++planToken.current;
      dispatch({ type: 'plan-requested', jobId: resultJobId, token, request: planRequest });
      try {
        // The account's projected bounce rate is kept under the target the user set on Review (docs/plan.md).
        const bounceTarget = currentPreferences()?.bounceTarget;
        const plan = await invoke('plan:create', resultJobId, bounceTarget ? { ...planRequest, accountTarget: bounceTarget } : planRequest);
        dispatch({ type: 'planned', jobId: resultJobId, token, plan });
      } catch (error) {
        dispatch({ type: 'plan-failed', jobId: resultJobId, token, message: messageOf(error) });
      }
    },
    [resultJobId],
  );
  const onReviewView = useCallback((view: ReviewView) => dispatch({ type: 'review-view', view }), []);
  // Retry on the Domains view: the same check again. Answers already in the DNS cache are not asked
  // again and unresolved domains are never cached, so only those are queried.
  const request = state.result?.request;
  const rerunCheck = useCallback(() => {
    if (request) void startCheck(request);
  }, [request, startCheck]);

  // Decisions from Review: the same check again with them, so the files and the forecast are the engine's.
  const applyDecisions = useCallback(
    (decisions: Decisions) => {
      if (request) void startCheck({ ...request, settings: { ...request.settings, decisions } });
    },
    [request, startCheck],
  );

  // After the user confirmed the count and cost on Review: the same check, now asking SES about at most that many.
  const verifyMailboxes = useCallback(
    (count: number) => {
      if (request?.settings.ses?.verifyMailboxes) void startCheck(confirmedVerification(request, count));
    },
    [request, startCheck],
  );

  const startOver = useCallback(() => {
    if (jobId) void invoke('check:cancel', jobId).catch(() => undefined);
    cancelWanted.current = true;
    setConfirming(null);
    dispatch({ type: 'reset' });
  }, [jobId]);

  const requestNewList = useCallback(() => {
    const reason = needsDiscardConfirmation(state);
    if (reason) setConfirming(reason);
    else startOver();
  }, [state, startOver]);

  useMenuCommand((command) => {
    if (command === 'open-list' && state.step !== 'import') {
      setOpenOnImport(true);
      requestNewList();
    } else if (command === 'export' && state.result && !state.run && state.step !== 'export') {
      dispatch({ type: 'navigate', step: 'export' });
    } else if (command === 'cancel-check' && state.run && !state.run.cancelling) {
      void cancelCheck();
    }
  });

  const navigate = useCallback(
    (step: Step) => {
      if (step === 'import') requestNewList();
      else dispatch({ type: 'navigate', step });
    },
    [requestNewList],
  );

  return (
    <div className="app">
      <Header state={state} onNavigate={navigate} onNewList={requestNewList} />
      <main ref={mainRef} className="app-main" id="main">
        {state.step === 'import' && (
          <ImportScreen onImported={onImported} openOnArrival={openOnImport} onArrived={() => setOpenOnImport(false)} />
        )}
        {state.step === 'columns' && state.list && state.draft && (
          <ColumnsScreen
            list={state.list}
            draft={state.draft}
            notice={state.notice}
            onChange={onDraft}
            onCheck={startCheck}
            onChooseAnother={requestNewList}
          />
        )}
        {state.step === 'check' && state.run && <CheckScreen run={state.run} onCancel={cancelCheck} />}
        {state.step === 'review' && state.result && state.list && (
          <ReviewScreen
            key={state.result.jobId}
            jobId={state.result.jobId}
            report={state.result.report}
            fileName={state.list.fileName}
            view={state.reviewView}
            onViewChange={onReviewView}
            onRerun={rerunCheck}
            appliedDecisions={request?.settings.decisions ?? NO_DECISIONS}
            onApplyDecisions={applyDecisions}
            onVerifyMailboxes={verifyMailboxes}
            {...(request?.settings.ses?.profile ? { sesProfile: request.settings.ses.profile } : {})}
            onPlan={() => dispatch({ type: 'navigate', step: 'plan' })}
            onExport={() => dispatch({ type: 'navigate', step: 'export' })}
            onBackToColumns={() => dispatch({ type: 'navigate', step: 'columns' })}
          />
        )}
        {state.step === 'plan' && state.result && state.list && (
          <PlanScreen
            key={state.result.jobId}
            report={state.result.report}
            checkRequest={state.result.request}
            fileName={state.list.fileName}
            plan={state.result.plan}
            onFormChange={onPlanForm}
            onPlan={(planRequest) => void planSend(planRequest)}
            onBack={() => dispatch({ type: 'navigate', step: 'review' })}
            onExport={() => dispatch({ type: 'navigate', step: 'export' })}
          />
        )}
        {state.step === 'export' && state.result && state.list && (
          <ExportScreen
            jobId={state.result.jobId}
            report={state.result.report}
            fileName={state.list.fileName}
            exported={state.result.exported}
            plan={state.result.plan.result?.plan ?? null}
            onExported={onExported}
            onBack={() => dispatch({ type: 'navigate', step: state.result?.plan.result ? 'plan' : 'review' })}
            onStartOver={startOver}
          />
        )}
      </main>
      <ConfirmDialog
        open={confirming !== null}
        title={confirming === 'running' ? 'Stop this check?' : 'Discard this check?'}
        confirmLabel={confirming === 'running' ? 'Stop and start over' : 'Discard and start over'}
        cancelLabel="Keep working"
        onConfirm={startOver}
        onCancel={() => {
          setConfirming(null);
          setOpenOnImport(false);
        }}
      >
        {confirming === 'running'
          ? 'The check of this list is still running. Starting a new list stops it.'
          : 'The results of this check have not been exported. Starting a new list discards them; your original file is not affected.'}
      </ConfirmDialog>
    </div>
  );
}
