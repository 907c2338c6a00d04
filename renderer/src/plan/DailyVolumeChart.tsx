// Recipients per day of the plan, stacked by mailbox provider, against the
// quota: the usable daily quota (after headroom) as a dashed line and SES's own
// quota as a solid one. Hand-drawn SVG; the same numbers are in the table of
// days by provider under it, for screen readers and for the curious.
import { useId } from 'react';
import type { PlanDocument } from '../../../shared/plan/document';
import type { ProviderGroup } from '../../../shared/plan/policy';
import { PROVIDER_GROUP_LABELS } from '../../../shared/plan/policy';
import { formatCount, formatPercent } from '../app/format';
import { MIN_BAR_HEIGHT, PROVIDER_ORDER, dailyText, formatDay, formatShortDay, isWeekend, spansYears } from './planText';

const WIDTH = 760;
const HEIGHT = 236;
// The quota lines are named in the right margin, where no bar is.
const PLOT = { left: 52, right: 78, top: 18, bottom: 34 };
const MAX_AXIS_LABELS = 12;
/** Room a count needs across a bar: written level above wide bars, upright above narrow ones. */
const LEVEL_COUNT_SLOT = 26;
const UPRIGHT_COUNT_SLOT = 11;
/** About how wide a digit of a count is (10.5 px tabular figures). */
const COUNT_CHAR_WIDTH = 6.5;

/** A round step for the count axis: 1, 2, 5, 10, 20, 50… */
function niceStep(max: number): number {
  const rough = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  return Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power);
}

/** 40000 → "40k", 1500 → "1.5k": axis ticks stay short. */
function tickLabel(value: number): string {
  if (value >= 1_000_000) return `${Number((value / 1_000_000).toFixed(1))}M`;
  if (value >= 1_000) return `${Number((value / 1_000).toFixed(1))}k`;
  return String(value);
}

