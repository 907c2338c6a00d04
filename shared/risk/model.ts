// Bounce and complaint risk for one row: a probability with the reasons behind it.
//
// The model (docs/risk-model.md explains every number) treats a bounce as the
// outcome of independent causes, each with its own probability: the floor every
// address carries, the address or domain checks (a syntax failure, a dead
// domain, a disposable service …), an address that may never have worked
// (single opt-in, never opened), and decay since the last sign of life, where a
// provider that closes unused accounts (Yahoo/AOL after 12 months, Google and
// Microsoft after 24) turns an abandoned mailbox into a certain bounce. The row
// bounces if any cause fires ("noisy OR"):
//
//   risk = 1 − Π (1 − p_cause)
//
// Adding a cause, or raising one, can never lower the risk, and the result stays
// in [0, 1]. Each factor's `effect` is its share of the row's risk, in
// probability (0.01 = one percentage point): the shares of the causes' hazards
// −ln(1 − p), so the effects of a row add up to its risk exactly.
//
// Complaints use the same structure with their own causes (role accounts, time
// since the last sign of interest, single opt-in, no consent column, …).
//
// Everything here is pure arithmetic on a few numbers per row: no allocation on
// the bounceProbability/complaintProbability paths, so a 1M-row list costs well
// under a second. assessRisk builds the explanation and is meant for one row at a
// time (the review table) or for a few million rows at most.

import { UserError } from '../model/errors';
import { REASONS, REASON_CODES, type ReasonCode } from '../model/reasons';

export type RiskDomainStatus = 'deliverable' | 'null_mx' | 'no_mail_host' | 'domain_not_found' | 'dns_unresolved' | 'not_checked';

export const RISK_DOMAIN_STATUSES: readonly RiskDomainStatus[] = [
  'deliverable', 'null_mx', 'no_mail_host', 'domain_not_found', 'dns_unresolved', 'not_checked',
];

/** What the pipeline knows about one row. */
export interface RiskEvidence {
  /** Reason codes from shared/model/reasons.ts. */
  reasons: readonly ReasonCode[];
  domainStatus: RiskDomainStatus;
  /** Mailbox provider ('gmail', 'yahoo', 'aol', 'microsoft', 'apple', …); unknown → 'other'. */
  provider: string;
  /** A consumer mailbox domain (free or paid webmail, ISP mail). */
  freeProvider: boolean;
  /** Days since opt-in; null when unknown. */
  consentAgeDays: number | null;
  /** Days since the last open or click; null when there is no engagement data. */
  lastActivityAgeDays: number | null;
  /** null: the list has no double opt-in column (or the cell says nothing). */
  doubleOptIn: boolean | null;
  hasConsentColumn: boolean;
  /** An earlier verifier found the mailbox deliverable (a verifier column said valid). */
  verified?: boolean;
  /**
   * SES Email Validation, asked by this check (or less than 30 days ago), found the mailbox
   * with high confidence: it exists now, so it cannot have decayed since the last sign of life.
   */
  mailboxConfirmed?: boolean;
}

export interface RiskFactor {
  /** Stable id: a reason code, a domain status, or one of the model's own causes (see RISK_FACTOR_IDS). */
  id: string;
  /** A short plain-language label. */
  label: string;
  /** This factor's share of the row's probability (0.01 = one percentage point). A row's effects add up to its probability. */
  effect: number;
}

export interface RiskAssessment {
  /** Probability of a hard bounce. */
  bounce: number;
  /** Probability of a complaint (a "this is spam" report). */
  complaint: number;
  /** What makes up `bounce`, most contributing first. */
  factors: RiskFactor[];
  /** What makes up `complaint`, most contributing first. */
  complaintFactors: RiskFactor[];
}

/** Probabilities per opt-in method. */
export interface OptInMethodRisk {
  doubleOptIn: number;
  singleOptIn: number;
  /** The list does not say how the address was collected. */
  unknownMethod: number;
}

