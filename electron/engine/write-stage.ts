// Stage 8, write (pass 2): the file is read a second time and every row is written, its
// cells unchanged, to annotated.csv and to its verdict's file (send, review or remove.csv)
// in the staging folder, with the annotation columns appended. Two readers, one output:
// the text reader (services/import/records.ts) for any file, and for a plain UTF-8,
// comma-delimited one the byte reader (write-bytes.ts), which copies rows byte for byte;
// check-write-paths.test.ts shows both write the same bytes. Each row's email cell must be
// the one pass 1 read, or the file changed between the passes (file_unreadable).

import type { Verdict } from '../../shared/model/reasons';
import { createCsvWriter, csvCell, formatCsvRow } from '../services/export/csv-writer';
import { fileChangedError } from '../services/import/file-errors';
import { scanRecords, type CsvRecord } from '../services/import/records';
import type { Analysis } from './analyse-stage';
import type { Inspected } from './inspect-stage';
import { reasonsOf, type RowStore } from './row-store';
import { writeFromBytes } from './write-bytes';

/** The columns every output row gets after its own cells. */
export const ANNOTATION_COLUMNS = [
  'preflight_verdict',
  'preflight_reasons',
  'preflight_suggestion',
  'preflight_normalized',
  'preflight_risk',
  'preflight_decision',
] as const;

export interface WriteRun {
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

export async function writeOutputs(run: WriteRun): Promise<Record<'send' | 'review' | 'remove', number>> {
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
      let row = 0;
      const reading = {
        encoding: inspected.encoding,
        delimiter: inspected.delimiter,
        skipHeader: inspected.hasHeaderRow,
        signal: run.signal,
        onBytes: run.onBytes,
      };
      await scanRecords(run.input, reading, (record) => {
        const { verdict, annotations } = annotate(row++, record.field(emailColumn));
        writeRecord(record, copyAllowed && record.copyable, verdict, annotations);
      });
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

/** How the byte reader hands each row back to the writers (write-bytes.ts). */
export interface RowWriters {
  annotate(row: number, email: string): { verdict: Verdict; annotations: string };
  writeRecord(record: CsvRecord, copy: boolean, verdict: Verdict, annotations: string): void;
  writeCopied(bytes: Buffer, start: number, end: number, fieldCount: number, verdict: Verdict, annotations: string): void;
}

function padTo(fields: string[], width: number, fill: (index: number) => string): string[] {
  const out = fields.slice();
  for (let i = out.length; i < width; i++) out.push(fill(i));
  return out;
}
