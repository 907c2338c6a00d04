// A small SESv2 endpoint for tests, speaking the REST-JSON protocol the real
// service speaks, so the tests drive the real @aws-sdk/client-sesv2 end to end:
// SigV4 Authorization header required (its credential scope names the region),
// typed errors through the `x-amzn-errortype` header with a JSON {"message"} body
// and the matching HTTP status, epoch-second timestamps, opaque NextToken paging,
// and HTTP 429 TooManyRequestsException above the configured rate (SES: about one
// request per second for every non-send action, per account and region).
// GetEmailAddressInsights (SES Email Validation) answers per address from the
// state (verdicts, an unusable answer, a refusal), and GetAccount and
// GetConfigurationSet carry Auto Validation when the state sets it.
// PutAccountDetails (the production-access request) validates its members and
// opens a PENDING review that GetAccount then reports, as SES does.
//
// It never checks signatures (tests use fake static keys) and never records
// anything secret: only whether the auth and session-token headers were present.
// The hostile 'EchoCredentials…' faults quote them back in the error message,
// as AWS's IncompleteSignatureException quotes the Authorization header.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { answerBatchGetMetricData, answerListRecommendations, VdmRequestError, type FakeVdm } from './ses-vdm';

export type { FakeRecommendation, FakeVdm, FakeVdmMetric } from './ses-vdm';

export type SuppressionReason = 'BOUNCE' | 'COMPLAINT';
export type VerificationStatus = 'PENDING' | 'SUCCESS' | 'FAILED' | 'TEMPORARY_FAILURE' | 'NOT_STARTED';

export interface FakeAccount {
  productionAccessEnabled: boolean;
  sendingEnabled: boolean;
  enforcementStatus: string;
  max24HourSend: number;
  maxSendRate: number;
  sentLast24Hours: number;
  suppressedReasons: SuppressionReason[];
  mailType?: 'MARKETING' | 'TRANSACTIONAL';
  websiteUrl?: string;
  /** Set by PutAccountDetails as SES keeps them (GetAccount Details). */
  contactLanguage?: 'EN' | 'JA';
  useCaseDescription?: string;
  additionalContactEmailAddresses?: string[];
  reviewStatus?: 'PENDING' | 'FAILED' | 'GRANTED' | 'DENIED';
  reviewCaseId?: string;
  /** Auto Validation on the account (GetAccount SuppressionAttributes.ValidationAttributes); absent = never set. */
  autoValidation?: { enabled: boolean; threshold: 'MEDIUM' | 'HIGH' | 'MANAGED' };
  /** Virtual Deliverability Manager (GetAccount VdmAttributes.VdmEnabled); absent = GetAccount carries no VdmAttributes. */
  vdmEnabled?: boolean;
}

export type FakeConfidence = 'LOW' | 'MEDIUM' | 'HIGH';

/**
 * What GetEmailAddressInsights answers for one address: SES's verdicts, or
 * 'malformed' (a 200 whose IsValid carries a verdict SES never gives), or
 * 'refused' (400 BadRequestException, as SES answers an address it will not judge).
 */
export type FakeMailboxInsight = FakeMailboxVerdicts | 'malformed' | 'refused';

export interface FakeMailboxVerdicts {
  isValid: FakeConfidence;
  hasValidSyntax?: FakeConfidence;
  hasValidDnsRecords?: FakeConfidence;
  mailboxExists?: FakeConfidence;
  isRoleAddress?: FakeConfidence;
  isDisposable?: FakeConfidence;
  isRandomInput?: FakeConfidence;
}

/** A deliverable personal mailbox, as SES describes one. */
export const VALID_MAILBOX: FakeMailboxVerdicts = {
  isValid: 'HIGH',
  hasValidSyntax: 'HIGH',
  hasValidDnsRecords: 'HIGH',
  mailboxExists: 'HIGH',
  isRoleAddress: 'LOW',
  isDisposable: 'LOW',
  isRandomInput: 'LOW',
};

/** A mailbox that does not exist on a live domain. */
export const MISSING_MAILBOX: FakeMailboxVerdicts = { ...VALID_MAILBOX, isValid: 'LOW', mailboxExists: 'LOW' };

export interface FakeIdentity {
  name: string;
  type: 'EMAIL_ADDRESS' | 'DOMAIN' | 'MANAGED_DOMAIN';
  /** Default SUCCESS. */
  verificationStatus?: VerificationStatus;
  /** Default true. */
  sendingEnabled?: boolean;
  /** Default: not signing, NOT_STARTED. */
  dkim?: { signingEnabled: boolean; status: VerificationStatus; tokens?: string[] };
  /** A custom MAIL FROM domain; absent = none configured. */
  mailFrom?: {
    domain: string;
    status: 'PENDING' | 'SUCCESS' | 'FAILED' | 'TEMPORARY_FAILURE';
    behaviorOnMxFailure?: 'USE_DEFAULT_VALUE' | 'REJECT_MESSAGE';
  };
}

export interface FakeSuppressed {
  email: string;
  reason: SuppressionReason;
  /** When SES recorded it: a Date, an ISO string or epoch milliseconds. */
  lastUpdate: Date | string | number;
}

