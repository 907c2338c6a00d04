// The planner's guarantees, for random lists, quotas, windows, time zones and
// policies (fast-check): every plan is checked by the independent oracle in
// test/support/plan-oracle.ts, which recomputes each constraint from the batches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priorityOrder } from '../../shared/plan/order';
import { resolvePolicy, type ProviderGroup, type WarmupPolicy } from '../../shared/plan/policy';
import { planSchedule, usableLimits, type PlanQuota, type ScheduleOptions } from '../../shared/plan/schedule';
import { isUserError } from '../../shared/model/errors';
import {
  GROUPS,
  orderViolations,
  rateViolations,
  rollingWindowViolations,
  warmupViolations,
  windowViolations,
  type OracleSettings,
} from '../support/plan-oracle';
import { mulberry32 } from '../support/send-list';

const DAY = 86_400_000;

/** Zones with DST on both hemispheres, half-hour and 45-minute offsets, a 30-minute DST shift, and none. */
const ZONES = [
  'UTC',
  'America/New_York',
  'America/Los_Angeles',
  'Europe/Berlin',
  'Europe/London',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Auckland',
  'America/Santiago',
  'America/St_Johns',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
];

/** Instants just before DST changes in those zones (2026), so plans run across them. */
const NEAR_DST = [
  '2026-03-06T12:00:00Z', // US spring forward on 8 March
  '2026-10-30T12:00:00Z', // US fall back on 1 November
  '2026-03-27T12:00:00Z', // EU spring forward on 29 March
  '2026-10-23T12:00:00Z', // EU fall back on 25 October
  '2026-04-03T12:00:00Z', // Sydney, Auckland, Chatham, Lord Howe fall back on 5 April
  '2026-10-02T12:00:00Z', // Sydney, Lord Howe spring forward on 4 October
  '2026-09-25T12:00:00Z', // Auckland, Chatham spring forward on 27 September
  '2026-09-04T12:00:00Z', // Santiago spring forward on 6 September
].map(Date.parse);

interface Scenario {
  count: number;
  weights: [number, number, number, number];
  seed: number;
  withRisk: boolean;
  withEngagement: boolean;
  quota: PlanQuota;
  quotaReadAt: number;
  headroom: number;
  policy: WarmupPolicy;
  timeZone: string;
  window: { start: number; end: number };
  weekdaysOnly: boolean;
  start: number;
  maxBatchSeconds: number;
}

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    count: fc.integer({ min: 1, max: 2500 }),
    weights: fc.tuple(fc.nat(10), fc.nat(10), fc.nat(10), fc.integer({ min: 1, max: 10 })),
    seed: fc.integer(),
    withRisk: fc.boolean(),
    withEngagement: fc.boolean(),
    max24h: fc.oneof(fc.constant(-1), fc.integer({ min: 20, max: 200_000 }), fc.integer({ min: 20, max: 3_000 })),
    maxRate: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0.5, max: 50, noNaN: true })),
    sentShare: fc.double({ min: 0, max: 1.5, noNaN: true }),
    readBefore: fc.integer({ min: 0, max: 86_400 }),
    headroom: fc.oneof(fc.constant(0.2), fc.double({ min: 0, max: 0.9, noNaN: true })),
    firstDay: fc.integer({ min: 5, max: 5_000 }),
    growth: fc.double({ min: 1.05, max: 3, noNaN: true }),
    yahooCap: fc.option(fc.integer({ min: 1, max: 5_000 })),
    microsoftCap: fc.option(fc.integer({ min: 1, max: 20_000 })),
    timeZone: fc.constantFrom(...ZONES),
    windowStart: fc.integer({ min: 0, max: 95 }),
    windowQuarters: fc.integer({ min: 1, max: 96 }),
    weekdaysOnly: fc.boolean(),
    start: fc.oneof(
      fc.constantFrom(...NEAR_DST).chain((t) => fc.integer({ min: 0, max: 3 * DAY }).map((offset) => t + offset)),
      fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }),
    ),
    maxBatchSeconds: fc.integer({ min: 60, max: 7_200 }),
  })
  .map((r) => {
    const windowStart = r.windowStart * 15;
    const weekOneCaps: Partial<Record<ProviderGroup, number>> = {};
    if (r.yahooCap !== null) weekOneCaps.yahoo_aol = r.yahooCap;
    if (r.microsoftCap !== null) weekOneCaps.microsoft = r.microsoftCap;
    return {
      count: r.count,
      weights: r.weights,
      seed: r.seed,
      withRisk: r.withRisk,
      withEngagement: r.withEngagement,
      quota: {
        max24HourSend: r.max24h,
        maxSendRate: r.maxRate,
        sentLast24Hours: r.max24h < 0 ? 1234 : Math.floor(r.max24h * r.sentShare),
        source: 'manual' as const,
      },
      quotaReadAt: r.start - r.readBefore * 1000,
      headroom: r.headroom,
      policy: { ...resolvePolicy('standard', { firstDay: r.firstDay, growth: r.growth }), weekOneCaps },
      timeZone: r.timeZone,
      window: { start: windowStart, end: Math.min(1440, windowStart + r.windowQuarters * 15) },
      weekdaysOnly: r.weekdaysOnly,
      start: r.start,
      maxBatchSeconds: r.maxBatchSeconds,
    };
  });

