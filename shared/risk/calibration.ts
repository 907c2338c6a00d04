// Calibration of the risk model's provider factors with the sender's own history
// (Virtual Deliverability Manager's 30-day SEND, PERMANENT_BOUNCE and COMPLAINT
// counts per mailbox provider; docs/risk-model.md, "Calibration with your own
// history").
//
// A provider's factor says how much worse (above 1) or better (below 1) the
// sender's mail fares there than across the whole account. It is a credibility
// weighted ratio, the Gamma–Poisson posterior mean with the defaults (factor 1)
// as the prior, worth PRIOR_EVENTS expected events:
//
//   expected = sent_p × (events_all / sent_all)     the provider's share at the account's own rate
//   factor   = (events_p + k) / (expected + k)      k = PRIOR_EVENTS
//            = w × (events_p / expected) + (1 − w) × 1,   w = expected / (expected + k)
//
// so w, the weight of the sender's data, grows with the events one would expect
// there: at 1% bounces, 1,000 sends (10 expected) move a factor a third of the
// way to the observed ratio, 10,000 sends (100) five sixths. Below MIN_SENDS at a
// provider, or in the whole account, nothing moves (the floor of evidence), and
// no factor leaves [MIN_FACTOR, MAX_FACTOR]. The ratio is relative to the
// account's own rate on purpose: how good the sender's lists are overall is what
// the list's own evidence (consent, activity, domains) already says; the
// history only says where mail fares differently.
import type { RiskParameters } from './priors';
import { resolveRiskParameters } from './hazards';

export const PROVIDER_CALIBRATION = {
  /** Fewest sends, at a provider and in the whole account, before the history moves anything. */
  minSends: 1_000,
  /** How many expected events the defaults are worth (the prior's weight), for bounces and complaints alike. */
  priorEvents: 20,
  /** The bounds of any factor. */
  minFactor: 0.25,
  maxFactor: 4,
} as const;

export type CalibrationSettings = { readonly [K in keyof typeof PROVIDER_CALIBRATION]: number };

export interface SendCounts {
  sent: number;
  bounces: number;
  complaints: number;
}

export interface ProviderCounts extends SendCounts {
  provider: string;
}

export interface ProviderCalibration {
  provider: string;
  /** 1 = unchanged. */
  bounceFactor: number;
  complaintFactor: number;
  /** How far the sender's data moved each factor from 1 towards the observed ratio (0–1). */
  bounceWeight: number;
  complaintWeight: number;
  /** false: under the floor of evidence (or no account rate to compare with): both factors stay 1. */
  calibrated: boolean;
}

function factorFor(observed: number, expected: number, settings: CalibrationSettings): { factor: number; weight: number } {
  const k = settings.priorEvents;
  const raw = (observed + k) / (expected + k);
  return { factor: Math.min(settings.maxFactor, Math.max(settings.minFactor, raw)), weight: expected / (expected + k) };
}

/** The factors for each provider, from its counts and the whole account's. Counts must be verified first (vdm.ts). */
export function calibrateProviders(
  providers: readonly ProviderCounts[],
  account: SendCounts,
  settings: CalibrationSettings = PROVIDER_CALIBRATION,
): ProviderCalibration[] {
  const accountEnough = account.sent >= settings.minSends;
  const bounceRate = accountEnough ? account.bounces / account.sent : 0;
  const complaintRate = accountEnough ? account.complaints / account.sent : 0;
  return providers.map((counts) => {
    if (!accountEnough || counts.sent < settings.minSends) {
      return { provider: counts.provider, bounceFactor: 1, complaintFactor: 1, bounceWeight: 0, complaintWeight: 0, calibrated: false };
    }
    const bounce = factorFor(counts.bounces, counts.sent * bounceRate, settings);
    const complaint = factorFor(counts.complaints, counts.sent * complaintRate, settings);
    return {
      provider: counts.provider,
      bounceFactor: bounce.factor,
      complaintFactor: complaint.factor,
      bounceWeight: bounce.weight,
      complaintWeight: complaint.weight,
      calibrated: true,
    };
  });
}

/** The parameters with the calibrated providers' factors set (checked, and a new object: the defaults stay frozen). */
export function withProviderFactors(calibrations: readonly ProviderCalibration[], base?: RiskParameters): RiskParameters {
  const bounce: Record<string, number> = {};
  const complaint: Record<string, number> = {};
  for (const calibration of calibrations) {
    if (!calibration.calibrated) continue;
    bounce[calibration.provider] = calibration.bounceFactor;
    complaint[calibration.provider] = calibration.complaintFactor;
  }
  return resolveRiskParameters({ bounce: { providerFactor: bounce }, complaint: { providerFactor: complaint } }, base);
}
