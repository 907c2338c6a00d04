// Review is a decision: for each review reason the user chooses to send its rows, leave
// them for review or remove them, and sees what that does to the send list before
// applying it (review:preview, answered by the engine worker from the risks it holds).
// Applying runs the check again with the decisions (shared/model/decisions.ts), so the
// files, the report and the forecast are the engine's, exactly as the CLI's --accept,
// --exclude and --decisions would make them. A remove reason is never offered.
import { useEffect, useId, useState } from 'react';
import type { Report } from '../../../shared/model/check';
import type { DecisionPreview, Decisions } from '../../../shared/model/decisions';
import { REVIEW_REASONS } from '../../../shared/model/decisions';
import type { ReasonCode } from '../../../shared/model/reasons';
import { REASONS } from '../../../shared/model/reasons';
import { invoke, messageOf } from '../app/api';
import { formatCount, plural } from '../app/format';
import { formatRate } from '../risk/assess';
import { useDebounced } from './useDebounced';

export type ReasonChoice = 'send' | 'review' | 'remove';

const CHOICES: readonly { value: ReasonChoice; label: string }[] = [
  { value: 'send', label: 'Send' },
  { value: 'review', label: 'Leave for review' },
  { value: 'remove', label: 'Remove' },
];

const PREVIEW_DELAY_MS = 150;

export function choiceFor(decisions: Decisions, code: ReasonCode): ReasonChoice {
  return decisions.accept.includes(code) ? 'send' : decisions.exclude.includes(code) ? 'remove' : 'review';
}

export function withChoice(decisions: Decisions, code: ReasonCode, choice: ReasonChoice): Decisions {
  const accept = decisions.accept.filter((c) => c !== code);
  const exclude = decisions.exclude.filter((c) => c !== code);
  if (choice === 'send') accept.push(code);
  if (choice === 'remove') exclude.push(code);
  return { ...decisions, accept, exclude };
}

export function sameDecisions(a: Decisions, b: Decisions): boolean {
  const key = (d: Decisions) =>
    JSON.stringify([
      [...d.accept].sort(),
      [...d.exclude].sort(),
      d.rows.map((r) => [r.address.toLowerCase(), r.decision, r.corrected ?? '']).sort(),
    ]);
  return key(a) === key(b);
}

interface DecisionsPanelProps {
  jobId: string;
  report: Report;
  /** The decisions being drafted on this screen. */
  decisions: Decisions;
  /** The decisions the results on screen were checked with. */
  applied: Decisions;
  onChange: (decisions: Decisions) => void;
  onApply: (decisions: Decisions) => void;
}

export function DecisionsPanel({ jobId, report, decisions, applied, onChange, onApply }: DecisionsPanelProps) {
  const titleId = useId();
  const asked = useDebounced(decisions, PREVIEW_DELAY_MS);
  const [answer, setAnswer] = useState<{ asked: Decisions; preview: DecisionPreview } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    invoke('review:preview', jobId, asked).then(
      (preview) => {
        if (!current) return;
        setAnswer({ asked, preview });
        setError(null);
      },
      (failure: unknown) => {
        if (current) setError(messageOf(failure));
      },
    );
    return () => {
      current = false;
    };
  }, [jobId, asked]);

  const preview = answer?.preview ?? null;
  const reviewRows = preview?.reviewRows ?? {};
  // The reasons rows are waiting on; a reason already decided stays listed so it can be undone.
  const reasons = REVIEW_REASONS.filter((code) => (reviewRows[code] ?? 0) > 0 || choiceFor(decisions, code) !== 'review');
  const changed = !sameDecisions(decisions, applied);
  const forecast = report.forecast ?? null;
  const before = report.verdicts;
  const fresh = answer !== null && sameDecisions(answer.asked, decisions);

  if (reasons.length === 0 && decisions.rows.length === 0) return null;

  return (
    <section className="decisions-panel" aria-labelledby={titleId} data-testid="decisions-panel">
      <div className="decisions-head">
        <h2 id={titleId}>Decide the rows left for review</h2>
        <p className="muted">
          A row is sent only when every one of its review reasons is sent. Removed rows (unsubscribed, bounced …) stay removed.
        </p>
      </div>
      <ul className="decision-reasons">
        {reasons.map((code) => {
          const rows = reviewRows[code] ?? 0;
          const choice = choiceFor(decisions, code);
          return (
            <li key={code}>
              <fieldset className="decision-reason" data-testid={`decision-${code}`}>
                <legend title={REASONS[code].description}>
                  <span className="decision-reason-label">{REASONS[code].label}</span>{' '}
                  <span className="decision-reason-count">{plural(rows, 'row')}</span>
                </legend>
                <div className="decision-choices">
                  {CHOICES.map((option) => (
                    <label key={option.value} className={`decision-choice${choice === option.value ? ' is-selected' : ''}`}>
                      <input
                        type="radio"
                        name={`decision-${jobId}-${code}`}
                        value={option.value}
                        checked={choice === option.value}
                        onChange={() => onChange(withChoice(decisions, code, option.value))}
                      />
                      {option.label}
                    </label>
                  ))}
                </div>
              </fieldset>
            </li>
          );
        })}
      </ul>
      {decisions.rows.length > 0 && (
        <p className="decision-rows">
          {plural(decisions.rows.length, 'row')} decided one by one.{' '}
          <button type="button" className="link-button" onClick={() => onChange({ ...decisions, rows: [] })}>
            Clear the row decisions
          </button>
        </p>
      )}
      <div className="decisions-foot">
        <p className="decision-effect" aria-live="polite" data-testid="decision-effect">
          {error
            ? error
            : preview
              ? effectSentence(
                  before.send,
                  preview.verdicts.send,
                  forecast?.send.bounceRate,
                  preview.send.bounceRate,
                  fresh,
                  preview.corrections,
                )
              : 'Working out the effect…'}
        </p>
        <div className="decisions-actions">
          {changed && (
            <button type="button" className="button button-quiet" onClick={() => onChange(applied)}>
              Undo changes
            </button>
          )}
          <button
            type="button"
            className="button button-primary"
            disabled={!changed}
            onClick={() => onApply(decisions)}
            data-testid="apply-decisions"
          >
            Apply decisions
          </button>
        </div>
      </div>
    </section>
  );
}

/** "Send list: 7 → 9 rows · bounces 0.43% → 0.52%". */
function effectSentence(
  sendBefore: number,
  sendAfter: number,
  bounceBefore: number | undefined,
  bounceAfter: number,
  fresh: boolean,
  corrections: number,
): string {
  const rows =
    sendBefore === sendAfter ? `${plural(sendAfter, 'row')}, unchanged` : `${formatCount(sendBefore)} → ${plural(sendAfter, 'row')}`;
  const bounces = bounceBefore === undefined ? '' : ` · forecast bounces ${formatRate(bounceBefore)} → ${formatRate(bounceAfter)}`;
  const corrected = corrections > 0 ? ` (${plural(corrections, 'corrected address', 'corrected addresses')} checked when applied)` : '';
  return `Send list: ${rows}${bounces}${corrected}${fresh ? '' : ' …'}`;
}
