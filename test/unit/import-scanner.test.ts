// The strict scanner reads most records; papaparse keeps the last word on odd input.
// These properties pin that the two together read every file exactly as papaparse
// alone reads it, and that a record the scanner calls copyable may be written as is.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { scanRecords, type CsvRecord } from '../../electron/services/import/records';
import { ScannedRecord } from '../../electron/services/import/scanner';
import { formatCsvRow } from '../../electron/services/export/csv-writer';
import type { Delimiter } from '../../shared/model/check';
import { isUserError } from '../../shared/model/errors';
import { useTempDir, writeTemp } from './import-test-files';

const next = useTempDir('preflight-scanner-');

/** papaparse alone, with readRecords' rules: blank lines are not records; a stray quote may not span lines. */
function papaparseReading(text: string, delimiter: Delimiter): string[][] | 'error' {
  const result = Papa.parse<string[]>(text, { delimiter, newline: '\n', quoteChar: '"' });
  if (result.errors.some((e) => e.code === 'MissingQuotes')) return 'error';
  if (result.errors.some((e) => e.code === 'InvalidQuotes' && result.data[e.row!]?.some((cell) => cell.includes('\n')))) return 'error';
  return result.data.filter((row) => !(row.length === 1 && row[0]!.trim() === ''));
}

interface Seen {
  fields: string[];
  copyable: boolean;
  raw: string;
  line: number;
}

async function scannerReading(text: string, delimiter: Delimiter, chunk: number): Promise<Seen[] | 'error'> {
  const seen: Seen[] = [];
  try {
    await scanRecords(writeTemp(next, text), { encoding: 'utf-8', delimiter, highWaterMark: chunk }, (record: CsvRecord) =>
      seen.push({ fields: record.fields(), copyable: record.copyable, raw: record.raw(), line: record.line }),
    );
  } catch (error) {
    if (isUserError(error) && error.code === 'csv_malformed') return 'error';
    throw error;
  }
  return seen;
}

/** Cells of every awkward kind, quoted well or badly. */
const piece = fc.constantFrom('a', 'b@c.co', ' ', '"', '""', ',', ';', '\t', '|', '\n', '=1+2', '-5', '@x', '+44', 'é', 'x y', "'", 'sep=');
const cellText = fc.array(piece, { maxLength: 4 }).map((parts) => parts.join(''));

function csvFrom(rows: { cells: string[]; quote: boolean[]; trail: string }[], delimiter: string): string {
  return rows
    .map((row) => row.cells.map((cell, i) => (row.quote[i] ? `"${cell.replaceAll('"', '""')}"` : cell)).join(delimiter) + row.trail)
    .join('\n');
}

const rowArb = fc.record({
  cells: fc.array(cellText, { minLength: 1, maxLength: 5 }),
  quote: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  // Now and then text after a closing quote: what only papaparse's lenient rules read.
  trail: fc.constantFrom('', '', '', '', ' ', '"x', 'x"'),
});

describe('the strict scanner with papaparse behind it', () => {
  it('reads any text, however badly quoted, exactly as papaparse alone, at any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 8 }),
        fc.constantFrom<Delimiter>(',', ';', '\t', '|'),
        fc.constantFrom(3, 7, 64, 65536),
        fc.boolean(),
        async (rows, delimiter, chunk, finalNewline) => {
          const text = csvFrom(rows, delimiter) + (finalNewline ? '\n' : '');
          const expected = papaparseReading(text, delimiter);
          const actual = await scannerReading(text, delimiter, chunk);
          if (expected === 'error' || actual === 'error') {
            expect(actual).toBe(expected);
            return;
          }
          // The first record of a file may be Excel's sep= line, which is not a record.
          const skipped = expected.length === actual.length + 1 ? expected.slice(1) : expected;
          expect(actual.map((r) => r.fields)).toEqual(skipped);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('calls a record copyable only when its text parses to its cells and the writer would change nothing but quotes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 8 }), async (rows) => {
        const text = csvFrom(rows, ',') + '\n';
        const actual = await scannerReading(text, ',', 65536);
        if (actual === 'error') return;
        for (const record of actual.filter((r) => r.copyable)) {
          expect(Papa.parse<string[]>(record.raw, { delimiter: ',', newline: '\n' }).data[0]).toEqual(record.fields);
          const written = formatCsvRow(record.fields);
          // The writer neutralises nothing in a copyable record: its cells come back unchanged.
          expect(Papa.parse<string[]>(written, { delimiter: ',', newline: '\r\n' }).data[0]).toEqual(record.fields);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts lines across quoted line breaks, and names the line where an unclosed quote opens', async () => {
    const seen = await scannerReading('email,note\na@b.co,"one\ntwo"\nc@d.co,x\n', ',', 5);
    expect(seen).not.toBe('error');
    expect((seen as Seen[]).map((r) => r.line)).toEqual([1, 2, 4]);
    const error = await scanRecords(
      writeTemp(next, 'email,note\na@b.co,x\nc@d.co,"never\nclosed\n'),
      { encoding: 'utf-8', delimiter: ',' },
      () => undefined,
    ).catch((e: unknown) => e);
    expect(isUserError(error) && error.message).toMatch(/^Line 3: a quoted field .* never closes/);
  });

  it('leaves a record with a formula cell, a stray quote or an edge space to the writer', () => {
    const record = new ScannedRecord(',');
    const copyable = (text: string) => {
      record.scan(text, 0, true);
      return record.copyable;
    };
    expect(copyable('a@b.co,Ann,"Smith, Jo","say ""hi"""')).toBe(true);
    expect(copyable('a@b.co,=HYPERLINK("x")')).toBe(false);
    expect(copyable('a@b.co,"=1+2"')).toBe(false);
    expect(copyable('a@b.co,-5')).toBe(false);
    expect(copyable('a@b.co,ab"c')).toBe(false);
    expect(copyable('a@b.co, padded')).toBe(false);
    expect(copyable('a@b.co,"ok padded "')).toBe(true);
  });
});
