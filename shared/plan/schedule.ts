// The send plan: which recipients go out in which batch, and when. Pure and
// deterministic — the same list, quota and options give the same plan.
//
// The guarantees (docs/plan.md says how each one is kept):
// 1. Rolling 24-hour quota. A batch counts IN FULL in every rolling 24-hour window
//    that touches any moment of its span [start, end], whatever pace the sending
//    tool keeps inside the span; SentLast24Hours (read at `quotaReadAt`) counts in
//    every window that begins before quotaReadAt + 24 h. No window's total exceeds
//    the usable quota, floor(Max24HourSend × (1 − headroom)).
// 2. Rate. Batches never overlap, and each lasts at least recipients ÷ usable rate
//    seconds, usable rate = MaxSendRate × (1 − headroom).
// 3. Send windows. Every batch starts and ends inside the day's window in the
//    chosen time zone (DST included), on weekdays only when asked.
// 4. Warm-up. The first sending day has at most `firstDay` recipients; every later
//    sending day at most max(firstDay, growth × the previous sending day), and no
//    day more than `maxPerDay` when it is set (the account-rate cap).
// 5. Providers. Each provider group gets at most max(firstDay, growth × what it got
//    on the previous sending day), and during the first 7 calendar days no more than
//    its week-one cap.
// 6. Order. Recipients leave in priority order (lowest risk, most recently engaged
//    first); one is passed over only while its provider has reached its cap for the day.
// 7. Every recipient is in exactly one batch.

import { UserError } from '../model/errors';
import { PROVIDER_GROUPS, type ProviderGroup, type WarmupPolicy } from './policy';
import { addDays, daysBetween, instantAt, localDate, weekdayOf } from './zone';

const DAY_MS = 86_400_000;

export interface PlanQuota {
  /** Recipients per rolling 24 hours; -1 = unlimited. */
  max24HourSend: number;
  /** Messages (recipients) per second. */
  maxSendRate: number;
  /** Recipients already sent in the 24 hours before the quota was read. */
  sentLast24Hours: number;
  source: 'ses' | 'manual';
  /** The SES region, when read from SES. */
  region?: string;
}

/** Local times, in minutes after midnight; end may be 1440 (midnight at the day's end). */
export interface SendWindow {
  start: number;
  end: number;
}

export interface ScheduleOptions {
  quota: PlanQuota;
  /** Fraction of the quota and of the rate kept free (0 ≤ headroom < 1). */
  headroom: number;
  policy: WarmupPolicy;
  /** IANA name, already checked (shared/plan/zone.ts canonicalTimeZone). */
  timeZone: string;
  window: SendWindow;
  /** Send Monday to Friday only. */
  weekdaysOnly: boolean;
  /** The earliest moment to send (epoch ms). */
  start: number;
  /** When SentLast24Hours was read (epoch ms); it counts as used until 24 h later. */
  quotaReadAt: number;
  /** The longest batch, in seconds (shorter batches lose less of the quota to the rolling window: docs/plan.md). */
  maxBatchSeconds: number;
  /** Refuse plans longer than this many calendar days. */
  maxDays?: number;
  /** Most recipients on any one day (the account-rate cap, shared/risk/projection.ts dailyCapForTarget). */
  maxPerDay?: number;
}

export interface PlanRecipients {
  count: number;
  /** Provider group (index into PROVIDER_GROUPS) of each recipient. */
  groups: Uint8Array;
  /** Recipient indices, best first (shared/plan/order.ts). */
  order: Uint32Array;
}

export interface ScheduledBatch {
  /** 1, 2, 3 … in time order. */
  id: number;
  /** Epoch ms, whole seconds. */
  start: number;
  end: number;
  recipients: number;
  ratePerSecond: number;
  providers: Record<ProviderGroup, number>;
  /** Local date (in the plan's zone) the batch belongs to. */
  date: string;
  /** The batch's recipients are sendOrder[from, to). */
  from: number;
  to: number;
}

