import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REASON_CODES, REASONS, type ReasonCode } from '../../shared/model/reasons';
import { isUserError } from '../../shared/model/errors';
import {
  assessRisk,
  bounceProbability,
  complaintProbability,
  DEFAULT_RISK_PARAMETERS,
  resolveRiskParameters,
  RISK_DOMAIN_STATUSES,
  type RiskEvidence,
} from '../../shared/risk/model';
import { cleanEvidence, PROVIDER_MIX, seededRandom, simulateBounce, syntheticPopulation } from './risk-simulation';

const PROVIDERS = ['gmail', 'yahoo', 'aol', 'microsoft', 'apple', 'proton', 'other', 'isp'];

const age = fc.oneof(fc.integer({ min: 0, max: 12_000 }), fc.double({ min: 0, max: 12_000, noNaN: true }));
const optionalAge = fc.option(age, { nil: null });

const evidenceArb: fc.Arbitrary<RiskEvidence> = fc.record({
  reasons: fc.subarray([...REASON_CODES]),
  domainStatus: fc.constantFrom(...RISK_DOMAIN_STATUSES),
  provider: fc.oneof(fc.constantFrom(...PROVIDERS), fc.string()),
  freeProvider: fc.boolean(),
  consentAgeDays: optionalAge,
  lastActivityAgeDays: optionalAge,
  doubleOptIn: fc.constantFrom(true, false, null),
  hasConsentColumn: fc.boolean(),
});

/** Anything a buggy caller might pass as an age. */
const wildAge = fc.option(fc.oneof(fc.double(), fc.integer({ min: -1000, max: 100_000 })), { nil: null });
const wildEvidenceArb = evidenceArb.chain((e) =>
  fc.record({ consentAgeDays: wildAge, lastActivityAgeDays: wildAge }).map((ages) => ({ ...e, ...ages })),
);

const EPS = 1e-12;
const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

