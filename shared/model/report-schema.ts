// report.json's shape as zod schemas, for the places that read a report Preflight did not
// just build in memory: the renderer as the report arrives (renderer/src/app/read-report.ts)
// and the send planner reading a check's report.json from disk
// (electron/services/plan/check-readiness.ts) and the production-access use case drafted from
// it (electron/services/ses/use-case-input.ts).
//
// - The parts every check writes (rows, verdicts, reasons, columns, input, warnings,
//   settings) are the base: without them nothing can be shown.
// - Each later part (domains, suppression, account, readiness, forecast, histogram,
//   mailbox verification, decisions …) is checked on its own (`part`): one of the wrong
//   shape (a report from an older or newer engine) is left out, and the rest stays.
//
// The whole schema is tied to `Report` (check.ts) by `Exactly` below: a field added to a
// report type and not here (which zod would silently strip) fails the typecheck.
import { z } from 'zod';
import type { Report } from './check';
import { READINGS } from './consent';
import { CONFIDENCES } from './mailbox';
import { REASON_CODES } from './reasons';

export const count = z.number().int().min(0);
export const rate = z.number().finite().min(0).max(1);
const reasonCode = z.enum(REASON_CODES);
const byVerdict = z.object({ send: count, review: count, remove: count });
const byReason = z.partialRecord(reasonCode, count);

// ── The parts every check writes ───────────────────────────────────────────────

const consentSource = z.object({
  column: z.string(),
  role: z.enum(['opt-in', 'opt-out', 'status', 'verifier']),
  meaning: z.string(),
  optOutKind: z.enum(['unsubscribed', 'bounced']).optional(),
  verifier: z.string().optional(),
  values: z.array(z.object({ value: z.string(), reading: z.enum(READINGS), rows: count })),
  otherRows: count,
  reasons: byReason,
});

const base = z.object({
  tool: z.object({ name: z.literal('preflight'), version: z.string() }),
  generatedAt: z.string(),
  rows: count,
  verdicts: byVerdict,
  reasons: byReason,
  columns: z.object({
    email: z.string(),
    consent: z.string().nullable(),
    optInDate: z.string().nullable(),
    lastActivity: z.array(z.string()),
    doubleOptIn: z.string().nullable(),
    optOut: z.array(z.string()),
    status: z.string().nullable(),
    verifier: z.string().nullable(),
    consentSources: z.array(consentSource),
  }),
  input: z.object({
    file: z.string(),
    bytes: count,
    encoding: z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252']),
    delimiter: z.enum([',', ';', '\t', '|']),
    raggedRows: count,
  }),
  warnings: z.array(z.string()),
  settings: z.object({
    consentMaxAgeDays: z.number(),
    inactiveAfterDays: z.number(),
    offline: z.boolean(),
    dns: z.enum(['system', 'servers', 'off']),
    suppressionFile: z.string().nullable(),
  }),
});

// ── The later parts, each checked on its own ────────────────────────────────────

/** A later part: checked on its own, and left out (undefined) when it does not fit. */
export const part = <S extends z.ZodType>(schema: S) => schema.optional().catch(undefined).optional();

export const listForecastSchema = z.object({
  bounceRate: rate,
  bounceRateLow: rate,
  bounceRateHigh: rate,
  complaintRate: rate,
  complaintRateLow: rate,
  complaintRateHigh: rate,
});

const accountProjection = z.object({
  bounceRateNow: rate.nullable(),
  bounceRateAfter: rate,
  bounceRateAfterHigh: rate,
  complaintRateNow: rate.nullable(),
  complaintRateAfter: rate,
  complaintRateAfterHigh: rate,
  representativeVolume: z.number().finite().positive(),
  method: z.enum(['vdm-send-counts', 'sent-last-24-hours', 'quota']),
  sendCount: count,
  explanation: z.string(),
});

const forecast = z.object({
  send: listForecastSchema,
  all: listForecastSchema,
  sesThresholds: z.object({ bounceReview: rate, bouncePause: rate, complaintReview: rate, complaintPause: rate }),
  bounceTarget: rate.catch(0.02),
  account: part(accountProjection),
});

const histogram = z
  .object({ edges: z.array(rate).readonly(), counts: z.array(count), total: count })
  .refine((h) => h.edges.length === h.counts.length + 1, 'one more edge than counts');

const histograms = z
  .object({ send: histogram, all: histogram })
  // Both are drawn on one axis: they must share their bins.
  .refine((h) => h.send.edges.join() === h.all.edges.join(), 'the same bins');

