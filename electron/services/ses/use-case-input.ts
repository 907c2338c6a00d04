// Reads the files a production-access use case is drafted from: a check's
// report.json and, when given, the send plan's plan.json. Only the fields the
// draft uses are checked (shared/ses/use-case-draft.ts), and a file that does
// not have them is refused with a sentence (the parts are report.json's own schemas,
// shared/model/report-schema.ts): a draft from a half-read report would
// state numbers Preflight never measured.
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../../../shared/model/errors';
import { count, listForecastSchema, readinessSchema } from '../../../shared/model/report-schema';
import type { DraftPlan, DraftReport } from '../../../shared/ses/use-case-draft';

/** report.json of a million-row check is a few hundred KB; anything far larger is not one. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

const REPORT = z.object({
  tool: z.object({ name: z.literal('preflight') }),
  rows: count,
  verdicts: z.object({ send: count, review: count, remove: count }),
  reasons: z.record(z.string(), count),
  input: z.object({ file: z.string() }),
  columns: z.object({
    consent: z.string().nullable(),
    doubleOptIn: z.string().nullable(),
    consentSources: z.array(
      z.object({ column: z.string(), role: z.string(), values: z.array(z.object({ reading: z.string(), rows: count })) }),
    ),
  }),
  settings: z.object({ dns: z.string() }),
  suppression: z.object({ source: z.string(), entries: count, matched: count }).optional(),
  domains: z.object({ checked: count, rowsUnchecked: count }).optional(),
  forecast: z.object({ send: listForecastSchema }).optional(),
  readiness: readinessSchema.optional(),
});

const PLAN = z.object({
  tool: z.object({ name: z.literal('preflight') }),
  recipients: count,
  days: z.array(z.object({ date: z.string(), recipients: count })),
});

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UserError('file_unreadable', `${path} is not a file: give the ${what} a check or plan wrote.`);
    if (info.size > MAX_FILE_BYTES) throw new UserError('file_unreadable', `${path} is too large to be a Preflight ${what}.`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new UserError('file_not_found', `There is no file ${path}.`);
    throw new UserError('file_unreadable', `Could not read ${path} (${code ?? 'error'}).`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new UserError('file_unreadable', `${path} is not JSON: give the ${what} Preflight wrote.`);
  }
}

/** The check's report.json, as far as the draft reads it. */
export async function readDraftReport(path: string): Promise<DraftReport> {
  const parsed = REPORT.safeParse(await readJson(path, 'report.json'));
  if (!parsed.success)
    throw new UserError(
      'file_unreadable',
      `${path} is not a report.json written by \`preflight check\`: the use case cannot be drafted from it.`,
    );
  return parsed.data;
}

/** The send plan's plan.json, as far as the draft reads it. */
export async function readDraftPlan(path: string): Promise<DraftPlan> {
  const parsed = PLAN.safeParse(await readJson(path, 'plan.json'));
  if (!parsed.success)
    throw new UserError(
      'file_unreadable',
      `${path} is not a plan.json written by \`preflight plan\`: the warm-up cannot be drafted from it.`,
    );
  return parsed.data;
}
