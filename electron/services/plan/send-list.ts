// The one pass over the send list: for every recipient only what the planner needs —
// its mailbox provider group, its bounce risk and its last engagement — in typed
// arrays (about 17 bytes a recipient). The rows themselves go to disk as they are
// read (onRecord: plan.ts spools them for the batch files), so memory never holds the list.
import { basename } from 'node:path';
import { providerOf } from '../../../shared/address/providers';
import { detectDateOrder, parseDate, type DateOrder } from '../../../shared/consent/dates';
import type { InspectResult } from '../../../shared/model/check';
import { UserError } from '../../../shared/model/errors';
import { providerGroupIndex } from '../../../shared/plan/policy';
import { flatCopy } from '../../../shared/text/flat-copy';
import { StringIndex } from '../../../shared/text/string-index';
import { inspectFile } from '../import/inspect';
import { readRecords } from '../import/records';

/** The columns `preflight check` adds to send.csv that the planner reads. */
export const NORMALIZED_COLUMN = 'preflight_normalized';
export const RISK_COLUMN = 'preflight_risk';
export const VERDICT_COLUMN = 'preflight_verdict';

/** Rows read before the date format of the engagement columns is decided (as the check does). */
const DATE_SAMPLE_ROWS = 2000;

export interface SendList {
  path: string;
  inspected: InspectResult;
  /** Data rows = recipients. */
  count: number;
  /** Provider group per recipient (index into PROVIDER_GROUPS). */
  groups: Uint8Array;
  /** preflight_risk per recipient, NaN when empty; null without the column or any value. */
  risk: Float64Array | null;
  /** Most recent engagement per recipient (epoch ms), NaN when unknown; null without such a column. */
  engagedAt: Float64Array | null;
  /** The column the addresses were read from. */
  addressColumn: string;
  /** Rows left out because their address was already planned on an earlier row (docs/plan.md). */
  duplicatesRemoved: number;
  /** The columns engagement was read from. */
  engagementColumns: string[];
}

export interface ReadSendListOptions {
  signal?: AbortSignal;
  onBytes?: (bytesRead: number, bytesTotal: number) => void;
  /** Every record as it is read, header (index 0) included, once it has passed the checks. */
  onRecord?: (fields: string[], index: number) => void;
}

