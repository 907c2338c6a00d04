// The SES account as the app, the CLI and report.json see it: plain data only
// (structured-clone and JSON safe), shared by the main process and the renderer.
// The services that fill these live in electron/services/ses/.
import type { ReportReputation } from './reputation';

import type { AutoValidation } from './mailbox';

export type SuppressionReason = 'BOUNCE' | 'COMPLAINT';

/** GetAccount, reduced to what Preflight shows and uses. Quotas are per region. */
export interface AccountStatus {
  region: string;
  /** Recipients per rolling 24 hours; -1 means unlimited. */
  max24HourSend: number;
  /** Messages per second. */
  maxSendRate: number;
  sentLast24Hours: number;
  /** false = the account is in the sandbox in this region. */
  productionAccessEnabled: boolean;
  sendingEnabled: boolean;
  /** HEALTHY, PROBATION or SHUTDOWN (SES may add values: shown as they come). */
  enforcementStatus: string;
  /** The production-access request: PENDING, FAILED, GRANTED or DENIED. */
  reviewStatus?: string;
  reviewCaseId?: string;
  mailType?: string;
  /** Reasons SES adds addresses to the account-level suppression list for. */
  suppressedReasons: SuppressionReason[];
  /** Auto Validation on the account (absent: never set). */
  autoValidation?: AutoValidation;
  /** Virtual Deliverability Manager is ENABLED (GetAccount VdmAttributes); absent when SES did not say. */
  vdmEnabled?: boolean;
}

/** What the app's account card and `ses status` show for one region. */
export interface AccountCard {
  /** The profile name in use ('default' when none was chosen). */
  profile: string;
  account: AccountStatus;
  /** The saved suppression snapshot, if any. */
  suppression: { snapshotAt: string; entries: number } | null;
  /** In the sandbox only: what production access takes, one sentence per line. */
  productionAccess?: string[];
  /** With a production-access request on record: what to do next for its review status. */
  reviewAdvice?: string;
}

/** One region of `ses status --all-regions`: its status, or the sentence saying why it failed. */
export type RegionAccountResult = { region: string; ok: true; account: AccountStatus } | { region: string; ok: false; error: string };

/** The fields report.json carries under "account". */
export interface ReportAccount {
  region: string;
  max24HourSend: number;
  maxSendRate: number;
  sentLast24Hours: number;
  productionAccessEnabled: boolean;
  sendingEnabled: boolean;
  enforcementStatus: string;
  /** When the suppression snapshot the check used was taken (ISO 8601), or null without one. */
  suppressionSnapshotAt: string | null;
  /** The account's Auto Validation (GetAccount), when SES gave one: the plan warns about silent drops even without mailbox verification. */
  autoValidation?: AutoValidation;
  /** Virtual Deliverability Manager (GetAccount VdmAttributes.VdmEnabled); absent when SES did not say. */
  vdmEnabled?: boolean;
  /** SES's open deliverability recommendations (ListRecommendations, VDM only), HIGH impact first. */
  recommendations?: SesRecommendation[];
  /** The sender's own mail per mailbox provider over the last 30 days (VDM only; docs/ses.md). */
  providers?: ProviderHistory[];
  /** What the per-provider history covers, or why there is none (VDM off, refused, unreadable). */
  providerHistory?: ProviderHistoryNote;
  /** The account's own bounce and complaint rates from CloudWatch (absent in reports from before they were read). */
  reputation?: ReportReputation;
}

/** One open finding of SES's deliverability advisor (ListRecommendations, status OPEN). */
export interface SesRecommendation {
  /** DKIM, DMARC, SPF, BIMI, COMPLAINT, BOUNCE, FEEDBACK_3P, IP_LISTING … (SES may add types: shown as they come). */
  type: string;
  /** HIGH or LOW. */
  impact: string;
  /** The resource it is about (an identity's or configuration set's ARN). */
  resource: string;
  /** SES's own words. */
  description: string;
  /** When SES raised it and last updated it (ISO 8601), when SES said. */
  createdAt?: string;
  updatedAt?: string;
}

/** The sender's own sending at one mailbox provider (VDM BatchGetMetricData, ISP dimension). */
export interface ProviderHistory {
  /** SES's ISP name, as asked (Gmail, Yahoo …). */
  isp: string;
  /** Preflight's provider id the ISP maps to (shared/address/providers.ts). */
  provider: string;
  /** Messages sent (SEND), permanent bounces (PERMANENT_BOUNCE) and complaints (COMPLAINT) in the window. */
  sent: number;
  bounces: number;
  complaints: number;
  /** bounces / sent and complaints / sent; null with nothing sent. */
  bounceRate: number | null;
  complaintRate: number | null;
  /** false: SES's numbers failed a sanity check or a metric was not answered; they are shown but never used. */
  verified: boolean;
  /** Why not verified, in one sentence. */
  problem?: string;
  /** What the risk model's provider factors became from this history (1 = unchanged; docs/risk-model.md). */
  bounceFactor?: number;
  complaintFactor?: number;
  /** Rows of this check's send list at this provider. */
  listRows?: number;
}

