// The consent columns a check uses, in source-slot order (shared/consent/consent.ts), and
// what each said across the list: the value counts and reasons report.json shows, and
// which column gave a row's reason for the Review screen's row details.

import { optOutKindOf } from '../../shared/columns/detect';
import { FIRST_OPT_OUT_SLOT, markedReason, OPT_IN_SLOT, STATUS_SLOT, VERIFIER_SLOT } from '../../shared/consent/consent';
import { describeColumn, identifyVerifier, readCell, readingReason } from '../../shared/consent/sources';
import type { ColumnSelection, ConsentSourceReport } from '../../shared/model/check';
import type { ConsentRole, OptOutKind } from '../../shared/model/consent';
import type { ReasonCode } from '../../shared/model/reasons';
import { flatCopy } from '../../shared/text/flat-copy';

export interface ConsentSource {
  slot: number;
  column: number;
  header: string;
  role: ConsentRole;
  optOutKind?: OptOutKind;
}

/** The sources of a column selection, each with its slot. */
export function consentSources(columns: ColumnSelection, headers: readonly string[]): ConsentSource[] {
  const header = (index: number) => headers[index] ?? `column ${index + 1}`;
  const sources: ConsentSource[] = [];
  if (columns.consent !== null)
    sources.push({ slot: OPT_IN_SLOT, column: columns.consent, header: header(columns.consent), role: 'opt-in' });
  if (columns.status !== null) sources.push({ slot: STATUS_SLOT, column: columns.status, header: header(columns.status), role: 'status' });
  if (columns.verifier !== null)
    sources.push({ slot: VERIFIER_SLOT, column: columns.verifier, header: header(columns.verifier), role: 'verifier' });
  columns.optOut.forEach((column, i) => {
    sources.push({
      slot: FIRST_OPT_OUT_SLOT + i,
      column,
      header: header(column),
      role: 'opt-out',
      optOutKind: optOutKindOf(header(column)),
    });
  });
  return sources;
}

/** Distinct values kept per column; the rest are counted together (a column of unsubscribe times has one per row). */
const KEPT_VALUES = 200;
/** Values shown per column in report.json. */
const REPORTED_VALUES = 20;
/** Cells kept for the meaning sentence. */
const SAMPLE = 50;

class SourceTally {
  readonly values = new Map<string, number>();
  readonly otherReasons = new Map<ReasonCode, number>();
  otherRows = 0;
  readonly sample: string[] = [];

  constructor(readonly source: ConsentSource) {}

  add(cell: string): void {
    const value = cell.trim();
    const seen = this.values.get(value);
    if (seen !== undefined) {
      this.values.set(value, seen + 1);
      return;
    }
    if (this.values.size < KEPT_VALUES) {
      const kept = flatCopy(value);
      this.values.set(kept, 1);
      if (this.sample.length < SAMPLE) this.sample.push(kept);
      return;
    }
    this.otherRows++;
    const reason = readingReason(this.source.role, readCell(this.source.role, value, this.source.optOutKind));
    if (reason) this.otherReasons.set(reason, (this.otherReasons.get(reason) ?? 0) + 1);
  }

  report(): ConsentSourceReport {
    const { source } = this;
    const reasons: Partial<Record<ReasonCode, number>> = {};
    const count = (reason: ReasonCode | null, rows: number) => {
      if (reason) reasons[reason] = (reasons[reason] ?? 0) + rows;
    };
    const values = [...this.values].map(([value, rows]) => {
      const reading = readCell(source.role, value, source.optOutKind);
      count(readingReason(source.role, reading), rows);
      return { value, reading, rows };
    });
    for (const [reason, rows] of this.otherReasons) count(reason, rows);
    values.sort((a, b) => b.rows - a.rows || (a.value < b.value ? -1 : 1));
    const shown = values.slice(0, REPORTED_VALUES);
    const report: ConsentSourceReport = {
      column: source.header,
      role: source.role,
      meaning: describeColumn(source.role, this.sample, source.optOutKind),
      values: shown,
      otherRows: this.otherRows + values.slice(REPORTED_VALUES).reduce((sum, v) => sum + v.rows, 0),
      reasons,
    };
    if (source.optOutKind) report.optOutKind = source.optOutKind;
    if (source.role === 'verifier') {
      const verifier = identifyVerifier(source.header, this.sample);
      if (verifier) report.verifier = verifier;
    }
    return report;
  }
}

/** Counts what every consent column said, row by row, in pass 1. */
export class ConsentTallies {
  private readonly tallies: SourceTally[];

  constructor(readonly sources: readonly ConsentSource[]) {
    this.tallies = sources.map((source) => new SourceTally(source));
  }

  /** One row: `field(column)` gives a cell. */
  add(field: (column: number) => string): void {
    for (const tally of this.tallies) tally.add(field(tally.source.column));
  }

  report(): ConsentSourceReport[] {
    return this.tallies.map((tally) => tally.report());
  }
}

/** The column that gave each of a row's consent reasons, from the row's marks. */
export function reasonColumns(sources: readonly ConsentSource[], marks: number): { reason: ReasonCode; column: string }[] {
  const named: { reason: ReasonCode; column: string }[] = [];
  for (const source of sources) {
    const reason = markedReason(marks, source.slot);
    if (reason) named.push({ reason, column: source.header });
  }
  return named;
}