export async function readSendList(path: string, options: ReadSendListOptions = {}): Promise<SendList> {
  const inspected = await inspectFile(path, { signal: options.signal });
  const { headers } = inspected;
  const name = `"${basename(path)}"`;

  let addressIndex = headers.indexOf(NORMALIZED_COLUMN);
  // preflight_normalized is already a bare, lower-case address: its domain is what follows the '@'.
  const normalized = addressIndex >= 0;
  if (addressIndex < 0) addressIndex = inspected.detected.email?.index ?? -1;
  if (addressIndex < 0) {
    throw new UserError(
      'no_email_column',
      `${name} has neither a ${NORMALIZED_COLUMN} column nor a column of email addresses: plan the send.csv that "preflight check" wrote.`,
    );
  }
  const verdictIndex = headers.indexOf(VERDICT_COLUMN);
  const riskIndex = headers.indexOf(RISK_COLUMN);
  // The newest of the last-open / last-click / last-activity columns; without any, the opt-in date.
  const engagementIndices = inspected.detected.lastActivity.length
    ? inspected.detected.lastActivity.map((guess) => guess.index)
    : inspected.detected.optInDate
      ? [inspected.detected.optInDate.index]
      : [];

  let capacity = Math.max(1024, Math.ceil(inspected.bytes / 64));
  let groups = new Uint8Array(capacity);
  let risk = riskIndex >= 0 ? new Float64Array(capacity) : null;
  let engagedAt = engagementIndices.length ? new Float64Array(capacity) : null;
  let count = 0;
  let anyRisk = false;
  const groupOfDomain = new Map<string, number>();
  // Every address planned so far, lower case: a repeated row is left out, or its recipient
  // would get the mail twice. The check's typed-array index (docs/architecture.md: a third of a Map's memory).
  const planned = new StringIndex(capacity);
  let duplicatesRemoved = 0;

  let dateOrders: DateOrder[] | null = engagementIndices.length ? null : [];
  const pendingDates: { row: number; cells: string[] }[] = [];
  const dates = new DateCache();
  const decideDateOrders = (): void => {
    const orders = engagementIndices.map((_, column) => detectDateOrder(pendingDates.map((entry) => entry.cells[column]!)));
    dateOrders = orders;
    for (const entry of pendingDates) engagedAt![entry.row] = newestDate(entry.cells, orders, dates);
    pendingDates.length = 0;
  };
  const engagementCells: string[] = new Array<string>(engagementIndices.length);

  const grow = (): void => {
    capacity *= 2;
    groups = resized(groups, capacity);
    if (risk) risk = resized(risk, capacity);
    if (engagedAt) engagedAt = resized(engagedAt, capacity);
  };

  await readRecords(
    path,
    {
      encoding: inspected.encoding,
      delimiter: inspected.delimiter,
      signal: options.signal,
      onBytes: (bytes) => options.onBytes?.(bytes, inspected.bytes),
    },
    (fields, index, line) => {
      if (index === 0) {
        options.onRecord?.(fields, 0);
        return;
      }
      if (verdictIndex >= 0) {
        const verdict = fields[verdictIndex] ?? '';
        if (verdict !== 'send') {
          throw new UserError(
            'not_a_send_list',
            `Line ${line} of ${name} is marked "${verdict}", not "send": plan the send.csv that "preflight check" wrote, which holds only the recipients to send to.`,
          );
        }
      }
      const cell = fields[addressIndex] ?? '';
      const at = normalized ? cell.lastIndexOf('@') : -1;
      const domain = at > 0 && at < cell.length - 1 ? cell.slice(at + 1) : domainOf(cell);
      if (domain === null) {
        throw new UserError(
          'not_a_send_list',
          `Line ${line} of ${name} has no email address in "${headers[addressIndex]}": plan the send.csv that "preflight check" wrote, which has one on every row.`,
        );
      }
      const address = (normalized ? cell : addressOf(cell)).toLowerCase();
      if (planned.lookup(address) >= 0) {
        duplicatesRemoved++;
        return;
      }
      planned.insert(flatCopy(address), count);
      if (count === capacity) grow();
      let group = groupOfDomain.get(domain);
      if (group === undefined) {
        group = providerGroupIndex(providerOf(domain).provider);
        groupOfDomain.set(domain, group);
      }
      groups[count] = group;
      if (risk) {
        const cell = (fields[riskIndex] ?? '').trim();
        const value = cell === '' ? Number.NaN : Number(cell);
        risk[count] = Number.isFinite(value) ? value : Number.NaN;
        if (Number.isFinite(value)) anyRisk = true;
      }
      if (engagedAt) {
        if (dateOrders === null) {
          pendingDates.push({ row: count, cells: engagementIndices.map((column) => fields[column] ?? '') });
          if (pendingDates.length >= DATE_SAMPLE_ROWS) decideDateOrders();
        } else {
          for (let i = 0; i < engagementIndices.length; i++) engagementCells[i] = fields[engagementIndices[i]!] ?? '';
          engagedAt[count] = newestDate(engagementCells, dateOrders, dates);
        }
      }
      count++;
      options.onRecord?.(fields, index);
    },
  );
  if (dateOrders === null) decideDateOrders();
  if (count === 0) throw new UserError('file_empty', `${name} has no recipients, only a header: there is nothing to plan.`);

  return {
    path,
    inspected,
    count,
    groups: groups.subarray(0, count),
    risk: risk && anyRisk ? risk.subarray(0, count) : null,
    engagedAt: engagedAt ? engagedAt.subarray(0, count) : null,
    addressColumn: headers[addressIndex]!,
    duplicatesRemoved,
    engagementColumns: engagementIndices.map((column) => headers[column]!),
  };
}

/** The bare address of a cell ("Ann <ann@Example.com>" → "ann@Example.com"), trimmed. */
function addressOf(cell: string): string {
  const text = cell.trim();
  const open = text.lastIndexOf('<');
  return open >= 0 && text.endsWith('>') ? text.slice(open + 1, -1).trim() : text;
}

/** The lower-case domain of an address cell ("Ann <ann@Example.com>" too), or null when there is none. */
export function domainOf(cell: string): string | null {
  const text = addressOf(cell);
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return null;
  return text.slice(at + 1).toLowerCase();
}

function newestDate(cells: string[], orders: DateOrder[], dates: DateCache): number {
  let newest = Number.NaN;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (cell === '') continue;
    const when = dates.parse(cell, orders[i]!);
    if (!Number.isNaN(when) && !(when <= newest)) newest = when;
  }
  return newest;
}

/**
 * Dates repeat across a list (a day holds thousands of opens): each distinct cell is
 * parsed once. Bounded, since timestamps with seconds rarely repeat.
 */
class DateCache {
  private readonly cache = new Map<string, number>();
  private static readonly LIMIT = 100_000;

  parse(cell: string, order: DateOrder): number {
    const key = order === 'dmy' ? `d${cell}` : cell;
    let when = this.cache.get(key);
    if (when === undefined) {
      when = parseDate(cell, order) ?? Number.NaN;
      if (this.cache.size < DateCache.LIMIT) this.cache.set(key, when);
    }
    return when;
  }
}

function resized<T extends Uint8Array | Float64Array>(array: T, length: number): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}
