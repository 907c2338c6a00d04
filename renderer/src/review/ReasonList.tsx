// Counts by reason, most serious first; a click filters the table to that reason.
import type { Report } from '../../../shared/model/check';
import type { ReasonCode } from '../../../shared/model/reasons';
import { REASONS, isReasonCode } from '../../../shared/model/reasons';
import { formatCount } from '../app/format';
import { VerdictIcon } from '../app/icons';

interface ReasonListProps {
  report: Report;
  selected: ReasonCode | null;
  onSelect: (code: ReasonCode | null) => void;
}

export function ReasonList({ report, selected, onSelect }: ReasonListProps) {
  const entries = Object.entries(report.reasons)
    .filter((entry): entry is [ReasonCode, number] => isReasonCode(entry[0]) && (entry[1] ?? 0) > 0)
    .sort(([codeA, countA], [codeB, countB]) => {
      const severity = (code: ReasonCode) => (REASONS[code].verdict === 'remove' ? 0 : 1);
      return severity(codeA) - severity(codeB) || countB - countA || codeA.localeCompare(codeB);
    });

  return (
    <section className="reason-list" aria-labelledby="reasons-title">
      <h2 id="reasons-title">Reasons</h2>
      {entries.length === 0 ? (
        <p className="empty-note">No problems found: every row can be sent.</p>
      ) : (
        <ul>
          {entries.map(([code, count]) => {
            const info = REASONS[code];
            const pressed = selected === code;
            return (
              <li key={code}>
                <button
                  type="button"
                  className={`reason-item reason-${info.verdict}${pressed ? ' is-selected' : ''}`}
                  aria-pressed={pressed}
                  onClick={() => onSelect(pressed ? null : code)}
                  title={info.description}
                  aria-describedby={`reason-${code}-description`}
                  data-reason={code}
                >
                  <VerdictIcon verdict={info.verdict} size={13} className="reason-icon" />
                  <span className="reason-label">{info.label}</span>
                  <span className="reason-count">{formatCount(count)}</span>
                </button>
                <span id={`reason-${code}-description`} className="visually-hidden">
                  {info.description}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
