// The bulk-sender readiness of the check a send list came from: when send.csv
// sits in a check's output folder whose manifest lists it and report.json as
// complete and unchanged (manifest.ts), the report's readiness is that list's.
// Anything else (a send list copied elsewhere, edited, or a folder mid-commit)
// gets null: the plan then says the rules were not checked, never that they were met.
// The report's SES Auto Validation setting and counts are read the same way, with the
// report's own schemas (shared/model/report-schema.ts), only the parts the plan uses.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { BulkSenderReadiness } from '../../../shared/model/ses';
import { planAutoValidationOf, type PlanAutoValidation } from '../../../shared/model/mailbox';
import { autoValidationSchema, bulkSenderSchema, rate, reportAutoValidationSchema } from '../../../shared/model/report-schema';
import { readCompleteOutputs } from '../export/manifest';
import { DEFAULT_COMPLAINT_TARGET, type AccountCapInput } from '../../../shared/plan/account-cap';

/** What the account-rate cap needs: the account's rates now, the list's own, the account's other mail, the targets. */
const FORECAST = z.object({
  send: z.object({ bounceRate: rate, complaintRate: rate }),
  bounceTarget: rate,
  account: z
    .object({ bounceRateNow: rate.nullable(), complaintRateNow: rate.nullable().catch(null) })
    .optional()
    .catch(undefined),
});

const REPORT = z.object({
  forecast: FORECAST.optional().catch(undefined),
  account: z
    .object({
      sentLast24Hours: z.number().int().min(0).optional().catch(undefined),
      autoValidation: autoValidationSchema.optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  readiness: z
    .object({ bulkSender: bulkSenderSchema.optional().catch(undefined) })
    .optional()
    .catch(undefined),
  mailboxVerification: z
    .object({ autoValidation: reportAutoValidationSchema.nullable().catch(null) })
    .nullable()
    .optional()
    .catch(undefined),
});

/** What the plan reads of the check send.csv came from; null when the list is not a complete check's send.csv. */
export interface CheckFacts {
  bulkSender: BulkSenderReadiness | null;
  autoValidation: PlanAutoValidation | null;
  /** With the check's account projection (forecast.account): what the account-rate cap needs, the bounce target being the report's, the complaint target SES's review line. */
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
        ? {
            bounceRateNow: forecast.account.bounceRateNow,
            listBounceRate: forecast.send.bounceRate,
            otherDaily: account.sentLast24Hours,
            target: forecast.bounceTarget,
            complaintRateNow: forecast.account.complaintRateNow,
            listComplaintRate: forecast.send.complaintRate,
            complaintTarget: DEFAULT_COMPLAINT_TARGET,
          }
        : null;
    return { bulkSender: parsed.data.readiness?.bulkSender ?? null, autoValidation: planAutoValidationOf(parsed.data), accountRate };
  } catch {
    return null;
  }
}
