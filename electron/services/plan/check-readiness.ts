// The bulk-sender readiness of the check a send list came from: when send.csv
// sits in a check's output folder whose manifest lists it and report.json as
// complete and unchanged (manifest.ts), the report's readiness is that list's.
// Anything else (a send list copied elsewhere, edited, or a folder mid-commit)
// gets null: the plan then says the rules were not checked, never that they were met.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { BulkSenderReadiness } from '../../../shared/ses/bulk-sender';
import { readCompleteOutputs } from '../export/manifest';

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

const REPORT = z.object({ readiness: z.object({ bulkSender: BULK_SENDER.optional() }).optional() });

export async function bulkSenderReadinessOf(sendList: string): Promise<BulkSenderReadiness | null> {
  if (basename(sendList) !== 'send.csv') return null;
  const folder = dirname(sendList);
  const outputs = await readCompleteOutputs(folder).catch(() => null);
  if (!outputs?.includes('send.csv') || !outputs.includes('report.json')) return null;
  try {
    const parsed = REPORT.safeParse(JSON.parse(await readFile(join(folder, 'report.json'), 'utf8')));
    return parsed.success ? (parsed.data.readiness?.bulkSender ?? null) : null;
  } catch {
    return null;
  }
}
