// The check pipeline, used by the CLI directly and by the app's engine worker:
//
//   1. inspect   – encoding, delimiter, header, column roles (services/import)
//   2. analyse   – stream every row once: address rules, duplicates, consent
//                  (shared/address, shared/consent) into a compact RowStore
//   3. suppress  – suppression file and the SES account's snapshot
//   4. domains   – one DNS decision per unique domain (services/dns)
//   5. account   – the SES sandbox gate (services/ses)
//      decisions – a person's decisions about review rows (decision-stage.ts);
//                  corrected addresses were analysed in place of the cell in pass 1
//   6. write     – stream the file a second time and write every output into a
//                  staging folder, committed only when all are complete
//
// Two passes over the file keep memory proportional to unique addresses, not to
// the width of the rows.

import { domainToUnicode } from 'node:url';
import { domainToAsciiChecked } from './idna';
import { stat } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AddressAnalyzer } from '../../shared/address/analyzer';
import { flatCopy } from '../../shared/text/flat-copy';
import { detectDateOrder, evaluateConsent, type ConsentOptions } from '../../shared/consent/consent';
import type {
  CheckProgress,
  CheckSettings,
  ColumnSelection,
  ConsentSourceReport,
  DomainRow,
  InspectResult,
  Report,
  RowPage,
  RowQuery,
} from '../../shared/model/check';
import { UserError } from '../../shared/model/errors';
import {
  conflictingReasons,
  hasDecisions,
  type DecisionPreview,
  type Decisions,
  type ReportDecisions,
  type RowDecision,
} from '../../shared/model/decisions';
import { applyDecisions, previewDecisions } from './decision-stage';
import { inspectFile } from '../services/import/inspect';
import { isSeparatorLine, scanRecords, type CsvRecord } from '../services/import/records';
import { cancelledError, fileChangedError, inputFileError } from '../services/import/file-errors';
import { HAS_INNER_CR, HAS_QUOTE, NOT_UTF8, readRecordBytes } from '../services/import/record-bytes';
import { ScannedRecord } from '../services/import/scanner';
import { createCsvWriter, csvCell, formatCsvRow } from '../services/export/csv-writer';
import { createOutputStaging, type OutputStaging } from '../services/export/staging';
import { readSuppressionFile } from '../services/suppression/file';
import { selectColumns } from './columns';
import { StringIndex } from '../../shared/text/string-index';
import type { Verdict } from '../../shared/model/reasons';
import { NO_DOMAIN, RowStore, reasonBit, reasonsOf } from './row-store';
import { buildReport } from './report';
import { applySuppression } from './suppression-stage';
import { openDomainCache, runDomainStage } from './domain-stage';
import type { AccountStageOutcome } from './account-stage';
import type { ContactListOutcome } from './contact-list-stage';
import { VERSION } from '../../shared/model/version';
import { explainRow, runRiskStage } from './risk-stage';
import { checkMemoryBudget } from './memory-budget';
import { ConsentTallies, consentSources, reasonColumns, type ConsentSource } from './consent-sources';

export interface CheckRun {
  /** The input file: read, never written. */
  input: string;
  /** How report.json names the input when `input` is a copy of it (`check -`: "-", standard input). */
  inputName?: string;
  /** Where annotated.csv, send.csv, review.csv, remove.csv and report.json go (created if missing). */
  outDir: string;
  settings: CheckSettings;
  onProgress?: (progress: CheckProgress) => void;
  signal?: AbortSignal;
  /** Pass 2 copies plain rows as bytes where it can; false reads them as text (tests compare the two). */
  copyBytes?: boolean;
  /** Sentences the user must see as they happen (what SES Email Validation is about to be asked, and its cost). */
  onNotice?: (sentence: string) => void;
}

/** What a finished check keeps in memory for the Review and Domains screens (compact: no raw rows). */
export interface CheckResults {
  query(query: RowQuery): RowPage;
  /** What decisions would do to the verdicts and the send list's forecast, before they are applied. */
  preview(decisions: Decisions): DecisionPreview;
  /** Every row a decision set, as the decisions file holds it (the app exports it with the results). */
  decisionRows(): RowDecision[];
  domains(limit: number): DomainRow[];
}

