// Who goes first: lowest bounce risk, then the most recently engaged, then list
// order. Warm-up guidance (SparkPost, docs/sources.md) is to start with the most engaged
// recipients: early days set the sender's reputation, so they get the safest part
// of the list.
//
// Keys are compared at the precision they carry: risk to 1e-6 (send.csv writes it
// with 4 decimals), engagement by UTC calendar day. That makes both small integers,
// so the order is two stable counting-sort passes (engagement, then risk): linear
// time — a comparison sort of a million recipients took seconds.

const DAY_MS = 86_400_000;
const RISK_STEPS = 1_000_000;

/**
 * Recipient indices, best first.
 * @param risk bounce probability per recipient (0..1), NaN when unknown: unknown goes after every known risk
 * @param engagedAt last engagement per recipient (epoch ms), NaN when unknown: unknown goes after every date
 */
export function priorityOrder(count: number, risk: Float64Array | null, engagedAt: Float64Array | null): Uint32Array {
  let order: Uint32Array = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;

  if (engagedAt) {
    let newest = Number.NEGATIVE_INFINITY;
    let oldest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const value = engagedAt[i]!;
      if (Number.isNaN(value)) continue;
      const day = Math.floor(value / DAY_MS);
      if (day > newest) newest = day;
      if (day < oldest) oldest = day;
    }
    if (newest >= oldest) {
      const unknown = newest - oldest + 1;
      // Bucket 0 = the most recent day; unknown dates in the last bucket.
      order = countingSort(order, unknown + 1, (i) => {
        const value = engagedAt[i]!;
        return Number.isNaN(value) ? unknown : newest - Math.floor(value / DAY_MS);
      });
    }
  }
  if (risk && risk.some((value) => !Number.isNaN(value))) {
    order = countingSort(order, RISK_STEPS + 2, (i) => {
      const value = risk[i]!;
      return Number.isNaN(value) ? RISK_STEPS + 1 : Math.round(Math.min(1, Math.max(0, value)) * RISK_STEPS);
    });
  }
  return order;
}

/** A stable sort of `order` by small integer keys 0 … buckets − 1. */
function countingSort(order: Uint32Array, buckets: number, keyOf: (index: number) => number): Uint32Array {
  const keys = new Int32Array(order.length);
  const starts = new Int32Array(buckets + 1);
  for (let k = 0; k < order.length; k++) {
    const key = keyOf(order[k]!);
    keys[k] = key;
    starts[key + 1]!++;
  }
  for (let b = 1; b <= buckets; b++) starts[b]! += starts[b - 1]!;
  const sorted = new Uint32Array(order.length);
  for (let k = 0; k < order.length; k++) sorted[starts[keys[k]!]!++] = order[k]!;
  return sorted;
}
