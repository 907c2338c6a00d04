// The rules every suppression-file reader applies to an entry (file.ts describes the
// formats and decisions): reasons, last-update times, the address check, CSV columns
// found from a header, and the error naming the line. Shared by the general CSV reader,
// the line reader (line-reader.ts) and the JSON readers, so they cannot drift apart.
import { UserError } from '../../../shared/model/errors';
import { REASON_BOUNCE, REASON_COMPLAINT, type SuppressionReasonCode, type SuppressionTable } from './table';

export function unreadable(where: string, label: string, problem: string): UserError {
  return new UserError('suppression_unreadable', `${where} of the suppression list ${label}: ${problem}`);
}

export function parseReason(value: unknown, where: string, label: string): SuppressionReasonCode {
  if (value === undefined || value === null) return REASON_BOUNCE;
  const text = String(value).trim().toUpperCase();
  if (text === '' || text === 'BOUNCE') return REASON_BOUNCE;
  if (text === 'COMPLAINT') return REASON_COMPLAINT;
  throw unreadable(where, label, `the reason "${String(value).trim()}" is neither BOUNCE nor COMPLAINT.`);
}

/** ISO 8601, from SES's epoch seconds (the wire format), epoch milliseconds or any date string. */
export function parseLastUpdate(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Date(value > 1e11 ? value : value * 1000).toISOString();
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const trimmed = value.trim();
    const time = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : NaN;
    if (Number.isFinite(time)) return parseLastUpdate(time);
    const parsed = Date.parse(trimmed);
    return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
  }
  return null;
}

/** parseLastUpdate as epoch ms (NaN when unknown), the form the table keeps. */
export function lastUpdateMs(value: unknown): number {
  const iso = parseLastUpdate(value);
  return iso === null ? NaN : Date.parse(iso);
}

export function checkAddress(address: string, where: string, label: string): void {
  if (!address.includes('@')) throw unreadable(where, label, `"${address.slice(0, 80)}" is not an email address.`);
}

// ── CSV ─────────────────────────────────────────────────────────────────────

export interface CsvColumns {
  email: number;
  reason: number | null;
  lastUpdate: number | null;
}

const HEADER_PATTERNS = {
  email: /e-?mail|address|recipient/i,
  reason: /reason|type/i,
  lastUpdate: /last.?update|updated|time|date/i,
};

/** A first record with no address in it is a header; its columns are found by name. */
export function isHeaderRecord(fields: readonly string[]): boolean {
  return !fields.some((value) => value.includes('@'));
}

export function headerColumns(fields: readonly string[], label: string): CsvColumns {
  const find = (pattern: RegExp, skip: number[]): number | null => {
    const index = fields.findIndex((name, i) => !skip.includes(i) && pattern.test(name));
    return index >= 0 ? index : null;
  };
  const email = find(HEADER_PATTERNS.email, []);
  if (email === null) {
    throw unreadable(
      'Line 1',
      label,
      'there is no email address and no column named "email" (expected lines like "someone@example.org,BOUNCE").',
    );
  }
  const reason = find(HEADER_PATTERNS.reason, [email]);
  const lastUpdate = find(HEADER_PATTERNS.lastUpdate, reason === null ? [email] : [email, reason]);
  return { email, reason, lastUpdate };
}

/** Without a header, column 1 is the address, 2 the reason and 3 the time, as far as the first record has them. */
export function positionalColumns(fieldCount: number): CsvColumns {
  return { email: 0, reason: fieldCount > 1 ? 1 : null, lastUpdate: fieldCount > 2 ? 2 : null };
}

/**
 * One data record: skipped when its address cell is empty, else checked and added.
 * @param field the record's cell at an index, undefined past its end
 */
export function addCsvRecord(
  table: SuppressionTable,
  columns: CsvColumns,
  field: (index: number) => string | undefined,
  line: number,
  label: string,
): void {
  const address = (field(columns.email) ?? '').trim();
  if (address === '') return;
  const where = `Line ${line}`;
  checkAddress(address, where, label);
  const reason = parseReason(columns.reason === null ? undefined : field(columns.reason), where, label);
  table.add(address, reason, columns.lastUpdate === null ? NaN : lastUpdateMs(field(columns.lastUpdate)));
}
