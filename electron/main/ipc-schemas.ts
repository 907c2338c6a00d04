// One zod schema per request channel, for the channel's whole argument tuple.
// The main process validates every request against these before a handler runs:
// the renderer is treated as untrusted (Electron security checklist, item 17).
// The map is typed against RequestChannels, so a schema that drifts from the
// contract fails to compile (see the checks at the bottom).

import { isAbsolute } from 'node:path';
import { z } from 'zod';
import type { RequestChannel, RequestChannels } from '../../shared/ipc/contract';
import { REASON_CODES, VERDICTS } from '../../shared/model/reasons';
import type { ReasonCode, Verdict } from '../../shared/model/reasons';
import { REVIEW_REASONS, ROW_DECISION_KINDS, type RowDecisionKind } from '../../shared/model/decisions';
import { PRESET_NAMES } from '../../shared/plan/policy';
import type { PresetName } from '../../shared/plan/policy';

const MAX_PATH = 4096;

/** An absolute path on this machine, as a dialog or a dropped file gives it. */
export const absolutePath = z
  .string()
  .min(1)
  .max(MAX_PATH)
  .refine((path) => !path.includes('\0'), 'must not contain NUL characters')
  .refine((path) => isAbsolute(path), 'must be an absolute path')
  .describe('an absolute path without NUL characters');

/** Job ids are crypto.randomUUID() strings made by the main process. */
export const jobId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a job id');

const days = z.number().int().min(1).max(36_500);
const columnIndex = z.number().int().min(0).max(100_000);
const dnsServer = z
  .string()
  .min(1)
  .max(262)
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.:-]+)(:\d{1,5})?$/, 'must be HOST or HOST:PORT');
const awsProfile = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.+@-]+$/, 'must be an AWS profile name');
const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'must be an AWS region such as eu-west-1');

const dnsMode = z.enum(['system', 'servers', 'off']);
const fromIdentity = z
  .string()
  .min(1)
  .max(320)
  .regex(/^[^\s<>"]+$/, 'must be an address or a domain');
// SES contact list and topic names: printable, no control characters.
const sesListName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\p{Cc}]+$/u, 'must be a name without control characters');

export const appPreferencesSchema = z.strictObject({
  dnsServers: z.array(dnsServer).max(8),
  dnsConcurrency: z.number().int().min(1).max(512),
  consentMaxAgeDays: days,
  inactiveAfterDays: days,
  awsProfile: awsProfile.optional(),
  awsRegion: awsRegion.optional(),
  dnsMode: dnsMode.optional(),
  // A share of the send list: 0.1% to 10% (SES pauses at 10%, so a higher target means nothing).
  bounceTarget: z.number().min(0.001).max(0.1).optional(),
  useSes: z.boolean().optional(),
  sesFromIdentity: fromIdentity.optional(),
});

const dnsSettings = z.strictObject({
  mode: dnsMode,
  servers: z.array(dnsServer).max(8),
  concurrency: z.number().int().min(1).max(512),
  timeoutMs: z.number().int().min(100).max(60_000),
  attempts: z.number().int().min(1).max(10),
});

const reviewReason = z.enum(REVIEW_REASONS as [ReasonCode, ...ReasonCode[]]);
const decidedAddress = z.string().min(1).max(1024);

/** The Review screen's decisions: review reasons only (a remove reason is never lifted), rows by address. */
const decisions = z.strictObject({
  accept: z.array(reviewReason).max(REVIEW_REASONS.length),
  exclude: z.array(reviewReason).max(REVIEW_REASONS.length),
  rows: z
    .array(
      z.strictObject({
        address: decidedAddress,
        decision: z.enum(ROW_DECISION_KINDS as [RowDecisionKind, ...RowDecisionKind[]]),
        corrected: decidedAddress.optional(),
      }),
    )
    .max(2_000_000),
  file: z.string().min(1).max(MAX_PATH).optional(),
});

/**
 * CheckSettings as the renderer may send them. `cacheDir` is deliberately absent:
 * the main process decides where its cache lives, the renderer cannot point the
 * engine at another folder to write in.
 */
