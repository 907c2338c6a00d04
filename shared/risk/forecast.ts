// The expected bounce (or complaint) rate of a list, with an interval.
//
// Each row bounces independently with its own probability p_i, so the number of
// bounces K is a Poisson-binomial variable: mean Σp, variance Σp(1−p). The
// interval is the central `confidence` range of K (the (1−c)/2 and (1+c)/2
// quantiles), divided by the number of rows:
//
// - exactly, by the textbook recursion P_i(k) = P_{i−1}(k)(1−p_i) + P_{i−1}(k−1)p_i,
//   kept to a window of ±(8σ + 16) around the running mean (the mass outside is
//   below 1e-10) when the work stays small: small lists, or lists whose count
//   barely varies;
// - otherwise from the first four cumulants in one pass, with the Cornish–Fisher
//   expansion (a normal quantile corrected for skewness and kurtosis) and a
//   continuity correction. test/unit/risk-forecast.test.ts checks it against the
//   exact distribution.
//
// The interval covers the randomness of sending, given the probabilities; it does
// not cover errors in the probabilities themselves (docs/risk-model.md).

import type { ListForecast } from '../model/risk';
import { UserError } from '../model/errors';

/**
 * Amazon SES reputation lines (SES reputation dashboard and enforcement FAQ, docs/sources.md): at a 5% bounce
 * rate the account is put under review, at 10% sending may be paused; complaints at 0.1% and 0.5%. Only hard
 * bounces count.
 */
export const SES_THRESHOLDS = { bounceReview: 0.05, bouncePause: 0.1, complaintReview: 0.001, complaintPause: 0.005 } as const;

/** Common industry guidance: keep hard bounces under 2% (docs/sources.md). The app's default warning target. */
export const DEFAULT_BOUNCE_TARGET = 0.02;

export interface RateForecast {
  /** Expected rate: the mean probability. */
  rate: number;
  /** The interval's ends, as rates; low ≤ rate ≤ high. */
  low: number;
  high: number;
}

export interface CountForecast {
  /** Expected count Σp. */
  expected: number;
  /** Quantiles of the count: low ≤ expected ≤ high. */
  low: number;
  high: number;
  method: 'exact' | 'approximate';
}

export type ForecastMethod = 'auto' | 'exact' | 'approximate';

/** Work (rows × window) up to which the exact recursion is used: about 50 ms on these machines. */
const EXACT_WORK_BUDGET = 4e7;

/** Expected rate and a `confidence` interval for a list whose rows have these probabilities. n = 0 → zeros. */
export function forecastRate(probabilities: ArrayLike<number>, confidence = 0.9): RateForecast {
  const n = probabilities.length;
  if (n === 0) {
    checkConfidence(confidence);
    return { rate: 0, low: 0, high: 0 };
  }
  const count = forecastCount(probabilities, confidence);
  return { rate: count.expected / n, low: count.low / n, high: count.high / n };
}

/** Bounce and complaint forecasts for one list, in report.json's shape. */
export function forecastList(bounce: ArrayLike<number>, complaint: ArrayLike<number>, confidence = 0.9): ListForecast {
  const b = forecastRate(bounce, confidence);
  const c = forecastRate(complaint, confidence);
  return {
    bounceRate: b.rate,
    bounceRateLow: b.low,
    bounceRateHigh: b.high,
    complaintRate: c.rate,
    complaintRateLow: c.low,
    complaintRateHigh: c.high,
  };
}