export function DailyVolumeChart({ document: doc }: { document: PlanDocument }) {
  const ids = { title: useId(), desc: useId(), table: useId() };
  const days = doc.days;
  const usable = doc.usable.max24HourSend;
  const quota = doc.quota.max24HourSend < 0 ? null : doc.quota.max24HourSend;
  const busiest = days.reduce((best, day) => (day.recipients > best.recipients ? day : best), days[0]!);
  const firstSending = days.find((day) => day.recipients > 0) ?? days[0]!;
  const top = Math.max(1, busiest.recipients, usable ?? 0, quota ?? 0);
  const step = niceStep(top);
  const axisMax = Math.ceil(top / step) * step;
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const slot = plotWidth / days.length;
  const barWidth = Math.max(1, Math.min(34, slot * 0.7));
  const y = (count: number) => PLOT.top + plotHeight - (count / axisMax) * plotHeight;
  const ticks: number[] = [];
  for (let value = 0; value <= axisMax; value += step) ticks.push(value);
  // A plan across New Year names the year on the axis: on its first label and the first of each new year (longer labels, fewer of them).
  const withYears = spansYears(days.map((day) => day.date));
  const labelEvery = Math.ceil(days.length / (withYears ? MAX_AXIS_LABELS - 2 : MAX_AXIS_LABELS));
  const axisLabels = days.flatMap((day, index) => (index % labelEvery === 0 ? [{ day, index }] : []));
  const yearShown = new Set(
    withYears
      ? axisLabels
          .filter(({ day }, at) => at === 0 || day.date.slice(0, 4) !== axisLabels[at - 1]!.day.date.slice(0, 4))
          .map(({ index }) => index)
      : [],
  );
  // Each bar carries its count while there is room for it; a bar drawn at the minimum height always does.
  const countsFit = slot >= UPRIGHT_COUNT_SLOT;
  const levelCounts = slot >= LEVEL_COUNT_SLOT;
  const totals = Object.fromEntries(
    PROVIDER_ORDER.map((group) => [group, days.reduce((sum, day) => sum + day.providers[group], 0)]),
  ) as Record<ProviderGroup, number>;
  // With no headroom the two lines are one.
  const showQuotaLine = quota !== null && usable !== null && quota > usable;

  const summary =
    `${formatCount(doc.recipients)} recipients over ${days.length === 1 ? '1 day' : `${days.length} days`}, ` +
    (busiest === firstSending
      ? `at most ${formatCount(busiest.recipients)} a day; `
      : `from ${formatCount(firstSending.recipients)} on ${formatDay(firstSending.date)} up to ${formatCount(busiest.recipients)} on ${formatDay(busiest.date)}; `) +
    (usable === null
      ? 'the account has no daily limit.'
      : `the usable quota is ${dailyText(usable)}${showQuotaLine ? ` (SES quota ${formatCount(quota!)}, ${Math.round(doc.headroom * 100)}% kept free)` : ''}.`);

  return (
    <figure className="plan-chart" data-testid="plan-chart">
      <div className="plan-legend">
        {PROVIDER_ORDER.map((group) => (
          <span key={group} className="legend-item">
            <span className={`legend-swatch provider-${group}`} aria-hidden="true" />
            {PROVIDER_GROUP_LABELS[group]}{' '}
            <span className="legend-count">
              {formatCount(totals[group])} · {formatPercent(totals[group], doc.recipients)}
            </span>
          </span>
        ))}
        {usable !== null && (
          <span className="legend-item">
            <span className="legend-line is-usable" aria-hidden="true" /> Usable quota
          </span>
        )}
        {showQuotaLine && (
          <span className="legend-item">
            <span className="legend-line is-quota" aria-hidden="true" /> SES quota
          </span>
        )}
      </div>
      <svg
        className="plan-chart-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${ids.title} ${ids.desc}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={ids.title}>Recipients per day, by mailbox provider</title>
        <desc id={ids.desc}>{summary} The table below lists every day.</desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line className="chart-grid" x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(tick)} y2={y(tick)} />
            <text className="chart-tick" x={PLOT.left - 6} y={y(tick) + 3.5} textAnchor="end">
              {tickLabel(tick)}
            </text>
          </g>
        ))}
        {days.map((day, index) => {
          const x = PLOT.left + index * slot + (slot - barWidth) / 2;
          let base = 0;
          return (
            <g
              key={day.date}
              data-date={day.date}
              data-recipients={day.recipients}
              {...Object.fromEntries(PROVIDER_ORDER.map((group) => [`data-${group.replace('_', '-')}`, day.providers[group]]))}
            >
              <title>
                {`${formatDay(day.date)}: ${formatCount(day.recipients)} recipients` +
                  (day.recipients > 0
                    ? ` (${PROVIDER_ORDER.filter((group) => day.providers[group] > 0)
                        .map((group) => `${PROVIDER_GROUP_LABELS[group]} ${formatCount(day.providers[group])}`)
                        .join(', ')})`
                    : '')}
              </title>
              {/* The whole slot answers the pointer, so a tiny bar's numbers are still easy to hover. */}
              <rect className="chart-hit" x={PLOT.left + index * slot} y={PLOT.top} width={slot} height={plotHeight} />
              {(() => {
                if (day.recipients === 0) return null;
                // The bar's height is its count's, or the minimum when that would be too thin to see.
                const natural = y(0) - y(day.recipients);
                const raised = natural < MIN_BAR_HEIGHT;
                const height = raised ? MIN_BAR_HEIGHT : natural;
                const parts = PROVIDER_ORDER.filter((group) => day.providers[group] > 0).map((group) => {
                  const part = (day.providers[group] / day.recipients) * height;
                  const from = y(0) - (base / day.recipients) * height;
                  base += day.providers[group];
                  return (
                    <rect key={group} className={`chart-bar provider-${group}`} x={x} y={from - part} width={barWidth} height={part} />
                  );
                });
                const top = y(0) - height;
                const labelled = countsFit || raised;
                const text = levelCounts && slot >= 48 ? formatCount(day.recipients) : tickLabel(day.recipients);
                return (
                  <>
                    {parts}
                    {labelled &&
                      (levelCounts ? (
                        <text
                          className="chart-count"
                          x={x + barWidth / 2}
                          y={top - 4}
                          textAnchor="middle"
                          data-raised={raised || undefined}
                        >
                          {text}
                        </text>
                      ) : (
                        // Upright above a narrow bar; inside its top when the plot has no room above it.
                        <text
                          className="chart-count"
                          transform={`translate(${x + barWidth / 2 + 3.5} ${top - 3 - text.length * COUNT_CHAR_WIDTH < 0 ? top + 3 : top - 3}) rotate(-90)`}
                          textAnchor={top - 3 - text.length * COUNT_CHAR_WIDTH < 0 ? 'end' : 'start'}
                          data-raised={raised || undefined}
                        >
                          {text}
                        </text>
                      ))}
                  </>
                );
              })()}
            </g>
          );
        })}
        <line className="chart-baseline" x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(0)} y2={y(0)} />
        {/* The lines' names sit in the right margin, two lines each; the SES quota's moves up when the lines are close. */}
        {showQuotaLine && (
          <g className="chart-quota is-quota">
            <line x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(quota!)} y2={y(quota!)} />
            <text x={WIDTH - PLOT.right + 6} y={Math.min(y(quota!) + 3.5, usable !== null ? y(usable) - 22 : Infinity)}>
              <tspan>SES quota </tspan>
              <tspan x={WIDTH - PLOT.right + 6} dy="12">
                {tickLabel(quota!)}
              </tspan>
            </text>
          </g>
        )}
        {usable !== null && (
          <g className="chart-quota is-usable">
            <line x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(usable)} y2={y(usable)} />
            <text x={WIDTH - PLOT.right + 6} y={y(usable) + 3.5}>
              <tspan>usable </tspan>
              <tspan x={WIDTH - PLOT.right + 6} dy="12">
                {tickLabel(usable)} per 24 h
              </tspan>
            </text>
          </g>
        )}
        {axisLabels.map(({ day, index }) => (
          <text
            key={day.date}
            className={`chart-tick${isWeekend(day.date) ? ' is-weekend' : ''}`}
            x={PLOT.left + index * slot + slot / 2}
            y={y(0) + 14}
            textAnchor="middle"
            data-year={yearShown.has(index) || undefined}
          >
            {formatShortDay(day.date, yearShown.has(index))}
          </text>
        ))}
        <text className="chart-axis-title" x={PLOT.left + plotWidth / 2} y={HEIGHT - 3} textAnchor="middle">
          Day ({doc.timeZone})
        </text>
      </svg>
      <figcaption className="plan-chart-summary">{summary}</figcaption>

      {/* Every day, in the page: a long plan makes a long table, never a box that hides rows. Focusable, so the keyboard can scroll a wide one sideways. */}
      <div className="plan-days" tabIndex={0} role="region" aria-labelledby={ids.table}>
        <table aria-labelledby={ids.table} data-testid="plan-days">
          <caption id={ids.table}>Recipients per day and mailbox provider</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {PROVIDER_ORDER.map((group) => (
                <th key={group} scope="col">
                  {PROVIDER_GROUP_LABELS[group]}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.date} data-date={day.date} className={day.recipients === 0 ? 'is-idle' : undefined}>
                <th scope="row">{formatDay(day.date, withYears)}</th>
                {PROVIDER_ORDER.map((group) => (
                  <td key={group}>{formatCount(day.providers[group])}</td>
                ))}
                <td className="is-total">{day.recipients === 0 ? 'no sending' : formatCount(day.recipients)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All days</th>
              {PROVIDER_ORDER.map((group) => (
                <td key={group}>{formatCount(totals[group])}</td>
              ))}
              <td className="is-total">{formatCount(doc.recipients)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </figure>
  );
}
