import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addToRiskHistogram,
  emptyRiskHistogram,
  RISK_HISTOGRAM_EDGES,
  riskBin,
  riskBinLabel,
  riskHistogram,
} from '../../shared/risk/histogram';
import { SES_THRESHOLDS } from '../../shared/risk/forecast';

describe('risk histogram', () => {
  it('edges run from 0 to 1, strictly increasing, and include the SES bounce lines', () => {
    expect(RISK_HISTOGRAM_EDGES[0]).toBe(0);
    expect(RISK_HISTOGRAM_EDGES.at(-1)).toBe(1);
    for (let i = 1; i < RISK_HISTOGRAM_EDGES.length; i++) expect(RISK_HISTOGRAM_EDGES[i]!).toBeGreaterThan(RISK_HISTOGRAM_EDGES[i - 1]!);
    expect(RISK_HISTOGRAM_EDGES).toContain(SES_THRESHOLDS.bounceReview);
    expect(RISK_HISTOGRAM_EDGES).toContain(SES_THRESHOLDS.bouncePause);
  });

  it('every probability lands in the bin whose edges hold it (lower edge included, 1 in the last bin)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => {
        const bin = riskBin(p);
        expect(RISK_HISTOGRAM_EDGES[bin]!).toBeLessThanOrEqual(p);
        if (bin < RISK_HISTOGRAM_EDGES.length - 2) expect(p).toBeLessThan(RISK_HISTOGRAM_EDGES[bin + 1]!);
      }),
    );
    expect(riskBin(0)).toBe(0);
    expect(riskBin(0.05)).toBe(RISK_HISTOGRAM_EDGES.indexOf(0.05));
    expect(riskBin(0.0499999)).toBe(RISK_HISTOGRAM_EDGES.indexOf(0.05) - 1);
    expect(riskBin(1)).toBe(RISK_HISTOGRAM_EDGES.length - 2);
    expect(riskBin(Number.NaN)).toBe(0);
  });

  it('counts add up to the rows, whether built at once or row by row', () => {
    const p = [0, 0.0004, 0.001, 0.0015, 0.03, 0.05, 0.999, 1, 0.2];
    const histogram = riskHistogram(p);
    expect(histogram.total).toBe(p.length);
    expect(histogram.counts.reduce((a, b) => a + b, 0)).toBe(p.length);
    expect(histogram.counts[0]).toBe(2); // 0 and 0.0004
    expect(histogram.counts.at(-1)).toBe(2); // 0.999 and 1
    const incremental = emptyRiskHistogram();
    for (const value of p) addToRiskHistogram(incremental, value);
    expect(incremental).toEqual(histogram);
  });

  it('labels read as percentages', () => {
    expect(riskBinLabel(0)).toBe('< 0.05%');
    expect(riskBinLabel(2)).toBe('0.1–0.2%');
    expect(riskBinLabel(RISK_HISTOGRAM_EDGES.indexOf(0.05))).toBe('5–10%');
    expect(riskBinLabel(RISK_HISTOGRAM_EDGES.length - 2)).toBe('≥ 90%');
  });

  it('takes custom edges', () => {
    const edges = [0, 0.25, 0.5, 0.75, 1];
    expect(riskHistogram([0.1, 0.3, 0.3, 0.9, 1], edges).counts).toEqual([1, 2, 0, 2]);
    expect(riskBinLabel(1, edges)).toBe('25–50%');
  });
});
