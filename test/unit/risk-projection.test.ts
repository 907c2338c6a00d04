// Where a send takes the account's own rates (shared/risk/projection.ts): the
// representative-volume estimate, the projection's bounds, and the daily cap the
// plan uses to keep the projected rate under the user's target.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dailyCapForTarget,
  MIN_REPRESENTATIVE_VOLUME,
  projectAccount,
  projectRate,
  representativeVolume,
} from '../../shared/risk/projection';

const rate = fc.double({ min: 0, max: 1, noNaN: true });

describe('representative volume', () => {
  it('is 14 days at the last 24 hours’ pace when the account sent anything', () => {
    expect(representativeVolume({ max24HourSend: 50_000, sentLast24Hours: 1_234 })).toMatchObject({
      volume: 17_276,
      method: 'sent-last-24-hours',
    });
  });

  it('is one day of the quota when nothing was sent in the last 24 hours, and says so', () => {
    const volume = representativeVolume({ max24HourSend: 50_000, sentLast24Hours: 0 });
    expect(volume).toMatchObject({ volume: 50_000, method: 'quota' });
    expect(volume.explanation).toMatch(/nothing was sent in the last 24 hours/);
  });

  it('uses VDM send counts when they are known', () => {
    expect(representativeVolume({ max24HourSend: 50_000, sentLast24Hours: 1_234 }, 40_000)).toMatchObject({
      volume: 40_000,
      method: 'vdm-send-counts',
    });
  });

  it('is never below the sandbox’s 200 a day, whatever GetAccount says', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (quota, sent) => {
        expect(representativeVolume({ max24HourSend: quota, sentLast24Hours: sent }).volume).toBeGreaterThanOrEqual(
          MIN_REPRESENTATIVE_VOLUME,
        );
      }),
    );
  });
});

describe('the account after this send', () => {
  it('moves a 3.1% account towards a 2% send by the share of the window the send fills', () => {
    // 10,000 of a 20,000 window: half way from 3.1% to 2%.
    const projected = projectRate(0.031, { rate: 0.02, high: 0.023 }, 10_000, 20_000);
    expect(projected.after).toBeCloseTo(0.0255, 10);
    expect(projected.afterHigh).toBeGreaterThan(projected.after);
    expect(projected.afterHigh).toBeLessThan(0.031);
  });

  it('takes the account to the send’s own rate when the send fills the whole window', () => {
    expect(projectRate(0.01, { rate: 0.09, high: 0.1 }, 50_000, 20_000).after).toBeCloseTo(0.09, 10);
  });

  it('leaves the account where it is when nothing is sent', () => {
    expect(projectRate(0.031, { rate: 0.2, high: 0.3 }, 0, 20_000)).toEqual({ after: 0.031, afterHigh: 0.031 });
  });

  it('stays between now and the send’s rate, and the upper bound is never below the expected value', () => {
    fc.assert(
      fc.property(
        rate,
        rate,
        rate,
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (now, send, extra, count, volume) => {
          const high = Math.min(1, send + extra);
          const projected = projectRate(now, { rate: send, high }, count, volume);
          expect(projected.after).toBeGreaterThanOrEqual(Math.min(now, send) - 1e-12);
          expect(projected.after).toBeLessThanOrEqual(Math.max(now, send) + 1e-12);
          expect(projected.afterHigh).toBeGreaterThanOrEqual(projected.after);
          expect(projected.afterHigh).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('moves further the more is sent (and never past the send’s rate)', () => {
    fc.assert(
      fc.property(
        rate,
        rate,
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (now, send, a, b, volume) => {
          const [less, more] = a <= b ? [a, b] : [b, a];
          const distance = (count: number) => Math.abs(projectRate(now, { rate: send, high: send }, count, volume).after - now);
          expect(distance(more)).toBeGreaterThanOrEqual(distance(less) - 1e-12);
        },
      ),
    );
  });

  it('says a missing metric was counted as none so far, and keeps it null', () => {
    const projection = projectAccount({
      bounceRateNow: 0.031,
      complaintRateNow: null,
      account: { max24HourSend: 50_000, sentLast24Hours: 1_000 },
      send: { bounceRate: 0.02, bounceRateHigh: 0.025, complaintRate: 0.0005, complaintRateHigh: 0.0008 },
      sendCount: 7_000,
    });
    expect(projection).toMatchObject({
      bounceRateNow: 0.031,
      complaintRateNow: null,
      representativeVolume: 14_000,
      method: 'sent-last-24-hours',
      sendCount: 7_000,
    });
    expect(projection.bounceRateAfter).toBeCloseTo(0.0255, 10);
    expect(projection.complaintRateAfter).toBeCloseTo(0.00025, 10);
    expect(projection.explanation).toMatch(/No complaint rate yet: counted as none so far/);
  });
});

describe('the daily cap that keeps the projected account rate under a target', () => {
  it('needs no cap for a list within the target', () => {
    expect(dailyCapForTarget(0.01, 0.015, 0.02, 1_000)).toBeNull();
  });

  it('caps a risky list so the account’s other mail keeps the mix at the target', () => {
    // 1,000 other messages a day at 1%; a 5% list; target 2%: x ≤ 1000 · 0.01 / 0.03 = 333.
    expect(dailyCapForTarget(0.01, 0.05, 0.02, 1_000)).toBe(333);
  });

  it('has no pace that helps when the account sends nothing else or is already over the target', () => {
    expect(dailyCapForTarget(0.01, 0.05, 0.02, 0)).toBe(0);
    expect(dailyCapForTarget(0.025, 0.05, 0.02, 1_000)).toBe(0);
  });

  it('keeps the projected rate under the target every day when the plan sends at most the cap', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.double({ min: 0.051, max: 0.5, noNaN: true }),
        fc.integer({ min: 1, max: 50_000 }),
        fc.integer({ min: 200, max: 500_000 }),
        fc.integer({ min: 1, max: 60 }),
        (now, listRate, other, volume, days) => {
          const target = 0.05;
          const cap = dailyCapForTarget(now, listRate, target, other)!;
          let account = now;
          for (let day = 0; day < days; day++) {
            // One day: the capped part of the list and the account's other mail at its rate now.
            const mix = (listRate * cap + now * other) / (cap + other);
            account = projectRate(account, { rate: mix, high: mix }, cap + other, volume).after;
            expect(account).toBeLessThanOrEqual(target + 1e-12);
          }
        },
      ),
    );
  });
});

describe('what the plan says about the account-rate cap', () => {
  it('tells an account already over the target whether this list lowers or raises its rate', async () => {
    const { accountCap } = await import('../../shared/plan/account-cap');
    // Complaints well within their target: these are about the bounce rate.
    const quiet = { complaintRateNow: 0, listComplaintRate: 0, complaintTarget: 0.001 };
    expect(accountCap({ bounceRateNow: 0.031, listBounceRate: 0.014, otherDaily: 1_000, target: 0.01, ...quiet }).sentence).toMatch(
      /lowers it, but no pace/,
    );
    expect(accountCap({ bounceRateNow: 0.031, listBounceRate: 0.05, otherDaily: 1_000, target: 0.01, ...quiet }).sentence).toMatch(
      /takes it higher at any pace/,
    );
    expect(accountCap({ bounceRateNow: 0.005, listBounceRate: 0.05, otherDaily: 0, target: 0.01, ...quiet })).toMatchObject({
      maxPerDay: null,
    });
    expect(accountCap({ bounceRateNow: 0.005, listBounceRate: 0.05, otherDaily: 0, target: 0.01, ...quiet }).sentence).toMatch(
      /sent nothing else in the last 24 hours/,
    );
  });
});
