// The shapes that cross process boundaries: what the user chose, what the engine
// found, and what it reports. Plain data only (structured-clone and JSON safe).

import type { AccountProjection, ListForecast, RiskHistogram, UnusualRemoval } from './risk';
import type { ConsentRole, OptOutKind, Reading } from './consent';
import type { MailboxVerificationReport, SavedMailboxInsight, VerifyMailboxSettings } from './mailbox';
import type { AppliedDecision, Decisions, ReportDecisions } from './decisions';
import type { Readiness, ReportAccount } from './ses';
import type { ReasonCode, Verdict } from './reasons';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t' | '|';

/** What the roles of the list's columns are. Indices into the header row. */
export type ColumnRole = 'email' | 'consent' | 'optInDate' | 'lastActivity' | 'doubleOptIn' | 'optOut' | 'status' | 'verifier';

export interface ColumnGuess {
  index: number;
  name: string;
  /** 0..1: how sure the detection is. */
  confidence: number;
  /** Why it was picked, for the Columns screen ("header 'E-mail', 98% of sampled cells are addresses"). */
  why: string;
  /** Consent columns: how their values are read, as a sentence the user can check (describeColumn). */
  meaning?: string;
  /** Opt-out columns: whether they record unsubscribes or bounces. */
  optOutKind?: OptOutKind;
  /** Verifier columns: which verifier wrote them, when Preflight can tell. */
  verifier?: string;
}

/** A column that looks like a consent source but whose values Preflight cannot read: shown with a warning, not used. */
export interface UnreadableColumn {
  index: number;
  name: string;
  role: ConsentRole;
  warning: string;
}

export interface DetectedColumns {
  email: ColumnGuess | null;
  consent: ColumnGuess | null;
  optInDate: ColumnGuess | null;
  /** Last open, last click, last activity: the most recent of them counts. */
  lastActivity: ColumnGuess[];
  doubleOptIn: ColumnGuess | null;
  /** Opt-out flags (CRM unsubscribe columns): any one that says "opted out" removes the row. */
  optOut: ColumnGuess[];
  /** An ESP member status (subscribed, unsubscribed, cleaned, pending …). */
  status: ColumnGuess | null;
  /** An earlier verifier's results (ZeroBounce, NeverBounce, Kickbox …). */
  verifier: ColumnGuess | null;
  /** Consent-looking columns left unused because their values could not be read. */
  unreadable: UnreadableColumn[];
}

/** The columns the check will use, after the user's overrides. null = not present. */
export interface ColumnSelection {
  email: number;
  consent: number | null;
  optInDate: number | null;
  lastActivity: number[];
  doubleOptIn: number | null;
  optOut: number[];
  status: number | null;
  verifier: number | null;
}

/** The first look at a file: enough to show the Columns screen. */
export interface InspectResult {
  path: string;
  fileName: string;
  bytes: number;
  encoding: Encoding;
  delimiter: Delimiter;
  headers: string[];
  /** Up to 20 data rows, as parsed, for the preview. */
  sample: string[][];
  detected: DetectedColumns;
  /** Things the user should know about how the file was read (e.g. bytes that were not valid UTF-8). */
  notes: string[];
}

export interface DnsSettings {
  /** 'system' uses the OS resolvers, 'servers' the listed ones, 'off' skips domain checks. */
  mode: 'system' | 'servers' | 'off';
  /** HOST or HOST:PORT, used when mode is 'servers'. */
  servers: string[];
  /** Queries in flight at once. */
  concurrency: number;
  /** Per-query time-out in milliseconds. */
  timeoutMs: number;
  /** Tries per query, the first included. */
  attempts: number;
}

export interface SesSettings {
  profile?: string;
  region?: string;
  /** The From identity whose readiness to check (an address or a domain). */
  fromIdentity?: string;
  /** Ask SES Email Validation about the riskiest mailboxes (billed per address), or estimate what it would cost. */
  verifyMailboxes?: VerifyMailboxSettings;
  /** An SES contact list whose opt-outs are removed (`unsubscribed`). */
  contactList?: string;
  /** The campaign's topic on that list: its opt-outs are removed too. */
  topic?: string;
}