export interface CheckOutcome {
  report: Report;
  results: CheckResults;
  /** The files written, as absolute paths. */
  files: string[];
}

export const ANNOTATION_COLUMNS = [
  'preflight_verdict',
  'preflight_reasons',
  'preflight_suggestion',
  'preflight_normalized',
  'preflight_risk',
  'preflight_decision',
] as const;

/** Rows read before date formats are decided (day-first or month-first). */
const DATE_SAMPLE_ROWS = 2000;

export async function runCheck(run: CheckRun): Promise<CheckOutcome> {
  const { settings, signal } = run;
  const now = settings.now ? Date.parse(settings.now) : Date.now();
  const conflict = settings.decisions ? conflictingReasons(settings.decisions) : null;
  if (conflict) throw new UserError('bad_argument', conflict);
  const inspected = withHeaderRow(await inspectFile(run.input, { signal }));
  const columns = selectColumns(inspected.headers, inspected.detected, settings);
  // Before any long work: a list this process cannot hold is refused now, not by an out-of-memory crash.
  checkMemoryBudget(inspected);
  // Before any other work: the output folder is locked, and a name in it that Preflight did
  // not write (a folder, the user's file, the input itself) is refused now, never replaced.
  const staging = await createOutputStaging(run.outDir, { files: CHECK_OUTPUT_FILES, protect: [run.input] });
  try {
    return await checkInto(run, inspected, columns, staging, now);
  } catch (error) {
    await staging.abort();
    throw error;
  }
}

/** The files a check writes into its output folder. */
export const CHECK_OUTPUT_FILES = ['annotated.csv', 'send.csv', 'review.csv', 'remove.csv', 'report.json'] as const;

