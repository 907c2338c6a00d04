// Why a row is risky: assessRisk gives both probabilities with the causes that make
// them up, each cause's share in probability, most contributing first. For one row at
// a time (the review table) or a few million at most; the per-row fast path is hazards.ts.
import { REASONS, type ReasonCode } from '../model/reasons';
import { captureLabel, cutoffLabel, decayLabel, domainLabel, interestLabel, methodLabel } from '../text/risk-labels';
import { RISK_FACTOR_IDS, type RiskAssessment, type RiskEvidence, type RiskFactor } from './evidence';
import {
  bounceProviderFactor,
  captureHazard,
  compile,
  complaintProviderFactor,
  daysSinceSignOfLife,
  decayAge,
  decayParts,
  domainStatusHazard,
  hazard,
  interestLoss,
  methodHazard,
} from './hazards';
import { DEFAULT_RISK_PARAMETERS, type RiskParameters } from './priors';

/** Both probabilities and what makes them up. */
export function assessRisk(evidence: RiskEvidence, params: RiskParameters = DEFAULT_RISK_PARAMETERS): RiskAssessment {
  const c = compile(params);
  const age = daysSinceSignOfLife(evidence);

  // The sender's own history at this provider scales the causes that depend on its mailboxes (1 unless calibrated).
  const bf = bounceProviderFactor(c, evidence.provider);
  const cf = complaintProviderFactor(c, evidence.provider);
  const bounceCauses: Cause[] = [{ id: RISK_FACTOR_IDS.floor, label: 'Any address can bounce', h: bf * c.bounceFloorH }];
  const capture = bf * captureHazard(c, evidence);
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
    const h = bf * hazard(decayTotal);
    bounceCauses.push({ id: RISK_FACTOR_IDS.decay, label: decayLabel(age), h: (h * parts.decay) / decayTotal });
    if (parts.closure > 0) {
      bounceCauses.push({
        id: RISK_FACTOR_IDS.providerCutoff,
        label: cutoffLabel(evidence.provider, c.cutoff.get(evidence.provider)!),
        h: (h * parts.closure) / decayTotal,
      });
    }
  }

  const complaintCauses: Cause[] = [{ id: RISK_FACTOR_IDS.floor, label: 'Any recipient can complain', h: cf * c.complaintFloorH }];
  const interest = interestLoss(c, age);
  if (interest > 0) complaintCauses.push({ id: RISK_FACTOR_IDS.interestLoss, label: interestLabel(age), h: cf * hazard(interest) });
  const method = cf * methodHazard(c.complaintMethodH, evidence.doubleOptIn);
  if (method > 0) complaintCauses.push({ id: RISK_FACTOR_IDS.optInMethod, label: methodLabel(evidence.doubleOptIn), h: method });
  if (!evidence.hasConsentColumn && c.noConsentColumnH > 0) {
    complaintCauses.push({ id: RISK_FACTOR_IDS.noConsentColumn, label: 'The list has no opt-in column', h: cf * c.noConsentColumnH });
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