export interface CheckSettings {
  /** Column names the user forced (CLI) – resolved against the headers by the engine. */
  emailColumn?: string;
  consentColumn?: string;
  /** Opt-out columns named on the command line (--opt-out-column, repeatable); replace the detected ones. */
  optOutColumns?: string[];
  statusColumn?: string;
  verifierColumn?: string;
  /** Indices chosen on the Columns screen; wins over the names. */
  columns?: Partial<ColumnSelection>;
  /** Opt-in older than this many days → consent_stale. */
  consentMaxAgeDays: number;
  /** No open or click within this many days → inactive. */
  inactiveAfterDays: number;
  /** A suppression file (SES bulk-import CSV or JSON lines). */
  suppressionFile?: string;
  /** No network at all: no DNS, no SES. */
  offline: boolean;
  dns: DnsSettings;
  /** Use the SES account (suppression list, sandbox gate, quotas). */
  ses?: SesSettings;
  /** Where the DNS cache and SES snapshots live. */
  cacheDir?: string;
  /** The moment the check counts ages from (ISO 8601). Defaults to now; fixed in tests. */
  now?: string;
  /** A person's decisions about review rows (shared/model/decisions.ts): applied after every rule. */
  decisions?: Decisions;
}

export const DEFAULT_SETTINGS: CheckSettings = {
  // Two years: Google and Microsoft close accounts unused for 24 months (docs/sources.md).
  consentMaxAgeDays: 730,
  // One year: Yahoo deactivates accounts after 12 months without sign-in (docs/sources.md).
  inactiveAfterDays: 365,
  offline: false,
  dns: { mode: 'system', servers: [], concurrency: 64, timeoutMs: 2500, attempts: 3 },
};

/** What the engine decided for one row. */
export interface RowVerdict {
  verdict: Verdict;
  reasons: ReasonCode[];
  /** A full corrected address, or ''. */
  suggestion: string;
  /** The normalised address, or '' when none could be made. */
  normalized: string;
  /** Probability of a hard bounce, when the risk model has run. */
  risk?: number;
}

export type CheckPhase = 'reading' | 'domains' | 'account' | 'writing' | 'done';

export interface CheckProgress {
  phase: CheckPhase;
  /** Bytes of the input read in the current pass. */
  bytesRead: number;
  bytesTotal: number;
  rows: number;
  domainsDone: number;
  domainsTotal: number;
  /** A status line for slow steps without a byte count (reading the SES account). */
  message?: string;
}

export interface DomainSummary {
  checked: number;
  fromCache: number;
  byStatus: Record<string, number>;
  /** Rows whose domain was not checked (offline, --no-dns). */
  rowsUnchecked: number;
}

export interface Report {
  tool: { name: 'preflight'; version: string };
  generatedAt: string;
  rows: number;
  verdicts: Record<Verdict, number>;
  reasons: Partial<Record<ReasonCode, number>>;
  columns: {
    email: string;
    consent: string | null;
    optInDate: string | null;
    lastActivity: string[];
    doubleOptIn: string | null;
    optOut: string[];
    status: string | null;
    verifier: string | null;
    /** Every consent-related column used: its role, how its values were read, and the reasons it gave. */
    consentSources: ConsentSourceReport[];
  };
  input: {
    file: string;
    bytes: number;
    encoding: Encoding;
    delimiter: Delimiter;
    /** Rows whose field count differs from the header's: kept, and counted here. */
    raggedRows: number;
  };
  /** Plain-language warnings the user must see (no consent column, etc.). */
  warnings: string[];
  settings: {
    consentMaxAgeDays: number;
    inactiveAfterDays: number;
    offline: boolean;
    dns: DnsSettings['mode'];
    suppressionFile: string | null;
  };
  suppression?: { source: string; entries: number; matched: number };
  domains?: DomainSummary;
  /** With --ses: the account the check used. */
  account?: ReportAccount;
  /** With --ses --contact-list: the SES contact list whose opt-outs the check removed. */
  contactList?: ReportContactList;
  /** With --ses --from: the From identity's sender readiness. */
  readiness?: Readiness;
  /** In a sandbox account: what production access takes, one sentence per line. */
  productionAccess?: string[];
  /** The risk stage's forecast for the send list and for the list as imported. */
  forecast?: ReportForecast;
  /** Rows by bounce probability, on one set of bins for both lists. */
  riskHistogram?: { send: RiskHistogram; all: RiskHistogram };
  /** With --verify-mailboxes (or its estimate): what SES Email Validation was asked, what it said, what it cost. */
  mailboxVerification?: MailboxVerificationReport;
  /** With decisions (--accept, --exclude, --decisions, the Review screen): what was decided and the rows it moved. `verdicts` and the forecast are after them. */
  decisions?: ReportDecisions;
  /** Set when far more rows are removed than a list normally loses (shared/risk/unusual-removal.ts); its warning is also warnings[0]. */
  unusualRemoval?: UnusualRemoval;
}