function makeList(s: Scenario) {
  const random = mulberry32(s.seed);
  const total = s.weights.reduce((a, b) => a + b, 0);
  const groups = new Uint8Array(s.count);
  const risk = s.withRisk ? new Float64Array(s.count) : null;
  const engagedAt = s.withEngagement ? new Float64Array(s.count) : null;
  for (let i = 0; i < s.count; i++) {
    let pick = random() * total;
    let g = 0;
    while (g < 3 && pick >= s.weights[g]!) pick -= s.weights[g++]!;
    groups[i] = g;
    // Risk written with 4 decimals as send.csv has it (ties happen), sometimes unknown.
    if (risk) risk[i] = random() < 0.1 ? Number.NaN : Math.round(random() * 200) / 10_000;
    if (engagedAt) engagedAt[i] = random() < 0.2 ? Number.NaN : Date.parse('2026-01-01T00:00:00Z') - Math.floor(random() * 400) * DAY;
  }
  return { groups, risk, engagedAt };
}

/**
 * The expected priority, computed the plain way: sort by risk ↑ (to 1e-6, unknown last),
 * then last engagement ↓ (by UTC day, unknown last), then list position.
 */
export function expectedOrder(count: number, risk: Float64Array | null, engagedAt: Float64Array | null): number[] {
  const indices = Array.from({ length: count }, (_, i) => i);
  const riskOf = (i: number) =>
    risk && !Number.isNaN(risk[i]!) ? Math.round(Math.min(1, Math.max(0, risk[i]!)) * 1e6) : Number.POSITIVE_INFINITY;
  const engagedOf = (i: number) => (engagedAt && !Number.isNaN(engagedAt[i]!) ? Math.floor(engagedAt[i]! / DAY) : Number.NEGATIVE_INFINITY);
  return indices.sort((a, b) => {
    if (riskOf(a) !== riskOf(b)) return riskOf(a) < riskOf(b) ? -1 : 1;
    if (engagedOf(a) !== engagedOf(b)) return engagedOf(a) > engagedOf(b) ? -1 : 1;
    return a - b;
  });
}

function expectedRanks(count: number, risk: Float64Array | null, engagedAt: Float64Array | null): Int32Array {
  const rank = new Int32Array(count);
  expectedOrder(count, risk, engagedAt).forEach((recipient, position) => (rank[recipient] = position));
  return rank;
}

function settingsOf(s: Scenario): OracleSettings {
  return {
    max24HourSend: s.quota.max24HourSend,
    maxSendRate: s.quota.maxSendRate,
    sentLast24Hours: s.quota.sentLast24Hours,
    quotaReadAt: s.quotaReadAt,
    headroom: s.headroom,
    firstDay: s.policy.firstDay,
    growth: s.policy.growth,
    weekOneCaps: s.policy.weekOneCaps,
    timeZone: s.timeZone,
    window: s.window,
    weekdaysOnly: s.weekdaysOnly,
    start: s.start,
  };
}

function run(s: Scenario) {
  const list = makeList(s);
  const order = priorityOrder(s.count, list.risk, list.engagedAt);
  const options: ScheduleOptions = {
    quota: s.quota,
    headroom: s.headroom,
    policy: s.policy,
    timeZone: s.timeZone,
    window: s.window,
    weekdaysOnly: s.weekdaysOnly,
    start: s.start,
    quotaReadAt: s.quotaReadAt,
    maxBatchSeconds: s.maxBatchSeconds,
  };
  return { list, order, schedule: planSchedule({ count: s.count, groups: list.groups, order }, options) };
}

