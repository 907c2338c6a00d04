// The SES account's own reputation on Review's SES account part: the latest
// bounce and complaint rates from CloudWatch (report.account.reputation), or
// the sentence saying why there are none, and the last 14 days as a small
// hand-drawn chart per metric against SES's review line. The numbers are in the
// text and in a table for screen readers; the drawing is decorative.
import { useId } from 'react';
import type { ReportReputation, ReputationDay } from '../../../shared/model/reputation';
import { formatAsOf } from '../../../shared/model/reputation';
import { SES_THRESHOLDS } from '../../../shared/risk/forecast';
import { formatRate } from '../risk/assess';

export function ReputationView({ reputation }: { reputation: ReportReputation }) {
  const titleId = useId();
  const read = reputation.status === 'read';
  return (
    <section className="reputation" aria-labelledby={titleId} data-testid="account-reputation" data-status={reputation.status}>
      <h3 id={titleId}>The account’s own rates</h3>
      {read ? (
        <p className="reputation-now" data-testid="reputation-now">
          Bounces <strong>{reputation.bounceRate === null ? 'none yet' : formatRate(reputation.bounceRate)}</strong>, complaints{' '}
          <strong>{reputation.complaintRate === null ? 'none yet' : formatRate(reputation.complaintRate)}</strong>, as of{' '}
          {formatAsOf(reputation.asOf!)} <span className="reputation-source">({reputation.source})</span>
        </p>
      ) : null}
      {reputation.note && <p className="empty-note reputation-note">{reputation.note}</p>}
      {read && reputation.history.length > 0 && (
        <div className="reputation-charts">
          <Sparkline
            days={reputation.history}
            pick={(d) => d.bounceRate}
            line={SES_THRESHOLDS.bounceReview}
            label="Bounces, last 14 days"
            testId="reputation-bounce-chart"
          />
          <Sparkline
            days={reputation.history}
            pick={(d) => d.complaintRate}
            line={SES_THRESHOLDS.complaintReview}
            label="Complaints, last 14 days"
            testId="reputation-complaint-chart"
          />
        </div>
      )}
    </section>
  );
}

const WIDTH = 168;
const HEIGHT = 40;

function Sparkline({
  days,
  pick,
  line,
  label,
  testId,
}: {
  days: ReputationDay[];
  pick: (day: ReputationDay) => number | null;
  line: number;
  label: string;
  testId: string;
}) {
  const values = days.map(pick);
  const known = values.filter((v): v is number => v !== null);
  const max = Math.max(line * 1.25, ...known) || 1;
  const x = (i: number) => (days.length <= 1 ? WIDTH / 2 : (i / (days.length - 1)) * (WIDTH - 4) + 2);
  const y = (v: number) => HEIGHT - 2 - (v / max) * (HEIGHT - 4);
  const path = values
    .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
    .reduce<string[]>((parts, point, i) => {
      if (point === null) return parts;
      parts.push(`${i === 0 || values[i - 1] === null ? 'M' : 'L'}${point}`);
      return parts;
    }, [])
    .join(' ');
  return (
    <figure className="reputation-chart" data-testid={testId}>
      <figcaption>{label}</figcaption>
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true">
        <line className="reputation-line" x1={0} x2={WIDTH} y1={y(line)} y2={y(line)} />
        <path className="reputation-path" d={path} />
        {values.map((v, i) => (v === null ? null : <circle key={days[i]!.day} className="reputation-dot" cx={x(i)} cy={y(v)} r={1.8} />))}
      </svg>
      <table className="visually-hidden">
        <caption>{label}</caption>
        <tbody>
          {days.map((day, i) => (
            <tr key={day.day}>
              <th scope="row">{day.day}</th>
              <td>{values[i] === null ? 'no data' : formatRate(values[i]!)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
