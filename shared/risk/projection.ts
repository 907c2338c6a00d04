// Where this send takes the SES account's own rates (docs/risk-model.md,
// "The account after this send").
//
// SES computes Reputation.BounceRate and Reputation.ComplaintRate over a
// "representative volume" of the account's recent eligible mail, not over a
// fixed time (SES Bounce FAQ, Q5). Preflight models that as a window of the
// last V messages: sending n messages whose own rate is p replaces the oldest
// min(n, V) messages of the window, so
//
//   after = now + (p − now) · min(n, V) / V.
//
// SES does not publish V. Without Virtual Deliverability Manager's send counts,
// V is estimated from GetAccount: 14 days at the pace of the last 24 hours
// (SentLast24Hours × 14: SES says the window can reach back further than the
// two weeks GetSendStatistics covers), or, when nothing was sent in the last 24
// hours, one day of the quota (Max24HourSend); never below 200, the sandbox's
// daily quota and the least an account may send in a day. A smaller V moves the
// account further towards the send's own rate, which for a risky list is the
// cautious side.

import type { AccountProjection, VolumeMethod } from '../model/risk';

export interface RepresentativeVolume {
  volume: number;
  method: VolumeMethod;
  /** One sentence: how the volume was estimated. */
  explanation: string;
}

/** The least representative volume assumed: the sandbox's 200 messages a day. */
export const MIN_REPRESENTATIVE_VOLUME = 200;
/** Days of sending at the last 24 hours' pace taken as the representative volume. */
export const VOLUME_DAYS = 14;

export interface AccountSending {
  /** GetAccount Max24HourSend; −1 = unlimited. */
  max24HourSend: number;
  sentLast24Hours: number;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');

/** SES's representative volume as Preflight estimates it (see the top of this file). */
export function representativeVolume(account: AccountSending, vdmSendsLast14Days?: number | null): RepresentativeVolume {
  if (vdmSendsLast14Days !== undefined && vdmSendsLast14Days !== null && Number.isFinite(vdmSendsLast14Days) && vdmSendsLast14Days > 0) {
    const volume = Math.max(MIN_REPRESENTATIVE_VOLUME, Math.round(vdmSendsLast14Days));
    return {
      volume,
      method: 'vdm-send-counts',
      explanation: `${n(volume)} messages: ${VOLUME_DAYS} days of what the account sent by VDM's send counts, an estimate: SES does not publish its representative volume.`,
    };
  }
  const sent = Number.isFinite(account.sentLast24Hours) ? Math.max(0, account.sentLast24Hours) : 0;
  if (sent > 0) {
    const volume = Math.max(MIN_REPRESENTATIVE_VOLUME, Math.round(sent * VOLUME_DAYS));
    return {
      volume,
      method: 'sent-last-24-hours',
      explanation: `${n(volume)} messages: ${VOLUME_DAYS} days at the pace of the last 24 hours (SentLast24Hours ${n(sent)}), an estimate: SES does not publish its representative volume.`,
    };
  }
  const quota = account.max24HourSend > 0 && Number.isFinite(account.max24HourSend) ? account.max24HourSend : MIN_REPRESENTATIVE_VOLUME;
  const volume = Math.max(MIN_REPRESENTATIVE_VOLUME, Math.round(quota));
  return {
    volume,
    method: 'quota',
    explanation: `${n(volume)} messages: nothing was sent in the last 24 hours, so one day of the ${account.max24HourSend > 0 ? 'quota (Max24HourSend)' : 'least quota'}, an estimate: SES does not publish its representative volume.`,
  };
}

export interface SendRates {
  /** The send's expected rate and its 90% upper bound (report.json forecast.send). */
  rate: number;
  high: number;
}

export interface ProjectedRate {
  after: number;
  afterHigh: number;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/**
 * The account's rate after sending `count` messages at `send`'s rates, from
 * `now` (null: no metric yet, taken as no such event in the window so far).
 * The upper bound widens the send's 90% bound for the part of the send inside
 * the window (a part of m of the n messages has √(n/m) times the spread).
 */
export function projectRate(now: number | null, send: SendRates, count: number, volume: number): ProjectedRate {
  if (!(volume > 0)) throw new RangeError('The representative volume must be positive.');
  const base = clamp01(now ?? 0);
  const sent = Math.max(0, Math.floor(count));
  if (sent === 0) return { after: base, afterHigh: base };
  const inWindow = Math.min(sent, volume);
  const share = inWindow / volume;
  const rate = clamp01(send.rate);
  const high = Math.max(rate, clamp01(send.high));
  const partHigh = clamp01(rate + (high - rate) * Math.sqrt(sent / inWindow));
  const after = clamp01(base + (rate - base) * share);
  const afterHigh = Math.max(after, clamp01(base + (partHigh - base) * share));
  return { after, afterHigh };
}

export interface ProjectionInput {
  bounceRateNow: number | null;
  complaintRateNow: number | null;
  account: AccountSending;
  send: { bounceRate: number; bounceRateHigh: number; complaintRate: number; complaintRateHigh: number };
  sendCount: number;
  vdmSendsLast14Days?: number | null;
}

export function projectAccount(input: ProjectionInput): AccountProjection {
  const volume = representativeVolume(input.account, input.vdmSendsLast14Days);
  const bounce = projectRate(
    input.bounceRateNow,
    { rate: input.send.bounceRate, high: input.send.bounceRateHigh },
    input.sendCount,
    volume.volume,
  );
  const complaint = projectRate(
    input.complaintRateNow,
    { rate: input.send.complaintRate, high: input.send.complaintRateHigh },
    input.sendCount,
    volume.volume,
  );
  const missing = [input.bounceRateNow === null ? 'bounce' : null, input.complaintRateNow === null ? 'complaint' : null].filter(Boolean);
  const absent = missing.length ? ` No ${missing.join(' or ')} rate yet: counted as none so far.` : '';
  return {
    bounceRateNow: input.bounceRateNow,
    bounceRateAfter: bounce.after,
    bounceRateAfterHigh: bounce.afterHigh,
    complaintRateNow: input.complaintRateNow,
    complaintRateAfter: complaint.after,
    complaintRateAfterHigh: complaint.afterHigh,
    representativeVolume: volume.volume,
    method: volume.method,
    sendCount: Math.max(0, Math.floor(input.sendCount)),
    explanation: `Representative volume ${volume.explanation}${absent}`,
  };
}

/**
 * The most of a list (own rate `listRate` > target) that can go out per day
 * while the account's projected rate stays at or under `target`, given the
 * account's other mail: `otherDaily` messages a day at the account's current
 * rate `now`. Each day's window then tends to (listRate·x + now·D) / (x + D),
 * and starting below the target it approaches that from below, so it stays
 * under the target every day when x ≤ D·(target − now) / (listRate − target).
 * null: no cap needed (the list's rate is within the target); 0: no pace keeps
 * the account under the target (no other mail to dilute it, or the account is
 * already at or over the target).
 */
export function dailyCapForTarget(now: number | null, listRate: number, target: number, otherDaily: number): number | null {
  const base = clamp01(now ?? 0);
  if (listRate <= target) return null;
  if (base >= target || !(otherDaily > 0)) return 0;
  return Math.floor((otherDaily * (target - base)) / (listRate - target));
}