/** What a faulty request gets instead of its answer. */
export type FakeFault =
  | 'InternalFailure' // 500
  | 'ServiceUnavailable' // 503
  | 'AccessDenied' // 403 AccessDeniedException naming the ses: action
  | 'ExpiredToken' // 403 ExpiredTokenException
  | 'UnrecognizedClient' // 403 UnrecognizedClientException (bad key, or an opt-in region not enabled)
  | 'Throttling' // 429 TooManyRequestsException
  | 'Hang' // never answers: the client can only time out
  | 'Reset' // the connection is dropped without an answer
  // Hostile: an error whose message quotes the request's Authorization header (access key ID
  // included) and its X-Amz-Security-Token, plain and URL-encoded.
  | 'EchoCredentials400' // 400 IncompleteSignatureException, as AWS words it
  | 'EchoCredentials403' // 403 ForbiddenException (a proxy or gateway in front of SES)
  | 'EchoCredentials404' // 404 NotFoundException
  | 'EchoCredentials418' // 418, an error type the SDK does not know
  // Hostile answers to a request that succeeds:
  | 'HugeBody' // 200 declaring Content-Length 3 GiB, then sending until the client hangs up
  | 'HugeChunkedBody' // 200 without a length, sending up to 3 GiB until the client hangs up
  | 'TrickleBody' // the real answer, one byte every trickleIntervalMs
  | 'NotJson'; // 200 with an HTML page (a captive portal, a proxy's login page)

/** An SES contact list (list management): its topics and contacts. */
export interface FakeContactList {
  name: string;
  topics?: { name: string; defaultStatus: 'OPT_IN' | 'OPT_OUT'; displayName?: string }[];
  contacts?: FakeContact[];
}

export interface FakeContact {
  email: string;
  unsubscribeAll?: boolean;
  /** The contact's own choices by topic name (TopicPreferences); a topic not named takes its default. */
  preferences?: Record<string, 'OPT_IN' | 'OPT_OUT'>;
}

export interface FakeRegionState {
  account?: FakeAccount;
  identities?: FakeIdentity[];
  suppressed?: FakeSuppressed[];
  contactLists?: FakeContactList[];
  /** Every request signed for this region gets this fault. */
  fault?: FakeFault;
}

export interface FakeSesState {
  account: FakeAccount;
  identities?: FakeIdentity[];
  suppressed?: FakeSuppressed[];
  /** The account's contact lists (SES allows one per account). */
  contactLists?: FakeContactList[];
  /** ListContacts answers this many empty pages, each with a NextToken, before the contacts (as users see AWS do). */
  emptyContactPages?: number;
  /** Per-region differences (the region is read from the request's SigV4 credential scope). */
  regions?: Record<string, FakeRegionState>;
  /**
   * Requests allowed per second for these non-send calls, per region, as a token
   * bucket holding `burst` tokens (default 1/s with a burst of 1, as SES).
   * null turns the limit off.
   */
  rateLimit?: { perSecond: number; burst?: number } | null;
  /** Whether a sandbox account may read its suppression list (default 'allowed'). */
  suppressionInSandbox?: 'allowed' | 'refused';
  /** PageSize when the request names none (default 100) and the largest accepted (default 1000). */
  defaultPageSize?: number;
  maxPageSize?: number;
  /** When set, a request signed for another region is refused as AWS refuses an unknown region. */
  signingRegions?: string[];
  /** GetEmailAddressInsights answers by lower-case address; any other address gets defaultMailboxInsight (default VALID_MAILBOX). */
  mailboxInsights?: Record<string, FakeMailboxInsight>;
  defaultMailboxInsight?: FakeMailboxInsight;
  /** Configuration sets by name, with their Auto Validation setting (GetConfigurationSet SuppressionOptions.ValidationOptions). */
  configurationSets?: Record<string, { autoValidation?: { enabled: boolean; threshold: 'MEDIUM' | 'HIGH' | 'MANAGED' } }>;
  /**
   * Hostile paging for the List operations: 'same-token' answers the first page
   * with one NextToken forever, 'endless' with a new NextToken each time.
   */
  hostilePaging?: 'same-token' | 'endless';
  /** Per operation, rewrites the answer before it is sent (wrong types, missing fields). */
  rewriteAnswer?: Partial<Record<string, (answer: Record<string, unknown>) => unknown>>;
  /** Time between two bytes of a 'TrickleBody' answer (default 1000 ms). */
  trickleIntervalMs?: number;
  /** Virtual Deliverability Manager's metrics and recommendations (ses-vdm.ts). */
  vdm?: FakeVdm;
}

export interface RecordedRequest {
  /** performance.now() when the request arrived. */
  at: number;
  method: string;
  /** Decoded path, e.g. /v2/email/identities/user@example.com */
  path: string;
  query: Record<string, string[]>;
  /** The parsed JSON body of a POST, if any. */
  body?: unknown;
  operation: string;
  /** Region of the SigV4 credential scope, or null when unsigned. */
  region: string | null;
  /** An Authorization header was present (its value is never kept). */
  auth: boolean;
  /** An x-amz-security-token header was present (its value is never kept). */
  sessionToken: boolean;
  status: number;
  errorType?: string;
}

export interface FaultMatch {
  /** Only requests of this operation (e.g. 'ListSuppressedDestinations'). */
  operation?: string;
  /** Only requests signed for this region. */
  region?: string;
}

export interface RunningSesServer {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  setState(patch: Partial<FakeSesState>): void;
  /** The next `count` requests (matching `match`) fail with `fault`. */
  injectFaults(fault: FakeFault, count: number, match?: FaultMatch): void;
  clearRequests(): void;
  stop(): Promise<void>;
}