describe('bounds', () => {
  it('bounce and complaint probabilities are in [0, 1] for any evidence, however odd the ages', () => {
    fc.assert(
      fc.property(wildEvidenceArb, (evidence) => {
        for (const p of [bounceProbability(evidence), complaintProbability(evidence)]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a reason string that is not a reason code (from an untyped caller) is ignored', () => {
    const evidence = cleanEvidence({ reasons: ['toString', '__proto__', 'nonsense'] as never });
    expect(bounceProbability(evidence)).toBe(bounceProbability(cleanEvidence()));
    expect(assessRisk(evidence).factors.map((f) => f.id)).toEqual(assessRisk(cleanEvidence()).factors.map((f) => f.id));
  });

  it('the fast functions agree with assessRisk, and the factors add up to the probability, largest first', () => {
    fc.assert(
      fc.property(evidenceArb, (evidence) => {
        const assessment = assessRisk(evidence);
        expect(assessment.bounce).toBeCloseTo(bounceProbability(evidence), 12);
        expect(assessment.complaint).toBeCloseTo(complaintProbability(evidence), 12);
        for (const [factors, total] of [
          [assessment.factors, assessment.bounce],
          [assessment.complaintFactors, assessment.complaint],
        ] as const) {
          expect(factors.reduce((sum, f) => sum + f.effect, 0)).toBeCloseTo(total, 12);
          for (let i = 1; i < factors.length; i++) expect(factors[i]!.effect).toBeLessThanOrEqual(factors[i - 1]!.effect);
          for (const factor of factors) {
            expect(factor.effect).toBeGreaterThan(0);
            expect(factor.label).not.toBe('');
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('monotonicity: more evidence of decay never lowers the risk', () => {
  const props = (check: (before: RiskEvidence, after: RiskEvidence) => void) => (before: RiskEvidence, after: RiskEvidence) =>
    check(before, after);
  const neverLower = props((before, after) => {
    expect(bounceProbability(after)).toBeGreaterThanOrEqual(bounceProbability(before) - EPS);
    expect(complaintProbability(after)).toBeGreaterThanOrEqual(complaintProbability(before) - EPS);
  });

  it('an older last activity', () => {
    fc.assert(
      fc.property(evidenceArb, age, fc.double({ min: 0, max: 5000, noNaN: true }), (e, activity, extra) =>
        neverLower({ ...e, lastActivityAgeDays: activity }, { ...e, lastActivityAgeDays: activity + extra }),
      ),
      { numRuns: 500 },
    );
  });

  it('an older opt-in', () => {
    fc.assert(
      fc.property(evidenceArb, age, fc.integer({ min: 0, max: 5000 }), (e, consent, extra) =>
        neverLower({ ...e, consentAgeDays: consent }, { ...e, consentAgeDays: consent + extra }),
      ),
      { numRuns: 500 },
    );
  });

  it('one more review or remove reason', () => {
    fc.assert(
      fc.property(evidenceArb, fc.constantFrom(...REASON_CODES), (e, code) => neverLower(e, { ...e, reasons: [...e.reasons, code] })),
      { numRuns: 500 },
    );
  });

  it('single opt-in instead of double (or unknown), unknown instead of double', () => {
    fc.assert(
      fc.property(evidenceArb, (e) => {
        neverLower({ ...e, doubleOptIn: true }, { ...e, doubleOptIn: null });
        neverLower({ ...e, doubleOptIn: null }, { ...e, doubleOptIn: false });
        neverLower({ ...e, doubleOptIn: true }, { ...e, doubleOptIn: false });
      }),
      { numRuns: 500 },
    );
  });

  it('losing the consent column never lowers the complaint risk', () => {
    fc.assert(
      fc.property(evidenceArb, (e) => {
        expect(complaintProbability({ ...e, hasConsentColumn: false })).toBeGreaterThanOrEqual(
          complaintProbability({ ...e, hasConsentColumn: true }) - EPS,
        );
      }),
    );
  });

  it('a reason listed twice counts once', () => {
    fc.assert(
      fc.property(evidenceArb, (e) => {
        const doubled = { ...e, reasons: [...e.reasons, ...e.reasons] };
        expect(bounceProbability(doubled)).toBeCloseTo(bounceProbability(e), 14);
        expect(assessRisk(doubled).bounce).toBeCloseTo(assessRisk(e).bounce, 14);
      }),
    );
  });
});

describe('what the numbers say', () => {
  const CERTAIN_FAILURES: ReasonCode[] = [
    'no_address',
    'syntax_invalid',
    'domain_not_found',
    'null_mx',
    'no_mail_host',
    'suppressed_bounce',
  ];

  it('certain failures are near 1, whatever else is known', () => {
    fc.assert(
      fc.property(evidenceArb, fc.constantFrom(...CERTAIN_FAILURES), (e, code) => {
        expect(bounceProbability({ ...e, reasons: [...e.reasons, code] })).toBeGreaterThanOrEqual(0.95);
      }),
    );
    expect(bounceProbability(cleanEvidence({ domainStatus: 'null_mx' }))).toBeGreaterThan(0.99);
    expect(bounceProbability(cleanEvidence({ domainStatus: 'domain_not_found' }))).toBeGreaterThan(0.95);
  });

  it('a mailbox SES found (HIGH) never has a higher bounce risk than before, keeps its complaint risk, and keeps the floor', () => {
    fc.assert(
      fc.property(evidenceArb, (e) => {
        const confirmed = { ...e, mailboxConfirmed: true };
        expect(bounceProbability(confirmed)).toBeLessThanOrEqual(bounceProbability(e) + EPS);
        expect(bounceProbability(confirmed)).toBeGreaterThanOrEqual(DEFAULT_RISK_PARAMETERS.bounce.floor - EPS);
        expect(complaintProbability(confirmed)).toBe(complaintProbability(e));
      }),
      { numRuns: 500 },
    );
    // An old Yahoo address nobody opened: decay and the closure cut-off are gone once SES has found the mailbox.
    const stale = cleanEvidence({ provider: 'yahoo', consentAgeDays: 1500, lastActivityAgeDays: null, doubleOptIn: false });
    expect(bounceProbability({ ...stale, mailboxConfirmed: true })).toBeCloseTo(DEFAULT_RISK_PARAMETERS.bounce.floor, 6);
    expect(bounceProbability(stale)).toBeGreaterThan(20 * DEFAULT_RISK_PARAMETERS.bounce.floor);
  });

  it('SES verdicts: mailbox_invalid is near certain, mailbox_uncertain well above a clean address', () => {
    expect(bounceProbability(cleanEvidence({ reasons: ['mailbox_invalid'] }))).toBeGreaterThanOrEqual(0.9);
    expect(bounceProbability(cleanEvidence({ reasons: ['mailbox_uncertain'] }))).toBeGreaterThan(50 * bounceProbability(cleanEvidence()));
  });

  it('disposable and typo addresses are high, far above a clean address', () => {
    const clean = bounceProbability(cleanEvidence());
    expect(bounceProbability(cleanEvidence({ reasons: ['disposable'] }))).toBeGreaterThan(0.3);
    expect(bounceProbability(cleanEvidence({ reasons: ['typo_suspected'] }))).toBeGreaterThan(0.3);
    expect(bounceProbability(cleanEvidence({ reasons: ['typo_suspected'] }))).toBeGreaterThan(100 * clean);
  });

  it('undeliverable rows average far above clean send rows', () => {
    const random = seededRandom(7);
    const population = syntheticPopulation(5000, random);
    const undeliverable = population.map((e, i) => ({ ...e, reasons: [...e.reasons, CERTAIN_FAILURES[i % CERTAIN_FAILURES.length]!] }));
    const send = population.map((e) => ({ ...e, reasons: [], domainStatus: 'deliverable' as const }));
    const undeliverableMean = mean(undeliverable.map((e) => bounceProbability(e)));
    const sendMean = mean(send.map((e) => bounceProbability(e)));
    expect(undeliverableMean).toBeGreaterThan(0.95);
    expect(sendMean).toBeLessThan(0.05);
    expect(undeliverableMean / sendMean).toBeGreaterThan(20);
  });

  it("a fresh, engaged, double-opt-in address at a big provider sits inside Mailchimp's industry range (0.07–0.86%)", () => {
    for (const provider of ['gmail', 'yahoo', 'microsoft']) {
      const p = bounceProbability(cleanEvidence({ provider, consentAgeDays: 10, lastActivityAgeDays: 3 }));
      expect(p).toBeGreaterThanOrEqual(0.0007);
      expect(p).toBeLessThanOrEqual(0.0086);
    }
  });

  it('a dormant Yahoo subscriber (last activity 3 years ago) scores far above a fresh one, and above the SES review line', () => {
    const fresh = bounceProbability(cleanEvidence({ provider: 'yahoo' }));
    const dormant = bounceProbability(cleanEvidence({ provider: 'yahoo', consentAgeDays: 2000, lastActivityAgeDays: 3 * 365 }));
    expect(dormant).toBeGreaterThan(20 * fresh);
    expect(dormant).toBeGreaterThan(0.05);
    const top = assessRisk(cleanEvidence({ provider: 'yahoo', consentAgeDays: 2000, lastActivityAgeDays: 3 * 365 })).factors[0]!;
    expect(top.id).toBe('provider_cutoff');
    expect(top.label).toMatch(/Yahoo/);
  });

  it("risk rises sharply past a provider's cut-off: Yahoo after 12 months, Google and Microsoft after 24", () => {
    const at = (provider: string, days: number) =>
      bounceProbability(cleanEvidence({ provider, consentAgeDays: days, lastActivityAgeDays: days }));
    // Before any cut-off the providers are alike.
    expect(at('yahoo', 300)).toBeCloseTo(at('gmail', 300), 10);
    expect(at('yahoo', 300)).toBeCloseTo(at('apple', 300), 10);
    // 18 months: Yahoo (and AOL) are past theirs, Google and Microsoft are not.
    expect(at('yahoo', 548)).toBeGreaterThan(2 * at('gmail', 548));
    expect(at('aol', 548)).toBeCloseTo(at('yahoo', 548), 10);
    expect(at('gmail', 548)).toBeCloseTo(at('apple', 548), 10);
    // 3 years: Google and Microsoft are past theirs too; a provider without a published cut-off is not.
    expect(at('gmail', 1095)).toBeGreaterThan(5 * at('apple', 1095));
    expect(at('microsoft', 1095)).toBeCloseTo(at('gmail', 1095), 10);
    // The step: one year past the cut-off adds far more than the year before it.
    expect(at('yahoo', 730) - at('yahoo', 365)).toBeGreaterThan(5 * (at('yahoo', 365) - at('yahoo', 1)));
  });

  it('the time since the LATEST sign of life counts: a recent open outweighs an old opt-in', () => {
    const oldOptInRecentOpen = bounceProbability(cleanEvidence({ provider: 'yahoo', consentAgeDays: 3000, lastActivityAgeDays: 10 }));
    const fresh = bounceProbability(cleanEvidence({ provider: 'yahoo', consentAgeDays: 10, lastActivityAgeDays: 10 }));
    expect(oldOptInRecentOpen).toBeCloseTo(fresh, 12);
  });

  it('an unknown age sits between a fresh address and one silent for three years, for every provider', () => {
    for (const [provider] of PROVIDER_MIX) {
      const base = { provider, freeProvider: provider !== 'other', doubleOptIn: null, lastActivityAgeDays: null };
      const fresh = bounceProbability(cleanEvidence({ ...base, consentAgeDays: 0 }));
      const unknown = bounceProbability(cleanEvidence({ ...base, consentAgeDays: null }));
      const stale = bounceProbability(cleanEvidence({ ...base, consentAgeDays: 3 * 365 }));
      expect(unknown).toBeGreaterThan(fresh);
      expect(unknown).toBeLessThan(stale);
    }
  });

  it('double opt-in lowers the risk of an address that never opened; an open proves the address either way', () => {
    const neverOpened = (doubleOptIn: boolean | null) => bounceProbability(cleanEvidence({ doubleOptIn, lastActivityAgeDays: null }));
    expect(neverOpened(true)).toBeLessThan(neverOpened(null));
    expect(neverOpened(null)).toBeLessThan(neverOpened(false));
    const opened = (doubleOptIn: boolean | null) => bounceProbability(cleanEvidence({ doubleOptIn, lastActivityAgeDays: 20 }));
    expect(opened(false)).toBeCloseTo(opened(true), 14);
  });

  it('the domain status and the matching domain reason count once', () => {
    const statusOnly = bounceProbability(cleanEvidence({ domainStatus: 'dns_unresolved' }));
    const both = bounceProbability(cleanEvidence({ domainStatus: 'dns_unresolved', reasons: ['dns_unresolved'] }));
    expect(both).toBeCloseTo(statusOnly, 14);
    const factors = assessRisk(cleanEvidence({ domainStatus: 'dns_unresolved', reasons: ['dns_unresolved'] })).factors;
    expect(factors.filter((f) => f.id === 'dns_unresolved')).toHaveLength(1);
  });

  it('an unchecked domain adds risk only when it is not a known mailbox provider', () => {
    expect(bounceProbability(cleanEvidence({ domainStatus: 'not_checked' }))).toBeCloseTo(bounceProbability(cleanEvidence()), 14);
    const company = { provider: 'other', freeProvider: false };
    expect(bounceProbability(cleanEvidence({ ...company, domainStatus: 'not_checked' }))).toBeGreaterThan(
      bounceProbability(cleanEvidence(company)),
    );
  });

  it('complaints: role accounts, stale or unknown consent, single opt-in and a missing consent column all raise the risk', () => {
    const fresh = complaintProbability(cleanEvidence());
    expect(complaintProbability(cleanEvidence({ reasons: ['role_account'] }))).toBeGreaterThan(5 * fresh);
    expect(complaintProbability(cleanEvidence({ consentAgeDays: 1500, lastActivityAgeDays: 1500 }))).toBeGreaterThan(2 * fresh);
    expect(complaintProbability(cleanEvidence({ consentAgeDays: null, lastActivityAgeDays: null }))).toBeGreaterThan(fresh);
    expect(complaintProbability(cleanEvidence({ doubleOptIn: false }))).toBeGreaterThan(fresh);
    expect(complaintProbability(cleanEvidence({ hasConsentColumn: false }))).toBeGreaterThan(fresh);
    expect(complaintProbability(cleanEvidence({ reasons: ['suppressed_complaint'] }))).toBeGreaterThan(0.1);
    // A clean, fresh, confirmed subscriber stays well under SES's 0.1% complaint review line.
    expect(fresh).toBeLessThan(0.0005);
  });
});

describe('calibration against the published figures (docs/risk-model.md, "Calibration")', () => {
  // Mailchimp (reported by Word to the Wise): an active segment (opened or clicked within 6 months) bounced 0.18%,
  // an inactive one (mailed, never opened) 2.8%: about 15×. The segments are modelled as in the document: the
  // consumer provider mix, opt-in method unknown; active = last activity spread over 0–180 days; inactive = opt-in
  // spread over 6 months to 3 years, no activity. Tolerance: ±25% on each rate, ratio 10–20×.
  const segment = (from: number, to: number, active: boolean): number => {
    let sum = 0;
    for (const [provider, share] of PROVIDER_MIX) {
      for (let i = 0; i <= 200; i++) {
        const days = from + ((to - from) * i) / 200;
        const evidence = cleanEvidence({
          provider,
          freeProvider: provider !== 'other',
          doubleOptIn: null,
          consentAgeDays: active ? days + 200 : days,
          lastActivityAgeDays: active ? days : null,
        });
        sum += (share * bounceProbability(evidence)) / 201;
      }
    }
    return sum;
  };

  it("reproduces Mailchimp's active and inactive segment bounce rates", () => {
    const active = segment(0, 180, true);
    const inactive = segment(183, 1095, false);
    expect(active).toBeGreaterThan(0.0018 * 0.75);
    expect(active).toBeLessThan(0.0018 * 1.25);
    expect(inactive).toBeGreaterThan(0.028 * 0.75);
    expect(inactive).toBeLessThan(0.028 * 1.25);
    expect(inactive / active).toBeGreaterThan(10);
    expect(inactive / active).toBeLessThan(20);
  });

  it("the closed-form probabilities match a step-by-step simulation of the model's story (200k rows)", () => {
    // Outcomes are drawn cause by cause (abandonment time, cut-off, opt-in errors, reasons), not from the
    // model's formulas; the mean model probability must match the observed bounce rate within 4 standard
    // deviations of the count (σ from the Poisson-binomial variance).
    const random = seededRandom(20240611);
    const population = syntheticPopulation(200_000, random);
    let expected = 0;
    let variance = 0;
    let observed = 0;
    for (const evidence of population) {
      const p = bounceProbability(evidence);
      expected += p;
      variance += p * (1 - p);
      if (simulateBounce(evidence, DEFAULT_RISK_PARAMETERS, random)) observed++;
    }
    expect(Math.abs(observed - expected)).toBeLessThan(4 * Math.sqrt(variance));
    // The same check on the rows whose risk is all decay (no reasons): the part with the closed forms.
    const decayOnly = population.filter((e) => e.reasons.length === 0 && e.domainStatus === 'deliverable');
    let e2 = 0;
    let v2 = 0;
    let o2 = 0;
    for (const evidence of decayOnly) {
      const p = bounceProbability(evidence);
      e2 += p;
      v2 += p * (1 - p);
      if (simulateBounce(evidence, DEFAULT_RISK_PARAMETERS, random)) o2++;
    }
    expect(decayOnly.length).toBeGreaterThan(150_000);
    expect(Math.abs(o2 - e2)).toBeLessThan(4 * Math.sqrt(v2));
  });

  it.each([
    ['Yahoo, silent for 800 days (past the cut-off)', cleanEvidence({ provider: 'yahoo', consentAgeDays: 900, lastActivityAgeDays: 800 })],
    [
      'Google, no date at all (the unknown-age prior)',
      cleanEvidence({ consentAgeDays: null, lastActivityAgeDays: null, doubleOptIn: null }),
    ],
    ['Yahoo, no date at all', cleanEvidence({ provider: 'yahoo', consentAgeDays: null, lastActivityAgeDays: null, doubleOptIn: false })],
    [
      'a company address, single opt-in, never opened, 1500 days',
      cleanEvidence({ provider: 'other', freeProvider: false, consentAgeDays: 1500, lastActivityAgeDays: null, doubleOptIn: false }),
    ],
    [
      'a role account at Microsoft, 1000 days',
      cleanEvidence({ provider: 'microsoft', consentAgeDays: 1000, lastActivityAgeDays: 1000, reasons: ['role_account'] }),
    ],
  ])('one row, sent 200k times, bounces as often as its probability says: %s', (_label, evidence) => {
    const random = seededRandom(99);
    const p = bounceProbability(evidence);
    const sends = 200_000;
    let bounces = 0;
    for (let i = 0; i < sends; i++) if (simulateBounce(evidence, DEFAULT_RISK_PARAMETERS, random)) bounces++;
    expect(Math.abs(bounces - sends * p)).toBeLessThan(4 * Math.sqrt(sends * p * (1 - p)));
  });
});

describe('parameters', () => {
  it('every default probability is a number in [0, 1], and every reason code has a value in both tables', () => {
    for (const code of REASON_CODES) {
      for (const table of [DEFAULT_RISK_PARAMETERS.bounce.reasons, DEFAULT_RISK_PARAMETERS.complaint.reasons]) {
        expect(table[code]).toBeGreaterThanOrEqual(0);
        expect(table[code]).toBeLessThanOrEqual(1);
      }
    }
    // Remove reasons that mean "the mailbox cannot receive" are the high ones.
    for (const code of ['no_address', 'syntax_invalid', 'reserved_domain', 'null_mx'] as const) {
      expect(REASONS[code].verdict).toBe('remove');
      expect(DEFAULT_RISK_PARAMETERS.bounce.reasons[code]).toBeGreaterThan(0.9);
    }
  });

  it('overrides change the result, and leave the defaults alone', () => {
    const faster = resolveRiskParameters({ bounce: { annualDecay: 0.5 } });
    const evidence = cleanEvidence({ consentAgeDays: 400, lastActivityAgeDays: 400 });
    expect(bounceProbability(evidence, faster)).toBeGreaterThan(bounceProbability(evidence));
    expect(DEFAULT_RISK_PARAMETERS.bounce.annualDecay).toBe(0.257);
    const withCompanyCutoff = resolveRiskParameters({ bounce: { providerCutoffDays: { other: 90 } } });
    const company = cleanEvidence({ provider: 'other', freeProvider: false, consentAgeDays: 700, lastActivityAgeDays: 700 });
    expect(bounceProbability(company, withCompanyCutoff)).toBeGreaterThan(3 * bounceProbability(company));
    const strict = resolveRiskParameters({ complaint: { reasons: { role_account: 0.05 } } });
    expect(complaintProbability(cleanEvidence({ reasons: ['role_account'] }), strict)).toBeGreaterThan(0.05);
  });

  it('refuses bad values with one clear sentence', () => {
    const refuse = (overrides: Parameters<typeof resolveRiskParameters>[0], message: RegExp) => {
      try {
        resolveRiskParameters(overrides);
        expect.unreachable('should have thrown');
      } catch (error) {
        expect(isUserError(error)).toBe(true);
        expect((error as Error).message).toMatch(message);
      }
    };
    refuse({ bounce: { floor: 1.5 } }, /risk\.bounce\.floor must be a probability between 0 and 1/);
    refuse({ bounce: { annualDecay: 1 } }, /annualDecay must be below 1/);
    refuse({ bounce: { closureBounceShare: 0.001 } }, /closureBounceShare must be at least decayBounceShare/);
    refuse({ bounce: { providerCutoffDays: { yahoo: -1 } } }, /providerCutoffDays\.yahoo/);
    refuse({ complaint: { reasons: { role_account: Number.NaN } } }, /role_account/);
    refuse({ bounce: { flor: 0.1 } } as never, /risk\.bounce\.flor is not a risk parameter/);
    // A hand-built parameter object is checked on first use too.
    const broken = { ...DEFAULT_RISK_PARAMETERS, bounce: { ...DEFAULT_RISK_PARAMETERS.bounce, unknownAgeMeanDays: 0 } };
    expect(() => bounceProbability(cleanEvidence(), broken)).toThrow(/unknownAgeMeanDays/);
  });
});

describe('speed', () => {
  it('scores a million rows well within the time a check of that size takes', () => {
    const population = syntheticPopulation(10_000, seededRandom(3));
    const started = process.cpuUsage();
    let sum = 0;
    for (let round = 0; round < 100; round++) {
      for (let i = 0; i < population.length; i++) sum += bounceProbability(population[i]!) + complaintProbability(population[i]!);
    }
    const cpu = process.cpuUsage(started);
    expect(sum).toBeGreaterThan(0);
    // About 0.1–0.3 s of CPU on these machines for 1M rows (both probabilities); the bound leaves room for a busy CI.
    expect((cpu.user + cpu.system) / 1e6).toBeLessThan(3);
  });
});
