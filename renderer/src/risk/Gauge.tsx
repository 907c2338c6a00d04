// One forecast gauge: a rate's expected value (the dot) and its 90% interval
// (the band) on a track marked with the user's target and SES's lines, one
// lane per list (after cleaning, as imported). The drawing is decorative: each
// lane's numbers and the status sentence carry the meaning as text.
import type { ReactNode } from 'react';
import { AlertIcon, CheckIcon } from '../app/icons';
import type { Assessment, GaugeScale } from './assess';
import { formatRate } from './assess';

export interface GaugeLine {
  at: number;
  /** Short: "5% review". */
  label: string;
  kind: 'target' | 'review' | 'pause';
}

export interface GaugeLane {
  label: string;
  rate: number;
  low: number;
  high: number;
  /** The send list: drawn strong; the list as imported is drawn quiet. */
  primary: boolean;
  testId: string;
  /** Replaces the 90% range text (the account now: where the number comes from). */
  note?: string;
}

interface GaugeProps {
  title: string;
  titleId: string;
  scale: GaugeScale;
  lines: GaugeLine[];
  lanes: GaugeLane[];
  assessment: Assessment;
  /** Beside the title (the target editor). */
  aside?: ReactNode;
  testId: string;
}

const percent = (fraction: number) => `${(fraction * 100).toFixed(3)}%`;

export function Gauge({ title, titleId, scale, lines, lanes, assessment, aside, testId }: GaugeProps) {
  const sorted = [...lines].sort((a, b) => a.at - b.at);
  // Shaded zones between the lines: under the first line is fine, past the last is the worst.
  const bounds = [0, ...sorted.map((line) => line.at), scale.max];
  const zones = bounds.slice(0, -1).map((from, index) => ({
    from: scale.position(from),
    to: scale.position(bounds[index + 1]!),
    kind: index === 0 ? 'ok' : (sorted[index - 1]?.kind ?? 'ok'),
  }));
  const above = sorted.filter((line) => line.kind === 'target');
  const below = sorted.filter((line) => line.kind !== 'target');

  return (
    <section className={`gauge is-${assessment.level}`} aria-labelledby={titleId} data-testid={testId} data-level={assessment.level}>
      <div className="gauge-head">
        <h2 id={titleId}>{title}</h2>
        {aside}
      </div>
      <p className="gauge-status" aria-live="polite" data-testid={`${testId}-status`}>
        {assessment.level === 'ok' ? <CheckIcon size={15} /> : <AlertIcon size={15} />}
        <span>
          <strong>{assessment.headline}.</strong> {assessment.detail}
        </span>
      </p>
      <div className="gauge-grid">
        {above.length > 0 && (
          <div className="gauge-axis gauge-axis-top" aria-hidden="true">
            {above.map((line) => (
              <AxisLabel key={line.label} line={line} position={scale.position(line.at)} />
            ))}
          </div>
        )}
        {lanes.map((lane) => {
          const offScale = lane.rate > scale.max;
          return (
            <div key={lane.label} className={`gauge-lane${lane.primary ? ' is-primary' : ''}`} data-testid={lane.testId}>
              <span className="gauge-lane-label">{lane.label}</span>
              <div className="gauge-track" aria-hidden="true">
                {zones.map((zone) => (
                  <span
                    key={zone.from}
                    className={`gauge-zone zone-${zone.kind}`}
                    style={{ left: percent(zone.from), width: percent(zone.to - zone.from) }}
                  />
                ))}
                {sorted.map((line) => (
                  <span key={line.label} className={`gauge-line line-${line.kind}`} style={{ left: percent(scale.position(line.at)) }} />
                ))}
                <span
                  className="gauge-band"
                  style={{
                    left: percent(scale.position(lane.low)),
                    width: `max(4px, ${percent(scale.position(lane.high) - scale.position(lane.low))})`,
                  }}
                />
                <span className={`gauge-marker${offScale ? ' is-off-scale' : ''}`} style={{ left: percent(scale.position(lane.rate)) }} />
              </div>
              <span className="gauge-value">
                <strong data-testid={`${lane.testId}-rate`}>{formatRate(lane.rate)}</strong>
                <span className="gauge-range" data-testid={`${lane.testId}-range`}>
                  {lane.note ?? (
                    <>
                      <span className="visually-hidden">expected; 90% range </span>
                      {formatRate(lane.low)}–{formatRate(lane.high)}
                    </>
                  )}
                </span>
              </span>
            </div>
          );
        })}
        <div className="gauge-axis" aria-hidden="true">
          {below.map((line) => (
            <AxisLabel key={line.label} line={line} position={scale.position(line.at)} />
          ))}
        </div>
      </div>
    </section>
  );
}

function AxisLabel({ line, position }: { line: GaugeLine; position: number }) {
  // Near the right end a centred label would overflow the track: right-align it there.
  const edge = position > 0.9 ? ' is-end' : '';
  return (
    <span className={`gauge-axis-label line-${line.kind}${edge}`} style={{ left: percent(position) }}>
      {line.label}
    </span>
  );
}
