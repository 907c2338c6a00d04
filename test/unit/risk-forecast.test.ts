import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../shared/model/errors';
import { exactQuantiles, forecastCount, forecastList, forecastRate, normalQuantile, SES_THRESHOLDS } from '../../shared/risk/forecast';
import { bounceProbability, complaintProbability } from '../../shared/risk/model';
import { seededRandom, syntheticPopulation } from './risk-simulation';

/** The exact distribution by enumerating every outcome (2^n): the reference for the recursion. */
function bruteForceQuantiles(p: readonly number[], lowerQ: number, upperQ: number): [number, number] {
  const pmf = new Array<number>(p.length + 1).fill(0);
  for (let outcome = 0; outcome < 2 ** p.length; outcome++) {
    let probability = 1;
    let count = 0;
    for (let i = 0; i < p.length; i++) {
      const hit = (outcome >> i) & 1;
      probability *= hit ? p[i]! : 1 - p[i]!;
      count += hit;
    }
    pmf[count]! += probability;
  }
  let cumulative = 0;
  let low = -1;
  for (let k = 0; k <= p.length; k++) {
    cumulative += pmf[k]!;
    if (low < 0 && cumulative >= lowerQ - 1e-12) low = k;
    if (cumulative >= upperQ - 1e-12) return [low, k];
  }
  return [low, p.length];
}

const probabilityArb = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5, 1e-6, 0.999999));

/** Lists of the shapes a real check produces: mostly small risks, a few near-certain failures. */
const LIST_SHAPES: Record<string, (random: () => number) => number> = {
  'tiny risks': (r) => r() * 0.002,
  'small risks': (r) => r() * 0.02,
  'clean with a few dead rows': (r) => (r() < 0.02 ? 0.9 + r() * 0.099 : r() * 0.01),
  uniform: (r) => r(),
  'mostly dead': (r) => 1 - r() * 0.01,
  'log-uniform 1e-4..1': (r) => Math.exp(-r() * 9),
};

describe('exact distribution', () => {
  it('the recursion matches brute-force enumeration on small lists', () => {
    fc.assert(
      fc.property(fc.array(probabilityArb, { minLength: 1, maxLength: 12 }), fc.constantFrom(0.5, 0.8, 0.9, 0.95), (p, confidence) => {
        const lowerQ = (1 - confidence) / 2;
        const upperQ = (1 + confidence) / 2;
        expect(exactQuantiles(p, 1000, lowerQ, upperQ)).toEqual(bruteForceQuantiles(p, lowerQ, upperQ));
      }),
      { numRuns: 300 },
    );
  });

  it('forecastCount returns the (1 − c)/2 and (1 + c)/2 quantiles of the count', () => {
    fc.assert(
      fc.property(
        fc.array(probabilityArb, { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0.05, max: 0.99, noNaN: true }),
        (p, confidence) => {
          const [low, high] = bruteForceQuantiles(p, (1 - confidence) / 2, (1 + confidence) / 2);
          const mean = p.reduce((sum, x) => sum + x, 0);
          const forecast = forecastCount(p, confidence, 'exact');
          expect(forecast.low).toBeCloseTo(Math.min(low, mean), 12);
          expect(forecast.high).toBeCloseTo(Math.max(high, mean), 12);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the sliding window (±(8σ+16) around the running mean) gives the same quantiles as the full recursion, far into the tails', () => {
    const random = seededRandom(11);
    for (const [shape, draw] of Object.entries(LIST_SHAPES)) {
      const p = Float64Array.from({ length: 3000 }, () => draw(random));
      for (const confidence of [0.9, 0.999999]) {
        const windowed = forecastCount(p, confidence, 'exact');
        const [low, high] = exactQuantiles(p, p.length + 1, (1 - confidence) / 2, (1 + confidence) / 2);
        const mean = windowed.expected;
        expect([windowed.low, windowed.high], `${shape}, ${confidence}`).toEqual([Math.min(low, mean), Math.max(high, mean)]);
      }
    }
  });
});

describe('approximation for large lists', () => {
  it('the Cornish–Fisher quantiles are within one count of the exact ones, for every list shape and size', () => {
    const random = seededRandom(42);
    let compared = 0;
    let identical = 0;
    for (const [shape, draw] of Object.entries(LIST_SHAPES)) {
      for (const n of [50, 200, 1000, 3000]) {
        for (let rep = 0; rep < 10; rep++) {
          const p = Float64Array.from({ length: n }, () => draw(random));
          for (const confidence of [0.8, 0.9, 0.95, 0.99]) {
            const exact = forecastCount(p, confidence, 'exact');
            const approx = forecastCount(p, confidence, 'approximate');
            expect(exact.method).toBe('exact');
            expect(approx.method).toBe('approximate');
            expect(Math.abs(approx.low - exact.low), `${shape}, n=${n}`).toBeLessThanOrEqual(1);
            expect(Math.abs(approx.high - exact.high), `${shape}, n=${n}`).toBeLessThanOrEqual(1);
            compared += 2;
            identical += Number(approx.low === exact.low) + Number(approx.high === exact.high);
          }
        }
      }
    }
    // Most agree exactly (97% here; a plain normal approximation manages 82%, with the skewness term alone 94%);
    // the rest are off by one count at a rounding edge.
    expect(identical / compared).toBeGreaterThan(0.95);
  });

  it('chooses the exact method for small lists and the approximation for a million rows', () => {
    const random = seededRandom(5);
    expect(forecastCount(Float64Array.from({ length: 2000 }, () => random() * 0.05)).method).toBe('exact');
    expect(forecastCount(Float64Array.from({ length: 1_000_000 }, () => random() * 0.05)).method).toBe('approximate');
  });

  it('normalQuantile matches known values', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 8);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536269514722, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 7);
  });
});

