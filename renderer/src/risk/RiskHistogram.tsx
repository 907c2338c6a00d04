// How row risk is spread: one bar per risk band (report.riskHistogram's bins),
// the send list drawn solid over the list as imported in outline, so the part
// cleaning took out shows as the outline above the solid bar. Hand-drawn SVG:
// the numbers are also in a table for screen readers and for the curious.
import { useId } from 'react';
import type { RiskHistogram as Histogram } from '../../../shared/model/risk';
import { riskBinLabel } from '../../../shared/risk/histogram';
import { formatCount } from '../app/format';

interface RiskHistogramProps {
  send: Histogram;
  all: Histogram;
}

const WIDTH = 640;
const HEIGHT = 210;
const PLOT = { left: 46, right: 22, top: 14, bottom: 34 };

/** An edge as an axis tick: "0.05", "2", "100%". */
function edgeLabel(edge: number, last: boolean): string {
  const text = String(Number((edge * 100).toPrecision(6)));
  return last ? `${text}%` : text;
}

/** A round step for the count axis: 1, 2, 5, 10, 20, 50… */
function niceStep(max: number): number {
  const rough = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  return Math.max(1, step);
}

export function RiskHistogram({ send, all }: RiskHistogramProps) {
  const ids = { title: useId(), desc: useId() };
  const bins = all.counts.length;
  const top = Math.max(1, ...all.counts, ...send.counts);
  const step = niceStep(top);
  const axisMax = Math.ceil(top / step) * step;
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const slot = plotWidth / bins;
  const barWidth = Math.min(40, slot * 0.72);
  const y = (count: number) => PLOT.top + plotHeight - (count / axisMax) * plotHeight;
  // A bar for a non-zero count is never thinner than 2 px, so one row still shows.
  const barHeight = (count: number) => (count === 0 ? 0 : Math.max(2, (count / axisMax) * plotHeight));
  const ticks: number[] = [];
  for (let value = 0; value <= axisMax; value += step) ticks.push(value);

  const highFrom = all.edges.findIndex((edge) => edge >= 0.1);
  const highAll = highFrom < 0 ? 0 : all.counts.slice(highFrom).reduce((sum, count) => sum + count, 0);
  const highSend = highFrom < 0 ? 0 : send.counts.slice(highFrom).reduce((sum, count) => sum + count, 0);
  const summary =
    highAll === 0
      ? 'No row of the list has a 10% or higher chance of a hard bounce.'
      : `${formatCount(highAll)} ${highAll === 1 ? 'row' : 'rows'} of the list as imported ${highAll === 1 ? 'has' : 'have'} a 10% or higher chance of a hard bounce; ${formatCount(highSend)} of them ${highSend === 1 ? 'is' : 'are'} in the send list.`;

  return (
    <figure className="risk-histogram" data-testid="risk-histogram">
      <div className="histogram-legend" aria-hidden="true">
        <span className="legend-item">
          <span className="legend-swatch is-send" /> After cleaning ({formatCount(send.total)})
        </span>
        <span className="legend-item">
          <span className="legend-swatch is-all" /> As imported ({formatCount(all.total)})
        </span>
      </div>
      <svg
        className="histogram-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${ids.title} ${ids.desc}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={ids.title}>Rows by chance of a hard bounce</title>
        <desc id={ids.desc}>{summary} The table below lists every band.</desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line className="histogram-grid" x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(tick)} y2={y(tick)} />
            <text className="histogram-tick" x={PLOT.left - 6} y={y(tick) + 3.5} textAnchor="end">
              {formatCount(tick)}
            </text>
          </g>
        ))}
        {all.counts.map((allCount, bin) => {
          const sendCount = send.counts[bin] ?? 0;
          const x = PLOT.left + bin * slot + (slot - barWidth) / 2;
          const label = riskBinLabel(bin, all.edges);
          return (
            <g key={bin} data-bin={bin} data-send={sendCount} data-all={allCount}>
              <title>{`${label}: ${formatCount(sendCount)} after cleaning, ${formatCount(allCount)} as imported`}</title>
              {allCount > 0 && (
                <rect
                  className="histogram-bar is-all"
                  x={x}
                  y={y(0) - barHeight(allCount)}
                  width={barWidth}
                  height={barHeight(allCount)}
                  rx={2}
                />
              )}
              {sendCount > 0 && (
                <rect
                  className="histogram-bar is-send"
                  x={x + 3}
                  y={y(0) - barHeight(sendCount)}
                  width={barWidth - 6}
                  height={barHeight(sendCount)}
                  rx={2}
                />
              )}
              {sendCount > 0 && (
                <text className="histogram-count" x={x + barWidth / 2} y={y(0) - barHeight(sendCount) - 4} textAnchor="middle">
                  {formatCount(sendCount)}
                </text>
              )}
            </g>
          );
        })}
        <line className="histogram-baseline" x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(0)} y2={y(0)} />
        {all.edges.map((edge, index) => (
          <text key={edge} className="histogram-tick" x={PLOT.left + index * slot} y={y(0) + 14} textAnchor="middle">
            {edgeLabel(edge, index === all.edges.length - 1)}
          </text>
        ))}
        <text className="histogram-axis-title" x={PLOT.left + plotWidth / 2} y={HEIGHT - 4} textAnchor="middle">
          Chance of a hard bounce (%)
        </text>
      </svg>
      <figcaption className="histogram-summary">{summary}</figcaption>
      <details className="histogram-table">
        <summary>Show the numbers</summary>
        <table>
          <caption className="visually-hidden">Rows by chance of a hard bounce</caption>
          <thead>
            <tr>
              <th scope="col">Chance of a hard bounce</th>
              <th scope="col">After cleaning</th>
              <th scope="col">As imported</th>
            </tr>
          </thead>
          <tbody>
            {all.counts.map((allCount, bin) => (
              <tr key={bin}>
                <th scope="row">{riskBinLabel(bin, all.edges)}</th>
                <td>{formatCount(send.counts[bin] ?? 0)}</td>
                <td>{formatCount(allCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
