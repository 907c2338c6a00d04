// The risk model's priors: what each cause costs, with the sources they come from
// (docs/sources.md, docs/risk-model.md), and how a settings file may change them.
import { UserError } from '../model/errors';
import type { ReasonCode } from '../model/reasons';
import type { RiskDomainStatus } from './evidence';

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
  /**
   * By provider, a multiplier on the hazards of the causes that depend on the mailbox there (the floor, capture
   * errors, decay and closure): 1, or absent, changes nothing. Set from the sender's own history by
   * calibration.ts (docs/risk-model.md, "Calibration with your own history").
   */
  providerFactor: Readonly<Record<string, number>>;
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
  /** By provider, a multiplier on the hazards of the floor, lost interest, opt-in method and no opt-in column (as bounce.providerFactor). */
  providerFactor: Readonly<Record<string, number>>;
  /** Probability that the reason alone causes a complaint. */
  reasons: Readonly<Record<ReasonCode, number>>;
}

export interface RiskParameters {
  bounce: BounceParameters;
  complaint: ComplaintParameters;
}

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
    // No published per-provider difference beyond the cut-offs: 1 everywhere until a sender's own history says otherwise.
    providerFactor: {},
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
      // Assumption: as a typo; a look-alike domain is registered by someone else, or by no one who reads mail for the person.
      lookalike_domain: 0.5,
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
    // As bounce.providerFactor.
    providerFactor: {},
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
      // Assumption: as a typo, the message reaches a stranger (or a trap).
      lookalike_domain: 0.002,
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

/** The defaults with some numbers changed (e.g. from a settings file). Unknown keys are refused; values are checked by resolveRiskParameters (hazards.ts). */
export function mergeRiskParameters(
  overrides: RiskParameterOverrides = {},
  base: RiskParameters = DEFAULT_RISK_PARAMETERS,
): RiskParameters {
  return mergeNumbers(base, overrides, 'risk') as RiskParameters;
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
    // The provider tables are open: a provider can be added (e.g. 'other' for company mailboxes).
    const open = path.endsWith('providerCutoffDays') || path.endsWith('providerFactor');
    const known = Object.prototype.hasOwnProperty.call(result, key);
    if ((!known && !open) || key === '__proto__') throw badParameter(`${path}.${key}`, 'is not a risk parameter');
    result[key] = known ? mergeNumbers(result[key], value, `${path}.${key}`) : value;
  }
  return result;
}

export function badParameter(path: string, problem: string): UserError {
  return new UserError('bad_argument', `The risk parameter ${path} ${problem}.`);
}