export interface BounceParameters {
  /** Probability that any address bounces, however fresh and engaged. */
  floor: number;
  /** Share of addresses that go bad in a year (list decay). */
  annualDecay: number;
  /** Share of decayed addresses that hard-bounce at a provider without an inactivity cut-off. */
  decayBounceShare: number;
  /** Share of decayed addresses that hard-bounce once their provider's inactivity cut-off has passed. Must be ≥ decayBounceShare. */
  closureBounceShare: number;
  /** Days without sign-in after which a provider closes the account, by provider. */
  providerCutoffDays: Readonly<Record<string, number>>;
  /** When neither the opt-in nor the last activity date is known, the time since the last sign of life is taken as exponentially distributed with this mean. */
  unknownAgeMeanDays: number;
  /** Probability that an address never worked (typed wrong, made up), by opt-in method. Applies only when no open or click proves the address. */
  captureError: OptInMethodRisk;
  /** Probability of a bounce by the domain's DNS status. */
  domainStatus: Readonly<Record<RiskDomainStatus, number>>;
  /** A domain that was not checked (offline) and is not a known mailbox provider. */
  uncheckedDomain: number;
  /** Probability that the reason alone causes a bounce. Domain reasons and the domain status are one piece of evidence: the higher counts, once. */
  reasons: Readonly<Record<ReasonCode, number>>;
}

export interface ComplaintParameters {
  /** Probability that any recipient reports a message as spam. */
  floor: number;
  /** Complaint probability from lost interest, approached as the time since the last sign of interest grows. */
  interestLossMax: number;
  /** Days for the lost-interest probability to reach half of interestLossMax. */
  interestLossHalfLifeDays: number;
  /** Extra complaint probability by opt-in method. */
  optInMethod: OptInMethodRisk;
  /** The list has no opt-in column at all: permission cannot be shown for any row. */
  noConsentColumn: number;
  /** Probability that the reason alone causes a complaint. */
  reasons: Readonly<Record<ReasonCode, number>>;
}

export interface RiskParameters {
  bounce: BounceParameters;
  complaint: ComplaintParameters;
}

/** The model's own causes (besides reason codes and domain statuses). */
export const RISK_FACTOR_IDS = {
  floor: 'floor',
  decay: 'decay',
  providerCutoff: 'provider_cutoff',
  captureError: 'capture_error',
  uncheckedDomain: 'domain_not_checked',
  interestLoss: 'interest_loss',
  optInMethod: 'opt_in_method',
  noConsentColumn: 'no_consent_column',
} as const;

