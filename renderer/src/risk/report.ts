// report.json as it enters the renderer (check:finished): the parts later stages add
// (risk forecast and histogram, SES account, readiness, production-access advice,
// mailbox verification) are
// checked once here, with zod as the IPC arguments are in the main process. A part of
// the wrong shape (a report from an older or newer engine) is dropped, so every screen
// reads a typed Report and shows only what it can trust.
import { z } from 'zod';
import type { Report } from '../../../shared/model/check';

const rate = z.number().finite().min(0).max(1);

const listForecast = z.object({
  bounceRate: rate,
  bounceRateLow: rate,
  bounceRateHigh: rate,
  complaintRate: rate,
  complaintRateLow: rate,
  complaintRateHigh: rate,
});

/** Where this send takes the account's own rates (shared/risk/projection.ts); a malformed one is dropped on its own. */
const accountProjection = z.object({
  bounceRateNow: rate.nullable(),
  bounceRateAfter: rate,
  bounceRateAfterHigh: rate,
  complaintRateNow: rate.nullable(),
  complaintRateAfter: rate,
  complaintRateAfterHigh: rate,
  representativeVolume: z.number().finite().positive(),
  method: z.enum(['vdm-send-counts', 'sent-last-24-hours', 'quota']),
  sendCount: z.number().int().min(0),
  explanation: z.string(),
});

const forecast = z.object({
  send: listForecast,
  all: listForecast,
  sesThresholds: z.object({ bounceReview: rate, bouncePause: rate, complaintReview: rate, complaintPause: rate }),
  bounceTarget: rate.catch(0.02),
  account: accountProjection.optional().catch(undefined),
});

/** The account's own reputation metrics (shared/model/reputation.ts); a malformed one is dropped on its own. */
const reputation = z.object({
  bounceRate: rate.nullable(),
  complaintRate: rate.nullable(),
  asOf: z.string().nullable(),
  status: z.enum(['read', 'no_metrics', 'unverified', 'denied', 'failed', 'not_asked']),
  note: z.string().optional(),
  history: z.array(z.object({ day: z.string(), bounceRate: rate.nullable(), complaintRate: rate.nullable() })).max(31),
  source: z.string(),
});

const histogram = z
  .object({ edges: z.array(rate), counts: z.array(z.number().int().min(0)), total: z.number().int().min(0) })
  .refine((h) => h.edges.length === h.counts.length + 1, 'one more edge than counts');

const histograms = z
  .object({ send: histogram, all: histogram })
  // Both are drawn on one axis: they must share their bins.
  .refine((h) => h.send.edges.join() === h.all.edges.join(), 'the same bins');

const account = z.object({
  region: z.string(),
  max24HourSend: z.number(),
  maxSendRate: z.number(),
  sentLast24Hours: z.number(),
  productionAccessEnabled: z.boolean(),
  sendingEnabled: z.boolean(),
  enforcementStatus: z.string(),
  suppressionSnapshotAt: z.string().nullable(),
  reputation: reputation.optional().catch(undefined),
});

const readinessItem = z.object({
  id: z.enum(['identity_verified', 'dkim', 'spf', 'dmarc', 'mail_from']),
  ok: z.boolean(),
  status: z.enum(['ok', 'fix', 'unknown']),
  title: z.string(),
  fix: z.string(),
  detail: z.string().optional(),
});

const bulkSender = z.object({
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

const readiness = z.object({
  identity: z.string(),
  domain: z.string(),
  region: z.string(),
  ready: z.boolean(),
  items: z.array(readinessItem),
  bulkSender: bulkSender.optional(),
});

const count = z.number().int().min(0);
const confidence = z.enum(['LOW', 'MEDIUM', 'HIGH']);

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
  price: z.object({ usdPerAddress: z.number().finite().min(0), source: z.string(), asOf: z.string(), checkedLive: z.boolean().catch(false) }),
  verdicts: z.record(confidence, count),
  expectedBouncesAvoided: z.number().finite().min(0),
  autoValidation: z
    .object({
      scope: z.enum(['account', 'configuration-set']),
      configurationSet: z.string().optional(),
      enabled: z.boolean(),
      threshold: z.enum(['MEDIUM', 'HIGH', 'MANAGED']).nullable(),
      wouldSuppress: z.object({ send: count, review: count }).nullable(),
      notVerified: z.object({ send: count, review: count }).optional(),
    })
    .nullable(),
});

const unusualRemoval = z.object({
  share: rate,
  removed: count,
  leading: z.array(z.object({ code: z.string(), rows: count })),
  warning: z.string(),
});

/** Each later part on its own: a malformed one is dropped, the rest of the report stays. */
const LATER_PARTS = {
  forecast,
  riskHistogram: histograms,
  account,
  readiness,
  productionAccess: z.array(z.string()),
  mailboxVerification,
  unusualRemoval,
} as const;

type LaterPart = keyof typeof LATER_PARTS;

/** The report with every later part checked; parts that do not fit are left out. */
export function readReport(report: Report): Report {
  const checked: Report = { ...report };
  for (const key of Object.keys(LATER_PARTS) as LaterPart[]) {
    if (checked[key] === undefined) continue;
    const parsed = LATER_PARTS[key].safeParse(checked[key]);
    if (parsed.success) (checked as Record<LaterPart, unknown>)[key] = parsed.data;
    else delete checked[key];
  }
  return checked;
}

export const forecastOf = (report: Report) => report.forecast ?? null;
export const histogramsOf = (report: Report) => report.riskHistogram ?? null;
export const accountOf = (report: Report) => report.account ?? null;
export const readinessOf = (report: Report) => report.readiness ?? null;
export const productionAccessOf = (report: Report) => report.productionAccess ?? null;
