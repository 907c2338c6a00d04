// Stage 2, analyse (pass 1): every record of the file, streamed once (services/import/records.ts).
// Per row: the address rules (shared/address), duplicates and alias duplicates (here, in a
// StringIndex of first sightings), a row decision's correction (checked in place of the
// cell), and the consent columns (shared/consent; counted per column by consent-sources.ts),
// into the compact RowStore every later stage reads. The file must be the same before and
// after the pass, and the same as Inspect saw it.

import { stat } from 'node:fs/promises';
import { domainToUnicode } from 'node:url';
import { AddressAnalyzer } from '../../shared/address/analyzer';
import { detectDateOrder, evaluateConsent, type ConsentOptions } from '../../shared/consent/consent';
import type { CheckSettings, ColumnSelection, ConsentSourceReport } from '../../shared/model/check';
import type { RowDecision } from '../../shared/model/decisions';
import { flatCopy } from '../../shared/text/flat-copy';
import { StringIndex } from '../../shared/text/string-index';
import { fileChangedError, inputFileError } from '../services/import/file-errors';
import { scanRecords } from '../services/import/records';
import { ConsentTallies, consentSources, type ConsentSource } from './consent-sources';
import { domainToAsciiChecked } from './idna';
import type { Inspected } from './inspect-stage';
import { NO_DOMAIN, RowStore, reasonBit } from './row-store';

/** Rows read before date formats are decided (day-first or month-first). */
const DATE_SAMPLE_ROWS = 2000;

const DAY_MS = 86_400_000;

export interface Analysis {
  store: RowStore;
  raggedRows: number;
  /** The widest row, header included: every output row is padded to it so columns line up. */
  width: number;
  /** What the reader met that rules out copying rows by bytes in pass 2 (records.ts). */
  lenient: boolean;
  loneCarriageReturns: boolean;
  /** The consent columns used, and what each said across the list. */
  sources: ConsentSource[];
  consent: ConsentSourceReport[];
  /** Row decisions whose address is on no row. */
  unmatchedDecisions: number;
}