export function sandboxAccount(overrides: Partial<FakeAccount> = {}): FakeAccount {
  // The sandbox's fixed limits: 200 messages per 24 hours, 1 per second (docs/sources.md).
  return {
    productionAccessEnabled: false,
    sendingEnabled: true,
    enforcementStatus: 'HEALTHY',
    max24HourSend: 200,
    maxSendRate: 1,
    sentLast24Hours: 0,
    suppressedReasons: ['BOUNCE', 'COMPLAINT'],
    ...overrides,
  };
}

export function productionAccount(overrides: Partial<FakeAccount> = {}): FakeAccount {
  return {
    productionAccessEnabled: true,
    sendingEnabled: true,
    enforcementStatus: 'HEALTHY',
    max24HourSend: 50_000,
    maxSendRate: 14,
    sentLast24Hours: 1_234,
    suppressedReasons: ['BOUNCE', 'COMPLAINT'],
    mailType: 'MARKETING',
    reviewStatus: 'GRANTED',
    reviewCaseId: '1234567890',
    ...overrides,
  };
}

/** `count` suppressed addresses, user00000@<domain>…, alternating BOUNCE / COMPLAINT (every 5th a complaint). */
export function generateSuppressed(count: number, options: { domain?: string; since?: Date; stepMs?: number } = {}): FakeSuppressed[] {
  const domain = options.domain ?? 'bounced.test';
  const since = (options.since ?? new Date('2024-01-01T00:00:00Z')).getTime();
  const step = options.stepMs ?? 60_000;
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => ({
    email: `user${String(i).padStart(width, '0')}@${domain}`,
    reason: i % 5 === 4 ? 'COMPLAINT' : 'BOUNCE',
    lastUpdate: since + i * step,
  }));
}

function conditionThreshold(setting: { enabled: boolean; threshold: 'MEDIUM' | 'HIGH' | 'MANAGED' }) {
  return {
    ConditionThresholdEnabled: setting.enabled ? 'ENABLED' : 'DISABLED',
    OverallConfidenceThreshold: { ConfidenceVerdictThreshold: setting.threshold },
  };
}
/** Faults that change a successful answer rather than replace it with an error. */
const ANSWER_FAULTS = new Set<FakeFault>(['HugeBody', 'HugeChunkedBody', 'TrickleBody', 'NotJson']);

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    /** Real AWS appends a namespace to some error types; the SDK strips it. */
    readonly typeSuffix = '',
  ) {
    super(message);
  }
}

interface Route {
  operation: string;
  method: string;
  pattern: RegExp;
  handle(ctx: RouteContext): unknown;
}

interface RouteContext {
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
  region: string;
  view: RegionView;
}

interface RegionView {
  account: FakeAccount;
  identities: FakeIdentity[];
  suppressed: FakeSuppressed[];
  contactLists: FakeContactList[];
}

const epochSeconds = (value: Date | string | number): number => {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return ms / 1000;
};

/** SES accepts ISO 8601 or epoch seconds for query timestamps; the SDK sends ISO 8601. */
function parseQueryDate(raw: string | null, name: string): number | null {
  if (raw === null || raw === '') return null;
  const ms = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
  if (Number.isNaN(ms)) throw new HttpFailure(400, 'BadRequestException', `Invalid ${name}: ${raw}`);
  return ms;
}

function parsePageSize(raw: unknown, fallback: number, max: number): number {
  if (raw === null || raw === undefined || raw === '') return fallback;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new HttpFailure(400, 'BadRequestException', `PageSize must be between 1 and ${max}.`);
  }
  return size;
}

// NextToken: opaque to the client, tied to the listing it came from.
function makeToken(offset: number, listing: string): string {
  return Buffer.from(JSON.stringify({ o: offset, l: listing })).toString('base64url');
}

function readToken(token: unknown, listing: string): number {
  if (token === null || token === undefined || token === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { o: unknown; l: unknown };
    if (typeof parsed.o === 'number' && parsed.l === listing) return parsed.o;
  } catch {
    // fall through
  }
  throw new HttpFailure(400, 'BadRequestException', 'The NextToken is invalid.');
}

function page<T>(items: T[], offset: number, size: number, listing: string): { items: T[]; next?: string } {
  const slice = items.slice(offset, offset + size);
  const end = offset + slice.length;
  return end < items.length ? { items: slice, next: makeToken(end, listing) } : { items: slice };
}

function identityInfo(identity: FakeIdentity) {
  return {
    IdentityType: identity.type,
    IdentityName: identity.name,
    SendingEnabled: identity.sendingEnabled ?? true,
    VerificationStatus: identity.verificationStatus ?? 'SUCCESS',
  };
}