async function checkInto(
  run: CheckRun,
  inspected: Inspected,
  columns: ColumnSelection,
  staging: OutputStaging,
  now: number,
): Promise<CheckOutcome> {
  const { settings, signal } = run;
  const progress: CheckProgress = {
    phase: 'reading',
    bytesRead: 0,
    bytesTotal: inspected.bytes,
    rows: 0,
    domainsDone: 0,
    domainsTotal: 0,
  };
  const report = (update: Partial<CheckProgress>) => {
    Object.assign(progress, update);
    run.onProgress?.({ ...progress });
  };
  report({});

  // Read the suppression file first: a bad one should fail before the long pass.
  const timings = new StageTimer();
  const suppressionFile = settings.suppressionFile ? await readSuppressionFile(settings.suppressionFile) : null;
  if (suppressionFile) timings.lap('suppression file');
  // The DNS cache too: an unusable cache folder is said now, not after pass 1 and the DNS work.
  const dnsCache = await openDomainCache(settings);

  const analysis = await analyseRows(run.input, inspected, columns, settings, now, signal, (bytesRead, rows) =>
    report({ bytesRead, rows }),
  );
  const { store } = analysis;
  checkAborted(signal);
  const decisions = hasDecisions(settings.decisions) ? settings.decisions : undefined;

  const warnings: string[] = [...inspected.notes];
  if (!inspected.hasHeaderRow)
    warnings.push('The file has no header row: its first line was checked as a recipient, and the columns were named email, column_2, ….');
  warnings.push(...consentWarnings(inspected, columns));

  timings.lap('inspect + analyse (pass 1)');
  const suppressionSummary = suppressionFile ? applySuppression(store, suppressionFile) : undefined;
  timings.lap('suppression match');

  const domains = await runDomainStage(store, settings, dnsCache, signal, (done, total) =>
    report({ phase: 'domains', domainsDone: done, domainsTotal: total }),
  );
  warnings.push(...domains.warnings);

  let account: AccountStageOutcome | null = null;
  let contactList: ContactListOutcome | null = null;
  if (settings.ses) {
    // Offline, the account stage works from the saved snapshot and sends nothing.
    report({ phase: 'account' });
    // Loaded on demand: the AWS SDK is large and most checks do not need it.
    const { runAccountStage } = await import('./account-stage');
    account = await runAccountStage(store, settings, signal, (message) => report({ message }));
    warnings.push(...account.warnings);
    // VDM: SES's recommendations into readiness (account-health-stage.ts).
    const { runAccountHealthStage } = await import('./account-health-stage');
    warnings.push(...(await runAccountHealthStage(store, settings, account, signal, (message) => report({ message }))).warnings);
    if (settings.ses.contactList !== undefined) {
      const { runContactListStage } = await import('./contact-list-stage');
      contactList = await runContactListStage(store, settings, signal, (message) => report({ message }));
      warnings.push(...contactList.warnings);
    }
  }
  checkAborted(signal);
  timings.lap('domains + account');
  let decided: ReportDecisions | undefined;
  if (decisions) decided = applyDecisions(store, decisions, analysis.unmatchedDecisions);
  // An ESP status says who subscribed as an opt-in column does; opt-outs alone do not.
  const hasConsentColumn = columns.consent !== null || columns.status !== null;
  let risk = runRiskStage(store, hasConsentColumn);
  timings.lap('risk');
  let mailboxVerification: Report['mailboxVerification'];
  if (account && settings.ses?.verifyMailboxes) {
    // After the risk stage: the riskiest mailboxes are asked first; then the risk again, with SES's verdicts.
    const { runMailboxStage } = await import('./mailbox-stage');
    report({ phase: 'account', message: 'Choosing the mailboxes to verify' });
    const mailboxes = await runMailboxStage(store, settings, account.context, {
      signal,
      onMessage: (message) => report({ message }),
      onNotice: run.onNotice,
    });
    mailboxVerification = mailboxes.report;
    warnings.push(...mailboxes.warnings);
    checkAborted(signal);
    // SES's verdicts are reasons too: the decisions are applied again on the final reasons.
    if (decisions) decided = applyDecisions(store, decisions, analysis.unmatchedDecisions);
    risk = runRiskStage(store, hasConsentColumn);
    timings.lap('mailbox verification + risk');
  }
  if (decided) warnings.push(...decisionWarnings(decided));
  releaseGarbage();

  report({ phase: 'writing', bytesRead: 0 });
  const counts = await writeOutputs({
    input: run.input,
    inspected,
    store,
    analysis,
    emailColumn: columns.email,
    copyBytes: run.copyBytes !== false,
    pathFor: staging.path.bind(staging),
    signal,
    onBytes: (bytesRead) => report({ bytesRead }),
  });
  const fullReport = buildReport({
    input: run.inputName ?? run.input,
    inspected,
    columns,
    settings,
    store,
    raggedRows: analysis.raggedRows,
    consentSources: analysis.consent,
    warnings,
    suppression: suppressionSummary ?? account?.suppressionSummary,
    domains: domains.summary,
    account: account?.report,
    ...(contactList ? { contactList: contactList.report } : {}),
    risk,
    mailboxVerification,
    decisions: decided,
    rowsWritten: counts,
    version: VERSION,
  });
  const { writeFile } = await import('node:fs/promises');
  await writeFile(staging.path('report.json'), JSON.stringify(fullReport, null, 2) + '\n', 'utf8').catch((error: unknown) => {
    throw new UserError('output_unwritable', `Could not write report.json in ${run.outDir}: ${(error as Error).message}.`);
  });
  checkAborted(signal);
  const files = await staging.commit();
  timings.lap('write (pass 2) + commit');
  timings.print();
  report({ phase: 'done', bytesRead: inspected.bytes });
  return {
    report: fullReport,
    files,
    results: {
      query: (q) => {
        const page = store.query(q);
        for (const row of page.rows) {
          row.riskFactors = explainRow(store, row.row - 1, hasConsentColumn);
          const named = reasonColumns(analysis.sources, store.consentMarks(row.row - 1));
          if (contactList?.rows.has(row.row - 1)) named.push({ reason: 'unsubscribed', column: contactList.report.source });
          if (named.length) row.reasonColumns = named;
        }
        return page;
      },
      domains: (limit) => store.topDomains(limit),
      preview: (asked) => previewDecisions(store, asked),
      decisionRows: () => decidedRows(store),
    },
  };
}