export interface ScheduledDay {
  /** Local date, YYYY-MM-DD. */
  date: string;
  recipients: number;
  providers: Record<ProviderGroup, number>;
  /** The day sent all of `maxPerDay`, which was below the warm-up's own limit: the account-rate cap bound it. */
  atMaxPerDay?: true;
}

export interface Schedule {
  batches: ScheduledBatch[];
  /** Every calendar day from the first sending day to the last, days without sending included. */
  days: ScheduledDay[];
  /** Recipient indices in the order they are sent. */
  sendOrder: Uint32Array;
  usable: UsableLimits;
}

export interface UsableLimits {
  /** Recipients per rolling 24 hours after headroom; null = unlimited. */
  daily: number | null;
  /** Recipients per second after headroom (rounded down to 1/100). */
  ratePerSecond: number;
}

/** Plans longer than ten years are refused: the policy or the window is wrong. */
export const DEFAULT_MAX_DAYS = 3_660;

export function usableLimits(quota: PlanQuota, headroom: number): UsableLimits {
  const keep = 1 - headroom;
  return {
    // The epsilon keeps 50,000 × 0.8 from flooring to 39,999 through binary rounding.
    daily: quota.max24HourSend < 0 ? null : Math.floor(quota.max24HourSend * keep + 1e-9),
    ratePerSecond: Math.floor(quota.maxSendRate * keep * 100 + 1e-9) / 100,
  };
}

/** Seconds a batch of `recipients` needs at `rate`: recipients ÷ duration never exceeds the rate. */
export function batchSeconds(recipients: number, rate: number): number {
  return Math.ceil(recipients / rate);
}

/** The most recipients that fit in `seconds` at `rate`. */
export function recipientsIn(seconds: number, rate: number): number {
  let recipients = Math.floor(seconds * rate);
  while (recipients > 0 && batchSeconds(recipients, rate) > seconds) recipients--;
  return Math.max(0, recipients);
}

/** The day-over-day limit of the warm-up policy for a day (or a provider) that had `previous`. */
export function grownLimit(previous: number, policy: Pick<WarmupPolicy, 'firstDay' | 'growth'>): number {
  // The epsilon keeps 1,000 × 1.13 from flooring to 1,129 through binary rounding.
  return Math.max(policy.firstDay, Math.floor(previous * policy.growth + 1e-9));
}

const emptyProviders = (): Record<ProviderGroup, number> => ({ gmail: 0, yahoo_aol: 0, microsoft: 0, other: 0 });

