// Helpers for the risk tests: a seeded PRNG, a synthetic recipient population, and
// a simulated send that follows the model's story (independent causes, abandonment
// at a constant yearly rate, provider closure after its cut-off) step by step with
// random draws, rather than through the model's closed-form probabilities.
import { REASONS, type ReasonCode } from '../../shared/model/reasons';
import type { RiskDomainStatus, RiskEvidence, RiskParameters } from '../../shared/risk/model';
import { seededRandom } from '../support/seeded-random';

export { seededRandom };

/** The consumer mix the calibration in docs/risk-model.md assumes. */
export const PROVIDER_MIX: readonly (readonly [provider: string, share: number])[] = [
  ['gmail', 0.5],
  ['yahoo', 0.12],
  ['aol', 0.03],
  ['microsoft', 0.15],
  ['apple', 0.05],
  ['other', 0.15],
];

export function pickProvider(random: () => number): string {
  let u = random();
  for (const [provider, share] of PROVIDER_MIX) {
    if (u < share) return provider;
    u -= share;
  }
  return 'other';
}

export const cleanEvidence = (overrides: Partial<RiskEvidence> = {}): RiskEvidence => ({
  reasons: [],
  domainStatus: 'deliverable',
  provider: 'gmail',
  freeProvider: true,
  consentAgeDays: 30,
  lastActivityAgeDays: 7,
  doubleOptIn: true,
  hasConsentColumn: true,
  ...overrides,
});

const OCCASIONAL_REASONS: readonly (readonly [ReasonCode, number])[] = [
  ['role_account', 0.03],
  ['typo_suspected', 0.004],
  ['disposable', 0.004],
  ['syntax_invalid', 0.003],
  ['consent_unknown', 0.01],
  ['suppressed_bounce', 0.002],
];

const OCCASIONAL_STATUSES: readonly (readonly [Exclude<RiskDomainStatus, 'deliverable'>, number])[] = [
  ['domain_not_found', 0.004],
  ['null_mx', 0.001],
  ['no_mail_host', 0.002],
  ['dns_unresolved', 0.003],
  ['not_checked', 0.05],
];

/** A varied synthetic list: providers, ages (some unknown), opt-in methods, a few problem reasons and domains. */
export function syntheticPopulation(size: number, random: () => number): RiskEvidence[] {
  const rows: RiskEvidence[] = [];
  for (let i = 0; i < size; i++) {
    const provider = pickProvider(random);
    const reasons: ReasonCode[] = [];
    for (const [code, share] of OCCASIONAL_REASONS) if (random() < share) reasons.push(code);
    let domainStatus: RiskDomainStatus = 'deliverable';
    let u = random();
    for (const [status, share] of OCCASIONAL_STATUSES) {
      if (u < share) {
        domainStatus = status;
        if (status !== 'not_checked') reasons.push(status); // the engine records the DNS status as a reason too
        break;
      }
      u -= share;
    }
    const ageKind = random();
    let consentAgeDays: number | null = null;
    let lastActivityAgeDays: number | null = null;
    if (ageKind < 0.55) {
      // Engaged at some point: activity known, opt-in older.
      lastActivityAgeDays = Math.floor(-300 * Math.log(1 - random()));
      consentAgeDays = lastActivityAgeDays + Math.floor(random() * 1500);
    } else if (ageKind < 0.8) {
      consentAgeDays = random() * 2500; // fractional days: the uncached path
    } else if (ageKind < 0.85) {
      lastActivityAgeDays = Math.floor(random() * 1200);
    } // else: no date at all
    const method = random();
    rows.push({
      reasons,
      domainStatus,
      provider,
      freeProvider: provider !== 'other',
      consentAgeDays,
      lastActivityAgeDays,
      doubleOptIn: method < 0.3 ? true : method < 0.6 ? false : null,
      hasConsentColumn: random() < 0.8,
    });
  }
  return rows;
}

/**
 * One simulated send of one row: true when it hard-bounces. Follows the model's story with random draws:
 * each cause fires independently; the mailbox is abandoned after an exponential time (the yearly decay rate)
 * counted from the last sign of life, and bounces with the closure share once the provider's cut-off has
 * passed since the abandonment, else with the decay share. An unknown age is drawn from the prior.
 */
export function simulateBounce(evidence: RiskEvidence, params: RiskParameters, random: () => number): boolean {
  const b = params.bounce;
  let bounced = random() < b.floor;
  for (const code of new Set(evidence.reasons)) {
    if (REASONS[code].stage !== 'domain' && random() < b.reasons[code]) bounced = true;
  }
  let domain =
    evidence.domainStatus === 'not_checked'
      ? evidence.provider === 'other' && !evidence.freeProvider
        ? b.uncheckedDomain
        : 0
      : b.domainStatus[evidence.domainStatus];
  for (const code of evidence.reasons) if (REASONS[code].stage === 'domain') domain = Math.max(domain, b.reasons[code]);
  if (random() < domain) bounced = true;
  if (evidence.lastActivityAgeDays === null) {
    const capture =
      evidence.doubleOptIn === true
        ? b.captureError.doubleOptIn
        : evidence.doubleOptIn === false
          ? b.captureError.singleOptIn
          : b.captureError.unknownMethod;
    if (random() < capture) bounced = true;
  }
  const known = [evidence.consentAgeDays, evidence.lastActivityAgeDays].filter((age): age is number => age !== null);
  const age = known.length > 0 ? Math.max(0, Math.min(...known)) : -b.unknownAgeMeanDays * Math.log(1 - random());
  const dailyRate = -Math.log(1 - b.annualDecay) / 365;
  const abandonedAfter = -Math.log(1 - random()) / dailyRate;
  if (abandonedAfter <= age) {
    const cutoff = b.providerCutoffDays[evidence.provider];
    const closed = cutoff !== undefined && age - abandonedAfter >= cutoff;
    if (random() < (closed ? b.closureBounceShare : b.decayBounceShare)) bounced = true;
  }
  return bounced;
}
