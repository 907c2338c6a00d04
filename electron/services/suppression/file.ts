// A suppression list from a file: addresses that must not be mailed, with SES's reason.
// Accepted formats (all in any encoding import/ reads):
//   - SES bulk-import CSV: `email,reason` lines, with or without a header row. With a
//     header the columns are found by name (email / emailAddress, reason, lastUpdateTime),
//     in any order; without one, column 1 is the address and column 2 the reason.
//   - JSON lines: {"emailAddress": "…", "reason": "BOUNCE"} per line (SES bulk import).
//   - A JSON array of such objects, or SES's ListSuppressedDestinations shape
//     ({"SuppressedDestinationSummaries": [{EmailAddress, Reason, LastUpdateTime}]},
//     which `aws sesv2 list-suppressed-destinations` prints), or an array of those entries.
// Decisions:
//   - Reason is BOUNCE or COMPLAINT, any case. A missing or empty reason counts as BOUNCE:
//     the address is on a do-not-mail list either way, and "bounce" is the reason that
//     claims less about the recipient. Any other reason is an error naming the line.
//   - Keys are the address trimmed and lower-cased (matching ignores case).
//   - An address listed twice keeps COMPLAINT over BOUNCE, else the later entry.
//   - A 0-byte file is an empty list; blank lines and rows with an empty address are skipped.
import type { SuppressionEntry, SuppressionList } from '../ses/suppression';
import type { Encoding } from '../../../shared/model/check';
import { isUserError, UserError } from '../../../shared/model/errors';
import { createReadStream } from 'node:fs';
import { createChunkDecoder, readTextHead } from '../import/decode';
import { sniffDelimiter } from '../import/delimiter';
import { detectEncoding } from '../import/encoding';
import { fileLabel, inputFileError } from '../import/file-errors';
import { LineEndNormalizer, readRecords } from '../import/records';

export type { SuppressionEntry, SuppressionList };

type Entries = Map<string, SuppressionEntry>;

export async function readSuppressionFile(path: string, options: { signal?: AbortSignal } = {}): Promise<SuppressionList> {
  const entries: Entries = new Map();
  const label = fileLabel(path);
  let encoding: Encoding;
  try {
    encoding = (await detectEncoding(path, options)).encoding;
  } catch (error) {
    if (isUserError(error) && error.code === 'file_empty') return { source: path, entries };
    throw asSuppressionError(error, path);
  }
  try {
    const head = await readTextHead(path, encoding, 64 * 1024);
    const start = head.text.trimStart()[0];
    if (start === undefined) return { source: path, entries };
    if (start === '[') addJsonDocument(await readWholeText(path, encoding), entries, label);
    else if (start === '{') await readJsonLines(path, encoding, entries, label);
    else await readCsv(path, encoding, sniffDelimiter(head.text, head.complete), entries, label, options.signal);
  } catch (error) {
    throw asSuppressionError(error, path);
  }
  return { source: path, entries };
}

function asSuppressionError(error: unknown, path: string): unknown {
  if (!isUserError(error)) error = inputFileError(error, path);
  if (!isUserError(error) || error.code === 'suppression_unreadable' || error.code === 'cancelled') return error;
  const message = error.message.charAt(0).toLowerCase() + error.message.slice(1);
  return new UserError('suppression_unreadable', `Suppression list: ${message}`);
}

function unreadable(where: string, label: string, problem: string): UserError {
  return new UserError('suppression_unreadable', `${where} of the suppression list ${label}: ${problem}`);
}

function addEntry(entries: Entries, address: string, entry: SuppressionEntry): void {
  const key = address.trim().toLowerCase();
  const existing = entries.get(key);
  if (existing?.reason === 'COMPLAINT' && entry.reason === 'BOUNCE') return;
  entries.set(key, entry);
}

function parseReason(value: unknown, where: string, label: string): SuppressionEntry['reason'] {
  if (value === undefined || value === null) return 'BOUNCE';
  const text = String(value).trim().toUpperCase();
  if (text === '' || text === 'BOUNCE') return 'BOUNCE';
  if (text === 'COMPLAINT') return 'COMPLAINT';
  throw unreadable(where, label, `the reason "${String(value).trim()}" is neither BOUNCE nor COMPLAINT.`);
}

/** ISO 8601, from SES's epoch seconds (the wire format), epoch milliseconds or any date string. */
function parseLastUpdate(value: unknown): string | null {
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

function checkAddress(address: string, where: string, label: string): void {
  if (!address.includes('@')) throw unreadable(where, label, `"${address.slice(0, 80)}" is not an email address.`);
}

// ── JSON ────────────────────────────────────────────────────────────────────

function field(record: Record<string, unknown>, names: readonly string[]): unknown {
  for (const [key, value] of Object.entries(record)) if (names.includes(key.toLowerCase())) return value;
  return undefined;
}

const EMAIL_KEYS = ['emailaddress', 'email', 'address'] as const;
const REASON_KEYS = ['reason'] as const;
const UPDATE_KEYS = ['lastupdatetime', 'lastupdate', 'lastupdated'] as const;

function addJsonEntry(value: unknown, entries: Entries, where: string, label: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw unreadable(where, label, 'expected an object like {"emailAddress": "…", "reason": "BOUNCE"}.');
  }
  const record = value as Record<string, unknown>;
  const address = field(record, EMAIL_KEYS);
  if (typeof address !== 'string' || address.trim() === '') throw unreadable(where, label, 'the entry has no "emailAddress".');
  checkAddress(address.trim(), where, label);
  addEntry(entries, address, {
    reason: parseReason(field(record, REASON_KEYS), where, label),
    lastUpdate: parseLastUpdate(field(record, UPDATE_KEYS)),
  });
}

