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
//
// The model's parts: evidence.ts (what it reads and answers), priors.ts (the numbers
// and their sources), hazards.ts (the arithmetic), explanations.ts (the causes behind
// one row) and shared/text/risk-labels.ts (their words). This module is their public face.

export { RISK_DOMAIN_STATUSES, RISK_FACTOR_IDS } from './evidence';
export type { RiskAssessment, RiskDomainStatus, RiskEvidence, RiskFactor } from './evidence';
export { DEFAULT_RISK_PARAMETERS } from './priors';
export type { BounceParameters, ComplaintParameters, OptInMethodRisk, RiskParameterOverrides, RiskParameters } from './priors';
export { bounceProbability, complaintProbability, resolveRiskParameters } from './hazards';
export { assessRisk } from './explanations';
export { describeAge } from '../text/risk-labels';
