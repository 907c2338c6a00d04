// Calibrating the provider factors with the sender's own history
// (shared/risk/calibration.ts; docs/risk-model.md, "Calibration with your own history").
import { describe, expect, it } from 'vitest';
import { calibrateProviders, PROVIDER_CALIBRATION, withProviderFactors } from '../../shared/risk/calibration';
import {
  assessRisk,
  bounceProbability,
  complaintProbability,
  DEFAULT_RISK_PARAMETERS,
  resolveRiskParameters,
  type RiskEvidence,
} from '../../shared/risk/model';

const row = (provider: string, extra: Partial<RiskEvidence> = {}): RiskEvidence => ({
  reasons: [],
  domainStatus: 'deliverable',
  provider,
  freeProvider: provider !== 'other',
  consentAgeDays: 400,
  lastActivityAgeDays: null,
  doubleOptIn: false,
  hasConsentColumn: true,
  verified: undefined,
  mailboxConfirmed: false,
  ...extra,
});

describe('calibration of the provider factors with the sender’s own history', () => {
  it('under the floor of evidence (fewer than 1,000 sends at the provider) the forecast for its rows does not move, however bad the numbers', () => {
    const [gmail] = calibrateProviders([{ provider: 'gmail', sent: 999, bounces: 500, complaints: 50 }], {
      sent: 100_000,
      bounces: 1_000,
      complaints: 20,
    });
    expect(gmail).toMatchObject({ bounceFactor: 1, complaintFactor: 1, calibrated: false });
    const params = withProviderFactors([gmail!]);
    expect(bounceProbability(row('gmail'), params)).toBe(bounceProbability(row('gmail')));
    expect(complaintProbability(row('gmail'), params)).toBe(complaintProbability(row('gmail')));
  });

  it('an account with fewer than 1,000 sends in all moves no factor', () => {
    const calibrations = calibrateProviders([{ provider: 'yahoo', sent: 1_000, bounces: 100, complaints: 5 }], {
      sent: 999,
      bounces: 100,
      complaints: 5,
    });
    expect(calibrations[0]).toMatchObject({ bounceFactor: 1, calibrated: false });
  });

  it('strong evidence moves the factor the documented amount: (events + 20) / (expected + 20)', () => {
    // The account: 2% bounces, 0.05% complaints. Gmail: 100,000 sends, 3% bounces, 0.02% complaints.
    const [gmail] = calibrateProviders([{ provider: 'gmail', sent: 100_000, bounces: 3_000, complaints: 20 }], {
      sent: 200_000,
      bounces: 4_000,
      complaints: 100,
    });
    expect(gmail!.calibrated).toBe(true);
    expect(gmail!.bounceFactor).toBeCloseTo(3_020 / 2_020, 12); // ≈ 1.495: most of the way to the observed 1.5
    expect(gmail!.bounceWeight).toBeCloseTo(2_000 / 2_020, 12);
    expect(gmail!.complaintFactor).toBeCloseTo(40 / 70, 12); // expected 50 complaints, saw 20: ≈ 0.571
    expect(gmail!.complaintWeight).toBeCloseTo(50 / 70, 12);
  });

  it('the weight of the sender’s data is as documented: a third at 1,000 sends and five sixths at 10,000, at 1% bounces', () => {
    const account = { sent: 1_000_000, bounces: 10_000, complaints: 0 };
    const [small, large] = calibrateProviders(
      [
        { provider: 'yahoo', sent: 1_000, bounces: 30, complaints: 0 },
        { provider: 'aol', sent: 10_000, bounces: 300, complaints: 0 },
      ],
      account,
    );
    expect(small!.bounceWeight).toBeCloseTo(1 / 3, 12);
    expect(small!.bounceFactor).toBeCloseTo((30 + 20) / (10 + 20), 12);
    expect(large!.bounceWeight).toBeCloseTo(5 / 6, 12);
    // No complaints anywhere: nothing to compare with, the factor stays 1.
    expect(small!.complaintFactor).toBe(1);
  });

  it('no factor leaves [0.25, 4]', () => {
    const [worse, better] = calibrateProviders(
      [
        { provider: 'yahoo', sent: 100_000, bounces: 60_000, complaints: 0 },
        { provider: 'gmail', sent: 1_000_000, bounces: 0, complaints: 0 },
      ],
      { sent: 10_000_000, bounces: 100_000, complaints: 0 },
    );
    expect(worse!.bounceFactor).toBe(PROVIDER_CALIBRATION.maxFactor);
    expect(better!.bounceFactor).toBe(PROVIDER_CALIBRATION.minFactor);
  });

  it('a factor scales the provider’s mailbox causes as a hazard: p becomes 1 − (1 − p)^factor, other providers untouched', () => {
    const params = resolveRiskParameters({ bounce: { providerFactor: { yahoo: 2 } }, complaint: { providerFactor: { yahoo: 0.5 } } });
    const before = bounceProbability(row('yahoo'));
    expect(bounceProbability(row('yahoo'), params)).toBeCloseTo(1 - (1 - before) ** 2, 12);
    expect(complaintProbability(row('yahoo'), params)).toBeCloseTo(1 - (1 - complaintProbability(row('yahoo'))) ** 0.5, 12);
    expect(bounceProbability(row('gmail'), params)).toBe(bounceProbability(row('gmail')));
  });

  it('a reason about the address (a dead domain) is not scaled by the provider’s history', () => {
    const params = resolveRiskParameters({ bounce: { providerFactor: { other: 4 } } });
    const dead = row('other', { freeProvider: false, domainStatus: 'domain_not_found', reasons: ['domain_not_found'] });
    const plain = row('other', { freeProvider: false });
    const hazard = (p: number) => -Math.log1p(-p);
    // Only the plain part (floor, capture, decay) is multiplied: the dead domain's hazard is added once.
    const extra = hazard(bounceProbability(dead, params)) - hazard(bounceProbability(dead));
    expect(extra).toBeCloseTo(3 * hazard(bounceProbability(plain)), 10);
  });

  it('a row’s explanation adds up to its calibrated probability', () => {
    const params = resolveRiskParameters({ bounce: { providerFactor: { yahoo: 1.7 } }, complaint: { providerFactor: { yahoo: 1.3 } } });
    const evidence = row('yahoo', { consentAgeDays: 900, hasConsentColumn: false, reasons: ['role_account'] });
    const assessed = assessRisk(evidence, params);
    expect(assessed.bounce).toBeCloseTo(bounceProbability(evidence, params), 12);
    expect(assessed.factors.reduce((sum, factor) => sum + factor.effect, 0)).toBeCloseTo(assessed.bounce, 12);
    expect(assessed.complaint).toBeCloseTo(complaintProbability(evidence, params), 12);
  });

  it('a factor that is not a number of 0 or more is refused with one sentence; the defaults stay as they were', () => {
    expect(() => resolveRiskParameters({ bounce: { providerFactor: { gmail: -1 } } })).toThrow(
      'The risk parameter risk.bounce.providerFactor.gmail must be a factor of 0 or more.',
    );
    expect(DEFAULT_RISK_PARAMETERS.bounce.providerFactor).toEqual({});
  });
});
