// Pass 2 over a file's bytes, for the write stage (write-stage.ts): only for a UTF-8,
// comma-delimited file that pass 1 read plainly (no record left to papaparse, no lone-CR
// line ends). The lines come as byte ranges (services/import/record-bytes.ts); the lines
// that are no data rows are found by the reader's own rule (records.ts, `skippedAs`).

import { fileChangedError } from '../services/import/file-errors';
import { HAS_INNER_CR, HAS_QUOTE, NOT_UTF8, readRecordBytes } from '../services/import/record-bytes';
import { skippedAs } from '../services/import/records';
import { ScannedRecord } from '../services/import/scanner';
import type { RowWriters, WriteRun } from './write-stage';

/**
 * Pass 2 over the file's bytes (UTF-8, commas, read plainly in pass 1): a row pass 1 found
 * copyable is copied byte for byte; any other row is decoded and formatted as the text path
 * does, so both paths write the same bytes (check-write-paths.test.ts).
 */
export async function writeFromBytes(run: WriteRun, rows: RowWriters): Promise<void> {
  const { inspected, store, analysis, emailColumn } = run;
  const everyRowFull = analysis.raggedRows === 0 && analysis.width === inspected.headers.length;
  const record = new ScannedRecord(',');
  // Lines counted as records so far (the header included), and data rows so far.
  let counted = 0;
  let dataRows = 0;
  await readRecordBytes(
    run.input,
    { skip: inspected.encoding === 'utf-8-bom' ? 3 : 0, signal: run.signal, onBytes: run.onBytes },
    (bytes, start, end, flags, firstComma) => {
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
      // Only a one-cell line or the first record can be skipped (skippedAs), and a plain cell
      // with text is never blank: any other line is a data row without being scanned.
      if (counted === 0 || (firstComma === end && (first === null || first.trim() === ''))) {
        const skip = skippedAs(cells(), counted, inspected.hasHeaderRow);
        if (skip === 'blank' || skip === 'separator') return;
        if (skip === 'header') {
          counted++;
          return;
        }
      }
      counted++;
      const row = dataRows++;
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
