// SES Email Validation (GetEmailAddressInsights) as the app, the CLI and
// report.json see it: plain data only, shared by the engine and the renderer.
// The service that asks SES is electron/services/ses/mailbox-insights.ts.

/** SES's confidence in one statement about an address. */
export type Confidence = 'LOW' | 'MEDIUM' | 'HIGH';

export const CONFIDENCES: readonly Confidence[] = ['LOW', 'MEDIUM', 'HIGH'];

/** The six evaluations SES returns under MailboxValidation.Evaluations, in SES's order. */
export const MAILBOX_EVALUATIONS = ['HasValidSyntax', 'HasValidDnsRecords', 'MailboxExists', 'IsRoleAddress', 'IsDisposable', 'IsRandomInput'] as const;

export type MailboxEvaluation = (typeof MAILBOX_EVALUATIONS)[number];

/** What SES said about one address: the overall verdict (IsValid) and each evaluation it gave. */
export interface MailboxInsight {
  verdict: Confidence;
  evaluations: Partial<Record<MailboxEvaluation, Confidence>>;
}

/** An answer with the moment SES gave it (ISO 8601). */
export interface SavedMailboxInsight extends MailboxInsight {
  at: string;
}

/** A labelled evaluation for the row details ("Mailbox exists: HIGH"). */
export const EVALUATION_LABELS: Readonly<Record<MailboxEvaluation, string>> = {
  HasValidSyntax: 'Valid syntax',
  HasValidDnsRecords: 'Domain takes mail',
  MailboxExists: 'Mailbox exists',
  IsRoleAddress: 'Is a role address',
  IsDisposable: 'Is disposable',
  IsRandomInput: 'Looks made up',
};

/**
 * The price used for the estimate. It cannot be observed from here (no API
 * returns it, and the tests run offline): the figure is the pay-as-you-go
 * price per validated address that AWS's pricing page showed when SES Email
 * Validation launched (December 2025), as recorded in the project's issue 14.
 * Pro and Enterprise plans include some validations, so the bill can be lower,
 * never higher. docs/ses.md says where to check it; --verify-price overrides it.
 */
export const MAILBOX_VALIDATION_PRICE = {
  usdPerAddress: 0.01,
  source: 'Amazon SES pricing page, aws.amazon.com/ses/pricing, Email Validation, pay-as-you-go',
  asOf: '2025-12',
} as const;

/** Answers older than this are asked again (mailboxes close: a year's decay is about 26%, docs/sources.md). */
export const MAILBOX_ANSWER_MAX_AGE_DAYS = 30;

/** Default number of distinct addresses one check may ask SES about. */
export const DEFAULT_VERIFY_LIMIT = 1_000;

/** Auto Validation on the account or a configuration set: SES suppresses addresses below the threshold at send time. */
export interface AutoValidation {
  /** Where the setting was read: the account, or the configuration set named. */
  scope: 'account' | 'configuration-set';
  configurationSet?: string;
  enabled: boolean;
  /** MEDIUM suppresses LOW; HIGH suppresses LOW and MEDIUM; MANAGED lets SES choose (at least LOW). */
  threshold: 'MEDIUM' | 'HIGH' | 'MANAGED' | null;
}

/** What the user chose: ask SES, or only estimate (asking nothing, using saved answers). */
export interface VerifyMailboxSettings {
  /** Most distinct mailboxes this check may ask SES about (0: none). */
  limit: number;
  /** false: estimate only. Nothing is asked and nothing is billed; saved answers are still used. */
  ask: boolean;
  /** Price per address for the estimate (default MAILBOX_VALIDATION_PRICE). */
  usdPerAddress?: number;
  /** The configuration set the campaign is sent with, for its Auto Validation setting. */
  configurationSet?: string;
}

/** report.json "mailboxVerification". */
export interface MailboxVerificationReport {
  /** 'asked': SES was asked; 'estimate': nothing was asked (estimate, or --verify-limit 0); 'offline': saved answers only. */
  mode: 'asked' | 'estimate' | 'offline';
  /** Distinct mailboxes among the rows still to send or review. */
  candidates: number;
  /** Mailboxes asked in this run (each is billed). */
  asked: number;
  /** Mailboxes answered from saved answers (free). */
  fromCache: number;
  limit: number;
  /** Mailboxes still to send or review with no usable answer (over the limit, failed, unusable, not asked). */
  notVerified: number;
  /** Answers whose shape was not SES's: not used, counted in notVerified. */
  unusable: number;
  /** Mailboxes that would be asked with --verify-mailboxes (estimate mode), or were asked. */
  wouldAsk: number;
  /** wouldAsk × the price: what this run cost (asked) or would cost (estimate). */
  estimatedCostUsd: number;
  price: { usdPerAddress: number; source: string; asOf: string };
  /** Overall verdicts of the answered mailboxes (this run's and saved). */
  verdicts: Record<Confidence, number>;
  /** Expected hard bounces among the verified rows before the verdicts, minus after: what verification saved. */
  expectedBouncesAvoided: number;
  autoValidation: (AutoValidation & { wouldSuppress: { send: number; review: number } | null }) | null;
}

/** Which verdicts an Auto Validation threshold suppresses (MANAGED: at least LOW; SES decides the rest). */
export function suppressedAt(threshold: AutoValidation['threshold'], verdict: Confidence): boolean {
  if (verdict === 'LOW') return threshold !== null;
  if (verdict === 'MEDIUM') return threshold === 'HIGH';
  return false;
}

/** How the account card and `ses status` say the setting: "On: SES drops recipients below HIGH at send time". */
export function autoValidationText(setting: AutoValidation | null | undefined): string {
  if (!setting || !setting.enabled) return 'Off';
  if (setting.threshold === 'MANAGED') return 'On (SES managed): SES drops recipients it judges invalid at send time';
  if (setting.threshold === null) return 'On, with a threshold Preflight does not know';
  return `On: SES drops recipients below ${setting.threshold} confidence at send time`;
}

/** "$8.12", "$0.01", "$1,234.00". */
export function formatUsd(amount: number): string {
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