export function planSchedule(recipients: PlanRecipients, options: ScheduleOptions): Schedule {
  const { count, groups, order } = recipients;
  const { policy, timeZone, window } = options;
  const usable = usableLimits(options.quota, options.headroom);
  const rate = usable.ratePerSecond;
  const daily = usable.daily ?? Number.POSITIVE_INFINITY;
  const maxDays = options.maxDays ?? DEFAULT_MAX_DAYS;
  checkFeasible(options, usable);

  // One queue per provider group: positions in `order`, ascending, so that merging
  // the queues' heads by position walks the list in priority order.
  const groupCount = PROVIDER_GROUPS.length;
  const queueEnd = new Int32Array(groupCount);
  for (let i = 0; i < count; i++) queueEnd[groups[i]!]!++;
  const cursor = new Int32Array(groupCount);
  for (let g = 1; g < groupCount; g++) cursor[g] = cursor[g - 1]! + queueEnd[g - 1]!;
  for (let g = 0; g < groupCount; g++) queueEnd[g] = cursor[g]! + queueEnd[g]!;
  const queue = new Uint32Array(count);
  const fill = Int32Array.from(cursor);
  for (let position = 0; position < count; position++) queue[fill[groups[order[position]!]!]!++] = position;

  const sendOrder = new Uint32Array(count);
  let sent = 0;
  const batches: ScheduledBatch[] = [];
  const days: ScheduledDay[] = [];

  // Rolling window: batches end in time order, so those still inside the window
  // that ends at `at` are batches[expired …], and their total is `activeSum`.
  let expired = 0;
  let activeSum = 0;
  const sentBeforeUntil = options.quotaReadAt + DAY_MS;
  const usedAt = (at: number): number => {
    while (expired < batches.length && batches[expired]!.end <= at - DAY_MS) activeSum -= batches[expired++]!.recipients;
    return activeSum + (at < sentBeforeUntil ? options.quota.sentLast24Hours : 0);
  };
  /** The next moment some of the quota frees up, after `at`. */
  const nextRelease = (at: number): number => {
    let next = Number.POSITIVE_INFINITY;
    if (expired < batches.length) next = batches[expired]!.end + DAY_MS;
    if (at < sentBeforeUntil && options.quota.sentLast24Hours > 0) next = Math.min(next, sentBeforeUntil);
    return Math.ceil(next / 1000) * 1000;
  };

  const maxBatch = Math.max(1, recipientsIn(options.maxBatchSeconds, rate));
  // Less than a minute's worth of quota is not worth a batch of its own: wait for more.
  const minChunk = Math.max(1, Math.ceil(rate * 60));

  const groupLimit = new Float64Array(groupCount);
  const groupToday = new Float64Array(groupCount);
  const groupPrevious = new Float64Array(groupCount);
  const batchGroups = new Float64Array(groupCount);
  const merge: MergeState = { queue, cursor, queueEnd, order, groupLimit, groupToday };
  let previousTotal = 0;
  let sendingDays = 0;
  let firstSendingDate: string | null = null;
  let clock = Math.ceil(options.start / 1000) * 1000;
  let date = localDate(clock, timeZone);

  for (let dayNumber = 0; sent < count; dayNumber++, date = addDays(date, 1)) {
    if (dayNumber >= maxDays) throw tooLong(options, maxDays);
    const today: ScheduledDay = { date, recipients: 0, providers: emptyProviders() };
    days.push(today);
    const weekday = weekdayOf(date);
    if (options.weekdaysOnly && (weekday === 0 || weekday === 6)) continue;
    const close = instantAt(date, window.end, timeZone);
    if (close <= clock) continue;

    const warmupLimit = sendingDays === 0 ? policy.firstDay : grownLimit(previousTotal, policy);
    const dayLimit = Math.min(warmupLimit, options.maxPerDay ?? Infinity);
    const inWeekOne = firstSendingDate === null || daysBetween(firstSendingDate, date) < 7;
    for (let g = 0; g < groupCount; g++) {
      groupToday[g] = 0;
      let limit = sendingDays === 0 ? policy.firstDay : grownLimit(groupPrevious[g]!, policy);
      const weekOne = policy.weekOneCaps[PROVIDER_GROUPS[g]!];
      if (inWeekOne && weekOne !== undefined) limit = Math.min(limit, weekOne);
      groupLimit[g] = limit;
    }

    let at = Math.max(instantAt(date, window.start, timeZone), clock);
    while (at < close) {
      let available = 0;
      for (let g = 0; g < groupCount; g++) available += Math.min(groupLimit[g]! - groupToday[g]!, queueEnd[g]! - cursor[g]!);
      let want = Math.min(dayLimit - today.recipients, available, maxBatch, recipientsIn(Math.floor((close - at) / 1000), rate));
      if (want <= 0) break;
      if (Number.isFinite(daily)) {
        const capacity = daily - usedAt(at);
        if (capacity < want) {
          if (capacity > 0 && capacity >= Math.min(minChunk, daily)) want = capacity;
          else {
            at = Math.max(at, nextRelease(at));
            continue;
          }
        }
      }

      const batch: ScheduledBatch = {
        id: batches.length + 1,
        start: at,
        end: at + batchSeconds(want, rate) * 1000,
        recipients: want,
        ratePerSecond: rate,
        providers: emptyProviders(),
        date,
        from: sent,
        to: sent + want,
      };
      batchGroups.fill(0);
      sent = takeBest(want, merge, sendOrder, sent, batchGroups);
      for (let g = 0; g < groupCount; g++) batch.providers[PROVIDER_GROUPS[g]!] = batchGroups[g]!;
      batches.push(batch);
      activeSum += want;
      today.recipients += want;
      at = batch.end;
    }
    for (let g = 0; g < groupCount; g++) today.providers[PROVIDER_GROUPS[g]!] = groupToday[g]!;
    if (options.maxPerDay !== undefined && options.maxPerDay < warmupLimit && today.recipients >= options.maxPerDay)
      today.atMaxPerDay = true;
    clock = Math.max(clock, at);
    if (today.recipients > 0) {
      firstSendingDate ??= date;
      sendingDays++;
      previousTotal = today.recipients;
      for (let g = 0; g < groupCount; g++) groupPrevious[g] = groupToday[g]!;
    }
  }

  const first = days.findIndex((day) => day.recipients > 0);
  return { batches, days: first < 0 ? [] : days.slice(first), sendOrder, usable };
}