/** The count of events (bounces or complaints): its mean and the central `confidence` interval. */
export function forecastCount(probabilities: ArrayLike<number>, confidence = 0.9, method: ForecastMethod = 'auto'): CountForecast {
  checkConfidence(confidence);
  const n = probabilities.length;
  // Cumulants of the count: Σp, Σp(1−p), Σp(1−p)(1−2p), Σp(1−p)(1−6p(1−p)).
  let k1 = 0;
  let k2 = 0;
  let k3 = 0;
  let k4 = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i]!;
    if (!(p >= 0 && p <= 1)) throw new UserError('bad_argument', 'Risk probabilities must be numbers between 0 and 1.');
    const v = p * (1 - p);
    k1 += p;
    k2 += v;
    k3 += v * (1 - 2 * p);
    k4 += v * (1 - 6 * v);
  }
  const lowerQ = (1 - confidence) / 2;
  const upperQ = (1 + confidence) / 2;
  const sigma = Math.sqrt(k2);
  const halfWidth = Math.ceil(8 * sigma + 16);
  const window = Math.min(n + 1, 3 * halfWidth + 2);
  const exact = method === 'exact' || (method === 'auto' && (k2 === 0 || n * window <= EXACT_WORK_BUDGET));

  let low: number;
  let high: number;
  if (k2 === 0) {
    // Every probability is 0 or 1: the count is certain.
    low = high = Math.round(k1);
  } else if (exact) {
    [low, high] = exactQuantiles(probabilities, halfWidth, lowerQ, upperQ);
  } else {
    low = cornishFisherQuantile(k1, k2, k3, k4, lowerQ, n);
    high = cornishFisherQuantile(k1, k2, k3, k4, upperQ, n);
  }
  // A discrete quantile can sit on the far side of the mean (one row at p = 0.01: both ends are 0).
  return { expected: k1, low: Math.min(low, k1), high: Math.max(high, k1), method: exact ? 'exact' : 'approximate' };
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1))
    throw new UserError('bad_argument', 'The forecast confidence must be between 0 and 1, e.g. 0.9.');
}

/**
 * The lowerQ and upperQ quantiles of the Poisson-binomial count (smallest k with P(K ≤ k) ≥ q), by the
 * recursion over rows. The distribution is kept on a window of 3·halfWidth + 2 counts that follows the running
 * mean: it starts between 2·halfWidth and halfWidth below the mean, so it reaches at least halfWidth above it.
 */
export function exactQuantiles(probabilities: ArrayLike<number>, halfWidth: number, lowerQ: number, upperQ: number): [number, number] {
  const n = probabilities.length;
  const size = Math.min(n + 1, 3 * halfWidth + 2);
  const pmf = new Float64Array(size);
  pmf[0] = 1;
  let base = 0; // the count pmf[0] stands for
  let top = 0; // highest index in use; pmf is 0 above it
  let runningMean = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i]!;
    const q = 1 - p;
    // With no room left, the mass moving past the window's top (beyond mean + halfWidth) is dropped.
    if (top + 1 < size) top++;
    for (let k = top; k > 0; k--) pmf[k] = pmf[k]! * q + pmf[k - 1]! * p;
    pmf[0] = pmf[0]! * q;
    runningMean += p;
    const wantedBase = Math.floor(runningMean) - halfWidth;
    if (wantedBase - base > halfWidth) {
      // Slide the window up: drop counts more than halfWidth below the running mean.
      const shift = wantedBase - base;
      pmf.copyWithin(0, shift, top + 1);
      pmf.fill(0, Math.max(0, top + 1 - shift), top + 1);
      top = Math.max(0, top - shift);
      base = wantedBase;
    }
  }
  let total = 0;
  for (let k = 0; k <= top; k++) total += pmf[k]!;
  let cumulative = 0;
  let low = -1;
  let high = base + top;
  for (let k = 0; k <= top; k++) {
    cumulative += pmf[k]! / total;
    if (low < 0 && cumulative >= lowerQ - 1e-12) low = base + k;
    if (cumulative >= upperQ - 1e-12) {
      high = base + k;
      break;
    }
  }
  return [Math.max(low, base), high];
}

/** The q quantile of a count with cumulants k1…k4 (Cornish–Fisher, to the kurtosis term, with continuity correction). */
function cornishFisherQuantile(k1: number, k2: number, k3: number, k4: number, q: number, n: number): number {
  const sigma = Math.sqrt(k2);
  const skew = k3 / (k2 * sigma);
  const kurt = k4 / (k2 * k2);
  const z = normalQuantile(q);
  const z2 = z * z;
  const z3 = z2 * z;
  const w = z + ((z2 - 1) * skew) / 6 + ((z3 - 3 * z) * kurt) / 24 - ((2 * z3 - 5 * z) * skew * skew) / 36;
  const k = Math.ceil(k1 + sigma * w - 0.5);
  return Math.min(n, Math.max(0, k));
}

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}