// Deep-frozen: the model caches its compiled form per parameter object, so a parameter set must not change once used.
// Sources: docs/sources.md ("List decay and bounce statistics") unless marked as an assumption.
// docs/risk-model.md shows how the calibrated values reproduce the published figures.
export const DEFAULT_RISK_PARAMETERS: RiskParameters = {
  bounce: {
    // Calibrated: with decayBounceShare and closureBounceShare below, an active segment (last open within 6 months,
    // Mailchimp's definition) averages 0.17% and an inactive one 2.6%, against Mailchimp's 0.18% and 2.8% (15×,
    // reported by Word to the Wise). A fresh, engaged address thus sits at 0.10%, inside Mailchimp's industry range
    // of 0.07–0.86% hard bounces (average 0.40%, which also counts older and unconfirmed addresses).
    floor: 0.001,
    // ZeroBounce list-decay report, 2024 data: 25.7% a year (docs/sources.md: 22–28%).
    annualDecay: 0.257,
    // Calibrated on Mailchimp active vs inactive (see floor): most decay (people leaving a mailbox) does not bounce at once.
    decayBounceShare: 0.01,
    // Calibrated on Mailchimp active vs inactive: 30% of what decays has been closed by the provider once its cut-off has
    // passed (the rest still signs in without opening our mail, or decayed in ways that do not bounce).
    closureBounceShare: 0.3,
    // Yahoo deactivates accounts after 12 months without sign-in (AOL is run by Yahoo); Google deletes personal
    // accounts inactive for 2 years; Microsoft closes Outlook.com accounts after 2 years (docs/sources.md).
    providerCutoffDays: { yahoo: 365, aol: 365, gmail: 730, microsoft: 730 },
    // Assumption: with no date at all, the last sign of life is a year ago on average (exponential prior).
    unknownAgeMeanDays: 365,
    // Double opt-in proves the address received mail (lower hard bounces: Mailchimp 2011). The single opt-in
    // value is an assumption (typed-wrong or made-up addresses that pass every check); unknown is half of it.
    captureError: { doubleOptIn: 0, singleOptIn: 0.004, unknownMethod: 0.002 },
    domainStatus: {
      deliverable: 0,
      // RFC 7505: the domain says it accepts no mail.
      null_mx: 0.999,
      // Assumption: NXDOMAIN is near certain; a little room for a resolver's mistake.
      domain_not_found: 0.98,
      // Assumption: no address for any mail host; room for a DNS change in progress.
      no_mail_host: 0.95,
      // Assumption: a domain whose DNS does not answer is often dead (lame delegation), but it may be our network.
      dns_unresolved: 0.25,
      // Known mailbox providers need no check; other domains use uncheckedDomain.
      not_checked: 0,
    },
    // Assumption: about 1% of organisation domains on a list no longer take mail.
    uncheckedDomain: 0.01,
    reasons: {
      no_address: 0.999,
      // Assumption: Preflight's syntax policy is strict; a few "invalid" addresses would still be delivered.
      syntax_invalid: 0.98,
      // Assumption: SES refuses these at send time; counted as failures.
      ses_unsupported: 0.9,
      // RFC 2606 / RFC 6761: reserved names never receive mail.
      reserved_domain: 0.999,
      // Assumption: throw-away mailboxes expire within hours or days; some services accept anything.
      disposable: 0.6,
      // The row's own evidence counts; being a duplicate adds nothing.
      duplicate: 0,
      // Consent says nothing about whether the mailbox exists (the complaint model carries it).
      no_consent: 0,
      // Assumption: a hard bounce rarely comes back.
      suppressed_bounce: 0.95,
      // A complaint proves the mailbox was alive.
      suppressed_complaint: 0,
      domain_not_found: 0.98,
      null_mx: 0.999,
      no_mail_host: 0.95,
      // About the account, not the address.
      unverified_sandbox: 0,
      alias_duplicate: 0,
      // Assumption: shared aliases are removed when teams change.
      role_account: 0.01,
      // Assumption: the typed domain exists (else domain_not_found), but the mailbox there probably does not.
      typo_suspected: 0.5,
      // Assumption: unconfirmed ("pending") sign-ups include addresses that never worked.
      consent_unknown: 0.01,
      // Carried by consentAgeDays and lastActivityAgeDays: counting the reason too would count the age twice.
      consent_stale: 0,
      inactive: 0,
      dns_unresolved: 0.25,
      // An opt-out says nothing about the mailbox (the complaint model carries it).
      unsubscribed: 0,
      // Assumption: an ESP's hard bounce or a verifier's "invalid" is rarely wrong; verifiers claim 95–99% accuracy.
      previously_bounced: 0.9,
      // Assumption: catch-all and unknown results are mostly catch-all domains, which deliver most mail but
      // hard-bounce some; about one in ten here (no public measurement; docs/risk-model.md).
      verifier_risky: 0.1,
      // Assumption, as previously_bounced: SES's low confidence is rarely wrong (AWS publishes no accuracy figure).
      mailbox_invalid: 0.9,
      // Assumption: medium confidence is catch-all domains and unanswered probes, as verifier_risky, a little worse.
      mailbox_uncertain: 0.15,
    },
  },
  complaint: {
    // Assumption: ESP averages are about 0.01–0.03%; not in docs/sources.md. SES reviews at 0.1% (docs/sources.md).
    floor: 0.0002,
    // Assumption: people forget they signed up. With these values a list with an opt-in column but no dates averages
    // 0.08%, under SES's 0.1% review line; without an opt-in column 0.11%, just over it (docs/risk-model.md).
    interestLossMax: 0.001,
    interestLossHalfLifeDays: 365,
    // Assumption, in the direction of Mailchimp 2011 (double opt-in lists: fewer unsubscribes and bounces).
    optInMethod: { doubleOptIn: 0, singleOptIn: 0.0004, unknownMethod: 0.0002 },
    // Assumption: a list without an opt-in column cannot show permission for anyone on it.
    noConsentColumn: 0.0003,
    reasons: {
      no_address: 0,
      syntax_invalid: 0,
      ses_unsupported: 0,
      reserved_domain: 0,
      disposable: 0,
      duplicate: 0,
      // Assumption: mail nobody asked for is reported as spam often.
      no_consent: 0.02,
      suppressed_bounce: 0,
      // Assumption: a person who complained once is likely to again.
      suppressed_complaint: 0.5,
      domain_not_found: 0,
      null_mx: 0,
      no_mail_host: 0,
      unverified_sandbox: 0,
      alias_duplicate: 0,
      // Assumption: several people read a shared inbox, none of whom subscribed.
      role_account: 0.003,
      // Assumption: the message reaches a stranger (or a typo trap).
      typo_suspected: 0.002,
      // Assumption: the opt-in cannot be shown.
      consent_unknown: 0.002,
      // Carried by the ages.
      consent_stale: 0,
      inactive: 0,
      dns_unresolved: 0,
      // Assumption: a person mailed after opting out is the likeliest of all to press "spam".
      unsubscribed: 0.3,
      previously_bounced: 0,
      verifier_risky: 0,
      mailbox_invalid: 0,
      mailbox_uncertain: 0,
    },
  },
};