function addJsonDocument(text: string, entries: Entries, label: string): void {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UserError('suppression_unreadable', `The suppression list ${label} is not valid JSON (${(error as Error).message}).`);
  }
  let items: unknown = document;
  if (document && typeof document === 'object' && !Array.isArray(document)) {
    const summaries = field(document as Record<string, unknown>, ['suppresseddestinationsummaries']);
    items = summaries ?? [document];
  }
  if (!Array.isArray(items)) {
    throw new UserError('suppression_unreadable', `The suppression list ${label} is JSON but not a list of addresses.`);
  }
  items.forEach((item, index) => addJsonEntry(item, entries, `Entry ${index + 1}`, label));
}

async function readJsonLines(path: string, encoding: Encoding, entries: Entries, label: string): Promise<void> {
  let first = true;
  let documentFallback = false;
  await forEachLine(path, encoding, (line, number) => {
    const text = line.trim();
    if (text === '') return true;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (first) {
        // Not JSON lines after all: a pretty-printed JSON document.
        documentFallback = true;
        return false;
      }
      throw unreadable(`Line ${number}`, label, 'this line is not valid JSON.');
    }
    first = false;
    addJsonEntry(value, entries, `Line ${number}`, label);
    return true;
  });
  if (documentFallback) addJsonDocument(await readWholeText(path, encoding), entries, label);
}

/** Calls `onLine` with each line (1-based numbers); stop early by returning false. */
async function forEachLine(
  path: string,
  encoding: Encoding,
  onLine: (line: string, number: number) => boolean,
): Promise<void> {
  const decoder = createChunkDecoder(encoding);
  const lineEnds = new LineEndNormalizer();
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  let carry = '';
  let number = 0;
  const feed = (text: string, final: boolean): boolean => {
    const lines = (carry + text).split('\n');
    carry = final ? '' : lines.pop()!;
    for (const line of lines) if (!onLine(line, ++number)) return false;
    return true;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!feed(lineEnds.push(decoder.decode(chunk)), false)) return;
    }
    feed(lineEnds.end(decoder.end()), true);
  } finally {
    stream.destroy();
  }
}

async function readWholeText(path: string, encoding: Encoding): Promise<string> {
  const decoder = createChunkDecoder(encoding);
  const parts: string[] = [];
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    parts.push(decoder.decode(chunk));
  }
  parts.push(decoder.end());
  return parts.join('');
}

// ── CSV ─────────────────────────────────────────────────────────────────────

interface CsvColumns {
  email: number;
  reason: number | null;
  lastUpdate: number | null;
}

const HEADER_PATTERNS = {
  email: /e-?mail|address|recipient/i,
  reason: /reason|type/i,
  lastUpdate: /last.?update|updated|time|date/i,
};

function headerColumns(fields: string[], label: string): CsvColumns {
  const find = (pattern: RegExp, skip: number[]): number | null => {
    const index = fields.findIndex((name, i) => !skip.includes(i) && pattern.test(name));
    return index >= 0 ? index : null;
  };
  const email = find(HEADER_PATTERNS.email, []);
  if (email === null) {
    throw unreadable('Line 1', label, 'there is no email address and no column named "email" (expected lines like "someone@example.org,BOUNCE").');
  }
  const reason = find(HEADER_PATTERNS.reason, [email]);
  const lastUpdate = find(HEADER_PATTERNS.lastUpdate, reason === null ? [email] : [email, reason]);
  return { email, reason, lastUpdate };
}

async function readCsv(
  path: string,
  encoding: Encoding,
  delimiter: ReturnType<typeof sniffDelimiter>,
  entries: Entries,
  label: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  let columns: CsvColumns | null = null;
  await readRecords(path, { encoding, delimiter, signal }, (fields, index, line) => {
    if (index === 0) {
      const isHeader = !fields.some((value) => value.includes('@'));
      if (isHeader) {
        columns = headerColumns(fields, label);
        return;
      }
      columns = { email: 0, reason: fields.length > 1 ? 1 : null, lastUpdate: fields.length > 2 ? 2 : null };
    }
    const { email, reason, lastUpdate } = columns!;
    const address = (fields[email] ?? '').trim();
    if (address === '') return;
    const where = `Line ${line}`;
    checkAddress(address, where, label);
    addEntry(entries, address, {
      reason: parseReason(reason === null ? undefined : fields[reason], where, label),
      lastUpdate: lastUpdate === null ? null : parseLastUpdate(fields[lastUpdate]),
    });
  });
}