export interface ReportContactList {
  name: string;
  /** The campaign's topic, or null when none was named (then only UnsubscribeAll counts). */
  topic: string | null;
  /** "SES contact list NAME (region, read TIME)": the source of the rows' `unsubscribed`. */
  source: string;
  /** Contacts on the list, and how many of them may not be mailed for this send. */
  contacts: number;
  optedOut: number;
  /** Rows removed as `unsubscribed` because of the list. */
  matched: number;
}

export interface ReportForecast {
  /** The send list (after cleaning). */
  send: ListForecast;
  /** The list as imported. */
  all: ListForecast;
  sesThresholds: { bounceReview: number; bouncePause: number; complaintReview: number; complaintPause: number };
  /** The bounce rate the app warns above (DEFAULT_BOUNCE_TARGET). */
  bounceTarget: number;
  /** With --ses and the account's reputation read: where sending send.csv takes the account's own rates (shared/risk/projection.ts). */
  account?: AccountProjection;
}

/** How one consent column was read, for report.json and the Review screen. */
export interface ConsentSourceReport {
  column: string;
  role: ConsentRole;
  /** The sentence describeColumn gives for the values in this list. */
  meaning: string;
  /** Opt-out columns: what they record. */
  optOutKind?: OptOutKind;
  /** Verifier columns: which verifier, when Preflight can tell. */
  verifier?: string;
  /** The most frequent values (as written, blank = ""), how each was read and on how many rows. */
  values: { value: string; reading: Reading; rows: number }[];
  /** Rows with values not listed in `values` (a column with many distinct values). */
  otherRows: number;
  /** Rows this column gave each reason. */
  reasons: Partial<Record<ReasonCode, number>>;
}

/** One row as the review table shows it. */
export interface ReviewRow {
  /** 1-based data row number (the header is row 0). */
  row: number;
  email: string;
  normalized: string;
  verdict: Verdict;
  reasons: ReasonCode[];
  suggestion: string;
  /** Probability of a hard bounce (0..1), and what contributed most to it. */
  risk?: number;
  riskFactors?: { label: string; effect: number }[];
  /** Consent reasons and the column that gave each (e.g. unsubscribed ← "Email Opt Out"). */
  reasonColumns?: { reason: ReasonCode; column: string }[];
  /** What SES Email Validation said about the mailbox, when it was asked (or answered from saved answers). */
  mailbox?: SavedMailboxInsight;
  /** The person's decision that set the verdict (annotated.csv's preflight_decision). */
  decision?: AppliedDecision;
  /** The normalised address with its domain in Unicode, when the domain is internationalised (xn--): shown instead, the ASCII form in the details. */
  normalizedUnicode?: string;
  /** While searching: the first cell other than the email that holds the search text, and where. */
  match?: RowMatch;
}

/** A search hit in one of a row's cells: the column, the cell as written, and the matched part. */
export interface RowMatch {
  column: string;
  text: string;
  start: number;
  length: number;
}

/** Which rows of the review table: a verdict, a reason, a search, a suggested domain (all optional, all must match). */
export interface RowFilter {
  verdict?: Verdict;
  reason?: ReasonCode;
  /** Text in any cell of the row, or in its normalised address (case and accents ignored). */
  search?: string;
  /** Rows whose typo suggestion is on this domain (e.g. gmail.com). */
  suggestionDomain?: string;
}

export interface RowQuery extends RowFilter {
  offset: number;
  limit: number;
}

/**
 * Rows a person selected in the review table, as the filter they were shown under and,
 * unless every match is meant, ranges of places in the filter's matches ([start, end),
 * input order). The worker resolves it: the renderer holds only the pages in view.
 */
export interface RowSelection {
  filter: RowFilter;
  /** Absent: every row matching the filter. */
  ranges?: [number, number][];
}

export interface RowPage {
  /** Rows matching the filter, in input order. */
  total: number;
  offset: number;
  rows: ReviewRow[];
  /** Why a search covered less than every cell (the list changed since the check). */
  note?: string;
}

export interface DomainRow {
  /** ASCII (an internationalised domain in its xn-- form). */
  domain: string;
  /** The domain in Unicode, when it is internationalised. */
  unicode?: string;
  rows: number;
  status: string;
}
