// Step 5 (optional): a warm-up send plan for the send list. Parameters on the
// left, the plan on the right: its totals, recipients per day against the
// quota, by mailbox provider, and every batch. The plan is made by the engine
// worker (plan:create) and written next to the check's files, so Export saves
// both. A sandbox account gets the way to production access instead.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CheckRequest } from '../../../shared/ipc/contract';
import type { Report } from '../../../shared/model/check';
import { productionAccessAdvice } from '../../../shared/model/ses';
import type { PlanProgress, PlanRequest } from '../../../shared/plan/parameters';
import { invoke } from '../app/api';
import { formatCount, plural } from '../app/format';
import { AlertIcon, ArrowLeftIcon, ArrowRightIcon, InfoIcon } from '../app/icons';
import type { PlanState } from '../app/state';
import { accountDashboardUrl } from '../account/accountText';
import { ProductionAccessRequest } from '../account/ProductionAccessRequest';
import { sandboxSteps } from '../account/sandboxText';
import { bulkSenderPlanWarnings } from '../../../shared/ses/bulk-sender';
import { autoValidationPlanWarning, planAutoValidationOf } from '../../../shared/model/mailbox';
import { BatchList } from './BatchList';
import { DailyVolumeChart } from './DailyVolumeChart';
import { PlanParameters } from './PlanParameters';
import type { PlanField, PlanForm } from './planForm';
import { PLAN_FIELDS, changeForm, defaultPlanForm, readPlanForm, refreshStart, sameRequest, systemTimeZone } from './planForm';
import { PRESET_LABELS, dailyText, formatClock, formatDay, formatRate, longPlanWarning } from './planText';
import { usePlanQuota } from './usePlanQuota';
import './plan.css';

interface PlanScreenProps {
  report: Report;
  checkRequest: CheckRequest;
  fileName: string;
  plan: PlanState;
  onFormChange: (form: PlanForm) => void;
  onPlan: (request: PlanRequest) => void;
  onBack: () => void;
  onExport: () => void;
}

