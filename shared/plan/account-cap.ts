// The plan's account-rate cap: when the check's send list is expected to bounce
// above the user's target, the plan sends at most so many of it a day that,
// with the account's other mail, the account's projected bounce rate stays under
// the target every day (shared/risk/projection.ts dailyCapForTarget,
// docs/risk-model.md "The account after this send"). The plan says which.
import { formatRate } from '../model/reputation';
import { dailyCapForTarget } from '../risk/projection';

export interface AccountCapInput {
  /** The account's Reputation.BounceRate now (null: none yet, taken as 0). */
  bounceRateNow: number | null;
  /** The send list's expected bounce rate (report.json forecast.send.bounceRate). */
  listBounceRate: number;
  /** The account's other mail per day (GetAccount SentLast24Hours at the check). */
  otherDaily: number;
  /** The bounce rate the account should stay under. */
  target: number;
}

/** plan.json accountCap. */
export interface PlanAccountCap extends AccountCapInput {
  /** Most recipients a day, or null when the plan is not capped (the list is within the target, or no pace helps). */
  maxPerDay: number | null;
  /** What the cap does, or why there is none. */
  sentence: string;
}

const count = (x: number) => Math.round(x).toLocaleString('en-US');

export function accountCap(input: AccountCapInput): PlanAccountCap {
  const { bounceRateNow, listBounceRate, otherDaily, target } = input;
  const cap = dailyCapForTarget(bounceRateNow, listBounceRate, target, otherDaily);
  const now = bounceRateNow === null ? 'none yet' : formatRate(bounceRateNow);
  if (cap === null) {
    return {
      ...input,
      maxPerDay: null,
      sentence: `The list's expected bounce rate (${formatRate(listBounceRate)}) is within your ${formatRate(target)} target: it cannot take the account's projected rate over it, so the plan is not slowed for it.`,
    };
  }
  if (cap < 1 && (bounceRateNow ?? 0) >= target) {
    const effect =
      listBounceRate < (bounceRateNow ?? 0)
        ? `this list (expected ${formatRate(listBounceRate)}) lowers it, but no pace of this send alone brings it under the target, so the plan is not slowed for it.`
        : `this list (expected ${formatRate(listBounceRate)}) takes it higher at any pace: remove the riskiest rows before sending.`;
    return {
      ...input,
      maxPerDay: null,
      sentence: `The account's bounce rate is already ${now}, at or over your ${formatRate(target)} target: ${effect}`,
    };
  }
  if (cap < 1) {
    const why =
      (bounceRateNow ?? 0) >= target
        ? `the account's bounce rate is already ${now}, at or over the target`
        : `the account sent nothing else in the last 24 hours to dilute the list (SentLast24Hours ${count(otherDaily)})`;
    return {
      ...input,
      maxPerDay: null,
      sentence: `No pace keeps the account's projected bounce rate under your ${formatRate(target)} target: the list's expected rate is ${formatRate(listBounceRate)} and ${why}. Remove the riskiest rows before sending.`,
    };
  }
  return {
    ...input,
    maxPerDay: cap,
    sentence: `At most ${count(cap)} recipients a day: the list's expected bounce rate (${formatRate(listBounceRate)}) is above your ${formatRate(target)} target, and at this pace the account's other mail (about ${count(otherDaily)} a day at ${now}) keeps its projected bounce rate under ${formatRate(target)} every day.`,
  };
}
