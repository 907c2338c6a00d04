// Stage 1, inspect: what the file is (encoding, delimiter, header, sample rows, detected
// columns: services/import/inspect.ts), whether its first line is a header at all, which
// column plays which role (the user's choice wins over detection: columns.ts), and whether
// this process can hold the list. Nothing here reads past the preview.

import type { CheckSettings, ColumnSelection, InspectResult } from '../../shared/model/check';
import { inspectFile } from '../services/import/inspect';
import { selectColumns } from './columns';
import { checkMemoryBudget } from './memory-budget';

/** The inspection, with whether the file's first record is a header (a plain address list often has none). */
export type Inspected = InspectResult & { hasHeaderRow: boolean };

export interface Inspection {
  inspected: Inspected;
  columns: ColumnSelection;
}

export async function inspectStage(input: string, settings: CheckSettings, signal: AbortSignal | undefined): Promise<Inspection> {
  const inspected = withHeaderRow(await inspectFile(input, { signal }));
  const columns = selectColumns(inspected.headers, inspected.detected, settings);
  // Before any long work: a list this process cannot hold is refused now, not by an out-of-memory crash.
  checkMemoryBudget(inspected);
  return { inspected, columns };
}

/** What the user must know from the inspection: the reader's notes, a missing header row, the consent columns. */
export function inspectionWarnings({ inspected, columns }: Inspection): string[] {
  const warnings: string[] = [...inspected.notes];
  if (!inspected.hasHeaderRow)
    warnings.push('The file has no header row: its first line was checked as a recipient, and the columns were named email, column_2, ….');
  warnings.push(...consentWarnings(inspected, columns));
  return warnings;
}

const LOOKS_LIKE_ADDRESS = /^\s*[^@\s,;<>"]+@[^@\s,;<>"]+\.[a-z]{2,}\s*$/i;

/**
 * A plain list of addresses often has no header row: when a header cell is
 * itself an address, the first row is data and the columns get plain names.
 */
function withHeaderRow(inspected: InspectResult): Inspected {
  if (!inspected.headers.some((cell) => LOOKS_LIKE_ADDRESS.test(cell))) return { ...inspected, hasHeaderRow: true };
  const emailIndex = inspected.headers.findIndex((cell) => LOOKS_LIKE_ADDRESS.test(cell));
  const headers = inspected.headers.map((_, i) => (i === emailIndex ? 'email' : `column_${i + 1}`));
  const detected = inspected.detected.email
    ? inspected.detected
    : {
        ...inspected.detected,
        email: { index: emailIndex, name: 'email', confidence: 0.9, why: 'The file has no header row; this column holds addresses.' },
      };
  return { ...inspected, headers, sample: [inspected.headers, ...inspected.sample].slice(0, 20), detected, hasHeaderRow: false };
}

/** What the user must know about the consent columns: none found, only opt-outs, or some left unread. */
function consentWarnings(inspected: Inspected, columns: ColumnSelection): string[] {
  const warnings: string[] = [];
  if (columns.consent === null && columns.status === null) {
    warnings.push(
      columns.optOut.length > 0
        ? 'No opt-in column was found, only opt-outs: rows that opted out were removed, but Preflight could not tell who agreed to receive mail. Choose an opt-in column if the list has one.'
        : 'No opt-in (consent) column was found: Preflight could not tell who agreed to receive mail, so no row was removed for missing consent. Choose the column if the list has one.',
    );
  }
  const used = new Set([columns.consent, columns.status, columns.verifier, ...columns.optOut]);
  for (const column of inspected.detected.unreadable) if (!used.has(column.index)) warnings.push(column.warning);
  return warnings;
}