export async function startSesServer(initial: FakeSesState): Promise<RunningSesServer> {
  let state: FakeSesState = { ...initial };
  const requests: RecordedRequest[] = [];
  const pendingFaults: { fault: FakeFault; left: number; match: FaultMatch }[] = [];
  const buckets = new Map<string, { tokens: number; at: number }>();
  const sockets = new Set<Socket>();

  const viewFor = (region: string): RegionView => {
    const override = state.regions?.[region];
    return {
      account: override?.account ?? state.account,
      identities: override?.identities ?? state.identities ?? [],
      suppressed: override?.suppressed ?? state.suppressed ?? [],
      contactLists: override?.contactLists ?? state.contactLists ?? [],
    };
  };

  const listIdentities = (ctx: RouteContext, token: unknown, rawSize: unknown) => {
    const size = parsePageSize(rawSize, state.defaultPageSize ?? 100, state.maxPageSize ?? 1000);
    const { items, next } = page(ctx.view.identities, readToken(token, 'identities'), size, 'identities');
    return { EmailIdentities: items.map(identityInfo), ...(next ? { NextToken: next } : {}) };
  };

  const vdmAnswer = (answer: () => unknown) => {
    try {
      return answer();
    } catch (error) {
      if (error instanceof VdmRequestError) throw new HttpFailure(error.status, error.errorType, error.message);
      throw error;
    }
  };

  const routes: Route[] = [
    {
      operation: 'BatchGetMetricData',
      method: 'POST',
      pattern: /^\/v2\/email\/metrics\/batch$/,
      handle: (ctx) => vdmAnswer(() => answerBatchGetMetricData(ctx.body, state.vdm ?? {})),
    },
    {
      operation: 'ListRecommendations',
      method: 'POST',
      pattern: /^\/v2\/email\/vdm\/recommendations$/,
      handle: (ctx) => vdmAnswer(() => answerListRecommendations(ctx.body, state.vdm ?? {}, { page, readToken })),
    },
    {
      operation: 'GetAccount',
      method: 'GET',
      pattern: /^\/v2\/email\/account$/,
      handle: ({ view: { account } }) => ({
        DedicatedIpAutoWarmupEnabled: false,
        EnforcementStatus: account.enforcementStatus,
        ProductionAccessEnabled: account.productionAccessEnabled,
        SendQuota: {
          Max24HourSend: account.max24HourSend,
          MaxSendRate: account.maxSendRate,
          SentLast24Hours: account.sentLast24Hours,
        },
        SendingEnabled: account.sendingEnabled,
        SuppressionAttributes: {
          SuppressedReasons: account.suppressedReasons,
          ...(account.autoValidation ? { ValidationAttributes: { ConditionThreshold: conditionThreshold(account.autoValidation) } } : {}),
        },
        ...(account.vdmEnabled !== undefined ? { VdmAttributes: { VdmEnabled: account.vdmEnabled ? 'ENABLED' : 'DISABLED' } } : {}),
        ...(account.mailType || account.reviewStatus
          ? {
              Details: {
                ...(account.mailType ? { MailType: account.mailType } : {}),
                ...(account.websiteUrl ? { WebsiteURL: account.websiteUrl } : {}),
                ContactLanguage: account.contactLanguage ?? 'EN',
                UseCaseDescription: account.useCaseDescription ?? 'Newsletters to subscribers who opted in.',
                ...(account.additionalContactEmailAddresses
                  ? { AdditionalContactEmailAddresses: account.additionalContactEmailAddresses }
                  : {}),
                ...(account.reviewStatus ? { ReviewDetails: { Status: account.reviewStatus, CaseId: account.reviewCaseId } } : {}),
              },
            }
          : {}),
      }),
    },
    {
      // PutAccountDetails as SES answers it (SESv2 API reference): the members'
      // constraints as BadRequestException, a request while one is under review as
      // ConflictException (409); a request for production access opens a review
      // case, PENDING, which GetAccount then reports in Details.ReviewDetails.
      operation: 'PutAccountDetails',
      method: 'POST',
      pattern: /^\/v2\/email\/account\/details$/,
      handle: (ctx) => {
        const { MailType, WebsiteURL, ContactLanguage, UseCaseDescription, AdditionalContactEmailAddresses, ProductionAccessEnabled } =
          ctx.body;
        const invalid = (message: string) => new HttpFailure(400, 'BadRequestException', message);
        if (MailType !== 'MARKETING' && MailType !== 'TRANSACTIONAL')
          throw invalid(`Invalid MailType: ${String(MailType)}. Valid values: MARKETING, TRANSACTIONAL.`);
        if (typeof WebsiteURL !== 'string' || WebsiteURL.length < 1 || WebsiteURL.length > 1000 || !/^https?:\/\/\S+$/.test(WebsiteURL))
          throw invalid('Invalid WebsiteURL.');
        if (ContactLanguage !== undefined && ContactLanguage !== 'EN' && ContactLanguage !== 'JA')
          throw invalid(`Invalid ContactLanguage: ${String(ContactLanguage)}. Valid values: EN, JA.`);
        if (
          UseCaseDescription !== undefined &&
          (typeof UseCaseDescription !== 'string' || UseCaseDescription.length < 1 || UseCaseDescription.length > 5000)
        ) {
          throw invalid('UseCaseDescription must be between 1 and 5000 characters.');
        }
        if (AdditionalContactEmailAddresses !== undefined) {
          const contacts = AdditionalContactEmailAddresses as unknown[];
          if (!Array.isArray(contacts) || contacts.length < 1 || contacts.length > 4)
            throw invalid('AdditionalContactEmailAddresses must have between 1 and 4 members.');
          for (const contact of contacts) {
            if (typeof contact !== 'string' || contact.length < 6 || contact.length > 254 || !/^(.+)@(.+)$/.test(contact))
              throw invalid(`Invalid email address: ${String(contact)}.`);
          }
        }
        const account = ctx.view.account;
        if (account.reviewStatus === 'PENDING')
          throw new HttpFailure(409, 'ConflictException', 'There is already an ongoing account details update under review.');
        const requested = ProductionAccessEnabled === true && !account.productionAccessEnabled;
        const updated: FakeAccount = {
          ...account,
          mailType: MailType,
          websiteUrl: WebsiteURL,
          contactLanguage: (ContactLanguage as 'EN' | 'JA' | undefined) ?? 'EN',
          ...(UseCaseDescription !== undefined ? { useCaseDescription: UseCaseDescription as string } : {}),
          ...(AdditionalContactEmailAddresses !== undefined
            ? { additionalContactEmailAddresses: AdditionalContactEmailAddresses as string[] }
            : {}),
          ...(requested ? { reviewStatus: 'PENDING' as const, reviewCaseId: String(9_000_000_000 + requests.length) } : {}),
        };
        if (state.regions?.[ctx.region]?.account)
          state = { ...state, regions: { ...state.regions, [ctx.region]: { ...state.regions[ctx.region], account: updated } } };
        else state = { ...state, account: updated };
        return {};
      },
    },
    {
      operation: 'ListSuppressedDestinations',
      method: 'GET',
      pattern: /^\/v2\/email\/suppression\/addresses$/,
      handle: (ctx) => {
        refuseInSandbox(ctx);
        const reasons = ctx.query.getAll('Reason');
        for (const reason of reasons) {
          if (reason !== 'BOUNCE' && reason !== 'COMPLAINT') throw new HttpFailure(400, 'BadRequestException', `Invalid Reason: ${reason}`);
        }
        const start = parseQueryDate(ctx.query.get('StartDate'), 'StartDate');
        const end = parseQueryDate(ctx.query.get('EndDate'), 'EndDate');
        const size = parsePageSize(ctx.query.get('PageSize'), state.defaultPageSize ?? 100, state.maxPageSize ?? 1000);
        const listing = `suppressed|${reasons.join(',')}|${start}|${end}`;
        const matching = ctx.view.suppressed.filter((entry) => {
          const at = epochSeconds(entry.lastUpdate) * 1000;
          return (reasons.length === 0 || reasons.includes(entry.reason)) && (start === null || at >= start) && (end === null || at <= end);
        });
        const { items, next } = page(matching, readToken(ctx.query.get('NextToken'), listing), size, listing);
        return {
          SuppressedDestinationSummaries: items.map((entry) => ({
            EmailAddress: entry.email,
            Reason: entry.reason,
            LastUpdateTime: epochSeconds(entry.lastUpdate),
          })),
          ...(next ? { NextToken: next } : {}),
        };
      },
    },
    {
      operation: 'GetSuppressedDestination',
      method: 'GET',
      pattern: /^\/v2\/email\/suppression\/addresses\/([^/]+)$/,
      handle: (ctx) => {
        refuseInSandbox(ctx);
        const wanted = ctx.params[0]!.toLowerCase();
        const entry = ctx.view.suppressed.find((candidate) => candidate.email.toLowerCase() === wanted);
        if (!entry)
          throw new HttpFailure(404, 'NotFoundException', `Email address ${ctx.params[0]} does not exist on your suppression list.`);
        return {
          SuppressedDestination: {
            EmailAddress: entry.email,
            Reason: entry.reason,
            LastUpdateTime: epochSeconds(entry.lastUpdate),
            Attributes: { MessageId: '010001-fake-message', FeedbackId: '010001-fake-feedback' },
          },
        };
      },
    },
    {
      // The route of older SDKs.
      operation: 'ListEmailIdentities',
      method: 'GET',
      pattern: /^\/v2\/email\/identities$/,
      handle: (ctx) => listIdentities(ctx, ctx.query.get('NextToken'), ctx.query.get('PageSize')),
    },
    {
      // The route of newer SDKs (the pinned 3.1176.0 among them).
      operation: 'ListEmailIdentities',
      method: 'POST',
      pattern: /^\/v2\/email\/list-identities$/,
      handle: (ctx) => listIdentities(ctx, ctx.body.NextToken, ctx.body.PageSize),
    },
    {
      operation: 'GetEmailIdentity',
      method: 'GET',
      pattern: /^\/v2\/email\/identities\/([^/]+)$/,
      handle: (ctx) => {
        const wanted = ctx.params[0]!.toLowerCase();
        const identity = ctx.view.identities.find((candidate) => candidate.name.toLowerCase() === wanted);
        if (!identity) throw new HttpFailure(404, 'NotFoundException', `Email identity ${ctx.params[0]} does not exist.`);
        const status = identity.verificationStatus ?? 'SUCCESS';
        return {
          IdentityType: identity.type,
          FeedbackForwardingStatus: true,
          VerifiedForSendingStatus: status === 'SUCCESS',
          VerificationStatus: status,
          DkimAttributes: {
            SigningEnabled: identity.dkim?.signingEnabled ?? false,
            Status: identity.dkim?.status ?? 'NOT_STARTED',
            Tokens: identity.dkim?.tokens ?? [],
            SigningAttributesOrigin: 'AWS_SES',
          },
          ...(identity.mailFrom
            ? {
                MailFromAttributes: {
                  MailFromDomain: identity.mailFrom.domain,
                  MailFromDomainStatus: identity.mailFrom.status,
                  BehaviorOnMxFailure: identity.mailFrom.behaviorOnMxFailure ?? 'USE_DEFAULT_VALUE',
                },
              }
            : {}),
          Policies: {},
          Tags: [],
        };
      },
    },
    {
      operation: 'GetEmailAddressInsights',
      method: 'POST',
      pattern: /^\/v2\/email\/email-address-insights$/,
      handle: (ctx) => {
        const address = ctx.body.EmailAddress;
        if (typeof address !== 'string' || address === '') throw new HttpFailure(400, 'BadRequestException', 'EmailAddress is required.');
        const answer = state.mailboxInsights?.[address.toLowerCase()] ?? state.defaultMailboxInsight ?? VALID_MAILBOX;
        if (answer === 'refused' || !address.includes('@'))
          throw new HttpFailure(400, 'BadRequestException', `Invalid email address: ${address}.`);
        if (answer === 'malformed') return { MailboxValidation: { IsValid: { ConfidenceVerdict: 'PROBABLY' }, Evaluations: {} } };
        const verdict = (value: FakeConfidence | undefined) => (value ? { ConfidenceVerdict: value } : undefined);
        const evaluations = {
          HasValidSyntax: verdict(answer.hasValidSyntax),
          HasValidDnsRecords: verdict(answer.hasValidDnsRecords),
          MailboxExists: verdict(answer.mailboxExists),
          IsRoleAddress: verdict(answer.isRoleAddress),
          IsDisposable: verdict(answer.isDisposable),
          IsRandomInput: verdict(answer.isRandomInput),
        };
        return {
          MailboxValidation: {
            IsValid: { ConfidenceVerdict: answer.isValid },
            Evaluations: Object.fromEntries(Object.entries(evaluations).filter(([, value]) => value !== undefined)),
          },
        };
      },
    },
    {
      operation: 'GetConfigurationSet',
      method: 'GET',
      pattern: /^\/v2\/email\/configuration-sets\/([^/]+)$/,
      handle: (ctx) => {
        const name = ctx.params[0]!;
        const set = state.configurationSets?.[name];
        if (!set) throw new HttpFailure(404, 'NotFoundException', `Configuration set <${name}> does not exist.`);
        return {
          ConfigurationSetName: name,
          SuppressionOptions: {
            SuppressedReasons: ['BOUNCE', 'COMPLAINT'],
            ...(set.autoValidation ? { ValidationOptions: { ConditionThreshold: conditionThreshold(set.autoValidation) } } : {}),
          },
          Tags: [],
        };
      },
    },
    {
      operation: 'ListContactLists',
      method: 'GET',
      pattern: /^\/v2\/email\/contact-lists$/,
      handle: (ctx) => {
        const size = parsePageSize(ctx.query.get('PageSize'), state.defaultPageSize ?? 100, state.maxPageSize ?? 1000);
        const { items, next } = page(ctx.view.contactLists, readToken(ctx.query.get('NextToken'), 'contact-lists'), size, 'contact-lists');
        return {
          ContactLists: items.map((list) => ({ ContactListName: list.name, LastUpdatedTimestamp: epochSeconds('2026-01-01T00:00:00Z') })),
          ...(next ? { NextToken: next } : {}),
        };
      },
    },
    {
      operation: 'GetContactList',
      method: 'GET',
      pattern: /^\/v2\/email\/contact-lists\/([^/]+)$/,
      handle: (ctx) => {
        const list = contactList(ctx);
        return {
          ContactListName: list.name,
          Topics: (list.topics ?? []).map((topic) => ({
            TopicName: topic.name,
            DisplayName: topic.displayName ?? topic.name,
            DefaultSubscriptionStatus: topic.defaultStatus,
          })),
          CreatedTimestamp: epochSeconds('2026-01-01T00:00:00Z'),
          LastUpdatedTimestamp: epochSeconds('2026-01-01T00:00:00Z'),
          Tags: [],
        };
      },
    },
    {
      operation: 'ListContacts',
      method: 'POST',
      pattern: /^\/v2\/email\/contact-lists\/([^/]+)\/contacts\/list$/,
      handle: (ctx) => {
        const list = contactList(ctx);
        const size = parsePageSize(ctx.body.PageSize, state.defaultPageSize ?? 100, state.maxPageSize ?? 1000);
        const filter = (ctx.body.Filter ?? {}) as {
          FilteredStatus?: string;
          TopicFilter?: { TopicName?: string; UseDefaultIfPreferenceUnavailable?: boolean };
        };
        const wanted = filter.FilteredStatus;
        if (wanted !== undefined && wanted !== 'OPT_IN' && wanted !== 'OPT_OUT')
          throw new HttpFailure(400, 'BadRequestException', `Invalid FilteredStatus: ${String(wanted)}`);
        const topics = list.topics ?? [];
        const filterTopic = filter.TopicFilter?.TopicName;
        const statusOf = (contact: FakeContact, topic: string): string | undefined =>
          contact.preferences?.[topic] ??
          (filter.TopicFilter?.UseDefaultIfPreferenceUnavailable
            ? topics.find((candidate) => candidate.name === topic)?.defaultStatus
            : undefined);
        const matching = (list.contacts ?? []).filter((contact) => {
          if (wanted === undefined) return true;
          if (filterTopic !== undefined) return statusOf(contact, filterTopic) === wanted;
          return Object.values(contact.preferences ?? {}).includes(wanted as 'OPT_IN' | 'OPT_OUT');
        });
        const listing = `contacts|${list.name}|${JSON.stringify(filter)}`;
        const offset = readToken(ctx.body.NextToken, listing);
        // Empty pages first, each with a token: offsets below `empty` are those pages, the contacts follow.
        const empty = state.emptyContactPages ?? 0;
        if (offset < empty) return { Contacts: [], NextToken: makeToken(offset + 1, listing) };
        const { items, next } = page(matching, offset - empty, size, listing);
        return {
          Contacts: items.map((contact) => {
            const own = contact.preferences ?? {};
            return {
              EmailAddress: contact.email,
              TopicPreferences: Object.entries(own).map(([topic, status]) => ({ TopicName: topic, SubscriptionStatus: status })),
              TopicDefaultPreferences: topics
                .filter((topic) => !(topic.name in own))
                .map((topic) => ({ TopicName: topic.name, SubscriptionStatus: topic.defaultStatus })),
              UnsubscribeAll: contact.unsubscribeAll ?? false,
              LastUpdatedTimestamp: epochSeconds('2026-01-01T00:00:00Z'),
            };
          }),
          ...(next ? { NextToken: makeToken(readToken(next, listing) + empty, listing) } : {}),
        };
      },
    },
  ];

  function contactList(ctx: RouteContext): FakeContactList {
    const name = ctx.params[0]!;
    const list = ctx.view.contactLists.find((candidate) => candidate.name === name);
    if (!list) throw new HttpFailure(404, 'NotFoundException', `List with name ${name} does not exist.`);
    return list;
  }

  function refuseInSandbox(ctx: RouteContext): void {
    if (!ctx.view.account.productionAccessEnabled && state.suppressionInSandbox === 'refused') {
      throw new HttpFailure(400, 'BadRequestException', 'The account-level suppression list is not available for accounts in the sandbox.');
    }
  }

  /** Token bucket per region; a refused request takes no token. */
  function allowedByRate(region: string, now: number): boolean {
    const limit = state.rateLimit === undefined ? { perSecond: 1, burst: 1 } : state.rateLimit;
    if (limit === null) return true;
    const burst = limit.burst ?? 1;
    const bucket = buckets.get(region) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
    bucket.at = now;
    buckets.set(region, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    return false;
  }

  function takeFault(operation: string, region: string): FakeFault | undefined {
    const index = pendingFaults.findIndex(
      (pending) =>
        (!pending.match.operation || pending.match.operation === operation) && (!pending.match.region || pending.match.region === region),
    );
    if (index < 0) return undefined;
    const pending = pendingFaults[index]!;
    pending.left -= 1;
    if (pending.left <= 0) pendingFaults.splice(index, 1);
    return pending.fault;
  }

  function faultFailure(fault: FakeFault, operation: string, region: string, request: IncomingMessage): HttpFailure {
    const echoed = () => {
      const authorization = request.headers.authorization ?? '';
      const token = String(request.headers['x-amz-security-token'] ?? '');
      const keyId = /Credential=([^/]+)\//.exec(authorization)?.[1] ?? '';
      return `Request for ${operation} from access key ${keyId} refused. Authorization=${authorization} X-Amz-Security-Token=${token} (encoded: ${encodeURIComponent(token)})`;
    };
    switch (fault) {
      case 'EchoCredentials400':
        return new HttpFailure(
          400,
          'IncompleteSignatureException',
          `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ${echoed()}`,
        );
      case 'EchoCredentials403':
        return new HttpFailure(403, 'ForbiddenException', echoed());
      case 'EchoCredentials404':
        return new HttpFailure(404, 'NotFoundException', echoed());
      case 'EchoCredentials418':
        return new HttpFailure(418, 'TeapotException', echoed());
      case 'InternalFailure':
        return new HttpFailure(
          500,
          'InternalFailure',
          'The request processing has failed because of an unknown error, exception or failure.',
        );
      case 'ServiceUnavailable':
        return new HttpFailure(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.');
      case 'AccessDenied':
        return new HttpFailure(
          403,
          'AccessDeniedException',
          `User: arn:aws:iam::123456789012:user/preflight-test is not authorized to perform: ses:${operation} on resource: arn:aws:ses:${region}:123456789012:* because no identity-based policy allows the ses:${operation} action`,
          ':http://internal.amazon.com/coral/com.amazon.coral.service/',
        );
      case 'ExpiredToken':
        return new HttpFailure(
          403,
          'ExpiredTokenException',
          'The security token included in the request is expired',
          ':http://internal.amazon.com/coral/com.amazon.coral.service/',
        );
      case 'UnrecognizedClient':
        return new HttpFailure(
          403,
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
          ':http://internal.amazon.com/coral/com.amazon.coral.service/',
        );
      case 'Throttling':
        return new HttpFailure(429, 'TooManyRequestsException', 'Too many requests have been made to the operation.');
      default:
        throw new Error(`not an HTTP fault: ${fault}`);
    }
  }

  async function readBody(request: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function send(response: ServerResponse, status: number, payload: unknown, errorType?: string): void {
    const body = JSON.stringify(payload);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': `fake-${requests.length}`,
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    });
    response.end(body);
  }

  function sendRaw(response: ServerResponse, type: string, body: string): void {
    response.writeHead(200, {
      'content-type': type,
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': `fake-${requests.length}`,
    });
    response.end(body);
  }

  /** 3 GiB of JSON whitespace, as fast as the client reads it, until it hangs up. */
  function sendHuge(response: ServerResponse, declareLength: boolean): void {
    const total = 3 * 1024 ** 3;
    response.writeHead(200, {
      'content-type': 'application/json',
      'x-amzn-requestid': `fake-${requests.length}`,
      ...(declareLength ? { 'content-length': total } : {}),
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < total && !response.destroyed) {
        sent += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      if (!response.destroyed) response.end();
    };
    response.on('error', () => {});
    pump();
  }

  /** The answer, one byte at a time, until it is all sent or the client hangs up. */
  function trickle(response: ServerResponse, body: string): void {
    const bytes = Buffer.from(body);
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': bytes.length,
      'x-amzn-requestid': `fake-${requests.length}`,
    });
    response.on('error', () => {});
    let at = 0;
    const timer = setInterval(() => {
      if (response.destroyed || at >= bytes.length) {
        clearInterval(timer);
        if (!response.destroyed) response.end();
        return;
      }
      response.write(bytes.subarray(at, at + 1));
      at++;
    }, state.trickleIntervalMs ?? 1000);
    response.on('close', () => clearInterval(timer));
  }

  const server = createServer((request, response) => {
    void (async () => {
      const at = performance.now();
      const url = new URL(request.url ?? '/', 'http://localhost');
      const rawBody = await readBody(request);
      const authorization = request.headers.authorization;
      const region = authorization ? (/Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization)?.[1] ?? null) : null;
      const path = decodeURIComponent(url.pathname);
      const query: Record<string, string[]> = {};
      for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
      let body: Record<string, unknown> = {};
      let route: Route | undefined;
      let params: string[] = [];
      for (const candidate of routes) {
        const match = candidate.method === request.method ? candidate.pattern.exec(url.pathname) : null;
        if (match) {
          route = candidate;
          params = match.slice(1).map((part) => decodeURIComponent(part));
          break;
        }
      }
      const record: RecordedRequest = {
        at,
        method: request.method ?? '',
        path,
        query,
        operation: route?.operation ?? 'Unknown',
        region,
        auth: authorization !== undefined,
        sessionToken: request.headers['x-amz-security-token'] !== undefined,
        status: 0,
      };
      requests.push(record);
      try {
        if (rawBody) {
          try {
            body = JSON.parse(rawBody) as Record<string, unknown>;
            record.body = body;
          } catch {
            throw new HttpFailure(400, 'SerializationException', 'The request body is not valid JSON.');
          }
        }
        if (!authorization || !region) throw new HttpFailure(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
        if (state.signingRegions && !state.signingRegions.includes(region)) {
          throw new HttpFailure(403, 'InvalidSignatureException', `Credential should be scoped to a valid region.`);
        }
        if (!route) throw new HttpFailure(404, 'UnknownOperationException', `No operation at ${request.method} ${url.pathname}`);
        if (!allowedByRate(region, at))
          throw new HttpFailure(429, 'TooManyRequestsException', 'Too many requests have been made to the operation.');
        const fault = takeFault(route.operation, region) ?? state.regions?.[region]?.fault;
        if (fault === 'Hang') {
          record.status = -1;
          return; // never answer
        }
        if (fault === 'Reset') {
          record.status = -1;
          request.socket.destroy();
          return;
        }
        if (fault && !ANSWER_FAULTS.has(fault)) throw faultFailure(fault, route.operation, region, request);
        const listing = route.operation.startsWith('List') ? state.hostilePaging : undefined;
        if (listing) {
          // Whatever token was sent, the first page again.
          url.searchParams.delete('NextToken');
          delete body.NextToken;
        }
        let payload = route.handle({ params, query: url.searchParams, body, region, view: viewFor(region) }) as Record<string, unknown>;
        if (listing) payload = { ...payload, NextToken: makeToken(listing === 'same-token' ? 0 : requests.length, 'hostile') };
        const rewrite = state.rewriteAnswer?.[route.operation];
        record.status = 200;
        if (fault === 'HugeBody' || fault === 'HugeChunkedBody') return sendHuge(response, fault === 'HugeBody');
        if (fault === 'TrickleBody') return trickle(response, JSON.stringify(rewrite ? rewrite(payload) : payload));
        if (fault === 'NotJson') return sendRaw(response, 'text/html', '<html><body>Please log in to the network.</body></html>');
        send(response, 200, rewrite ? rewrite(payload) : payload);
      } catch (error) {
        const failure =
          error instanceof HttpFailure
            ? error
            : new HttpFailure(500, 'InternalFailure', error instanceof Error ? error.message : String(error));
        record.status = failure.status;
        record.errorType = failure.errorType;
        send(response, failure.status, { message: failure.message }, failure.errorType + failure.typeSuffix);
      }
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    setState(patch) {
      state = { ...state, ...patch };
    },
    injectFaults(fault, count, match = {}) {
      pendingFaults.push({ fault, left: count, match });
    },
    clearRequests() {
      requests.length = 0;
    },
    stop: () =>
      new Promise<void>((resolveClose) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolveClose());
      }),
  };
}

/**
 * Environment variables for a test that talks to the fake server with the real
 * SDK: fake static keys, nothing read from the real ~/.aws (config files and HOME
 * point into `dir`), no instance-metadata probing, no endpoint, region or retry
 * settings inherited from the machine. Apply with vi.stubEnv.
 */
export function isolatedAwsEnv(dir: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    AWS_ACCESS_KEY_ID: 'AKIAFAKEKEYFORTESTS00',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-key-for-tests-only',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_DEFAULT_PROFILE: undefined,
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_CONFIG_FILE: `${dir}/aws-config`,
    AWS_SHARED_CREDENTIALS_FILE: `${dir}/aws-credentials`,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
    AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
    AWS_ROLE_ARN: undefined,
    AWS_ENDPOINT_URL: undefined,
    AWS_ENDPOINT_URL_SESV2: undefined,
    AWS_ENDPOINT_URL_CLOUDWATCH: undefined,
    AWS_MAX_ATTEMPTS: undefined,
    AWS_RETRY_MODE: undefined,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    HOME: dir,
    USERPROFILE: dir,
    ...extra,
  };
}