export interface ProviderHistoryNote {
  /** 'read': the history is in providers; otherwise why there is none. */
  status: 'read' | 'vdm_off' | 'not_read';
  /** The window asked (ISO 8601), when read. */
  from?: string;
  to?: string;
  /** The whole account over the window (isp and provider 'all'), when read. */
  total?: ProviderHistory;
  /** The account's sends in the last 14 days of the window (VDM SEND), when verified: the projection's representative volume. */
  sendsLast14Days?: number;
  /** One or two sentences for the CLI and the app. */
  message: string;
}

export type ReadinessItemId = 'identity_verified' | 'dkim' | 'spf' | 'dmarc' | 'mail_from' | 'ses_recommendation';

export interface ReadinessItem {
  id: ReadinessItemId;
  /** true when nothing needs fixing. */
  ok: boolean;
  /** 'unknown' when it could not be checked (DNS off or failing, SES unreachable). */
  status: 'ok' | 'fix' | 'unknown';
  title: string;
  /** What to do, in one or two plain sentences; '' when ok. */
  fix: string;
  /** What was found (a record, a status), for the curious. */
  detail?: string;
  /** For a 'ses_recommendation' item: SES's open recommendation it shows. */
  recommendation?: SesRecommendation;
}

/** Gmail's, Yahoo's and Microsoft's bulk-sender rules for the From domain (shared/ses/bulk-sender.ts). */
export type BulkRequirementId = 'spf_aligned' | 'dkim_aligned' | 'dmarc_policy' | 'one_click_unsubscribe';

export interface BulkRequirement {
  id: BulkRequirementId;
  /** 'reminder': Preflight cannot see it (message headers); the user must make sure. */
  status: 'ok' | 'fix' | 'unknown' | 'reminder';
  title: string;
  /** What to do; '' when ok. */
  fix: string;
}

export interface BulkSenderReadiness {
  domain: string;
  /** Every requirement Preflight can check is met (the unsubscribe reminder aside). */
  met: boolean;
  requirements: BulkRequirement[];
}

/** Sender readiness of one From identity (an address or a domain). */
export interface Readiness {
  identity: string;
  domain: string;
  region: string;
  /** Every item is ok. */
  ready: boolean;
  items: ReadinessItem[];
  /** Gmail's, Yahoo's and Microsoft's rules for senders of 5,000 or more a day, for the From domain. */
  bulkSender?: BulkSenderReadiness;
}

/**
 * Regions where SES offers its API (email.<region>.amazonaws.com), commercial
 * partition. Source: AWS General Reference, "Amazon Simple Email Service endpoints
 * and quotas" (https://docs.aws.amazon.com/general/latest/gr/ses.html). GovCloud and
 * China need their own partitions' credentials, so `--all-regions` leaves them out;
 * any region can still be named with --region.
 */
export const SES_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'sa-east-1',
];

/**
 * Regions an account must enable before use (AWS Account Management, "Specify which
 * AWS Regions your account can use"): until then AWS answers
 * UnrecognizedClientException there.
 */
export const OPT_IN_REGIONS: readonly string[] = ['af-south-1', 'ap-south-2', 'ap-southeast-3', 'eu-south-1', 'il-central-1', 'me-south-1'];

/**
 * What a sandbox account needs to know, from the production-access guide
 * (docs/sources.md; docs/ses-production-access.txt): one sentence per line.
 */
export function productionAccessAdvice(region: string): string[] {
  return [
    `In the sandbox SES delivers only to verified identities and the mailbox simulator, at most 200 messages per 24 hours and 1 per second: every other recipient is removed as unverified_sandbox.`,
    `Request production access for ${region} in the SES console (Account dashboard → Request production access) or through the AWS Support Center; each region needs its own request.`,
    `AWS looks for a clear use case, a verifiable opt-in process, SPF, DKIM and preferably DMARC, an unsubscribe link where it applies, and bounce and complaint handling (SNS notifications or your own monitoring).`,
    `Keep the bounce rate under 5% and the complaint rate under 0.1%; reviews usually take 24–48 hours.`,
  ];
}