/** The clock, a tick a minute: a default start that has passed moves to the next hour. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

const PHASE_TEXT: Record<PlanProgress['phase'], string> = {
  reading: 'Reading the send list',
  planning: 'Fitting the batches to the quota',
  writing: 'Writing the batch files',
  done: 'Finishing',
};

export function PlanScreen({ report, checkRequest, fileName, plan, onFormChange, onPlan, onBack, onExport }: PlanScreenProps) {
  const ids = { title: useId(), field: useId(), batches: useId(), chart: useId() };
  const now = useMinuteClock();
  const sendRows = report.verdicts.send ?? 0;
  const account = report.account ?? null;
  const profile = checkRequest.settings.ses?.profile;
  const region = account?.region;
  const sesAccount = useMemo(() => (region ? { ...(profile ? { profile } : {}), region } : null), [profile, region]);
  const { state: quota, retry: retryQuota } = usePlanQuota(sesAccount);
  const reading = quota.status === 'ready' ? quota.reading : null;
  const sesUsable = sesAccount !== null && quota.status !== 'failed';

  // Until the user changes something, the form is its defaults: they follow the clock and the account's answer.
  const form = useMemo(() => {
    const base =
      plan.form ??
      defaultPlanForm({
        now,
        timeZone: systemTimeZone(),
        ses: sesUsable,
        accountQuota: reading?.quota ?? account,
      });
    return refreshStart(base, now);
  }, [plan.form, now, sesUsable, reading, account]);
  const context = useMemo(
    () => ({ now, ses: sesUsable && form.quotaSource === 'ses' ? sesAccount : null }),
    [now, sesUsable, form.quotaSource, sesAccount],
  );
  const { request, problems } = useMemo(() => readPlanForm(form, context), [form, context]);

  const resultsRef = useRef<HTMLDivElement>(null);
  const [visited, setVisited] = useState<ReadonlySet<PlanField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const shown = useMemo(() => (submitted ? new Set(PLAN_FIELDS) : visited), [submitted, visited]);

  const change = useCallback((patch: Partial<PlanForm>) => onFormChange(changeForm(form, patch, Date.now())), [form, onFormChange]);
  const visit = useCallback((field: PlanField) => setVisited((old) => (old.has(field) ? old : new Set([...old, field]))), []);
  const fieldId = useCallback((field: PlanField) => `${ids.field}-${field}`, [ids.field]);

  function submit() {
    setSubmitted(true);
    if (!request) {
      const first = PLAN_FIELDS.find((field) => problems[field]);
      const input = first ? document.getElementById(fieldId(first)) : null;
      input?.focus({ preventScroll: true });
      // The label and the sentence under it in view, not just the input's edge.
      input?.closest('.field')?.scrollIntoView({ block: 'center' });
      return;
    }
    // What was planned is what the form shows from now on, the start included.
    if (!plan.form) onFormChange(form);
    onPlan(request);
    // The progress shows at the top of the plan: bring it into view if the page was scrolled past it.
    const results = resultsRef.current;
    const top = results?.closest('.screen')?.parentElement?.getBoundingClientRect().top ?? 0;
    if (results && results.getBoundingClientRect().top < top) results.closest('.screen')?.scrollIntoView({ block: 'start' });
  }

  const result = plan.result;
  const running = plan.running;
  const stale = result !== null && request !== null && !running && !sameRequest(result.request, request);
  const announcement = running
    ? 'Planning the send…'
    : plan.error
      ? ''
      : result
        ? `Planned ${plural(result.plan.document.recipients, 'recipient')} in ${plural(result.plan.document.batches.length, 'batch', 'batches')} over ${plural(result.plan.document.days.length, 'day')}.`
        : '';

  const refusal = reading?.refusal ?? null;
  const sandbox = reading
    ? !reading.account.productionAccessEnabled
    : quota.status === 'failed' && account !== null && !account.productionAccessEnabled;

  return (
    <section className="screen plan-screen" aria-labelledby={ids.title}>
      <div className="screen-head">
        <div>
          <h1 id={ids.title} tabIndex={-1}>
            Plan the send
          </h1>
          <p className="lead">
            <span className="file-name">{fileName}</span> · {plural(sendRows, 'recipient')} ready to send
          </p>
        </div>
        <div className="screen-head-actions">
          <button type="button" className="button button-quiet" onClick={onBack}>
            <ArrowLeftIcon size={14} />
            Review
          </button>
          <button type="button" className="button button-primary" onClick={onExport} disabled={running !== null}>
            {result ? 'Export results and plan' : 'Export results'}
            <ArrowRightIcon size={16} />
          </button>
        </div>
      </div>

      {sandbox || (refusal && reading) ? (
        <Refusal
          region={reading?.account.region ?? account!.region}
          sandbox={sandbox}
          sentence={refusal ?? (quota.status === 'failed' ? `${quota.message} The check found the account in the sandbox.` : null)}
          advice={report.productionAccess ?? null}
          onRetry={retryQuota}
          request={
            sandbox ? (
              <ProductionAccessRequest report={report} profile={profile} region={reading?.account.region ?? account!.region} />
            ) : null
          }
        />
      ) : sendRows === 0 ? (
        <div className="panel plan-blocked" data-testid="plan-nothing">
          <p className="callout-title">Nothing to plan</p>
          <p>No recipient of this list is ready to send, so there is no send list to spread over batches.</p>
        </div>
      ) : (
        <div className="plan-layout">
          <PlanParameters
            form={form}
            problems={problems}
            shown={shown}
            ses={sesAccount ? { region: sesAccount.region, quota } : null}
            planning={running !== null}
            fieldId={fieldId}
            onChange={change}
            onVisit={visit}
            onSubmit={submit}
          />

          <div className="plan-results" data-testid="plan-results" ref={resultsRef}>
            <p className="visually-hidden" aria-live="polite" data-testid="plan-announcement">
              {announcement}
            </p>
            {quota.status === 'failed' && (
              <div className="callout callout-warning" data-testid="plan-quota-error">
                <AlertIcon size={18} />
                <div>
                  <p>{quota.message}</p>
                  <p>
                    Type the quota in, or{' '}
                    <button type="button" className="link-button" onClick={retryQuota}>
                      ask SES again
                    </button>
                    .
                  </p>
                </div>
              </div>
            )}
            {plan.error && (
              <div className="callout callout-error" role="alert" data-testid="plan-error">
                <AlertIcon size={18} />
                <div>
                  <p className="callout-title">
                    {result ? 'No new plan was made; the plan below is the previous one' : 'No plan was made'}
                  </p>
                  <p>{plan.error}</p>
                </div>
              </div>
            )}
            {running && <Progress progress={running.progress} readingSes={running.request.quota.source === 'ses'} />}
            {stale && (
              <p className="callout callout-info plan-stale" data-testid="plan-stale">
                <InfoIcon size={16} />
                <span>The parameters have changed since this plan was made: press Plan send to plan again.</span>
              </p>
            )}
            {result ? (
              <div className={`plan-output${running ? ' is-busy' : ''}`} aria-busy={running !== null}>
                <PlanTotals plan={result.plan} />
                {longPlanWarning(result.plan.document) && (
                  <p className="callout callout-warning" data-testid="plan-long">
                    <AlertIcon size={16} />
                    <span>{longPlanWarning(result.plan.document)}</span>
                  </p>
                )}
                {bulkSenderPlanWarnings(result.plan.document.days, report.readiness?.bulkSender ?? null).map((warning) => (
                  <p key={warning} className="callout callout-warning" data-testid="plan-bulk-sender">
                    <AlertIcon size={16} />
                    <span>{warning}</span>
                  </p>
                ))}
                <AutoValidationNote recipients={result.plan.document.recipients} report={report} />
                {result.plan.document.accountCap && (
                  <p
                    className={`callout ${result.plan.document.accountCap.warning ? 'callout-warning' : 'callout-info'}`}
                    data-testid="plan-account-cap"
                  >
                    <AlertIcon size={16} />
                    <span>{result.plan.document.accountCap.sentence}</span>
                  </p>
                )}
                <section className="panel" aria-labelledby={ids.chart}>
                  <div className="panel-head">
                    <h2 id={ids.chart}>Recipients per day</h2>
                    <span className="panel-meta">by mailbox provider, against the quota</span>
                  </div>
                  <DailyVolumeChart document={result.plan.document} />
                </section>
                <section className="panel" aria-labelledby={ids.batches}>
                  <div className="panel-head">
                    <h2 id={ids.batches}>Batches</h2>
                    <span className="panel-meta">
                      each sent at no more than its rate, starting and ending inside the window ({result.plan.document.timeZone})
                    </span>
                  </div>
                  <BatchList document={result.plan.document} labelledBy={ids.batches} />
                </section>
              </div>
            ) : (
              !running && (
                <div className="plan-empty" data-testid="plan-empty">
                  <p className="empty-title">No plan yet</p>
                  <p>
                    Plan send spreads the {plural(sendRows, 'recipient')} over batches that keep every rolling 24 hours within the quota,
                    every batch within the send rate and the window, and each day within the warm-up, lowest risk and most engaged first.
                  </p>
                </div>
              )
            )}
          </div>
        </div>
      )}
    </section>
  );
}

function Progress({ progress, readingSes }: { progress: PlanProgress | null; readingSes: boolean }) {
  const percent =
    progress && progress.bytesTotal > 0 && progress.phase !== 'planning'
      ? Math.min(100, Math.floor((progress.bytesRead / progress.bytesTotal) * 100))
      : null;
  const label = progress ? PHASE_TEXT[progress.phase] : readingSes ? 'Reading the quota from SES' : 'Starting';
  return (
    <div className="plan-progress" data-testid="plan-progress">
      <p>
        <span className="spinner spinner-small" aria-hidden="true" /> {label}
        {percent !== null ? ` · ${percent}%` : '…'}
      </p>
      <div
        className="plan-progress-bar"
        role="progressbar"
        aria-label="Planning progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={label}
      >
        <span style={{ width: `${percent ?? 100}%` }} className={percent === null ? 'is-indeterminate' : undefined} />
      </div>
    </div>
  );
}

function PlanTotals({ plan }: { plan: NonNullable<PlanState['result']>['plan'] }) {
  const doc = plan.document;
  const first = doc.batches[0]!;
  const last = doc.batches.at(-1)!;
  const sendingDays = doc.days.filter((day) => day.recipients > 0).length;
  const busiest = doc.days.reduce((best, day) => (day.recipients > best.recipients ? day : best), doc.days[0]!);
  const policy = doc.policy;
  const order = [
    plan.riskColumn ? 'lowest risk' : '',
    plan.engagementColumns.length ? `most recent ${plan.engagementColumns.join(' / ')}` : '',
  ]
    .filter(Boolean)
    .join(', then ');
  return (
    <section className="panel plan-totals" aria-label="Plan totals" data-testid="plan-totals">
      <dl className="plan-figures">
        <div>
          <dt>Recipients</dt>
          <dd data-testid="plan-recipients">{formatCount(doc.recipients)}</dd>
        </div>
        <div>
          <dt>Batches</dt>
          <dd data-testid="plan-batch-count">{formatCount(doc.batches.length)}</dd>
        </div>
        <div>
          <dt>Days</dt>
          <dd data-testid="plan-day-count">
            {formatCount(doc.days.length)}
            {sendingDays !== doc.days.length && <span className="figure-note"> {sendingDays} sending</span>}
          </dd>
        </div>
        <div>
          <dt>Busiest day</dt>
          <dd>{formatCount(busiest.recipients)}</dd>
        </div>
      </dl>
      <dl className="fact-list plan-facts">
        <dt>First batch</dt>
        <dd>
          {formatDay(first.date, true)}, {formatClock(first.start, doc.timeZone)}
        </dd>
        <dt>Last batch ends</dt>
        <dd>
          {formatDay(last.date, true)}, {formatClock(last.end, doc.timeZone)}
        </dd>
        <dt>Quota</dt>
        <dd>
          {dailyText(doc.quota.max24HourSend)}, {formatRate(doc.quota.maxSendRate)}, {formatCount(doc.quota.sentLast24Hours)} already sent
          {doc.quota.source === 'ses' ? ` (read from SES in ${doc.quota.region} when planning)` : ' (typed in)'}
        </dd>
        <dt>Used at most</dt>
        <dd>
          {dailyText(doc.usable.max24HourSend)}, {formatRate(doc.usable.maxSendRate)} ({Math.round(doc.headroom * 100)}% kept free)
        </dd>
        <dt>Warm-up</dt>
        <dd>
          {policy.name === 'custom'
            ? `Custom (from ${PRESET_LABELS[policy.basedOn ?? 'standard'].toLowerCase()})`
            : PRESET_LABELS[policy.name]}
          : {formatCount(policy.firstDay)} on day 1, at most ×{policy.growth} a day
        </dd>
        <dt>Order</dt>
        <dd>{order ? `${order}, then list order` : 'list order (send.csv has no risk or engagement column)'}</dd>
      </dl>
    </section>
  );
}

function Refusal({
  region,
  sandbox,
  sentence,
  advice,
  onRetry,
  request,
}: {
  region: string;
  sandbox: boolean;
  sentence: string | null;
  advice: string[] | null;
  onRetry: () => void;
  request: ReactNode;
}) {
  // The planner's sentence says what the sandbox means; the steps say how to leave it.
  const steps = sandboxSteps(advice && advice.length > 0 ? advice : productionAccessAdvice(region));
  return (
    <div className="panel plan-blocked" data-testid="plan-refusal">
      <div className={`callout ${sandbox ? 'callout-info' : 'callout-error'}`}>
        {sandbox ? <InfoIcon size={20} /> : <AlertIcon size={20} />}
        <div>
          <p className="callout-title">
            {sandbox
              ? `This SES account is in the sandbox in ${region}: request production access before planning`
              : 'No plan can be made for this account'}
          </p>
          {sentence && <p data-testid="plan-refusal-sentence">{sentence}</p>}
        </div>
      </div>
      {sandbox && (
        <>
          <h2>How to get production access</h2>
          <ol className="plan-access-steps">
            {steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </>
      )}
      {request}
      <div className="plan-blocked-actions">
        <button
          type="button"
          className="button button-primary"
          onClick={() => void invoke('shell:open-external', accountDashboardUrl(region)).catch(() => undefined)}
        >
          Open the SES account dashboard
        </button>
        <button type="button" className="button" onClick={onRetry}>
          Check the account again
        </button>
      </div>
    </div>
  );
}

/** SES Auto Validation on the check's account or configuration set: the recipients SES would drop at send time. */
function AutoValidationNote({ recipients, report }: { recipients: number; report: Report }) {
  const warning = autoValidationPlanWarning(recipients, planAutoValidationOf(report));
  if (!warning) return null;
  return (
    <p className="callout callout-warning" data-testid="plan-auto-validation">
      <AlertIcon size={16} />
      <span>{warning}</span>
    </p>
  );
}