deepFreeze(DEFAULT_RISK_PARAMETERS);

function deepFreeze(value: object): void {
  for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  Object.freeze(value);
}

// ——— Parameters ————————————————————————————————————————————————————————————

type Overrides<T> = { [K in keyof T]?: T[K] extends number ? number : T[K] extends object ? Overrides<T[K]> : T[K] };
export type RiskParameterOverrides = Overrides<RiskParameters>;

/** The defaults with some numbers changed (e.g. from a settings file). Unknown keys are refused. */
export function resolveRiskParameters(overrides: RiskParameterOverrides = {}, base: RiskParameters = DEFAULT_RISK_PARAMETERS): RiskParameters {
  const merged = mergeNumbers(base, overrides, 'risk') as RiskParameters;
  compile(merged);
  return merged;
}

function mergeNumbers(base: unknown, override: unknown, path: string): unknown {
  if (override === undefined) return base;
  if (typeof base === 'number') {
    if (typeof override !== 'number') throw badParameter(path, 'must be a number');
    return override;
  }
  if (typeof override !== 'object' || override === null || Array.isArray(override)) throw badParameter(path, 'must be an object');
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) {
    // providerCutoffDays is the one open table: a provider can be added (e.g. 'other' for company mailboxes).
    const open = path.endsWith('providerCutoffDays');
    const known = Object.prototype.hasOwnProperty.call(result, key);
    if ((!known && !open) || key === '__proto__') throw badParameter(`${path}.${key}`, 'is not a risk parameter');
    result[key] = known ? mergeNumbers(result[key], value, `${path}.${key}`) : value;
  }
  return result;
}

function badParameter(path: string, problem: string): UserError {
  return new UserError('bad_argument', `The risk parameter ${path} ${problem}.`);
}

// ——— Compiled form ————————————————————————————————————————————————————————

/** Internal: hazards (−ln(1 − p)) and constants, computed once per parameter object. */
interface Compiled {
  readonly params: RiskParameters;
  /** Decay rate per day. */
  readonly lambda: number;
  readonly bounceFloorH: number;
  readonly bounceReasonH: Readonly<Record<string, number>>;
  readonly complaintReasonH: Readonly<Record<string, number>>;
  readonly reasonBit: Readonly<Record<string, number>>;
  readonly domainReason: Readonly<Record<string, boolean>>;
  readonly domainStatusH: Readonly<Record<string, number>>;
  readonly uncheckedDomainH: number;
  readonly cutoff: ReadonlyMap<string, number>;
  readonly captureH: OptInMethodRisk;
  /** E[1 − e^(−λt)] for t ~ Exp(mean M). */
  readonly unknownDecayedShare: number;
  readonly complaintFloorH: number;
  readonly complaintMethodH: OptInMethodRisk;
  readonly noConsentColumnH: number;
  /** E[1 − 2^(−t/h)] for t ~ Exp(mean M). */
  readonly unknownInterestLoss: number;
  /** Caches, index = whole days + 1 (index 0: age unknown); NaN = not computed yet. */
  readonly decayHazardByDay: Map<string, Float64Array>;
  readonly interestHazardByDay: Float64Array;
}

// Reasons seen on a row are tracked in a 31-bit mask.
if (REASON_CODES.length > 31) throw new Error('The risk model tracks at most 31 reason codes');