const DAY_MS = 86_400_000;

/** The rows a decision set, by the cell as typed (trimmed): what `--decisions` finds them by. */
function decidedRows(store: RowStore): RowDecision[] {
  const rows: RowDecision[] = [];
  const seen = new Set<string>();
  for (let row = 0; row < store.count; row++) {
    const decision = store.decision(row);
    const address = store.original(row).trim();
    if (decision === '' || address === '' || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    rows.push(decision === 'corrected' ? { address, decision, corrected: store.normalized[row]! } : { address, decision });
  }
  return rows;
}

/** What the user must know about decisions that changed nothing. */
function decisionWarnings(decided: ReportDecisions): string[] {
  const warnings: string[] = [];
  if (decided.unmatched > 0) {
    warnings.push(`${count(decided.unmatched, 'row decision')} in the decisions given match no address of this list and changed nothing.`);
  }
  if (decided.overruled > 0) {
    warnings.push(
      `${count(decided.overruled, 'row')} chosen for sending ${decided.overruled === 1 ? 'stays' : 'stay'} removed: a remove reason (such as an unsubscribe or a bounce) is never overridden.`,
    );
  }
  return warnings;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
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

/**
 * A full collection between the passes. Pass 1 leaves a few hundred MB of garbage (cut
 * cells, analysis objects) that V8 would keep while pass 2 allocates more: collecting it
 * here keeps a 1M-row check's peak memory near its live set. Jest's leak detector gets
 * the collector the same way; where that fails, nothing is lost but the early collection.
 */
function releaseGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    // No collector handle: V8 collects on its own schedule.
  }
}

/** Stage durations on stderr when PREFLIGHT_TIMINGS=1 (docs/performance.md uses them). */
class StageTimer {
  private last = performance.now();
  private readonly laps: string[] = [];
  lap(name: string): void {
    const now = performance.now();
    // Under node --expose-gc the heap figure is the live set, not live set plus garbage.
    (globalThis as { gc?: () => void }).gc?.();
    const heap = process.memoryUsage();
    this.laps.push(
      `${name}: ${((now - this.last) / 1000).toFixed(2)} s (heap ${(heap.heapUsed / 2 ** 20).toFixed(0)} MB, rss ${(heap.rss / 2 ** 20).toFixed(0)} MB)`,
    );
    this.last = now;
  }
  print(): void {
    if (process.env['PREFLIGHT_TIMINGS'] === '1') process.stderr.write(`timings: ${this.laps.join(', ')}\n`);
  }
}

const LOOKS_LIKE_ADDRESS = /^\s*[^@\s,;<>"]+@[^@\s,;<>"]+\.[a-z]{2,}\s*$/i;

type Inspected = InspectResult & { hasHeaderRow: boolean };

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

