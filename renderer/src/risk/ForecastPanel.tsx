// The answer to "if I send this, will SES put my account under review?": the
// send list's bounce and complaint forecasts against SES's lines and the
// user's own bounce target, with the list as imported beside it so the user
// sees what cleaning bought.
import type { FormEvent } from 'react';
import { useEffect, useId, useRef, useState } from 'react';
import type { Assessment } from './assess';
import {
  assessBounces,
  assessBouncesAfterRemoval,
  assessComplaints,
  bounceInterval,
  bounceScale,
  complaintInterval,
  complaintScale,
  formatRate,
  smallSendNote,
} from './assess';
import { Gauge, type GaugeLane } from './Gauge';
import type { AccountProjection } from '../../../shared/model/risk';
import type { ReportForecast } from '../../../shared/model/check';
import './risk.css';

interface ForecastPanelProps {
  forecast: ReportForecast;
  sendRows: number;
  target: number;
  onTargetChange: (target: number) => void;
  /** report.unusualRemoval's share when far more was removed than a list loses: the bounce gauge is then never green. */
  removedShare?: number | null;
}

export function ForecastPanel({ forecast, sendRows, target, onTargetChange, removedShare = null }: ForecastPanelProps) {
  const ids = { title: useId(), bounce: useId(), complaint: useId() };
  const lines = forecast.sesThresholds;
  const bounceAssessment: Assessment = assessBouncesAfterRemoval(assessBounces(forecast, target), removedShare);
  const complaintAssessment: Assessment = assessComplaints(forecast);
  const note = smallSendNote(sendRows);
  return (
    <section className="forecast-panel" aria-labelledby={ids.title} data-testid="forecast">
      <div className="forecast-head">
        <h2 id={ids.title}>If you send the {sendRows === 1 ? 'row' : 'rows'} marked Send</h2>
        <p className="forecast-sub">
          Expected rate and the range it falls in 9 times out of 10. SES reviews an account at {formatRate(lines.bounceReview)} bounces or{' '}
          {formatRate(lines.complaintReview)} complaints, and may pause it at {formatRate(lines.bouncePause)} or{' '}
          {formatRate(lines.complaintPause)}.
        </p>
      </div>
      <div className="forecast-gauges">
        <Gauge
          title="Bounces"
          titleId={ids.bounce}
          testId="bounce-gauge"
          scale={bounceScale(forecast, target)}
          lines={[
            { at: target, label: `your target ${formatRate(target)}`, kind: 'target' },
            { at: lines.bounceReview, label: `${formatRate(lines.bounceReview)} review`, kind: 'review' },
            { at: lines.bouncePause, label: `${formatRate(lines.bouncePause)} pause`, kind: 'pause' },
          ]}
          lanes={[
            { label: 'After cleaning', ...bounceInterval(forecast.send), primary: true, testId: 'bounce-send' },
            { label: 'As imported', ...bounceInterval(forecast.all), primary: false, testId: 'bounce-all' },
            ...accountLanes(forecast.account, 'bounce'),
          ]}
          assessment={bounceAssessment}
          aside={<TargetEditor target={target} onChange={onTargetChange} />}
        />
        <Gauge
          title="Complaints"
          titleId={ids.complaint}
          testId="complaint-gauge"
          scale={complaintScale(forecast)}
          lines={[
            { at: lines.complaintReview, label: `${formatRate(lines.complaintReview)} review`, kind: 'review' },
            { at: lines.complaintPause, label: `${formatRate(lines.complaintPause)} pause`, kind: 'pause' },
          ]}
          lanes={[
            { label: 'After cleaning', ...complaintInterval(forecast.send), primary: true, testId: 'complaint-send' },
            { label: 'As imported', ...complaintInterval(forecast.all), primary: false, testId: 'complaint-all' },
            ...accountLanes(forecast.account, 'complaint'),
          ]}
          assessment={complaintAssessment}
        />
      </div>
      {forecast.account && <AccountProjectionNote projection={forecast.account} />}
      {note && (
        <p className="forecast-note" data-testid="small-send-note">
          {note}
        </p>
      )}
    </section>
  );
}

/** The account's own rate now (CloudWatch) and after this send, as two more lanes of a gauge. */
function accountLanes(projection: AccountProjection | undefined, kind: 'bounce' | 'complaint'): GaugeLane[] {
  if (!projection) return [];
  const now = kind === 'bounce' ? projection.bounceRateNow : projection.complaintRateNow;
  const after = kind === 'bounce' ? projection.bounceRateAfter : projection.complaintRateAfter;
  const high = kind === 'bounce' ? projection.bounceRateAfterHigh : projection.complaintRateAfterHigh;
  const lanes: GaugeLane[] = [];
  if (now !== null)
    lanes.push({ label: 'Account now', rate: now, low: now, high: now, primary: false, testId: `${kind}-account-now`, note: 'CloudWatch' });
  lanes.push({
    label: 'Account after',
    rate: after,
    low: after,
    high,
    primary: false,
    testId: `${kind}-account-after`,
    note: `up to ${formatRate(high)}`,
  });
  return lanes;
}

/** One sentence: where the account's rates go, and how sure that is. */
function AccountProjectionNote({ projection }: { projection: AccountProjection }) {
  const now = (rate: number | null) => (rate === null ? 'none yet' : `${formatRate(rate)} now`);
  return (
    <p className="forecast-note" data-testid="account-projection">
      Your SES account: bounces {now(projection.bounceRateNow)} → {formatRate(projection.bounceRateAfter)} after this send (up to{' '}
      {formatRate(projection.bounceRateAfterHigh)}); complaints {now(projection.complaintRateNow)} →{' '}
      {formatRate(projection.complaintRateAfter)} (up to {formatRate(projection.complaintRateAfterHigh)}). {projection.explanation}
    </p>
  );
}

// The target is a percentage of the send list: 0.1% to 10% (SES pauses at 10%).
const MIN_TARGET = 0.1;
const MAX_TARGET = 10;

/** "Your target 2% · Change": the bounce target, edited in place and remembered. */
function TargetEditor({ target, onChange }: { target: number; onChange: (target: number) => void }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  // Closing the editor puts focus back on the button that opened it.
  const changeButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    changeButton.current?.focus();
  }, [editing]);

  function close() {
    refocus.current = true;
    setEditing(false);
  }

  if (!editing) {
    return (
      <button
        ref={changeButton}
        type="button"
        className="link-button target-change"
        onClick={() => {
          setText(String(Number((target * 100).toPrecision(3))));
          setProblem(null);
          setEditing(true);
        }}
      >
        Change target
      </button>
    );
  }

  function save(event: FormEvent) {
    event.preventDefault();
    const value = Number(text.trim().replace(',', '.').replace(/%$/, ''));
    if (!/^\d+([.,]\d+)?%?$/.test(text.trim()) || !(value >= MIN_TARGET && value <= MAX_TARGET)) {
      setProblem(`Enter a percentage from ${MIN_TARGET} to ${MAX_TARGET}.`);
      return;
    }
    onChange(Math.round(value * 1000) / 100_000);
    close();
  }

  return (
    <form className="target-editor" onSubmit={save} noValidate>
      <label htmlFor={id}>Bounce target</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            close();
          }
        }}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        // The user just asked to change it: put them in the box.
        autoFocus
      />
      <span className="unit">%</span>
      <button type="submit" className="button button-small">
        Save
      </button>
      <button type="button" className="button button-small button-quiet" onClick={close}>
        Cancel
      </button>
      {problem && (
        <span className="field-error target-error" id={`${id}-error`} role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}
