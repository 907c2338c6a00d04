// Buckets of per-row probabilities for the app's histogram.
//
// Risks spread over four orders of magnitude (a fresh address near 0.1%, a dead
// domain near 100%), so equal-width bins would put almost every row in the first
// one. The edges follow a 1–2–5 log scale, which reads as plain percentages, and
// include SES's 5% and 10% bounce lines; the last bin (≥ 90%) holds the near-certain
// failures.

import type { RiskHistogram } from '../model/risk';
/** Bin edges: bin i holds lo = EDGES[i] ≤ p < hi = EDGES[i + 1]; the last bin also holds p = 1. */
export const RISK_HISTOGRAM_EDGES: readonly number[] = [0, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 0.9, 1];

/** The bin holding p (values outside [0, 1] go to the first or last bin; NaN to the first). */
export function riskBin(p: number, edges: readonly number[] = RISK_HISTOGRAM_EDGES): number {
  const last = edges.length - 2;
  // Binary search: the largest i with edges[i] ≤ p.
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid]! <= p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Counts probabilities into bins in one pass. */
export function riskHistogram(probabilities: ArrayLike<number>, edges: readonly number[] = RISK_HISTOGRAM_EDGES): RiskHistogram {
  const histogram = emptyRiskHistogram(edges);
  for (let i = 0; i < probabilities.length; i++) histogram.counts[riskBin(probabilities[i]!, edges)]!++;
  histogram.total = probabilities.length;
  return histogram;
}

/** An empty histogram, to fill row by row with addToRiskHistogram (when the probabilities are not kept). */
export function emptyRiskHistogram(edges: readonly number[] = RISK_HISTOGRAM_EDGES): RiskHistogram {
  return { edges, counts: new Array<number>(edges.length - 1).fill(0), total: 0 };
}

export function addToRiskHistogram(histogram: RiskHistogram, p: number): void {
  histogram.counts[riskBin(p, histogram.edges)]!++;
  histogram.total++;
}

/** "0.1–0.2%", "≥ 90%": a bin's label for an axis. */
export function riskBinLabel(bin: number, edges: readonly number[] = RISK_HISTOGRAM_EDGES): string {
  const lo = edges[bin]!;
  const hi = edges[bin + 1]!;
  if (bin === edges.length - 2 && hi >= 1) return `≥ ${percent(lo)}%`;
  if (bin === 0 && lo <= 0) return `< ${percent(hi)}%`;
  return `${percent(lo)}–${percent(hi)}%`;
}

function percent(p: number): string {
  return String(Number((p * 100).toPrecision(6)));
}