export async function analyseRows(
  input: string,
  inspected: Inspected,
  columns: ColumnSelection,
  settings: CheckSettings,
  now: number,
  signal: AbortSignal | undefined,
  onProgress: (bytesRead: number, rows: number) => void,
): Promise<Analysis> {
  const analyzer = new AddressAnalyzer({ toAscii: domainToAsciiChecked, toUnicode: domainToUnicode });
  const store = new RowStore();
  let storeDomainOf: Int32Array = new Int32Array(1024).fill(NO_DOMAIN);
  // One index for exact addresses and provider aliases: value = row × 2 + 1 for an
  // address seen as typed, row × 2 for a mailbox seen only through an alias.
  const firstSeen = new StringIndex(Math.min(4_000_000, Math.max(1024, Math.round(inspected.bytes / 60))));
  const headerWidth = inspected.headers.length;
  let width = headerWidth;
  let raggedRows = 0;
  let bytesRead = 0;
  const dateColumns = [columns.optInDate, columns.consent, ...columns.lastActivity].filter((c): c is number => c !== null);
  let dateOrders: Map<number, ReturnType<typeof detectDateOrder>> | null = dateColumns.length ? null : new Map();
  const pending: Cells[] = [];

  const sources = consentSources(columns, inspected.headers);
  const tallies = new ConsentTallies(sources);
  const consentOptions = {
    hasConsentColumn: columns.consent !== null,
    consentMaxAgeDays: settings.consentMaxAgeDays,
    inactiveAfterDays: settings.inactiveAfterDays,
    now,
    optOutKinds: sources.filter((source) => source.role === 'opt-out').map((source) => source.optOutKind ?? 'unsubscribed'),
  };

  // Built once the date orders are known; the same object for every row.
  let consentOptionsWithOrders: ConsentOptions | null = dateOrders ? { ...consentOptions, dateOrders, columns } : null;

  const rowDecisions = decisionsByKey(settings.decisions?.rows ?? []);
  const matchedDecisions = new Set<string>();

  const analyse = (fields: Cells) => {
    const fieldCount = fields.fieldCount;
    if (fieldCount !== headerWidth) raggedRows++;
    if (fieldCount > width) width = fieldCount;
    const cell = fields.field(columns.email);
    let address = analyzer.analyze(cell);
    const key = rowDecisions.size ? decisionKey(address, cell) : '';
    const decision = key ? rowDecisions.get(key) : undefined;
    if (decision) {
      matchedDecisions.add(key);
      store.requestDecision(store.count, decision.decision);
      // A corrected address is checked in place of the cell, by every rule; the cell is
      // still written as it was, and the corrected address goes to preflight_normalized.
      if (decision.corrected) address = analyzer.analyze(decision.corrected);
    }
    let mask = 0;
    for (const code of address.reasons) mask |= reasonBit(code);
    // One flat copy of the address, shared by the row store and (when already lower
    // case, as most are) the duplicate map's key: parsed cells are slices of large
    // read chunks, which they would otherwise keep alive.
    const normalized = flatCopy(address.normalized);
    if (normalized) {
      const key = address.key === address.normalized ? normalized : flatCopy(address.key);
      const entry = firstSeen.lookup(key);
      if (entry >= 0) {
        const seen = firstSeen.value(entry);
        if (seen & 1) mask |= reasonBit('duplicate');
        else {
          mask |= reasonBit('alias_duplicate');
          firstSeen.update(entry, seen | 1);
        }
      } else {
        firstSeen.insert(key, store.count * 2 + 1);
        const alias = address.aliasKey;
        if (alias && alias !== address.key) {
          if (firstSeen.lookup(alias) >= 0) mask |= reasonBit('alias_duplicate');
          else firstSeen.insert(flatCopy(alias), store.count * 2);
        }
      }
    }
    const consent = evaluateConsent(
      {
        consent: columns.consent !== null ? fields.field(columns.consent) : undefined,
        optInDate: columns.optInDate !== null ? fields.field(columns.optInDate) : undefined,
        lastActivity: columns.lastActivity.map((c) => fields.field(c)),
        doubleOptIn: columns.doubleOptIn !== null ? fields.field(columns.doubleOptIn) : undefined,
        optOut: columns.optOut.length ? columns.optOut.map((c) => fields.field(c)) : undefined,
        status: columns.status !== null ? fields.field(columns.status) : undefined,
        verifier: columns.verifier !== null ? fields.field(columns.verifier) : undefined,
      },
      consentOptionsWithOrders!,
    );
    if (sources.length) tallies.add((c) => fields.field(c));
    for (const code of consent.reasons) mask |= reasonBit(code);
    let domainId = NO_DOMAIN;
    if (normalized && address.domainId >= 0) {
      // The analyser numbers domains as typed; the store numbers them in ASCII.
      if (address.domainId >= storeDomainOf.length) storeDomainOf = growFilled(storeDomainOf, address.domainId + 1);
      domainId = storeDomainOf[address.domainId]!;
      if (domainId === NO_DOMAIN) domainId = storeDomainOf[address.domainId] = store.domainIdOf(address.domain);
    }
    const row = store.add(cell === normalized ? normalized : flatCopy(cell), normalized, domainId, mask, address.suggestion);
    if (fields.copyable) store.markCopyable(row);
    store.setEvidence(
      row,
      address.provider,
      ageInDays(consent.consentAt, now),
      ageInDays(consent.lastActivityAt, now),
      consent.doubleOptIn,
    );
    store.setConsentEvidence(row, consent.sourceMarks, consent.verified);
  };

  const decideDateOrders = () => {
    dateOrders = new Map(dateColumns.map((c) => [c, detectDateOrder(pending.map((row) => row.field(c)))]));
    consentOptionsWithOrders = { ...consentOptions, dateOrders, columns };
    for (const fields of pending) analyse(fields);
    pending.length = 0;
  };

  // The file as pass 1 starts reading it: a file cut short or rewritten while pass 1 reads
  // it would otherwise be checked as the part that was read (pass 2 would agree with it).
  const before = await fileIdentity(input);
  const read = await scanRecords(
    input,
    {
      encoding: inspected.encoding,
      delimiter: inspected.delimiter,
      signal,
      skipHeader: inspected.hasHeaderRow,
      onBytes: (n) => {
        bytesRead = n;
        onProgress(bytesRead, store.count + pending.length);
      },
    },
    (fields) => {
      if (dateOrders === null) {
        pending.push(cellsOf(fields.fields(), fields.copyable));
        if (pending.length >= DATE_SAMPLE_ROWS) decideDateOrders();
        return;
      }
      analyse(fields);
    },
  );
  if (dateOrders === null) decideDateOrders();
  const after = await fileIdentity(input);
  if (after.size !== inspected.bytes || after.size !== before.size || after.mtimeMs !== before.mtimeMs || after.ino !== before.ino)
    throw fileChangedError();
  onProgress(bytesRead, store.count);
  return {
    store,
    raggedRows,
    width,
    lenient: read.lenient,
    loneCarriageReturns: read.loneCarriageReturns,
    sources,
    consent: tallies.report(),
    unmatchedDecisions: (settings.decisions?.rows.length ?? 0) - matchedDecisions.size,
  };
}

/** What tells one state of a file from another without reading it: size, last change, inode. */
async function fileIdentity(path: string): Promise<{ size: number; mtimeMs: number; ino: number }> {
  const info = await stat(path).catch((error: unknown) => {
    throw inputFileError(error, path);
  });
  return { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino };
}

/**
 * How a row decision finds its rows: the address's duplicate key (the normalised address,
 * ignoring case), or for a cell that is no valid address (a typo such as "ann@gmail.con",
 * whose suggestion may be taken) the cell trimmed, ignoring case.
 */
function decisionKey(address: { key: string }, cell: string): string {
  return address.key || cell.trim().toLowerCase();
}

function decisionsByKey(rows: readonly RowDecision[]): Map<string, RowDecision> {
  const byKey = new Map<string, RowDecision>();
  if (rows.length === 0) return byKey;
  // Its own analyser: the row analyser's domain numbering is the row store's.
  const analyzer = new AddressAnalyzer({ toAscii: domainToAsciiChecked, toUnicode: domainToUnicode });
  for (const decision of rows) {
    const key = decisionKey(analyzer.analyze(decision.address), decision.address);
    if (key) byKey.set(key, decision);
  }
  return byKey;
}

function ageInDays(then: number | null, now: number): number | null {
  return then === null ? null : Math.max(0, Math.floor((now - then) / DAY_MS));
}

function growFilled(array: Int32Array, atLeast: number): Int32Array {
  let size = array.length;
  while (size < atLeast) size *= 2;
  const bigger = new Int32Array(size).fill(NO_DOMAIN);
  bigger.set(array);
  return bigger;
}

/** The cells of one record, as pass 1 reads them (a CsvRecord, or a kept copy of one). */
interface Cells {
  readonly fieldCount: number;
  readonly copyable: boolean;
  field(i: number): string;
}

function cellsOf(values: string[], copyable: boolean): Cells {
  return { fieldCount: values.length, copyable, field: (i) => values[i] ?? '' };
}
