// Step 3: the check runs in the engine worker; this screen shows how far it
// is and lets the user stop it (button or Esc).
import { useEffect, useState } from 'react';
import { formatBytes, formatCount, formatDuration } from '../app/format';
import { CheckIcon } from '../app/icons';
import type { RunningCheck } from '../app/state';
import { PHASE_LABELS, currentPhaseIndex, overallFraction, planPhases } from './progress';
import './check.css';

interface CheckScreenProps {
  run: RunningCheck;
  onCancel: () => void;
}

export function CheckScreen({ run, onCancel }: CheckScreenProps) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      // Esc inside an open dialog belongs to the dialog.
      if (event.key === 'Escape' && !event.defaultPrevented && !document.querySelector('dialog[open]')) {
        event.preventDefault();
        onCancel();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  const { progress } = run;
  const { settings } = run.request;
  const plan = planPhases(settings.dns.mode !== 'off' && !settings.offline, settings.ses !== undefined);
  const percent = Math.floor(overallFraction(plan, progress) * 100);
  const currentIndex = currentPhaseIndex(plan, progress?.phase);
  const phaseLabel = run.cancelling ? 'Cancelling…' : progress ? PHASE_LABELS[progress.phase] : 'Starting…';

  return (
    <section className="screen check-screen" aria-labelledby="check-title">
      <div className="check-card">
        <h1 id="check-title" tabIndex={-1}>
          Checking {run.fileName}
        </h1>

        <ol className="phases" aria-label="Phases">
          {plan.map((step, index) => {
            const state = progress?.phase === 'done' || index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'pending';
            return (
              <li key={step.phase} className={`phase is-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
                <span className="phase-marker" aria-hidden="true">
                  {state === 'done' ? <CheckIcon size={12} /> : state === 'current' ? <span className="spinner spinner-small" /> : null}
                </span>
                {step.label}
              </li>
            );
          })}
        </ol>

        <div
          className={`progress${run.cancelling ? ' is-cancelling' : ''}`}
          role="progressbar"
          aria-label="Check progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}%, ${phaseLabel}`}
        >
          <div className="progress-fill" style={{ width: `${percent}%` }} />
        </div>

        <div className="progress-facts">
          <span className="progress-percent">{percent}%</span>
          {progress && progress.phase !== 'account' && (
            <span data-testid="phase-count">
              {progress.phase === 'domains'
                ? `${formatCount(progress.domainsDone)} of ${formatCount(progress.domainsTotal)} domains`
                : `${formatBytes(progress.bytesRead)} of ${formatBytes(progress.bytesTotal)}`}
            </span>
          )}
          {progress && <span data-testid="rows-read">{formatCount(progress.rows)} rows</span>}
          <span>{formatDuration(now - run.startedAt)}</span>
        </div>

        {progress?.phase === 'account' && progress.message && (
          <p className="progress-message" data-testid="progress-message">
            {progress.message}
          </p>
        )}

        <p className="visually-hidden" aria-live="polite">
          {phaseLabel}
        </p>

        <div className="check-actions">
          <button type="button" className="button" onClick={onCancel} disabled={run.cancelling} aria-keyshortcuts="Escape">
            {run.cancelling ? 'Cancelling…' : 'Cancel'}
            {!run.cancelling && <kbd>Esc</kbd>}
          </button>
        </div>
        <p className="check-note">Your file is only read, never changed. Results are kept in memory until you export them.</p>
      </div>
    </section>
  );
}
