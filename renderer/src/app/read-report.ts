// report.json as it enters the renderer (check:finished), checked once here with the
// report's zod schema (shared/model/report-schema.ts), as the main process checks IPC
// arguments (electron/main/ipc-schemas.ts). Every screen then reads a typed Report
// (shared/model/check.ts) and nothing else re-checks or casts it: a later part of the
// wrong shape is left out, and a report without its base fails the check with one sentence.
import type { Report } from '../../../shared/model/check';
import { reportSchema } from '../../../shared/model/report-schema';

/** The report could not be read at all: the check is shown as failed with this sentence. */
export class UnreadableReport extends Error {}

/**
 * The report with its base checked and every later part checked on its own; later parts
 * that do not fit are left out. Throws UnreadableReport when the base does not fit.
 */
export function readReport(received: unknown): Report {
  const parsed = reportSchema.safeParse(received);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
  throw new UnreadableReport(`The check finished, but its report could not be read${where}: run the check again.`);
}