describe('forecastRate', () => {
  it('an empty list forecasts zeros', () => {
    expect(forecastRate([])).toEqual({ rate: 0, low: 0, high: 0 });
    expect(forecastRate(new Float64Array(0), 0.5)).toEqual({ rate: 0, low: 0, high: 0 });
  });

  it('the interval always holds the estimate, inside [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(probabilityArb, { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (p, confidence) => {
          const forecast = forecastRate(p, confidence);
          expect(forecast.rate).toBeCloseTo(p.reduce((s, x) => s + x, 0) / p.length, 12);
          expect(forecast.low).toBeLessThanOrEqual(forecast.rate);
          expect(forecast.high).toBeGreaterThanOrEqual(forecast.rate);
          expect(forecast.low).toBeGreaterThanOrEqual(0);
          expect(forecast.high).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 500 },
    );
    // One row at 1%: both quantiles are 0 bounces, the interval still reaches the 1% estimate.
    expect(forecastRate([0.01])).toEqual({ rate: 0.01, low: 0, high: 0.01 });
  });

  it('a certain outcome has no spread', () => {
    expect(forecastRate([1, 1, 0, 0])).toEqual({ rate: 0.5, low: 0.5, high: 0.5 });
  });

  it('a wider confidence gives a wider (never narrower) interval', () => {
    const random = seededRandom(8);
    const p = Float64Array.from({ length: 20_000 }, () => random() * 0.06);
    const narrow = forecastRate(p, 0.5);
    const wide = forecastRate(p, 0.99);
    expect(wide.low).toBeLessThan(narrow.low);
    expect(wide.high).toBeGreaterThan(narrow.high);
  });

  it('refuses a bad confidence or a bad probability with one sentence', () => {
    for (const [call, message] of [
      [() => forecastRate([0.1], 1), /confidence must be between 0 and 1/],
      [() => forecastRate([], 0), /confidence must be between 0 and 1/],
      [() => forecastRate([0.1, Number.NaN]), /probabilities must be numbers between 0 and 1/],
      [() => forecastRate([1.2]), /probabilities must be numbers between 0 and 1/],
    ] as const) {
      try {
        call();
        expect.unreachable('should have thrown');
      } catch (error) {
        expect(isUserError(error)).toBe(true);
        expect((error as Error).message).toMatch(message);
      }
    }
  });
});