const recommendation = z.object({
  type: z.string(),
  impact: z.string(),
  resource: z.string(),
  description: z.string(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

const providerHistory = z.object({
  isp: z.string(),
  provider: z.string(),
  sent: count,
  bounces: count,
  complaints: count,
  bounceRate: rate.nullable(),
  complaintRate: rate.nullable(),
  verified: z.boolean(),
  problem: z.string().optional(),
  bounceFactor: z.number().finite().optional(),
  complaintFactor: z.number().finite().optional(),
  listRows: count.optional(),
});

const reputation = z.object({
  bounceRate: rate.nullable(),
  complaintRate: rate.nullable(),
  asOf: z.string().nullable(),
  status: z.enum(['read', 'no_metrics', 'unverified', 'denied', 'failed', 'not_asked']),
  note: z.string().optional(),
  history: z.array(z.object({ day: z.string(), bounceRate: rate.nullable(), complaintRate: rate.nullable() })).max(31),
  source: z.string(),
});

/** SES Auto Validation as GetAccount or the configuration set gives it. */
export const autoValidationSchema = z.object({
  scope: z.enum(['account', 'configuration-set']),
  configurationSet: z.string().optional(),
  enabled: z.boolean(),
  threshold: z.enum(['MEDIUM', 'HIGH', 'MANAGED']).nullable(),
});

const sendReview = z.object({ send: count, review: count });

/** Auto Validation in mailboxVerification: the setting, and the rows it would drop at send time. */
export const reportAutoValidationSchema = autoValidationSchema.extend({
  wouldSuppress: sendReview.nullable(),
  notVerified: sendReview.optional(),
});

const account = z.object({
  region: z.string(),
  max24HourSend: z.number(),
  maxSendRate: z.number(),
  sentLast24Hours: z.number(),
  productionAccessEnabled: z.boolean(),
  sendingEnabled: z.boolean(),
  enforcementStatus: z.string(),
  suppressionSnapshotAt: z.string().nullable(),
  autoValidation: part(autoValidationSchema),
  vdmEnabled: z.boolean().optional(),
  // Virtual Deliverability Manager's parts: one of the wrong shape is dropped alone, the account stays.
  recommendations: part(z.array(recommendation)),
  providers: part(z.array(providerHistory)),
  providerHistory: part(
    z.object({
      status: z.enum(['read', 'vdm_off', 'not_read']),
      from: z.string().optional(),
      to: z.string().optional(),
      total: providerHistory.optional(),
      sendsLast14Days: count.optional(),
      message: z.string(),
    }),
  ),
  reputation: part(reputation),
});

const readinessItem = z.object({
  id: z.enum(['identity_verified', 'dkim', 'spf', 'dmarc', 'mail_from', 'ses_recommendation']),
  ok: z.boolean(),
  status: z.enum(['ok', 'fix', 'unknown']),
  title: z.string(),
  fix: z.string(),
  detail: z.string().optional(),
  recommendation: recommendation.optional(),
});

export const bulkSenderSchema = z.object({
  domain: z.string(),
  met: z.boolean(),
  requirements: z.array(
    z.object({
      id: z.enum(['spf_aligned', 'dkim_aligned', 'dmarc_policy', 'one_click_unsubscribe']),
      status: z.enum(['ok', 'fix', 'unknown', 'reminder']),
      title: z.string(),
      fix: z.string(),
    }),
  ),
});

export const readinessSchema = z.object({
  identity: z.string(),
  domain: z.string(),
  region: z.string(),
  ready: z.boolean(),
  items: z.array(readinessItem),
  bulkSender: bulkSenderSchema.optional(),
});

const mailboxVerification = z.object({
  mode: z.enum(['asked', 'estimate', 'offline']),
  candidates: count,
  asked: count,
  fromCache: count,
  limit: count,
  notVerified: count,
  unusable: count,
  wouldAsk: count,
  estimatedCostUsd: z.number().finite().min(0),
  // checkedLive: absent in reports written before it existed, whose figure was never checked live either.
  price: z.object({
    usdPerAddress: z.number().finite().min(0),
    source: z.string(),
    asOf: z.string(),
    checkedLive: z.boolean().catch(false),
  }),
  verdicts: z.record(z.enum(CONFIDENCES), count),
  expectedBouncesAvoided: z.number().finite().min(0),
  autoValidation: reportAutoValidationSchema.nullable(),
});

const decisions = z.object({
  accept: z.array(reasonCode),
  exclude: z.array(reasonCode),
  file: z.string().nullable(),
  rowDecisions: count,
  verdictsBefore: byVerdict,
  moved: z.object({ toSend: count, toRemove: count, corrected: count }),
  byReason,
  unmatched: count,
  overruled: count,
});

const LATER_PARTS = {
  suppression: part(z.object({ source: z.string(), entries: count, matched: count })),
  domains: part(z.object({ checked: count, fromCache: count, byStatus: z.record(z.string(), count), rowsUnchecked: count })),
  account: part(account),
  contactList: part(
    z.object({ name: z.string(), topic: z.string().nullable(), source: z.string(), contacts: count, optedOut: count, matched: count }),
  ),
  readiness: part(readinessSchema),
  productionAccess: part(z.array(z.string())),
  forecast: part(forecast),
  riskHistogram: part(histograms),
  mailboxVerification: part(mailboxVerification),
  decisions: part(decisions),
  unusualRemoval: part(
    z.object({ share: rate, removed: count, leading: z.array(z.object({ code: reasonCode, rows: count })), warning: z.string() }),
  ),
};

export const reportSchema = base.extend(LATER_PARTS);

// The schema is the type, checked at compile time: a field added to a report type in
// shared/model/ and not here (which zod would silently strip) fails the typecheck.
/** true only when A and B are the same type (an optional field missing on one side counts). */
type Exactly<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export const SCHEMA_IS_REPORT: Exactly<z.output<typeof reportSchema>, Report> = true;
