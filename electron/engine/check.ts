// The check pipeline: import → analyse every row → domain and account checks →
// verdicts → outputs. Used by the CLI directly and by the app's engine worker.
import type { CheckProgress, CheckSettings, DomainRow, Report, RowPage, RowQuery } from '../../shared/model/check';

export interface CheckRun {
  /** The input file: read, never written. */
  input: string;
  /** Where annotated.csv, send.csv, review.csv, remove.csv and report.json go (created if missing). */
  outDir: string;
  settings: CheckSettings;
  onProgress?: (progress: CheckProgress) => void;
  signal?: AbortSignal;
}

/** What a finished check keeps in memory for the Review and Domains screens (compact: no raw rows). */
export interface CheckResults {
  query(query: RowQuery): RowPage;
  domains(limit: number): DomainRow[];
}

export interface CheckOutcome {
  report: Report;
  results: CheckResults;
}

export async function runCheck(_run: CheckRun): Promise<CheckOutcome> {
  throw new Error('not implemented yet');
}
