// The bulk-sender readiness of the check a send list came from: when send.csv
// sits in a check's output folder whose manifest lists it and report.json as
// complete and unchanged (manifest.ts), the report's readiness is that list's.
// Anything else (a send list copied elsewhere, edited, or a folder mid-commit)
// gets null: the plan then says the rules were not checked, never that they were met.
// The report's SES Auto Validation setting and counts are read the same way.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { BulkSenderReadiness } from '../../../shared/model/ses';
import { planAutoValidationOf, type PlanAutoValidation } from '../../../shared/model/mailbox';
import { readCompleteOutputs } from '../export/manifest';
import type { AccountCapInput } from '../../../shared/plan/account-cap';

const BULK_SENDER = z.object({
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

const PAIR = z.object({ send: z.number().int().min(0), review: z.number().int().min(0) });
const AUTO_VALIDATION = z.object({
  scope: z.enum(['account', 'configuration-set']),
  configurationSet: z.string().optional(),
  enabled: z.boolean(),
  threshold: z.enum(['MEDIUM', 'HIGH', 'MANAGED']).nullable(),
  wouldSuppress: PAIR.nullable(),
  notVerified: PAIR.optional(),
});

const RATE = z.number().finite().min(0).max(1);
/** What the account-rate cap needs: the account's rate now, the list's own, the account's other mail, the target. */
const FORECAST = z.object({
  send: z.object({ bounceRate: RATE }),
  bounceTarget: RATE,
  account: z.object({ bounceRateNow: RATE.nullable() }).optional().catch(undefined),
});

const REPORT = z.object({
  forecast: FORECAST.optional().catch(undefined),
  account: z
    .object({
      sentLast24Hours: z.number().int().min(0).optional().catch(undefined),
      autoValidation: AUTO_VALIDATION.omit({ wouldSuppress: true, notVerified: true }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  readiness: z.object({ bulkSender: BULK_SENDER.optional().catch(undefined) }).optional().catch(undefined),
  mailboxVerification: z.object({ autoValidation: AUTO_VALIDATION.nullable().catch(null) }).nullable().optional().catch(undefined),
});

/** What the plan reads of the check send.csv came from; null when the list is not a complete check's send.csv. */
export interface CheckFacts {
  bulkSender: BulkSenderReadiness | null;
  autoValidation: PlanAutoValidation | null;
  /** With the check's account projection (forecast.account): what the account-rate cap needs, the target being the report's. */
  accountRate: AccountCapInput | null;
}

export async function checkFactsOf(sendList: string): Promise<CheckFacts | null> {
  if (basename(sendList) !== 'send.csv') return null;
  const folder = dirname(sendList);
  const outputs = await readCompleteOutputs(folder).catch(() => null);
  if (!outputs?.includes('send.csv') || !outputs.includes('report.json')) return null;
  try {
    const parsed = REPORT.safeParse(JSON.parse(await readFile(join(folder, 'report.json'), 'utf8')));
    if (!parsed.success) return null;
    const { forecast, account } = parsed.data;
    const accountRate =
      forecast?.account && account?.sentLast24Hours !== undefined
        ? { bounceRateNow: forecast.account.bounceRateNow, listBounceRate: forecast.send.bounceRate, otherDaily: account.sentLast24Hours, target: forecast.bounceTarget }
        : null;
    return { bulkSender: parsed.data.readiness?.bulkSender ?? null, autoValidation: planAutoValidationOf(parsed.data), accountRate };
  } catch {
    return null;
  }
}