describe('priorityOrder', () => {
  const values = (size: number, max: number) =>
    fc.array(
      fc.oneof(
        fc.constant(Number.NaN),
        fc.double({ min: -0.5, max, noNaN: true }),
        fc.integer({ min: 0, max: 20 }).map((n) => (n / 20) * max),
      ),
      {
        minLength: size,
        maxLength: size,
      },
    );
  it('puts the lowest risk first, then the most recent engagement, then list order; unknowns last', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 300 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.option(values(n, 1.5)),
              fc.option(values(n, 2e12).map((xs) => xs.map((x) => (x < 0 ? Number.NaN : x)))),
            ),
          ),
        ([n, risk, engaged]) => {
          const r = risk ? Float64Array.from(risk) : null;
          const e = engaged ? Float64Array.from(engaged) : null;
          expect(Array.from(priorityOrder(n, r, e))).toEqual(expectedOrder(n, r, e));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('planSchedule properties', () => {
  it('meets every constraint for random lists, quotas, windows, zones and policies', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { list, schedule } = run(s);
        const settings = settingsOf(s);
        const { batches } = schedule;

        // Each recipient in exactly one batch; batches cover sendOrder in order.
        const seen = new Uint8Array(s.count);
        for (const r of schedule.sendOrder) seen[r]!++;
        expect(seen.every((n) => n === 1)).toBe(true);
        let next = 0;
        for (const b of batches) {
          expect(b.from).toBe(next);
          expect(b.to - b.from).toBe(b.recipients);
          expect(GROUPS.reduce((n, g) => n + b.providers[g], 0)).toBe(b.recipients);
          for (let k = b.from; k < b.to; k++) b.providers[GROUPS[list.groups[schedule.sendOrder[k]!]!]!]--;
          expect(GROUPS.every((g) => b.providers[g] === 0)).toBe(true);
          for (let k = b.from; k < b.to; k++) b.providers[GROUPS[list.groups[schedule.sendOrder[k]!]!]!]++;
          next = b.to;
        }
        expect(next).toBe(s.count);

        expect(rollingWindowViolations(batches, settings)).toEqual([]);
        expect(rateViolations(batches, settings)).toEqual([]);
        expect(windowViolations(batches, settings)).toEqual([]);
        const warmup = warmupViolations(batches, settings);
        expect(warmup.violations).toEqual([]);
        const members = batches.map((b) => ({ ...b, members: Array.from(schedule.sendOrder.subarray(b.from, b.to)) }));
        expect(orderViolations(members, expectedRanks(s.count, list.risk, list.engagedAt), list.groups, warmup.capped)).toEqual([]);

        // The days agree with the batches, with every calendar day in between listed.
        const byDate = new Map<string, number>();
        for (const b of batches) byDate.set(b.date, (byDate.get(b.date) ?? 0) + b.recipients);
        expect(schedule.days.filter((d) => d.recipients > 0).map((d) => [d.date, d.recipients])).toEqual([...byDate.entries()]);
        for (let i = 1; i < schedule.days.length; i++) {
          expect(Date.parse(`${schedule.days[i]!.date}T00:00:00Z`) - Date.parse(`${schedule.days[i - 1]!.date}T00:00:00Z`)).toBe(DAY);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('gives the same plan for the same input', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const a = run(s).schedule;
        const b = run(s).schedule;
        expect(b.batches).toEqual(a.batches);
        expect(Array.from(b.sendOrder)).toEqual(Array.from(a.sendOrder));
      }),
      { numRuns: 15 },
    );
  });
});

const base = (overrides: Partial<Scenario> = {}): Scenario => ({
  count: 120_000,
  weights: [45, 11, 15, 29],
  seed: 7,
  withRisk: true,
  withEngagement: true,
  quota: { max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 0, source: 'manual' },
  quotaReadAt: Date.parse('2026-03-01T00:00:00Z'),
  headroom: 0.2,
  policy: resolvePolicy('standard'),
  timeZone: 'America/New_York',
  window: { start: 9 * 60, end: 17 * 60 },
  weekdaysOnly: false,
  start: Date.parse('2026-03-02T00:00:00Z'),
  maxBatchSeconds: 1800,
  ...overrides,
});