const checkSettings = z.strictObject({
  emailColumn: z.string().min(1).max(256).optional(),
  consentColumn: z.string().min(1).max(256).optional(),
  optOutColumns: z.array(z.string().min(1).max(256)).max(64).optional(),
  statusColumn: z.string().min(1).max(256).optional(),
  verifierColumn: z.string().min(1).max(256).optional(),
  columns: z
    .strictObject({
      email: columnIndex.optional(),
      consent: columnIndex.nullable().optional(),
      optInDate: columnIndex.nullable().optional(),
      lastActivity: z.array(columnIndex).max(64).optional(),
      doubleOptIn: columnIndex.nullable().optional(),
      optOut: z.array(columnIndex).max(64).optional(),
      status: columnIndex.nullable().optional(),
      verifier: columnIndex.nullable().optional(),
    })
    .optional(),
  consentMaxAgeDays: days,
  inactiveAfterDays: days,
  suppressionFile: absolutePath.optional(),
  offline: z.boolean(),
  dns: dnsSettings,
  ses: z
    .strictObject({
      profile: awsProfile.optional(),
      region: awsRegion.optional(),
      fromIdentity: fromIdentity.optional(),
      verifyMailboxes: z
        .strictObject({
          limit: z.number().int().min(0).max(1_000_000),
          ask: z.boolean(),
          usdPerAddress: z.number().min(0).max(1).optional(),
          configurationSet: z
            .string()
            .min(1)
            .max(64)
            .regex(/^[\w-]+$/, 'must be an SES configuration set name')
            .optional(),
        })
        .optional(),
      contactList: sesListName.optional(),
      topic: sesListName.optional(),
    })
    .optional(),
  now: z
    .string()
    .max(40)
    .refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date')
    .describe('an ISO 8601 date')
    .optional(),
  decisions: decisions.optional(),
});

const rowFilter = {
  verdict: z.enum(VERDICTS as [Verdict, ...Verdict[]]).optional(),
  reason: z.enum(REASON_CODES as [ReasonCode, ...ReasonCode[]]).optional(),
  search: z.string().max(320).optional(),
  suggestionDomain: z.string().min(1).max(253).optional(),
};

/** Rows selected on the Review screen: a filter and, unless every match is meant, ranges of its matches. */
const rowSelection = z.strictObject({
  filter: z.strictObject(rowFilter),
  ranges: z
    .array(z.tuple([z.number().int().min(0), z.number().int().min(0)]))
    .max(10_000)
    .optional(),
});

const rowQuery = z.strictObject({
  ...rowFilter,
  offset: z.number().int().min(0),
  // Paging: the renderer asks for a screenful at a time, never for every row.
  limit: z.number().int().min(1).max(1000),
});

/**
 * The Plan screen's request. Shapes and types only: the values are checked by
 * resolvePlanRequest (shared/plan/parameters.ts), which says what is wrong in the
 * same sentence as the CLI (a window that ends before it starts, an unknown zone…).
 */
const count = z.number().int().min(-1).max(Number.MAX_SAFE_INTEGER);
const planRequest = z.strictObject({
  quota: z.discriminatedUnion('source', [
    z.strictObject({ source: z.literal('ses'), profile: awsProfile.optional(), region: awsRegion.optional() }),
    z.strictObject({
      source: z.literal('manual'),
      max24HourSend: count,
      maxSendRate: z.number().min(0).max(1_000_000),
      sentLast24Hours: count,
    }),
  ]),
  start: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be a local date and time, YYYY-MM-DDTHH:MM')
    .optional(),
  timeZone: z.string().min(1).max(64),
  window: z.strictObject({ start: z.number().int().min(0).max(1440), end: z.number().int().min(0).max(1440) }),
  weekdaysOnly: z.boolean(),
  headroom: z.number().min(0).max(1),
  policy: z.enum(PRESET_NAMES as [PresetName, ...PresetName[]]),
  firstDay: count.optional(),
  growth: z.number().min(0).max(1000).optional(),
  accountTarget: z.number().min(0.001).max(0.1).optional(),
});