describe('simulated sends', () => {
  /** Sends the list `repetitions` times with a seeded PRNG; the share of sends whose bounce count fell inside each method's interval. */
  function coverage(p: Float64Array, repetitions: number, seed: number): Record<'exact' | 'approximate', number> {
    const exact = forecastCount(p, 0.9, 'exact');
    const approximate = forecastCount(p, 0.9, 'approximate');
    const random = seededRandom(seed);
    const inside = { exact: 0, approximate: 0 };
    for (let rep = 0; rep < repetitions; rep++) {
      let bounces = 0;
      for (let i = 0; i < p.length; i++) if (random() < p[i]!) bounces++;
      if (bounces >= exact.low && bounces <= exact.high) inside.exact++;
      if (bounces >= approximate.low && bounces <= approximate.high) inside.approximate++;
    }
    return { exact: inside.exact / repetitions, approximate: inside.approximate / repetitions };
  }

  const population = syntheticPopulation(20_000, seededRandom(31));
  const bounce = Float64Array.from(population, (e) => bounceProbability(e));
  const sendOnly = Float64Array.from(
    population.filter((e) => e.reasons.length === 0 && e.domainStatus === 'deliverable'),
    (e) => bounceProbability(e),
  );
  const complaint = Float64Array.from(population, (e) => complaintProbability(e));

  it.each([
    ['the whole synthetic list (bounces)', bounce],
    ['its send rows only (bounces)', sendOnly],
    ['the whole synthetic list (complaints)', complaint],
  ])('the 90 percent interval covers the observed rate in 85 to 95 percent of 600 simulated sends: %s', (_label, p) => {
    // 600 sends: the coverage's own standard error is about 1.2 points, so the 85–95% band is ±4 of them.
    for (const [method, share] of Object.entries(coverage(p, 600, 1234))) {
      expect(share, method).toBeGreaterThanOrEqual(0.85);
      expect(share, method).toBeLessThanOrEqual(0.95);
    }
  });

  it('on 200k rows the observed bounce rate of one simulated send is within 4σ of the forecast, and the list forecasts worse than its send rows', () => {
    const rows = syntheticPopulation(200_000, seededRandom(77));
    const p = Float64Array.from(rows, (e) => bounceProbability(e));
    const forecast = forecastRate(p);
    const random = seededRandom(78);
    let bounces = 0;
    let variance = 0;
    for (let i = 0; i < p.length; i++) {
      if (random() < p[i]!) bounces++;
      variance += p[i]! * (1 - p[i]!);
    }
    const observed = bounces / p.length;
    // Stated tolerance: 4 standard deviations of the count, i.e. a relative error of about 2% here.
    expect(Math.abs(observed - forecast.rate)).toBeLessThan((4 * Math.sqrt(variance)) / p.length);
    expect(forecast.high - forecast.low).toBeGreaterThan(0);
    const send = forecastRate(
      Float64Array.from(
        rows.filter((e) => e.reasons.length === 0 && e.domainStatus === 'deliverable'),
        (e) => bounceProbability(e),
      ),
    );
    expect(forecast.low).toBeGreaterThan(send.high);
  });
});

describe('report shape and SES lines', () => {
  it('SES thresholds are the published ones', () => {
    expect(SES_THRESHOLDS).toEqual({ bounceReview: 0.05, bouncePause: 0.1, complaintReview: 0.001, complaintPause: 0.005 });
  });

  it("forecastList gives report.json's fields for one list", () => {
    const list = forecastList([0.5, 0.5, 0.01, 0.01], [0.001, 0.001, 0.001, 0.001]);
    expect(Object.keys(list).sort()).toEqual([
      'bounceRate',
      'bounceRateHigh',
      'bounceRateLow',
      'complaintRate',
      'complaintRateHigh',
      'complaintRateLow',
    ]);
    expect(list.bounceRate).toBeCloseTo(0.255, 12);
    expect(list.complaintRate).toBeCloseTo(0.001, 12);
    expect(list.bounceRateLow).toBeLessThanOrEqual(list.bounceRate);
    expect(list.bounceRateHigh).toBeGreaterThanOrEqual(list.bounceRate);
  });
});

describe('speed', () => {
  it('forecasts a million probabilities in one pass', () => {
    const random = seededRandom(2);
    const p = Float64Array.from({ length: 1_000_000 }, () => random() * 0.03);
    const started = process.cpuUsage();
    const forecast = forecastRate(p);
    const cpu = process.cpuUsage(started);
    expect(forecast.rate).toBeCloseTo(0.015, 3);
    // About 10 ms of CPU on these machines; the bound leaves room for a busy CI.
    expect((cpu.user + cpu.system) / 1e6).toBeLessThan(0.5);
  });
});