/** A table without a prototype: a reason or status string from an untyped caller ('toString') finds nothing. */
function lookupTable<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Keeps −ln(1 − p) finite: a cause is at most this certain. */
const MAX_CAUSE_PROBABILITY = 0.999999;

const hazard = (p: number): number => -Math.log1p(-Math.min(p, MAX_CAUSE_PROBABILITY));

const compiledCache = new WeakMap<RiskParameters, Compiled>();

let lastCompiled: Compiled | undefined;

function compile(params: RiskParameters): Compiled {
  if (lastCompiled?.params === params) return lastCompiled;
  const cached = compiledCache.get(params);
  if (cached) return (lastCompiled = cached);
  const b = params.bounce;
  const c = params.complaint;
  const probability = (path: string, value: unknown): number => {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw badParameter(path, 'must be a probability between 0 and 1');
    return value;
  };
  const days = (path: string, value: unknown, positive = false): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
      throw badParameter(path, positive ? 'must be a number of days above 0' : 'must be a number of days, 0 or more');
    }
    return value;
  };
  const methods = (path: string, value: OptInMethodRisk): OptInMethodRisk => ({
    doubleOptIn: hazard(probability(`${path}.doubleOptIn`, value.doubleOptIn)),
    singleOptIn: hazard(probability(`${path}.singleOptIn`, value.singleOptIn)),
    unknownMethod: hazard(probability(`${path}.unknownMethod`, value.unknownMethod)),
  });
  const reasonHazards = (path: string, table: Readonly<Record<ReasonCode, number>>): Record<string, number> => {
    const out = lookupTable<number>();
    for (const code of REASON_CODES) out[code] = hazard(probability(`${path}.${code}`, table[code]));
    return out;
  };

  const annualDecay = probability('risk.bounce.annualDecay', b.annualDecay);
  if (annualDecay >= 1) throw badParameter('risk.bounce.annualDecay', 'must be below 1');
  const lambda = -Math.log1p(-annualDecay) / 365;
  const decayShare = probability('risk.bounce.decayBounceShare', b.decayBounceShare);
  const closureShare = probability('risk.bounce.closureBounceShare', b.closureBounceShare);
  if (closureShare < decayShare) throw badParameter('risk.bounce.closureBounceShare', 'must be at least decayBounceShare');
  const unknownMean = days('risk.bounce.unknownAgeMeanDays', b.unknownAgeMeanDays, true);
  const halfLife = days('risk.complaint.interestLossHalfLifeDays', c.interestLossHalfLifeDays, true);
  probability('risk.complaint.interestLossMax', c.interestLossMax);

  const cutoff = new Map<string, number>();
  for (const [provider, cutoffDays] of Object.entries(b.providerCutoffDays)) {
    cutoff.set(provider, days(`risk.bounce.providerCutoffDays.${provider}`, cutoffDays));
  }
  const domainStatusH = lookupTable<number>();
  for (const status of RISK_DOMAIN_STATUSES) domainStatusH[status] = hazard(probability(`risk.bounce.domainStatus.${status}`, b.domainStatus[status]));
  const reasonBit = lookupTable<number>();
  const domainReason = lookupTable<boolean>();
  REASON_CODES.forEach((code, i) => {
    reasonBit[code] = 2 ** i;
    domainReason[code] = REASONS[code].stage === 'domain';
  });
  const lambdaM = lambda * unknownMean;

  const compiled: Compiled = {
    params,
    lambda,
    bounceFloorH: hazard(probability('risk.bounce.floor', b.floor)),
    bounceReasonH: reasonHazards('risk.bounce.reasons', b.reasons),
    complaintReasonH: reasonHazards('risk.complaint.reasons', c.reasons),
    reasonBit,
    domainReason,
    domainStatusH,
    uncheckedDomainH: hazard(probability('risk.bounce.uncheckedDomain', b.uncheckedDomain)),
    cutoff,
    captureH: methods('risk.bounce.captureError', b.captureError),
    unknownDecayedShare: lambdaM / (1 + lambdaM),
    complaintFloorH: hazard(probability('risk.complaint.floor', c.floor)),
    complaintMethodH: methods('risk.complaint.optInMethod', c.optInMethod),
    noConsentColumnH: hazard(probability('risk.complaint.noConsentColumn', c.noConsentColumn)),
    unknownInterestLoss: 1 - 1 / (1 + (unknownMean * Math.LN2) / halfLife),
    decayHazardByDay: new Map(),
    interestHazardByDay: new Float64Array(CACHED_DAYS + 2).fill(Number.NaN),
  };
  compiledCache.set(params, compiled);
  return (lastCompiled = compiled);
}

