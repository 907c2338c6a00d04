// The plan's account-rate cap with both of SES's rates: a list that draws
// complaints above the target is spread as one that bounces above it is, the day
// cap is the smaller of the two, and the plan says which rate set it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountCap, DEFAULT_COMPLAINT_TARGET } from '../../shared/plan/account-cap';
import { projectRate } from '../../shared/risk/projection';

const base = { bounceRateNow: 0.01, otherDaily: 1_000, target: 0.02, complaintTarget: DEFAULT_COMPLAINT_TARGET };

describe('the account-rate cap, bounces and complaints', () => {
  it('keeps SES’s 0.1% complaint review line as the default complaint target', () => {
    expect(DEFAULT_COMPLAINT_TARGET).toBe(0.001);
  });

  it('caps a list that bounces little but draws complaints above the target, and says the complaint rate set it', () => {
    // 1,000 other messages a day at 0.02% complaints; a 0.5% list; target 0.1%: x ≤ 1000 · 0.0008 / 0.004 = 200.
    const cap = accountCap({ ...base, listBounceRate: 0.01, complaintRateNow: 0.0002, listComplaintRate: 0.005 });
    expect(cap).toMatchObject({ maxPerDay: 200, boundBy: 'complaint', complaintMaxPerDay: 200, bounceMaxPerDay: null, warning: false });
    expect(cap.sentence).toMatch(/^At most 200 recipients a day, set by the complaint rate: the list's expected complaint rate \(0\.50%\)/);
    expect(cap.sentence).toMatch(/The list's expected bounce rate \(1%\) is within your 2% target\.$/);
  });

  it('takes the smaller of the two caps and names the other’s', () => {
    // Bounce: 1000 · 0.01 / 0.03 = 333; complaint: 1000 · 0.0008 / 0.004 = 200.
    const cap = accountCap({ ...base, listBounceRate: 0.05, complaintRateNow: 0.0002, listComplaintRate: 0.005 });
    expect(cap).toMatchObject({ maxPerDay: 200, boundBy: 'complaint', bounceMaxPerDay: 333, complaintMaxPerDay: 200 });
    expect(cap.sentence).toMatch(/The bounce rate alone would allow 333 a day\.$/);
    const bounceBound = accountCap({ ...base, listBounceRate: 0.05, complaintRateNow: 0.0002, listComplaintRate: 0.0015 });
    // Complaint: 1000 · 0.0008 / 0.0005 = 1,600 > 333.
    expect(bounceBound).toMatchObject({ maxPerDay: 333, boundBy: 'bounce', complaintMaxPerDay: 1_600 });
    expect(bounceBound.sentence).toMatch(
      /^At most 333 recipients a day, set by the bounce rate: .* The complaint rate alone would allow 1,600 a day\.$/,
    );
  });

  it('tells an account already over the complaint target whether this list lowers or raises its rate', () => {
    const lowers = accountCap({ ...base, listBounceRate: 0.01, complaintRateNow: 0.002, listComplaintRate: 0.0015 });
    expect(lowers).toMatchObject({ maxPerDay: null, boundBy: null, warning: true });
    expect(lowers.sentence).toMatch(
      /^The account's complaint rate is already 0\.20%, at or over your 0\.10% target: this list \(expected 0\.15%\) lowers it, but no pace/,
    );
    const raises = accountCap({ ...base, listBounceRate: 0.01, complaintRateNow: 0.002, listComplaintRate: 0.004 });
    expect(raises.sentence).toMatch(/complaint rate is already 0\.20%.*takes it higher at any pace: remove the riskiest rows/);
    // The bounce cap still holds when the complaint rate is beyond any pace.
    const both = accountCap({ ...base, listBounceRate: 0.05, complaintRateNow: 0.002, listComplaintRate: 0.004 });
    expect(both).toMatchObject({ maxPerDay: 333, boundBy: 'bounce', warning: true });
    expect(both.sentence).toMatch(/set by the bounce rate: .* The account's complaint rate is already 0\.20%/);
  });

  it('does not slow a list within both targets, and says so once', () => {
    const cap = accountCap({ ...base, listBounceRate: 0.01, complaintRateNow: 0.0002, listComplaintRate: 0.0005 });
    expect(cap).toMatchObject({ maxPerDay: null, boundBy: null, warning: false });
    expect(cap.sentence).toBe(
      "The list's expected bounce rate (1%) and complaint rate (0.050%) are within your 2% and 0.10% targets: they cannot take the account's projected rates over them, so the plan is not slowed for them.",
    );
  });

  it('never lets either projected rate cross its target, replayed day by day, whenever a plan is possible', () => {
    fc.assert(
      fc.property(
        fc.record({
          bounceNow: fc.double({ min: 0, max: 0.05, noNaN: true }),
          listBounce: fc.double({ min: 0, max: 0.3, noNaN: true }),
          bounceTarget: fc.double({ min: 0.001, max: 0.1, noNaN: true }),
          complaintNow: fc.double({ min: 0, max: 0.005, noNaN: true }),
          listComplaint: fc.double({ min: 0, max: 0.05, noNaN: true }),
          complaintTarget: fc.double({ min: 0.0001, max: 0.005, noNaN: true }),
          other: fc.integer({ min: 1, max: 50_000 }),
          volume: fc.integer({ min: 200, max: 500_000 }),
          // Each day's share of the cap: the plan sends at most the cap, some days less (warm-up, quota, the list's end).
          days: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
        }),
        (c) => {
          // Start under both targets: an account over one has no plan that keeps it under.
          fc.pre(c.bounceNow < c.bounceTarget && c.complaintNow < c.complaintTarget);
          const cap = accountCap({
            bounceRateNow: c.bounceNow,
            listBounceRate: c.listBounce,
            otherDaily: c.other,
            target: c.bounceTarget,
            complaintRateNow: c.complaintNow,
            listComplaintRate: c.listComplaint,
            complaintTarget: c.complaintTarget,
          });
          if (cap.warning) return; // no pace helps: the plan says so instead
          expect(cap.maxPerDay ?? Infinity).toBeLessThanOrEqual(
            Math.min(cap.bounceMaxPerDay ?? Infinity, cap.complaintMaxPerDay ?? Infinity),
          );
          const limit = cap.maxPerDay ?? 100_000; // uncapped: any day's size keeps both within (the list is within both)
          let bounce = c.bounceNow;
          let complaint = c.complaintNow;
          for (const share of c.days) {
            const x = Math.floor(limit * share);
            const mix = (list: number, now: number) => (list * x + now * c.other) / (x + c.other);
            const b = mix(c.listBounce, c.bounceNow);
            const k = mix(c.listComplaint, c.complaintNow);
            bounce = projectRate(bounce, { rate: b, high: b }, x + c.other, c.volume).after;
            complaint = projectRate(complaint, { rate: k, high: k }, x + c.other, c.volume).after;
            expect(bounce).toBeLessThanOrEqual(c.bounceTarget + 1e-12);
            expect(complaint).toBeLessThanOrEqual(c.complaintTarget + 1e-12);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