function ageInDays(then: number | null, now: number): number | null {
  return then === null ? null : Math.max(0, Math.floor((now - then) / DAY_MS));
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

interface Analysis {
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

async function analyseRows(
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
      onBytes: (n) => {
        bytesRead = n;
        onProgress(bytesRead, store.count + pending.length);
      },
    },
    (fields) => {
      if (fields.index === 0 && inspected.hasHeaderRow) return;
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

interface WriteRun {
  input: string;
  inspected: Inspected;
  store: RowStore;
  analysis: Analysis;
  emailColumn: number;
  /** Copy plain rows as bytes where the file allows (false: always through text; tests compare the two). */
  copyBytes: boolean;
  pathFor: (name: string) => string;
  signal: AbortSignal | undefined;
  onBytes: (bytesRead: number) => void;
}

async function writeOutputs(run: WriteRun): Promise<Record<'send' | 'review' | 'remove', number>> {
  const { inspected, store, analysis, emailColumn } = run;
  const { width } = analysis;
  const writers = {
    annotated: createCsvWriter(run.pathFor('annotated.csv')),
    send: createCsvWriter(run.pathFor('send.csv')),
    review: createCsvWriter(run.pathFor('review.csv')),
    remove: createCsvWriter(run.pathFor('remove.csv')),
  };
  const all = Object.values(writers);
  const counts = { send: 0, review: 0, remove: 0 };
  // Few distinct reason sets: the verdict and reasons cells of each are made once.
  const leadByMask = new Map<number, string>();
  let expectedRows = 0;

  /** The row's verdict, and its annotation cells (with the comma before them and the CRLF after). */
  const annotate = (row: number, email: string): { verdict: Verdict; annotations: string } => {
    // The same row in both passes, or the file was changed in between.
    if (row >= store.count || email !== store.original(row)) throw fileChangedError();
    expectedRows++;
    const mask = store.mask(row);
    const verdict = store.verdict(row);
    // Verdict and reason codes are plain words: their cells are formatted once per reason set and verdict.
    const leadKey = mask * 4 + VERDICT_INDEX[verdict];
    let lead = leadByMask.get(leadKey);
    if (lead === undefined) leadByMask.set(leadKey, (lead = ',' + formatCsvRow([verdict, reasonsOf(mask).join(';')]).slice(0, -2) + ','));
    const suggestion = store.suggestion(row);
    const risk = store.risk(row);
    const annotations =
      lead +
      (suggestion ? csvCell(suggestion) : '') +
      ',' +
      csvCell(store.normalized[row]!) +
      ',' +
      (risk === undefined ? '' : risk.toFixed(4)) +
      ',' +
      store.decision(row) +
      '\r\n';
    return { verdict, annotations };
  };
  /** One line, encoded once, written to annotated.csv and to its verdict's file. */
  const writeLine = (line: string, verdict: Verdict): void => {
    writers.annotated.writeLine(line);
    writers.annotated.copyLastLineTo(writers[verdict]);
    counts[verdict]++;
  };
  const commas = (missing: number): string => (missing > 0 ? ','.repeat(missing) : '');
  /** A row as the text reader gave it: copied when it may be, else formatted cell by cell and padded. */
  const writeRecord = (record: CsvRecord, copy: boolean, verdict: Verdict, annotations: string): void => {
    if (copy) return writeLine(record.raw() + commas(width - record.fieldCount) + annotations, verdict);
    const cells = record.fields();
    for (let i = cells.length; i < width; i++) cells.push('');
    writeLine(formatCsvRow(cells).slice(0, -2) + annotations, verdict);
  };

  try {
    const header = padTo(inspected.headers, width, (i) => `column_${i + 1}`);
    header.push(...ANNOTATION_COLUMNS);
    const headerLine = formatCsvRow(header);
    for (const writer of all) writer.writeLine(headerLine);
    const plainUtf8 = inspected.encoding === 'utf-8' || inspected.encoding === 'utf-8-bom';
    if (run.copyBytes && plainUtf8 && inspected.delimiter === ',' && !analysis.lenient && !analysis.loneCarriageReturns) {
      await writeFromBytes(run, {
        annotate,
        writeRecord,
        writeCopied: (bytes, start, end, fieldCount, verdict, annotations) => {
          writers.annotated.writeCopied(bytes, start, end, commas(width - fieldCount) + annotations);
          writers.annotated.copyLastLineTo(writers[verdict]);
          counts[verdict]++;
        },
      });
    } else {
      // A record whose text needs no change is copied as it stands (scanner.ts decides);
      // the others are formatted cell by cell. Only a comma-delimited file can be copied.
      const copyAllowed = inspected.delimiter === ',';
      await scanRecords(
        run.input,
        { encoding: inspected.encoding, delimiter: inspected.delimiter, signal: run.signal, onBytes: run.onBytes },
        (record) => {
          if (record.index === 0 && inspected.hasHeaderRow) return;
          const row = inspected.hasHeaderRow ? record.index - 1 : record.index;
          const { verdict, annotations } = annotate(row, record.field(emailColumn));
          writeRecord(record, copyAllowed && record.copyable, verdict, annotations);
        },
      );
    }
    if (expectedRows !== store.count) throw fileChangedError();
    await Promise.all(all.map((writer) => writer.close()));
    return counts;
  } catch (error) {
    await Promise.allSettled(all.map((writer) => writer.abort()));
    throw error;
  }
}

const VERDICT_INDEX: Record<Verdict, number> = { send: 0, review: 1, remove: 2 };

interface RowWriters {
  annotate(row: number, email: string): { verdict: Verdict; annotations: string };
  writeRecord(record: CsvRecord, copy: boolean, verdict: Verdict, annotations: string): void;
  writeCopied(bytes: Buffer, start: number, end: number, fieldCount: number, verdict: Verdict, annotations: string): void;
}

/**
 * Pass 2 over the file's bytes (UTF-8, commas, read plainly in pass 1): a row pass 1 found
 * copyable is copied byte for byte; any other row is decoded and formatted as the text path
 * does, so both paths write the same bytes (check-write-paths.test.ts).
 */
async function writeFromBytes(run: WriteRun, rows: RowWriters): Promise<void> {
  const { inspected, store, analysis, emailColumn } = run;
  const everyRowFull = analysis.raggedRows === 0 && analysis.width === inspected.headers.length;
  const record = new ScannedRecord(',');
  let recordIndex = 0;
  await readRecordBytes(
    run.input,
    { skip: inspected.encoding === 'utf-8-bom' ? 3 : 0, signal: run.signal, onBytes: run.onBytes },
    (bytes, start, end, flags, firstComma) => {
      if (start === end) return; // a blank line is not a record
      const plain = (flags & (HAS_QUOTE | HAS_INNER_CR | NOT_UTF8)) === 0;
      // The record as the text readers see it, scanned, when its cells are needed.
      let scanned = false;
      const cells = (): ScannedRecord => {
        if (!scanned) {
          const raw = bytes.toString('utf8', start, end);
          const text = flags & HAS_INNER_CR ? raw.replace(/\r\n?/g, '\n') : raw;
          let stop: number;
          try {
            stop = record.scan(text, 0, true);
          } catch {
            throw fileChangedError();
          }
          if (stop !== text.length) throw fileChangedError();
          scanned = true;
        }
        return record;
      };
      // The first cell of a plain record, decoded once (a one-column list is all first cells).
      const first = plain ? bytes.toString('utf8', start, firstComma) : null;
      // One field: blank (not a record) if it is only white space.
      if (firstComma === end && (first === null || first.trim() === '')) {
        const one = cells();
        if (one.fieldCount === 1 && one.field(0).trim() === '') return;
      }
      const index = recordIndex++;
      if (index === 0 && cells().fieldCount <= 2 && isSeparatorLine(cells().fields())) {
        recordIndex = 0;
        return;
      }
      if (index === 0 && inspected.hasHeaderRow) return;
      const row = inspected.hasHeaderRow ? index - 1 : index;
      const email = first !== null && emailColumn === 0 ? first : cells().field(emailColumn);
      const { verdict, annotations } = rows.annotate(row, email);
      // A CR inside a quoted cell, or bytes that are not UTF-8, read differently as text: write the text.
      if (!store.copyable(row) || flags & (HAS_INNER_CR | NOT_UTF8))
        return rows.writeRecord(cells(), store.copyable(row), verdict, annotations);
      const fieldCount = everyRowFull ? analysis.width : plain ? countCommas(bytes, start, end) + 1 : cells().fieldCount;
      rows.writeCopied(bytes, start, end, fieldCount, verdict, annotations);
    },
  );
}

function countCommas(bytes: Buffer, start: number, end: number): number {
  let count = 0;
  for (let at = bytes.indexOf(0x2c, start); at !== -1 && at < end; at = bytes.indexOf(0x2c, at + 1)) count++;
  return count;
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

function padTo(fields: string[], width: number, fill: (index: number) => string): string[] {
  const out = fields.slice();
  for (let i = out.length; i < width; i++) out.push(fill(i));
  return out;
}