// ——— The causes, one function each (shared by the fast path and the explanation) ——

/** Days since the latest of opt-in and last activity, or −1 when neither is known. */
function daysSinceSignOfLife(evidence: RiskEvidence): number {
  const consent = validAge(evidence.consentAgeDays);
  const activity = validAge(evidence.lastActivityAgeDays);
  if (consent < 0) return activity;
  if (activity < 0) return consent;
  return Math.min(consent, activity);
}

/** A usable age in days (negative ages, from clock skew, count as today), or −1. */
function validAge(age: number | null): number {
  if (age === null || Number.isNaN(age)) return -1;
  return age > 0 ? age : 0;
}

/** The two additive parts of the decay cause: decay anywhere, and closure past the provider's cut-off. */
function decayParts(c: Compiled, provider: string, age: number, out: { decay: number; closure: number }): void {
  const b = c.params.bounce;
  const cutoffDays = c.cutoff.get(provider);
  if (age >= 0) {
    out.decay = b.decayBounceShare * -Math.expm1(-c.lambda * age);
    out.closure = cutoffDays !== undefined && age > cutoffDays ? (b.closureBounceShare - b.decayBounceShare) * -Math.expm1(-c.lambda * (age - cutoffDays)) : 0;
  } else {
    // Age unknown: the expectation over t ~ Exp(mean M). The exponential forgets, so past a cut-off C the
    // remaining age is again Exp(M), reached with probability e^(−C/M).
    out.decay = b.decayBounceShare * c.unknownDecayedShare;
    out.closure =
      cutoffDays !== undefined
        ? (b.closureBounceShare - b.decayBounceShare) * Math.exp(-cutoffDays / b.unknownAgeMeanDays) * c.unknownDecayedShare
        : 0;
  }
}

function methodHazard(method: OptInMethodRisk, doubleOptIn: boolean | null): number {
  return doubleOptIn === true ? method.doubleOptIn : doubleOptIn === false ? method.singleOptIn : method.unknownMethod;
}

/**
 * An open or click proves the address worked; double opt-in proves it at sign-up; a
 * verifier's "valid" proves the mailbox answered when it was checked.
 */
function captureHazard(c: Compiled, evidence: RiskEvidence): number {
  return evidence.verified === true || evidence.mailboxConfirmed === true || validAge(evidence.lastActivityAgeDays) >= 0
    ? 0
    : methodHazard(c.captureH, evidence.doubleOptIn);
}

/** Days of decay the bounce model counts: none for a mailbox SES has just found. */
function decayAge(evidence: RiskEvidence): number {
  return evidence.mailboxConfirmed === true ? 0 : daysSinceSignOfLife(evidence);
}

function domainStatusHazard(c: Compiled, evidence: RiskEvidence): number {
  if (evidence.domainStatus === 'not_checked') {
    // A verifier (or SES) that found the mailbox has seen the domain take mail.
    return evidence.provider === 'other' && !evidence.freeProvider && evidence.verified !== true && evidence.mailboxConfirmed !== true ? c.uncheckedDomainH : 0;
  }
  return c.domainStatusH[evidence.domainStatus] ?? 0;
}

function interestLoss(c: Compiled, age: number): number {
  const p = c.params.complaint;
  return p.interestLossMax * (age >= 0 ? 1 - 2 ** (-age / p.interestLossHalfLifeDays) : c.unknownInterestLoss);
}

const scratch = { decay: 0, closure: 0 };

/** Ages up to this many whole days have their decay and interest hazards cached (evidence takes few distinct values). */
const CACHED_DAYS = 20 * 366;

