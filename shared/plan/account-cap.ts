// The plan's account-rate cap: when the check's send list is expected to bounce
// or draw complaints above the user's targets, the plan sends at most so many of
// it a day that, with the account's other mail, neither of the account's
// projected rates (bounce, complaint) goes over its target on any day
// (shared/risk/projection.ts dailyCapForTarget, docs/risk-model.md "The account
// after this send"). The day cap is the smaller of the two; the plan says which
// rate set it.
import { formatRate } from '../model/reputation';
import { SES_THRESHOLDS } from '../risk/forecast';
import { dailyCapForTarget } from '../risk/projection';

/** The complaint rate the account should stay under unless the user says otherwise: SES's review line, 0.1%. */
export const DEFAULT_COMPLAINT_TARGET = SES_THRESHOLDS.complaintReview;

export interface AccountCapInput {
  /** The account's Reputation.BounceRate now (null: none yet, taken as 0). */
  bounceRateNow: number | null;
  /** The send list's expected bounce rate (report.json forecast.send.bounceRate). */
  listBounceRate: number;
  /** The account's other mail per day (GetAccount SentLast24Hours at the check). */
  otherDaily: number;
  /** The bounce rate the account should stay under. */
  target: number;
  /** The account's Reputation.ComplaintRate now (null: none yet, taken as 0). */
  complaintRateNow: number | null;
  /** The send list's expected complaint rate (report.json forecast.send.complaintRate). */
  listComplaintRate: number;
  /** The complaint rate the account should stay under (default DEFAULT_COMPLAINT_TARGET). */
  complaintTarget: number;
}

/** Which of the account's rates set the day cap. */
export type AccountRateKind = 'bounce' | 'complaint';

/** plan.json accountCap. */
export interface PlanAccountCap extends AccountCapInput {
  /** Most recipients a day (the smaller of the two caps), or null when the plan is not capped. */
  maxPerDay: number | null;
  /** The rate whose cap is maxPerDay; null when not capped. */
  boundBy: AccountRateKind | null;
  /** What each rate alone allows a day (null: no cap from it: within its target, or no pace helps). */
  bounceMaxPerDay: number | null;
  complaintMaxPerDay: number | null;
  /** True when a rate cannot be kept under its target at any pace: the user should remove rows first. */
  warning: boolean;
  /** What the cap does, or why there is none, naming the rate that set it. */
  sentence: string;
}

interface Side {
  kind: AccountRateKind;
  state: 'within' | 'capped' | 'no-pace';
  cap: number | null;
  warning: boolean;
  sentence: string;
}

const count = (x: number) => Math.round(x).toLocaleString('en-US');

function side(kind: AccountRateKind, rateNow: number | null, listRate: number, otherDaily: number, target: number): Side {
  const cap = dailyCapForTarget(rateNow, listRate, target, otherDaily);
  const now = rateNow === null ? 'none yet' : formatRate(rateNow);
  if (cap === null) {
    return {
      kind,
      state: 'within',
      cap: null,
      warning: false,
      sentence: `The list's expected ${kind} rate (${formatRate(listRate)}) is within your ${formatRate(target)} target: it cannot take the account's projected ${kind} rate over it, so the plan is not slowed for it.`,
    };
  }
  if (cap < 1 && (rateNow ?? 0) >= target) {
    const lowers = listRate < (rateNow ?? 0);
    const effect = lowers
      ? `this list (expected ${formatRate(listRate)}) lowers it, but no pace of this send alone brings it under the target, so the plan is not slowed for it.`
      : `this list (expected ${formatRate(listRate)}) takes it higher at any pace: remove the riskiest rows before sending.`;
    return {
      kind,
      state: 'no-pace',
      cap: null,
      warning: true,
      sentence: `The account's ${kind} rate is already ${now}, at or over your ${formatRate(target)} target: ${effect}`,
    };
  }
  if (cap < 1) {
    return {
      kind,
      state: 'no-pace',
      cap: null,
      warning: true,
      sentence: `No pace keeps the account's projected ${kind} rate under your ${formatRate(target)} target: the list's expected rate is ${formatRate(listRate)} and the account sent nothing else in the last 24 hours to dilute the list (SentLast24Hours ${count(otherDaily)}). Remove the riskiest rows before sending.`,
    };
  }
  return {
    kind,
    state: 'capped',
    cap,
    warning: false,
    sentence: `the list's expected ${kind} rate (${formatRate(listRate)}) is above your ${formatRate(target)} target, and at this pace the account's other mail (about ${count(otherDaily)} a day at ${now}) keeps its projected ${kind} rate under ${formatRate(target)} every day.`,
  };
}

export function accountCap(input: AccountCapInput): PlanAccountCap {
  const bounce = side('bounce', input.bounceRateNow, input.listBounceRate, input.otherDaily, input.target);
  const complaint = side('complaint', input.complaintRateNow, input.listComplaintRate, input.otherDaily, input.complaintTarget);
  const capped = [bounce, complaint].filter((s) => s.cap !== null);
  // The smaller cap binds; on a tie the bounce rate is named (it was the plan's first limit).
  const binding = capped.length ? capped.reduce((a, b) => (b.cap! < a.cap! ? b : a)) : null;
  const other = binding === complaint ? bounce : complaint;
  let sentence: string;
  if (binding) {
    const lead = `At most ${count(binding.cap!)} recipients a day, set by the ${binding.kind} rate: ${binding.sentence}`;
    const rest =
      other.state === 'capped'
        ? `The ${other.kind} rate alone would allow ${count(other.cap!)} a day.`
        : other.state === 'within'
          ? `The list's expected ${other.kind} rate (${formatRate(other.kind === 'bounce' ? input.listBounceRate : input.listComplaintRate)}) is within your ${formatRate(other.kind === 'bounce' ? input.target : input.complaintTarget)} target.`
          : other.sentence;
    sentence = `${lead} ${rest}`;
  } else if (bounce.state === 'within' && complaint.state === 'within') {
    sentence = `The list's expected bounce rate (${formatRate(input.listBounceRate)}) and complaint rate (${formatRate(input.listComplaintRate)}) are within your ${formatRate(input.target)} and ${formatRate(input.complaintTarget)} targets: they cannot take the account's projected rates over them, so the plan is not slowed for them.`;
  } else {
    // At least one rate no pace helps; the other is within its target or also beyond help.
    const [first, second] = bounce.state === 'no-pace' ? [bounce, complaint] : [complaint, bounce];
    sentence =
      second.state === 'within'
        ? `${first.sentence} The list's expected ${second.kind} rate (${formatRate(second.kind === 'bounce' ? input.listBounceRate : input.listComplaintRate)}) is within your ${formatRate(second.kind === 'bounce' ? input.target : input.complaintTarget)} target.`
        : `${first.sentence} ${second.sentence}`;
  }
  return {
    ...input,
    maxPerDay: binding ? binding.cap : null,
    boundBy: binding ? binding.kind : null,
    bounceMaxPerDay: bounce.cap,
    complaintMaxPerDay: complaint.cap,
    warning: bounce.warning || complaint.warning,
    sentence,
  };
}
