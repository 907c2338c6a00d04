// SES Email Validation (GetEmailAddressInsights) as the app, the CLI and
// report.json see it: plain data only, shared by the engine and the renderer.
// The service that asks SES is electron/services/ses/mailbox-insights.ts.

/** SES's confidence in one statement about an address. */
export type Confidence = 'LOW' | 'MEDIUM' | 'HIGH';

export const CONFIDENCES: readonly Confidence[] = ['LOW', 'MEDIUM', 'HIGH'];

/** The six evaluations SES returns under MailboxValidation.Evaluations, in SES's order. */
export const MAILBOX_EVALUATIONS = [
  'HasValidSyntax',
  'HasValidDnsRecords',
  'MailboxExists',
  'IsRoleAddress',
  'IsDisposable',
  'IsRandomInput',
] as const;

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
 * returns it, and neither the tests nor the sessions that wrote this had
 * internet): the figure is the pay-as-you-go price per validated address that
 * the project's issue 14 records from AWS's pricing page when SES Email
 * Validation launched (December 2025). It was never checked against the live
 * page, and every sentence that states a cost says so (`priceNote`). Pro and
 * Enterprise plans include some validations, so the bill can be lower.
 * docs/ses.md says where to check it; --verify-price overrides it.
 */
export const MAILBOX_VALIDATION_PRICE = {
  usdPerAddress: 0.01,
  source: 'AWS’s SES pricing page, Email Validation, pay-as-you-go, as recorded in Preflight’s issue 14',
  asOf: '2025-12',
  checkedLive: false,
} as const;

export interface MailboxPrice {
  usdPerAddress: number;
  source: string;
  /** The month (or day) the figure is from. */
  asOf: string;
  /** false: the figure was not checked against AWS's current pricing page (Preflight cannot read it). */
  checkedLive: boolean;
}

/** The price the check uses: the user's (--verify-price), dated today, or the recorded one. */
export function mailboxPrice(usdPerAddress: number | undefined, today: string): MailboxPrice {
  if (usdPerAddress === undefined) return { ...MAILBOX_VALIDATION_PRICE };
  return { usdPerAddress, source: 'the price you gave', asOf: today, checkedLive: true };
}

/** "AWS's SES pricing page …, 2025-12; not checked against the current page" — the bracket after every cost. */
export function priceNote(price: Pick<MailboxPrice, 'source' | 'asOf'> & { checkedLive?: boolean }): string {
  return `${price.source}, ${price.asOf}${price.checkedLive === false ? '; not checked against AWS’s current pricing page' : ''}`;
}

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
  price: MailboxPrice;
  /** Overall verdicts of the answered mailboxes (this run's and saved). */
  verdicts: Record<Confidence, number>;
  /** Expected hard bounces among the verified rows before the verdicts, minus after: what verification saved. */
  expectedBouncesAvoided: number;
  /**
   * With Auto Validation on: the rows of send.csv and review.csv SES would drop at send time by
   * their SES answers (`wouldSuppress`), and those with no answer, which SES judges itself
   * (`notVerified`); both by the rows' final verdicts, after the decisions.
   */
  autoValidation: ReportAutoValidation | null;
}

/** Auto Validation as report.json carries it: the setting, and the rows it would drop at send time (null: unknown). */
export interface ReportAutoValidation extends AutoValidation {
  wouldSuppress: { send: number; review: number } | null;
  notVerified?: { send: number; review: number };
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

/** What the send plan needs of report.json's Auto Validation (mailboxVerification.autoValidation, else account.autoValidation). */
export type PlanAutoValidation = Pick<
  NonNullable<MailboxVerificationReport['autoValidation']>,
  'scope' | 'configurationSet' | 'enabled' | 'threshold' | 'wouldSuppress' | 'notVerified'
>;

/** The report's Auto Validation for the plan: the verification's counts, else the account's setting with nothing counted. */
export function planAutoValidationOf(report: {
  mailboxVerification?: { autoValidation: PlanAutoValidation | null } | null | undefined;
  account?: { autoValidation?: Omit<PlanAutoValidation, 'wouldSuppress' | 'notVerified'> | undefined } | undefined;
}): PlanAutoValidation | null {
  const verified = report.mailboxVerification?.autoValidation;
  if (verified) return verified;
  const account = report.account?.autoValidation;
  return account ? { ...account, wouldSuppress: null } : null;
}

/**
 * The send plan's sentence when SES Auto Validation is on for the check's account or
 * configuration set: SES silently drops, at send time, recipients below the threshold.
 * send.csv still holds them (the plan cannot tell which), so they stay in the plan: its
 * daily counts are what is sent to SES, and SES delivers fewer. The count is the check's
 * (verified rows of send.csv); rows without an SES answer are SES's to judge.
 */
export function autoValidationPlanWarning(recipients: number, setting: PlanAutoValidation | null): string | null {
  if (!setting?.enabled) return null;
  const n = (value: number) => value.toLocaleString('en-US');
  const where = setting.scope === 'account' ? 'the SES account' : `configuration set ${setting.configurationSet ?? ''}`;
  const threshold = setting.threshold === 'MANAGED' ? 'SES managed' : (setting.threshold ?? 'unknown');
  const known = setting.wouldSuppress?.send ?? null;
  const unknown = setting.notVerified?.send ?? null;
  const parts = [
    `SES Auto Validation is on for ${where} (threshold ${threshold}): at send time SES silently drops recipients it judges below it.`,
  ];
  if (known === null) parts.push('The check has no SES answers for this list, so how many of these recipients it drops is not known.');
  else {
    parts.push(
      known > 0
        ? `By the check's SES answers it drops ${n(Math.min(known, recipients))} of the ${n(recipients)} planned recipients.`
        : "By the check's SES answers it drops none of the planned recipients.",
    );
    if (unknown !== null && unknown > 0)
      parts.push(
        `${n(unknown)} of them ${unknown === 1 ? 'has' : 'have'} no SES answer: SES judges ${unknown === 1 ? 'it' : 'those'} itself and may drop ${unknown === 1 ? 'it' : 'some'}.`,
      );
  }
  // Nothing to drop, and every recipient answered: the plan's counts are what SES delivers.
  if (known === 0 && (unknown ?? 0) === 0) return parts.join(' ');
  parts.push('They stay in the plan (send.csv holds them), so each day sends its count to SES and fewer are delivered.');
  return parts.join(' ');
}

/** "$8.12", "$0.01", "$1,234.00"; a price under ten cents keeps up to four decimals ("$0.004", not "$0.00"). */
export function formatUsd(amount: number): string {
  const digits = amount > 0 && amount < 0.1 ? 4 : 2;
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits })}`;
}