/** The decay cause's hazard for a provider and an age (−1: unknown), cached per whole day. */
function decayHazard(c: Compiled, provider: string, age: number): number {
  const cacheable = age === -1 || (age <= CACHED_DAYS && Number.isInteger(age));
  let table: Float64Array | undefined;
  if (cacheable) {
    table = c.decayHazardByDay.get(provider);
    if (table === undefined) {
      if (c.decayHazardByDay.size >= 64) c.decayHazardByDay.clear(); // providers are a short list; bound it anyway
      table = new Float64Array(CACHED_DAYS + 2).fill(Number.NaN);
      c.decayHazardByDay.set(provider, table);
    }
    const cached = table[age + 1]!;
    if (cached === cached) return cached; // not NaN
  }
  decayParts(c, provider, age, scratch);
  const h = hazard(scratch.decay + scratch.closure);
  if (table) table[age + 1] = h;
  return h;
}

function interestHazard(c: Compiled, age: number): number {
  const cacheable = age === -1 || (age <= CACHED_DAYS && Number.isInteger(age));
  if (cacheable) {
    const cached = c.interestHazardByDay[age + 1]!;
    if (cached === cached) return cached;
  }
  const h = hazard(interestLoss(c, age));
  if (cacheable) c.interestHazardByDay[age + 1] = h;
  return h;
}

function bounceHazard(c: Compiled, evidence: RiskEvidence): number {
  let total = c.bounceFloorH + captureHazard(c, evidence);
  let domain = domainStatusHazard(c, evidence);
  let seen = 0;
  for (const code of evidence.reasons) {
    const bit = c.reasonBit[code] ?? 0;
    if (bit === 0 || seen & bit) continue;
    seen |= bit;
    const h = c.bounceReasonH[code]!;
    if (c.domainReason[code]) domain = h > domain ? h : domain;
    else total += h;
  }
  return total + domain + decayHazard(c, evidence.provider, decayAge(evidence));
}

function complaintHazard(c: Compiled, evidence: RiskEvidence): number {
  let total =
    c.complaintFloorH +
    methodHazard(c.complaintMethodH, evidence.doubleOptIn) +
    (evidence.hasConsentColumn ? 0 : c.noConsentColumnH) +
    interestHazard(c, daysSinceSignOfLife(evidence));
  let seen = 0;
  for (const code of evidence.reasons) {
    const bit = c.reasonBit[code] ?? 0;
    if (bit === 0 || seen & bit) continue;
    seen |= bit;
    total += c.complaintReasonH[code]!;
  }
  return total;
}

// ——— Public API ———————————————————————————————————————————————————————————

/** Probability of a hard bounce, without the explanation (no allocation: for every row of a list). */
export function bounceProbability(evidence: RiskEvidence, params: RiskParameters = DEFAULT_RISK_PARAMETERS): number {
  return -Math.expm1(-bounceHazard(compile(params), evidence));
}

/** Probability of a complaint, without the explanation. */
export function complaintProbability(evidence: RiskEvidence, params: RiskParameters = DEFAULT_RISK_PARAMETERS): number {
  return -Math.expm1(-complaintHazard(compile(params), evidence));
}