export const REQUEST_ARGUMENT_SCHEMAS = {
  'dialog:open-list': z.tuple([]),
  'dialog:open-suppression': z.tuple([]),
  'dialog:choose-export-folder': z.tuple([]),
  'import:inspect': z.tuple([absolutePath]),
  'check:start': z.tuple([z.strictObject({ path: absolutePath, settings: checkSettings })]),
  'check:cancel': z.tuple([jobId]),
  'review:rows': z.tuple([jobId, rowQuery]),
  'review:preview': z.tuple([jobId, decisions]),
  'review:decide': z.tuple([jobId, rowSelection, z.enum(ROW_DECISION_KINDS as [RowDecisionKind, ...RowDecisionKind[]])]),
  'domains:list': z.tuple([jobId, z.number().int().min(1).max(10_000)]),
  'account:profiles': z.tuple([]),
  'account:card': z.tuple([z.strictObject({ profile: awsProfile.optional(), region: awsRegion.optional() })]),
  'account:contact-lists': z.tuple([z.strictObject({ profile: awsProfile.optional(), region: awsRegion.optional() })]),
  'account:request-production': z.tuple([
    z.strictObject({
      profile: awsProfile.optional(),
      region: awsRegion.optional(),
      // The limits of PutAccountDetails; the sentences for a wrong value come from shared/ses/production-access.ts.
      form: z.strictObject({
        mailType: z.enum(['MARKETING', 'TRANSACTIONAL']),
        websiteUrl: z.string().max(1_000),
        contactLanguage: z.enum(['EN', 'JA']).optional(),
        useCaseDescription: z.string().max(20_000),
        additionalContacts: z.array(z.string().max(320)).max(10).optional(),
      }),
      resubmit: z.boolean().optional(),
    }),
  ]),
  'plan:quota': z.tuple([z.strictObject({ profile: awsProfile.optional(), region: awsRegion.optional() })]),
  'plan:create': z.tuple([jobId, planRequest]),
  'export:write': z.tuple([jobId, absolutePath]),
  'prefs:get': z.tuple([]),
  'prefs:set': z.tuple([appPreferencesSchema]),
  'shell:open-external': z.tuple([z.string().min(1).max(2048).describe('a URL; opened only if on the allowlist in external-links.ts')]),
  'shell:show-folder': z.tuple([absolutePath]),
} satisfies { [K in RequestChannel]: z.ZodType<Parameters<RequestChannels[K]>> };

/** Turns the first problem zod found into one sentence naming the argument. */
export function describeInvalidArguments(channel: RequestChannel, error: z.ZodError, received?: unknown[]): string {
  const prefix = `Preflight refused a malformed "${channel}" request:`;
  const issue = error.issues[0];
  if (!issue) return `${prefix} its arguments are not valid.`;
  const [index, ...rest] = issue.path;
  if (typeof index !== 'number') {
    const expected = REQUEST_ARGUMENT_SCHEMAS[channel].def.items.length;
    const count = Array.isArray(received) ? `, not ${received.length}` : '';
    return `${prefix} it takes ${expected} argument${expected === 1 ? '' : 's'}${count}.`;
  }
  const where = `argument ${index + 1}${rest.length ? ` (${rest.map(String).join('.')})` : ''}`;
  const text = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  return `${prefix} ${where}${text.startsWith('must ') ? ' ' : ': '}${text}.`;
}

// Compile-time proof that each schema describes exactly its channel's arguments:
// a field added to the contract but forgotten here (or the reverse) fails to compile.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Schemas = typeof REQUEST_ARGUMENT_SCHEMAS;
type WithoutCacheDir<T> = T extends [infer Request extends { settings: object }]
  ? [Omit<Request, 'settings'> & { settings: Omit<Request['settings'], 'cacheDir'> }]
  : T;
type Normalise<T> = T extends object ? { [K in keyof T]: Normalise<T[K]> } : T;
type SchemaMatches<K extends RequestChannel> = Equals<
  Normalise<z.output<Schemas[K]>>,
  Normalise<WithoutCacheDir<Parameters<RequestChannels[K]>>>
>;
const schemasMatchContract: { [K in RequestChannel]: SchemaMatches<K> } = {
  'dialog:open-list': true,
  'dialog:open-suppression': true,
  'dialog:choose-export-folder': true,
  'import:inspect': true,
  'check:start': true,
  'check:cancel': true,
  'review:rows': true,
  'review:preview': true,
  'review:decide': true,
  'domains:list': true,
  'account:profiles': true,
  'account:card': true,
  'account:contact-lists': true,
  'account:request-production': true,
  'plan:quota': true,
  'plan:create': true,
  'export:write': true,
  'prefs:get': true,
  'prefs:set': true,
  'shell:open-external': true,
  'shell:show-folder': true,
};
void schemasMatchContract;
