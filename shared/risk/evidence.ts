// What the risk model reads about one row, and what it answers: the evidence, the
// factors of an explanation and the ids of the model's own causes. Pure types and
// constants; the model is in hazards.ts (numbers) and explanations.ts (reasons).
import type { ReasonCode } from '../model/reasons';

export type RiskDomainStatus = 'deliverable' | 'null_mx' | 'no_mail_host' | 'domain_not_found' | 'dns_unresolved' | 'not_checked';

export const RISK_DOMAIN_STATUSES: readonly RiskDomainStatus[] = [
  'deliverable',
  'null_mx',
  'no_mail_host',
  'domain_not_found',
  'dns_unresolved',
  'not_checked',
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