/** Both probabilities and what makes them up. */
export function assessRisk(evidence: RiskEvidence, params: RiskParameters = DEFAULT_RISK_PARAMETERS): RiskAssessment {
  const c = compile(params);
  const age = daysSinceSignOfLife(evidence);

  const bounceCauses: Cause[] = [{ id: RISK_FACTOR_IDS.floor, label: 'Any address can bounce', h: c.bounceFloorH }];
  const capture = captureHazard(c, evidence);
  if (capture > 0) bounceCauses.push({ id: RISK_FACTOR_IDS.captureError, label: captureLabel(evidence.doubleOptIn), h: capture });

  let domainId: string = evidence.domainStatus === 'not_checked' ? RISK_FACTOR_IDS.uncheckedDomain : evidence.domainStatus;
  let domainH = domainStatusHazard(c, evidence);
  const seen = new Set<ReasonCode>();
  for (const code of evidence.reasons) {
    if (seen.has(code) || c.bounceReasonH[code] === undefined) continue;
    seen.add(code);
    const h = c.bounceReasonH[code]!;
    if (c.domainReason[code]) {
      if (h > domainH) [domainId, domainH] = [code, h];
    } else if (h > 0) bounceCauses.push({ id: code, label: REASONS[code].label, h });
  }
  if (domainH > 0) bounceCauses.push({ id: domainId, label: domainLabel(domainId), h: domainH });

  const parts = { decay: 0, closure: 0 };
  decayParts(c, evidence.provider, decayAge(evidence), parts);
  const decayTotal = parts.decay + parts.closure;
  if (decayTotal > 0) {
    const h = hazard(decayTotal);
    bounceCauses.push({ id: RISK_FACTOR_IDS.decay, label: decayLabel(age), h: (h * parts.decay) / decayTotal });
    if (parts.closure > 0) {
      bounceCauses.push({
        id: RISK_FACTOR_IDS.providerCutoff,
        label: cutoffLabel(evidence.provider, c.cutoff.get(evidence.provider)!),
        h: (h * parts.closure) / decayTotal,
      });
    }
  }

  const complaintCauses: Cause[] = [{ id: RISK_FACTOR_IDS.floor, label: 'Any recipient can complain', h: c.complaintFloorH }];
  const interest = interestLoss(c, age);
  if (interest > 0) complaintCauses.push({ id: RISK_FACTOR_IDS.interestLoss, label: interestLabel(age), h: hazard(interest) });
  const method = methodHazard(c.complaintMethodH, evidence.doubleOptIn);
  if (method > 0) complaintCauses.push({ id: RISK_FACTOR_IDS.optInMethod, label: methodLabel(evidence.doubleOptIn), h: method });
  if (!evidence.hasConsentColumn && c.noConsentColumnH > 0) {
    complaintCauses.push({ id: RISK_FACTOR_IDS.noConsentColumn, label: 'The list has no opt-in column', h: c.noConsentColumnH });
  }
  for (const code of seen) {
    const h = c.complaintReasonH[code]!;
    if (h > 0) complaintCauses.push({ id: code, label: REASONS[code].label, h });
  }

  const bounce = toFactors(bounceCauses);
  const complaint = toFactors(complaintCauses);
  return { bounce: bounce.probability, complaint: complaint.probability, factors: bounce.factors, complaintFactors: complaint.factors };
}

interface Cause {
  id: string;
  label: string;
  /** Hazard −ln(1 − p). */
  h: number;
}

function toFactors(causes: Cause[]): { probability: number; factors: RiskFactor[] } {
  let total = 0;
  for (const cause of causes) total += cause.h;
  const probability = -Math.expm1(-total);
  const factors = causes
    .filter((cause) => cause.h > 0)
    .map((cause) => ({ id: cause.id, label: cause.label, effect: (probability * cause.h) / total }))
    .sort((a, b) => b.effect - a.effect);
  return { probability, factors };
}

// ——— Labels ———————————————————————————————————————————————————————————————

const PROVIDER_NAMES: Readonly<Record<string, string>> = { gmail: 'Google', yahoo: 'Yahoo', aol: 'AOL', microsoft: 'Microsoft' };

/** "12 days", "8 months", "3.2 years". */
export function describeAge(days: number): string {
  if (days < 60) return `${Math.round(days)} day${Math.round(days) === 1 ? '' : 's'}`;
  if (days < 730) return `${Math.round(days / 30.44)} months`;
  return `${(days / 365.25).toFixed(1)} years`;
}

function decayLabel(age: number): string {
  return age >= 0 ? `Last sign of life ${describeAge(age)} ago` : 'No opt-in or activity date: age unknown';
}

function cutoffLabel(provider: string, cutoffDays: number): string {
  return `${PROVIDER_NAMES[provider] ?? provider} closes accounts unused for ${Math.round(cutoffDays / 30.44)} months`;
}

function captureLabel(doubleOptIn: boolean | null): string {
  return doubleOptIn === false ? 'Single opt-in, never opened: may never have worked' : 'Opt-in not confirmed, never opened: may never have worked';
}

function interestLabel(age: number): string {
  return age >= 0 ? `Last opt-in or activity ${describeAge(age)} ago` : 'No opt-in or activity date';
}

function methodLabel(doubleOptIn: boolean | null): string {
  return doubleOptIn === false ? 'Single opt-in' : 'Opt-in method unknown';
}

function domainLabel(id: string): string {
  if (id === RISK_FACTOR_IDS.uncheckedDomain) return 'Domain not checked';
  return Object.prototype.hasOwnProperty.call(REASONS, id) ? REASONS[id as ReasonCode].label : id;
}