describe('planSchedule in the situations a user meets', () => {
  it('applies headroom to both the quota and the rate', () => {
    expect(usableLimits({ max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 0, source: 'manual' }, 0.2)).toEqual({
      daily: 40_000,
      ratePerSecond: 11.2,
    });
    expect(usableLimits({ max24HourSend: -1, maxSendRate: 1, sentLast24Hours: 0, source: 'ses' }, 0.25)).toEqual({
      daily: null,
      ratePerSecond: 0.75,
    });
  });

  it('fills the usable quota once the warm-up reaches it, and never more', () => {
    const s = base({ policy: resolvePolicy('aggressive'), count: 400_000 });
    const { schedule } = run(s);
    const settings = settingsOf(s);
    expect(rollingWindowViolations(schedule.batches, settings)).toEqual([]);
    const busiest = Math.max(...schedule.days.map((d) => d.recipients));
    // Doubling from 1,000 reaches the 40,000 usable quota within days; the rolling
    // window then allows the full 40,000 a day.
    expect(busiest).toBe(40_000);
    const fullDays = schedule.days.filter((d) => d.recipients === 40_000).length;
    expect(fullDays).toBeGreaterThan(schedule.days.length / 2);
  });

  it('counts SentLast24Hours as used for the first 24 hours after the quota was read', () => {
    // 39,000 of the 40,000 usable already sent just before planning: only 1,000 more until they age out.
    const readAt = Date.parse('2026-03-02T13:30:00Z');
    const s = base({
      count: 3_000,
      policy: resolvePolicy('aggressive', { firstDay: 3_000 }),
      quota: { max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 39_000, source: 'ses' },
      quotaReadAt: readAt,
      start: readAt,
      window: { start: 0, end: 1440 },
    });
    const { schedule } = run(s);
    const early = schedule.batches.filter((b) => b.start < readAt + DAY).reduce((n, b) => n + b.recipients, 0);
    expect(early).toBe(1_000);
    expect(schedule.batches.at(-1)!.start).toBe(readAt + DAY);
    expect(rollingWindowViolations(schedule.batches, settingsOf(s))).toEqual([]);
  });

  it('sends nothing on weekends with --weekdays, and grows from the last sending day', () => {
    const s = base({ count: 20_000, weekdaysOnly: true, start: Date.parse('2026-03-06T14:00:00Z') }); // a Friday, 09:00 in New York
    const { schedule } = run(s);
    const weekend = schedule.days.filter((d) => ['2026-03-07', '2026-03-08'].includes(d.date));
    expect(weekend).toEqual([
      { date: '2026-03-07', recipients: 0, providers: { gmail: 0, yahoo_aol: 0, microsoft: 0, other: 0 } },
      { date: '2026-03-08', recipients: 0, providers: { gmail: 0, yahoo_aol: 0, microsoft: 0, other: 0 } },
    ]);
    expect(schedule.days.find((d) => d.date === '2026-03-06')!.recipients).toBe(500);
    expect(schedule.days.find((d) => d.date === '2026-03-09')!.recipients).toBe(700);
  });

  it('moves the window with daylight saving time: 09:00 New York is 14:00Z, then 13:00Z', () => {
    const { schedule } = run(base({ count: 5_000, start: Date.parse('2026-03-06T00:00:00Z') }));
    const first = (date: string) => new Date(schedule.batches.find((b) => b.date === date)!.start).toISOString();
    expect(first('2026-03-07')).toBe('2026-03-07T14:00:00.000Z');
    expect(first('2026-03-08')).toBe('2026-03-08T13:00:00.000Z');
  });

  it('caps Yahoo/AOL at 5,000 and Microsoft at 20,000 a day in week one', () => {
    // A list that is nearly all Yahoo and Microsoft, with a policy that would otherwise allow more.
    const s = base({ count: 200_000, weights: [0, 5, 5, 0], policy: resolvePolicy('aggressive', { firstDay: 40_000 }) });
    const { schedule } = run(s);
    const weekOne = schedule.days.slice(0, 7);
    expect(weekOne.every((d) => d.providers.yahoo_aol <= 5_000 && d.providers.microsoft <= 20_000)).toBe(true);
    expect(weekOne[0]!.providers.yahoo_aol).toBe(5_000);
    expect(schedule.days[7]!.providers.yahoo_aol).toBeGreaterThan(5_000);
  });

  it('refuses a plan that would take longer than the limit (ten years by default)', () => {
    // Starting at 09:00 New York, so the first calendar day is a sending day.
    const s = base({
      count: 100_000,
      policy: resolvePolicy('standard', { firstDay: 1, growth: 1 }),
      start: Date.parse('2026-03-02T14:00:00Z'),
    });
    const list = makeList(s);
    const plan = (maxDays: number) =>
      planSchedule({ count: s.count, groups: list.groups, order: priorityOrder(s.count, null, null) }, { ...s, maxDays });
    expect(() => plan(90)).toThrow(/more than 90 days \(first day 1, growth ×1\)/);
    try {
      plan(90);
    } catch (error) {
      expect(isUserError(error) && error.code).toBe('bad_argument');
    }
    // At one a day, 90 recipients take exactly 90 days: just inside the limit.
    const ninety = planSchedule(
      { count: 90, groups: list.groups.subarray(0, 90), order: priorityOrder(90, null, null) },
      { ...s, maxDays: 90 },
    );
    expect(ninety.days).toHaveLength(90);
  });

  it('refuses headroom that leaves nothing to send', () => {
    const s = base({ count: 10, quota: { max24HourSend: 1, maxSendRate: 14, sentLast24Hours: 0, source: 'manual' }, headroom: 0.5 });
    expect(() => run(s)).toThrow(/nothing is left of a daily quota of 1/);
  });
});