interface MergeState {
  /** Positions in `order`, grouped by provider, ascending within each group. */
  queue: Uint32Array;
  cursor: Int32Array;
  queueEnd: Int32Array;
  order: Uint32Array;
  groupLimit: Float64Array;
  groupToday: Float64Array;
}

/**
 * Appends the best `want` recipients whose provider still has room today to
 * sendOrder: a merge of the provider queues, taking a run from the best queue while
 * its head stays ahead of every other queue's head. Returns the new length of sendOrder.
 * (A function of its own so the engine optimises this hot loop early.)
 */
function takeBest(want: number, state: MergeState, sendOrder: Uint32Array, sent: number, taken: Float64Array): number {
  const { queue, cursor, queueEnd, order, groupLimit, groupToday } = state;
  const groupCount = cursor.length;
  for (let done = 0; done < want;) {
    let best = -1;
    let bestPosition = Number.POSITIVE_INFINITY;
    let runnerUp = Number.POSITIVE_INFINITY;
    for (let g = 0; g < groupCount; g++) {
      if (groupToday[g]! < groupLimit[g]! && cursor[g]! < queueEnd[g]!) {
        const position = queue[cursor[g]!]!;
        if (position < bestPosition) {
          runnerUp = bestPosition;
          bestPosition = position;
          best = g;
        } else if (position < runnerUp) runnerUp = position;
      }
    }
    const from = cursor[best]!;
    const stop = Math.min(queueEnd[best]!, from + Math.min(groupLimit[best]! - groupToday[best]!, want - done));
    let at = from;
    while (at < stop && queue[at]! < runnerUp) sendOrder[sent++] = order[queue[at++]!]!;
    const run = at - from;
    cursor[best] = at;
    groupToday[best]! += run;
    taken[best]! += run;
    done += run;
  }
  return sent;
}

function checkFeasible(options: ScheduleOptions, usable: UsableLimits): void {
  const { quota, policy, window } = options;
  if (!(usable.ratePerSecond > 0)) {
    throw new UserError(
      'bad_argument',
      `With ${Math.round(options.headroom * 100)}% headroom nothing is left of a send rate of ${quota.maxSendRate} per second; lower the headroom.`,
    );
  }
  if (usable.daily !== null && usable.daily < 1) {
    throw new UserError(
      'bad_argument',
      `With ${Math.round(options.headroom * 100)}% headroom nothing is left of a daily quota of ${quota.max24HourSend}; lower the headroom.`,
    );
  }
  if (recipientsIn((window.end - window.start) * 60, usable.ratePerSecond) < 1) {
    throw new UserError(
      'bad_argument',
      `The send window is too short to send even one message at ${usable.ratePerSecond} per second; widen it.`,
    );
  }
  if (!(policy.firstDay >= 1) || !(policy.growth >= 1)) {
    throw new UserError('bad_argument', 'The warm-up policy needs a first day of at least 1 recipient and a growth factor of at least 1.');
  }
}

function tooLong(options: ScheduleOptions, maxDays: number): UserError {
  const span = maxDays >= 730 ? `${Math.round(maxDays / 365)} years` : `${maxDays} days`;
  return new UserError(
    'bad_argument',
    `At this pace the plan would take more than ${span} (first day ${options.policy.firstDay}, growth ×${options.policy.growth}); raise the first-day volume or the growth, or widen the send window.`,
  );
}
