// The one typed map of everything the renderer may ask of the main process, and
// everything the main process may tell it (after GitHub Desktop's ipc-shared.ts).
// Raw ipcMain / ipcRenderer are used only inside the typed wrappers
// (electron/main/ipc.ts and electron/preload/preload.ts). A new channel shows up
// in the IPC surface snapshot test, so it is seen in review.

import type {
  CheckProgress,
  CheckSettings,
  DnsSettings,
  DomainRow,
  InspectResult,
  Report,
  RowPage,
  RowQuery,
  RowSelection,
} from '../model/check';
import type { DecisionPreview, Decisions, RowDecisionKind, SelectionDecisions } from '../model/decisions';
import type { AccountCard, AccountStatus } from '../model/ses';
import type { PlanDocument } from '../plan/document';
import type { PlanProgress, PlanRequest } from '../plan/parameters';
import type { PlanQuota } from '../plan/schedule';
import type { ContactLanguage, MailType, ProductionAccessRequest } from '../ses/production-access';

export interface CheckRequest {
  path: string;
  settings: CheckSettings;
}

export interface ExportResult {
  folder: string;
  /** What was written, sorted; the plan's batch files as "batches/batch-0001.csv". */
  files: string[];
}

/** Preferences the app keeps between runs (never secrets). */
export interface AppPreferences {
  dnsServers: string[];
  dnsConcurrency: number;
  consentMaxAgeDays: number;
  inactiveAfterDays: number;
  awsProfile?: string;
  awsRegion?: string;
  /** How domains are checked; absent: the listed servers if any, else the system's resolvers. */
  dnsMode?: DnsSettings['mode'];
  /** The user's own bounce-rate limit for the send list (0..1); absent: 2%. */
  bounceTarget?: number;
  /** Check with the SES account (suppression list, sandbox gate, quotas). */
  useSes?: boolean;
  /** The From identity whose sender readiness to check (an address or a domain). */
  sesFromIdentity?: string;
}

/** Which SES account card to show: a profile and a region (absent: the SDK's defaults). */
export interface AccountCardRequest {
  profile?: string;
  region?: string;
}

/**
 * The account card, read live from SES, or, when SES could not be asked, the
 * data saved by the last check with the account (the sentence says why).
 */
export type AccountCardResult =
  { source: 'live'; card: AccountCard } | { source: 'saved'; card: AccountCard; savedAt: string; error: string };

/** The SES account's contact lists and their topics, for the Columns screen's picker (account:contact-lists). */
export interface ContactListsResult {
  region: string;
  lists: { name: string; topics: string[] }[];
}

/** The production-access request the user confirmed (account:request-production). */
export interface ProductionAccessSubmission {
  profile?: string;
  region?: string;
  form: {
    mailType: MailType;
    websiteUrl: string;
    contactLanguage?: ContactLanguage;
    useCaseDescription: string;
    additionalContacts?: string[];
  };
  /** Send even though a request was already answered (FAILED, DENIED, GRANTED). */
  resubmit?: boolean;
}

/** What was sent, and the account's review as SES reported it right after (null when that read failed). */
export interface ProductionAccessSubmitted {
  region: string;
  sent: ProductionAccessRequest;
  account: AccountStatus | null;
  /** What to do next for the review status, or null when SES reported none yet. */
  advice: string | null;
}

/** The quota read from SES for the Plan screen (plan:quota). */
export interface PlanQuotaReading {
  quota: PlanQuota;
  /** When SES answered (ISO 8601): SentLast24Hours counts as used until 24 hours later. */
  readAt: string;
  account: AccountStatus;
  /** Why no plan can be made for this account (the sandbox, paused sending), or null. */
  refusal: string | null;
}

/** A send plan of a finished check's send list (plan:create), written to the job's plan folder. */
export interface PlanResult {
  /** plan.json. */
  document: PlanDocument;
  /** What ordered the recipients: send.csv's preflight_risk column, and the engagement columns found. */
  riskColumn: boolean;
  engagementColumns: string[];
  /** The files written, relative to the plan folder: plan.json, plan.csv, plan.ics, batches/batch-0001.csv … */
  files: string[];
}

