// The risk model's arithmetic: each cause as a hazard −ln(1 − p), added per row and
// turned back into a probability (the "noisy OR" of model.ts). The compiled form of
// a parameter set, and the per-day caches of the decay and interest hazards, are
// kept per parameter object (a WeakMap, plus the last one used: a check uses one
// set for every row), which is why DEFAULT_RISK_PARAMETERS is deep-frozen.
// explanations.ts reads the same cause functions, so an explanation always adds up
// to the probability the fast path gives.
import { REASONS, REASON_CODES, type ReasonCode } from '../model/reasons';
import { RISK_DOMAIN_STATUSES, type RiskEvidence } from './evidence';
import {
  badParameter,
  DEFAULT_RISK_PARAMETERS,
  mergeRiskParameters,
  type OptInMethodRisk,
  type RiskParameterOverrides,
  type RiskParameters,
} from './priors';

/** The defaults with some numbers changed (e.g. from a settings file). Unknown keys and values out of range are refused. */
export function resolveRiskParameters(
  overrides: RiskParameterOverrides = {},
  base: RiskParameters = DEFAULT_RISK_PARAMETERS,
): RiskParameters {
  const merged = mergeRiskParameters(overrides, base);
  compile(merged);
  return merged;
}

// ——— Compiled form ————————————————————————————————————————————————————————

/** Internal: hazards (−ln(1 − p)) and constants, computed once per parameter object. */
export interface Compiled {
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
  /** Provider → multiplier on the provider-dependent hazards (absent = 1). */
  readonly bounceProviderFactor: ReadonlyMap<string, number>;
  readonly complaintProviderFactor: ReadonlyMap<string, number>;
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

export const hazard = (p: number): number => -Math.log1p(-Math.min(p, MAX_CAUSE_PROBABILITY));

const compiledCache = new WeakMap<RiskParameters, Compiled>();

let lastCompiled: Compiled | undefined;

export function compile(params: RiskParameters): Compiled {
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
  const factors = (path: string, table: Readonly<Record<string, number>>): Map<string, number> => {
    const out = new Map<string, number>();
    for (const [provider, value] of Object.entries(table ?? {})) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        throw badParameter(`${path}.${provider}`, 'must be a factor of 0 or more');
      if (value !== 1) out.set(provider, value);
    }
    return out;
  };
  const domainStatusH = lookupTable<number>();
  for (const status of RISK_DOMAIN_STATUSES)
    domainStatusH[status] = hazard(probability(`risk.bounce.domainStatus.${status}`, b.domainStatus[status]));
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
    bounceProviderFactor: factors('risk.bounce.providerFactor', b.providerFactor),
    complaintProviderFactor: factors('risk.complaint.providerFactor', c.providerFactor),
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
export function daysSinceSignOfLife(evidence: RiskEvidence): number {
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
export function decayParts(c: Compiled, provider: string, age: number, out: { decay: number; closure: number }): void {
  const b = c.params.bounce;
  const cutoffDays = c.cutoff.get(provider);
  if (age >= 0) {
    out.decay = b.decayBounceShare * -Math.expm1(-c.lambda * age);
    out.closure =
      cutoffDays !== undefined && age > cutoffDays
        ? (b.closureBounceShare - b.decayBounceShare) * -Math.expm1(-c.lambda * (age - cutoffDays))
        : 0;
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

export function methodHazard(method: OptInMethodRisk, doubleOptIn: boolean | null): number {
  return doubleOptIn === true ? method.doubleOptIn : doubleOptIn === false ? method.singleOptIn : method.unknownMethod;
}

/**
 * An open or click proves the address worked; double opt-in proves it at sign-up; a
 * verifier's "valid" proves the mailbox answered when it was checked.
 */
export function captureHazard(c: Compiled, evidence: RiskEvidence): number {
  return evidence.verified === true || evidence.mailboxConfirmed === true || validAge(evidence.lastActivityAgeDays) >= 0
    ? 0
    : methodHazard(c.captureH, evidence.doubleOptIn);
}

/** Days of decay the bounce model counts: none for a mailbox SES has just found. */
export function decayAge(evidence: RiskEvidence): number {
  return evidence.mailboxConfirmed === true ? 0 : daysSinceSignOfLife(evidence);
}

export function domainStatusHazard(c: Compiled, evidence: RiskEvidence): number {
  if (evidence.domainStatus === 'not_checked') {
    // A verifier (or SES) that found the mailbox has seen the domain take mail.
    return evidence.provider === 'other' && !evidence.freeProvider && evidence.verified !== true && evidence.mailboxConfirmed !== true
      ? c.uncheckedDomainH
      : 0;
  }
  return c.domainStatusH[evidence.domainStatus] ?? 0;
}

export function interestLoss(c: Compiled, age: number): number {
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

/** The provider's calibrated multiplier on the bounce causes that depend on its mailboxes (1 unless calibrated). */
export function bounceProviderFactor(c: Compiled, provider: string): number {
  return c.bounceProviderFactor.size === 0 ? 1 : (c.bounceProviderFactor.get(provider) ?? 1);
}

export function complaintProviderFactor(c: Compiled, provider: string): number {
  return c.complaintProviderFactor.size === 0 ? 1 : (c.complaintProviderFactor.get(provider) ?? 1);
}

function bounceHazard(c: Compiled, evidence: RiskEvidence): number {
  const factor = bounceProviderFactor(c, evidence.provider);
  let total = 0;
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
  return total + domain + factor * (c.bounceFloorH + captureHazard(c, evidence) + decayHazard(c, evidence.provider, decayAge(evidence)));
}

function complaintHazard(c: Compiled, evidence: RiskEvidence): number {
  let total =
    complaintProviderFactor(c, evidence.provider) *
    (c.complaintFloorH +
      methodHazard(c.complaintMethodH, evidence.doubleOptIn) +
      (evidence.hasConsentColumn ? 0 : c.noConsentColumnH) +
      interestHazard(c, daysSinceSignOfLife(evidence)));
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