/** Renderer → main requests, answered by the main process. */
export interface RequestChannels {
  'dialog:open-list': () => string | null;
  'dialog:open-suppression': () => string | null;
  'dialog:choose-export-folder': () => string | null;
  'import:inspect': (path: string) => InspectResult;
  'check:start': (request: CheckRequest) => { jobId: string };
  'check:cancel': (jobId: string) => void;
  'review:rows': (jobId: string, query: RowQuery) => RowPage;
  /** What the Review screen's decisions would do to the verdicts and the send list's forecast, before applying them. */
  'review:preview': (jobId: string, decisions: Decisions) => DecisionPreview;
  /** The row decisions that send, remove or correct the rows selected on the Review screen (resolved by the worker, so "every row matching" needs no loaded rows). */
  'review:decide': (jobId: string, selection: RowSelection, decision: RowDecisionKind) => SelectionDecisions;
  'domains:list': (jobId: string, limit: number) => DomainRow[];
  /** AWS profile names from ~/.aws (names only, never keys). */
  'account:profiles': () => string[];
  'account:card': (request: AccountCardRequest) => AccountCardResult;
  /** The account's SES contact lists (ListContactLists) with their topics (GetContactList). */
  'account:contact-lists': (request: AccountCardRequest) => ContactListsResult;
  /** Sends the production-access request (SESv2 PutAccountDetails) the user confirmed. */
  'account:request-production': (submission: ProductionAccessSubmission) => ProductionAccessSubmitted;
  /** The quota of an SES account, for the Plan screen. */
  'plan:quota': (request: AccountCardRequest) => PlanQuotaReading;
  /** Plans the send of a finished check's send list; a newer plan replaces one still running. */
  'plan:create': (jobId: string, request: PlanRequest) => PlanResult;
  /** The check's files, and its send plan when one was made. */
  'export:write': (jobId: string, folder: string) => ExportResult;
  'prefs:get': () => AppPreferences;
  'prefs:set': (prefs: AppPreferences) => AppPreferences;
  'shell:open-external': (url: string) => void;
  'shell:show-folder': (path: string) => void;
}

export interface CheckFinished {
  jobId: string;
  report: Report;
}

export interface CheckFailed {
  jobId: string;
  /** One sentence for the user. */
  message: string;
  cancelled: boolean;
}

/** What an application-menu item (or its keyboard accelerator) asks the screen to do. */
export type MenuCommand = 'open-list' | 'open-suppression' | 'export' | 'cancel-check' | 'find';

/** Main → renderer events. */
export interface EventChannels {
  'check:progress': (event: { jobId: string; progress: CheckProgress }) => void;
  'check:finished': (event: CheckFinished) => void;
  'check:failed': (event: CheckFailed) => void;
  'plan:progress': (event: { jobId: string; progress: PlanProgress }) => void;
  'menu:command': (event: { command: MenuCommand }) => void;
}

export type RequestChannel = keyof RequestChannels;
export type EventChannel = keyof EventChannels;

/** Every request channel, in one list: the main process registers exactly these. */
export const REQUEST_CHANNELS = [
  'dialog:open-list',
  'dialog:open-suppression',
  'dialog:choose-export-folder',
  'import:inspect',
  'check:start',
  'check:cancel',
  'review:rows',
  'review:preview',
  'review:decide',
  'domains:list',
  'account:profiles',
  'account:card',
  'account:contact-lists',
  'account:request-production',
  'plan:quota',
  'plan:create',
  'export:write',
  'prefs:get',
  'prefs:set',
  'shell:open-external',
  'shell:show-folder',
] as const satisfies readonly RequestChannel[];

export const EVENT_CHANNELS = [
  'check:progress',
  'check:finished',
  'check:failed',
  'plan:progress',
  'menu:command',
] as const satisfies readonly EventChannel[];

// Compile-time proof that the lists above name every channel of the maps.
type Missing<All, Listed> = Exclude<All, Listed>;
const allRequestsListed: Missing<RequestChannel, (typeof REQUEST_CHANNELS)[number]> extends never ? true : false = true;
const allEventsListed: Missing<EventChannel, (typeof EVENT_CHANNELS)[number]> extends never ? true : false = true;
void allRequestsListed;
void allEventsListed;

/**
 * What crosses the wire for a request: errors become data, so the renderer gets
 * the user-facing sentence rather than Electron's "Error invoking remote method…".
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** The API the preload exposes on window.preflight. */
export interface PreflightApi {
  invoke<K extends RequestChannel>(channel: K, ...args: Parameters<RequestChannels[K]>): Promise<ReturnType<RequestChannels[K]>>;
  /** Subscribe to a main → renderer event; returns the unsubscribe function. */
  on<K extends EventChannel>(channel: K, listener: EventChannels[K]): () => void;
  /** The file-system path of a dropped file (Electron's webUtils.getPathForFile). */
  pathForFile(file: unknown): string;
}
